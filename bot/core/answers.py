"""Structured answers to one question about one service, taken from its record.

An answer is channel-neutral: sections of items. It is built once the details
the question needs are known (bot.core.details decides which);
bot.core.render turns it into messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional

from bot.core.details import ALL, NONE, Choice, case_choices, case_path
from bot.core.schema import CaseOption, Cases, Office, Service
from bot.intents import BY_KEY, QUESTION_KEYS


@dataclass
class Section:
    heading: str
    items: List[str] = field(default_factory=list)
    intro: Optional[str] = None  # a line before the items (the guide's lead-in)
    numbered: bool = True


@dataclass
class Answer:
    service: Service
    question: str
    sections: List[Section] = field(default_factory=list)
    case_path: List[CaseOption] = field(default_factory=list)
    district: Optional[str] = None
    offers: List[Choice] = field(default_factory=list)  # buttons that lead on (optional cases)

    @property
    def heading(self) -> str:
        return BY_KEY[self.question].heading


def answer(
    service: Service,
    question: str,
    case_id: Optional[str] = None,
    district: Optional[str] = None,
) -> Answer:
    """What the guide says about `question` for this service, case and district."""
    if question not in BY_KEY:
        raise ValueError(f"unknown question type {question!r}")
    builder = _BUILDERS[question]
    result = Answer(service=service, question=question, district=district)
    if case_id and case_id not in (ALL, NONE):
        result.case_path = case_path(service, case_id)
    builder(result, case_id)
    return result


def _materials(result: Answer, case_id: Optional[str]) -> None:
    materials = result.service.materials
    if materials.common:
        heading = (materials.common_title or "所需材料").rstrip("：:")
        result.sections.append(Section(heading, list(materials.common)))
    if case_id == ALL:
        result.sections += _every_case(materials.cases)
    # Deepest case first: a branch's own items ("以上还需同时提供…") follow its sub-case.
    for option in reversed(result.case_path):
        if option.materials:
            result.sections.append(Section(option.label, list(option.materials)))
    for group in materials.groups:
        result.sections.append(Section(group.title, list(group.items)))
    extras = materials.cases
    if extras and extras.optional and case_id is None:
        # The required items are the answer; the special situations are offered.
        titles = [option.button_title for option in extras.options]
        result.sections.append(Section("特殊情形", titles, intro=extras.note))
        result.offers = case_choices(extras)
    if materials.notes:
        result.sections.append(Section("说明", list(materials.notes), numbered=False))
    _recommend_online(result)


def _recommend_online(result: Answer) -> None:
    """The guide recommends 网上办 for the services that have an online address."""
    online = result.service.online
    if online:
        result.sections.append(Section("建议优先网上办", [f"{online.name}：{online.url}"], numbered=False))


def _every_case(cases: Optional[Cases], depth: int = 0) -> List[Section]:
    sections: List[Section] = []
    if not cases:
        return sections
    for option in cases.options:
        if option.cases:
            sections += _every_case(option.cases, depth + 1)
        if option.materials:
            sections.append(Section(f"情况：{option.label}", list(option.materials)))
    return sections


def _conditions(result: Answer, case_id: Optional[str]) -> None:
    service = result.service
    result.sections.append(Section("受理条件", list(service.conditions)))
    chosen = [option for option in result.case_path if option.conditions]
    options = chosen or [o for o in service.case_options if o.conditions]
    for option in options:
        result.sections.append(Section(option.label, list(option.conditions)))


def _time_limit(result: Answer, case_id: Optional[str]) -> None:
    result.sections.append(Section("", [result.service.time_limit.text], numbered=False))


def _offices_for(result: Answer) -> List[Office]:
    offices = result.service.offices
    chosen = [o for o in offices if result.district and o.district == result.district]
    return chosen or list(offices)


def _location(result: Answer, case_id: Optional[str]) -> None:
    for office in _offices_for(result):
        lines = [office.address]
        if office.phones:
            lines.append("电话：" + "、".join(office.phones))
        result.sections.append(Section(_office_title(office), lines, numbered=False))


def _phone(result: Answer, case_id: Optional[str]) -> None:
    offices = _offices_for(result)
    if not any(o.phones for o in offices):
        result.sections.append(
            Section(
                "咨询电话",
                ["办事指南没有列出这项业务的咨询电话，请到以下地点咨询："] + [o.address for o in offices],
                numbered=False,
            )
        )
        return
    for office in offices:
        if office.phones:
            result.sections.append(Section(_office_title(office), ["、".join(office.phones)], numbered=False))


def _office_title(office: Office) -> str:
    parts = [p for p in (office.district, office.name) if p]
    return "｜".join(parts) if parts else "办理地点"


def _feedback(result: Answer, case_id: Optional[str]) -> None:
    result.sections.append(Section("", list(result.service.feedback)))


def _online(result: Answer, case_id: Optional[str]) -> None:
    service = result.service
    if service.online:
        result.sections.append(Section("网上办理", [f"{service.online.name}：{service.online.url}"], numbered=False))
        return
    # Say so first; the tips may still point to an app or to what to prepare.
    where = "" if service.tips else "请到办理地点现场办理。"
    result.sections.append(Section("网上办理", [f"办事指南没有列出这项业务的网上办理地址。{where}"], numbered=False))
    if service.tips:
        result.sections.append(Section("温馨提示", list(service.tips), numbered=False))


def _overview(result: Answer, case_id: Optional[str]) -> None:
    service = result.service
    header = [f"业务名称：{service.name}"]
    if service.short_name:
        header.append(f"简称：{service.short_name}")
    result.sections.append(Section("", header, numbered=False))
    result.sections.append(Section("受理条件", list(service.conditions)))
    cases = service.materials.cases
    if cases:
        titles = [option.button_title for option in cases.options]
        result.sections.append(Section("所需材料", titles, intro="所需材料因情况而异，分为："))
    elif service.materials.common:
        result.sections.append(Section("所需材料", list(service.materials.common)))
    result.sections.append(Section("办理时限", [service.time_limit.text], numbered=False))
    places = [
        f"{_office_title(o)}：{o.address}" + (f"（电话 {'、'.join(o.phones)}）" if o.phones else "")
        for o in service.offices
    ]
    result.sections.append(Section("办理地点及电话", places, numbered=len(places) > 1))
    _recommend_online(result)


_BUILDERS = {
    "materials": _materials,
    "conditions": _conditions,
    "time_limit": _time_limit,
    "location": _location,
    "phone": _phone,
    "feedback": _feedback,
    "online": _online,
    "overview": _overview,
}
assert set(_BUILDERS) == set(QUESTION_KEYS), "every question type needs an answer builder"
