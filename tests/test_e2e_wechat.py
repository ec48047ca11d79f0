"""End to end: the WeChat channel of a real Rasa server, with wechatpy as
WeChat's side (signatures, safe-mode encryption, reply parsing)."""

from __future__ import annotations

import itertools
import time
import uuid
from typing import Dict, Optional

import pytest
import requests
from wechatpy import parse_message
from wechatpy.crypto import WeChatCrypto
from wechatpy.utils import WeChatSigner

from bot.core import wording
from bot.tools.servers import WECHAT

pytestmark = pytest.mark.e2e

ACCOUNT = "gh_chaoyang_hrss"
_ids = itertools.count(int(time.time() * 1000))


def signed(nonce: str = "nonce42", token: str = WECHAT["WECHAT_TOKEN"]) -> Dict[str, str]:
    timestamp = str(int(time.time()))
    signer = WeChatSigner()
    signer.add_data(token, timestamp, nonce)
    return {"signature": signer.signature, "timestamp": timestamp, "nonce": nonce}


def text_xml(user: str, text: str, msg_id: int) -> str:
    return (
        f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName><FromUserName><![CDATA[{user}]]></FromUserName>"
        f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
        f"<Content><![CDATA[{text}]]></Content><MsgId>{msg_id}</MsgId></xml>"
    )


def event_xml(user: str, event: str) -> str:
    return (
        f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName><FromUserName><![CDATA[{user}]]></FromUserName>"
        f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[event]]></MsgType>"
        f"<Event><![CDATA[{event}]]></Event></xml>"
    )


class WeChat:
    """What WeChat's servers do: sign (and in safe mode encrypt) what a user sends."""

    def __init__(self, url: str):
        self.url = f"{url}/webhooks/wechat/webhook"
        self.crypto = WeChatCrypto(WECHAT["WECHAT_TOKEN"], WECHAT["WECHAT_AES_KEY"], WECHAT["WECHAT_APP_ID"])

    def post(self, xml: str, safe: bool = False, params: Optional[Dict] = None) -> requests.Response:
        params = params or signed()
        body = xml
        if safe:
            body = self.crypto.encrypt_message(xml, params["nonce"], params["timestamp"])
            params = {**params, "encrypt_type": "aes", "msg_signature": parse_message_signature(body)}
        return requests.post(self.url, params=params, data=body.encode("utf-8"), timeout=10)

    def say(self, user: str, text: str, safe: bool = False, msg_id: Optional[int] = None) -> str:
        response = self.post(text_xml(user, text, msg_id or next(_ids)), safe=safe)
        assert response.status_code == 200, response.text
        xml = response.text
        if safe:
            xml = self.crypto.decrypt_message(
                xml, parse_message_signature(xml), _tag(xml, "TimeStamp"), _tag(xml, "Nonce")
            )
        reply = parse_message(xml)
        assert reply.source == ACCOUNT and reply.target == user  # a reply goes back to the sender
        assert len(reply.content.encode("utf-8")) <= 2048
        return reply.content


def _tag(xml: str, name: str) -> str:
    start = xml.index(f"<{name}>") + len(name) + 2
    value = xml[start : xml.index(f"</{name}>")]
    return value.removeprefix("<![CDATA[").removesuffix("]]>")


def parse_message_signature(xml: str) -> str:
    return _tag(xml, "MsgSignature")


@pytest.fixture(scope="module")
def wechat(assistant):
    return WeChat(assistant.url)


def user() -> str:
    return f"o{uuid.uuid4().hex[:27]}"


def test_url_verification_echoes_only_when_signed(wechat):
    assert requests.get(wechat.url, params={**signed(), "echostr": "abc123"}, timeout=10).text == "abc123"
    bad = {**signed(), "signature": "0" * 40, "echostr": "abc123"}
    assert requests.get(wechat.url, params=bad, timeout=10).status_code == 403


def test_a_text_question_is_answered_from_the_knowledge_base(wechat, kb):
    reply = wechat.say(user(), "企业社会保险登记需要什么材料")
    assert kb.get("enterprise_registration").materials.common[0] in reply


def test_a_question_in_safe_mode_gets_an_encrypted_answer(wechat):
    assert "60日" in wechat.say(user(), "工伤认定多久能办好", safe=True)


def test_subscribing_gets_a_welcome_that_says_what_to_ask(wechat):
    response = wechat.post(event_xml(user(), "subscribe"))
    welcome = parse_message(response.text).content
    assert "材料" in welcome and "业务" in welcome


def test_unsubscribing_needs_no_answer(wechat):
    assert wechat.post(event_xml(user(), "unsubscribe")).text == "success"


def test_a_numbered_option_is_picked_by_its_number(wechat, kb):
    someone = user()
    question = wechat.say(someone, "多缴的社保怎么退")
    assert "1. " in question
    service = kb.get("contribution_refund")
    first = service.materials.cases.options[0]
    answer = wechat.say(someone, "1")
    assert first.materials[0] in answer or service.materials.common[0] in answer


def test_a_long_answer_is_paged_and_more_reads_on(wechat):
    someone = user()
    first = wechat.say(someone, "工伤认定需要什么材料，所有情况都列出来")
    assert first.endswith(wording.WECHAT_NEXT_PAGE)
    second = wechat.say(someone, "更多")
    assert second and second != first


def test_a_retried_msg_id_is_answered_alike_and_processed_once(wechat, assistant):
    someone, msg_id = user(), next(_ids)
    first = wechat.say(someone, "灵活就业参保登记在哪办", msg_id=msg_id)
    retry = wechat.say(someone, "灵活就业参保登记在哪办", msg_id=msg_id)
    assert first == retry
    events = assistant.tracker(someone)["events"]
    assert [e["text"] for e in events if e["event"] == "user"] == ["灵活就业参保登记在哪办"]


def test_two_users_conversations_are_kept_apart(wechat, kb):
    a, b = user(), user()
    wechat.say(a, "参保单位注销需要什么材料")
    assert wording.ASK_SERVICE in wechat.say(b, "在哪办")  # b named no service
    assert kb.get("employer_deregistration").name in wechat.say(a, "在哪办")


def test_a_wrong_signature_is_refused_and_nothing_is_processed(wechat, assistant):
    someone = user()
    bad = {**signed(), "signature": "f" * 40}
    response = wechat.post(text_xml(someone, "你好", next(_ids)), params=bad)
    assert response.status_code == 403
    assert not [e for e in assistant.tracker(someone)["events"] if e["event"] == "user"]


def test_malformed_xml_gets_400(wechat):
    assert wechat.post("<xml><MsgType>text</MsgType><Content>未闭合").status_code == 400
    assert wechat.post("这不是XML").status_code == 400


def test_an_entity_bomb_is_refused_at_once(wechat):
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa">'
        + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
        + "]><xml><Content>&i;</Content></xml>"
    )
    # A hang would trip the timeout: the parser refuses the DTD before expanding anything.
    assert wechat.post(bomb).status_code == 400


def test_an_image_gets_a_polite_text_only_answer(wechat):
    someone = user()
    xml = (
        f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName><FromUserName><![CDATA[{someone}]]></FromUserName>"
        f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[image]]></MsgType>"
        f"<PicUrl><![CDATA[http://example.invalid/a.jpg]]></PicUrl><MediaId><![CDATA[m1]]></MediaId>"
        f"<MsgId>{next(_ids)}</MsgId></xml>"
    )
    assert parse_message(wechat.post(xml).text).content == wording.WECHAT_TEXT_ONLY
