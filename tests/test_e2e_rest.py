"""End to end: real action server and Rasa server, questions over the REST channel."""

from __future__ import annotations

import json
from typing import Dict, List, Optional, Tuple

import pytest
import requests

from bot.core.schema import CaseOption, Service

pytestmark = pytest.mark.e2e


def texts(replies: List[Dict]) -> str:
    return "\n".join(r.get("text", "") for r in replies)


def button_choice(replies: List[Dict], entity: str) -> List[Tuple[str, str]]:
    """(value, payload) of the buttons that fill `entity` in the last reply with buttons."""
    for reply in reversed(replies):
        found = []
        for button in reply.get("buttons") or []:
            payload = button["payload"]
            if payload.startswith("/choose{"):
                data = json.loads(payload[len("/choose") :])
                if entity in data:
                    found.append((data[entity], payload))
        if found:
            return found
    return []


def ask_through(assistant, service: Service, message: str) -> Tuple[str, List[CaseOption]]:
    """Sends a question, then answers "which service?" and "which case?" buttons
    (always the first case) until the assistant answers; returns every reply."""
    sender = f"e2e-{service.id}-{abs(hash(message))}"
    replies = assistant.send(message, sender)
    transcript, chosen = texts(replies), []
    options = {o.id: o for o in service.case_options}
    for _ in range(4):
        services = button_choice(replies, "service")
        cases = [(v, p) for v, p in button_choice(replies, "case") if v in options]
        if services:
            payload = dict(services).get(service.id)
            if payload is None:
                break
        elif cases:
            chosen.append(options[cases[0][0]])
            payload = cases[0][1]
        else:
            break
        replies = assistant.send(payload, sender)
        transcript += "\n" + texts(replies)
    return transcript, chosen


def first_material(service: Service, chosen: List[CaseOption]) -> Optional[str]:
    materials = service.materials
    if materials.common:
        return materials.common[0]
    for option in reversed(chosen):
        if option.materials:
            return option.materials[0]
    return materials.groups[0].items[0] if materials.groups else None


def test_issue_examples(assistant, kb):
    reply = texts(assistant.send("企业社会保险登记需要什么材料"))
    assert kb.get("enterprise_registration").materials.common[0] in reply
    assert "60日" in texts(assistant.send("工伤认定多久能办好"))


def test_pinyin_typed_in_latin_letters_is_understood(assistant, kb):
    reply = texts(assistant.send("gongshang rending yao sha cailiao", "e2e-pinyin"))
    assert kb.get("injury_identification").materials.common[0] in reply
    tracker = assistant.tracker("e2e-pinyin")
    assert tracker["slots"]["service"] == "injury_identification"
    assert tracker["latest_message"]["intent"]["name"] == "ask_materials"


def test_every_service_asked_by_official_name_gets_its_first_material(assistant, kb):
    missing = []
    for service in kb.services:
        transcript, chosen = ask_through(assistant, service, f"{service.name}需要什么材料")
        expected = first_material(service, chosen)
        if not expected or expected not in transcript:
            missing.append((service.id, expected, transcript[:200]))
    assert not missing, missing


def sample_services(kb, count=20):
    """Twenty services: those with per-district offices, one without a phone, then every fourth."""
    picked = [s for s in kb.services if s.has_district_offices][:2]
    picked += [s for s in kb.services if not any(o.phones for o in s.offices)][:1]
    for service in kb.services[::4]:
        if len(picked) < count and service not in picked:
            picked.append(service)
    return picked


def test_time_limit_of_twenty_services(assistant, kb):
    services = sample_services(kb)
    assert len(services) >= 20
    wrong = []
    for service in services:
        transcript, _ = ask_through(assistant, service, f"{service.name}多久能办好")
        if service.time_limit.text not in transcript:
            wrong.append((service.id, service.time_limit.text, transcript[:200]))
    assert not wrong, wrong


def test_phone_of_twenty_services(assistant, kb):
    services = sample_services(kb)
    wrong = []
    for service in services:
        sender = f"e2e-phone-{service.id}"
        replies = assistant.send(f"{service.name}的电话是多少", sender)
        transcript = texts(replies)
        districts = button_choice(replies, "district")
        office = service.offices[0]
        if districts:  # offices per district: the assistant asks where first
            district, payload = districts[0]
            office = next(o for o in service.offices if o.district == district)
            transcript += texts(assistant.send(payload, sender))
        if office.phones:
            ok = all(phone in transcript for phone in office.phones)
        else:
            ok = "没有列出" in transcript
        if not ok:
            wrong.append((service.id, office.phones, transcript[:200]))
    assert not wrong, wrong


BAD_INPUT = {
    "empty": "",
    "whitespace": "   ",
    "emoji": "😀😀😀",
    "markup": "<script>alert(1)</script>",
    "huge": "社保" * 10000,
    "control characters": "\x00\x07",
    "not a service": "宇宙飞船驾驶证需要什么材料",
    "unknown command": "/no_such_intent",
    "unknown case": '/choose{"case":"no_such_case"}',
    "restart": "/restart",
}


@pytest.mark.parametrize("message", BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_bad_input_gets_a_polite_reply_and_the_conversation_goes_on(assistant, kb, message):
    service = kb.get("enterprise_registration")
    sender = f"bad-{abs(hash(message))}"
    assistant.send(f"{service.name}需要什么材料", sender)
    replies = assistant.send(message, sender)
    assert texts(replies).strip(), f"no reply to {message[:20]!r}"
    # The same conversation answers the next question, and a follow-up about it.
    assert service.offices[0].phones[0] in texts(assistant.send(f"{service.name}电话多少", sender))
    assert service.time_limit.text in texts(assistant.send("那要多久", sender))


def test_a_service_the_guide_does_not_have_is_said_so(assistant):
    replies = assistant.send("宇宙飞船驾驶证需要什么材料", "not-a-service")
    assert "没有找到" in texts(replies)
    assert any(b["payload"] == "/list_services" for r in replies for b in r.get("buttons") or [])


BAD_REQUESTS = {
    "no body": b"",
    "not JSON": b"{sender:",
    "a list": b'["a", "b"]',
    "no message": b'{"sender": "u1"}',
    "message not a string": b'{"sender": "u1", "message": 5}',
    "no sender": b'{"message": "\xe5\x9c\xa8\xe5\x93\xaa\xe5\x8a\x9e"}',
    "empty sender": b'{"sender": " ", "message": "hi"}',
}


@pytest.mark.parametrize("body", BAD_REQUESTS.values(), ids=BAD_REQUESTS.keys())
def test_a_request_without_a_string_sender_and_message_is_refused(assistant, body):
    response = requests.post(
        f"{assistant.url}/webhooks/rest/webhook", data=body, headers={"Content-Type": "application/json"}, timeout=30
    )
    assert response.status_code == 400 and response.json()["error"]
    # The server is still there for everyone else.
    assert assistant.send("工伤认定需要什么材料", "after-a-bad-request")


def test_a_huge_message_is_cut_before_the_nlu_and_the_reply_says_so(assistant):
    from bot.channels.limits import MAX_MESSAGE_CHARS
    from bot.core import wording

    replies = assistant.send("多缴的社保怎么退" + "。" * 20_000)
    assert replies[0]["text"] == wording.MESSAGE_CUT.format(limit=MAX_MESSAGE_CHARS)
    assert len(replies) > 1  # and the question in the part read is answered
