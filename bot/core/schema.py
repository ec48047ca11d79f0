"""Schema of knowledge/services.yml, checked every time the file is loaded."""

from __future__ import annotations

import re
from typing import Dict, Iterator, List, Literal, Optional

from pydantic import BaseModel, Field, HttpUrl, root_validator, validator

ID_PATTERN = r"^[a-z][a-z0-9_]*$"
PHONE_PATTERN = r"^0421-\d{7}$"


class Strict(BaseModel):
    class Config:
        extra = "forbid"
        allow_mutation = False


class Vocabulary(Strict):
    """A named thing people refer to in several ways (district, applicant type)."""

    id: str = Field(regex=ID_PATTERN)
    name: str
    synonyms: List[str] = []


class Category(Vocabulary):
    """A group of services, for browsing ("养老保险有哪些业务")."""

    topics: List[str] = Field(min_items=1)  # broad subjects this group belongs to


class CaseOption(Strict):
    """One case of a service, with what only that case needs.

    A branch with nested cases may hold materials of its own; the guide lists
    them after the sub-cases ("以上还需同时提供"), and so do the answers.
    """

    id: str = Field(regex=ID_PATTERN)
    label: str  # the guide's own words introducing the case
    title: Optional[str] = None  # a shorter button title; defaults to the label
    keywords: List[str] = Field(min_items=1)  # how people describe it in free text
    conditions: List[str] = []
    materials: List[str] = []
    cases: Optional[Cases] = None  # nested cases, e.g. 在职死亡 → 因病 / 因工

    @property
    def button_title(self) -> str:
        return self.title or self.label


class Cases(Strict):
    question: str  # what the assistant asks to tell the cases apart
    note: Optional[str] = None  # the guide's sentence introducing the cases
    # Optional cases add to the common materials ("有下列情形之一的，还应当…");
    # when none applies the common materials are the whole answer.
    optional: bool = False
    options: List[CaseOption] = Field(min_items=1)

    @validator("options")
    def _enough_options(cls, options: List[CaseOption], values: Dict) -> List[CaseOption]:
        if len(options) < 2 and not values.get("optional"):
            raise ValueError("cases that are not optional need at least two options")
        return options

    def walk(self) -> Iterator[CaseOption]:
        for option in self.options:
            yield option
            if option.cases:
                yield from option.cases.walk()


CaseOption.update_forward_refs()


class MaterialGroup(Strict):
    """A titled list the guide adds after the main materials (辅助材料, steps)."""

    title: str
    items: List[str] = Field(min_items=1)


class Materials(Strict):
    common_title: Optional[str] = None  # the guide's heading of the common items
    common: List[str] = []  # needed in every case
    cases: Optional[Cases] = None
    groups: List[MaterialGroup] = []
    notes: List[str] = []  # the guide's 注 and 以上… remarks


class TimeLimit(Strict):
    text: str  # as published
    value: int = Field(ge=0)
    unit: Literal["immediate", "working_day", "day"]


class Office(Strict):
    district: Optional[str] = None  # None where the guide names no district
    name: Optional[str] = None
    address: str
    phones: List[str] = []

    @validator("phones", each_item=True)
    def _phone_format(cls, phone: str) -> str:
        if not re.match(PHONE_PATTERN, phone):
            raise ValueError(f"phone {phone!r} is not written as 0421-NNNNNNN")
        return phone


class Online(Strict):
    name: str
    url: HttpUrl


class Service(Strict):
    id: str = Field(regex=ID_PATTERN)
    name: str
    short_name: Optional[str] = None
    category: str
    audience: List[str] = Field(min_items=1)
    aliases: List[str] = []
    conditions: List[str] = Field(min_items=1)
    materials: Materials
    time_limit: TimeLimit
    feedback: List[str] = Field(min_items=1)
    offices: List[Office] = Field(min_items=1)
    online: Optional[Online] = None
    tips: List[str] = []

    @validator("materials")
    def _materials_present(cls, materials: Materials) -> Materials:
        # 工伤事故备案 needs none; the guide then says "无", which we keep as the item.
        if not (materials.common or materials.cases or materials.groups):
            raise ValueError("a service lists common materials, cases or groups")
        return materials

    @root_validator(skip_on_failure=True)
    def _unique_case_ids(cls, values: Dict) -> Dict:
        cases = values["materials"].cases
        if cases:
            ids = [option.id for option in cases.walk()]
            duplicates = {i for i in ids if ids.count(i) > 1}
            if duplicates:
                raise ValueError(f"case ids repeat within {values['id']}: {duplicates}")
        return values

    @property
    def case_options(self) -> List[CaseOption]:
        return list(self.materials.cases.walk()) if self.materials.cases else []

    @property
    def has_district_offices(self) -> bool:
        return len({office.district for office in self.offices if office.district}) > 1


class KnowledgeFile(Strict):
    """The whole of services.yml."""

    version: int
    general_contact: Office  # where to turn when no service fits; must be an office of the guide
    districts: List[Vocabulary]
    applicant_types: List[Vocabulary]
    categories: List[Category]
    services: List[Service]

    @root_validator(skip_on_failure=True)
    def _references_resolve(cls, values: Dict) -> Dict:
        services: List[Service] = values["services"]
        ids = [s.id for s in services]
        if len(ids) != len(set(ids)):
            raise ValueError("service ids must be unique")
        names = [(s.name, s.short_name) for s in services]
        if len(names) != len(set(names)):
            raise ValueError("name and short name together must tell services apart")
        categories = {c.id for c in values["categories"]}
        districts = {d.name for d in values["districts"]}
        applicants = {a.name for a in values["applicant_types"]}
        for service in services:
            if service.category not in categories:
                raise ValueError(f"{service.id}: unknown category {service.category}")
            unknown = set(service.audience) - applicants
            if unknown:
                raise ValueError(f"{service.id}: unknown applicant types {unknown}")
            for office in service.offices:
                if office.district and office.district not in districts:
                    raise ValueError(f"{service.id}: unknown district {office.district}")
        contact = values["general_contact"]
        if not any(contact == office for s in services for office in s.offices):
            raise ValueError("general_contact must be one of the guide's offices")
        return values
