"""Common ground of the NLU components that wrap a TextClassifier: creation,
storage in the model archive and loading."""

from __future__ import annotations

import logging
from typing import Any, Dict, Iterable, Optional, Tuple

import joblib
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage

from bot.nlu.text_classifier import TextClassifier

logger = logging.getLogger(__name__)


class LinearModelComponent(GraphComponent):
    MODEL_FILE = "model.joblib"

    def __init__(
        self,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: Optional[TextClassifier] = None,
    ) -> None:
        self.config = config
        self._storage = model_storage
        self._resource = resource
        self._model = model

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LinearModelComponent:
        return cls(config, model_storage, resource)

    def _fit(self, examples: Iterable[Tuple[str, Optional[str]]], views: Tuple[str, ...]) -> Resource:
        """Trains a TextClassifier on (text, label) pairs (unlabelled ones skipped) and stores it."""
        pairs = [(text, label) for text, label in examples if text and label]
        logger.info(f"Training {type(self).__name__} on {len(pairs)} examples.")
        model = TextClassifier(views=views, seed=self.config["random_seed"])
        return self._persist(model.fit([t for t, _ in pairs], [label for _, label in pairs]))

    def _persist(self, model: TextClassifier) -> Resource:
        self._model = model
        with self._storage.write_to(self._resource) as directory:
            joblib.dump(model, directory / self.MODEL_FILE)
        return self._resource

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LinearModelComponent:
        try:
            with model_storage.read_from(resource) as directory:
                model = joblib.load(directory / cls.MODEL_FILE)
        except (ValueError, FileNotFoundError):
            logger.warning(f"{cls.__name__}: no trained model in the archive; it will do nothing.")
            model = None
        return cls(config, model_storage, resource, model)
