"""Rasa's calls to the action server over connections that are kept open.

Rasa's `EndpointConfig.request` builds a new aiohttp session for every call,
so each action call opens a TCP connection and closes it again; a turn makes
three. Here each endpoint keeps one session for the event loop it was made
in (a server has one; tests run several), and its connections are reused.
A connection idle for longer than IDLE_SECONDS is closed by this side first,
before the action server's keep-alive timeout (5 s in Sanic) closes it under
a request on its way.
"""

from __future__ import annotations

import asyncio
from typing import Any, Dict, Optional, Tuple

import aiohttp
from rasa.core.constants import DEFAULT_REQUEST_TIMEOUT
from rasa.utils.endpoints import EndpointConfig

IDLE_SECONDS = 2.0

RASA_SESSION = EndpointConfig.session

# Per endpoint: the event loop a session was made in, and the session.
_SESSIONS: Dict[Tuple[str, str], Tuple[asyncio.AbstractEventLoop, aiohttp.ClientSession]] = {}


class _Borrowed:
    """`async with` that lends the kept session without closing it afterwards."""

    def __init__(self, session: aiohttp.ClientSession):
        self.session = session

    async def __aenter__(self) -> aiohttp.ClientSession:
        return self.session

    async def __aexit__(self, *_: Any) -> Optional[bool]:
        return None


def _new_session(endpoint: EndpointConfig) -> aiohttp.ClientSession:
    """What Rasa's `EndpointConfig.session` builds, with connections kept."""
    login = endpoint.basic_auth
    return aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(keepalive_timeout=IDLE_SECONDS),
        headers=endpoint.headers,
        auth=aiohttp.BasicAuth(login["username"], login["password"]) if login else None,
        timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
    )


def kept_session(endpoint: EndpointConfig) -> _Borrowed:
    key = (str(endpoint.url), repr((endpoint.headers, endpoint.basic_auth)))
    loop = asyncio.get_running_loop()
    made_in, session = _SESSIONS.get(key, (None, None))
    if made_in is not loop or session is None or session.closed:
        # A session serves only the loop it was made in (tests run several).
        session = _new_session(endpoint)
        _SESSIONS[key] = (loop, session)
    return _Borrowed(session)


def keep_action_connections() -> None:
    EndpointConfig.session = kept_session  # type: ignore[assignment]
