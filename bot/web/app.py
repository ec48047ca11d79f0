"""The web server of the pages: chat page, checklists and the staff console.

It runs beside the Rasa server, not inside it: the staff console must still
search the knowledge base when the Rasa server is down.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hmac
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import List, Optional

import sqlalchemy as sa
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.config import setting
from bot.core import checklist as checklists
from bot.core.knowledge import get_knowledge_base
from bot.core.resolve import get_resolver
from bot.paths import ROOT
from bot.staff import queue, unanswered
from bot.staff.card import card
from bot.staff.search import search
from bot.web import pages

STATIC_DIR = Path(__file__).parent / "static"
WIDGET_SCRIPT = ROOT / "node_modules" / "rasa-webchat" / "lib" / "index.js"
# The widget's styles import a web font from Google: the page must not reach
# outside the bureau's servers, so the import is dropped (system fonts are used).
WEB_FONT_IMPORT = "@import url(https://fonts.googleapis.com/css?family=Inter:400,500,700&display=swap);"
# A caller's words, as staff type them: no more is needed to find a service.
MAX_QUERY_CHARS = 200


@dataclass(frozen=True)
class WebConfig:
    rasa_url: Optional[str]  # where this server reaches Rasa (parse, tracker store via endpoints)
    rasa_token: Optional[str]
    socket_url: str  # where browsers reach Rasa's socket.io channel ("" = same host, rasa_port)
    rasa_port: int
    staff_user: Optional[str]
    staff_password: Optional[str]
    endpoints: Path


def _staff_refusal(request: Request, config: WebConfig) -> Optional[HTTPResponse]:
    """None if the request carries the staff login; else the answer that asks for it."""
    if not (config.staff_user and config.staff_password):
        return response.text("员工登录尚未配置（STAFF_USER / STAFF_PASSWORD）。", status=503)
    header = request.headers.get("authorization", "")
    if header.startswith("Basic "):
        try:
            user, _, password = base64.b64decode(header[6:]).decode("utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError):
            user, password = "", ""
        if hmac.compare_digest(user, config.staff_user) and hmac.compare_digest(password, config.staff_password):
            return None
    return response.text(
        "请登录员工控制台。", status=401, headers={"WWW-Authenticate": 'Basic realm="staff", charset="UTF-8"'}
    )


def create_app(config: WebConfig) -> Sanic:
    app = Sanic("assistant_web")
    kb = get_knowledge_base()
    app.static("/static", str(STATIC_DIR))

    @lru_cache(maxsize=1)
    def store() -> Optional[sa.engine.Engine]:
        url = queue.store_url(config.endpoints)
        return sa.create_engine(url) if url else None

    @app.middleware("request")
    async def staff_only(request: Request) -> Optional[HTTPResponse]:
        if request.path == "/staff" or request.path.startswith("/staff/"):
            return _staff_refusal(request, config)
        return None

    @app.middleware("response")
    async def safe_headers(request: Request, resp: HTTPResponse) -> None:
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        resp.headers.setdefault("Referrer-Policy", "same-origin")

    @app.get("/health")
    async def health(_: Request) -> HTTPResponse:
        return response.json({"status": "ok"})

    @app.get("/")
    async def chat(_: Request) -> HTTPResponse:
        widget = {"socketUrl": config.socket_url, "rasaPort": str(config.rasa_port)}
        return response.html(pages.chat_page(kb, widget))

    @lru_cache(maxsize=1)
    def widget_script_text() -> str:
        return WIDGET_SCRIPT.read_text(encoding="utf-8").replace(WEB_FONT_IMPORT, "")

    @app.get("/vendor/webchat.js")
    async def widget_script(_: Request) -> HTTPResponse:
        if not WIDGET_SCRIPT.exists():
            return response.text("聊天组件未安装：请运行 make run（它会执行 npm ci）。", status=503)
        return response.text(widget_script_text(), content_type="application/javascript; charset=utf-8")

    @app.get("/checklist/<service_id>")
    async def checklist_of_service(request: Request, service_id: str) -> HTTPResponse:
        return checklist_page(request, service_id, None)

    @app.get("/checklist/<service_id>/<case_id>")
    async def checklist_of_case(request: Request, service_id: str, case_id: str) -> HTTPResponse:
        return checklist_page(request, service_id, case_id)

    def checklist_page(request: Request, service_id: str, case_id: Optional[str]) -> HTTPResponse:
        service = kb.get(service_id)
        if not service:
            return response.html(pages.not_found_page("办事指南里没有这项业务。"), status=404)
        if not checklists.known_case(service, case_id):
            return response.html(pages.not_found_page(f"“{service.name}”没有这种情况。"), status=404)
        district = kb.district_named(request.args.get("district") or "")
        sheet = checklists.checklist(service, case_id, district)
        return response.html(pages.checklist_page(kb, sheet))

    @app.get("/staff")
    async def staff(_: Request) -> HTTPResponse:
        return await response.file(str(STATIC_DIR / "staff.html"))

    @app.get("/staff/api/search")
    async def staff_search(request: Request) -> HTTPResponse:
        text = (request.args.get("q") or "").strip()[:MAX_QUERY_CHARS]
        if not text:
            return response.json({"results": [], "nlu": None})
        found = search(get_resolver(), text, config.rasa_url, config.rasa_token)
        return response.json({"results": [asdict(r) for r in found.results], "nlu": found.nlu_used})

    @app.get("/staff/api/card/<service_id>")
    async def staff_card(request: Request, service_id: str) -> HTTPResponse:
        service = kb.get(service_id)
        if not service:
            return response.json({"error": "no such service"}, status=404)
        return response.json(card(service, kb.district_named(request.args.get("district") or "")))

    @app.get("/staff/api/districts")
    async def staff_districts(_: Request) -> HTTPResponse:
        return response.json([d.name for d in kb.districts])

    @app.get("/staff/api/handoffs")
    async def staff_handoffs(_: Request) -> HTTPResponse:
        engine = store()
        if engine is None:
            return response.json({"error": "the tracker store is not an SQL store", "handoffs": []}, status=503)
        try:
            found = queue.handoffs(engine)
        except sa.exc.SQLAlchemyError:
            return response.json({"error": "the tracker store cannot be read", "handoffs": []}, status=503)
        return response.json({"handoffs": [asdict(h) for h in found]})

    def unanswered_groups() -> Optional[List[unanswered.Group]]:
        engine = store()
        if engine is None:
            return None
        try:
            return unanswered.report(engine)
        except sa.exc.SQLAlchemyError:
            return None

    @app.get("/staff/api/unanswered")
    async def staff_unanswered(_: Request) -> HTTPResponse:
        groups = unanswered_groups()
        if groups is None:
            return response.json({"error": "the tracker store cannot be read", "groups": []}, status=503)
        shown = [
            {
                "text": g.text,
                "count": g.count,
                "reasons": g.reasons,
                "first": g.first,
                "last": g.last,
                "items": [asdict(item) for item in g.items],
            }
            for g in groups
        ]
        return response.json({"groups": shown})

    @app.get("/staff/unanswered.csv")
    async def staff_unanswered_csv(_: Request) -> HTTPResponse:
        groups = unanswered_groups()
        if groups is None:
            return response.text("对话记录暂时无法读取。", status=503)
        return response.text(
            unanswered.as_csv(groups),
            content_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="unanswered.csv"'},
        )

    @app.get("/staff/api/conversation/<sender_id>")
    async def staff_conversation(_: Request, sender_id: str) -> HTTPResponse:
        engine = store()
        if engine is None:
            return response.json({"error": "the tracker store is not an SQL store", "turns": []}, status=503)
        try:
            turns = queue.transcript(engine, sender_id)
        except sa.exc.SQLAlchemyError:
            return response.json({"error": "the tracker store cannot be read", "turns": []}, status=503)
        if not turns:
            return response.json({"error": "no such conversation", "turns": []}, status=404)
        return response.json({"turns": [asdict(t) for t in turns]})

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="0.0.0.0")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--rasa-url", default="http://localhost:5005")
    parser.add_argument("--rasa-port", type=int, default=5005)
    parser.add_argument("--endpoints", type=Path, default=ROOT / "endpoints.yml")
    args = parser.parse_args()
    config = WebConfig(
        rasa_url=args.rasa_url.rstrip("/"),
        rasa_token=setting("RASA_TOKEN"),
        socket_url=setting("ASSISTANT_SOCKET_URL", "") or "",
        rasa_port=args.rasa_port,
        staff_user=setting("STAFF_USER"),
        staff_password=setting("STAFF_PASSWORD"),
        endpoints=args.endpoints,
    )
    create_app(config).run(host=args.host, port=args.port, access_log=False)


if __name__ == "__main__":
    main()
