"""fix4 over REST against a real `rasa run` + action server: the leftovers of session 3 (one answer per question
topic, the pending letter's typed confirmation after an interest question, interest after a partial payment,
「先还一万有用吗」's verdict, a monthly commitment subtracted from what is available)."""
from __future__ import annotations

import uuid

import pytest

from bot import facts as F


def sender() -> str:
    return f"e2e-fix4-{uuid.uuid4().hex[:10]}"


@pytest.mark.parametrize("question", ["不接银行的催收电话会怎么样", "银行打过好几次电话 还寄过信 我都没敢接"])
def test_not_answering_and_not_daring_to_answer_get_the_one_answer(live_bot, question):
    messages = live_bot.say(sender(), question)
    assert messages and messages[0].get("text") == F.first_bubble(F.by_id("not_answer_calls")), messages


def test_interest_after_a_partial_payment_is_on_what_is_left(live_bot):
    from decimal import Decimal as D

    from bot import whatif

    s = sender()
    live_bot.texts(s, "招行欠了3万 逾期45天")
    live_bot.texts(s, "我已经还了5000")
    reply = live_bot.texts(s, "那现在利息多少了")
    paid = whatif.projection(whatif.CardFacts("招商银行", D(30000), 45, paid=D(5000)))
    full = whatif.projection(whatif.CardFacts("招商银行", D(30000), 45))
    assert "已还5,000.00元，剩余25,000.00元" in reply, reply
    assert f"利息约 {paid.total_interest:,.2f} 元" in reply and f"合计应还约 {paid.total_owed:,.2f} 元" in reply, reply
    assert f"{full.total_interest:,.2f}" not in reply
    assert "按在到期还款日当天还入估算" in reply  # the day it was paid is not known: the assumption is said


@pytest.mark.parametrize("lines, verdict", [
    (["招行欠了3万 逾期45天"], "作用有限"),  # 10,000 below the minimum due now (past-due minimums, interest, fees)
    (["招行欠了3万 逾期45天", "账单最低还款3000"], "有用"),
])
def test_pay_part_now_is_it_useful_begins_with_the_verdict(live_bot, lines, verdict):
    s = sender()
    for line in lines:
        live_bot.texts(s, line)
    messages = live_bot.say(s, "先还一万有用吗")
    first = messages[0]["text"]
    answer = first.split("\n", 1)[1] if first.startswith("我记下的情况") else first
    assert answer.startswith(f"{verdict}：先还 10,000.00 元"), first
    assert "利息约少" in answer and "违约金约少" in answer, first
    assert "先抵违约金" not in "\n".join(m.get("text", "") for m in messages)  # details on request
