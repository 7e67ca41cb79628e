"""Issue 21 items 5–6 in Debian's chromium against the live bot: two agents in two browser contexts, a
cardholder on the widget (375 px). 接手 at the top by its shortcut, focus in the one reply box, a canned
reply a supervisor keeps, Ctrl+Enter to send; the lost claim race says who has the ticket; a second view of
the ticket is marked stale while its connection is down and follows live again; the cardholder's follow-up
reaches both views without a click; an internal note and a transfer pass between the two agents and never
reach the cardholder; the suggested answers are one line each with 「展开」; 结束工单 by Alt+K.

Screenshots go to results/screenshots/desk-*.png (git-ignored).
"""
from __future__ import annotations

import re
import sqlite3
import time

import pytest
import requests

from tests.e2e import settings as e2e_settings
from tests.e2e.test_console_e2e import staff_command
from tests.e2e.test_handoff_e2e import DESKTOP, browser  # noqa: F401 — the fixture
from tests.e2e.test_widget_browser import PHONE, SCREENSHOTS

pytestmark = pytest.mark.browser

AGENT_B = "e2e-desk-b"
BOSS = "e2e-desk-boss"
PASSWORD = "Quiet-Lantern-73"
CANNED_TITLE = "协商分期说明"
CANNED_TEXT = "您好，我是客服。您可以先和银行协商分期还款，我们帮您准备材料。"
NOTE = "客户说这个月只能还五百，先别提全额"


def login(page, live_bot, user: str, password: str) -> None:
    page.goto(f"{live_bot.url}/webhooks/console/")
    page.fill("#username", user)
    page.fill("#password", password)
    page.click("#login-button")
    page.wait_for_selector("#whoami:has-text('当前用户')")


def audit(live_bot) -> list[tuple[str, str, str]]:
    with sqlite3.connect(live_bot.var_dir / "cases.db") as db:
        return db.execute("SELECT staff_username, action, detail FROM audit_events ORDER BY id").fetchall()


@pytest.fixture(scope="module")
def accounts(live_bot):
    for user, role in ((AGENT_B, "agent"), (BOSS, "supervisor")):
        done = staff_command(live_bot, "add", user, "--role", role, password=PASSWORD + "\n")
        assert done.returncode == 0 or "exists" in (done.stderr + done.stdout), done.stderr
    # the supervisor keeps a canned reply (checked like a reply: a forbidden one is refused)
    with requests.Session() as boss:
        assert boss.post(f"{live_bot.url}/webhooks/console/login", json={"username": BOSS, "password": PASSWORD},
                         timeout=10).ok
        refused = boss.post(f"{live_bot.url}/webhooks/console/api/canned",
                            json={"title": "催", "text": "不还就给你们HR打电话"}, timeout=10)
        assert refused.status_code == 422 and refused.json()["flags"]
        kept = boss.post(f"{live_bot.url}/webhooks/console/api/canned",
                         json={"title": CANNED_TITLE, "text": CANNED_TEXT}, timeout=10)
        assert kept.ok, kept.text
    return True


def test_two_agents_claim_race_canned_reply_follow_up_note_transfer_close(live_bot, browser, accounts):  # noqa: F811
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    widget_context = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True)
    a_context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    b_context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
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
        # a button under the answer: the agent's transcript shows its title, as the cardholder saw it
        tapped = widget.locator("#messages .msg-bot .quick-reply").last
        title = tapped.inner_text()
        before = widget.locator("#messages .msg-bot").count()
        tapped.click()
        widget.wait_for_function("n => document.querySelectorAll('#messages .msg-bot').length > n", arg=before)
        say("转人工")
        ticket = re.search(r"编号 (H\d{6})", widget.locator("#messages .msg-bot .bubble").last.inner_text()).group(1)

        a, b = a_context.new_page(), b_context.new_page()
        for page, user, password in ((a, e2e_settings.STAFF_USER, e2e_settings.STAFF_PASSWORD), (b, AGENT_B, PASSWORD)):
            page.set_default_timeout(30_000)
            login(page, live_bot, user, password)

        # the queue row: channel, the total owed today and the topic
        row = a.locator("#queue-body tr", has_text=ticket)
        row.wait_for()
        cells = row.inner_text()
        assert "网页" in cells and "今日合计" in cells and "待接手" in cells
        for page in (a, b):
            page.locator("#queue-body tr", has_text=ticket).get_by_role("button", name=f"打开工单 {ticket}").click()
            page.wait_for_selector("#ticket-panel:not([hidden])")
        # 接手 at the top of the ticket, the shortcuts listed, focus on 接手 until the ticket is mine
        box = a.locator("#claim-button").bounding_box()
        assert box["y"] < a.locator("#transcript").bounding_box()["y"]
        shortcuts = a.locator("#shortcuts").inner_text()
        assert "Alt+J 接手" in shortcuts and "Alt+K 结束工单" in shortcuts and "Alt+N 写内部备注" in shortcuts
        assert "Ctrl" in shortcuts and "Enter" in shortcuts and "结束工单" in shortcuts
        assert a.evaluate("document.activeElement.id") == "claim-button"
        # the suggested answers: one line each, 「展开」 shows the whole answer
        answer = a.locator("#ticket-answers .answer").first
        assert answer.locator(".answer-text").is_hidden()
        assert answer.bounding_box()["height"] < 60
        answer.get_by_role("button", name="展开").click()
        assert answer.locator(".answer-text").is_visible() and "无法判断" in answer.locator(".answer-text").inner_text()
        # no raw payloads in the transcript: the tapped button by its title
        transcript = a.locator("#transcript").inner_text()
        assert not re.search(r"：\s*/[a-z_]+", transcript), transcript
        assert a.locator("#transcript li.role-user", has_text=title).locator(".tapped").count() == 1

        # B's connection is down: the view is marked stale; A claims by the keyboard; B's 接手 loses the race
        b.route("**/api/live*", lambda route: route.abort())
        # the page asks again at once when it comes back in view: that request meets the cut connection
        b.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
        b.wait_for_selector("#ticket-stale:not([hidden])", timeout=15_000)
        started = time.monotonic()
        a.keyboard.press("Alt+KeyJ")
        a.wait_for_selector("#ticket-reply-form:not([hidden])")
        a.wait_for_function("document.activeElement && document.activeElement.id === 'ticket-reply'")
        b.click("#claim-button")
        b.wait_for_selector("#ticket-error:not([hidden])")
        assert b.locator("#ticket-error").inner_text() == f"该工单已由 {e2e_settings.STAFF_USER} 接手。"
        b.wait_for_function("u => document.querySelector('#ticket-meta').textContent.includes('处理人 ' + u)",
                            arg=e2e_settings.STAFF_USER)
        assert b.locator("#claim-button").is_hidden() and b.locator("#ticket-reply-form").is_hidden()
        b.unroute("**/api/live*")
        b.wait_for_selector("#ticket-stale", state="hidden", timeout=15_000)
        widget.wait_for_selector("#messages .msg-system >> text=客服已接入")

        # A: the canned reply into the one reply box, Ctrl+Enter sends it; focus back in the reply box
        a.select_option("#canned-select", label=CANNED_TITLE)
        assert a.input_value("#ticket-reply") == CANNED_TEXT
        assert a.evaluate("document.activeElement.id") == "ticket-reply"
        a.keyboard.press("Control+Enter")
        a.wait_for_selector("#ticket-reply-result .ok")
        first_reply = time.monotonic() - started
        print(f"issue 21: claim to first reply by keyboard {first_reply:.2f} s")
        widget.locator("#messages .msg-agent .bubble", has_text=CANNED_TEXT).wait_for()
        a.wait_for_function("document.activeElement && document.activeElement.id === 'ticket-reply'")
        assert a.input_value("#ticket-reply") == ""

        # the follow-up reaches A's ticket and B's second view without a click, within 2 s
        follow_up = "我这个月只能先还五百"
        say(follow_up)
        sent = time.monotonic()
        for page in (a, b):
            page.wait_for_function("t => document.querySelector('#transcript').textContent.includes(t)",
                                   arg=follow_up, timeout=5_000)
        shown = time.monotonic() - sent
        print(f"issue 21: follow-up in both agents' views {shown:.2f} s after the widget's turn")
        assert shown < 2.0

        # an internal note (Alt+N, Enter) shows in B's view live, never on the widget
        a.keyboard.press("Alt+KeyN")
        assert a.evaluate("document.activeElement.id") == "note-text"
        a.keyboard.type(NOTE)
        a.keyboard.press("Enter")
        a.locator("#ticket-notes", has_text=NOTE).wait_for()
        assert a.evaluate("document.activeElement.id") == "ticket-reply"
        b.locator("#ticket-notes", has_text=NOTE).wait_for(timeout=5_000)

        # transfer to B with a note: B's view becomes B's (reply box), A's is no longer A's
        a.select_option("#transfer-to", AGENT_B)
        a.fill("#transfer-note", "请接着跟进分期")
        a.click("#transfer-button")
        a.wait_for_selector("#ticket-reply-result .ok:has-text('已转给')")
        a.wait_for_selector("#ticket-reply-form", state="hidden")
        b.wait_for_selector("#ticket-reply-form:not([hidden])", timeout=5_000)
        assert f"已转给 {AGENT_B}：请接着跟进分期" in b.locator("#ticket-notes").inner_text()
        b.fill("#ticket-reply", "您好，我接着为您处理，我们先看每月能还多少。")
        b.keyboard.press("Control+Enter")
        b.wait_for_selector("#ticket-reply-result .ok")
        widget.locator("#messages .msg-agent .bubble", has_text="我接着为您处理").wait_for()
        b.screenshot(path=str(SCREENSHOTS / "desk-agent-b-1280.png"), full_page=True)
        a.screenshot(path=str(SCREENSHOTS / "desk-agent-a-1280.png"), full_page=True)

        # B closes by the keyboard after choosing the outcome
        b.select_option("#close-outcome", "plan_agreed")
        b.keyboard.press("Alt+KeyK")
        b.wait_for_function("() => document.querySelector('#ticket-heading').textContent.includes('已关闭')")
        widget.wait_for_selector("#messages .msg-system >> text=本次人工服务已结束")

        # the notes never reached the cardholder
        chat = widget.locator("#messages").inner_text()
        assert NOTE not in chat and "请接着跟进分期" not in chat
        rows = audit(live_bot)
        actions = [(user, action) for user, action, _ in rows]
        for expected in ((e2e_settings.STAFF_USER, "claim"), (AGENT_B, "claim_lost"), (e2e_settings.STAFF_USER, "note"),
                         (e2e_settings.STAFF_USER, "transfer"), (AGENT_B, "reply"), (AGENT_B, "close"),
                         (BOSS, "canned_add")):
            assert expected in actions, expected
        replies = [detail for user, action, detail in rows if action == "reply" and CANNED_TEXT in detail]
        assert replies and '"canned_id"' in replies[-1]
    finally:
        widget_context.close()
        a_context.close()
        b_context.close()


def test_a_supervisor_keeps_canned_replies_in_the_console(live_bot, browser, accounts):  # noqa: F811
    """The 「常用回复」 panel: a forbidden text is refused with its rule and a rewrite, a good one is saved,
    edited and retired; an agent's page has no panel but the reply picker lists what is in use."""
    boss_context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    agent_context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    try:
        boss = boss_context.new_page()
        boss.set_default_timeout(30_000)
        login(boss, live_bot, BOSS, PASSWORD)
        boss.wait_for_selector("#canned-panel:not([hidden])")
        boss.fill("#canned-title", "催促")
        boss.fill("#canned-text", "再不还我们就去你上班的地方找你")
        boss.click("#canned-save")
        boss.wait_for_selector("#canned-result .flags .suggestion")
        result = boss.locator("#canned-result").inner_text()
        assert "依据：" in result and "建议：" in result
        boss.fill("#canned-text", "我们会按规定和您联系，您也可以先和银行协商还款安排。")
        boss.click("#canned-save")
        boss.wait_for_selector("#canned-result .ok")
        row = boss.locator("#canned-body tr", has_text="催促")
        row.wait_for()
        assert "使用中" in row.inner_text()
        row.get_by_role("button", name="编辑常用回复 催促").click()
        assert boss.input_value("#canned-title") == "催促"
        boss.fill("#canned-title", "联系说明")
        boss.click("#canned-save")
        boss.locator("#canned-body tr", has_text="联系说明").wait_for()

        agent = agent_context.new_page()
        agent.set_default_timeout(30_000)
        login(agent, live_bot, e2e_settings.STAFF_USER, e2e_settings.STAFF_PASSWORD)
        assert agent.locator("#canned-panel").is_hidden()
        agent.wait_for_function("() => [...document.querySelectorAll('#canned-select option')]"
                                ".some(o => o.textContent === '联系说明')")

        boss.locator("#canned-body tr", has_text="联系说明").get_by_role("button", name="停用常用回复 联系说明").click()
        boss.locator("#canned-body tr", has_text="联系说明").locator("text=已停用").wait_for()
        agent.reload()
        agent.wait_for_selector("#whoami:has-text('当前用户')")
        agent.wait_for_timeout(1000)
        options = agent.locator("#canned-select option").all_inner_texts()
        assert "联系说明" not in options and CANNED_TITLE in options
        actions = [action for user, action, _ in audit(live_bot) if user == BOSS]
        assert "canned_blocked" in actions and actions.count("canned_update") >= 2
    finally:
        boss_context.close()
        agent_context.close()


# stand-ins for the page's tone and desktop notification, counted (headless chromium has no speaker)
ALERT_PROBE = """
try { window.localStorage.setItem("kayou.console.alerts", "1"); } catch (e) {}
window.__tones = 0; window.__notes = [];
window.AudioContext = function () {
  window.__tones += 1;
  var node = function () { return { frequency: {}, gain: {}, connect: function () {}, start: function () {}, stop: function () {} }; };
  return { createOscillator: node, createGain: node, destination: {}, currentTime: 0 };
};
window.Notification = function (title, options) { window.__notes.push(options && options.body); };
window.Notification.permission = "granted";
window.Notification.requestPermission = function () { return Promise.resolve("granted"); };
"""


def test_the_team_leads_trial_outcome_close_focus_transfer_alert_distress_and_a_customer_who_left(
        live_bot, browser, accounts):  # noqa: F811
    """/tmp/desktrial/REPORT.md (7 December): the outcome chosen for one ticket closed the next one with one
    Alt+K, unclaimed; focus fell to the page body after a lost race and after 转交; the colleague receiving a
    transfer got no alert; the distress flag only in the queue row and Alt+O took the oldest ticket; 「客户有 1
    条新消息未回复」 stayed after the cardholder left."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    calm_context = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True)
    upset_context = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True)
    a_context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    b_context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    b_context.add_init_script(ALERT_PROBE)
    try:
        def widget_in(context):
            page = context.new_page()
            page.set_default_timeout(60_000)
            page.goto(f"{live_bot.url}/webhooks/widget/")
            page.wait_for_selector("#messages .msg-bot")
            return page

        def say(widget, text: str) -> None:
            before = widget.locator("#messages .msg-bot").count()
            widget.fill("#input", text)
            widget.click("#send-button")
            widget.wait_for_function(
                "n => document.querySelectorAll('#messages .msg-bot').length > n", arg=before)

        def ticket_of(widget) -> str:
            return re.findall(r"编号 (H\d{6})", widget.locator("#messages").inner_text())[-1]

        calm, upset = widget_in(calm_context), widget_in(upset_context)
        say(calm, "转人工")
        first = ticket_of(calm)
        say(upset, "最近压力太大了，我不想活了")
        say(upset, "转人工")
        distressed = ticket_of(upset)
        assert distressed != first

        a, b = a_context.new_page(), b_context.new_page()
        for page, user, password in ((a, e2e_settings.STAFF_USER, e2e_settings.STAFF_PASSWORD), (b, AGENT_B, PASSWORD)):
            page.set_default_timeout(30_000)
            login(page, live_bot, user, password)
            page.locator("#queue-body tr", has_text=distressed).wait_for()

        # the phone panel sends nothing: a passed check is worded as a record of what was said on the phone
        a.fill("#reply-text", "您好，我们可以一起看看每月能还多少。")
        a.click("#check-button")
        a.wait_for_selector("#check-result .ok")
        passed = a.locator("#check-result").inner_text()
        assert "已发送" not in passed and "电话" in passed and "不会发送" in passed
        a.click("#send-button")
        a.wait_for_selector("#check-result .ok:has-text('审计编号')")
        recorded = a.locator("#check-result").inner_text()
        assert "已发送" not in recorded and "在电话里对客户说过" in recorded
        a.fill("#reply-text", "")

        # Alt+O: the person in distress first, though the other ticket has waited longer; a banner in the ticket
        a.wait_for_function("t => document.querySelector('#queue-body').textContent.includes(t)", arg=first)
        # (the shared bot may hold other tests' distress tickets that waited longer: Alt+O opens one of them)
        a.keyboard.press("Alt+KeyO")
        a.wait_for_function("() => /H\\d{6}/.test(document.querySelector('#ticket-heading').textContent)")
        assert first not in a.locator("#ticket-heading").inner_text()
        assert a.locator("#ticket-distress").is_visible() and "情绪危机" in a.locator("#ticket-distress").inner_text()
        if distressed not in a.locator("#ticket-heading").inner_text():  # another test's: go on with this one's
            a.locator("#queue-body tr", has_text=distressed).get_by_role("button", name=f"打开工单 {distressed}").click()
            a.wait_for_function("t => document.querySelector('#ticket-heading').textContent.includes(t)", arg=distressed)
            assert a.locator("#ticket-distress").is_visible()
        # unclaimed: no close form, and Alt+K closes nothing
        assert a.locator("#close-form").is_hidden()
        a.keyboard.press("Alt+KeyK")
        a.wait_for_selector("#ticket-error:not([hidden])")
        assert "接手后才能结束" in a.locator("#ticket-error").inner_text()
        assert "待接手" in a.locator("#ticket-heading").inner_text()

        # claimed, answered and closed with 「需再联系」
        a.keyboard.press("Alt+KeyJ")
        a.wait_for_function("() => document.activeElement && document.activeElement.id === 'ticket-reply'")
        a.keyboard.type("您好，我是客服，先听您说，您现在安全吗？")
        a.keyboard.press("Control+Enter")
        a.wait_for_selector("#ticket-reply-result .ok")
        a.select_option("#close-outcome", "callback")
        a.keyboard.press("Alt+KeyK")
        a.wait_for_function("() => document.querySelector('#ticket-heading').textContent.includes('已关闭')")

        # B has the other ticket open; A opens it too: nothing of the last outcome stays
        b.locator("#queue-body tr", has_text=first).get_by_role("button", name=f"打开工单 {first}").click()
        b.wait_for_function("t => document.querySelector('#ticket-heading').textContent.includes(t)", arg=first)
        assert b.locator("#ticket-distress").is_hidden()
        b.route("**/api/live*", lambda route: route.abort())  # B's view lags: its 接手 will lose the race
        a.locator("#queue-body tr", has_text=first).get_by_role("button", name=f"打开工单 {first}").click()
        a.wait_for_function("t => document.querySelector('#ticket-heading').textContent.includes(t)", arg=first)
        assert a.locator("#ticket-distress").is_hidden() and a.locator("#close-form").is_hidden()
        a.keyboard.press("Alt+KeyJ")
        a.wait_for_selector("#ticket-reply-form:not([hidden])")
        assert a.input_value("#close-outcome") == ""
        a.keyboard.press("Alt+KeyK")
        a.wait_for_selector("#ticket-error:not([hidden])")
        assert "处理结果" in a.locator("#ticket-error").inner_text()
        assert "处理中" in a.locator("#ticket-heading").inner_text()
        calm.wait_for_selector("#messages .msg-system >> text=客服已接入")
        assert "本次人工服务已结束" not in calm.locator("#messages").inner_text()

        # B's 接手 loses the race: the focus goes to the queue, not the page body
        b.click("#claim-button")
        b.wait_for_selector("#ticket-error:not([hidden])")
        assert "已由" in b.locator("#ticket-error").inner_text()
        b.wait_for_function("() => document.activeElement && document.activeElement.closest('#queue-body, #search-form')")
        b.unroute("**/api/live*")
        b.evaluate("document.dispatchEvent(new Event('visibilitychange'))")  # back in view: asks again at once
        b.wait_for_selector("#ticket-stale", state="hidden", timeout=15_000)

        # B turns to something else; A hands the ticket to B: B's title, tone and row say so
        b.click("#new-customer")
        tones = b.evaluate("window.__tones")
        a.select_option("#transfer-to", AGENT_B)
        a.fill("#transfer-note", "客户想分期，请跟进")
        a.click("#transfer-button")
        a.wait_for_selector("#ticket-reply-result .ok:has-text('已转给')")
        a.wait_for_function("() => document.activeElement && document.activeElement.closest('#queue-body, #search-form')")
        b.wait_for_function("() => document.title.includes('转给您')", timeout=5_000)
        assert b.evaluate("window.__tones") > tones
        row = b.locator("#queue-body tr", has_text=first)
        assert "转给您" in row.inner_text()
        row.get_by_role("button", name=f"打开工单 {first}").click()
        b.wait_for_selector("#ticket-reply-form:not([hidden])")
        b.wait_for_function("() => !document.title.includes('转给您')", timeout=5_000)

        # the cardholder writes, then leaves: no 「新消息未回复」 for someone who is gone
        say(calm, "我这个月只能先还五百")
        b.wait_for_selector("#ticket-unread:not([hidden])", timeout=5_000)
        calm.click("#reset-button")
        calm.locator("#reset-confirm-handoff").wait_for()
        calm.click("#reset-yes")
        b.wait_for_selector("#ticket-left:not([hidden])", timeout=5_000)
        b.wait_for_selector("#ticket-unread", state="hidden", timeout=5_000)
        b.wait_for_timeout(1500)  # a later live answer does not bring it back
        assert b.locator("#ticket-unread").is_hidden()
        b.screenshot(path=str(SCREENSHOTS / "desk-trial-agent-b-1280.png"), full_page=True)
        rows = audit(live_bot)
        assert not [r for r in rows if r[1] == "close" and first in r[2]]
    finally:
        for context in (calm_context, upset_context, a_context, b_context):
            context.close()


def test_ui_session_7_promise_blocked_panels_per_ticket_figures_hand_back_and_close_notices(
        live_bot, browser, accounts):  # noqa: F811
    """bench/records/2026-12-07/ui-s7: 「银行肯定会同意停息的，放心」 went out (C7); A's words and analysis stayed on
    B's ticket and 「采用此话术」 put A's answer in B's reply box (C12); B's figures differed from the chat's by one
    fen (C14); 「转给您」 on the agent's own claim (C15); 放回队列 told B nothing (C17) and B's widget never showed
    「本次人工服务已结束」 (C20)."""
    from decimal import Decimal

    from bot import whatif

    cardholder_a = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True)
    cardholder_b = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True)
    desk_context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    try:
        def widget_in(context):
            page = context.new_page()
            page.set_default_timeout(60_000)
            page.goto(f"{live_bot.url}/webhooks/widget/")
            page.wait_for_selector("#messages .msg-bot")
            return page

        def say(widget, text: str) -> None:
            before = widget.locator("#messages .msg-bot").count()
            widget.fill("#input", text)
            widget.click("#send-button")
            widget.wait_for_function(
                "n => document.querySelectorAll('#messages .msg-bot').length > n", arg=before)

        def ticket_of(widget) -> str:
            return re.findall(r"编号 (H\d{6})", widget.locator("#messages").inner_text())[-1]

        a_widget, b_widget = widget_in(cardholder_a), widget_in(cardholder_b)
        say(a_widget, "招行的卡 欠了两万八 逾期60天了")
        say(a_widget, "转人工")
        ticket_a = ticket_of(a_widget)
        say(b_widget, "建行欠1万5 还有个广发的8千 都逾期120天了")
        say(b_widget, "转人工")
        ticket_b = ticket_of(b_widget)

        agent = desk_context.new_page()
        agent.set_default_timeout(30_000)
        login(agent, live_bot, e2e_settings.STAFF_USER, e2e_settings.STAFF_PASSWORD)

        def open_ticket(number: str) -> None:
            row = agent.locator("#queue-body tr", has_text=number)
            row.wait_for()
            row.get_by_role("button", name=f"打开工单 {number}").click()
            agent.wait_for_function("t => document.querySelector('#ticket-heading').textContent.includes(t)", arg=number)

        # A: claimed; the analysis of A's words; the promise of the bank's decision is refused with its rule
        open_ticket(ticket_a)
        agent.click("#claim-button")
        agent.wait_for_selector("#ticket-reply-form:not([hidden])")
        agent.fill("#customer-text", "好 那要是银行不同意咋整 我是不是就要被起诉了")
        agent.click("#analyze-button")
        agent.wait_for_selector("#result:not([hidden])")
        assert agent.input_value("#sender-id").startswith("widget:")
        a_sender = agent.input_value("#sender-id")
        agent.fill("#ticket-reply", "您这个情况银行肯定会同意停息的，放心。")
        agent.keyboard.press("Control+Enter")
        agent.wait_for_selector("#ticket-reply-result .flags")
        blocked = agent.locator("#ticket-reply-result").inner_text()
        assert "肯定会同意" in blocked and "第七十条" in blocked and "建议：" in blocked
        assert "肯定会同意停息" not in a_widget.locator("#messages").inner_text()
        agent.select_option("#close-outcome", "resolved")
        agent.click("#close-button")
        agent.wait_for_function("() => document.querySelector('#ticket-heading').textContent.includes('已关闭')")
        a_widget.wait_for_selector("#messages .msg-system >> text=本次人工服务已结束")

        # B: nothing of A's analysis; the figures are the chat's; no 「转给您」 on the own claim
        open_ticket(ticket_b)
        assert agent.input_value("#sender-id") not in ("", a_sender)
        assert agent.input_value("#customer-text") == ""
        assert agent.locator("#result").is_hidden() and agent.locator("#script-text").inner_text() == ""
        agent.click("#claim-button")
        agent.wait_for_selector("#ticket-reply-form:not([hidden])")
        agent.wait_for_timeout(1500)  # the live answers after the claim have redrawn the queue
        assert "转给您" not in agent.locator("#queue-body tr", has_text=ticket_b).inner_text()
        chat = whatif.totals([whatif.CardFacts("建设银行", Decimal(15000), 120),
                              whatif.CardFacts("广发银行", Decimal(8000), 120)])
        figures = agent.locator("#ticket-figures").inner_text()
        assert f"{chat.interest:,.2f}" in figures and f"{chat.penalty:,.2f}" in figures, figures
        # 「采用此话术」 of no analysis of B's words fills nothing
        agent.evaluate("document.getElementById('use-script').click()")
        assert agent.input_value("#ticket-reply") == ""

        # 放回队列: B is told the person left and the ticket still waits
        agent.select_option("#transfer-to", "")
        agent.click("#transfer-button")
        agent.wait_for_selector("#ticket-reply-result .ok:has-text('放回队列')")
        b_widget.wait_for_selector("#messages .msg-system >> text=仍在排队", timeout=15_000)
        agent.locator("#transcript", has_text="仍在排队").wait_for(timeout=10_000)

        # claimed again and closed: B's widget shows the end, and keeps it after a reload
        agent.click("#claim-button")
        agent.wait_for_selector("#ticket-reply-form:not([hidden])")
        b_widget.wait_for_function(
            "() => document.querySelectorAll('#messages .msg-system').length >= 3", timeout=15_000)
        agent.select_option("#close-outcome", "referred")
        agent.click("#close-button")
        agent.wait_for_function("() => document.querySelector('#ticket-heading').textContent.includes('已关闭')")
        b_widget.wait_for_selector("#messages .msg-system >> text=本次人工服务已结束", timeout=15_000)
        b_widget.reload()
        b_widget.wait_for_selector("#messages .msg-system >> text=本次人工服务已结束")
    finally:
        for context in (cardholder_a, cardholder_b, desk_context):
            context.close()
