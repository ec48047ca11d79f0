"""Rasa NLU component: ranks the case options (service and case together) a message describes.

People describe what happened ("我爸退休好几年了上周去世") far more often than
they name a case. Trained on the NLU examples of services with cases: those
whose metadata names a `case` teach that option, the others teach that the
service is asked about with no case stated ("none"); each case option's label
and keywords from the knowledge base are examples too. Adds `case_ranking`
([{"service": id, "case": option id or "none", "confidence": p}, …]) to the
parse result; the dialogue core compares the options of the service it
settled on and decides whether one clearly wins.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Tuple

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import METADATA, METADATA_EXAMPLE, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.core.knowledge import get_knowledge_base
from bot.nlu.linear_component import LinearModelComponent
from bot.nlu.text_classifier import TextClassifier
from bot.parse_result import CASE_RANKING, case_label, split_case_label

logger = logging.getLogger(__name__)
NO_CASE = "none"


def labelled_example(message: Message) -> Optional[str]:
    """The case label of an example of a service with cases: "service/case" or "service/none"."""
    example = (message.get(METADATA) or {}).get(METADATA_EXAMPLE) or {}
    service = get_knowledge_base().get(str(example.get("service")))
    if not service or not service.case_options:
        return None
    case = str(example.get("case") or "").split("/")[-1]
    known = any(option.id == case for option in service.case_options)
    return case_label(service.id, case if known else NO_CASE)


def knowledge_examples() -> List[Tuple[str, str]]:
    """Each case option's own words, as examples of it."""
    examples = []
    for service in get_knowledge_base().services:
        for option in service.case_options:
            for words in {option.label, option.button_title, *option.keywords}:
                examples.append((words, case_label(service.id, option.id)))
    return examples


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class CaseClassifier(LinearModelComponent):
    MODEL_FILE = "case_model.joblib"

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {"ranking_length": 10, "random_seed": 1}

    def train(self, training_data: TrainingData) -> Resource:
        texts, labels = [], []
        for message in training_data.intent_examples:
            label = labelled_example(message)
            if label and message.get(TEXT):
                texts.append(message.get(TEXT))
                labels.append(label)
        for text, label in knowledge_examples():
            texts.append(text)
            labels.append(label)
        cases = sum(not label.endswith(f"/{NO_CASE}") for label in labels)
        logger.info(f"Training the case classifier on {len(texts)} examples, {cases} of a case.")
        model = TextClassifier(views=("chars", "sounds"), seed=self.config["random_seed"])
        return self._persist(model.fit(texts, labels))

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            ranking = []
            if self._model and message.get(TEXT):
                for label, confidence in self._model.rank(message.get(TEXT), top=self.config["ranking_length"]):
                    service, case = split_case_label(label)
                    ranking.append({"service": service, "case": case, "confidence": round(confidence, 4)})
            message.set(CASE_RANKING, ranking, add_to_output=True)
        return messages
