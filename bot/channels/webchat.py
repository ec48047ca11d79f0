"""Rasa's socket.io channel for the website's chat widget, with two repairs.

- With python-socketio 5.10 and newer, `AsyncServer.enter_room` is a
  coroutine that Rasa 3.6 does not await: the widget's session room was never
  entered and no answer reached the browser. The session handler is replaced
  by one that awaits it.
- Input is bounded at the edge: a message that is not text gets a polite
  answer; text longer than the NLU needs is cut, and the user told; a
  sender who posts faster than a person is paced.
- No turn ends in silence: when a turn sent nothing to the widget (the action
  server or the database down), the widget gets an apology with the phones.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any, Awaitable, Callable, Dict, Optional

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint

from bot.channels.limits import bounded
from bot.channels.pacing import Pacer
from bot.channels.silence import apology
from bot.core import wording

logger = logging.getLogger(__name__)


class CountingOutput(SocketIOOutput):
    """Rasa's socket.io output that knows whether the turn said anything."""

    sent = 0

    async def _send_message(self, socket_id: str, response: Any) -> None:
        self.sent += 1
        await super()._send_message(socket_id, response)


class WebChatInput(SocketIOInput):
    @classmethod
    def name(cls) -> str:
        return "socketio"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        on_new_message = Pacer().paced(on_new_message)
        webhook = super().blueprint(on_new_message)
        sio = self.sio
        assert sio is not None

        async def session_request(sid: str, data: Optional[Dict]) -> None:
            data = data if isinstance(data, dict) else {}
            session_id = data.get("session_id") if isinstance(data.get("session_id"), str) else None
            session_id = session_id or uuid.uuid4().hex
            if self.session_persistence:
                await sio.enter_room(sid, session_id)
            await sio.emit("session_confirm", session_id, room=sid)

        async def user_message(sid: str, data: Any = None) -> None:
            if not isinstance(data, dict) or not isinstance(data.get("message"), str):
                await sio.emit(self.bot_message_evt, {"text": wording.NOT_TEXT}, room=sid)
                return
            text, note = bounded(data["message"])
            if note:
                await sio.emit(self.bot_message_evt, {"text": note}, room=sid)
            session_id = data.get("session_id")
            sender = session_id if self.session_persistence and isinstance(session_id, str) and session_id else sid
            metadata = data.get(self.metadata_key) if isinstance(data.get(self.metadata_key), dict) else None
            output = CountingOutput(sio, self.bot_message_evt)
            message = UserMessage(text, output, sender, input_channel=self.name(), metadata=metadata)
            try:
                await on_new_message(message)
            except Exception:  # the turn failed (logged); the user still gets an answer
                logger.exception("a socket.io turn failed")
            if not output.sent:
                await sio.emit(self.bot_message_evt, apology(), room=sid)

        sio.on("session_request", session_request, namespace=self.namespace)
        sio.on(self.user_message_evt, user_message, namespace=self.namespace)
        return webhook
