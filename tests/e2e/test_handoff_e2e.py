"""Handoff to a person, end to end against the live bot (real `rasa run` + action server, SQLite stores):

- in the browser (Debian's chromium through Playwright): a cardholder asks for a person in the widget
  (375 px); an agent logs into the console (1280 px), sees the ticket in the queue, opens it, reads the
  transcript, claims it (the bot is paused: a message meanwhile is kept for the agent), replies; the
  cardholder sees the reply in the same chat styled 「客服」; the agent closes it and the bot answers again;
- in WeChat: the same through the customer-service message API of a local stand-in of WeChat's API.

Screenshots go to results/screenshots/handoff-*.png (git-ignored).
"""
from __future__ import annotations

import re
import sqlite3

import pytest
import requests

from tests.e2e import settings as e2e_settings
from tests.e2e.test_wechat_e2e import FakeWeChatApi, content_of, new_openid, post, text_xml
from tests.e2e.test_widget_browser import CHROMIUM, CHROMIUM_ARGS, PHONE, SCREENSHOTS, sync_api

DESKTOP = {"width": 1280, "height": 900}
REPLY = "您好，我是客服。单纯还不上不等于犯罪，我们一起看看怎么安排还款。"
FORWARDED = "您的消息已转给客服"


@pytest.fixture(scope="module")
def browser():
    import os
    from pathlib import Path

    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail("Debian's chromium is not installed (make browser-deps); no skips under CI")
        pytest.skip("Debian's chromium is not installed (make browser-deps)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def audit_actions(live_bot, user: str = e2e_settings.STAFF_USER) -> list[str]:
    with sqlite3.connect(live_bot.var_dir / "cases.db") as db:
        return [a for (a,) in db.execute("SELECT action FROM audit_events WHERE staff_username = ? ORDER BY id",
                                         (user,))]


def paused(live_bot, conversation: str) -> bool:
    return live_bot.rasa.tracker(conversation)["paused"]


@pytest.mark.browser
def test_widget_cardholder_reaches_a_person_and_the_bot_comes_back(live_bot, browser):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    widget_context = browser.new_context(viewport=PHONE, locale="zh-CN", device_scale_factor=2, is_mobile=True,
                                         has_touch=True)
    console_context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    try:
        widget = widget_context.new_page()
        widget.set_default_timeout(60_000)
        widget.goto(f"{live_bot.url}/webhooks/widget/")
        widget.wait_for_selector("#messages .msg-bot")

        def say(text: str) -> None:
            before = widget.locator("#messages .msg-bot").count()
            widget.fill("#input", text)
            widget.click("#send-button")
            widget.wait_for_function(
                "n => document.querySelectorAll('#messages .msg-bot').length > n", arg=before)

        say("招行欠了六万，逾期120天")
        say("我会不会被抓？")
        say("转人工")
        answer = widget.locator("#messages .msg-bot .bubble").last.inner_text()
        ticket = re.search(r"编号 (H\d{6})", answer).group(1)
        assert "继续帮您" in answer and "不需要留手机号" in answer
        sender = widget.evaluate("window.kayouChat.sender")
        conversation = f"widget:{sender}"

        # the agent logs in and finds the ticket in the queue
        console = console_context.new_page()
        console.set_default_timeout(30_000)
        console.goto(f"{live_bot.url}/webhooks/console/")
        console.fill("#username", e2e_settings.STAFF_USER)
        console.fill("#password", e2e_settings.STAFF_PASSWORD)
        console.click("#login-button")
        row = console.locator("#queue-body tr", has_text=ticket)
        row.wait_for()
        assert "待接手" in row.inner_text()
        row.get_by_role("button", name=f"打开工单 {ticket}").click()
        console.wait_for_selector("#ticket-panel:not([hidden])")
        transcript = console.locator("#transcript").inner_text()
        assert "我会不会被抓？" in transcript and "转人工" in transcript
        # the case facts, figures to read aloud, and the question answered
        assert "招商银行" in console.locator("#ticket-facts").inner_text()
        assert "读作：约" in console.locator("#ticket-figures").inner_text()
        # one line each until 「展开」 (issue 21 item 5)
        console.locator("#ticket-answers .answer").first.get_by_role("button", name="展开").click()
        answers = console.locator("#ticket-answers").inner_text()
        assert "我会不会被抓？" in answers and "无法判断" in answers and "[law]" not in answers
        assert console.input_value("#sender-id") == conversation

        console.click("#claim-button")
        console.wait_for_selector("#ticket-reply-form:not([hidden])")
        widget.wait_for_selector("#messages .msg-system >> text=客服已接入")
        assert paused(live_bot, conversation)

        # while a person has the conversation, the bot keeps quiet and says where the message went
        say("你好，在吗")
        assert FORWARDED in widget.locator("#messages .msg-bot .bubble").last.inner_text()

        console.fill("#ticket-reply", REPLY)
        console.click("#ticket-send")
        console.wait_for_selector("#ticket-reply-result .ok")
        agent_line = widget.locator("#messages .msg-agent").last
        agent_line.wait_for()
        assert agent_line.locator(".bubble").inner_text() == REPLY
        assert agent_line.locator(".msg-label").inner_text() == "客服"
        widget.screenshot(path=str(SCREENSHOTS / "handoff-widget-375.png"), full_page=False)
        transcript = console.locator("#transcript").inner_text()
        assert "你好，在吗" in transcript and REPLY in transcript
        console.screenshot(path=str(SCREENSHOTS / "handoff-console-1280.png"), full_page=True)

        console.select_option("#close-outcome", "resolved")
        console.click("#close-button")
        console.wait_for_function("() => document.querySelector('#ticket-heading').textContent.includes('已关闭')")
        widget.wait_for_selector("#messages .msg-system >> text=本次人工服务已结束")
        assert not paused(live_bot, conversation)

        say("逾期利息怎么算？")
        back = widget.locator("#messages .msg-bot .bubble").last.inner_text()
        assert FORWARDED not in back and "利息" in back

        # 「新客户」 clears everything of this customer from the screen
        console.click("#new-customer")
        assert console.input_value("#sender-id") == "" and console.locator("#ticket-panel").is_hidden()
        assert console.locator("#transcript").inner_text() == ""
        actions = audit_actions(live_bot)
        for action in ("login", "view_ticket", "claim", "reply", "close"):
            assert action in actions, action
    finally:
        widget_context.close()
        console_context.close()


@pytest.mark.browser
def test_live_desk_in_chromium_follow_up_blocked_phrase_and_a_customer_who_left(live_bot, browser):
    """Issue 21 in the browser: the follow-up shows in the open ticket within 2 s without a click (with the
    unread count in the row and the title), a blocked reply shows its rule and a rewrite, and 「新对话」 during
    the handoff asks first and marks the ticket 「客户已离开」."""
    import time

    widget_context = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True)
    console_context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    try:
        widget = widget_context.new_page()
        widget.set_default_timeout(60_000)
        widget.goto(f"{live_bot.url}/webhooks/widget/")
        widget.wait_for_selector("#messages .msg-bot")

        def say(text: str) -> None:
            before = widget.locator("#messages .msg-bot").count()
            widget.fill("#input", text)
            widget.click("#send-button")
            widget.wait_for_function(
                "n => document.querySelectorAll('#messages .msg-bot').length > n", arg=before)

        say("转人工")
        ticket = re.search(r"编号 (H\d{6})", widget.locator("#messages .msg-bot .bubble").last.inner_text()).group(1)

        console = console_context.new_page()
        console.set_default_timeout(30_000)
        console.goto(f"{live_bot.url}/webhooks/console/")
        console.fill("#username", e2e_settings.STAFF_USER)
        console.fill("#password", e2e_settings.STAFF_PASSWORD)
        console.click("#login-button")
        row = console.locator("#queue-body tr", has_text=ticket)
        row.wait_for()
        assert "待接手" in console.title()
        row.get_by_role("button", name=f"打开工单 {ticket}").click()
        console.wait_for_selector("#ticket-panel:not([hidden])")
        console.click("#claim-button")
        console.wait_for_selector("#ticket-reply-form:not([hidden])")
        widget.wait_for_selector("#messages .msg-system >> text=客服已接入")

        # the follow-up reaches the open ticket without a click
        follow_up = "我这个月只能先还五百"
        say(follow_up)
        sent = time.monotonic()
        console.wait_for_function("t => document.querySelector('#transcript').textContent.includes(t)",
                                  arg=follow_up, timeout=5_000)
        shown_after = time.monotonic() - sent
        print(f"issue 21: follow-up shown in the open ticket {shown_after:.2f} s after the widget's turn ended")
        assert shown_after < 2.0
        console.wait_for_selector("#ticket-unread:not([hidden])", timeout=5_000)
        assert "1 条新消息" in console.locator("#ticket-unread").inner_text()
        row.locator(".unread").wait_for(timeout=5_000)
        assert "1 条新消息" in console.title()

        # a blocked phrase: the rule, its source and a rewrite, in the ticket's own reply box
        console.fill("#ticket-reply", "再不还我们就给你们HR打电话")
        console.click("#ticket-send")
        console.wait_for_selector("#ticket-reply-result .flags .suggestion")
        result = console.locator("#ticket-reply-result").inner_text()
        assert "给你们HR打电话" in result and "依据：" in result and "建议：" in result and "工作单位" in result

        # 「新对话」 during the handoff: asked first, then the agent sees 客户已离开
        widget.click("#reset-button")
        dialog = widget.locator("#reset-confirm-handoff")
        dialog.wait_for()
        assert "客服正在为您服务" in dialog.inner_text()
        widget.click("#reset-yes")
        console.wait_for_selector("#ticket-left:not([hidden])", timeout=5_000)
        assert "客户已离开" in console.locator("#ticket-left").inner_text()
        console.fill("#ticket-reply", "您还在吗？")
        console.click("#ticket-send")
        console.wait_for_selector("#ticket-reply-result .error")
        assert "未发送：客户已离开对话" in console.locator("#ticket-reply-result").inner_text()
        console.screenshot(path=str(SCREENSHOTS / "handoff-live-desk-1280.png"), full_page=True)
    finally:
        widget_context.close()
        console_context.close()


@pytest.fixture(scope="module")
def wechat_api():
    api = FakeWeChatApi(e2e_settings.WECHAT_API_PORT).start()
    yield api
    api.stop()


@pytest.fixture(scope="module")
def staff(live_bot):
    http = requests.Session()
    r = http.post(f"{live_bot.url}/webhooks/console/login",
                  json={"username": e2e_settings.STAFF_USER, "password": e2e_settings.STAFF_PASSWORD}, timeout=30)
    assert r.status_code == 200, r.text
    yield http
    http.close()


def test_wechat_reply_goes_through_the_customer_service_api(live_bot, wechat_api, staff):
    openid = new_openid()
    conversation = f"wechat:{openid}"
    resp, _ = post(live_bot.url, text_xml(openid, "转人工"))
    first = content_of(resp)["Content"]
    assert "编号 H" in first and "48小时" in first

    console = f"{live_bot.url}/webhooks/console"
    queue = staff.get(f"{console}/api/queue", timeout=10).json()["tickets"]
    ticket = next(t for t in queue if t["sender_id"] == conversation)
    r = staff.post(f"{console}/api/ticket/{ticket['id']}/claim", json={}, timeout=30)
    assert r.status_code == 200, r.text
    joined = wechat_api.sent_to(openid)
    assert joined and joined[0]["text"]["content"].startswith("客服已接入")
    assert paused(live_bot, conversation)

    # a message while the agent has it: kept for the agent, and the user is told so
    resp, _ = post(live_bot.url, text_xml(openid, "我想问问分期"))
    assert FORWARDED in content_of(resp)["Content"]

    r = staff.post(f"{console}/api/ticket/{ticket['id']}/reply", json={"text": REPLY}, timeout=30)
    assert r.status_code == 200 and r.json()["delivered"] is True, r.text
    sent = wechat_api.sent_to(openid, count=2)
    assert sent[1] == {"touser": openid, "msgtype": "text", "text": {"content": REPLY}}

    view = staff.get(f"{console}/api/ticket/{ticket['id']}", timeout=30).json()
    assert [line["text"] for line in view["transcript"] if line["role"] == "user"][-1] == "我想问问分期"

    r = staff.post(f"{console}/api/ticket/{ticket['id']}/close", json={"outcome": "resolved"}, timeout=30)
    assert r.status_code == 200, r.text
    assert wechat_api.sent_to(openid, count=3)[2]["text"]["content"].startswith("本次人工服务已结束")
    assert not paused(live_bot, conversation)
    resp, _ = post(live_bot.url, text_xml(openid, "你好"))
    assert FORWARDED not in content_of(resp)["Content"]


def widget_says(live_bot, sender: str, text: str) -> list[str]:
    r = requests.post(f"{live_bot.url}/webhooks/widget/webhook", json={"sender": sender, "message": text}, timeout=60)
    assert r.status_code == 200, r.text
    return [m.get("text", "") for m in r.json()]


def test_a_follow_up_during_a_handoff_reaches_the_agents_open_ticket_within_2_s(live_bot, staff):
    """Issue 21: the agent's page holds GET api/live; the cardholder writes again on the widget while the
    agent has the ticket; the live answer carries the message (and the unread count) within 2 s."""
    import threading
    import time
    import uuid

    sender = f"web-{uuid.uuid4().hex[:16]}"
    conversation = f"widget:{sender}"
    widget_says(live_bot, sender, "招行欠了六万，逾期120天")
    answer = " ".join(widget_says(live_bot, sender, "转人工"))
    assert re.search(r"编号 H\d{6}", answer), answer
    console = f"{live_bot.url}/webhooks/console"
    queue = staff.get(f"{console}/api/queue", timeout=10).json()["tickets"]
    ticket = next(t for t in queue if t["sender_id"] == conversation)
    r = staff.post(f"{console}/api/ticket/{ticket['id']}/claim", json={}, timeout=30)
    assert r.status_code == 200, r.text
    first = staff.get(f"{console}/api/live?ticket={ticket['id']}", timeout=30).json()
    assert first["ticket"]["status"] == "in_progress" and first["ticket"]["unread"] == 0

    sent_at: dict[str, float] = {}

    def cardholder_writes() -> None:
        time.sleep(1.0)
        sent_at["t"] = time.monotonic()
        sent_at["reply"] = widget_says(live_bot, sender, "我这个月只能还五百，可以吗")

    writer = threading.Thread(target=cardholder_writes)
    writer.start()
    # the page's request is already waiting when the message comes
    r = staff.get(f"{console}/api/live?ticket={ticket['id']}&since={first['token']}", timeout=40)
    got_at = time.monotonic()
    writer.join()
    assert r.status_code == 200, r.text
    live = r.json()
    assert live["changed"] is True
    assert live["ticket"]["transcript"][-1]["role"] == "user"
    assert live["ticket"]["transcript"][-1]["text"] == "我这个月只能还五百，可以吗"
    assert live["ticket"]["unread"] == 1
    assert next(t for t in live["tickets"] if t["id"] == ticket["id"])["unread"] == 1
    # within 2 s of the cardholder's message (the widget's own turn included)
    assert got_at - sent_at["t"] < 2.0, got_at - sent_at["t"]
    assert FORWARDED in " ".join(sent_at["reply"])

    r = staff.post(f"{console}/api/ticket/{ticket['id']}/reply", json={"text": REPLY}, timeout=30)
    assert r.status_code == 200 and r.json()["delivered"] is True, r.text
    after = staff.get(f"{console}/api/live?ticket={ticket['id']}&since={live['token']}", timeout=40).json()
    assert after["ticket"]["unread"] == 0
    r = staff.post(f"{console}/api/ticket/{ticket['id']}/close", json={"outcome": "resolved"}, timeout=30)
    assert r.status_code == 200, r.text


def test_a_cardholder_who_starts_a_new_conversation_is_marked_as_gone_for_the_agent(live_bot, staff):
    """Issue 21: 「新对话」 during a handoff (the widget posts `leave`): the ticket shows 「客户已离开」 and the
    agent's next message says it reaches nobody instead of 「已发送」."""
    import uuid

    sender = f"web-{uuid.uuid4().hex[:16]}"
    conversation = f"widget:{sender}"
    widget_says(live_bot, sender, "转人工")
    console = f"{live_bot.url}/webhooks/console"
    ticket = next(t for t in staff.get(f"{console}/api/queue", timeout=10).json()["tickets"]
                  if t["sender_id"] == conversation)
    assert staff.post(f"{console}/api/ticket/{ticket['id']}/claim", json={}, timeout=30).status_code == 200
    r = staff.post(f"{console}/api/ticket/{ticket['id']}/reply", json={"text": REPLY}, timeout=30)
    assert r.json()["delivered"] is True and r.json()["message"].startswith("已发送")

    r = requests.post(f"{live_bot.url}/webhooks/widget/leave", json={"sender": sender}, timeout=30)
    assert r.status_code == 200 and r.json() == {"ok": True, "ticket": True}, r.text
    assert requests.post(f"{live_bot.url}/webhooks/widget/leave", json={"sender": "a b"}, timeout=30).status_code == 400

    live = staff.get(f"{console}/api/live?ticket={ticket['id']}", timeout=30).json()
    assert live["ticket"]["left"] is True
    row = next(t for t in live["tickets"] if t["id"] == ticket["id"])
    assert row["left_label"] == "客户已离开"
    r = staff.post(f"{console}/api/ticket/{ticket['id']}/reply", json={"text": "您还在吗？"}, timeout=30)
    assert r.status_code == 200 and r.json()["delivered"] is False
    assert r.json()["message"].startswith("未发送：客户已离开对话")
    r = staff.post(f"{console}/api/ticket/{ticket['id']}/close", json={"outcome": "customer_left"}, timeout=30)
    assert r.status_code == 200 and r.json()["ticket"]["outcome_label"] == "客户已离开", r.text


SUPERVISOR = "e2e-audit-chief"  # not test_console_e2e's e2e-supervisor, which that test disables on the same bot
SUPERVISOR_PASSWORD = "Audit-Chief-2026!kayou"


@pytest.mark.browser
def test_supervisor_filters_the_audit_log_and_exports_csv_an_agent_gets_403(live_bot, browser, staff):
    import os
    import subprocess
    import sys

    from tests.e2e.servers import ROOT

    env = {**os.environ, "KAYOU_VAR_DIR": str(live_bot.var_dir), "PYTHONPATH": str(ROOT)}
    env.pop("KAYOU_CASE_DB_URL", None)
    made = subprocess.run([sys.executable, "-m", "bot", "staff", "add", SUPERVISOR, "--role", "supervisor"],
                          input=SUPERVISOR_PASSWORD + "\n", text=True, capture_output=True, env=env, cwd=ROOT)
    assert made.returncode == 0, made.stderr
    console = f"{live_bot.url}/webhooks/console"
    assert staff.get(f"{console}/api/audit", timeout=10).status_code == 403  # the agent
    assert staff.get(f"{console}/api/audit.csv", timeout=10).status_code == 403

    context = browser.new_context(viewport=DESKTOP, locale="zh-CN", accept_downloads=True)
    try:
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.goto(f"{console}/")
        page.fill("#username", SUPERVISOR)
        page.fill("#password", SUPERVISOR_PASSWORD)
        page.click("#login-button")
        page.wait_for_selector("#audit-panel:not([hidden])")
        page.fill("#audit-staff", e2e_settings.STAFF_USER)
        page.select_option("#audit-action", "claim")
        with page.expect_response(lambda r: "/api/audit?" in r.url and "action=claim" in r.url):
            page.click("#audit-form button[type=submit]")
        page.wait_for_function(
            "() => [...document.querySelectorAll('#audit-body tr td:nth-child(3)')].every(td => td.textContent === 'claim')"
            " && document.querySelectorAll('#audit-body tr').length > 0")
        assert set(page.locator("#audit-body tr td:nth-child(2)").all_inner_texts()) == {e2e_settings.STAFF_USER}
        page.locator("#audit-panel").screenshot(path=str(SCREENSHOTS / "handoff-audit-1280.png"))
        with page.expect_download() as download:
            page.click("#audit-csv")
        text = open(download.value.path(), encoding="utf-8-sig").read()
        assert text.splitlines()[0].startswith("编号,时间（北京时间）,员工,操作")
        assert f"{e2e_settings.STAFF_USER},claim" in text and ",reply," not in text
    finally:
        context.close()
