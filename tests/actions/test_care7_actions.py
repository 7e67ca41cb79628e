"""care7: the crisis follow-up after a signal, the minimum once overdue, the goodwill script, the criminal
checklist's leniency (persona trials E3–E5, F1, F4)."""
from __future__ import annotations

import pytest

from actions.consequences import ActionAnswerCriminalRisk
from actions.distress import ActionCrisis
from actions.fallback import ActionDefaultAskAffirmation, ActionTopicMenu
from actions.finance_answers import ActionAnswerMinPayment
from actions.scripts import ActionBankCallScript
from tests.actions.test_care_actions import with_events

BALCONY = "每天睁眼就是催收电话 真的好累 有时候站在阳台上就在想 跳下去就都结束了"


def _safety_steps(text: str) -> None:
    assert "400-161-9995" in text and "110" in text and "120" in text
    assert "阳台" in text and "陪着您" in text and "转人工" in text


@pytest.mark.asyncio
async def test_an_unanswered_crisis_line_after_a_signal_gets_the_other_line_and_safety_steps_at_once(
        make_tracker, dispatcher, domain):
    tracker = with_events(make_tracker(text="12356打了 没人接", intent="express_distress"),
                          (BALCONY, "express_distress"))
    await ActionCrisis().run(dispatcher, tracker, domain)
    [message] = dispatcher.messages
    text = message["text"]
    _safety_steps(text)
    assert text.index("400-161-9995") < text.index("110")  # the other line first, then 110/120
    crisis = domain["responses"]["utter_distress"][0]["text"]
    assert text != crisis and len(text) < len(crisis.format(handoff_when="")) + 60


@pytest.mark.asyncio
async def test_the_hope_line_unanswered_points_to_12356(make_tracker, dispatcher, domain):
    tracker = with_events(make_tracker(text="400-161-9995也打不通", intent="express_distress"),
                          (BALCONY, "express_distress"))
    await ActionCrisis().run(dispatcher, tracker, domain)
    text = dispatcher.messages[0]["text"]
    assert text.index("12356") < text.index("110")


@pytest.mark.asyncio
@pytest.mark.parametrize("action", [ActionDefaultAskAffirmation, ActionTopicMenu])
@pytest.mark.parametrize("said", ["不是 心理热线没人接 我现在心里很乱", "我现在心里很乱", "电话打了没人接"])
async def test_after_a_signal_a_guess_or_a_menu_gives_way_to_the_crisis_follow_up(
        make_tracker, dispatcher, domain, action, said):
    tracker = with_events(make_tracker(text=said, intent="nlu_fallback",
                                       intent_ranking=[{"name": "nlu_fallback", "confidence": 0.5},
                                                       {"name": "ask_complaint_channel", "confidence": 0.4}]),
                          (BALCONY, "express_distress"))
    await action().run(dispatcher, tracker, domain)
    [message] = dispatcher.messages
    assert not message.get("buttons") and "您是想问" not in (message.get("text") or "")
    _safety_steps(message["text"])


@pytest.mark.asyncio
async def test_without_a_signal_turmoil_is_no_crisis_follow_up(make_tracker, dispatcher, domain):
    tracker = make_tracker(text="我现在心里很乱", intent="nlu_fallback",
                           intent_ranking=[{"name": "nlu_fallback", "confidence": 0.5}])
    await ActionTopicMenu().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0].get("response") == "utter_fallback_menu"


@pytest.mark.asyncio
async def test_a_new_signal_after_a_signal_is_not_the_same_text_again(make_tracker, dispatcher, domain):
    tracker = with_events(make_tracker(text=BALCONY, intent="express_distress"),
                          ("人要是没了 欠的信用卡是不是就不用还了", "express_distress"))
    await ActionCrisis().run(dispatcher, tracker, domain)
    [message] = dispatcher.messages
    assert message.get("response") != "utter_distress"
    _safety_steps(message["text"])


@pytest.mark.asyncio
async def test_a_first_signal_still_gets_the_crisis_text(make_tracker, dispatcher, domain):
    # the slot is set by this very turn's mapping before the action runs (as over REST): still the first signal
    tracker = make_tracker({"distress_expressed": True}, text=BALCONY, intent="express_distress")
    await ActionCrisis().run(dispatcher, tracker, domain)
    assert [m.get("response") for m in dispatcher.messages] == ["utter_distress"]


@pytest.mark.asyncio
async def test_a_line_unanswered_twice_is_not_answered_with_the_same_text(make_tracker, dispatcher, domain):
    from rasa_sdk.executor import CollectingDispatcher

    first = with_events(make_tracker(text="12356打了 没人接", intent="express_distress"), (BALCONY, "express_distress"))
    await ActionCrisis().run(dispatcher, first, domain)
    said = dispatcher.messages[0]["text"]
    again = with_events(make_tracker(text="不是 心理热线没人接 我现在心里很乱", intent="express_distress"),
                        (BALCONY, "express_distress"), ("12356打了 没人接", "express_distress"))
    again.events.insert(2, {"event": "bot", "text": said})
    second = CollectingDispatcher()
    await ActionCrisis().run(second, again, domain)
    reply = second.messages[0]["text"]
    assert reply != said and "心里乱" in reply
    _safety_steps(reply)


@pytest.mark.asyncio
async def test_feeling_better_after_a_signal_is_acknowledged_with_the_lines_kept_open(make_tracker, dispatcher, domain):
    tracker = with_events(make_tracker(text="刚跟我姐打了个电话 好点了 我想想还是得面对", intent="express_distress"),
                          (BALCONY, "express_distress"))
    await ActionCrisis().run(dispatcher, tracker, domain)
    text = dispatcher.messages[0]["text"]
    assert "好一点了" in text and "12356" in text and "110" in text and "阳台" not in text


# ---- 5. the minimum once overdue (F1) ---------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_the_minimum_when_overdue_says_the_overdue_has_happened(make_tracker, dispatcher, domain):
    case = {"cards": [{"bank": "招商银行", "amount": "30000", "overdue_days": 20}]}
    await ActionAnswerMinPayment().run(dispatcher, make_tracker({"case": case, "bank": "招商银行", "debt_amount": 30000.0,
                                                                "overdue_days": 20.0}), domain)
    status = dispatcher.messages[0]["status"]
    assert "已经逾期20天" in status and "不算逾期" not in status and "变不回“按时还款”" in status
    assert status.index("已经逾期20天") < status.index("（N）")  # the overdue first, N only as the on-time rule
    assert "不再变得更严重" in status and "违约金" in status and "利息照算" in status


@pytest.mark.asyncio
@pytest.mark.parametrize("days", [None, 2])  # not overdue, or within 招商's 3 grace days
async def test_the_minimum_on_time_keeps_the_account_current(make_tracker, dispatcher, domain, days):
    card = {"bank": "招商银行", "amount": "30000", **({"overdue_days": days} if days is not None else {})}
    slots = {"case": {"cards": [card]}, "bank": "招商银行", "debt_amount": 30000.0}
    if days is not None:
        slots["overdue_days"] = float(days)
    await ActionAnswerMinPayment().run(dispatcher, make_tracker(slots), domain)
    assert "通常不算逾期：征信一般显示正常（N）" in dispatcher.messages[0]["status"]


# ---- 6. the goodwill script (E4) ------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_a_person_who_can_pay_the_shortfall_gets_a_goodwill_request_not_a_hardship_claim(
        make_tracker, dispatcher, domain):
    case = {"cards": [{"bank": "招商银行", "amount": "10000", "min_payment": "1000", "paid": "600",
                       "overdue_days": 14}]}
    tracker = with_events(make_tracker({"case": case}, text="给银行打电话的话术", intent="ask_bank_call_script"),
                          ("那我给招行打电话 怎么说能让他们别上征信 免掉违约金 给我个话术", "ask_penalty_fee"))
    await ActionBankCallScript().run(dispatcher, tracker, domain)
    text = " ".join(m.get("text") or "" for m in dispatcher.messages)
    assert [m.get("response") for m in dispatcher.messages] == [None]
    assert "400" in text and "会尽快还上" in text and "减免这次的违约金" in text
    assert "今天就还上" not in text  # she never said today (audit s4)
    assert "可以同意也可以不同意" in text  # what the bank may do, hedged
    assert "无力" not in text and "个性化分期" not in text and "忘了" not in text  # nothing she did not say


@pytest.mark.asyncio
async def test_the_goodwill_script_says_forgot_only_when_she_said_it(make_tracker, dispatcher, domain):
    tracker = make_tracker(text="我不要分期 我钱够 就是忘了 想今天补上400 让他们免违约金别报征信 该咋说",
                           intent="ask_bank_call_script")
    await ActionBankCallScript().run(dispatcher, tracker, domain)
    text = dispatcher.messages[0]["text"]
    assert "还差400元" in text and "是我忘了" in text and "无力" not in text


@pytest.mark.asyncio
async def test_hardship_still_gets_the_instalment_script(make_tracker, dispatcher, domain):
    tracker = make_tracker(text="我失业了还不上 想免违约金 打电话怎么说", intent="ask_bank_call_script")
    await ActionBankCallScript().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0].get("response") == "utter_script_bank_call"


# ---- 4. the leniency with the checklist (E3) ------------------------------------------------------------------


@pytest.mark.asyncio
async def test_a_large_principal_near_the_threshold_is_no_reassurance_and_names_the_leniency(
        make_tracker, dispatcher, domain):
    case = {"cards": [{"bank": "工商银行", "amount": "80000", "overdue_days": 100},
                      {"bank": "农业银行", "amount": "60000", "overdue_days": 100},
                      {"bank": "中信银行", "amount": "40000", "overdue_days": 100}]}
    await ActionAnswerCriminalRisk().run(dispatcher, make_tracker({"case": case}, text="会不会坐牢",
                                                                  intent="ask_criminal_risk"), domain)
    first = dispatcher.messages[0]
    assert "不符合" not in first["summary"] and "可以不起诉" in first["summary"]
    assert "✘" not in first["conditions"].split("\n")[2] and "可能已满足" in first["conditions"]
