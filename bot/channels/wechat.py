"""The WeChat official account as a Rasa input channel, built on wechatpy.

    GET  /webhooks/wechat/webhook   URL verification (signature, echostr)
    POST /webhooks/wechat/webhook   messages and events, plain or safe (AES) mode

Every POST must carry WeChat's signature (wrong: 403, nothing processed).
The XML is parsed by a hardened parser first (no DTD, no entities; malformed:
400). The conversation id is the user's OpenID. WeChat waits 5 seconds and
retries the same MsgId: a retry is answered from the first run, never
processed twice; a reply that misses the window is answered "success" and
given to the user before the answer to their next message. A sender who
posts faster than a person is paced (bot/channels/pacing.py).

Configuration (environment): WECHAT_TOKEN, WECHAT_APP_ID, WECHAT_AES_KEY
(the EncodingAESKey; without it only plain mode is accepted),
WECHAT_REPLY_SECONDS (default 4.5).
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable, Dict, List, Optional, Tuple
from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree as SafeXML
from defusedxml import DefusedXmlException
from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from wechatpy import create_reply, parse_message
from wechatpy.crypto import WeChatCrypto
from wechatpy.exceptions import InvalidAppIdException, InvalidSignatureException
from wechatpy.utils import check_signature

from bot.channels.limits import bounded
from bot.channels.pacing import Pacer
from bot.channels.silence import never_silent
from bot.channels.wechat_pages import asks_for_more, picked_option, reply_of, with_next_page
from bot.core import wording

logger = logging.getLogger(__name__)

# WeChat gives up after 5 s; leave time for the network.
DEFAULT_REPLY_SECONDS = 4.5
# WeChat's messages are small; anything bigger is not from WeChat.
MAX_BODY_BYTES = 16 * 1024
# How long a MsgId's reply is kept for WeChat's retries, and a user's pages.
RETRY_SECONDS = 60
STATE_SECONDS = 30 * 60
SUCCESS = "success"  # WeChat's "received, no reply" answer


@dataclass
class UserState:
    pages: List[str] = field(default_factory=list)  # pages still to read with “更多”
    options: List[str] = field(default_factory=list)  # payloads of the numbered options shown last
    late: List[str] = field(default_factory=list)  # a reply that missed WeChat's window
    touched: float = field(default_factory=time.monotonic)


class Conversations:
    """Per-user paging state and recent MsgIds, in this process's memory."""

    def __init__(self) -> None:
        self.users: Dict[str, UserState] = {}
        self.replies: Dict[str, Tuple[asyncio.Task[str], float]] = {}  # MsgId → its reply, and when it came

    def user(self, open_id: str) -> UserState:
        self._forget_old()
        state = self.users.setdefault(open_id, UserState())
        state.touched = time.monotonic()
        return state

    def _forget_old(self) -> None:
        now = time.monotonic()
        for open_id in [u for u, s in self.users.items() if now - s.touched > STATE_SECONDS]:
            del self.users[open_id]
        for key in [k for k, (_, at) in self.replies.items() if now - at > RETRY_SECONDS]:
            del self.replies[key]


OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


class WeChatInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "wechat"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> InputChannel:
        credentials = credentials or {}
        setting = lambda key, env: str(credentials.get(key) or os.environ.get(env) or "")  # noqa: E731
        seconds = float(setting("reply_seconds", "WECHAT_REPLY_SECONDS") or DEFAULT_REPLY_SECONDS)
        return cls(
            setting("token", "WECHAT_TOKEN"),
            setting("app_id", "WECHAT_APP_ID"),
            setting("encoding_aes_key", "WECHAT_AES_KEY"),
            seconds,
        )

    def __init__(self, token: str, app_id: str, aes_key: str, reply_seconds: float = DEFAULT_REPLY_SECONDS):
        self.token = token
        self.crypto = WeChatCrypto(token, aes_key, app_id) if token and aes_key and app_id else None
        self.reply_seconds = reply_seconds
        self.conversations = Conversations()

    # --- HTTP ---

    def _signed(self, request: Request) -> bool:
        args = request.args
        try:
            check_signature(self.token, args.get("signature", ""), args.get("timestamp", ""), args.get("nonce", ""))
        except InvalidSignatureException:
            return False
        return True

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        hook = Blueprint("wechat_webhook", __name__)
        on_new_message = Pacer().paced(on_new_message)

        @hook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @hook.route("/webhook", methods=["GET"])
        async def verify(request: Request) -> HTTPResponse:
            if not self.token:
                return response.text("WeChat channel not configured", status=503)
            if not self._signed(request):
                return response.text("bad signature", status=403)
            return response.text(request.args.get("echostr", ""))

        @hook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not self.token:
                return response.text("WeChat channel not configured", status=503)
            if not self._signed(request):
                return response.text("bad signature", status=403)
            body = request.body or b""
            if len(body) > MAX_BODY_BYTES:
                return response.text("message too large", status=413)
            safe_mode = request.args.get("encrypt_type") == "aes"
            try:
                xml = self._plain_xml(body, request, safe_mode)
                message = parse_message(xml)
            except (InvalidSignatureException, InvalidAppIdException):
                return response.text("bad signature", status=403)
            except (ParseError, DefusedXmlException, ValueError, KeyError, TypeError) as error:
                logger.info("refused a WeChat message: %s", type(error).__name__)
                return response.text("malformed XML", status=400)
            text = await self.reply_text(message, on_new_message)
            if text == SUCCESS:
                return response.text(SUCCESS)
            xml_reply = create_reply(text, message).render()
            if safe_mode and self.crypto:
                xml_reply = self.crypto.encrypt_message(
                    xml_reply, request.args.get("nonce", ""), request.args.get("timestamp")
                )
            return response.text(xml_reply, content_type="application/xml")

        return hook

    def _plain_xml(self, body: bytes, request: Request, safe_mode: bool) -> str:
        """The message's XML, checked by a parser that refuses DTDs and entities."""
        SafeXML.fromstring(body, forbid_dtd=True, forbid_entities=True, forbid_external=True)
        if not safe_mode:
            return body.decode("utf-8")
        if not self.crypto:
            raise ValueError("safe mode without an EncodingAESKey")
        args = request.args
        xml = self.crypto.decrypt_message(
            body.decode("utf-8"), args.get("msg_signature", ""), args.get("timestamp", ""), args.get("nonce", "")
        )
        SafeXML.fromstring(xml.encode("utf-8"), forbid_dtd=True, forbid_entities=True, forbid_external=True)
        return xml

    # --- Conversation ---

    async def reply_text(self, message: Any, on_new_message: OnNewMessage) -> str:
        """The text to answer a WeChat message with, or SUCCESS for none."""
        text = self._user_text(message)
        if text is None:
            return SUCCESS  # unsubscribe, menu clicks and the like need no answer
        key = str(message.id) if message.id else f"{message.source}:{message.time}:{message.type}"
        if key not in self.conversations.replies:
            task = asyncio.ensure_future(self._answer(message.source, text, on_new_message))
            self.conversations.replies[key] = (task, time.monotonic())
        seen = self.conversations.replies[key][0]
        try:
            return await asyncio.wait_for(asyncio.shield(seen), self.reply_seconds)
        except asyncio.TimeoutError:
            if not getattr(seen, "late_noted", False):
                seen.late_noted = True  # type: ignore[attr-defined]
                seen.add_done_callback(lambda task: self._keep_late(message.source, task))
            return SUCCESS

    def _keep_late(self, open_id: str, task: asyncio.Future[str]) -> None:
        """A reply that missed the window: all its pages wait for the user's next message."""
        if not task.cancelled() and task.exception() is None:
            state = self.conversations.user(open_id)
            state.late, state.pages = [*state.late, task.result(), *state.pages], []

    def _user_text(self, message: Any) -> Optional[str]:
        if message.type == "text":
            return str(message.content or "")
        if message.type == "voice" and getattr(message, "recognition", None):
            return str(message.recognition)
        if message.type == "event":
            return "/greet" if message.event in ("subscribe", "subscribe_scan") else None
        return ""  # an image, a location, …: answered with what the assistant reads

    async def _answer(self, open_id: str, text: str, on_new_message: OnNewMessage) -> str:
        state = self.conversations.user(open_id)
        late, state.late = state.late, []
        if text == "":
            new = [wording.WECHAT_TEXT_ONLY]
        elif asks_for_more(text) and (state.pages or late):
            new = state.pages  # empty when only a late reply was waiting
        else:
            collector = CollectingOutputChannel()
            sent, note = bounded(picked_option(text, state.options) or text)
            try:
                await on_new_message(UserMessage(sent, collector, open_id, input_channel=self.name()))
            except Exception:  # the turn failed (logged); never_silent apologises
                logger.exception("a WeChat turn failed")
                collector.messages = []
            reply = reply_of(([{"text": note}] if note else []) + never_silent(collector.messages))
            new, state.options = reply.pages, reply.options
        if late and new:
            late[-1] = with_next_page(late[-1])
        pages = late + new or [wording.WECHAT_NO_MORE]
        first, state.pages = pages[0], pages[1:]
        return first
