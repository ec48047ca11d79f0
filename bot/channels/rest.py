"""Rasa's REST channel, strict about what it accepts.

Rasa's own REST channel answers a request without a `message` with `200 []`
and one without a body with a 500. This one refuses them with 400 and says
why, before anything reaches the assistant; the URL stays
`/webhooks/rest/webhook`. Messages longer than the channels' limit are cut
before the NLU, and the reply begins with a note that says so; a sender who
posts faster than a person is paced; a turn that produced nothing (the
action server down) gets an apology with the phones.
"""

from __future__ import annotations

import json
from typing import Any, Awaitable, Callable, Optional

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.exceptions import SanicException
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.limits import bounded
from bot.channels.pacing import Pacer
from bot.channels.silence import never_silent


def request_problem(request: Request) -> Optional[str]:
    """What is wrong with a webhook request, or None."""
    try:
        body = request.json
    except SanicException:
        return "the body is not valid JSON"
    if not isinstance(body, dict):
        return 'the body must be a JSON object: {"sender": "…", "message": "…"}'
    for field in ("sender", "message"):
        if not isinstance(body.get(field), str):
            return f"'{field}' must be a string"
    if not body["sender"].strip():
        return "'sender' must not be empty"
    return None


class StrictRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def _extract_message(self, req: Request) -> Optional[str]:
        text, note = bounded(str(super()._extract_message(req) or ""))
        req.ctx.length_note = note
        return text

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = super().blueprint(Pacer().paced(on_new_message))

        @webhook.middleware("request")
        async def refuse_bad_requests(request: Request) -> Optional[HTTPResponse]:
            if request.method != "POST" or not request.path.endswith("/webhook"):
                return None
            problem = request_problem(request)
            return response.json({"error": problem}, status=400) if problem else None

        @webhook.middleware("response")
        async def complete_the_reply(request: Request, answer: HTTPResponse) -> Optional[HTTPResponse]:
            if request.method != "POST" or answer.status != 200 or answer.content_type != "application/json":
                return None
            replies = json.loads(answer.body or b"[]")
            if not replies:  # nothing came back: never leave the user in silence
                return response.json(never_silent([]))
            note = getattr(request.ctx, "length_note", None)
            if not note:
                return None
            # What was cut is said first.
            return response.json([{"recipient_id": replies[0]["recipient_id"], "text": note}, *replies])

        return webhook
