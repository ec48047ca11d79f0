"""The knowledge base: services.yml loaded once, validated, and looked up."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterable, List, Optional

import yaml

from bot.core.schema import Category, KnowledgeFile, Office, Service, Vocabulary
from bot.paths import KNOWLEDGE_DIR
from bot.text import compact

SERVICES_PATH = KNOWLEDGE_DIR / "services.yml"


class KnowledgeBase:
    """Read-only view over the validated services."""

    def __init__(self, data: KnowledgeFile):
        self.data = data
        self.services: List[Service] = list(data.services)
        self._by_id: Dict[str, Service] = {s.id: s for s in self.services}
        # Every way of naming a service, as a comparison key. A key may name
        # several services (two share one official title), so values are lists.
        self._by_key: Dict[str, List[Service]] = {}
        for service in self.services:
            for name in self.names_of(service):
                bucket = self._by_key.setdefault(compact(name), [])
                if service not in bucket:
                    bucket.append(service)

    @classmethod
    def load(cls, path: Path = SERVICES_PATH) -> KnowledgeBase:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        return cls(KnowledgeFile.parse_obj(raw))

    @staticmethod
    def names_of(service: Service) -> List[str]:
        """Official name, short name and aliases, in that order."""
        names = [service.name]
        if service.short_name:
            names.append(service.short_name)
        names.extend(service.aliases)
        return names

    def get(self, service_id: Optional[str]) -> Optional[Service]:
        return self._by_id.get(service_id) if service_id else None

    def __getitem__(self, service_id: str) -> Service:
        """The service with this id; a KeyError if there is none."""
        return self._by_id[service_id]

    def lookup(self, name: str) -> List[Service]:
        """Services called exactly this (id, official name, 简称 or alias)."""
        if name in self._by_id:
            return [self._by_id[name]]
        return list(self._by_key.get(compact(name), []))

    def names_in(self, text_key: str) -> List[str]:
        """Every name of each service whose name, 简称 or alias the message writes."""
        found = {
            service.id: service for key, services in self._by_key.items() if key in text_key for service in services
        }
        return [name for service in found.values() for name in self.names_of(service)]

    def name_index(self) -> Dict[str, List[Service]]:
        """Comparison key of every name → the services it names."""
        return self._by_key

    @property
    def districts(self) -> List[Vocabulary]:
        return list(self.data.districts)

    @property
    def applicant_types(self) -> List[Vocabulary]:
        return list(self.data.applicant_types)

    @property
    def categories(self) -> List[Category]:
        return list(self.data.categories)

    @property
    def general_contact(self) -> Office:
        return self.data.general_contact

    @property
    def hall_name(self) -> str:
        """The service hall's name, as the guide writes it after its address."""
        match = re.search(r"（([^（）]+)）$", self.general_contact.address)
        return match.group(1) if match else self.general_contact.address

    def in_category(self, category_id: str) -> List[Service]:
        return [s for s in self.services if s.category == category_id]

    def district_named(self, mention: str) -> Optional[str]:
        """The district's official name for a mention such as 北票 or 北票市."""
        return _vocabulary_name(self.districts, mention)

    def district_id(self, name: str) -> Optional[str]:
        """The district's ASCII id (for addresses) from its official name."""
        return next((d.id for d in self.districts if d.name == name), None)

    def case_services(self) -> List[Service]:
        return [s for s in self.services if s.materials.cases]


def _vocabulary_name(vocabulary: Iterable[Vocabulary], mention: str) -> Optional[str]:
    key = compact(mention)
    for item in vocabulary:
        if key in {compact(item.name), item.id, *map(compact, item.synonyms)}:
            return item.name
    return None


@lru_cache(maxsize=1)
def get_knowledge_base() -> KnowledgeBase:
    """The process-wide knowledge base, loaded and validated on first use."""
    return KnowledgeBase.load()
