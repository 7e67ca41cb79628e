"""care10 actions: everyday strain gets one kind line and the answer (widget trial UI s7 #8, A10/B6), a mild remark taken
back clears the 情绪危机 flag and lowers the ticket while a real signal stays, a 110 call is acknowledged before the
complaint (persona trial I2 #10)."""
from __future__ import annotations

import pytest

from actions import texts as x
from actions.case_slots import care_events
from actions.distress import DISTRESS_SLOT, distressed, strain_line, taken_back
from actions.facts import ActionAcknowledgeFacts
from tests.actions.conftest import tracker_after

MILD = "唉 心情很差"
OK = "没那么严重 就是烦 继续吧"  # UI s7 A11


def user(text: str, intent: str, **extra) -> dict:
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}, **extra}}


def said(dispatcher) -> str:
    return "\n".join(m.get("text") or "" for m in dispatcher.messages)


@pytest.mark.parametrize("kind, line", [("stress", x.STRAIN_ACK["stress"]), ("shame", x.STRAIN_ACK["shame"])])
def test_strain_gets_one_kind_line_before_the_answer(make_tracker, domain, kind, line):
    tracker = tracker_after(make_tracker, [], "压力好大天天睡不着", "inform", distress_strain=kind)
    events = care_events(tracker, domain["slots"])
    assert [e["text"] for e in events if e.get("event") == "bot"] == [line]
    assert "110" not in line and "12356" not in line and len(line) <= 40


def test_strain_after_the_persons_own_signal_keeps_the_lines(make_tracker, domain):
    tracker = tracker_after(make_tracker, [user("我真的不想活了", "express_distress", distress_signal="不想活")],
                            "压力好大 睡不着", "inform", slots={DISTRESS_SLOT: True}, distress_strain="stress")
    assert strain_line(tracker) == x.STRAIN_ACK_AFTER_SIGNAL and "12356" in x.STRAIN_ACK_AFTER_SIGNAL


def test_no_line_without_strain(make_tracker, domain):
    tracker = make_tracker(text="利息多少", intent="ask_interest")
    assert care_events(tracker, domain["slots"]) == []


async def test_strain_with_no_fact_and_no_question_goes_on(make_tracker, dispatcher, domain):
    # B6: 「唉 丢人死了 老婆天天跟我吵」 read as inform: the way on, no facts restated, no crisis text
    tracker = tracker_after(make_tracker, [], "唉 丢人死了 老婆天天跟我吵", "inform", distress_strain="shame")
    await ActionAcknowledgeFacts().run(dispatcher, tracker, domain)
    reply = said(dispatcher)
    assert reply == x.STRAIN_GO_ON, reply


def test_a_mild_remark_taken_back_is_no_longer_in_force(make_tracker, domain):
    earlier = [user(MILD, "express_distress")]
    tracker = tracker_after(make_tracker, earlier, OK, "resume_form", slots={DISTRESS_SLOT: True})
    assert taken_back([e for e in tracker.events if e["event"] == "user"])
    assert not distressed(tracker)
    assert {"event": "slot", "name": DISTRESS_SLOT, "value": None, "timestamp": None} in care_events(
        tracker, domain["slots"])


@pytest.mark.parametrize("signal", [
    user("我不想活了", "express_distress", distress_signal="不想活"),
    user("我真的撑不下去了", "express_distress"),  # the classifier's alone, but hopelessness: not mild
    user("心里好乱", "express_distress"),
])
def test_a_real_signal_stays_flagged_after_i_am_ok(make_tracker, domain, signal):
    tracker = tracker_after(make_tracker, [signal], "我没事了", "inform", slots={DISTRESS_SLOT: True})
    assert distressed(tracker)
    assert all(e.get("name") != DISTRESS_SLOT for e in care_events(tracker, domain["slots"]))


def test_a_mild_remark_without_i_am_ok_stays_flagged(make_tracker):
    tracker = tracker_after(make_tracker, [user(MILD, "express_distress")], "利息多少", "ask_interest",
                            slots={DISTRESS_SLOT: True})
    assert distressed(tracker)


async def test_the_ticket_follows_the_state(make_tracker, dispatcher, domain):
    from actions.handoff import ActionRequestHuman
    from actions.store import case_store
    from bot.store.models import PRIORITY_DISTRESS, PRIORITY_NORMAL

    earlier = [user(MILD, "express_distress")]
    flagged = tracker_after(make_tracker, earlier, "转人工", "request_human", slots={DISTRESS_SLOT: True})
    await ActionRequestHuman().run(dispatcher, flagged, domain)
    assert case_store().handoffs.open_for(flagged.sender_id).priority == PRIORITY_DISTRESS
    calm = tracker_after(make_tracker, earlier + [user(OK, "resume_form")], "转人工", "request_human")
    await ActionRequestHuman().run(dispatcher, calm, domain)
    assert case_store().handoffs.open_for(calm.sender_id).priority == PRIORITY_NORMAL
    # a real signal: never lowered
    real = [user("我不想活了", "express_distress", distress_signal="不想活"), user(OK, "resume_form")]
    again = tracker_after(make_tracker, real, "转人工", "request_human", slots={DISTRESS_SLOT: True})
    await ActionRequestHuman().run(dispatcher, again, domain)
    assert case_store().handoffs.open_for(again.sender_id).priority == PRIORITY_DISTRESS


async def test_a_call_to_110_is_acknowledged_before_the_complaint(make_tracker, dispatcher, domain):
    from actions.scripts import ActionCollectionComplaint

    daughter = user("她上个月给我打电话说不想活了 说什么一了百了 我很担心她", "express_distress",
                    crisis_of="other", crisis_person="她")
    text = "我刚给杭州110打了 他们说去看看 那催收一直打我电话 说我是紧急联系人要我还 帮我写个投诉"
    tracker = tracker_after(make_tracker, [daughter], text, "request_collection_complaint")
    await ActionCollectionComplaint().run(dispatcher, tracker, domain)
    first = dispatcher.messages[0]["text"]
    assert first == x.CRISIS_OTHER_CALLED_SHORT.format(ta="她"), first
    assert any("投诉" in (m.get("text") or "") for m in dispatcher.messages[1:]), dispatcher.messages


async def test_no_110_line_without_another_persons_crisis(make_tracker, dispatcher, domain):
    from actions.scripts import ActionCollectionComplaint

    tracker = make_tracker(text="我刚打了110 催收一直打我电话 帮我写个投诉", intent="request_collection_complaint")
    await ActionCollectionComplaint().run(dispatcher, tracker, domain)
    assert "110，做得对" not in said(dispatcher)
