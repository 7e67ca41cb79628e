"""The web widget channel in a real Sanic server on 127.0.0.1, mounted the way Rasa mounts channels:
the chat page, its assets, the embed script, and no file outside the static directory."""
from __future__ import annotations

import itertools
import re
import socket
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from rasa.core.channels.channel import register
from sanic import Sanic
from yarl import URL

from bot.channels.widget import STATIC_ROOT, WidgetInput, resolve_static

WIDGET_DIR = STATIC_ROOT / "widget"
_app_names = itertools.count()


async def serve(channel: WidgetInput) -> tuple[Any, str]:
    # see tests/channels/test_wechat_channel.py: test mode lets several apps start in one process
    Sanic.test_mode = True
    app = Sanic(f"widget_test_{next(_app_names)}")
    register([channel], app, route="/webhooks/")
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = await app.create_server(sock=sock, return_asyncio_server=True, access_log=False)
    await server.startup()
    await server.start_serving()
    return server, f"http://127.0.0.1:{sock.getsockname()[1]}"


@pytest.fixture
async def widget():
    server, base = await serve(WidgetInput())
    http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10))

    async def get(path: str, **kwargs: Any) -> tuple[int, dict[str, str], bytes]:
        # encoded=True: send the path exactly as written (no client-side ".." normalisation)
        async with http.get(URL(base + path, encoded=True), allow_redirects=False, **kwargs) as resp:
            return resp.status, dict(resp.headers), await resp.read()

    async def post(path: str, **kwargs: Any) -> tuple[int, dict[str, str], bytes]:
        async with http.post(base + path, **kwargs) as resp:
            return resp.status, dict(resp.headers), await resp.read()

    get.post = post
    yield get
    await http.close()
    await server.before_stop()
    server.close()
    await server.wait_closed()
    await server.after_stop()


# ---------------------------------------------------------------------------------------------
# the page and its assets


async def test_chat_page_is_served_in_chinese_with_a_strict_csp(widget):
    status, headers, body = await widget("/webhooks/widget/")
    assert status == 200
    assert headers["Content-Type"].startswith("text/html")
    html = body.decode("utf-8")
    assert '<html lang="zh-CN">' in html
    assert "卡友助手" in html
    assert 'src="widget.js"' in html and 'href="widget.css"' in html
    assert 'data-endpoint="webhook"' in html
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "connect-src 'self'" in csp and "'unsafe-inline'" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"


async def test_url_without_slash_redirects_so_relative_urls_resolve(widget):
    status, headers, _ = await widget("/webhooks/widget")
    assert status in (301, 302, 308)
    assert headers["Location"].endswith("/webhooks/widget/")


@pytest.mark.parametrize(
    "path, content_type",
    [
        ("/webhooks/widget/widget.js", "text/javascript"),
        ("/webhooks/widget/widget.css", "text/css"),
        ("/webhooks/widget/embed.js", "text/javascript"),
        ("/webhooks/widget/index.html", "text/html"),
    ],
)
async def test_assets_are_served_with_their_types(widget, path, content_type):
    status, headers, body = await widget(path)
    assert status == 200
    assert headers["Content-Type"].startswith(content_type)
    assert "charset=utf-8" in headers["Content-Type"]
    assert body


async def test_embed_script_opens_the_chat_page_in_an_iframe(widget):
    _, _, body = await widget("/webhooks/widget/embed.js")
    js = body.decode("utf-8")
    # the chat page URL is derived from the script's own URL, so the one-line embed works on any host
    assert "document.currentScript" in js
    assert 'new URL("./", script.src)' in js
    assert 'createElement("iframe")' in js
    assert "aria-expanded" in js and "Escape" in js


# ---------------------------------------------------------------------------------------------
# nothing outside the static directory


@pytest.mark.parametrize(
    "path",
    [
        "/webhooks/widget/../widget.py",
        "/webhooks/widget/%2e%2e/widget.py",
        "/webhooks/widget/%2e%2e%2fwidget.py",
        "/webhooks/widget/..%2f..%2fconfig.py",
        "/webhooks/widget/%252e%252e%252fwidget.py",
        "/webhooks/widget/..%5cwidget.py",
        "/webhooks/widget/%2fetc%2fpasswd",
        "/webhooks/widget//etc/passwd",
        "/webhooks/widget/.hidden.js",
        "/webhooks/widget/missing.js",
        "/webhooks/widget/../console/console.html",
    ],
)
async def test_no_file_outside_the_widget_directory(widget, path):
    status, _, body = await widget(path)
    assert status in (400, 404), (path, status)
    assert b"import" not in body and b"root:" not in body


def test_resolve_static_refuses_escapes_hidden_files_and_other_types(tmp_path: Path):
    root = tmp_path / "static"
    root.mkdir()
    (root / "ok.js").write_text("1")
    (root / ".env.js").write_text("secret")
    (root / "notes.yml").write_text("x: 1")
    (tmp_path / "outside.js").write_text("secret")
    (root / "link.js").symlink_to(tmp_path / "outside.js")
    assert resolve_static(root, "ok.js") == (root / "ok.js").resolve()
    for name in ["../outside.js", "%2e%2e/outside.js", ".env.js", "notes.yml", "link.js", "", "/",
                 "ok.js\x00.png", "sub\\..\\ok.js", "."]:
        assert resolve_static(root, name) is None, name


# ---------------------------------------------------------------------------------------------
# what the page promises (accessibility, phone width, persistence): checked in the source here,
# in a real browser by tests/e2e/test_widget_browser.py


def test_page_is_accessible_and_phone_ready():
    html = (WIDGET_DIR / "index.html").read_text(encoding="utf-8")
    assert 'name="viewport" content="width=device-width' in html
    assert re.search(r'<label for="input"[^>]*>[^<]+</label>', html)
    assert 'role="log"' in html and 'aria-live="polite"' in html
    assert 'role="alert"' in html  # the network error is announced
    assert 'aria-label="清空对话记录并开始新的对话"' in html
    css = (WIDGET_DIR / "widget.css").read_text(encoding="utf-8")
    assert "font-size: 16px" in css  # iOS zooms into inputs below 16 px
    assert "overflow-wrap: anywhere" in css


def test_script_keeps_the_conversation_and_never_renders_html():
    js = (WIDGET_DIR / "widget.js").read_text(encoding="utf-8")
    assert "localStorage" in js and "kayou.widget.sender" in js and "kayou.widget.transcript" in js
    assert "innerHTML" not in js and "insertAdjacentHTML" not in js and "eval(" not in js
    assert "isComposing" in js  # Enter that confirms a 拼音 candidate does not send
    assert '"下载" + noun' in js and '"申请书"' in js and "text/plain;charset=utf-8" in js
    assert '"repayment_plan"' in js and 'type === "document"' in js  # the plan, and the complaint's card


# ---------------------------------------------------------------------------------------------
# who may frame the page (issue 14)


async def test_page_may_be_framed_only_by_our_own_origin_by_default(widget, monkeypatch):
    status, headers, _ = await widget("/webhooks/widget/")
    assert status == 200
    assert headers["Content-Security-Policy"].endswith("; frame-ancestors 'self'")
    assert headers["X-Frame-Options"] == "SAMEORIGIN"
    status, headers, _ = await widget("/webhooks/widget/index.html")
    assert "frame-ancestors 'self'" in headers["Content-Security-Policy"]
    # scripts and styles need no frame policy
    status, headers, _ = await widget("/webhooks/widget/embed.js")
    assert "Content-Security-Policy" not in headers and "X-Frame-Options" not in headers


def test_frame_ancestors_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("KAYOU_WIDGET_FRAME_ANCESTORS", "'self' https://www.bank.example, https://*.bank.example:8443")
    channel = WidgetInput()
    assert channel.page_csp.endswith(
        "; frame-ancestors 'self' https://www.bank.example https://*.bank.example:8443")
    assert channel.frame_options is None  # X-Frame-Options has no allow-list
    monkeypatch.delenv("KAYOU_WIDGET_FRAME_ANCESTORS")
    assert WidgetInput().page_csp.endswith("frame-ancestors 'self'")
    assert WidgetInput(frame_ancestors_value="'none'").frame_options == "DENY"


@pytest.mark.parametrize("value", ["*", "https://bank.example/page", "javascript:alert(1)", "bank.example",
                                   "'none' https://bank.example", "https://bank.example;script-src *"])
def test_a_malformed_frame_ancestors_list_fails_at_start(value):
    with pytest.raises(ValueError, match="KAYOU_WIDGET_FRAME_ANCESTORS"):
        WidgetInput(frame_ancestors_value=value)


def test_script_expires_what_it_keeps_and_clears_it_on_a_new_conversation():
    js = (WIDGET_DIR / "widget.js").read_text(encoding="utf-8")
    assert "STORAGE_TTL_MS = 24 * 60 * 60 * 1000" in js and "savedAt" in js
    reset = js[js.index("Chat.prototype.reset"):]
    assert "storageRemove(KEY_LOG)" in reset and "storageRemove(KEY_SENDER)" in reset


# ---------------------------------------------------------------------------------------------
# a person's messages (handoff): fetched by the widget's own conversation id


async def test_agent_messages_are_fetched_by_the_widgets_own_conversation(widget, tmp_path, monkeypatch):
    import json

    from bot.channels import handoff_desk
    from bot.store.migrate import upgrade
    from bot.store.repository import open_store

    url = f"sqlite:///{tmp_path / 'cases.db'}"
    upgrade(url)
    store = open_store(url)
    monkeypatch.setattr(handoff_desk, "_store", store)
    monkeypatch.setenv("KAYOU_WIDGET_POLL_SECONDS", "4")
    mine = store.handoffs.request("widget:web-mine", channel="widget", reason="")
    other = store.handoffs.request("rest:web-mine", channel="rest", reason="")  # same sender, other channel
    first = store.handoffs.add_message(mine.id, author="system", text="客服已接入", delivery="widget")
    store.handoffs.add_message(other.id, author="agent", text="不是给您的", delivery="undeliverable")
    second = store.handoffs.add_message(mine.id, author="agent", staff_username="agent1", text="您好",
                                        delivery="widget")

    async def ask(**body):
        return await widget.post("/webhooks/widget/messages", json=body)

    status, _, body = await widget("/webhooks/widget/messages?sender=web-mine")
    assert status == 405  # not a GET: the conversation id never travels in a URL
    status, headers, body = await ask(sender="web-mine")
    data = json.loads(body)
    assert status == 200 and headers["Cache-Control"] == "no-store"
    assert [(m["id"], m["author"], m["text"]) for m in data["messages"]] == [
        (first.id, "system", "客服已接入"), (second.id, "agent", "您好")]
    assert "staff" not in json.dumps(data)  # the agent's account name is not shown to the cardholder
    assert data["active"] is True and data["status"] == "open" and data["poll_seconds"] == 4
    status, _, body = await ask(sender="web-mine", after=first.id)
    assert [m["id"] for m in json.loads(body)["messages"]] == [second.id]
    store.handoffs.close(mine.id, "agent1", outcome="resolved")
    status, _, body = await ask(sender="web-mine", after=second.id)
    assert json.loads(body) == {"messages": [], "active": False, "status": None, "poll_seconds": 4}
    status, _, body = await ask(sender="web-nobody", after="abc")
    assert status == 200 and json.loads(body)["messages"] == []


@pytest.mark.parametrize("body", [{}, {"sender": ""}, {"sender": "13812345678"}, {"sender": "a:b"}, {"sender": "-x"}])
async def test_agent_messages_need_a_valid_sender(widget, body):
    import json

    status, _, raw = await widget.post("/webhooks/widget/messages", json=body)
    assert status == 400 and json.loads(raw)["field"] == "sender"
    status, _, raw = await widget.post("/webhooks/widget/messages", data="not json")
    assert status == 400 and "JSON" in json.loads(raw)["error"]


async def test_leave_marks_the_open_ticket_once_and_needs_a_valid_sender(widget, tmp_path, monkeypatch):
    """Issue 21: 「新对话」 during a handoff posts `leave`; the ticket gets one 「客户已离开」 message."""
    import json

    from bot.channels import handoff_desk
    from bot.store.migrate import upgrade
    from bot.store.repository import open_store

    url = f"sqlite:///{tmp_path / 'cases.db'}"
    upgrade(url)
    store = open_store(url)
    monkeypatch.setattr(handoff_desk, "_store", store)
    mine = store.handoffs.request("widget:web-gone", channel="widget", reason="")
    for _ in range(2):
        status, _, raw = await widget.post("/webhooks/widget/leave", json={"sender": "web-gone"})
        assert status == 200 and json.loads(raw) == {"ok": True, "ticket": True}
    assert [(m.author, m.delivery) for m in store.handoffs.messages_of(mine.id)] == [("system", "left")]
    assert store.handoffs.with_delivery([mine.id], "left") == {mine.id}
    status, _, raw = await widget.post("/webhooks/widget/leave", json={"sender": "web-nobody"})
    assert status == 200 and json.loads(raw)["ticket"] is False
    status, _, raw = await widget.post("/webhooks/widget/leave", json={"sender": "a:b"})
    assert status == 400 and json.loads(raw)["field"] == "sender"
    status, _, _ = await widget("/webhooks/widget/leave")
    assert status == 405


def test_the_reset_dialog_says_a_person_is_serving_during_a_handoff():
    page = (Path(__file__).resolve().parents[2] / "bot/channels/static/widget/index.html").read_text(encoding="utf-8")
    assert 'id="reset-confirm-handoff"' in page and "客服正在为您服务，确定要新开对话吗？" in page
    script = (Path(__file__).resolve().parents[2] / "bot/channels/static/widget/widget.js").read_text(encoding="utf-8")
    assert "reset-confirm-handoff" in script and "leaveEndpoint" in script
