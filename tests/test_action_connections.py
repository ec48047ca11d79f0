"""Calls to the action server over kept connections, without Rasa's server."""

import asyncio

from aiohttp import web
from rasa.utils.endpoints import EndpointConfig

from bot.action_connections import RASA_SESSION, keep_action_connections


def calls_and_client_ports(times: int):
    """Replies of `times` calls through Rasa's endpoint, and the client ports they came from."""

    async def scenario():
        ports = []

        async def handler(request: web.Request) -> web.Response:
            ports.append(request.transport.get_extra_info("peername")[1])
            return web.json_response({"events": [], "responses": []})

        app = web.Application()
        app.router.add_post("/webhook", handler)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = runner.addresses[0][1]
        endpoint = EndpointConfig(f"http://127.0.0.1:{port}/webhook")
        replies = [await endpoint.request(json={"next_action": "x"}, method="post") for _ in range(times)]
        await runner.cleanup()
        return replies, ports

    return asyncio.run(scenario())


def test_rasa_opens_a_connection_per_call(monkeypatch):
    monkeypatch.setattr(EndpointConfig, "session", RASA_SESSION)
    _, ports = calls_and_client_ports(3)
    assert len(set(ports)) == 3


def test_kept_connections_serve_every_call_over_one(monkeypatch):
    monkeypatch.setattr(EndpointConfig, "session", EndpointConfig.session)
    keep_action_connections()
    replies, ports = calls_and_client_ports(3)
    assert replies == [{"events": [], "responses": []}] * 3
    assert len(set(ports)) == 1


def test_each_event_loop_gets_its_own_kept_session(monkeypatch):
    monkeypatch.setattr(EndpointConfig, "session", EndpointConfig.session)
    keep_action_connections()
    # A session made in a loop that has ended is never lent to the next one.
    for _ in range(2):
        replies, ports = calls_and_client_ports(2)
        assert replies == [{"events": [], "responses": []}] * 2 and len(set(ports)) == 1
