"""Rasa NLU component: ranks the case options (service and case together) a message describes.

People describe what happened ("我爸退休好几年了上周去世") far more often than
they name a case. Trained on the NLU examples whose metadata names a `case`
of their `service`, or says `case: none` where the message leaves the case
open; each case option's label and keywords from the knowledge base are
examples too. Examples that say nothing about the case are left out. Adds `case_ranking`
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
from bot.parse_result import CASE_RANKING, case_label, split_case_label

logger = logging.getLogger(__name__)
NO_CASE = "none"
# A service named with a question and nothing about the case.
PLAIN_QUESTIONS = ("{}", "{}需要什么材料", "{}怎么办", "办{}要带啥")


def labelled_example(message: Message) -> Optional[str]:
    """The case label of an example of a service with cases: "service/case" or "service/none"."""
    example = (message.get(METADATA) or {}).get(METADATA_EXAMPLE) or {}
    service = get_knowledge_base().get(str(example.get("service")))
    case = str(example.get("case") or "").split("/")[-1]
    if not service or not case:
        return None
    known = case == NO_CASE or any(option.id == case for option in service.case_options)
    return case_label(service.id, case) if known else None


def knowledge_examples() -> List[Tuple[str, Optional[str]]]:
    """Each case option's own words as examples of it, and the service's names
    asked about plainly as examples of no case stated."""
    kb = get_knowledge_base()
    examples: List[Tuple[str, Optional[str]]] = []
    for service in kb.services:
        if not service.case_options:
            continue
        for option in service.case_options:
            # In their order, not a set's: a set's order changes with each process,
            # and so would the trained model.
            for words in dict.fromkeys([option.label, option.button_title, *option.keywords]):
                examples.append((words, case_label(service.id, option.id)))
        for name in kb.names_of(service):
            for phrasing in PLAIN_QUESTIONS:
                examples.append((phrasing.format(name), case_label(service.id, NO_CASE)))
    return examples


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class CaseClassifier(LinearModelComponent):
    MODEL_FILE = "case_model.joblib"

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {"ranking_length": 10, "random_seed": 1}

    def train(self, training_data: TrainingData) -> Resource:
        examples = [(message.get(TEXT), labelled_example(message)) for message in training_data.intent_examples]
        return self._fit([*examples, *knowledge_examples()], views=("chars", "sounds"))

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            ranking = []
            if self._model and message.get(TEXT):
                for label, confidence in self._model.rank(message.get(TEXT), top=self.config["ranking_length"]):
                    service, case = split_case_label(label)
                    ranking.append({"service": service, "case": case, "confidence": round(confidence, 4)})
            message.set(CASE_RANKING, ranking, add_to_output=True)
        return messages
