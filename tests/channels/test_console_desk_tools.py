"""Issue 21 item 5–6 on the server side: transfer to a colleague or back to the queue with a note, internal
notes (never sent to the cardholder, masked, audited), canned replies kept in the case store and checked
like replies, queue rows with channel, distress, total owed and topic, earlier tickets of the same
conversation, and a transcript that shows the buttons the cardholder tapped by their titles. A real Sanic
server over a SQLite case store with Rasa's in-memory tracker store (tests/channels/test_console_handoff.py)."""
from __future__ import annotations

import asyncio
import json
from decimal import Decimal

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered

from bot import finance
from bot.channels import handoff_desk as desk
from tests.channels.test_console_handoff import (
    BOSS,
    CONVERSATION,
    OTHER,
    console_with_people,
    file_ticket,
    get_json,
    other_browser,
    post_as,
    say,
)
from tests.channels.test_console_unit import USER, make_console  # noqa: F401 — the fixture


@pytest.fixture
def new_console(request):
    """test_console_unit's `make_console` (a real Sanic server over a SQLite case store)."""
    return request.getfixturevalue("make_console")

PHONE = "13812345678"


async def claimed(c, conversation: str = CONVERSATION):
    ticket = await file_ticket(c, conversation)
    status, _ = await post_as(c, c.http, f"/api/ticket/{ticket.id}/claim")
    assert status == 200
    return ticket


async def test_transfer_to_a_colleague_with_a_note_then_back_to_the_queue(new_console, monkeypatch):
    c = await console_with_people(new_console)
    monkeypatch.setattr(desk, "_store", c.channel.store())
    await say(c, CONVERSATION, "我会不会被抓？")
    ticket = await claimed(c)
    status, agents = await get_json(c, "/api/agents")
    assert status == 200 and {a["username"] for a in agents["agents"]} == {OTHER, BOSS}

    # not to oneself, not to nobody, not a ticket one does not hold
    assert (await post_as(c, c.http, f"/api/ticket/{ticket.id}/transfer", {"to": USER}))[0] == 400
    assert (await post_as(c, c.http, f"/api/ticket/{ticket.id}/transfer", {"to": "nobody-here"}))[0] == 400
    theirs = await other_browser(c, OTHER)
    status, body = await post_as(c, theirs, f"/api/ticket/{ticket.id}/transfer", {"to": BOSS})
    assert status == 409 and body["error"] == f"这个工单由 {USER} 处理，您不能代为回复或关闭。"

    status, body = await post_as(c, c.http, f"/api/ticket/{ticket.id}/transfer",
                                 {"to": OTHER, "note": f"客户问能否分期，手机 {PHONE}"})
    assert status == 200 and body["ticket"]["claimed_by"] == OTHER and body["ticket"]["status"] == "in_progress"
    tracker = await c.agent.tracker_store.retrieve(CONVERSATION)
    assert tracker.is_paused()  # a person still has the conversation
    # now the colleague answers, the first agent may not
    assert (await post_as(c, c.http, f"/api/ticket/{ticket.id}/reply", {"text": "您好"}))[0] == 409
    status, body = await post_as(c, theirs, f"/api/ticket/{ticket.id}/reply", {"text": "您好，我接着为您处理。"})
    assert status == 200
    status, view = await get_json(c, f"/api/ticket/{ticket.id}", http=theirs)
    assert view["mine"] is True
    [note] = view["notes"]
    assert note["kind"] == "transfer" and note["staff"] == USER and note["text"].startswith(f"已转给 {OTHER}：")
    assert PHONE not in note["text"] and "客户问能否分期" in note["text"]

    # back to the queue with a note: open again, the bot answers again
    status, body = await post_as(c, theirs, f"/api/ticket/{ticket.id}/transfer", {"to": "", "note": "需要主管看"})
    assert status == 200 and body["ticket"]["status"] == "open" and body["ticket"]["claimed_by"] is None
    tracker = await c.agent.tracker_store.retrieve(CONVERSATION)
    assert not tracker.is_paused()
    status, view = await get_json(c, f"/api/ticket/{ticket.id}")
    assert [n["text"] for n in view["notes"]][-1] == "已放回队列：需要主管看"
    rows = [r for r in c.audit_rows() if r.action == "transfer"]
    # audited before it takes effect, as every action (the refused one too, with its outcome after)
    assert [json.loads(r.detail)["to"] for r in rows] == [BOSS, OTHER, "queue"]
    assert all(PHONE not in r.detail for r in rows)
    assert [r.action for r in c.audit_rows()].count("transfer_refused") == 1


async def test_an_open_ticket_is_claimed_not_transferred(new_console):
    c = await console_with_people(new_console)
    ticket = await file_ticket(c)
    status, body = await post_as(c, c.http, f"/api/ticket/{ticket.id}/transfer", {"to": OTHER})
    assert status == 409 and "直接接手" in body["error"]


async def test_notes_are_internal_masked_audited_and_live(new_console, monkeypatch):
    c = await console_with_people(new_console)
    monkeypatch.setattr(desk, "_store", c.channel.store())
    ticket = await claimed(c)
    _, first = await get_json(c, f"/api/live?ticket={ticket.id}")
    theirs = await other_browser(c, OTHER)
    loop = asyncio.get_running_loop()

    async def colleague_writes():
        await asyncio.sleep(0.3)
        return await post_as(c, theirs, f"/api/ticket/{ticket.id}/note", {"text": f"他上次留的电话 {PHONE}，别打"})

    started = loop.time()
    (status, second), (note_status, body) = await asyncio.gather(
        get_json(c, f"/api/live?ticket={ticket.id}&since={first['token']}"), colleague_writes())
    assert note_status == 200 and status == 200 and loop.time() - started < 2.0
    [note] = second["ticket"]["notes"]
    assert note["staff"] == OTHER and PHONE not in note["text"] and "别打" in note["text"]
    # never a message to the cardholder: the widget's route and the handoff messages do not have it
    messages = await asyncio.to_thread(c.channel.store().handoffs.messages_for, CONVERSATION)
    assert all("别打" not in m.text for m in messages)
    tracker = await c.agent.tracker_store.retrieve(CONVERSATION)
    assert all("别打" not in (getattr(e, "text", None) or "") for e in tracker.events)
    [row] = [r for r in c.audit_rows() if r.action == "note"]
    assert row.staff_username == OTHER and row.sender_id == CONVERSATION and PHONE not in row.detail
    assert (await post_as(c, c.http, f"/api/ticket/{ticket.id}/note", {"text": "  "}))[0] == 400


async def test_canned_replies_kept_by_a_supervisor_checked_like_replies(new_console):
    c = await console_with_people(new_console)
    boss = await other_browser(c, BOSS)
    # an agent may use them, not write them
    status, body = await post_as(c, c.http, "/api/canned", {"title": "问候", "text": "您好"})
    assert status == 403
    # the same rules as a reply: the employer-contact phrasing is refused with its rule
    status, body = await post_as(c, boss, "/api/canned", {"title": "催", "text": "不还就通知你们公司人事部门"})
    assert status == 422 and body["flags"] and all(f["suggestion"] for f in body["flags"])
    status, body = await post_as(c, boss, "/api/canned",
                                 {"title": "分期说明", "text": f"您可以和银行协商分期还款，我们帮您准备材料。{PHONE}"})
    assert status == 200
    reply = body["reply"]
    assert PHONE not in reply["text"]
    status, listed = await get_json(c, "/api/canned")
    assert [r["title"] for r in listed["replies"]] == ["分期说明"] and listed["can_edit"] is False
    # edited, then blocked on a forbidden edit, then retired
    status, body = await post_as(c, boss, f"/api/canned/{reply['id']}", {"text": "再不还就去你上班的地方找你"})
    assert status == 422
    status, body = await post_as(c, boss, f"/api/canned/{reply['id']}", {"title": "协商分期"})
    assert status == 200 and body["reply"]["title"] == "协商分期" and body["reply"]["text"] == reply["text"]
    status, body = await post_as(c, boss, f"/api/canned/{reply['id']}", {"active": False})
    assert status == 200 and body["reply"]["active"] is False
    _, listed = await get_json(c, "/api/canned")
    assert listed["replies"] == []
    _, everything = await get_json(c, "/api/canned?all=1", http=boss)
    assert [r["active"] for r in everything["replies"]] == [False]
    assert (await post_as(c, boss, "/api/canned/999", {"active": True}))[0] == 404
    actions = [r.action for r in c.audit_rows()]
    assert actions.count("canned_add") == 1 and actions.count("canned_update") == 2
    assert actions.count("canned_blocked") == 2 and actions.count("canned_denied") == 1


async def test_a_reply_from_a_canned_reply_names_it_in_the_audit(new_console):
    c = await console_with_people(new_console)
    boss = await other_browser(c, BOSS)
    _, body = await post_as(c, boss, "/api/canned", {"title": "问候", "text": "您好，我是客服，我来帮您看看。"})
    ticket = await claimed(c)
    status, _ = await post_as(c, c.http, f"/api/ticket/{ticket.id}/reply",
                              {"text": body["reply"]["text"], "canned_id": body["reply"]["id"]})
    assert status == 200
    [row] = [r for r in c.audit_rows() if r.action == "reply"]
    assert json.loads(row.detail)["canned_id"] == body["reply"]["id"]


TRIAGE_DOMAIN = Domain.from_dict({"slots": {name: {"type": "any", "mappings": [{"type": "custom"}]}
                                            for name in ("case", "bank", "debt_amount", "overdue_days",
                                                         "monthly_income", "distress_expressed")}})


async def test_queue_rows_carry_channel_distress_total_owed_and_topic(new_console):
    from rasa.core.tracker_store import InMemoryTrackerStore

    c = await console_with_people(new_console)
    c.agent.tracker_store = InMemoryTrackerStore(TRIAGE_DOMAIN)
    tracker = await c.agent.tracker_store.get_or_create_tracker(CONVERSATION)
    for event in (UserUttered("招行欠了两万五，逾期45天", intent={"name": "inform", "confidence": 0.9}),
                  SlotSet("bank", "招商银行"), SlotSet("debt_amount", 25000.0), SlotSet("overdue_days", 45.0),
                  UserUttered("我会不会坐牢", intent={"name": "ask_criminal_risk", "confidence": 0.9}),
                  UserUttered("不想活了", intent={"name": "express_distress", "confidence": 0.9}),
                  SlotSet("distress_expressed", True), ActionExecuted("action_listen")):
        tracker.update(event)
    await c.agent.tracker_store.save(tracker)
    await file_ticket(c, CONVERSATION)
    await file_ticket(c, "wechat:o6_bm_quiet", minutes_ago=1)
    status, data = await get_json(c, "/api/queue")
    assert status == 200
    first, second = data["tickets"]
    expected = finance.project_overdue(Decimal(25000), 45, bank="招商银行").total_owed
    assert (first["channel"], first["distress"], Decimal(first["owed"]), first["owed_kind"]) == (
        "widget", True, expected, "total")
    assert first["topic"] and first["topic"] != "inform"
    assert (second["channel"], second["distress"], second["owed"], second["topic"]) == ("wechat", False, None, None)
    _, live = await get_json(c, "/api/live")
    assert live["tickets"][0]["distress"] is True and live["tickets"][0]["owed"] == first["owed"]


async def test_the_ticket_shows_the_same_conversations_earlier_tickets(new_console):
    c = await console_with_people(new_console)
    earlier = await file_ticket(c, CONVERSATION, minutes_ago=300)
    assert (await post_as(c, c.http, f"/api/ticket/{earlier.id}/claim"))[0] == 200
    status, _ = await post_as(c, c.http, f"/api/ticket/{earlier.id}/close", {"outcome": "plan_agreed", "note": "已协商"})
    assert status == 200
    now = await file_ticket(c, CONVERSATION, minutes_ago=1)
    _, view = await get_json(c, f"/api/ticket/{now.id}")
    from bot import handoff as texts

    assert [(h["ticket"], h["outcome"], h["outcome_label"], h["closed_by"], h["note"]) for h in view["history"]] == [
        (earlier.ticket, "plan_agreed", texts.OUTCOME_LABELS["plan_agreed"], USER, "已协商")]


async def test_the_transcript_shows_a_tapped_button_by_its_title(new_console):
    c = await console_with_people(new_console)
    tracker = await c.agent.tracker_store.get_or_create_tracker(CONVERSATION)
    for event in (BotUttered("您是说招商银行欠两万五吗？", data={"buttons": [
                      {"title": "对，没错", "payload": "/affirm"},
                      {"title": "不对，我改一下", "payload": '/correct_fact{"field":"debt_amount"}'}]}),
                  UserUttered('/correct_fact{"field":"debt_amount"}', intent={"name": "correct_fact", "confidence": 1.0}),
                  UserUttered("/affirm", intent={"name": "affirm", "confidence": 1.0})):
        tracker.update(event)
    await c.agent.tracker_store.save(tracker)
    ticket = await file_ticket(c)
    _, view = await get_json(c, f"/api/ticket/{ticket.id}")
    bot, corrected, affirmed = view["transcript"]
    assert bot["buttons"] == ["对，没错", "不对，我改一下"]
    assert corrected["text"] == "不对，我改一下" and corrected["button"] is True
    assert affirmed["text"] == "对，没错"
    assert not any(line["text"].startswith("/") for line in view["transcript"])


def test_a_payload_no_button_had_is_never_shown_raw():
    text, tapped = desk.seen_text('/correct_fact{"x":1}', {}, "correct_fact")
    assert tapped and not text.startswith("/") and "点了按钮" in text
    assert desk.seen_text("普通的话", {"/affirm": "是"}, "inform") == ("普通的话", False)


async def test_a_supervisor_moves_an_agents_ticket_a_closed_one_moves_no_more(new_console):
    c = await console_with_people(new_console)
    ticket = await claimed(c)
    boss = await other_browser(c, BOSS)
    status, body = await post_as(c, boss, f"/api/ticket/{ticket.id}/transfer", {"to": OTHER, "note": "他在忙"})
    assert status == 200 and body["ticket"]["claimed_by"] == OTHER
    status, body = await post_as(c, boss, f"/api/ticket/{ticket.id}/transfer", {"to": "", "note": "排队"})
    assert status == 200 and body["ticket"]["status"] == "open"
    theirs = await other_browser(c, OTHER)
    assert (await post_as(c, theirs, f"/api/ticket/{ticket.id}/claim"))[0] == 200
    assert (await post_as(c, theirs, f"/api/ticket/{ticket.id}/close", {"outcome": "resolved"}))[0] == 200
    status, body = await post_as(c, boss, f"/api/ticket/{ticket.id}/transfer", {"to": USER})
    assert status == 409 and body["error"] == "该工单已关闭。"
    # the store's own guard: a conditional UPDATE moves nothing that is not in progress
    result = await asyncio.to_thread(c.channel.store().handoffs.transfer, ticket.id, OTHER, USER, override=True)
    assert result.claimed is False and result.ticket.status == "closed"
