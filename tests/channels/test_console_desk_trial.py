"""What a bank team lead found trying the desk (issue 21, 7 December, /tmp/desktrial/REPORT.md), on the
server side: a close of a ticket nobody claimed (one Alt+K told the cardholder 「本次人工服务已结束」 without a
human reply), the opened ticket of a person in distress, the unread count of a cardholder who left, the debt
told to an emergency contact, suggested answers that pasted the 恶意透支 checklist into 「会不会被起诉」.
A real Sanic server over a SQLite case store with Rasa's in-memory tracker store
(tests/channels/test_console_handoff.py)."""
from __future__ import annotations

import asyncio
import json

import pytest
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered

from bot.channels import console_checks as cc
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
from tests.channels.test_console_unit import make_console  # noqa: F401 — the fixture

DISTRESS_DOMAIN = Domain.from_dict({"slots": {name: {"type": "any", "mappings": [{"type": "custom"}]}
                                              for name in ("case", "bank", "debt_amount", "overdue_days",
                                                           "monthly_income", "distress_expressed")}})


@pytest.fixture
def new_console(request):
    return request.getfixturevalue("make_console")


async def test_nobody_closes_a_ticket_they_do_not_hold_and_the_cardholder_is_told_nothing(new_console, monkeypatch):
    c = await console_with_people(new_console)
    monkeypatch.setattr(desk, "_store", c.channel.store())
    await say(c, CONVERSATION, "会不会被起诉？", intent="ask_lawsuit")
    ticket = await file_ticket(c)
    # unclaimed: refused with what to do, nothing said to the cardholder, the ticket still waits
    status, body = await post_as(c, c.http, f"/api/ticket/{ticket.id}/close", {"outcome": "callback"})
    assert status == 409 and "还没有人接手" in body["error"] and body["can_override"] is False
    stored = c.channel.store().handoffs.get(ticket.id)
    assert stored.status == "open" and stored.outcome is None
    assert c.channel.store().handoffs.messages_for(CONVERSATION) == []
    tracker = await c.agent.tracker_store.retrieve(CONVERSATION)
    assert not any("本次人工服务已结束" in (getattr(e, "text", None) or "") for e in tracker.events)
    # in progress by a colleague: refused, naming who has it
    theirs = await other_browser(c, OTHER)
    assert (await post_as(c, theirs, f"/api/ticket/{ticket.id}/claim"))[0] == 200
    status, body = await post_as(c, c.http, f"/api/ticket/{ticket.id}/close", {"outcome": "resolved"})
    assert status == 409 and OTHER in body["error"]
    # asking for an override is not enough for an agent
    status, _ = await post_as(c, c.http, f"/api/ticket/{ticket.id}/close", {"outcome": "resolved", "override": True})
    assert status == 409 and c.channel.store().handoffs.get(ticket.id).status == "in_progress"
    # the holder closes it
    status, body = await post_as(c, theirs, f"/api/ticket/{ticket.id}/close", {"outcome": "resolved"})
    assert status == 200 and body["ticket"]["closed_by"] == OTHER
    assert [r.action for r in c.audit_rows()].count("close_refused") == 3

    # a supervisor closes an unclaimed ticket only explicitly, and the audit says so
    second = await file_ticket(c, "widget:web-fedcba9876543210")
    boss = await other_browser(c, BOSS)
    status, body = await post_as(c, boss, f"/api/ticket/{second.id}/close", {"outcome": "duplicate"})
    assert status == 409 and body["can_override"] is True
    status, body = await post_as(c, boss, f"/api/ticket/{second.id}/close", {"outcome": "duplicate", "override": True})
    assert status == 200
    [close] = [r for r in c.audit_rows() if r.action == "close" and r.staff_username == BOSS]
    assert json.loads(close.detail)["override"] is True


async def test_the_opened_ticket_and_its_live_view_say_the_person_is_in_distress(new_console):
    c = await console_with_people(new_console)
    c.agent.tracker_store = InMemoryTrackerStore(DISTRESS_DOMAIN)
    tracker = await c.agent.tracker_store.get_or_create_tracker(CONVERSATION)
    for event in (UserUttered("不想活了", intent={"name": "express_distress", "confidence": 0.9}),
                  SlotSet("distress_expressed", True), ActionExecuted("action_listen")):
        tracker.update(event)
    await c.agent.tracker_store.save(tracker)
    ticket = await file_ticket(c)
    calm = await file_ticket(c, "widget:web-0000000000000001", minutes_ago=30)
    _, view = await get_json(c, f"/api/ticket/{ticket.id}")
    assert view["distress"] is True
    _, view = await get_json(c, f"/api/ticket/{calm.id}")
    assert view["distress"] is False
    _, live = await get_json(c, f"/api/live?ticket={ticket.id}")
    assert live["ticket"]["distress"] is True


async def test_a_cardholder_who_left_has_no_unread_messages(new_console, monkeypatch):
    c = await console_with_people(new_console)
    monkeypatch.setattr(desk, "_store", c.channel.store())
    ticket = await file_ticket(c)
    assert (await post_as(c, c.http, f"/api/ticket/{ticket.id}/claim"))[0] == 200
    await say(c, CONVERSATION, "还在吗", intent="inform")
    _, before = await get_json(c, f"/api/live?ticket={ticket.id}")
    assert before["ticket"]["unread"] == 1 and before["tickets"][0]["unread"] == 1
    assert await desk.customer_left(CONVERSATION) is True
    _, after = await get_json(c, f"/api/live?ticket={ticket.id}&since={before['token']}")
    assert after["ticket"]["left"] is True and after["ticket"]["unread"] == 0
    assert after["tickets"][0]["unread"] == 0


DISCLOSURE_BLOCKED = [
    "我们已经联系了你的紧急联系人，告诉他你欠款", "我们联系了您的家人", "已经告诉你父母你逾期了",
    "你家人都知道你欠钱了", "我们会告诉她你还不上", "你的紧急联系人已经知道你欠款了",
]
DISCLOSURE_COMPLIANT = [
    "我们不会告诉他您欠款", "您的家人不会知道您欠款", "这笔欠款只和您本人沟通",
    "联系不上您本人时，我们可能请您的紧急联系人转告您回电，但不会透露欠款",
    # announcing a visit is not itself a breach (DOMAIN.md §6: allowed 08:00–22:00 by two collectors)
    "我们的人会上门找你",
]


@pytest.mark.parametrize("text", DISCLOSURE_BLOCKED)
def test_the_debt_told_to_a_third_party_is_blocked_with_its_rule_and_a_rewrite(text):
    flags = [f for f in cc.check_reply(text) if f.rule_id == "third_party_contact"]
    assert flags, [(f.phrase, f.rule_id) for f in cc.check_reply(text)]
    flag = flags[0]
    assert text[flag.start:flag.end] == flag.phrase
    assert "透露欠款" in flag.rule and "第六十八条" in flag.source
    assert flag.suggestion and cc.check_reply(flag.suggestion) == []


@pytest.mark.parametrize("text", DISCLOSURE_COMPLIANT)
def test_reassurances_and_an_announced_visit_pass(text):
    assert cc.check_reply(text) == []


def test_suggested_answers_are_the_short_answer_of_the_topic_asked():
    from bot.finance import consequences

    report = consequences(120, 60000, bank="招商银行").to_dict()
    checklist = report["criminal"]["summary"]
    by_intent = {intent: text for intent, _, text in cc.answers(
        ["ask_lawsuit", "ask_consequences", "ask_criminal_risk"], consequences=report)}
    for intent in ("ask_lawsuit", "ask_consequences"):
        text = by_intent[intent]
        assert checklist not in text and "无法判断" not in text and "恶意透支" not in text, intent
        assert len(text) < 260 and "\n" not in text, (intent, len(text))
    # asked 「会不会坐牢」: the assessment is the answer
    assert by_intent["ask_criminal_risk"].startswith(checklist) and "无法判断" in by_intent["ask_criminal_risk"]
    # asked alone, 「会不会被起诉」 is answered by its own topic too
    [(_, _, alone)] = cc.answers(["ask_lawsuit"], consequences=report)
    assert alone == by_intent["ask_lawsuit"] and "起诉" in alone


async def test_a_watched_desk_counts_as_present_an_idle_one_does_not(new_console):
    """The presence the hours sentence reads (actions/handoff.py): the desk's visible page restarts the
    session's idle timeout; an untouched session is signed in but nobody is at the desk."""
    from datetime import timedelta

    from bot import handoff as texts

    c = await console_with_people(new_console)
    staff = c.channel.store().staff
    idle = c.channel.session_idle
    assert await asyncio.to_thread(staff.present_staff, idle=idle, within=texts.PRESENCE_WINDOW,
                                   now=c.clock.now) == 1
    later = c.clock.now + timedelta(minutes=5)
    assert await asyncio.to_thread(staff.present_staff, idle=idle, within=texts.PRESENCE_WINDOW, now=later) == 0
