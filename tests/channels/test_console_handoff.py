"""The console's handoff queue, claim race, reply, close, pause/resume, call records and the supervisor's
audit view, in a real Sanic server over a SQLite case store, with Rasa's own in-memory tracker and lock
stores standing in for the running agent's (the e2e tests use the real `rasa run`)."""
from __future__ import annotations

import asyncio
import csv
import io
import json
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest
from rasa.core.lock_store import InMemoryLockStore
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ConversationPaused, ConversationResumed, UserUttered

from bot.channels import handoff_desk as desk
from tests.channels.test_console_unit import PASSWORD, USER, make_console  # noqa: F401 — the fixture

OTHER = "unit-agent-2"
BOSS = "unit-supervisor"
CONVERSATION = "widget:web-0123456789abcdef"


@pytest.fixture
def new_console(request):
    """test_console_unit's `make_console` (a real Sanic server over a SQLite case store)."""
    return request.getfixturevalue("make_console")


# the slots the ticket view reads (the real domain has them too)
DOMAIN = Domain.from_dict({"slots": {name: {"type": "any", "mappings": [{"type": "custom"}]}
                                     for name in ("case", "bank", "debt_amount", "overdue_days", "monthly_income")}})


class WithTrackers:
    def __init__(self, agent) -> None:
        agent.tracker_store = InMemoryTrackerStore(DOMAIN)
        agent.lock_store = InMemoryLockStore()


async def console_with_people(new_console, **kwargs):
    c = await new_console(**kwargs)
    WithTrackers(c.agent)
    await c.login()
    await asyncio.to_thread(c.channel.store().staff.add_user, OTHER, PASSWORD)
    await asyncio.to_thread(c.channel.store().staff.add_user, BOSS, PASSWORD, role="supervisor")
    return c


async def say(c, conversation: str, text: str, intent: str = "ask_criminal_risk", at: datetime | None = None):
    """The cardholder's message in the tracker, as Rasa logs it."""
    tracker = await c.agent.tracker_store.get_or_create_tracker(conversation)
    event = UserUttered(text, intent={"name": intent, "confidence": 0.9},
                        timestamp=(at or c.clock.now).timestamp())
    tracker.update(event)
    tracker.update(ActionExecuted("action_listen"))
    await c.agent.tracker_store.save(tracker)


async def file_ticket(c, conversation: str = CONVERSATION, minutes_ago: int = 12):
    return await asyncio.to_thread(c.channel.store().handoffs.request, conversation, channel=conversation.split(":")[0],
                                   reason="转人工", now=c.clock.now - timedelta(minutes=minutes_ago))


async def other_browser(c, user: str):
    http = c.client()
    status, _, _ = await c.login_from(http, user=user)
    assert status == 200
    return http


async def post_as(c, http, path: str, body=None):
    async with http.post(c.url(path), json=body if body is not None else {}) as resp:
        return resp.status, await resp.json(content_type=None)


async def get_json(c, path: str, http=None):
    async with (http or c.http).get(c.url(path)) as resp:
        return resp.status, await resp.json(content_type=None)


async def test_queue_lists_open_tickets_with_their_waiting_time(new_console):
    c = await console_with_people(new_console)
    first = await file_ticket(c, "widget:web-aaaaaaaa", minutes_ago=12)
    await file_ticket(c, "wechat:o6_bm_zzz", minutes_ago=3)
    status, data = await get_json(c, "/api/queue")
    assert status == 200
    assert [(t["ticket"], t["waited"], t["status"]) for t in data["tickets"]] == [
        (first.ticket, "12分钟", "open"), (f"H{first.id + 1:06d}", "3分钟", "open")]
    assert data["hours"] == "周一至周五 9:00–18:00"


async def test_claim_race_between_two_agents_one_wins(new_console):
    c = await console_with_people(new_console)
    ticket = await file_ticket(c)
    mine, theirs = c.http, await other_browser(c, OTHER)
    results = await asyncio.gather(post_as(c, mine, f"/api/ticket/{ticket.id}/claim"),
                                   post_as(c, theirs, f"/api/ticket/{ticket.id}/claim"))
    statuses = sorted(status for status, _ in results)
    assert statuses == [200, 409]
    winner = next(body for status, body in results if status == 200)["ticket"]["claimed_by"]
    loser_error = next(body for status, body in results if status == 409)["error"]
    assert loser_error == f"该工单已由 {winner} 接手。"
    actions = c.audit_actions()
    assert actions.count("claim") == 2 and actions.count("claim_lost") == 1


async def test_claim_pauses_the_bot_reply_reaches_the_widget_close_resumes(new_console, monkeypatch):
    c = await console_with_people(new_console)
    monkeypatch.setattr(desk, "_store", c.channel.store())
    await say(c, CONVERSATION, "我会不会被抓？")
    ticket = await file_ticket(c)
    status, data = await post_as(c, c.http, f"/api/ticket/{ticket.id}/claim")
    assert status == 200 and data["warning"] is None
    tracker = await c.agent.tracker_store.retrieve(CONVERSATION)
    assert tracker.is_paused() and any(isinstance(e, ConversationPaused) for e in tracker.events)

    # while paused, the channels answer for the quiet bot that the message went to the agent
    assert await desk.forwarded_notice(CONVERSATION) == "您的消息已转给客服，请稍候，客服会在这里回复您。"
    assert await desk.forwarded_notice("widget:web-nobody") is None

    # the transcript and the call sheet
    status, view = await get_json(c, f"/api/ticket/{ticket.id}")
    assert status == 200 and view["mine"] is True and view["paused"] is True
    assert [line["role"] for line in view["transcript"]] == ["user", "system"]
    assert view["transcript"][0]["text"] == "我会不会被抓？"
    assert [a["intent"] for a in view["analysis"]["answers"]] == ["ask_criminal_risk"]

    # another agent may not answer for the one who has it
    theirs = await other_browser(c, OTHER)
    status, body = await post_as(c, theirs, f"/api/ticket/{ticket.id}/reply", {"text": "您好"})
    assert status == 409 and body["error"] == f"这个工单由 {USER} 处理，您不能代为回复或关闭。"
    # a forbidden phrase is refused and recorded
    status, body = await post_as(c, c.http, f"/api/ticket/{ticket.id}/reply", {"text": "再不还钱就通知你单位"})
    assert status == 422 and body["flags"]
    # issue 21: the employer phrasings are refused in the ticket path too, each with its rule and a rewrite
    for text in ("通知你们公司人事部门", "给你们HR打电话", "去你上班的地方找你"):
        status, body = await post_as(c, c.http, f"/api/ticket/{ticket.id}/reply", {"text": text})
        assert status == 422, text
        flag = next(f for f in body["flags"] if f["rule_id"] == "employer_contact")
        assert flag["rule"] and flag["source"] and flag["suggestion"] and text[flag["start"]:flag["end"]] == flag["phrase"]
    status, body = await post_as(c, c.http, f"/api/ticket/{ticket.id}/reply",
                                 {"text": "您好，我是客服小王，单纯还不上不等于犯罪。"})
    assert status == 200 and body["delivered"] is True and body["delivery"] == "widget"
    messages = c.channel.store().handoffs.messages_for(CONVERSATION)
    assert [(m.author, m.staff_username) for m in messages] == [("system", USER), ("agent", USER)]
    tracker = await c.agent.tracker_store.retrieve(CONVERSATION)
    assert tracker.events[-1].text == "您好，我是客服小王，单纯还不上不等于犯罪。"
    assert tracker.events[-1].metadata["handoff"] == {"author": "agent", "staff": USER, "ticket": ticket.ticket}

    status, body = await post_as(c, c.http, f"/api/ticket/{ticket.id}/close", {"outcome": "finished"})
    assert status == 400
    status, body = await post_as(c, c.http, f"/api/ticket/{ticket.id}/close",
                                 {"outcome": "resolved", "note": "已解释刑事门槛"})
    assert status == 200 and body["ticket"]["status"] == "closed" and body["ticket"]["outcome_label"] == "已解答"
    tracker = await c.agent.tracker_store.retrieve(CONVERSATION)
    assert not tracker.is_paused() and await desk.forwarded_notice(CONVERSATION) is None
    assert isinstance(tracker.events[-2], ConversationResumed) and tracker.events[-1].action_name == "action_listen"
    assert c.channel.store().handoffs.messages_for(CONVERSATION)[-1].text.startswith("本次人工服务已结束")
    rows = [r for r in c.audit_rows() if r.staff_username == USER]
    assert [r.action for r in rows][-9:] == ["claim", "view_ticket", "reply_blocked", "reply_blocked",
                                             "reply_blocked", "reply_blocked", "reply", "reply_delivery", "close"]
    assert all(r.sender_id == CONVERSATION for r in rows[-9:] if r.action != "reply_delivery")
    status, _ = await post_as(c, c.http, f"/api/ticket/{ticket.id}/close", {"outcome": "resolved"})
    assert status == 409  # closed once


async def test_reply_needs_a_claim_and_release_gives_the_bot_back(new_console):
    c = await console_with_people(new_console)
    ticket = await file_ticket(c)
    status, body = await post_as(c, c.http, f"/api/ticket/{ticket.id}/reply", {"text": "您好"})
    assert status == 409 and body["error"] == "请先点“接手”再回复。"
    await post_as(c, c.http, f"/api/ticket/{ticket.id}/claim")
    theirs = await other_browser(c, OTHER)
    assert (await post_as(c, theirs, f"/api/ticket/{ticket.id}/release"))[0] == 409
    assert (await post_as(c, c.http, f"/api/ticket/{ticket.id}/release"))[0] == 200
    assert not (await c.agent.tracker_store.retrieve(CONVERSATION)).is_paused()
    assert c.channel.store().handoffs.get(ticket.id).status == "open"
    assert (await post_as(c, theirs, f"/api/ticket/{ticket.id}/claim"))[0] == 200


async def test_a_supervisor_may_close_an_agents_ticket_an_agent_may_not(new_console):
    c = await console_with_people(new_console)
    ticket = await file_ticket(c)
    await post_as(c, c.http, f"/api/ticket/{ticket.id}/claim")
    theirs = await other_browser(c, OTHER)
    assert (await post_as(c, theirs, f"/api/ticket/{ticket.id}/close", {"outcome": "resolved"}))[0] == 409
    boss = await other_browser(c, BOSS)
    # issue 21 trial: a supervisor closes another's ticket only by saying so
    status, body = await post_as(c, boss, f"/api/ticket/{ticket.id}/close", {"outcome": "referred"})
    assert status == 409 and body["can_override"] is True and "主管代为结束" in body["error"]
    status, body = await post_as(c, boss, f"/api/ticket/{ticket.id}/close", {"outcome": "referred", "override": True})
    assert status == 200 and body["ticket"]["closed_by"] == BOSS


async def test_wechat_reply_outside_48_hours_is_not_sent_and_says_why(new_console):
    c = await console_with_people(new_console)
    conversation = "wechat:o6_bm_late"
    await say(c, conversation, "转人工", intent="request_human", at=c.clock.now - timedelta(hours=49))
    ticket = await file_ticket(c, conversation)
    await post_as(c, c.http, f"/api/ticket/{ticket.id}/claim")
    status, body = await post_as(c, c.http, f"/api/ticket/{ticket.id}/reply", {"text": "您好"})
    assert status == 200 and body["delivered"] is False and body["delivery"] == "undeliverable"
    assert body["message"].startswith("无法送达：微信只允许在客户最后一次发消息后48小时内回复")
    assert "已过 49 小时" in body["message"]


async def test_a_rest_conversation_cannot_be_reached(new_console, monkeypatch):
    c = await console_with_people(new_console)
    monkeypatch.setattr(desk, "_store", c.channel.store())
    ticket = await file_ticket(c, "rest:someone")
    await post_as(c, c.http, f"/api/ticket/{ticket.id}/claim")
    assert "收不到客服的回复" in await desk.forwarded_notice("rest:someone")
    status, body = await post_as(c, c.http, f"/api/ticket/{ticket.id}/reply", {"text": "您好"})
    assert body["delivered"] is False and "rest 渠道" in body["message"]


async def test_search_by_ticket_number_or_conversation(new_console):
    c = await console_with_people(new_console)
    ticket = await file_ticket(c)
    for query in (ticket.ticket, CONVERSATION, "0123456789abcdef"):
        status, data = await get_json(c, f"/api/search?q={query}")
        assert status == 200 and [t["id"] for t in data["tickets"]] == [ticket.id]
    status, data = await get_json(c, "/api/search?q=13812345678")
    assert status == 400  # a phone number is never a conversation id
    assert "search" in c.audit_actions()


async def test_script_read_and_check_are_recorded_against_the_customer(new_console):
    c = await console_with_people(new_console)
    status, body = await post_as(c, c.http, "/api/record", {"kind": "script_read", "text": "话术……"})
    assert status == 400  # no customer named: nothing to record against
    status, body = await post_as(c, c.http, "/api/record",
                                 {"kind": "script_read", "sender_id": CONVERSATION, "text": "话术……"})
    assert status == 200 and body["label"] == "已向客户宣读话术"
    status, body = await post_as(c, c.http, "/api/record", {"kind": "check_done", "sender_id": CONVERSATION})
    assert status == 200
    status, _ = await post_as(c, c.http, "/api/record", {"kind": "other", "sender_id": CONVERSATION})
    assert status == 400
    rows = c.audit_rows()
    assert [(r.action, r.sender_id, r.staff_username) for r in rows[-2:]] == [
        ("script_read", CONVERSATION, USER), ("check_done", CONVERSATION, USER)]


async def test_only_a_supervisor_sees_the_audit_log_and_its_csv(new_console):
    c = await console_with_people(new_console)
    ticket = await file_ticket(c)
    await post_as(c, c.http, f"/api/ticket/{ticket.id}/claim")
    c.clock.now += timedelta(days=1)
    await c.login()  # the next day: a new session
    await post_as(c, c.http, "/api/record", {"kind": "check_done", "sender_id": "widget:web-other"})
    for path in ("/api/audit", "/api/audit.csv"):
        status, body = await get_json(c, path)
        assert status == 403 and body["error"] == "只有主管账号可以查看审计日志。"
    boss = await other_browser(c, BOSS)
    status, data = await get_json(c, f"/api/audit?staff={USER}&action=claim", boss)
    assert status == 200 and [(r["staff"], r["action"]) for r in data["rows"]] == [(USER, "claim")]
    assert "claim" in data["actions"]
    status, data = await get_json(c, f"/api/audit?subject={CONVERSATION}", boss)
    assert {r["action"] for r in data["rows"]} == {"claim"}
    day = c.clock.now.strftime("%Y-%m-%d")
    status, data = await get_json(c, f"/api/audit?from={day}&to={day}&staff={USER}", boss)
    assert [r["action"] for r in data["rows"]] == ["audit_denied", "audit_denied", "check_done", "login"]
    yesterday = (c.clock.now - timedelta(days=1)).strftime("%Y-%m-%d")
    status, data = await get_json(c, f"/api/audit?to={yesterday}&staff={USER}", boss)
    assert [r["action"] for r in data["rows"]] == ["claim", "login"]
    status, data = await get_json(c, "/api/audit?from=yesterday", boss)
    assert status == 400 and data["error"].startswith("日期格式应为 YYYY-MM-DD")
    async with boss.get(c.url(f"/api/audit.csv?staff={USER}")) as resp:
        assert resp.status == 200 and resp.headers["Content-Type"].startswith("text/csv")
        assert "attachment" in resp.headers["Content-Disposition"]
        raw = await resp.read()
    assert raw.startswith("\ufeff".encode())
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert table[0][:4] == ["编号", "时间（北京时间）", "员工", "操作"]
    assert [row[3] for row in table[1:]] == ["audit_denied", "audit_denied", "check_done", "login", "claim",
                                             "login"]
    actions = c.audit_actions()
    assert actions.count("audit_denied") == 2 and "audit_export" in actions


def test_csv_cells_that_a_spreadsheet_would_run_are_made_text():
    from bot.channels.console_handoff import _csv_cell

    assert _csv_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)" and _csv_cell("@x") == "'@x"
    assert _csv_cell("-1") == "'-1" and _csv_cell("claim") == "claim"


@pytest.mark.parametrize("elapsed, ok", [(timedelta(hours=47, minutes=59), True), (timedelta(hours=48, seconds=1), False)])
def test_wechat_window_is_48_hours(elapsed, ok):
    from bot import handoff

    now = datetime(2026, 12, 1, 12, tzinfo=timezone.utc)
    assert (handoff.wechat_window_problem(now - elapsed, now) is None) is ok
    assert handoff.wechat_window_problem(None, now).startswith("无法送达：找不到")


async def test_ticket_view_reads_the_case_slot_and_names_who_said_what(new_console):
    from rasa.shared.core.events import BotUttered, SlotSet

    from bot.case import Card, Case

    c = await console_with_people(new_console)
    case = Case(cards=(Card(bank="招商银行", amount=Decimal("60000"), overdue_days=120),))
    tracker = await c.agent.tracker_store.get_or_create_tracker(CONVERSATION)
    tracker.update(SlotSet("case", case.to_slot()))
    tracker.update(UserUttered("会不会坐牢", intent={"name": "ask_criminal_risk"}, timestamp=c.clock.now.timestamp()))
    tracker.update(BotUttered("按您说的情况……", timestamp=c.clock.now.timestamp()))
    await c.agent.tracker_store.save(tracker)
    ticket = await file_ticket(c)
    await post_as(c, c.http, f"/api/ticket/{ticket.id}/claim")
    await post_as(c, c.http, f"/api/ticket/{ticket.id}/reply", {"text": "您好"})
    status, view = await get_json(c, f"/api/ticket/{ticket.id}")
    assert view["slots"]["bank"] == "招商银行" and view["slots"]["debt_amount"] == 60000.0
    assert view["case"]["cards"][0]["bank"] == "招商银行"
    assert [(line["role"], line["text"], line.get("staff")) for line in view["transcript"]] == [
        ("user", "会不会坐牢", None), ("bot", "按您说的情况……", None),
        ("system", f"客服已接入，接下来由客服为您解答（编号 {ticket.ticket}）。", USER), ("agent", "您好", USER)]
    assert view["transcript"][0]["at"] == c.clock.now.isoformat()
    assert view["last_user_at"] == c.clock.now.isoformat()
    # the figures of the case and the question answered from them
    assert view["analysis"]["spoken"]["total_owed"].startswith("约六万")
    assert view["analysis"]["answers"][0]["asked"] == "会不会坐牢"
    await post_as(c, c.http, f"/api/ticket/{ticket.id}/close", {"outcome": "resolved"})
    tracker = await c.agent.tracker_store.retrieve(CONVERSATION)
    farewell = tracker.events[-3]
    assert farewell.text.startswith(f"本次人工服务已结束（编号 {ticket.ticket}）")
    assert farewell.metadata["handoff"]["author"] == "system"


async def test_a_ticket_without_a_conversation_opens_empty(new_console):
    c = await console_with_people(new_console)
    ticket = await file_ticket(c, "widget:web-gone")
    status, view = await get_json(c, f"/api/ticket/{ticket.id}")
    assert status == 200 and view["transcript"] == [] and view["paused"] is False and view["slots"] == {}
    assert view["analysis"]["answers"] == []
    assert (await get_json(c, "/api/ticket/9999"))[0] == 404


def test_channel_of_a_conversation():
    assert desk.channel_of("wechat:o6:x") == "wechat" and desk.channel_of("plain") == "rest"


# ------------------------------------------------------------------ issue 22

async def test_audit_rows_about_a_conversation_say_whether_the_agent_holds_its_ticket(new_console):
    """Any agent could write script_read / check_done / send rows about any conversation, looking like a
    ticket's: a row now names the ticket the agent holds, or is marked outside a ticket."""
    c = await console_with_people(new_console)
    ticket = await file_ticket(c)
    body = {"kind": "script_read", "sender_id": CONVERSATION, "text": "已读话术"}
    assert (await post_as(c, c.http, "/api/record", body))[0] == 200  # not claimed yet
    assert (await post_as(c, c.http, f"/api/ticket/{ticket.id}/claim"))[0] == 200
    assert (await post_as(c, c.http, "/api/record", {**body, "kind": "check_done"}))[0] == 200
    theirs = await other_browser(c, OTHER)
    assert (await post_as(c, theirs, "/api/record", body))[0] == 200  # someone else's ticket
    rows = await asyncio.to_thread(c.channel.store().audit.list_recent, 50, sender_id=CONVERSATION)
    marks = [(r.staff_username, r.action, r.detail.get("ticket"), r.detail.get("outside_ticket"))
             for r in reversed(rows) if r.action in ("script_read", "check_done")]
    assert marks == [(USER, "script_read", None, True), (USER, "check_done", ticket.ticket, None),
                     (OTHER, "script_read", None, True)]


async def test_the_queue_pages_past_two_hundred_with_its_true_total(new_console):
    c = await console_with_people(new_console)
    for i in range(205):
        await file_ticket(c, f"rest:flood-{i:03d}", minutes_ago=300 - i)
    real = await file_ticket(c, "widget:web-real-customer", minutes_ago=1)
    status, first = await get_json(c, "/api/queue")
    assert status == 200 and first["total"] == 206 and len(first["tickets"]) == 200
    assert first["next_offset"] == 200
    status, second = await get_json(c, "/api/queue?offset=200")
    assert [t["ticket"] for t in second["tickets"]][-1] == real.ticket and second["next_offset"] is None
    for bad in ("-1", "abc", "99999999"):
        status, body = await get_json(c, f"/api/queue?offset={bad}")
        assert status == 400 and body["error"].startswith("翻页参数无效")


@pytest.mark.parametrize("path", [
    "/api/ticket/99999999999999999999", "/api/ticket/2147483648",
    "/api/audit?to=9999-12-31", "/api/audit?from=0001-01-01", "/api/audit?before=999999999999999999999",
    "/api/audit.csv?to=9999-12-31", "/api/audit.csv?from=0001-01-01",
])
async def test_oversized_ids_and_dates_are_a_clear_400_not_a_500(new_console, path):
    """Issue 22: oversized ids and dates gave a generic 500."""
    c = await console_with_people(new_console)
    boss = await other_browser(c, BOSS)
    async with boss.get(c.url(path)) as resp:
        status, body = resp.status, await resp.json(content_type=None)
    assert status == 400 and body["error"], (status, body)


@pytest.mark.parametrize("action", ["claim", "release", "reply", "close"])
async def test_oversized_ticket_ids_in_actions_are_a_clear_answer(new_console, action):
    c = await console_with_people(new_console)
    status, body = await post_as(c, c.http, f"/api/ticket/99999999999999999999/{action}",
                                 {"text": "您好", "outcome": "resolved"})
    assert status in (400, 404) and body.get("error"), (status, body)


async def test_a_supervisor_closes_a_flood_of_unclaimed_tickets_at_once(new_console):
    c = await console_with_people(new_console)
    spam = [await file_ticket(c, f"rest:spam-{i}", minutes_ago=20 - i) for i in range(6)]
    real = await file_ticket(c, "widget:web-real", minutes_ago=1)
    assert (await post_as(c, c.http, f"/api/ticket/{spam[5].id}/claim"))[0] == 200  # someone took one
    status, body = await post_as(c, c.http, "/api/tickets/close_unclaimed", {"ids": [t.id for t in spam]})
    assert status == 403  # an agent may not
    boss = await other_browser(c, BOSS)
    status, body = await post_as(c, boss, "/api/tickets/close_unclaimed",
                                 {"ids": [t.id for t in spam], "note": "同一来源的刷单请求"})
    assert status == 200 and body["count"] == 5 and body["closed"] == [t.ticket for t in spam[:5]]
    status, queue = await get_json(c, "/api/queue")
    assert [t["ticket"] for t in queue["tickets"]] == [spam[5].ticket, real.ticket] and queue["total"] == 2
    assert {"bulk_close", "bulk_closed", "bulk_close_denied"} <= set(c.audit_actions())
    for bad in ({"ids": []}, {"ids": list(range(1, 502))}, {"ids": ["H000001"]}, {"ids": [2**40]}, {}):
        assert (await post_as(c, boss, "/api/tickets/close_unclaimed", bad))[0] == 400


# ---------------------------------------------------------------------------------------------
# issue 21: live updates by long polling


async def test_live_answers_within_two_seconds_with_a_follow_up_and_an_unread_count(new_console, monkeypatch):
    c = await console_with_people(new_console)
    monkeypatch.setattr(desk, "_store", c.channel.store())
    await say(c, CONVERSATION, "我会不会被抓？")
    ticket = await file_ticket(c)
    status, _ = await post_as(c, c.http, f"/api/ticket/{ticket.id}/claim")
    assert status == 200
    status, first = await get_json(c, f"/api/live?ticket={ticket.id}")
    assert status == 200 and first["changed"] is True
    assert first["ticket"]["status"] == "in_progress" and first["ticket"]["unread"] == 0
    assert [t["unread"] for t in first["tickets"]] == [0]

    loop = asyncio.get_running_loop()

    async def follow_up():
        await asyncio.sleep(0.5)
        await say(c, CONVERSATION, "我这个月只能还500，可以吗？")
        await desk.forwarded_notice(CONVERSATION)  # what the channel does with a message the bot kept quiet about

    started = loop.time()
    (status, second), _ = await asyncio.gather(
        get_json(c, f"/api/live?ticket={ticket.id}&since={first['token']}"), follow_up())
    waited = loop.time() - started
    assert status == 200 and second["changed"] is True and waited < 2.0, waited
    assert second["ticket"]["transcript"][-1] == {**second["ticket"]["transcript"][-1], "role": "user",
                                                   "text": "我这个月只能还500，可以吗？"}
    assert second["ticket"]["unread"] == 1 and [t["unread"] for t in second["tickets"]] == [1]

    # a message written where this process does not hear of it (no notify) shows by the next look
    started = loop.time()
    (status, third), _ = await asyncio.gather(
        get_json(c, f"/api/live?ticket={ticket.id}&since={second['token']}"),
        say(c, CONVERSATION, "还在吗"))
    assert third["changed"] is True and third["ticket"]["unread"] == 2 and loop.time() - started < 2.0

    # the agent's reply answers them: unread back to 0
    status, _ = await post_as(c, c.http, f"/api/ticket/{ticket.id}/reply", {"text": "在的，我们一起看看怎么安排。"})
    assert status == 200
    status, fourth = await get_json(c, f"/api/live?ticket={ticket.id}&since={third['token']}")
    assert fourth["ticket"]["unread"] == 0 and fourth["tickets"][0]["unread"] == 0
    # each answer that carried the transcript anew is audited like opening the ticket
    rows = [r for r in c.audit_rows() if r.action == "view_ticket_live"]
    assert len(rows) == 4 and all(r.sender_id == CONVERSATION and r.staff_username == USER for r in rows)
    assert json.loads(rows[0].detail) == {"ticket": ticket.ticket}


async def test_live_shows_a_colleagues_claim_and_a_new_ticket_to_a_watching_agent(new_console):
    c = await console_with_people(new_console)
    ticket = await file_ticket(c)
    status, first = await get_json(c, "/api/live")
    assert status == 200 and [t["status"] for t in first["tickets"]] == ["open"]
    theirs = await other_browser(c, OTHER)

    async def colleague_claims():
        await asyncio.sleep(0.3)
        return await post_as(c, theirs, f"/api/ticket/{ticket.id}/claim")

    loop = asyncio.get_running_loop()
    started = loop.time()
    (status, second), _ = await asyncio.gather(get_json(c, f"/api/live?since={first['token']}"), colleague_claims())
    assert loop.time() - started < 2.0
    assert [(t["status"], t["claimed_by"]) for t in second["tickets"]] == [("in_progress", OTHER)]

    # a ticket filed by the action server (another process): seen by the next look, within 2 s
    started = loop.time()
    (status, third), _ = await asyncio.gather(get_json(c, f"/api/live?since={second['token']}"),
                                              file_ticket(c, "wechat:o6_bm_new", minutes_ago=0))
    assert loop.time() - started < 2.0 and third["total"] == 2


async def test_live_without_a_change_answers_after_the_wait_with_the_same_token(new_console, monkeypatch):
    from bot.channels import console_handoff

    monkeypatch.setattr(console_handoff, "LIVE_WAIT_SECONDS", 1.5)
    c = await console_with_people(new_console)
    await file_ticket(c)
    _, first = await get_json(c, "/api/live")
    status, again = await get_json(c, f"/api/live?since={first['token']}")
    assert status == 200 and again["changed"] is False and again["token"] == first["token"]
    status, body = await get_json(c, "/api/live?ticket=abc")
    assert status == 400 and body["field"] == "ticket"


def test_nginx_waits_longer_than_a_live_request_is_held():
    import re
    from pathlib import Path

    from bot.channels import console_handoff

    conf = (Path(__file__).resolve().parents[2] / "deploy/nginx/kayou.conf").read_text(encoding="utf-8")
    block = conf[conf.index("location ~ ^/webhooks/(rest|widget|wechat|console)"):]
    block = block[:block.index("}")]
    seconds = int(re.search(r"proxy_read_timeout (\d+)s;", block).group(1))
    # a held long poll must come back before nginx gives up on it (else a 504 every 20 s)
    assert seconds >= console_handoff.LIVE_WAIT_SECONDS + 10


async def test_a_visible_page_watching_the_desk_stays_logged_in_up_to_the_shift_cap(new_console, monkeypatch):
    """Issue 21: the live updates of a visible page are presence (the agent watching the queue is not
    logged out after 15 minutes); a hidden page's are not; the shift cap (TTL) holds regardless."""
    from datetime import timedelta

    from bot.channels import console_handoff

    monkeypatch.setattr(console_handoff, "LIVE_WAIT_SECONDS", 0.1)
    c = await console_with_people(new_console, session_ttl_minutes=60, session_idle_minutes=15)
    await file_ticket(c)
    # 45 minutes of watching: a live answer at least every 20 s in practice, here one every 10 minutes
    for _ in range(4):
        c.clock.now += timedelta(minutes=10)
        status, _ = await get_json(c, "/api/live?visible=1")
        assert status == 200
    # after 40 minutes without a click the agent is still in and can act
    status, _ = await get_json(c, "/api/me")
    assert status == 200
    # the shift cap: 60 minutes after the login, watching or not
    c.clock.now += timedelta(minutes=14)
    assert (await get_json(c, "/api/live?visible=1"))[0] == 200
    c.clock.now += timedelta(minutes=5, seconds=59)
    assert (await get_json(c, "/api/live?visible=1"))[0] == 200
    c.clock.now += timedelta(seconds=2)
    assert (await get_json(c, "/api/live?visible=1"))[0] == 401


async def test_a_hidden_page_does_not_keep_the_session(new_console, monkeypatch):
    from datetime import timedelta

    from bot.channels import console_handoff

    monkeypatch.setattr(console_handoff, "LIVE_WAIT_SECONDS", 0.1)
    c = await console_with_people(new_console, session_ttl_minutes=600, session_idle_minutes=15)
    c.clock.now += timedelta(minutes=10)
    assert (await get_json(c, "/api/live"))[0] == 200  # a background tab: no presence
    c.clock.now += timedelta(minutes=5, seconds=1)
    assert (await get_json(c, "/api/live"))[0] == 401


async def test_a_cardholder_who_left_is_marked_and_a_reply_says_it_reaches_nobody(new_console, monkeypatch):
    c = await console_with_people(new_console)
    monkeypatch.setattr(desk, "_store", c.channel.store())
    await say(c, CONVERSATION, "我会不会被抓？")
    ticket = await file_ticket(c)
    status, _ = await post_as(c, c.http, f"/api/ticket/{ticket.id}/claim")
    assert status == 200
    _, first = await get_json(c, f"/api/live?ticket={ticket.id}")
    assert first["ticket"]["left"] is False and first["tickets"][0]["left"] is False
    status, body = await post_as(c, c.http, f"/api/ticket/{ticket.id}/reply", {"text": "您好，我在。"})
    assert body["delivered"] is True and body["message"].startswith("已发送")

    # 「新对话」 in the widget (POST /webhooks/widget/leave calls this)
    assert await desk.customer_left(CONVERSATION) is True
    assert await desk.customer_left(CONVERSATION) is True  # twice: marked once
    assert await desk.customer_left("widget:web-nobody") is False
    _, second = await get_json(c, f"/api/live?ticket={ticket.id}&since={first['token']}")
    assert second["ticket"]["left"] is True
    row = second["tickets"][0]
    assert row["left"] is True and row["left_label"] == "客户已离开" and "新对话" in row["left_note"]
    status, view = await get_json(c, f"/api/ticket/{ticket.id}")
    assert view["ticket"]["left"] is True
    assert [m["delivery"] for m in view["messages"]].count("left") == 1

    status, body = await post_as(c, c.http, f"/api/ticket/{ticket.id}/reply", {"text": "您还在吗？"})
    assert status == 200 and body["delivered"] is False and body["delivery"] == "left"
    assert body["message"].startswith("未发送：客户已离开对话") and "已发送" not in body["message"]
    # not put into the conversation either
    tracker = await c.agent.tracker_store.retrieve(CONVERSATION)
    assert tracker.events[-1].text != "您还在吗？"
    status, body = await post_as(c, c.http, f"/api/ticket/{ticket.id}/close", {"outcome": "customer_left"})
    assert status == 200 and body["ticket"]["outcome_label"] == "客户已离开"


# ---------------------------------------------------------------------------------------------
# UI session 7: what the cardholder is told when the person leaves (C17, C20)


async def test_a_widget_that_sees_the_ticket_closed_also_sees_the_closing_line(new_console, monkeypatch):
    """C20: B's widget never showed 「本次人工服务已结束」: the ticket was closed, then the bot resumed, and only
    then was the line written; a poll in between saw 「closed, nothing new」 and stopped asking. The line is now
    written with the status, so at any moment after the close the widget's route returns it."""
    c = await console_with_people(new_console)
    monkeypatch.setattr(desk, "_store", c.channel.store())
    await say(c, CONVERSATION, "我会不会被抓？")
    ticket = await file_ticket(c)
    assert (await post_as(c, c.http, f"/api/ticket/{ticket.id}/claim"))[0] == 200
    repo = c.channel.store().handoffs
    seen = []
    resume = desk.resume

    async def slow_resume(agent, conversation_id, ticket_number, staff):
        # what a widget polling now would get: the ticket's state and the messages
        seen.append((repo.open_for(conversation_id), [m.text for m in repo.messages_for(conversation_id)]))
        await resume(agent, conversation_id, ticket_number, staff)

    monkeypatch.setattr(desk, "resume", slow_resume)
    status, body = await post_as(c, c.http, f"/api/ticket/{ticket.id}/close", {"outcome": "referred"})
    assert status == 200
    [(open_ticket, texts_then)] = seen
    assert open_ticket is None  # closed already …
    assert texts_then[-1].startswith("本次人工服务已结束")  # … and the line with it
    messages = repo.messages_for(CONVERSATION)
    assert [m.text for m in messages].count(texts_then[-1]) == 1 and messages[-1].delivery == "widget"


@pytest.mark.parametrize("how", ["release", "transfer"])
async def test_handing_back_to_the_queue_tells_the_cardholder(new_console, monkeypatch, how):
    """C17: 放回队列 gave no notice at all; the next answer simply came from the bot."""
    c = await console_with_people(new_console)
    monkeypatch.setattr(desk, "_store", c.channel.store())
    await say(c, CONVERSATION, "我会不会被抓？")
    ticket = await file_ticket(c)
    assert (await post_as(c, c.http, f"/api/ticket/{ticket.id}/claim"))[0] == 200
    if how == "release":
        status, _ = await post_as(c, c.http, f"/api/ticket/{ticket.id}/release")
    else:
        status, _ = await post_as(c, c.http, f"/api/ticket/{ticket.id}/transfer", {"to": "", "note": "转主管"})
    assert status == 200
    last = c.channel.store().handoffs.messages_for(CONVERSATION)[-1]
    assert last.author == "system" and "仍在排队" in last.text and ticket.ticket in last.text
    assert "转主管" not in last.text  # the internal note stays internal
    tracker = await c.agent.tracker_store.retrieve(CONVERSATION)
    assert not tracker.is_paused()
    assert tracker.events[-3].text == last.text and tracker.events[-3].metadata["handoff"]["author"] == "system"
    # the agent's transcript shows it as the cardholder saw it
    _, view = await get_json(c, f"/api/ticket/{ticket.id}")
    assert view["transcript"][-1] == {**view["transcript"][-1], "role": "system", "text": last.text}


async def test_the_ticket_figures_are_the_ones_the_chat_said(new_console):
    """UI session 7 C14: B (建设 15,000 and 广发 8,000, 120 days) was told 利息约 1,655.40 / 违约金约 1,256.30 (each
    card's projection, summed); the console showed 1,655.41 / 1,256.29 (the engine on 23,000 at the first bank).
    The console now adds up with the chat's function (bot.whatif.totals) and shows each card."""
    from rasa.shared.core.events import SlotSet

    from bot import whatif
    from bot.case import Card, Case

    c = await console_with_people(new_console)
    conversation = "widget:web-twocards0000"
    await say(c, conversation, "建行欠1万5 还有个广发的8千 都逾期四个月了", intent="inform")
    case = Case(cards=(Card(bank="建设银行", amount=Decimal(15000), overdue_days=120),
                       Card(bank="广发银行", amount=Decimal(8000), overdue_days=120)))
    tracker = await c.agent.tracker_store.retrieve(conversation)
    for name, value in (("case", case.to_slot()), ("bank", "建设银行、广发银行"), ("debt_amount", 23000.0),
                        ("overdue_days", 120)):
        tracker.update(SlotSet(name, value))
    await c.agent.tracker_store.save(tracker)
    ticket = await file_ticket(c, conversation)
    status, view = await get_json(c, f"/api/ticket/{ticket.id}")
    assert status == 200
    figures = view["analysis"]["figures"]
    chat = whatif.totals(whatif.case_cards(case))
    assert (Decimal(str(figures["total_interest"])), Decimal(str(figures["total_penalty"]))) == (
        chat.interest, chat.penalty) == (Decimal("1655.40"), Decimal("1256.30"))
    assert Decimal(str(figures["total_owed"])) == chat.owed == Decimal("25911.70")
    assert [(card["bank"], card["principal"]) for card in figures["cards"]] == [("建设银行", 15000.0), ("广发银行", 8000.0)]
    # the queue row's 今日合计 is the same total
    status, queue = await get_json(c, "/api/queue")
    row = next(t for t in queue["tickets"] if t["id"] == ticket.id)
    assert Decimal(row["owed"]) == chat.owed
