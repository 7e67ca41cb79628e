"""Persona trial s8 (answers8) through the actions: M5's half minimum (one 违约金 figure: 45, never 90), the minimum
topped up 7 days late, the fee rate 0.75 said, M3's paid agent, a new question of a topic already answered, M1's plan
summary (an addition to the reason, no letter without 确认, 「我还没说确认呢」)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import ActionAnswerTopic
from actions.finance_answers import (
    ActionAnswerGracePeriod,
    ActionAnswerInstallment,
    ActionAnswerMinPayment,
    ActionAnswerPenaltyFee,
)
from bot.case import Case
from bot.nlu.reading import TurnContext, read_turn
from tests.actions.conftest import opened

TODAY = date(2026, 12, 8)
M5 = [
    "请问 我中信的卡还没逾期 但是5天后就到还款日了 最低还款1800 我只凑得出900 怎么办",
    "账单是1万8 还款日是12月13号",
]


def conversation(domain: dict, turns: list[str], intent: str, slots: dict[str, Any] | None = None,
                 context: TurnContext | None = None) -> Tracker:
    """The tracker of the last of ``turns``: each earlier message and its stored reading as events, the case read
    turn by turn as the hook does."""
    case, events, reading = Case(), [], {}
    for text in turns:
        r = read_turn(text, case, TODAY, context)
        case, reading = r.case, r.to_slot()
        events += [{"event": "user", "text": text}, {"event": "slot", "name": "reading", "value": reading}]
    events = events[:-2]
    all_slots = {name: None for name in domain["slots"]}
    all_slots.update(case.contract_slots())
    all_slots.update({"case": case.to_slot(), "reading": reading, **(slots or {})})
    latest = {"text": turns[-1], "intent": {"name": intent, "confidence": 1.0},
              "intent_ranking": [{"name": intent, "confidence": 1.0}], "entities": []}
    events.append({"event": "user", "text": turns[-1], "parse_data": latest})
    return Tracker("answers8", all_slots, latest, events, False, None, {}, "action_listen")


def said(dispatcher: CollectingDispatcher) -> str:
    parts = []
    for m in opened(dispatcher):
        parts.append(m.get("text") or "")
        parts += [str(v) for k, v in m.items() if k not in ("text", "buttons") and isinstance(v, str)]
    return "\n".join(parts)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    import actions.shortfall

    monkeypatch.setattr(actions.shortfall, "today", lambda: TODAY)


# ---- M5: less than the minimum ------------------------------------------------------------------------------------

async def test_m5_1_half_the_minimum_is_not_answered_with_paying_the_minimum(dispatcher, domain):
    await ActionAnswerMinPayment().run(dispatcher, conversation(domain, M5[:1], "ask_min_payment"), domain)
    text = said(dispatcher)
    assert text.startswith("只还900.00元不够最低还款额1,800.00元，还差900.00元。"), text
    assert "违约金约45.00元（没还上的900.00元×5%）" in text and "会记入征信" in text and "容时期内" in text
    assert "可以。" not in text and "90.00" not in text and len(dispatcher.messages) == 1


@pytest.mark.parametrize("turn", ["13号我只还900的话 违约金要多少 会上征信吗",
                                  "我会先还900 剩下900还不上 违约金不是应该按900算吗"])
async def test_m5_4_5_one_penalty_figure_in_one_reply(dispatcher, domain, turn):
    await ActionAnswerPenaltyFee().run(dispatcher, conversation(domain, [*M5, turn], "ask_penalty_fee"), domain)
    text = said(dispatcher)
    assert "45.00" in text and "90.00" not in text, text
    assert "按整笔账单18,000.00元从记账日起算" in text
    assert len(dispatcher.messages) == 1  # no 征信 block or what-if block after it
    if "按900算" in turn:
        assert text.startswith("对，按没还上的900.00元算。")


async def test_a_penalty_question_after_the_amount_said_before_uses_it(dispatcher, domain):
    await ActionAnswerPenaltyFee().run(dispatcher, conversation(domain, [*M5, "那违约金多少"], "ask_penalty_fee"), domain)
    assert "45.00" in said(dispatcher) and "90.00" not in said(dispatcher)


@pytest.mark.parametrize("turn, later", [("13号还900 20号再补900 算不算逾期", "20号"),
                                         ("好 那等人工的时候再问下 13号还900 剩下900我20号发工资能补上 这样算逾期吗", "20号"),
                                         ("晚7天补上最低还款 会不会上征信", "晚7天")])
async def test_m5_10_14_topped_up_seven_days_late_is_overdue(dispatcher, domain, turn, later):
    await ActionAnswerMinPayment().run(dispatcher, conversation(domain, [*M5, turn], "ask_min_payment"), domain)
    text = said(dispatcher)
    assert text.startswith(f"{later}才补上算逾期：那是到期还款日后第7天，过了中信银行一般的3天容时期"), text
    assert "违约金约45.00元" in text and "会记入征信" in text and "补上这900.00元" in text
    if later == "20号":
        assert "（最晚16号）" in text


async def test_topped_up_within_grace_is_usually_on_time(dispatcher, domain):
    await ActionAnswerMinPayment().run(dispatcher, conversation(domain, [*M5, "13号还900 15号再补900 算逾期吗"],
                                                                "ask_min_payment"), domain)
    text = said(dispatcher)
    assert text.startswith("15号补上一般不算逾期：那是到期还款日后第2天，还在中信银行一般的3天容时期内"), text
    assert "违约金约" not in text


async def test_m5_14_the_grace_days_of_a_card_not_yet_due_are_said(dispatcher, domain):
    turns = [*M5, "中信有几天容时 过了还款日几天内还上不算逾期"]
    await ActionAnswerGracePeriod().run(dispatcher, conversation(domain, turns, "ask_grace_period"), domain)
    text = said(dispatcher)
    assert "中信银行一般有到期还款日后3天的容时期" in text and "还 900.00 元后还差 900.00 元" in text, text
    assert "今天补足" not in text


async def test_an_overdue_card_keeps_the_overdue_answers(dispatcher, domain):
    turns = ["中信欠18000 逾期40天了 最低还款1800 我只能还900 怎么办"]
    await ActionAnswerMinPayment().run(dispatcher, conversation(domain, turns, "ask_min_payment"), domain)
    assert "不够最低还款额" not in said(dispatcher)


# ---- M5 #6/#7: the fee the person said ----------------------------------------------------------------------------

async def test_m5_6_the_fee_rate_said_is_used_and_compared(dispatcher, domain):
    turns = [*M5, "那我要是办账单分期呢 分12期 跟只还最低比哪个划算 中信分期手续费好像是0.75"]
    await ActionAnswerInstallment().answer(dispatcher, conversation(domain, turns, "ask_installment"), domain)
    message = dispatcher.messages[0]
    assert message["rate"] == "0.75%" and message["per_period"] == "1,635.00" and message["total_fee"] == "1,620.00"
    assert message["apr"] == "16.22%" and "按您说的每期费率0.75%" in message["example_note"]
    assert "分期少付约 272.59 元" in message["example_note"]  # 1,892.59 of interest against 1,620.00 of fee


async def test_m5_7_the_rate_said_again_is_understood(dispatcher, domain):
    turns = [*M5, "那我要是办账单分期呢 分12期 跟只还最低比哪个划算 中信分期手续费好像是0.75", "我说的是0.75不是0.6 按0.75算一下"]
    await ActionAnswerInstallment().answer(dispatcher, conversation(domain, turns, "ask_installment"), domain)
    message = dispatcher.messages[0]
    assert message["rate"] == "0.75%" and message["periods"] == 12 and message["per_period"] == "1,635.00"


# ---- M3 #9: the paid agent ----------------------------------------------------------------------------------------

async def test_m3_9_the_agent_warning_at_once(dispatcher, domain):
    text = "网上有人说找他们帮忙可以停息挂账只还本金收百分之十的服务费靠谱吗"
    await ActionAnswerTopic().run(dispatcher, conversation(domain, [text], "ask_third_party_agency"), domain)
    bubbles = [m.get("text") or "" for m in dispatcher.messages]
    assert bubbles[0].startswith("不靠谱，别交钱") and len(bubbles) == 1, bubbles


# ---- a new question of a topic already answered (M3 #5 shape, with no catalogue answer) ----------------------------

def with_lawsuit_given(domain: dict, first: str, second: str) -> Tracker:
    tracker = conversation(domain, [first, second], "ask_lawsuit", slots={"answers_given": ["topic_lawsuit"]})
    tracker.events.insert(1, {"event": "slot", "name": "answers_given", "value": ["topic_lawsuit"]})
    return tracker


async def test_a_new_question_of_the_topic_is_no_repeat(dispatcher, domain):
    tracker = with_lawsuit_given(domain, "银行会起诉我吗", "起诉的话律师费谁出 我老家那边的法院离得好远")
    await ActionAnswerTopic().run(dispatcher, tracker, domain)
    text = dispatcher.messages[0]["text"]
    assert text.startswith("您问的这一点，我没有可靠的依据，不替您猜：问承办法官") and "12348" in text, text
    assert "上面已经说过" not in text
    assert "能确定的是：逾期后银行随时可以提起民事诉讼，这是民事纠纷，不是刑事案件。" in text  # the topic's first fact


async def test_the_same_question_again_is_still_referred_to(dispatcher, domain):
    tracker = with_lawsuit_given(domain, "银行会起诉我吗", "会被起诉吗")
    await ActionAnswerTopic().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["text"].startswith("上面已经说过：")


# ---- M1 #11/#12: the plan summary ---------------------------------------------------------------------------------

M1 = ["工行欠1万2 交行8600 浦发2万5 逾期两个月", "月收入7000 房租吃饭4500 每月能还2000", "原因是去年冬天骑车摔了腿 歇了三个月没收入"]


async def summary_tracker(domain: dict, turn: str, intent: str) -> Tracker:
    from actions.plan import digest, plan_options

    before = conversation(domain, M1, "inform")
    from actions.case_slots import case_of

    pending = digest(case_of(before), plan_options(before))
    return conversation(domain, [*M1, turn], intent, slots={"plan_summary": pending},
                        context=TurnContext(summary_pending=True))


async def test_m1_11_an_addition_at_the_summary_shows_it_again_and_makes_no_letter(dispatcher, domain):
    from actions.plan import ActionDraftRepaymentPlan

    tracker = await summary_tracker(domain, "那500我刚说了 是寄回老家给我妈看病的 写上", "request_plan_draft")
    events = await ActionDraftRepaymentPlan().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["response"] == "utter_plan_summary", dispatcher.messages
    assert "另外每月500元寄回老家给我妈看病" in dispatcher.messages[0]["summary"]
    assert not any(e.get("name") == "plan_case_id" for e in events)  # no letter drafted


async def test_a_plan_request_that_asks_nothing_new_does_not_confirm(dispatcher, domain):
    from actions.plan import ActionDraftRepaymentPlan

    tracker = await summary_tracker(domain, "嗯 差不多是这样 我想想", "request_plan_draft")
    events = await ActionDraftRepaymentPlan().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["response"] == "utter_plan_summary"
    assert not any(e.get("name") == "plan_case_id" for e in events)


async def test_asking_for_the_letter_at_the_summary_still_makes_it(dispatcher, domain):
    from actions.plan import ActionDraftRepaymentPlan

    tracker = await summary_tracker(domain, "好 帮我生成申请书", "request_plan_draft")
    events = await ActionDraftRepaymentPlan().run(dispatcher, tracker, domain)
    assert any(e.get("name") == "plan_case_id" and e.get("value") for e in events), dispatcher.messages


async def test_m1_12_not_confirmed_yet_is_heard(dispatcher, domain):
    from actions.plan import ActionDraftRepaymentPlan

    turns = [*M1, "我还没说确认呢 怎么就生成了 那个原因那里还是空的"]
    tracker = conversation(domain, turns, "request_plan_draft", slots={"plan_case_id": "c1"})
    events = await ActionDraftRepaymentPlan().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["text"].startswith("抱歉，不该没等您说“确认”就生成。")
    assert dispatcher.messages[1]["response"] == "utter_plan_summary"
    assert any(e.get("name") == "plan_summary" and e.get("value") for e in events)


async def test_a_monthly_budget_below_the_minimum_keeps_the_interest_answer(dispatcher, domain):
    from actions.finance_answers import ActionComputeOverdueInterest

    turns = [*M5, "我每个月能还1000 利息多少"]
    await ActionComputeOverdueInterest().run(dispatcher, conversation(domain, turns, "ask_interest"), domain)
    assert "不够最低还款额" not in said(dispatcher)


def test_a_new_question_of_a_topic_no_judge_decides_points_to_12348_and_the_bank():
    # mut7 (mutation check of session 6): only the court topics send the person to the judge; a new question about the
    # credit record or the bank's practice goes to 12348 and the number on the back of the card
    from actions.answers import COURT_TOPICS, not_covered_text

    assert "credit_report" not in COURT_TOPICS
    text = not_covered_text("credit_report", "逾期会上征信。")
    assert text.startswith("您问的这一点，我没有可靠的依据，不替您猜：免费法律帮助可以打12348") and "卡背面的客服电话" in text
    assert "法官" not in text and text.endswith("能确定的是：逾期会上征信。")
    assert "问承办法官" in not_covered_text("lawsuit", "银行可以起诉。")


def test_a_topic_given_before_is_not_referred_to_again_in_front_of_specific_answers(dispatcher, domain):
    # mut7 (mutation check of session 6, actions/answers.py give_topic quiet_if_given; persona trial s8 M4 #6)
    from actions.answers import give_topic
    from bot import facts as F

    quiet = give_topic(dispatcher, with_lawsuit_given(domain, "银行会起诉我吗", "会被起诉吗"), "lawsuit", domain,
                       quiet_if_given=True)
    assert quiet == [] and dispatcher.messages == []
    # asked again because it was not answered (「我问的是…」): the answer, quiet or not
    insisted = "我问的是会不会被起诉"
    assert F.insists(insisted)
    give_topic(dispatcher, with_lawsuit_given(domain, "银行会起诉我吗", insisted), "lawsuit", domain, quiet_if_given=True)
    assert dispatcher.messages and "topic_lawsuit" in str(dispatcher.messages[0].get("buttons"))
    # not given before: the topic's answer
    dispatcher.messages.clear()
    first = conversation(domain, ["银行会起诉我吗"], "ask_lawsuit")
    events = give_topic(dispatcher, first, "lawsuit", domain, quiet_if_given=True)
    assert dispatcher.messages and "上面已经说过" not in (dispatcher.messages[0].get("text") or "")
    assert any(e.get("name") == "answers_given" and "topic_lawsuit" in (e.get("value") or []) for e in events)
