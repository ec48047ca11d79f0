"""Structured answers to one question about one service, taken from its record.

An answer is channel-neutral: sections of items. It is built once the details
the question needs are known (bot.core.details decides which);
bot.core.render turns it into messages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import List, Optional

from bot.core import wording
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
    shortened: List[str] = field(default_factory=list)  # question types whose full text is one tap away
    full: bool = False  # asked for in full ("详细说"): nothing shortened

    @property
    def heading(self) -> str:
        return BY_KEY[self.question].heading


def answer(
    service: Service,
    question: str,
    case_id: Optional[str] = None,
    district: Optional[str] = None,
    full: bool = False,
) -> Answer:
    """What the guide says about `question` for this service, case and district."""
    if question not in BY_KEY:
        raise ValueError(f"unknown question type {question!r}")
    builder = _BUILDERS[question]
    result = Answer(service=service, question=question, district=district, full=full)
    if case_id and case_id not in (ALL, NONE):
        result.case_path = case_path(service, case_id)
    builder(result, case_id)
    return result


def _materials(result: Answer, case_id: Optional[str]) -> None:
    materials = result.service.materials
    for option in result.case_path:
        if option.conditions:
            # "七级工伤 还在厂里干着 医疗补助金能领不": the case's own conditions say whether.
            result.sections.append(Section(wording.CONDITIONS, list(option.conditions), numbered=False))
    if materials.common:
        heading = (materials.common_title or wording.MATERIALS).rstrip("：:")
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
    if extras and not extras.optional and not result.case_path and case_id != ALL:
        # No case told (a question asked beside another): say that the items differ, and how.
        titles = [option.button_title for option in extras.options]
        result.sections.append(Section(wording.MATERIALS, titles, intro=wording.MATERIALS_DIFFER))
    if extras and extras.optional and case_id is None:
        # The required items are the answer; the special situations are offered.
        titles = [option.button_title for option in extras.options]
        result.sections.append(Section(wording.SPECIAL_SITUATIONS, titles, intro=extras.note))
        result.offers = case_choices(extras)
    if materials.notes:
        result.sections.append(Section(wording.NOTES, list(materials.notes), numbered=False))
    _recommend_online(result)


def _recommend_online(result: Answer) -> None:
    """The guide recommends 网上办 for the services that have an online address."""
    online = result.service.online
    if online:
        result.sections.append(Section(wording.ONLINE_RECOMMENDED, [f"{online.name}：{online.url}"], numbered=False))


def _every_case(cases: Optional[Cases], depth: int = 0) -> List[Section]:
    sections: List[Section] = []
    if not cases:
        return sections
    for option in cases.options:
        if option.cases:
            sections += _every_case(option.cases, depth + 1)
        if option.materials:
            sections.append(Section(wording.CASE_HEADING.format(label=option.label), list(option.materials)))
    return sections


def _conditions(result: Answer, case_id: Optional[str]) -> None:
    service = result.service
    result.sections.append(Section(wording.CONDITIONS, list(service.conditions)))
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
            lines.append(wording.PHONE_PREFIX + "、".join(office.phones))
        result.sections.append(Section(_office_title(office), lines, numbered=False))


def _phone(result: Answer, case_id: Optional[str]) -> None:
    offices = _offices_for(result)
    if not any(o.phones for o in offices):
        result.sections.append(
            Section(
                wording.PHONE_HEADING,
                [wording.NO_PHONE_IN_GUIDE] + [o.address for o in offices],
                numbered=False,
            )
        )
        return
    for office in offices:
        if office.phones:
            result.sections.append(Section(_office_title(office), ["、".join(office.phones)], numbered=False))


def _office_title(office: Office) -> str:
    parts = [p for p in (office.district, office.name) if p]
    return "｜".join(parts) if parts else wording.OFFICE


def _feedback(result: Answer, case_id: Optional[str]) -> None:
    result.sections.append(Section("", list(result.service.feedback)))


# How the guide marks a material that cannot be handed in online.
WINDOW_ONLY = "仅窗口办"


def _online(result: Answer, case_id: Optional[str]) -> None:
    service = result.service
    if service.online:
        result.sections.append(
            Section(wording.ONLINE, [f"{service.online.name}：{service.online.url}"], numbered=False)
        )
        # "补费改首次参保时间 网上能改吗": the case's items the guide keeps to the window.
        options = result.case_path or service.case_options
        window = [item for o in options for item in o.materials if WINDOW_ONLY in item]
        if window:
            result.sections.append(Section(wording.ONLY_AT_THE_WINDOW, window, numbered=False))
        return
    # Say so first; the tips may still point to an app or to what to prepare.
    where = "" if service.tips else wording.GO_TO_THE_OFFICE
    result.sections.append(Section(wording.ONLINE, [wording.NO_ONLINE_IN_GUIDE + where], numbered=False))
    if service.tips:
        result.sections.append(Section(wording.TIPS, list(service.tips), numbered=False))


# An overview gives conditions longer than this as their first sentence.
CONDITIONS_IN_BRIEF = 80


def _first_sentence(text: str) -> str:
    return re.split(r"(?<=[。；;])", text, maxsplit=1)[0].rstrip("。；;，,")


def _overview(result: Answer, case_id: Optional[str]) -> None:
    service = result.service
    header = [wording.SERVICE_NAME.format(name=service.name)]
    if service.short_name:
        header.append(wording.SHORT_NAME.format(name=service.short_name))
    result.sections.append(Section("", header, numbered=False))
    conditions = list(service.conditions)
    if len("".join(conditions)) > CONDITIONS_IN_BRIEF and not result.full:
        # Long legal conditions: their first sentence, the rest one tap away.
        conditions = [_first_sentence(conditions[0]) + "……"]
        result.shortened.append("conditions")
    result.sections.append(Section(wording.CONDITIONS, conditions))
    cases = service.materials.cases
    if cases:
        titles = [option.button_title for option in cases.options]
        result.sections.append(Section(wording.MATERIALS, titles, intro=wording.MATERIALS_DIFFER))
    elif service.materials.common:
        result.sections.append(Section(wording.MATERIALS, list(service.materials.common)))
    result.sections.append(Section(wording.TIME_LIMIT, [service.time_limit.text], numbered=False))
    offices = _offices_for(result)
    if not result.district and service.has_district_offices and not result.full:
        offices = offices[:1]  # the city's hall; the districts' offices one tap away
        result.shortened.append("location")
    places = [
        f"{_office_title(o)}：{o.address}"
        + (wording.OFFICE_PHONE.format(phones="、".join(o.phones)) if o.phones else "")
        for o in offices
    ]
    result.sections.append(Section(wording.OFFICES_AND_PHONES, places, numbered=len(places) > 1))
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
