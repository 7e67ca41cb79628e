"""The plan action on persona trial s6 I3 (交行 bill 12,000, minimum 1,200, paid 500, 3 days late, 2,000 a month to
spare): the summary and the letter count what is owed after the repayment and say each figure in its role; a 违约金
waiver asked by a person who can pay gets the phone script, not a 个性化分期 letter."""
from __future__ import annotations

from decimal import Decimal

import pytest

from actions import texts as x
from actions.plan import ActionDraftRepaymentPlan, debts_from, owed_after_statement
from bot.case import Card, Case, Situation
from tests.actions.conftest import opened

pytestmark = pytest.mark.asyncio

D = Decimal
SITUATION = Situation(monthly_income=D(6000), monthly_expenses=D(3500), monthly_budget=D(2000),
                      hardship_reason="上个月我爸住院花了钱 所以只还了500")
BILL = Card(bank="交通银行", amount=D(12000), statement_balance=D(12000), min_payment=D(1200), paid=D(500),
            overdue_days=3)
CORRECTED = Card(bank="交通银行", amount=D(11500), statement_balance=D(12000), min_payment=D(1200), paid=D(500),
                 overdue_days=3)


def test_what_is_owed_after_a_repayment_on_the_statement():
    assert owed_after_statement(BILL) == D(11500)  # 账单12000…只还了500
    assert owed_after_statement(CORRECTED) == D(11500)  # 「现在欠11500」 said apart
    assert owed_after_statement(Card(amount=D(12000), statement_balance=D(12000))) is None
    # a 本金 said with the statement keeps the principal split, less the repayment
    assert owed_after_statement(Card(amount=D(30000), principal=D(30000), statement_balance=D(34000),
                                     paid=D(1000))) == D(33000)
    for card in (BILL, CORRECTED):
        assert debts_from(Case(cards=(card,))) == [
            {"bank": "交通银行", "amount": D(11500), "statement_said": D(12000), "paid": D(500)}]


def test_an_amount_said_before_a_statement_is_not_passed_as_a_principal():
    said = debts_from(Case(cards=(Card(bank="建设银行", amount=D(36000), statement_balance=D(38000)),)))
    assert said == [{"bank": "建设银行", "amount": D(38000), "statement_balance": D(38000)}]
    principal = debts_from(Case(cards=(Card(bank="建设银行", amount=D(36000), principal=D(36000),
                                            statement_balance=D(38000)),)))
    assert principal == [{"bank": "建设银行", "amount": D(36000), "statement_balance": D(38000)}]


def _tracker(make_tracker, card, *, intent="inform", text="", history=(), slots=None):
    tracker = make_tracker({"case": Case(cards=(card,), situation=SITUATION).to_slot(), **(slots or {})},
                           text=text, intent=intent)
    before = [{"event": "user", "text": said, "parse_data": {"intent": {"name": name}}} for name, said in history]
    tracker.events[:0] = before
    return tracker


async def test_the_summary_shows_the_corrected_debt_with_the_statement_and_the_repayment(make_tracker, dispatcher,
                                                                                      domain):
    tracker = _tracker(make_tracker, CORRECTED, intent="request_plan_draft", text="帮我做个还款计划")
    events = await ActionDraftRepaymentPlan().run(dispatcher, tracker, domain)
    summary = dispatcher.messages[0]["summary"]
    assert "交通银行：欠款11,500.00元（账单应还12,000.00元，已还500.00元，以银行账务为准），逾期3天" in summary
    assert "12,000.00元（账单应还）" not in summary
    # the figure first: the verdict is the line after the title
    assert summary.split("\n")[1] == "按这些数字：每月还1,916.67元，分6期还清。"
    digest = next(e["value"] for e in events if e["name"] == "plan_summary")
    dispatcher.messages.clear()
    confirm = _tracker(make_tracker, CORRECTED, intent="affirm", text="确认", slots={"plan_summary": digest})
    await ActionDraftRepaymentPlan().run(dispatcher, confirm, domain)
    custom = next(m["custom"] for m in opened(dispatcher) if "custom" in m)
    letter = custom["letter"]
    assert custom["total"] == 11500.0 and custom["periods"] == 6
    assert "欠款约人民币11,500.00元（以贵行账务为准）" in letter and "本人已还500.00元" in letter
    assert "透支本金" not in letter and "实际还款能力" not in letter


async def test_a_waiver_asked_by_a_person_who_can_pay_gets_the_phone_script(make_tracker, dispatcher, domain):
    history = [("request_plan_draft", "帮我写个申请 给交行的 说明情况 申请减免违约金"), ("inform", "月薪六千 房租加吃饭三千五"),
               ("inform", "每个月最多能拿两千")]
    tracker = _tracker(make_tracker, BILL, text="上个月我爸住院花了钱 所以只还了500", history=history)
    events = await ActionDraftRepaymentPlan().run(dispatcher, tracker, domain)
    message = dispatcher.messages[0]
    assert len(dispatcher.messages) == 1 and message.get("response") != "utter_plan_summary"
    assert message["text"].startswith(x.PLAN_WAIVER_LEAD.format(monthly="2,000.00"))
    assert "还差700元" in message["text"] and "减免这次的违约金" in message["text"]
    assert message["buttons"] == [x.PLAN_WAIVER_LETTER_BUTTON]
    assert {"event": "slot", "name": "plan_summary", "value": None, "timestamp": None} in events


async def test_a_waiver_is_no_reason_to_refuse_a_letter_to_who_cannot_pay(make_tracker, dispatcher, domain):
    history = [("request_plan_draft", "帮我写个申请 申请减免违约金")]
    poor = Situation(monthly_income=D(6000), monthly_expenses=D(3500), monthly_budget=D(2000),
                     hardship_reason="失业了 还不上")
    tracker = make_tracker({"case": Case(cards=(BILL,), situation=poor).to_slot()}, text="失业了 还不上")
    tracker.events[:0] = [{"event": "user", "text": t, "parse_data": {"intent": {"name": n}}} for n, t in history]
    await ActionDraftRepaymentPlan().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["response"] == "utter_plan_summary"


async def test_the_letter_button_after_the_waiver_script_gives_the_summary(make_tracker, dispatcher, domain):
    history = [("request_plan_draft", "帮我写个申请 申请减免违约金"), ("inform", "上个月我爸住院花了钱")]
    tracker = _tracker(make_tracker, BILL, intent="request_plan_draft",
                       text='/request_plan_draft{"plan_option":"installment"}', history=history)
    tracker.latest_message["entities"] = [{"entity": "plan_option", "value": "installment"}]
    await ActionDraftRepaymentPlan().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["response"] == "utter_plan_summary"
