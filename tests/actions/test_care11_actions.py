"""care11: crisis signals in context — persona trial s7 L3 (bench/records/2026-12-07/trials-s7/personas-L.md finding 5):
「您愿意打那个电话，我很高兴」 when nobody had said so (#2), the first crisis text word for word after 「说说而已…别老给我电话
号码了」 (#13), 「明天先给招行打电话」 read as a call to the crisis line (#15), a practical question answered with a crisis
template (#12), and no safety check-in at any point."""
from __future__ import annotations

import pytest

from actions import texts as x
from actions.distress import (
    ActionCrisis,
    ActionDeny,
    ActionGreet,
    ActionSkipOutsideForm,
    ActionThanks,
    answered_in_crisis,
)
from actions.fallback import ActionDefaultAskAffirmation
from actions.plan import ActionDraftRepaymentPlan
from tests.actions.conftest import tracker_after

L3_1 = "有时候觉得活着也挺累的 欠了一屁股债 不想拖累家里人"
L3_2 = "谢谢 我没事 就是刚才那一下子挺难受的 现在好点了"
L3_12 = "我两张卡都接到过电话 最早的逾期五个多月了 我一直在还一点 电话都接 没跑 这样能说明我不是故意的吗"
L3_13 = "我没事 真的 前面那个就是说说而已 你别老给我电话号码了 我就想知道我一直还一点电话都接 能不能说明我不是故意不还"
L3_14 = "那我打电话给银行该怎么说 招行催得最凶"
L3_15 = "行 谢谢你 我明天先给招行打电话试试"
# 招行 30,000, 中信 28,000, 广发 25,000; 4,500 a month, rent 1,200, 1,500 a month at most (L3 #5–#8)
L3_CASE = {"case": {"cards": [{"bank": "招商银行", "amount": 30000.0, "overdue_days": 150.0},
                              {"bank": "中信银行", "amount": 28000.0, "overdue_days": 60.0},
                              {"bank": "广发银行", "amount": 25000.0, "overdue_days": 90.0}],
                    "situation": {"monthly_income": 4500.0, "monthly_expenses": 1200.0, "monthly_budget": 1500.0}},
           "distress_expressed": True}


def user(text: str, intent: str, **extra) -> dict:
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}, **extra}}


def bot(text: str = "", **extra) -> dict:
    return {"event": "bot", "text": text, **extra}


def action(name: str) -> dict:
    return {"event": "action", "name": name}


SIGNAL = user(L3_1, "express_distress", distress_signal="拖累家里")
CHECKED_IN = bot(x.CRISIS_THANKS.format(lead=x.CRISIS_THANKS_LEAD["calmer"], check_in=x.SAFETY_CHECK_IN,
                                        care=x.CARE_LINE["numbers"]))


def said(dispatcher) -> str:
    return "\n".join(m.get("text") or "" for m in dispatcher.messages)


def crisis_text(domain) -> str:
    return domain["responses"]["utter_distress"][0]["text"]


# ---- #2: thanks after the signal — no call assumed, the check-in once -------------------------------------------------
async def test_thanks_after_the_signal_assumes_no_call_and_asks_whether_the_person_is_safe(make_tracker, dispatcher, domain):
    tracker = tracker_after(make_tracker, [SIGNAL, bot("…")], L3_2, "thanks", {"distress_expressed": True})
    await ActionThanks().run(dispatcher, tracker, domain)
    [message] = dispatcher.messages
    text = message["text"]
    assert "打那个电话" not in text and "我很高兴" in text, text  # 「听到您好一点了，我很高兴」, nothing about a call
    assert x.SAFETY_CHECK_IN in text and "你现在安全吗" in text
    assert "打不通请拨110或120" in text and "12356" in text and "400-161-9995" in text


async def test_the_check_in_is_asked_once_per_conversation(make_tracker, dispatcher, domain):
    tracker = tracker_after(make_tracker, [SIGNAL, bot("…"), user(L3_2, "thanks"), CHECKED_IN,
                                           user("招行3万 中信2万8", "inform"), bot("记下了")],
                            "谢谢你", "thanks", {"distress_expressed": True})
    await ActionThanks().run(dispatcher, tracker, domain)
    assert "你现在安全吗" not in said(dispatcher) and "打不通请拨110或120" in said(dispatcher)


async def test_thanks_with_the_call_to_the_line_said_keeps_the_acknowledgement(make_tracker, dispatcher, domain):
    # persona trial D3: 「谢谢你 我会打那个电话」 — the call was said, so it is acknowledged; then the check-in
    tracker = tracker_after(make_tracker, [SIGNAL, bot("…")], "谢谢你 我会打那个电话", "thanks", {"distress_expressed": True})
    await ActionThanks().run(dispatcher, tracker, domain)
    assert [m.get("response") for m in dispatcher.messages] == ["utter_crisis_thanks", None]
    assert dispatcher.messages[1]["text"] == x.SAFETY_CHECK_IN


# ---- the check-in's answer, whatever the classifier made of it ----------------------------------------------------------
SAFE_READINGS = [(ActionDefaultAskAffirmation, "安全", "nlu_fallback"), (ActionDefaultAskAffirmation, "我没事", "nlu_fallback"),
                 (ActionGreet, "还好", "greet"), (ActionDraftRepaymentPlan, "嗯", "affirm"),
                 (ActionDraftRepaymentPlan, "嗯 安全的", "affirm")]


@pytest.mark.parametrize("cls, text, intent", SAFE_READINGS)
async def test_safe_is_acknowledged_and_the_conversation_goes_on(make_tracker, dispatcher, domain, cls, text, intent):
    tracker = tracker_after(make_tracker, [SIGNAL, bot("…"), user(L3_2, "thanks"), CHECKED_IN], text, intent,
                            {"distress_expressed": True})
    await cls().run(dispatcher, tracker, domain)
    assert [m.get("text") for m in dispatcher.messages] == [x.SAFETY_SAFE.format(care=x.CARE_LINE["numbers"])]


UNSAFE_READINGS = [(ActionDeny, "不是", "deny", {}), (ActionSkipOutsideForm, "我不知道", "skip_question", {}),
                   (ActionCrisis, "不安全", "express_distress", {"distress_signal": "unsafe"}),
                   (ActionDefaultAskAffirmation, "说不好", "nlu_fallback", {})]


@pytest.mark.parametrize("cls, text, intent, latest", UNSAFE_READINGS)
async def test_not_safe_gets_the_lines_first_and_a_person_at_once(make_tracker, dispatcher, domain, cls, text, intent,
                                                                  latest):
    from actions.store import case_store

    tracker = tracker_after(make_tracker, [SIGNAL, bot("…"), user(L3_2, "thanks"), CHECKED_IN], text, intent,
                            {"distress_expressed": True}, **latest)
    await cls().run(dispatcher, tracker, domain)
    first = dispatcher.messages[0]["text"]
    assert first.startswith(x.SAFETY_UNSAFE[:12]) and "现在就拨打110或120" in first and "打不通请拨110或120" in first
    assert "12356" in first and "400-161-9995" in first
    ticket = case_store().handoffs.open_for("unit-test")
    assert ticket is not None and ticket.priority == 1 and ticket.ticket in dispatcher.messages[1]["text"]


async def test_not_safe_said_on_its_own_is_a_crisis_turn(make_tracker, dispatcher, domain):
    tracker = tracker_after(make_tracker, [], "我现在不安全", "express_distress", distress_signal="unsafe")
    events = await ActionCrisis().run(dispatcher, tracker, domain)
    assert "现在就拨打110或120" in said(dispatcher)
    assert {"event": "slot", "name": "distress_expressed", "value": True, "timestamp": None} in events


async def test_no_answer_is_no_answer_the_question_is_answered_and_not_asked_again(make_tracker, dispatcher, domain):
    # L3 #3 after the check-in: a practical question (silence on the check-in) goes its own way
    tracker = tracker_after(make_tracker, [SIGNAL, bot("…"), user(L3_2, "thanks"), CHECKED_IN],
                            "那我问问实际的 我欠了三张卡 加起来八万多 一个月工资才四千五 这还能还得上吗", "inform",
                            {"distress_expressed": True})
    assert not answered_in_crisis(dispatcher, tracker) and not dispatcher.messages


async def test_a_later_reply_that_names_safety_still_answers_the_check_in(make_tracker, dispatcher, domain):
    # 「活着好累」 → 「说说而已」 (the check-in) → 「开玩笑的 别当真」 → 「安全」
    events = [SIGNAL, bot("…"), user("说说而已", "express_distress"), CHECKED_IN, user("开玩笑的 别当真", "express_distress"),
              bot(x.CRISIS_DOWNPLAY["numbers"] + x.CARE_LINE["numbers"])]
    tracker = tracker_after(make_tracker, events, "安全", "nlu_fallback", {"distress_expressed": True})
    await ActionDefaultAskAffirmation().run(dispatcher, tracker, domain)
    assert [m.get("text") for m in dispatcher.messages] == [x.SAFETY_SAFE.format(care=x.CARE_LINE["numbers"])]
    # a bare 「嗯」 that late is no answer to it
    later = tracker_after(make_tracker, events, "嗯", "affirm", {"distress_expressed": True})
    assert not answered_in_crisis(dispatcher.__class__(), later)


@pytest.mark.parametrize("cls, text, intent, response", [(ActionGreet, "还好", "greet", "utter_greet"),
                                                         (ActionGreet, "你好", "greet", "utter_greet"),
                                                         (ActionSkipOutsideForm, "不知道", "skip_question",
                                                          "utter_anything_else")])
async def test_without_a_signal_the_greeting_and_the_skip_stay(make_tracker, dispatcher, domain, cls, text, intent,
                                                               response):
    await cls().run(dispatcher, make_tracker(text=text, intent=intent), domain)
    assert [m.get("response") for m in dispatcher.messages] == [response]


# ---- #13: 「说说而已…别老给我电话号码了」 — acknowledged, the lines in one line, the question answered -------------------
async def test_said_in_jest_with_no_numbers_please_is_acknowledged_and_the_question_answered(make_tracker, dispatcher,
                                                                                            domain):
    tracker = tracker_after(make_tracker, [SIGNAL, bot("…"), user(L3_12, "nlu_fallback"), bot("…")], L3_13,
                            "express_distress", L3_CASE, topic_guard="nlu_fallback",
                            intent_ranking=[{"name": "express_distress", "confidence": 1.0},
                                            {"name": "nlu_fallback", "confidence": 0.25}])
    events = await ActionCrisis().run(dispatcher, tracker, domain)
    first = dispatcher.messages[0]["text"]
    assert first != crisis_text(domain) and "很担心您" not in first and "请马上拨打" not in first
    assert "12356" not in first and "400-161-9995" not in first  # asked not to be given the numbers again
    assert "打不通请拨110或120" in first and "热线一直都在" in first
    assert "你现在安全吗" in first  # not asked before in this conversation: once, here
    answer = said(dispatcher)
    assert "非法占有目的" in answer and "不是保证" in answer, answer  # the question answered in the same turn
    assert {"event": "slot", "name": "distress_expressed", "value": True, "timestamp": None} in events


async def test_said_in_jest_after_the_check_in_does_not_ask_it_again(make_tracker, dispatcher, domain):
    tracker = tracker_after(make_tracker, [SIGNAL, bot("…"), user(L3_2, "thanks"), CHECKED_IN, user(L3_12, "nlu_fallback"),
                                           bot("…")], L3_13, "express_distress", L3_CASE)
    await ActionCrisis().run(dispatcher, tracker, domain)
    assert "你现在安全吗" not in said(dispatcher) and "打不通请拨110或120" in said(dispatcher)


async def test_said_in_jest_alone_keeps_both_numbers_in_one_short_line(make_tracker, dispatcher, domain):
    tracker = tracker_after(make_tracker, [user("活着好累", "express_distress", distress_signal="活着好累"), bot("…")],
                            "说说而已", "express_distress", {"distress_expressed": True})
    await ActionCrisis().run(dispatcher, tracker, domain)
    [message] = dispatcher.messages
    text = message["text"]
    assert text == x.CRISIS_DOWNPLAY["numbers"] + x.SAFETY_CHECK_IN + x.CARE_LINE["numbers"] + x.CRISIS_DOWNPLAY_GO_ON
    assert "12356" in text and "400-161-9995" in text and "打不通请拨110或120" in text


async def test_a_new_signal_beside_the_jest_keeps_the_crisis_answer(make_tracker, dispatcher, domain):
    tracker = tracker_after(make_tracker, [user("活着好累", "express_distress", distress_signal="活着好累"), bot("…")],
                            "说说而已 不过真的不想活了", "express_distress", {"distress_expressed": True})
    await ActionCrisis().run(dispatcher, tracker, domain)
    assert x.CRISIS_DOWNPLAY["numbers"] not in said(dispatcher)
    assert [m.get("response") for m in dispatcher.messages] == ["utter_distress"]


# ---- #12: a practical question after the signal — answered, one short care line ----------------------------------------
async def test_a_practical_question_after_the_signal_is_answered_with_one_care_line(make_tracker, dispatcher, domain):
    tracker = tracker_after(make_tracker, [SIGNAL, bot("…"), user("八万多会不会坐牢", "ask_criminal_risk"), bot("清单")],
                            L3_12, "nlu_fallback", L3_CASE)
    await ActionDefaultAskAffirmation().run(dispatcher, tracker, domain)
    texts = [m.get("text") or "" for m in dispatcher.messages]
    assert "非法占有目的" in texts[0] and "我在这儿听着" not in "".join(texts)
    assert texts[-1] == x.CARE_LINE["numbers"]
    assert not any(m.get("buttons") and "是的" in str(m["buttons"]) for m in dispatcher.messages)


async def test_no_care_line_twice_in_a_row(make_tracker, dispatcher, domain):
    tracker = tracker_after(make_tracker, [SIGNAL, bot("…"), user("嗯", "affirm"), bot(x.CARE_LINE["numbers"])],
                            L3_12, "nlu_fallback", L3_CASE)
    await ActionDefaultAskAffirmation().run(dispatcher, tracker, domain)
    assert x.CARE_LINE["numbers"] not in [m.get("text") for m in dispatcher.messages]


async def test_without_a_signal_the_practical_answer_has_no_care_line(make_tracker, dispatcher, domain):
    tracker = tracker_after(make_tracker, [], L3_12, "nlu_fallback")
    await ActionDefaultAskAffirmation().run(dispatcher, tracker, domain)
    assert "非法占有目的" in said(dispatcher) and "12356" not in said(dispatcher)


# ---- #15: 「我明天先给招行打电话试试」 — a step of the plan, answered practically ------------------------------------------
async def test_a_call_to_the_bank_is_answered_with_what_to_say(make_tracker, dispatcher, domain):
    events = [SIGNAL, bot("…"), user(L3_13, "express_distress"), bot("…"), user(L3_14, "ask_bank_call_script"),
              action("action_bank_call_script"), bot("打卡背面的客服电话协商，可以照着说：…")]
    tracker = tracker_after(make_tracker, events, L3_15, "thanks", L3_CASE)
    await ActionThanks().run(dispatcher, tracker, domain)
    [message] = dispatcher.messages
    text = message["text"]
    assert "打那个电话" not in text and "很高兴" not in text, text
    assert "给招商银行打电话时照着上面那段话术说就行" in text and "个性化分期" in text
    assert "1,500元" in text and "超过这个数的不要答应" in text  # min(1,500, 4,500 − 1,200)
    assert "打客服协商怎么说" in text
    assert "打不通请拨110或120" in text and "12356" not in text  # he asked for no more numbers (#13)
    assert "再见" not in text and "祝您" not in text


async def test_a_call_to_the_bank_before_the_script_points_to_it(make_tracker, dispatcher, domain):
    tracker = tracker_after(make_tracker, [SIGNAL, bot("…")], "我明天给中信打电话试试", "inform", L3_CASE)
    assert answered_in_crisis(dispatcher, tracker)
    text = said(dispatcher)
    assert "给中信银行打电话时可以这样说" in text and "完整的话术，回复“打客服协商怎么说”" in text
    assert "12356" in text and "打不通请拨110或120" in text


async def test_a_call_to_the_bank_without_a_signal_is_no_crisis_step(make_tracker, dispatcher, domain):
    tracker = tracker_after(make_tracker, [], L3_15, "thanks")
    await ActionThanks().run(dispatcher, tracker, domain)
    assert [m.get("response") for m in dispatcher.messages] == ["utter_thanks"]


# ---- mut7: survivors of the mutation check of session 6 (actions/distress.py) ------------------------------------------
async def test_a_call_to_the_bank_after_other_actions_still_points_to_the_script(make_tracker, dispatcher, domain):
    # only the script's own action counts as the script shown: another action (a listen, an answer) is none
    from actions.distress import bank_call_step

    events = [SIGNAL, action("action_answer_topic"), bot("…"), action("action_listen")]
    tracker = tracker_after(make_tracker, events, "我明天给中信打电话试试", "inform", L3_CASE)
    step = bank_call_step(tracker, "我明天给中信打电话试试")
    assert "给中信银行打电话时可以这样说" in step and "照着上面那段话术" not in step
    # no bank named: 「银行」, never another card's bank
    step = bank_call_step(tracker, "我明天打电话问问")
    assert step.startswith("好，给银行打电话时") and "招商银行" not in step


async def test_plain_thanks_after_the_signal_is_no_news_that_the_person_feels_better(make_tracker, dispatcher, domain):
    tracker = tracker_after(make_tracker, [SIGNAL, bot("…")], "谢谢你", "thanks", {"distress_expressed": True})
    await ActionThanks().run(dispatcher, tracker, domain)
    [message] = dispatcher.messages
    assert message["text"].startswith(x.CRISIS_THANKS_LEAD["default"]) and "好一点了" not in message["text"]


async def test_better_said_beside_a_new_signal_gets_no_glad_lead(make_tracker, dispatcher, domain):
    from bot.nlu.distress import calmer, matches

    text = "谢谢 现在好点了 但还是不想活了"
    assert calmer(text) and matches(text)  # both readings hold: the signal wins
    tracker = tracker_after(make_tracker, [SIGNAL, bot("…")], text, "thanks", {"distress_expressed": True})
    await ActionThanks().run(dispatcher, tracker, domain)
    assert "好一点了" not in said(dispatcher) and "打不通请拨110或120" in said(dispatcher)


async def test_thanks_with_a_first_signal_in_it_gets_the_lines_not_a_plain_you_are_welcome(make_tracker, dispatcher,
                                                                                             domain):
    # no signal before and no slot: the words of this message alone carry it
    tracker = tracker_after(make_tracker, [], "谢谢 但是我真的不想活了", "thanks")
    await ActionThanks().run(dispatcher, tracker, domain)
    assert "utter_thanks" not in [m.get("response") for m in dispatcher.messages]
    assert "打不通请拨110或120" in said(dispatcher)


def test_the_lines_in_the_last_reply_are_those_after_the_previous_message(make_tracker):
    from actions.distress import lines_in_last_reply

    lines = bot(f"……{x.CRISIS_LINES_MARK}……")
    assert lines_in_last_reply(tracker_after(make_tracker, [SIGNAL, lines], "嗯", "affirm"))  # two messages: the first
    assert not lines_in_last_reply(tracker_after(make_tracker, [], "嗯", "affirm"))  # one message: no reply before it
    assert not lines_in_last_reply(tracker_after(make_tracker, [SIGNAL, bot("…")], "嗯", "affirm"))


@pytest.mark.parametrize(("situation", "expected"), [
    ({"monthly_expenses": 1500.0}, "unknown"),  # no budget said: only what is certain each month
    ({"monthly_budget": 800.0, "monthly_income": 3000.0, "monthly_expenses": 3500.0}, "nothing"),  # spends it all
    ({"monthly_budget": 0.0}, "nothing"),
    ({"monthly_budget": 1.0}, "1"),  # any amount the person can pay is the amount, however small
    ({"monthly_budget": 2000.0, "monthly_income": 4500.0, "monthly_expenses": 3700.0}, "800"),  # min(budget, spare)
])
def test_the_amount_to_offer_the_bank_after_a_signal(situation, expected, make_tracker):
    # mut7 (mutation check of session 6, actions/distress.py amount_to_offer): never more than the person can pay
    from actions.distress import amount_to_offer

    tracker = make_tracker({"case": {"cards": [{"bank": "招商银行", "amount": 30000.0}], "situation": situation}})
    said_amount = amount_to_offer(tracker)
    if expected in x.DISTRESS_FIRST_STEP_AMOUNT:
        assert said_amount == x.DISTRESS_FIRST_STEP_AMOUNT[expected]
    else:
        assert said_amount == x.DISTRESS_FIRST_STEP_AMOUNT["budget"].format(budget=expected)
