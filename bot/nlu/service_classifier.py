"""Rasa NLU component: ranks the services a message may be about.

Trained with the NLU data: an example's label is the knowledge-base id of its
`service` entity, or the `service` given in the example's metadata; examples
of intents that never concern a service (greetings, out of scope…) and
examples whose metadata says `service: none` teach it what no service looks
like. Adds `service_ranking` ([{"service": id, "confidence": p}, …]) to the
parse result, where actions and every channel's tracker can read it, and for
a message asking several questions `part_rankings`, the ranking of each one.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import ENTITIES, INTENT, METADATA, METADATA_EXAMPLE, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.core.knowledge import get_knowledge_base
from bot.core.message import UserMessage
from bot.core.question_parts import asked_parts, several_questions
from bot.intents import NO_SERVICE_INTENTS
from bot.nlu.linear_component import LinearModelComponent
from bot.nlu.normalizer import ORIGINAL_TEXT
from bot.parse_result import PART_RANKINGS, SERVICE_RANKING

logger = logging.getLogger(__name__)
NO_SERVICE = "none"


def service_label(message: Message) -> Optional[str]:
    """The service a training example is about, NO_SERVICE, or None if it does not say."""
    kb = get_knowledge_base()
    example = (message.get(METADATA) or {}).get(METADATA_EXAMPLE) or {}
    labelled = str(example.get("service"))
    if kb.get(labelled) or labelled == NO_SERVICE:
        return labelled
    for entity in message.get(ENTITIES) or []:
        if entity.get("entity") == "service" and kb.get(str(entity.get("value"))):
            return entity["value"]
    if message.get(INTENT) in NO_SERVICE_INTENTS:
        return NO_SERVICE
    return None


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class ServiceClassifier(LinearModelComponent):
    MODEL_FILE = "service_model.joblib"

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {"ranking_length": 5, "random_seed": 1}

    def train(self, training_data: TrainingData) -> Resource:
        examples = [(message.get(TEXT), service_label(message)) for message in training_data.intent_examples]
        return self._fit(examples, views=("chars", "sounds"))

    def _rank(self, text: str) -> List[Dict[str, Any]]:
        if not self._model or not text:
            return []
        return [
            {"service": service, "confidence": round(confidence, 4)}
            for service, confidence in self._model.rank(text, top=self.config["ranking_length"])
            if service != NO_SERVICE
        ]

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            message.set(SERVICE_RANKING, self._rank(text), add_to_output=True)
            # "1、新员工怎么增员 2、离职的怎么减员": each question may be about another service.
            # The typed text's spaces part the questions, as the actions read them.
            typed = message.get(ORIGINAL_TEXT) or text
            parts = asked_parts(get_knowledge_base(), UserMessage.read(typed)) if text else []
            if several_questions(parts):
                rankings = {part.text: self._rank(part.text) for part in parts}
                message.set(PART_RANKINGS, rankings, add_to_output=True)
        return messages
