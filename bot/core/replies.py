"""Replies that are not an answer card: which service, not understood, out of
scope, hand-over to a person and category browsing. Every phone number and
service name comes from the knowledge base."""

from __future__ import annotations

import re
from typing import Dict, List, Optional, Sequence

from bot.core import wording
from bot.core.details import Choice, case_follow_up, district_follow_up
from bot.core.journeys import LifeEvent
from bot.core.knowledge import KnowledgeBase
from bot.core.message import UserMessage
from bot.core.render import Message, buttons, payload, render_follow_up
from bot.core.schema import Cases, Category, Office, Service
from bot.intents import BY_KEY, QUESTION_TYPES
from bot.text import compact

# Buttons that always lead somewhere: the services to browse, a person.
BROWSE_BUTTON = {"title": wording.BROWSE, "payload": "/list_services"}
PERSON_BUTTON = {"title": wording.TALK_TO_A_PERSON, "payload": "/request_human"}


def coverage(kb: KnowledgeBase) -> str:
    return wording.COVERAGE.format(count=len(kb.services))


def _service_choices(services: Sequence[Service]) -> List[Choice]:
    return [Choice(s.short_name or s.name, s.id) for s in services]


def _contact_line(office: Office) -> str:
    where = office.name or office.address
    return f"{where}：{'、'.join(office.phones)}" if office.phones else where


def contact_lines(kb: KnowledgeBase, service: Optional[Service] = None, district: Optional[str] = None) -> List[str]:
    """Phones to call: the current service's offices (the user's district first),
    else the general service hall."""
    offices = [o for o in (service.offices if service else []) if o.phones]
    offices.sort(key=lambda o: o.district != district)  # stable: the guide's order otherwise
    if not offices:
        offices = [kb.general_contact]
    return [_contact_line(o) for o in offices]


def ask_service(services: Sequence[Service], failed_before: bool = False) -> Message:
    if services:
        choices = _service_choices(services)
        which = wording.NOT_YET_WHICH + wording.WHICH_SERVICE if failed_before else wording.WHICH_SERVICE
        lines = [which] + [f"{n}. {c.title}" for n, c in enumerate(choices, 1)]
        lines.append(wording.WHICH_SERVICE_HOW)
        return {"text": "\n".join(lines), "buttons": buttons("service", choices)}
    return {"text": wording.ASK_SERVICE + wording.REPHRASE_HINT}


def ask_case(service: Service, cases: Cases, failed_before: bool) -> Message:
    lines = [wording.CASES_DIFFER.format(service=service.name)]
    if failed_before:
        lines[0] = wording.NO_OPTION_MATCHED + lines[0]
    common = service.materials.common
    shown = cases is service.materials.cases and bool(common)
    if shown:
        # What every case needs is said at once, with the question.
        lines.append(wording.EVERY_CASE_NEEDS)
        lines += [f"· {item}" for item in common]
    follow_up = case_follow_up(cases)
    if not shown:  # "只需上面的材料" only where something is above
        follow_up.question = _ABOVE.sub("", follow_up.question)
    return render_follow_up(follow_up, intro="\n".join(lines))


# A clause that refers to the items shown above the question.
_ABOVE = re.compile(r"[；;，,]?[^；;，,。？?]*上面[^；;。]*")


def ask_district(service: Service) -> Message:
    return render_follow_up(district_follow_up(service), intro=f"“{service.name}”")


def life_event(kb: KnowledgeBase, event: LifeEvent) -> Message:
    """The services of a life event, each with when it applies, as buttons that lead on."""
    lines = [wording.LIFE_EVENT.format(event=event.name)]
    buttons_: List[Dict[str, str]] = []
    for number, step in enumerate(event.steps, start=1):
        service = kb[step.service]
        labels = [o.button_title for o in service.case_options if o.id in step.cases]
        when = "、".join(labels) or step.when
        lines.append(f"{number}. {service.name}" + (f"（{when}）" if when else ""))
        extra = {"case": step.cases[0]} if len(step.cases) == 1 else {}
        title = service.short_name or service.name
        buttons_.append({"title": title, "payload": payload("choose", "service", service.id, **extra)})
    lines.append(wording.LIFE_EVENT_HOW)
    return {"text": "\n".join(lines), "buttons": buttons_}


def next_services(kb: KnowledgeBase, service_ids: Sequence[str]) -> Message:
    """The services that usually follow the one just answered, as buttons."""
    services = [kb[service_id] for service_id in service_ids]
    lines = [wording.NEXT_SERVICES] + [f"· {service.name}" for service in services]
    buttons_ = [
        {"title": service.short_name or service.name, "payload": payload("choose", "service", service.id)}
        for service in services
    ]
    return {"text": "\n".join(lines), "buttons": buttons_}


def service_not_found(kb: KnowledgeBase) -> Message:
    """The message names something that is no service of the guide."""
    lines = [
        wording.NOT_FOUND,
        wording.REPHRASE_HINT,
        wording.HUMAN_ROUTE.format(phones="；".join(contact_lines(kb))),
    ]
    return {"text": "\n".join(lines), "buttons": [BROWSE_BUTTON]}


def what_is_wrong() -> Message:
    return {"text": wording.WHAT_IS_WRONG}


def not_understood(kb: KnowledgeBase, services: Sequence[Service]) -> Message:
    lines = [wording.NOT_UNDERSTOOD, wording.REPHRASE_HINT]
    message: Message = {}
    if services:
        # Named in the text too: a channel without buttons still shows the way back.
        lines[1:1] = [wording.MAYBE, *(f"· {s.name}" for s in services)]
        message["buttons"] = buttons("service", _service_choices(services))
    else:  # nothing close: the way to browse, so the user is never left with nothing new
        message["buttons"] = [BROWSE_BUTTON]
    lines.append(wording.HUMAN_ROUTE.format(phones="；".join(contact_lines(kb))))
    message["text"] = "\n".join(lines)
    return message


def rating_buttons() -> List[Dict[str, str]]:
    """有用 / 没用 under an answer card (the website's widget shows them)."""
    return [
        {"title": wording.RATE_USEFUL, "payload": payload("rate_answer", "rating", "useful")},
        {"title": wording.RATE_USELESS, "payload": payload("rate_answer", "rating", "useless")},
    ]


def rated(kb: KnowledgeBase, rating: str, service: Optional[Service]) -> Message:
    """Thanks for a rating; after 没用, the ways on (another wording, a person)."""
    if rating == "useful":
        return {"text": wording.THANKS_FOR_RATING}
    text = wording.SORRY_NOT_USEFUL + wording.HUMAN_ROUTE.format(phones="；".join(contact_lines(kb, service)))
    return {"text": text, "buttons": [PERSON_BUTTON, BROWSE_BUTTON]}


def out_of_scope(kb: KnowledgeBase) -> Message:
    lines = [wording.OUT_OF_SCOPE, coverage(kb), wording.HUMAN_PHONES.format(phones="；".join(contact_lines(kb)))]
    return {"text": "\n".join(lines)}


def handoff(
    kb: KnowledgeBase, service: Optional[Service], district: Optional[str] = None, code: Optional[str] = None
) -> Message:
    if service:
        intro = wording.HANDOFF_SERVICE.format(service=service.name)
    else:
        intro = wording.HANDOFF_HALL.format(hall=kb.hall_name)
    lines = [intro, *contact_lines(kb, service, district), wording.HANDOFF_HOW]
    if code:
        lines.append(wording.HANDOFF_CODE.format(code=code))
    return {"text": "\n".join(lines)}


def find_categories(kb: KnowledgeBase, message: UserMessage, mentions: Sequence[str] = ()) -> List[Category]:
    """Categories a message names: a category by name or synonym, or a broad topic (养老, 工伤)."""
    key = message.key
    by_id = {c.id: c for c in kb.categories}
    named = [by_id[m] for m in mentions if m in by_id]
    for category in kb.categories:
        words = [category.name, *category.synonyms]
        if any(compact(w) and compact(w) in key for w in words) and category not in named:
            named.append(category)
    if named:
        return named
    for topic in sorted({t for c in kb.categories for t in c.topics}, key=len, reverse=True):
        short = topic[:-2] if topic.endswith("保险") else topic
        if compact(topic) in key or compact(short) in key:
            return [c for c in kb.categories if topic in c.topics]
    return []


def list_services(kb: KnowledgeBase, categories: Sequence[Category]) -> Message:
    if not categories:
        choices = [Choice(c.name, c.id) for c in kb.categories]
        lines = [wording.CATEGORIES]
        lines += [f"{n}. {c.title}" for n, c in enumerate(choices, 1)]
        return {"text": "\n".join(lines), "buttons": buttons("category", choices, "list_services")}
    if len(categories) > 1:
        choices = [Choice(c.name, c.id) for c in categories]
        lines = [wording.MANY_CATEGORIES]
        lines += [
            f"{n}. " + wording.CATEGORY_COUNT.format(title=c.title, count=len(kb.in_category(c.value)))
            for n, c in enumerate(choices, 1)
        ]
        return {"text": "\n".join(lines), "buttons": buttons("category", choices, "list_services")}
    category = categories[0]
    services = kb.in_category(category.id)
    lines = [wording.CATEGORY_SERVICES.format(category=category.name, count=len(services))]
    lines += [f"{n}. {s.name}" for n, s in enumerate(services, 1)]
    lines.append(wording.CATEGORY_HOW)
    return {"text": "\n".join(lines), "buttons": buttons("service", _service_choices(services))}


def same_as_above(service: Service, question: str, case_titles: Sequence[str]) -> Message:
    """Instead of the answer just given again: what was understood, and where to go next."""
    case = wording.SAME_AS_ABOVE_CASE.format(case="、".join(case_titles)) if case_titles else ""
    text = wording.SAME_AS_ABOVE.format(service=service.name, case=case, topic=BY_KEY[question].heading)
    return {"text": text, "buttons": next_steps(question)}


def next_steps(answered: Optional[str] = None) -> List[Dict[str, str]]:
    """Buttons for the other questions about the same service, and a person."""
    others = [q for q in QUESTION_TYPES if q.key not in (answered, "overview")]
    choices = [{"title": q.heading, "payload": f"/{q.intent}"} for q in others]
    choices.append(PERSON_BUTTON)
    return choices


def guide_quote(service: Service, sentences: Sequence[str]) -> Message:
    """The guide's own sentences that answer a detail question, named as a quotation."""
    lines = [wording.GUIDE_SAYS.format(service=service.name)]
    lines += [wording.QUOTE.format(sentence=s) for s in sentences]
    lines.append(wording.MORE_ABOUT_IT)
    return {"text": "\n".join(lines), "buttons": next_steps()}


def repeats(messages: Sequence[Message], previous: Sequence[str]) -> bool:
    """True if the messages say word for word what the assistant said last turn."""
    texts = [str(m.get("text") or "") for m in messages]
    return bool(texts) and texts == list(previous)


def guide_silent(
    kb: KnowledgeBase, service: Optional[Service], closest: Sequence[Service] = (), district: Optional[str] = None
) -> Message:
    """A detail question the guide does not answer: say so, and who can (the
    office of the user's district first). About no one service (no sentence of
    the whole guide answers it): the general phones, and the `closest`
    services it may be about as buttons."""
    if service:
        lines = [wording.GUIDE_SILENT.format(service=service.name), *contact_lines(kb, service, district)]
        return {"text": "\n".join(lines), "buttons": next_steps()}
    lines = [wording.GUIDE_SILENT_ANYWHERE, *contact_lines(kb)]
    return {"text": "\n".join(lines), "buttons": [*buttons("service", _service_choices(closest)), PERSON_BUTTON]}


def another_way(kb: KnowledgeBase, service: Optional[Service]) -> Message:
    """Added when a reply would repeat the previous one: a way on that is new."""
    text = wording.ANOTHER_WAY + wording.HUMAN_ROUTE.format(phones="；".join(contact_lines(kb, service)))
    return {"text": text, "buttons": [PERSON_BUTTON, BROWSE_BUTTON]}
