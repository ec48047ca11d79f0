"""Rasa NLU component: DIET's intent ranking averaged with a linear model's.

DIET learns from sequences and tends to be sure of itself on long messages
with background; a linear model over character and word n-grams is steadier
on short everyday questions. On the development set the blend classifies
more questions right than either alone. Placed after DIETClassifier and
before FallbackClassifier, which then judges the blended confidence. The
twin intents (bot/intents.py) count as one.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.intents import TWIN_INTENTS
from bot.nlu.linear_component import LinearModelComponent
from bot.nlu.text_classifier import TextClassifier

logger = logging.getLogger(__name__)


def _words(message: Message) -> List[str]:
    return [token.text for token in message.get(TOKENS_NAMES[TEXT]) or []]


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class IntentEnsemble(LinearModelComponent):
    MODEL_FILE = "intent_model.joblib"

    @classmethod
    def required_components(cls) -> List[type]:
        return [Tokenizer]

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        # Share of DIET in the blend, tuned on the development set.
        return {"diet_weight": 0.3, "ranking_length": 10, "random_seed": 1}

    def train(self, training_data: TrainingData) -> Resource:
        examples = [m for m in training_data.intent_examples if m.get(INTENT)]
        logger.info(f"Training the linear intent model on {len(examples)} examples.")
        model = TextClassifier(views=("chars", "words"), seed=self.config["random_seed"])
        model.fit([m.get(TEXT) for m in examples], [m.get(INTENT) for m in examples], [_words(m) for m in examples])
        return self._persist(model)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if self._model and message.get(TEXT):
                self._blend(self._model, message)
        return messages

    def _blend(self, model: TextClassifier, message: Message) -> None:
        weight = self.config["diet_weight"]
        diet = {item[INTENT_NAME_KEY]: item[PREDICTED_CONFIDENCE_KEY] for item in message.get(INTENT_RANKING_KEY) or []}
        linear = dict(model.rank(message.get(TEXT), _words(message)))
        blended = {
            intent: weight * diet.get(intent, 0.0) + (1 - weight) * linear.get(intent, 0.0)
            for intent in set(diet) | set(linear)
        }
        twins = sorted((i for i in blended if i in TWIN_INTENTS), key=lambda i: blended[i], reverse=True)
        if len(twins) > 1:  # one intent for both, else FallbackClassifier finds them ambiguous
            blended[twins[0]] = sum(blended.pop(twin) for twin in twins)
        ordered = sorted(blended.items(), key=lambda item: item[1], reverse=True)
        ranking = [
            {INTENT_NAME_KEY: intent, PREDICTED_CONFIDENCE_KEY: round(confidence, 4)}
            for intent, confidence in ordered[: self.config["ranking_length"]]
        ]
        message.set(INTENT, ranking[0], add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
