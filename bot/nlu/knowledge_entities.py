"""Rasa NLU component: entities found by the knowledge base's own words, not learned.

Service names, 简称 and aliases (value: the service id, or the name where it
names several services), districts and their synonyms (value: the district's
name), case keywords (value: the words as written) and category names (value:
the category id). Longer words win over words inside them. Being
deterministic, the entities of a message do not move when the models are
retrained, and every word added to the knowledge base is found at once.
DIET's own entity recognition is off (config.yml).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, List, Tuple

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.core.knowledge import KnowledgeBase, get_knowledge_base

# (words, entity, value), longest words first.
Vocabulary = List[Tuple[str, str, str]]
# A case keyword this short says too little on its own ("因病" yes, "工" no).
MIN_CASE_WORD = 2


def vocabulary(kb: KnowledgeBase) -> Vocabulary:
    entries: Dict[str, Tuple[str, str]] = {}
    for option_words in (
        (word, "case", word)
        for service in kb.services
        for option in service.case_options
        for word in option.keywords
        if len(word) >= MIN_CASE_WORD
    ):
        entries[option_words[0]] = option_words[1:]
    for category in kb.categories:
        for word in [category.name, *category.synonyms]:
            entries[word] = ("category", category.id)
    for district in kb.districts:
        for word in [district.name, *district.synonyms]:
            entries[word] = ("district", district.name)
    for service in kb.services:  # last: a service name wins over the same words as anything else
        for name in kb.names_of(service):
            named = kb.lookup(name)
            entries[name] = ("service", named[0].id if len(named) == 1 else name)
    return sorted(((w, e, v) for w, (e, v) in entries.items()), key=lambda entry: len(entry[0]), reverse=True)


@lru_cache(maxsize=1)
def _knowledge_vocabulary() -> Vocabulary:
    return vocabulary(get_knowledge_base())


def find_entities(text: str, words: Vocabulary) -> List[Dict[str, Any]]:
    """Non-overlapping entities, longest words first, in the order they stand."""
    taken = [False] * len(text)
    found = []
    for word, entity, value in words:
        start = text.find(word)
        while start != -1:
            end = start + len(word)
            if not any(taken[start:end]):
                taken[start:end] = [True] * len(word)
                found.append({"entity": entity, "start": start, "end": end, "value": value})
            start = text.find(word, end)
    return sorted(found, key=lambda e: e["start"])


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class KnowledgeEntityExtractor(GraphComponent, EntityExtractorMixin):
    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> KnowledgeEntityExtractor:
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            entities = self.add_extractor_name(find_entities(text, _knowledge_vocabulary()))
            message.set(ENTITIES, [*(message.get(ENTITIES) or []), *entities], add_to_output=True)
        return messages
