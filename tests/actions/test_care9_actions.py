"""care9: another person's crisis answered for the one who asks and kept in force (persona trial I2 of trials-s6), the
balcony step only after a height, the one crisis check of the shared answer path."""
from __future__ import annotations

import pytest

from actions import texts as x
from actions.answers import ActionAnswerTopic, ActionOutOfScope
from actions.distress import ActionCrisis, ActionThanks, answered_in_crisis, crisis_follow_up, crisis_lines_for
from actions.facts import ActionAcknowledgeFacts
from actions.fallback import ActionDefaultAskAffirmation
from tests.actions.conftest import tracker_after

DAUGHTER = "她上个月给我打电话说不想活了 说什么一了百了 我很担心她"


def user(text: str, intent: str, **extra) -> dict:
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}, **extra}}


def bot(text: str) -> dict:
    return {"event": "bot", "text": text}


def other_said(text: str = DAUGHTER, person: str = "她") -> dict:
    return user(text, "express_distress", crisis_of="other", crisis_person=person)


def said(dispatcher) -> str:
    return "\n".join(m.get("text") or "" for m in dispatcher.messages)


def never_his_own(reply: str) -> None:
    assert "阳台" not in reply and "陪着您" not in reply and "很担心您" not in reply, reply
    assert "个性化分期" not in reply and "自动问答程序" not in reply, reply


async def test_another_persons_crisis_is_answered_for_the_one_who_asks(make_tracker, dispatcher, domain):
    # I2 #5: 「不是我 是我女儿说的不想活 她现在手机关机 联系不上」
    text = "不是我 是我女儿说的不想活 她现在手机关机 联系不上 我该怎么办"
    tracker = tracker_after(make_tracker, [], text, "express_distress", crisis_of="other", crisis_person="女儿")
    events = await ActionCrisis().run(dispatcher, tracker, domain)
    reply = said(dispatcher)
    never_his_own(reply)
    assert "110" in reply and "室友" in reply and "12356" in reply and "手机别关" in reply, reply
    assert "明白，有危险的是您女儿，不是您" in reply, reply
    # the slot keeps only the person's own distress
    assert {"event": "slot", "name": "distress_expressed", "value": None, "timestamp": None} in events


async def test_should_i_call_the_police_is_answered_yes(make_tracker, dispatcher, domain):
    # I2 #7
    text = "她说过不想活了 现在联系不上 我要不要报警 杭州那边"
    tracker = tracker_after(make_tracker, [other_said()], text, "express_distress", crisis_of="other",
                            crisis_person="她")
    await ActionCrisis().run(dispatcher, tracker, domain)
    reply = said(dispatcher)
    assert reply.startswith("要，马上打110。"), reply
    never_his_own(reply)


@pytest.mark.parametrize("action, text, intent", [
    # I2 #6: the negotiation step was sold; #8: the bot-identity text (here under fallback/out of scope)
    (ActionAnswerTopic, "她一个人在杭州 我在老家 现在怎么办", "ask_negotiate_plan"),
    (ActionOutOfScope, "我现在该做什么", "out_of_scope"),
    (ActionAcknowledgeFacts, "她在杭州 一个人住", "inform"),
    (ActionDefaultAskAffirmation, "你没听懂", "nlu_fallback"),
])
async def test_it_stays_in_force_no_sale_no_menu(make_tracker, dispatcher, domain, action, text, intent):
    tracker = tracker_after(make_tracker, [other_said(), bot("…")], text, intent,
                            slots={"bank": "广发银行", "debt_amount": 30000.0})
    await action().run(dispatcher, tracker, domain)
    reply = said(dispatcher)
    assert "110" in reply and "请警方上门" in reply, reply
    never_his_own(reply)
    assert not any(m.get("buttons") for m in dispatcher.messages)


async def test_the_same_text_is_not_sent_twice(make_tracker, dispatcher, domain):
    first = x.CRISIS_OTHER.format(lead=x.CRISIS_OTHER_LEAD["default"].format(who="她", ta="她"), ta="她")
    tracker = tracker_after(make_tracker, [other_said(), bot(first)], "那我该怎么办", "ask_negotiate_plan")
    await ActionAnswerTopic().run(dispatcher, tracker, domain)
    assert said(dispatcher) != first and "请警方上门" in said(dispatcher)


async def test_a_call_to_110_is_acknowledged(make_tracker, dispatcher, domain):
    tracker = tracker_after(make_tracker, [other_said()], "我刚给杭州110打了 他们说去看看", "inform")
    await ActionAcknowledgeFacts().run(dispatcher, tracker, domain)
    assert said(dispatcher).startswith("您做得对"), said(dispatcher)


async def test_safe_ends_it_and_the_debt_questions_open_again(make_tracker, dispatcher, domain):
    tracker = tracker_after(make_tracker, [other_said()], "联系上了 她没事 谢谢", "thanks")
    await ActionThanks().run(dispatcher, tracker, domain)
    assert said(dispatcher).startswith("太好了，她平安就好"), said(dispatcher)
    # after it, a negotiation question is answered as one
    later = CollectingDispatcherFactory()
    tracker = tracker_after(make_tracker, [other_said(), user("联系上了 她没事 谢谢", "thanks")],
                            "那我女儿这个欠款怎么跟银行协商", "ask_negotiate_plan")
    assert not answered_in_crisis(later, tracker)


def CollectingDispatcherFactory():
    from rasa_sdk.executor import CollectingDispatcher

    return CollectingDispatcher()


async def test_a_handoff_during_it_gives_the_steps_for_her(make_tracker):
    tracker = tracker_after(make_tracker, [other_said(person="女儿")], "转人工", "request_human")
    [message] = crisis_lines_for(tracker)
    assert "您女儿" in message["text"] and "110" in message["text"] and "伤害自己" not in message["text"]


async def test_before_a_crisis_of_another_nothing_changes(make_tracker, dispatcher):
    tracker = make_tracker(text="她打不通 关机了 所以一直打我 说我是紧急联系人", intent="ask_for_relative")
    assert not answered_in_crisis(dispatcher, tracker) and not dispatcher.messages


async def test_the_persons_own_signal_after_it_is_theirs(make_tracker, dispatcher, domain):
    tracker = tracker_after(make_tracker, [other_said()], "我也不想活了", "express_distress", distress_signal="不想活")
    await ActionCrisis().run(dispatcher, tracker, domain)
    assert [m.get("response") for m in dispatcher.messages] == ["utter_distress"], dispatcher.messages


# ---- the balcony step only after a height (I2 #5, #7) ------------------------------------------------------


def test_no_balcony_without_a_height(make_tracker):
    tracker = tracker_after(make_tracker, [user("我不想活了", "express_distress")], "我现在心里很乱", "express_distress")
    reply = crisis_follow_up(tracker, "现在不在")
    assert "阳台" not in reply and x.CRISIS_SAFETY["generic"] in reply, reply


def test_the_balcony_after_a_height(make_tracker):
    tracker = tracker_after(make_tracker, [user("我站在楼顶上 不想活了", "express_distress")], "我现在心里很乱",
                            "express_distress")
    assert x.CRISIS_SAFETY["height"] in crisis_follow_up(tracker, "现在不在")


# ---- the one check: after one's own signal, 「那我该怎么办」 is the gentle first step, nothing sold ------------------


@pytest.mark.parametrize("action, intent", [(ActionAnswerTopic, "ask_negotiate_plan"), (ActionOutOfScope, "out_of_scope"),
                                            (ActionAcknowledgeFacts, "inform")])
async def test_first_step_after_own_distress_through_the_one_check(make_tracker, dispatcher, domain, action, intent):
    tracker = tracker_after(make_tracker, [user("不想活了", "express_distress")], "那我该怎么办", intent,
                            slots={"bank": "招商银行", "debt_amount": 30000.0, "distress_expressed": True,
                                   "monthly_budget": 800.0})
    await action().run(dispatcher, tracker, domain)
    reply = said(dispatcher)
    assert "招商银行信用卡背面的客服电话" in reply and "800元" in reply and "12356" in reply, reply


async def test_a_specific_question_after_distress_is_still_answered(make_tracker, dispatcher, domain):
    tracker = tracker_after(make_tracker, [user("不想活了", "express_distress")], "那我会被起诉吗 怎么办", "ask_lawsuit",
                            slots={"distress_expressed": True})
    await ActionAnswerTopic().run(dispatcher, tracker, domain)
    assert "先只做一件事" not in said(dispatcher)


async def test_no_text_comes_twice_while_in_force(make_tracker, domain):
    from rasa_sdk.executor import CollectingDispatcher

    events = [other_said()]
    replies = []
    for text in ("不是我 是我女儿 她联系不上 我该怎么办", "我不会想不开 是我女儿 怎么办", "你没听懂 有危险的是我女儿 不是我"):
        dispatcher = CollectingDispatcher()
        tracker = tracker_after(make_tracker, events, text, "out_of_scope")
        await ActionOutOfScope().run(dispatcher, tracker, domain)
        reply = said(dispatcher)
        assert reply not in replies and "请警方上门" in reply, reply
        replies.append(reply)
        events += [user(text, "out_of_scope"), bot(reply)]


async def test_should_i_call_the_police_is_not_told_twice_to_call(make_tracker, dispatcher, domain):
    first = x.CRISIS_OTHER.format(lead=x.CRISIS_OTHER_LEAD["default"].format(who="她", ta="她"), ta="她")
    tracker = tracker_after(make_tracker, [other_said(), bot(first)], "我要不要报警", "out_of_scope")
    await ActionOutOfScope().run(dispatcher, tracker, domain)
    reply = said(dispatcher)
    assert reply.startswith("要，马上打110。") and "还没打110" not in reply, reply


async def test_a_document_line_quoted_is_not_the_crisis(make_tracker, dispatcher, domain):
    # I2 #11: 「我女儿说不想活那句不要写进去」 is about the complaint
    tracker = tracker_after(make_tracker, [other_said()], "我女儿说不想活那句不要写进去", "out_of_scope",
                            distress_quoted=True)
    assert not answered_in_crisis(dispatcher, tracker)
