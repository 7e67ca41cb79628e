"""Web chat widget for cardholders: `GET /webhooks/widget/` (the chat page) and its static files.

Enabled in credentials.yml with the key `bot.channels.widget.WidgetInput:`. The page talks to its own
endpoint, `POST /webhooks/widget/webhook` (same origin, same request and answer as the REST channel,
with the REST channel's masking, limits and fallback: `bot.channels.rest.handle_json_turn`); its
conversations are `widget:<id>` in Rasa, so a page can never address a REST (`rest:…`) or WeChat
(`wechat:…`) conversation, nor a REST client a widget's.

Which sites may frame the page: `KAYOU_WIDGET_FRAME_ANCESTORS` (space-separated origins, default
`'self'`), sent as the page's CSP `frame-ancestors`; a bank lists its own site there for embed.js.

A bank embeds the widget on its own site with one line:

    <script src="https://BOT/webhooks/widget/embed.js" defer></script>

which adds a floating button that opens the chat page in an iframe (see static/widget/embed.js).
"""
from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlencode

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.rest import handle_json_turn
from bot.config import settings
from bot.documents import serve

logger = logging.getLogger(__name__)


def _dumps(value: Any) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)

STATIC_ROOT = Path(__file__).resolve().parent / "static"

# Only these file types are ever served; anything else (a stray .py, .yml, dotfile) is a 404.
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
}

# Everything is locked to our own origin; no inline script or style is used, so none is allowed. The
# page may be framed only by the sites of KAYOU_WIDGET_FRAME_ANCESTORS (embed.js on a bank's site).
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'"
)
# an origin as CSP writes it: scheme://host[:port], host may start with "*." and port may be "*"
_ORIGIN_RE = re.compile(r"https?://(\*\.)?[A-Za-z0-9.-]+(:(\d{1,5}|\*))?")


def frame_ancestors(value: str | None) -> str:
    """The CSP `frame-ancestors` source list from KAYOU_WIDGET_FRAME_ANCESTORS; ValueError if malformed.

    Space- or comma-separated; each entry `'self'`, `'none'` or an origin such as
    `https://www.bank.example` (no path). Unset or empty: `'self'`.
    """
    entries = [e for e in re.split(r"[\s,]+", value or "") if e]
    if not entries:
        return "'self'"
    for entry in entries:
        if entry not in ("'self'", "'none'") and not _ORIGIN_RE.fullmatch(entry):
            raise ValueError(
                f"KAYOU_WIDGET_FRAME_ANCESTORS: {entry!r} is not 'self', 'none' or an origin like "
                "https://www.bank.example"
            )
    if "'none'" in entries and len(entries) > 1:
        raise ValueError("KAYOU_WIDGET_FRAME_ANCESTORS: 'none' cannot be combined with other entries")
    return " ".join(entries)


def resolve_static(root: Path, name: str) -> Path | None:
    """The file `name` under `root`, or None when it is outside `root`, hidden, or not servable.

    `name` is the raw path from the URL; it is percent-decoded once more so that `%2e%2e/` cannot
    sneak past a router that decoded only once.
    """
    decoded = unquote(name or "")
    if not decoded or "\x00" in decoded or "\\" in decoded:
        return None
    parts = [part for part in decoded.split("/") if part]
    if not parts or any(part.startswith(".") for part in parts):
        return None
    root = root.resolve()
    try:
        candidate = root.joinpath(*parts).resolve()
        candidate.relative_to(root)
    except (ValueError, OSError):
        return None
    if candidate.suffix.lower() not in CONTENT_TYPES or not candidate.is_file():
        return None
    return candidate


def static_file_response(
    path: Path, *, csp: str | None = None, max_age: int = 300, frame_options: str | None = None
) -> HTTPResponse:
    headers = {
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        # short cache: a redeploy should reach users within minutes
        "Cache-Control": f"public, max-age={max_age}",
    }
    if csp:
        headers["Content-Security-Policy"] = csp
    if frame_options:
        headers["X-Frame-Options"] = frame_options
    return response.raw(
        path.read_bytes(), content_type=CONTENT_TYPES[path.suffix.lower()], headers=headers
    )


def not_found() -> HTTPResponse:
    return response.text("未找到该文件", status=404, headers={"X-Content-Type-Options": "nosniff"})



_NO_STORE = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}


def _body_and_sender(request: Request) -> tuple[dict | None, str | None, HTTPResponse | None]:
    """The JSON body and its widget `sender` of a `messages` or `leave` call, or the 400 that refuses it."""
    from bot.channels.common import MAX_SENDER_CHARS, REQUEST_NOT_JSON, SENDER_INVALID
    from bot.channels.rest import valid_sender

    try:
        body = request.json
    except Exception:  # sanic raises InvalidUsage on a body that is not JSON
        body = None
    if not isinstance(body, dict):
        return None, None, response.json({"error": REQUEST_NOT_JSON}, status=400, headers=_NO_STORE, dumps=_dumps)
    sender = valid_sender(body.get("sender"))
    if sender is None:
        return body, None, response.json(
            {"error": SENDER_INVALID.format(limit=MAX_SENDER_CHARS), "field": "sender"},
            status=400, headers=_NO_STORE, dumps=_dumps)
    return body, sender, None

class WidgetInput(InputChannel):
    """Serves the cardholder chat page and takes its messages (conversations `widget:<id>`)."""

    def __init__(self, static_dir: Path | str | None = None, frame_ancestors_value: str | None = None) -> None:
        self.static_dir = Path(static_dir) if static_dir else STATIC_ROOT / "widget"
        if frame_ancestors_value is None:
            frame_ancestors_value = settings().widget_frame_ancestors
        # a malformed list is a deployment error: fail at start, not on each page
        ancestors = frame_ancestors(frame_ancestors_value)
        self.page_csp = f"{PAGE_CSP}; frame-ancestors {ancestors}"
        # browsers without CSP level 2 understand only X-Frame-Options, which has no allow-list
        self.frame_options = {"'self'": "SAMEORIGIN", "'none'": "DENY"}.get(ancestors)
        self._store: Any = None

    @classmethod
    def name(cls) -> str:
        return "widget"

    async def agent_messages(self, request: Request) -> HTTPResponse:
        """`POST messages` with `{"sender": "<id>", "after": n}`: what a person (and the handoff desk)
        said in this widget conversation since message n, and whether a ticket is still open (keep
        asking).

        The sender id is the widget's own random conversation id, sent in the body exactly as its
        messages send it (`POST webhook`), so it never lands in a URL or an access log: whoever knows
        it is that conversation; it never reaches another channel's conversation (`widget:<sender>`)."""
        import asyncio

        from bot.channels.handoff_desk import _case_store
        from bot.channels.rest import conversation_id

        headers = _NO_STORE
        body, sender, refused = _body_and_sender(request)
        if refused is not None:
            return refused
        after_raw = body.get("after")
        after = after_raw if isinstance(after_raw, int) and not isinstance(after_raw, bool) and 0 <= after_raw < 10**12 else 0
        conversation = conversation_id(self.name(), sender)
        repo = _case_store().handoffs
        try:
            # the ticket first, then the messages: a close writes its 「本次人工服务已结束」 with the status, so
            # a ticket seen closed here has its last line in the messages read after (UI session 7, C20)
            ticket = await asyncio.to_thread(repo.open_for, conversation)
            messages = await asyncio.to_thread(repo.messages_for, conversation, after=after)
        except Exception:
            logger.exception("widget: handoff messages could not be read")
            return response.json({"error": "暂时无法获取客服消息，请稍后再试。"}, status=503, headers=headers)
        body = {
            "messages": [
                {"id": m.id, "author": m.author, "text": m.text, "at": m.created_at.isoformat()}
                for m in messages
            ],
            "active": ticket is not None,
            "status": None if ticket is None else ticket.status,
            "poll_seconds": settings().widget_poll_seconds,
        }
        return response.json(body, headers=headers, dumps=_dumps)

    async def leave(self, request: Request) -> HTTPResponse:
        """`POST leave` with `{"sender": "<id>"}`: the cardholder confirmed 「新对话」 during a handoff; the
        open ticket of that conversation is marked as left for the agent (issue 21)."""
        from bot.channels.handoff_desk import customer_left
        from bot.channels.rest import conversation_id

        headers = _NO_STORE
        _, sender, refused = _body_and_sender(request)
        if refused is not None:
            return refused
        try:
            left = await customer_left(conversation_id(self.name(), sender))
        except Exception:
            logger.exception("widget: the end of a handoff could not be recorded")
            return response.json({"ok": False}, status=503, headers=headers)
        return response.json({"ok": True, "ticket": left}, headers=headers)

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> WidgetInput:
        return cls()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        widget = Blueprint("kayou_widget", __name__)
        root = self.static_dir

        @widget.route("", methods=["GET", "HEAD"], strict_slashes=True)
        async def without_slash(request: Request) -> HTTPResponse:
            # the page loads widget.js / widget.css and posts to webhook by relative URL,
            # which only resolve from the URL with the trailing slash
            return response.redirect(request.path + "/", status=301)

        @widget.route("/", methods=["GET", "HEAD"], strict_slashes=True)
        async def page(_: Request) -> HTTPResponse:
            path = resolve_static(root, "index.html")
            if path is None:
                logger.error("widget: index.html missing under %s", root)
                return not_found()
            return static_file_response(path, csp=self.page_csp, max_age=60, frame_options=self.frame_options)

        @widget.route("/messages", methods=["POST"])
        async def agent_messages(request: Request) -> HTTPResponse:
            return await self.agent_messages(request)

        @widget.route("/leave", methods=["POST"])
        async def leave(request: Request) -> HTTPResponse:
            return await self.leave(request)

        @widget.route("/<name:path>", methods=["GET", "HEAD"])
        async def asset(_: Request, name: str) -> HTTPResponse:
            path = resolve_static(root, name)
            if path is None:
                return not_found()
            if path.suffix == ".html":
                return static_file_response(path, csp=self.page_csp, frame_options=self.frame_options)
            return static_file_response(path)

        # issue 13: the drafted letter and schedule behind a signed, expiring link (bot/documents/serve.py);
        # registered before the static route's catch-all would see "documents/…"
        @widget.route("/documents/<case_id>", methods=["GET"])
        async def documents_page(request: Request, case_id: str) -> HTTPResponse:
            refused = serve.check(case_id, request.args.get("e"), request.args.get("s"))
            if refused is not None:
                return _reply(refused)
            plan = await self._plan(case_id)
            query = urlencode({"e": request.args.get("e"), "s": request.args.get("s")})
            return _reply(serve.page_reply(case_id, plan, query, settings().download_ttl_hours))

        @widget.route("/documents/<case_id>/<name>", methods=["GET"])
        async def document_file(request: Request, case_id: str, name: str) -> HTTPResponse:
            refused = serve.check(case_id, request.args.get("e"), request.args.get("s"))
            if refused is not None:
                return _reply(refused)
            # a link looped on must not cost everyone else: a few files a minute per link, each rendered
            # once per content on the render pool of its own (bot/documents/serve.py)
            if not serve.link_limiter().allow(case_id):
                await serve.refusal_pause()  # a looping client comes back once a second, not 600 times
                return _reply(serve.too_many())
            chosen = serve.select(await self._plan(case_id), name)
            if isinstance(chosen, serve.Reply):
                return _reply(chosen)
            doc, fmt = chosen
            return _reply(await serve.file_reply_async(doc, fmt))

        # streamed: a body over the limit is refused without being read into memory first
        @widget.route("/webhook", methods=["POST"], stream=True)
        async def receive(request: Request) -> HTTPResponse:
            return await handle_json_turn(request, on_new_message, self.name())

        return widget

    async def _plan(self, case_id: str) -> dict[str, Any] | None:
        """The stored plan of that case, or the stored complaint of that id (the case store), None when there
        is none or the store is down."""
        def load() -> dict[str, Any] | None:
            if self._store is None:
                from bot.store.repository import open_store

                self._store = open_store()
            record = self._store.cases.get_case(case_id)
            if record is not None:
                return record.plan
            # a complaint (bot/complaint.py) behind the same kind of signed link: its own table, same route
            complaint = self._store.complaint_repository().get_complaint(case_id)
            return None if complaint is None else {serve.COMPLAINT_KEY: complaint.document}

        try:
            return await asyncio.get_running_loop().run_in_executor(None, load)
        except Exception:
            logger.exception("widget: could not read the case store")
            return None


def _reply(reply: serve.Reply) -> HTTPResponse:
    return response.raw(reply.body, status=reply.status, content_type=reply.content_type, headers=reply.headers)
