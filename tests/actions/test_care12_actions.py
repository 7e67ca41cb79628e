"""care12: persona trial s8 M6 (bench/records/2026-12-07/trials-s8/personas-M.md): pills named in a plan answered with
the same crisis text a third time (#12); 「我没说要转人工」 beside a question left the ticket queued (#5)."""
from __future__ import annotations

from rasa_sdk.executor import CollectingDispatcher

from actions import texts as x
from actions.distress import ActionCrisis
from actions.handoff import ActionRequestHuman, withdraw_beside_question

SIGNAL = {"event": "user", "text": "我真的撑不下去了", "parse_data": {"intent": {"name": "express_distress"}}}
M6_12 = "家里还有半瓶安眠药 有时候想一次吃了算了 说说而已 你别当真"
M6_5 = "我没说要转人工 建行那张逾期4个月了 农行2个月 现在最要紧的是啥"


async def test_pills_named_after_a_signal_get_120_and_the_pills_put_away(make_tracker, domain):
    tracker = make_tracker({"distress_expressed": True}, text=M6_12, intent="express_distress")
    tracker.events[:0] = [SIGNAL, {"event": "bot", "text": "听到您这么难受，我很担心您。"}]
    dispatcher = CollectingDispatcher()
    await ActionCrisis().run(dispatcher, tracker, domain)
    first = dispatcher.messages[0]["text"]
    assert first == x.CRISIS_URGENT_PILLS
    assert "120" in first and "把药交给身边的家人" in first and "打不通请拨110或120" in first
    assert "先别去那里" not in first
    assert domain["responses"]["utter_distress"][0]["text"][:10] not in first


async def test_a_plan_without_pills_keeps_the_urgent_text(make_tracker, domain):
    tracker = make_tracker({"distress_expressed": True}, text="今晚就去江边了结", intent="express_distress")
    tracker.events[:0] = [SIGNAL, {"event": "bot", "text": "…"}]
    dispatcher = CollectingDispatcher()
    await ActionCrisis().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["text"] == x.CRISIS_URGENT


async def test_not_having_asked_for_a_person_withdraws_the_ticket_beside_a_question(make_tracker, domain):
    from actions.store import case_store

    await ActionRequestHuman().run(CollectingDispatcher(), make_tracker(text="转人工", intent="request_human"), domain)
    ticket = case_store().handoffs.open_for("unit-test")
    events = withdraw_beside_question(make_tracker(text=M6_5, intent="ask_negotiate_plan"))
    assert [e["text"] for e in events] == [x.HANDOFF_CANCELLED.format(ticket=ticket.ticket)]
    assert case_store().handoffs.get(ticket.id).outcome == "customer_cancelled"
    # nothing waiting: nothing said; a request for a person is left to action_request_human
    assert withdraw_beside_question(make_tracker(text=M6_5, intent="ask_negotiate_plan")) == []
    assert withdraw_beside_question(make_tracker(text="取消人工", intent="request_human")) == []
