"""What a question still needs before it can be answered: which case, which district.

One rule, used by the form (which slots to ask for) and by the questions it
asks (which options to offer).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

from bot.core import wording
from bot.core.schema import CaseOption, Cases, Service

# One spelling for "every option" and "none of the optional ones", as slot values.
ALL = "all"  # list every case, or every district's office
NONE = "none"  # none of the optional cases applies
DISTRICT_QUESTIONS = ("location", "phone")


@dataclass
class Choice:
    title: str
    value: str


@dataclass
class FollowUp:
    """Something the assistant must ask before it can answer."""

    slot: str  # "case" or "district"
    question: str
    choices: List[Choice]
    note: Optional[str] = None


class UnknownCase(ValueError):
    pass


def case_path(service: Service, case_id: str) -> List[CaseOption]:
    """Options from the top level down to the one with this id."""

    def search(cases: Optional[Cases], trail: List[CaseOption]) -> Optional[List[CaseOption]]:
        if not cases:
            return None
        for option in cases.options:
            if option.id == case_id:
                return trail + [option]
            found = search(option.cases, trail + [option])
            if found:
                return found
        return None

    path = search(service.materials.cases, [])
    if path is None:
        raise UnknownCase(f"{service.id} has no case {case_id!r}")
    return path


def pending_cases(service: Service, case_id: Optional[str]) -> Optional[Cases]:
    """The case question still open for this service, given what is chosen.

    A value that is no case of the service (a reply the form has extracted
    but not yet validated, such as "2") counts as nothing chosen yet.
    """
    cases = service.materials.cases
    if not cases or case_id in (ALL, NONE):
        return None
    if case_id and any(option.id == case_id for option in cases.walk()):
        return case_path(service, case_id)[-1].cases
    return cases


def needed_details(service: Service, question: str) -> List[str]:
    """The details this question about this service depends on, in the order they are asked."""
    needed = []
    cases = service.materials.cases
    # Optional cases only add to the required items: the answer offers them.
    if question == "materials" and cases and not cases.optional:
        needed.append("case")
    if question in DISTRICT_QUESTIONS and service.has_district_offices:
        needed.append("district")
    return needed


def case_choices(cases: Cases) -> List[Choice]:
    return [Choice(option.button_title, option.id) for option in cases.options]


def case_follow_up(cases: Cases) -> FollowUp:
    choices = case_choices(cases)
    if cases.optional:
        choices.append(Choice(wording.NONE_OF_THESE, NONE))
    choices.append(Choice(wording.SEE_EVERY_CASE, ALL))
    return FollowUp(slot="case", question=cases.question, choices=choices, note=cases.note)


def district_follow_up(service: Service) -> FollowUp:
    choices = [Choice(o.district, o.district) for o in service.offices if o.district]
    choices.append(Choice(wording.EVERY_DISTRICT, ALL))
    return FollowUp(
        slot="district",
        question=wording.WHICH_DISTRICT,
        choices=choices,
    )


# The part of a service that answers each question type; overview answers with all of it.
_ANSWERED_BY: Dict[str, Tuple[str, ...]] = {
    "materials": ("materials",),
    "conditions": ("conditions",),
    "time_limit": ("time_limit",),
    "location": ("offices",),
    "phone": ("offices",),
    "feedback": ("feedback",),
    "online": ("online",),
}


def same_answer(first: Service, second: Service, question: str) -> bool:
    """True if the guide answers this question alike for both services, so that
    asking which one is meant would be a question for nothing."""
    fields = _ANSWERED_BY.get(question, ())
    return bool(fields) and all(getattr(first, f) == getattr(second, f) for f in fields)
