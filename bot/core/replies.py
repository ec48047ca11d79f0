"""Replies that are not an answer card: which service, not understood, out of
scope, hand-over to a person and category browsing. Every phone number and
service name comes from the knowledge base."""

from __future__ import annotations

from typing import Dict, List, Optional, Sequence

from bot.core.details import Choice, case_follow_up, district_follow_up
from bot.core.journeys import LifeEvent
from bot.core.knowledge import KnowledgeBase
from bot.core.message import UserMessage
from bot.core.render import Message, buttons, payload, render_follow_up
from bot.core.schema import Cases, Category, Office, Service
from bot.text import compact

COVERAGE = "我能解答朝阳市人社局办事指南中的{count}项业务：社会保险登记、养老保险（含城乡居民养老、机关事业单位养老、企业年金）和工伤保险等，每项业务需要什么材料、什么条件、多久办好、在哪办、电话多少、能否网上办。"
REPHRASE_HINT = "您可以换个说法，最好带上业务名称，例如“灵活就业参保登记需要什么材料”“工伤认定在哪办”。"


def coverage(kb: KnowledgeBase) -> str:
    return COVERAGE.format(count=len(kb.services))


def _service_choices(services: Sequence[Service]) -> List[Choice]:
    return [Choice(s.short_name or s.name, s.id) for s in services]


def _contact_line(office: Office) -> str:
    where = office.name or office.address
    return f"{where}：{'、'.join(office.phones)}" if office.phones else where


def contact_lines(kb: KnowledgeBase, service: Optional[Service] = None) -> List[str]:
    """Phones to call: the current service's offices, else the general service hall."""
    offices = [o for o in (service.offices if service else []) if o.phones]
    if not offices:
        offices = [kb.general_contact]
    return [_contact_line(o) for o in offices]


def ask_service(services: Sequence[Service]) -> Message:
    if services:
        choices = _service_choices(services)
        lines = ["您问的是下面哪一项业务？"] + [f"{n}. {c.title}" for n, c in enumerate(choices, 1)]
        lines.append("请点击选项或回复序号；都不是的话，请直接说业务名称。")
        return {"text": "\n".join(lines), "buttons": buttons("service", choices)}
    return {"text": "请问您想咨询哪项业务？" + REPHRASE_HINT}


def ask_case(service: Service, cases: Cases, failed_before: bool) -> Message:
    lines = [f"“{service.name}”需要的材料因情况而异。"]
    if failed_before:
        lines[0] = "抱歉，没能对应到选项。" + lines[0]
    common = service.materials.common
    if cases is service.materials.cases and common:
        # What every case needs is said at once, with the question.
        lines.append("各种情况都要准备：")
        lines += [f"· {item}" for item in common]
    return render_follow_up(case_follow_up(cases), intro="\n".join(lines))


def ask_district(service: Service) -> Message:
    return render_follow_up(district_follow_up(service), intro=f"“{service.name}”")


def life_event(kb: KnowledgeBase, event: LifeEvent) -> Message:
    """The services of a life event, each with when it applies, as buttons that lead on."""
    lines = [f"【{event.name}】社保方面一般涉及以下业务，请按您的情况选择："]
    buttons_: List[Dict[str, str]] = []
    for number, step in enumerate(event.steps, start=1):
        service = kb[step.service]
        labels = [o.button_title for o in service.case_options if o.id in step.cases]
        when = "、".join(labels) or step.when
        lines.append(f"{number}. {service.name}" + (f"（{when}）" if when else ""))
        extra = {"case": step.cases[0]} if len(step.cases) == 1 else {}
        title = service.short_name or service.name
        buttons_.append({"title": title, "payload": payload("choose", "service", service.id, **extra)})
    lines.append("点击业务查看需要的材料，或直接描述您的情况。")
    return {"text": "\n".join(lines), "buttons": buttons_}


def service_not_found(kb: KnowledgeBase) -> Message:
    """The message names something that is no service of the guide."""
    lines = [
        "抱歉，办事指南里没有找到您说的这项业务。",
        REPHRASE_HINT,
        "也可以说“转人工”，或拨打 " + "；".join(contact_lines(kb)),
    ]
    return {"text": "\n".join(lines), "buttons": [{"title": "看看能办哪些业务", "payload": "/list_services"}]}


def what_is_wrong() -> Message:
    return {
        "text": "好的，请告诉我哪里不对：比如您属于哪种情况（“我是灵活就业的”）、在哪个地区办理（“我在北票”），或直接说您要办的业务名称。"
    }


def not_understood(kb: KnowledgeBase, services: Sequence[Service]) -> Message:
    lines = ["抱歉，我没能确定您想问的内容。", REPHRASE_HINT]
    message: Message = {}
    if services:
        lines.insert(1, "您可能想问的是：")
        message["buttons"] = buttons("service", _service_choices(services))
    lines.append("也可以说“转人工”，或拨打 " + "；".join(contact_lines(kb)))
    message["text"] = "\n".join(lines)
    return message


def out_of_scope(kb: KnowledgeBase) -> Message:
    text = (
        "抱歉，这个问题不在朝阳市人社局办事指南的范围内，我无法回答（例如医保报销、住房公积金等请咨询相应部门）。\n"
        + coverage(kb)
        + "\n人工咨询："
        + "；".join(contact_lines(kb))
    )
    return {"text": text}


def handoff(kb: KnowledgeBase, service: Optional[Service]) -> Message:
    if service:
        intro = f"关于“{service.name}”，您可以直接致电办理窗口咨询工作人员："
    else:
        intro = f"您可以致电{kb.hall_name}，由工作人员为您解答："
    lines = [intro, *contact_lines(kb, service), "已为您记录转人工请求。"]
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
        lines = ["办事指南的业务分为以下几类，您想看哪一类？"]
        lines += [f"{n}. {c.title}" for n, c in enumerate(choices, 1)]
        return {"text": "\n".join(lines), "buttons": buttons("category", choices, "list_services")}
    if len(categories) > 1:
        choices = [Choice(c.name, c.id) for c in categories]
        lines = ["这方面的业务较多，分为以下几类："]
        lines += [f"{n}. {c.title}（{len(kb.in_category(c.value))}项）" for n, c in enumerate(choices, 1)]
        return {"text": "\n".join(lines), "buttons": buttons("category", choices, "list_services")}
    category = categories[0]
    services = kb.in_category(category.id)
    lines = [f"“{category.name}”共有{len(services)}项业务："]
    lines += [f"{n}. {s.name}" for n, s in enumerate(services, 1)]
    lines.append("点击业务名称查看办事指南，或直接问“……需要什么材料”。")
    return {"text": "\n".join(lines), "buttons": buttons("service", _service_choices(services))}
