"""End to end: bad input on every channel gets a polite reply or a clear 4xx,
never echoes markup, and leaves the server answering everyone else."""

from __future__ import annotations

import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Dict, List

import pytest
import requests
import socketio

from bot.channels.limits import MAX_MESSAGE_CHARS
from bot.core import wording
from tests.test_e2e_wechat import WeChat, text_xml

pytestmark = pytest.mark.e2e

HUGE = "我想问一下退休的事情" * 2_000  # 20,000 characters
BAD_TEXTS = {
    "empty": "",
    "whitespace": "   \n\t ",
    "emoji": "😀🙏🏻👍",
    "script": "<script>alert('x')</script>",
    "html": "<img src=x onerror=alert(1)><b>粗体</b>",
    "sql": "'; DROP TABLE events; --",
    "huge": HUGE,
}


def polite(texts: List[str]) -> bool:
    """Some Chinese answer, and no markup of the user's echoed back."""
    joined = "\n".join(texts)
    return bool(joined.strip()) and "<script" not in joined and "<img" not in joined and "<b>" not in joined


def still_answers(assistant, kb) -> None:
    reply = "\n".join(r.get("text", "") for r in assistant.send("企业社会保险登记需要什么材料"))
    assert kb.get("enterprise_registration").materials.common[0] in reply


@pytest.mark.parametrize("kind", BAD_TEXTS)
def test_rest_answers_bad_text_politely(assistant, kind):
    replies = assistant.send(BAD_TEXTS[kind])
    assert polite([r.get("text", "") for r in replies])
    if kind == "huge":
        assert replies[0]["text"] == wording.MESSAGE_CUT.format(limit=MAX_MESSAGE_CHARS)


@pytest.mark.parametrize(
    "body, content_type",
    [
        (b'{"sender": "a", "message": "\xff\xfe"}', "application/json"),  # invalid UTF-8
        (b"sender=a&message=hi", "application/x-www-form-urlencoded"),
        (b"", "application/json"),
        (b'{"sender": "a"}', "application/json"),
        (b'{"message": "hi"}', "application/json"),
        (b'{"sender": 1, "message": ["hi"]}', "application/json"),
        (b"[1, 2, 3]", "application/json"),
    ],
)
def test_rest_refuses_malformed_requests_with_400(assistant, kb, body, content_type):
    response = requests.post(
        f"{assistant.url}/webhooks/rest/webhook", data=body, headers={"Content-Type": content_type}, timeout=30
    )
    assert response.status_code == 400 and response.json()["error"]


def test_a_flood_from_one_sender_is_answered_and_holds_nobody_up(assistant, kb):
    sender = f"flood-{uuid.uuid4().hex[:8]}"
    with ThreadPoolExecutor(max_workers=8) as pool:
        replies = list(pool.map(lambda n: assistant.send(f"退休要什么材料{n}", sender), range(16)))
    assert all(replies)
    still_answers(assistant, kb)


def test_a_sender_posting_long_messages_in_a_loop_is_told_to_slow_down(assistant, kb):
    sender = f"long-flood-{uuid.uuid4().hex[:8]}"
    with ThreadPoolExecutor(max_workers=12) as pool:
        replies = list(pool.map(lambda _: assistant.send(HUGE, sender), range(12)))
    texts = [[r.get("text", "") for r in reply] for reply in replies]
    assert all(polite(t) for t in texts)
    assert sum(wording.TOO_FAST in t for t in texts) >= 1
    still_answers(assistant, kb)


class Widget:
    """The website widget's side of socket.io (the protocol rasa-webchat speaks)."""

    def __init__(self, url: str):
        self.client = socketio.Client(reconnection=False)
        self.received: List[Dict] = []
        self.confirmed = threading.Event()
        self.client.on("bot_uttered", self.received.append)
        self.client.on("session_confirm", lambda *_: self.confirmed.set())
        self.session = uuid.uuid4().hex
        self.client.connect(url, socketio_path="/socket.io", transports=["polling"], wait_timeout=30)
        self.client.emit("session_request", {"session_id": self.session})
        assert self.confirmed.wait(30)

    def say(self, data, quiet: float = 1.0, limit: float = 60.0) -> List[str]:
        """Sends raw event data; returns the texts received until the answers stop."""
        self.received.clear()
        self.client.emit("user_uttered", data)
        start = time.monotonic()
        last = len(self.received)
        settled = time.monotonic()
        while time.monotonic() - start < limit:
            time.sleep(0.2)
            if len(self.received) != last:
                last, settled = len(self.received), time.monotonic()
            elif self.received and time.monotonic() - settled > quiet:
                break
        return [str(m.get("text", "")) for m in self.received]

    def close(self) -> None:
        # Abort: a polite close waits for the pending long poll (about 25 s).
        self.client.eio.disconnect(abort=True)


@pytest.fixture
def widget(assistant):
    client = Widget(assistant.url)
    yield client
    client.close()


@pytest.mark.parametrize("kind", BAD_TEXTS)
def test_socketio_answers_bad_text_politely(widget, kind):
    texts = widget.say({"message": BAD_TEXTS[kind], "session_id": widget.session})
    assert polite(texts)
    if kind == "huge":
        assert texts[0] == wording.MESSAGE_CUT.format(limit=MAX_MESSAGE_CHARS)


@pytest.mark.parametrize("data", [{"session_id": "x"}, {"message": 42}, "只是一个字符串", None])
def test_socketio_messages_without_text_get_a_polite_answer(widget, data, assistant, kb):
    assert widget.say(data) == [wording.NOT_TEXT]
    still_answers(assistant, kb)


@pytest.mark.parametrize("kind", BAD_TEXTS)
def test_wechat_answers_bad_text_politely(assistant, kind):
    wechat = WeChat(assistant.url)
    user = f"o{uuid.uuid4().hex[:27]}"
    text = BAD_TEXTS[kind]
    if kind == "huge":
        # WeChat itself caps a text message at 2048 bytes; a client cannot send more.
        text = text[:600]
    reply = wechat.say(user, text)
    assert polite([reply])
    if kind == "huge":
        assert reply.startswith(wording.MESSAGE_CUT.format(limit=MAX_MESSAGE_CHARS))


def test_wechat_refuses_an_oversized_body(assistant):
    wechat = WeChat(assistant.url)
    assert wechat.post(text_xml("o-big", HUGE * 2, 1)).status_code == 413
