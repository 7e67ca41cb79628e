"""answers6 (persona trials s6: I3, I1, J5, J2): the money answers say the grace rule once and compute from it.
Each tracker carries what the case hook sets for the turn (bot.nlu.reading.read_turn), as in test_whatif2_actions."""
from __future__ import annotations

import pytest

from actions.finance_answers import (
    ActionAnswerGracePeriod,
    ActionAnswerPenaltyFee,
    ActionComputeOverdueInterest,
)
from actions.topics import ActionAnswerStopLoss
from actions.whatif import ActionAnswerWhatIf
from bot.case import Case
from tests.actions.conftest import opened
from tests.actions.test_whatif2_actions import hooked, render

pytestmark = pytest.mark.asyncio

I3_FIRST = "交行信用卡 账单12000 最低还款1200 我到期那天只还了500 现在还要还多少"


def case_after(*texts: str) -> Case:
    from actions.common import today
    from bot.nlu.reading import read_turn

    case = Case.from_slot({})
    for text in texts:
        case = read_turn(text, case, today()).case
    return case


I3 = case_after(I3_FIRST, "逾期3天 今天是还款日后第三天")
J5 = case_after("你好 我是退休的 退休金每月2600 中行信用卡欠了一万二 最低还款是多少",
                "我没逾期 就是想问每月只还最低还款 以后会不会有事")


async def ask(action, make_tracker, dispatcher, domain, text, case, intent) -> str:
    await action.run(dispatcher, make_tracker(hooked(text, case), text=text, intent=intent), domain)
    return "\n".join(render(domain, m) for m in opened(dispatcher))


# ---- I3: 交行 12,000, minimum 1,200, 500 paid on the due date, day 3 (交行: 3 grace days) ---------------------------

async def test_i3_what_is_left_needs_no_day_count(make_tracker, dispatcher, domain):
    """I3 #1: 补足700 needs no days; the grace days decide whether a 违约金 comes on top."""
    reply = await ask(ActionAnswerStopLoss(), make_tracker, dispatcher, domain, I3_FIRST,
                      case_after(I3_FIRST), "ask_stop_loss")
    assert reply.startswith("先补足 700.00 元"), reply
    assert "逾期多少天" not in reply and "通常有3天容时期" in reply and "约 35.00 元" in reply, reply


async def test_i3_stop_loss_within_grace_is_700_without_fee(make_tracker, dispatcher, domain):
    """I3 #3/#4: 「还700就行还是要全还11500」 → 700 today, no 违约金 within grace, the rest bears interest."""
    text = "我问的是我现在到底要还多少钱 最低1200我已经还了500 剩下的是还700就行还是要全还11500"
    reply = await ask(ActionAnswerStopLoss(), make_tracker, dispatcher, domain, text, I3, "ask_stop_loss")
    assert reply.startswith("今天补足 700.00 元就行"), reply
    assert "违约金约" not in reply and "不收违约金" in reply and "以领用合约为准" in reply, reply
    assert "不用今天全还 11,500.00 元" in reply and "利息照算" in reply, reply


@pytest.mark.parametrize("text", ["你刚才说3天内还清不算逾期 现在又说有违约金35 到底哪个对",
                                  "你一会说违约金35一会说0 到底多少啊"])
async def test_i3_penalty_within_grace_is_not_charged_when_topped_up(make_tracker, dispatcher, domain, text):
    """I3 #5/#9: the 违约金 answer says the grace rule, and 35 only if the minimum is not topped up in time."""
    reply = await ask(ActionAnswerPenaltyFee(), make_tracker, dispatcher, domain, text, I3, "ask_penalty_fee")
    assert "今天补足未还的最低还款 700.00 元，通常不收违约金" in reply, reply
    assert "过了容时期仍没补足，才会收约 35.00 元" in reply and "这次到期违约金约35.00元" not in reply, reply


async def test_i3_grace_answer_applies_the_rule_to_the_card(make_tracker, dispatcher, domain):
    """I3 #2/#6: the person's own day and the top-up, the rule said once with its hedge."""
    text = "我是说今天还在3天宽限期里 我今天把700补上 还收不收违约金 上不上征信"
    reply = await ask(ActionAnswerGracePeriod(), make_tracker, dispatcher, domain, text, I3, "ask_grace_period")
    assert reply.startswith("交通银行：今天是到期后第3天，是3天容时期的最后一天。今天补足最低还款还差的 700.00 元，通常视同按时还款"), reply
    assert "违约金约" not in reply and "记入征信" not in reply, reply
    assert reply.count("容时期和免息是通常做法") == 1, reply


async def test_i3_interest_after_topping_up_is_not_zero(make_tracker, dispatcher, domain):
    """I3 #7: 12,000×20 + 11,500×3 + 10,800×8 = 360,900 day-yuan × 0.05% = 180.45; then 10,800 × 0.05% = 5.40/day."""
    text = "算了 我今天就先补700 那以后利息怎么算 大概多少"
    reply = await ask(ActionComputeOverdueInterest(), make_tracker, dispatcher, domain, text, I3, "ask_interest")
    assert "约 0.00 元" not in reply, reply
    assert "下期账单利息约 180.45 元" in reply and "10,800.00 元每天约 5.40 元" in reply, reply
    assert "整笔 12,000.00 元从记账日起计息" in reply, reply


async def test_i3_paying_5000_saves_its_own_interest(make_tracker, dispatcher, domain):
    """I3 #8: 5,000 × 0.05% × 30 = 75.00 (not 129.90); no 「违约金约少35」 of a fee never charged."""
    text = "要是我先还五千呢 利息能少多少"
    reply = await ask(ActionAnswerWhatIf(), make_tracker, dispatcher, domain, text, I3, "ask_what_if")
    assert "利息约少 75.00 元" in reply and "129.90" not in reply, reply
    assert "违约金约少" not in reply and "0.00 元，违约金" not in reply, reply
    assert reply.count("我记下的情况") == 1, reply  # 「利息能少多少」 is the what-if's own question, no second block


# ---- I1 #13: the duration with interest running ---------------------------------------------------------------

async def test_i1_monthly_1000_with_interest_running(make_tracker, dispatcher, domain):
    case = case_after("招行欠18000 建行欠9000 招行逾期40天了 建行逾期20天")
    text = "我是问 如果利息照算 每个月还1000 要还多久才能还完"
    reply = await ask(ActionAnswerWhatIf(), make_tracker, dispatcher, domain, text, case, "ask_what_if")
    first = reply.split("\n")[1] if reply.startswith("我记下的情况") else reply
    assert first.startswith("利息照算"), reply
    # ui-s7 A8: with interest running, what the cards have charged (724.68 + 328.95) stays owed: 28,053.63 → 37期
    assert "按今天应还约 28,053.63 元" in reply and "约37期" in reply and "共付利息约 8,619.63 元" in reply, reply
    assert "如果银行同意停息、并减免已产生的利息和违约金约 1,053.63 元：27期" in reply, reply


async def test_i1_budget_without_interest_word_says_it_assumes_a_stop(make_tracker, dispatcher, domain):
    case = case_after("招行欠18000 建行欠9000 招行逾期40天了 建行逾期20天")
    reply = await ask(ActionAnswerWhatIf(), make_tracker, dispatcher, domain, "每个月还1000 要还多久", case, "ask_what_if")
    assert "27期" in reply and "前提是银行同意停息、并减免已产生的利息和违约金" in reply and "约37期" in reply, reply


# ---- J5: 中行 12,000, not overdue, paying the minimum ------------------------------------------------------------

async def test_j5_minimum_only_needs_no_days(make_tracker, dispatcher, domain):
    case = case_after("你好 我是退休的 退休金每月2600 中行信用卡欠了一万二 最低还款是多少")
    reply = await ask(ActionAnswerWhatIf(), make_tracker, dispatcher, domain, "那我每个月只还最低行不行 够不够", case,
                      "ask_min_payment")
    assert "逾期多少天" not in reply and "按时还上最低还款额，通常不算逾期" in reply, reply


async def test_j5_one_month_of_interest_paying_the_minimum(make_tracker, dispatcher, domain):
    """J5 #9: 「一个月」 is no 30 days overdue; 12,000×20 + 10,800×11 = 358,800 × 0.05% = 179.40."""
    reply = await ask(ActionAnswerWhatIf(), make_tracker, dispatcher, domain, "我是说如果只还最低 一个月利息多少", J5,
                      "ask_min_payment")
    assert "如果逾期" not in reply and "已经逾期" not in reply and "违约金约" not in reply, reply
    assert "第一个月利息约 179.40 元" in reply, reply
    assert reply.count("我记下的情况") == 1, reply  # the month's interest is the what-if's figure, no second block


async def test_j5_interest_of_a_month_not_overdue(make_tracker, dispatcher, domain):
    """J5 #8: not 「利息约0.00元」: paying in full costs none, paying the minimum about 179.40."""
    reply = await ask(ActionComputeOverdueInterest(), make_tracker, dispatcher, domain,
                      "利息是怎么算的 一万二一个月利息多少钱", J5, "ask_interest")
    assert "约 0.00 元" not in reply and "下期账单利息约 179.40 元" in reply, reply
    assert "还没逾期（没过到期还款日），把 12,000.00 元全部还清，通常不收利息" in reply, reply
    assert "逾期0天" not in reply and "今天是到期还款日" not in reply, reply


async def test_i1_bank_refusing_to_stop_interest_gets_the_figure(make_tracker, dispatcher, domain):
    """I1 #12: 「要是银行不同意停息 那我每个月1000够不够」 got the bank-may-refuse text; 够不够 with interest is the answer."""
    from actions.answers import ActionAnswerTopic

    case = case_after("招行欠18000 建行欠9000 招行逾期40天了 建行逾期20天")
    reply = await ask(ActionAnswerTopic(), make_tracker, dispatcher, domain, "要是银行不同意停息 那我每个月1000够不够",
                      case, "ask_negotiate_plan")
    assert "利息照算" in reply and "约37期" in reply and "银行可以同意也可以拒绝" not in reply, reply


async def test_j2_default_on_a_signed_plan_has_its_own_answer(make_tracker, dispatcher, domain):
    """J2 #13/#16: the default on a signed 个性化分期, not the negotiation text nor her overdue's 征信 code."""
    from actions.answers import ActionAnswerTopic

    case = case_after("我老公失業了 家裡就靠我一個人 建行卡欠了八萬多 已經逾期三個月")
    reply = await ask(ActionAnswerTopic(), make_tracker, dispatcher, domain, "簽了個性化分期協議後 違約了會怎樣", case,
                      "ask_negotiate_plan")
    assert reply.startswith("一般算您违约") and "还款日之前就打卡背面的客服电话" in reply, reply
    assert "以协议写的违约责任为准" in reply and "征信还款状态" not in reply, reply


async def test_j5_question_beside_the_wait_for_a_person_is_answered(make_tracker, dispatcher, domain):
    """J5 #11: 「好 那我等人工 只还最低的话征信会不会不好看」 got only 「您已经在排队了」."""
    from actions.handoff import ActionRequestHuman

    reply = await ask(ActionRequestHuman(), make_tracker, dispatcher, domain, "好 那我等人工 只还最低的话征信会不会不好看",
                      J5, "request_human")
    assert "转人工" in reply or "排队" in reply, reply
    assert "按时还上最低还款额，通常不算逾期：征信一般显示正常（N）" in reply, reply
