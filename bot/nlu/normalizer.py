"""Rasa NLU component: normalise Chinese text before it is tokenised.

Placed first in the pipeline, so every channel's messages get the same
treatment: full-width → half-width, pinyin typed in latin letters → Chinese,
traditional → simplified, no emoji, no whitespace between Chinese characters
(jieba would keep it as tokens).
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot import pinyin_text
from bot.text import normalize_user_text

# The text as the user typed it: its spaces part the questions of a message.
ORIGINAL_TEXT = "original_text"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class ChineseTextNormalizer(GraphComponent):
    """Rewrites the message text in place; keeps the original under `original_text`."""

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ChineseTextNormalizer:
        pinyin_text.warm_up()
        return cls()

    @staticmethod
    def _normalize(message: Message) -> None:
        text = message.get(TEXT)
        if not text:
            return
        normalized = normalize_user_text(text)
        # Annotated training examples keep their text so entity offsets stay
        # valid (a test checks they are written normalised already); a message
        # of nothing but emoji keeps its text rather than becoming empty.
        if normalized == text or not normalized or message.get(ENTITIES):
            return
        message.set(ORIGINAL_TEXT, text)
        message.set(TEXT, normalized)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        for message in training_data.training_examples:
            self._normalize(message)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._normalize(message)
        return messages
