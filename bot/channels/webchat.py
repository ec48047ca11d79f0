"""Rasa's socket.io channel for the website's chat widget, with two repairs.

- With python-socketio 5.10 and newer, `AsyncServer.enter_room` is a
  coroutine that Rasa 3.6 does not await: the widget's session room was never
  entered and no answer reached the browser. The session handler is replaced
  by one that awaits it.
- Input is bounded at the edge: a message that is not text gets a polite
  answer; text longer than the NLU needs is cut, and the user told.
"""

from __future__ import annotations

import uuid
from typing import Any, Awaitable, Callable, Dict, Optional

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint

from bot.channels.limits import bounded
from bot.core import wording


class WebChatInput(SocketIOInput):
    @classmethod
    def name(cls) -> str:
        return "socketio"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = super().blueprint(on_new_message)
        sio = self.sio
        assert sio is not None
        rasa_handler = sio.handlers[self.namespace or "/"][self.user_message_evt]

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
            await rasa_handler(sid, {**data, "message": text})

        sio.on("session_request", session_request, namespace=self.namespace)
        sio.on(self.user_message_evt, user_message, namespace=self.namespace)
        return webhook
