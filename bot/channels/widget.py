"""Web chat widget for cardholders: `GET /webhooks/widget/` (the chat page) and its static files.

Enabled in credentials.yml with the key `bot.channels.widget.WidgetInput:`. The channel only serves
files; the page itself talks to the REST channel (`POST /webhooks/rest/webhook`, same origin), so
masking, length limits and the "no reply" fallback are the REST channel's.

A bank embeds the widget on its own site with one line:

    <script src="https://BOT/webhooks/widget/embed.js" defer></script>

which adds a floating button that opens the chat page in an iframe (see static/widget/embed.js).
"""
from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

logger = logging.getLogger(__name__)

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

# The chat page may be framed by any bank's site (that is what embed.js does), so no
# frame-ancestors restriction here; everything else is locked to our own origin. No inline script or
# style is used, so none is allowed.
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'"
)


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


def static_file_response(path: Path, *, csp: str | None = None, max_age: int = 300) -> HTTPResponse:
    headers = {
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        # short cache: a redeploy should reach users within minutes
        "Cache-Control": f"public, max-age={max_age}",
    }
    if csp:
        headers["Content-Security-Policy"] = csp
    return response.raw(
        path.read_bytes(), content_type=CONTENT_TYPES[path.suffix.lower()], headers=headers
    )


def not_found() -> HTTPResponse:
    return response.text("未找到该文件", status=404, headers={"X-Content-Type-Options": "nosniff"})


class WidgetInput(InputChannel):
    """Serves the cardholder chat page; messages go through the REST channel."""

    def __init__(self, static_dir: Path | str | None = None) -> None:
        self.static_dir = Path(static_dir) if static_dir else STATIC_ROOT / "widget"

    @classmethod
    def name(cls) -> str:
        return "widget"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> WidgetInput:
        return cls()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        widget = Blueprint("kayou_widget", __name__)
        root = self.static_dir

        @widget.route("", methods=["GET", "HEAD"], strict_slashes=True)
        async def without_slash(request: Request) -> HTTPResponse:
            # the page loads widget.js / widget.css and calls ../rest/webhook by relative URL,
            # which only resolve from the URL with the trailing slash
            return response.redirect(request.path + "/", status=301)

        @widget.route("/", methods=["GET", "HEAD"], strict_slashes=True)
        async def page(_: Request) -> HTTPResponse:
            path = resolve_static(root, "index.html")
            if path is None:
                logger.error("widget: index.html missing under %s", root)
                return not_found()
            return static_file_response(path, csp=PAGE_CSP, max_age=60)

        @widget.route("/<name:path>", methods=["GET", "HEAD"])
        async def asset(_: Request, name: str) -> HTTPResponse:
            path = resolve_static(root, name)
            if path is None:
                return not_found()
            csp = PAGE_CSP if path.suffix == ".html" else None
            return static_file_response(path, csp=csp)

        return widget
