"""The letter says each figure in the role the person said it, and claims a hardship only from what they said
(persona trial s6 I3 #13–#15; s5 G5 #14; truth4 audit #23)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bot.finance import plan
from bot.finance import templates as t
from bot.finance.hardship import says_cannot_pay

D = Decimal
TODAY = date(2026, 12, 8)
I3 = {"bank": "交通银行", "amount": 11500, "statement_said": 12000, "paid": 500}


def opening(letter: str) -> str:
    return letter.split("一、")[0]


def test_a_repayment_on_a_statement_is_said_as_paid_never_as_fees():
    result = plan([I3], monthly_income=6000, monthly_expenses=3500, monthly_budget=2000, today=TODAY,
                  hardship_reason="上个月我爸住院花了钱 所以只还了500")
    letter = result.letter
    assert result.total == D(11500) and result.periods == 6
    assert "欠款约人民币11,500.00元（以贵行账务为准）" in letter
    assert "账单应还金额约12,000.00元，本人已还500.00元" in letter
    # no split the person never said: 500 was a repayment, not interest or 违约金
    assert "透支本金" not in letter and "利息、违约金及其他费用约" not in letter
    assert "12,000.00元" not in letter.replace("账单应还金额约12,000.00元", "")


def test_the_statement_is_split_only_with_a_principal_said():
    said = plan([{"bank": "建设银行", "amount": 36000, "statement_balance": 38000}], today=TODAY).letter
    # the engine keeps its contract (amount below a statement = principal); the action passes a principal only when
    # the person said 本金 (tests/actions/test_plan_letter5_actions.py)
    assert "透支本金约36,000.00元" in said
    alone = plan([{"bank": "建设银行", "amount": 38000, "statement_balance": 38000}], today=TODAY).letter
    assert "透支本金" not in alone and "账单应还总额（含本金、利息、违约金等）" in alone


def test_no_hardship_claim_for_a_person_with_money_to_spare_who_said_no_hardship():
    letter = plan([I3], monthly_income=6000, monthly_expenses=3500, monthly_budget=2000, today=TODAY,
                  hardship_reason="上个月我爸住院花了钱").letter
    assert t.L_OPENING_CLAIM not in letter and "实际还款能力" not in letter
    assert "本人没有逃避债务的意图，愿意继续偿还全部欠款" in opening(letter)


@pytest.mark.parametrize("kwargs", [
    # said: cannot pay
    {"monthly_income": 6000, "monthly_expenses": 3500, "monthly_budget": 2000, "hardship_reason": "去年失业了"},
    {"monthly_income": 6000, "monthly_expenses": 3500, "monthly_budget": 2000, "hardship_reason": "生意亏了 还不上"},
    # the figures: 60 periods do not clear it
    {"monthly_income": 3000, "monthly_expenses": 2800, "monthly_budget": 100, "hardship_reason": "上个月我爸住院"},
    # nothing left after the needs
    {"monthly_income": 3000, "monthly_expenses": 3000, "monthly_budget": 0, "hardship_reason": "上个月我爸住院"},
])
def test_the_hardship_claim_comes_from_the_words_or_the_figures(kwargs):
    letter = plan([{"bank": "交通银行", "amount": 50000}], today=TODAY, **kwargs).letter
    assert t.L_OPENING_CLAIM in letter


@pytest.mark.parametrize("reason, cannot", [
    ("去年失业了", True), ("工资降了 实在还不上", True), ("被公司裁员", True), ("一分钱都拿不出", True),
    ("上个月我爸住院花了钱 所以只还了500", False), ("忘了还", False), ("我不是还不起 就是忘了", False), (None, False),
])
def test_says_cannot_pay(reason, cannot):
    assert says_cannot_pay(reason) is cannot


def test_a_deferment_letter_promises_no_call_the_person_did_not_offer():
    letter = plan([{"bank": "招商银行", "amount": 30000}], monthly_income=2000, monthly_expenses=2500, monthly_budget=0,
                  hardship_reason="去年失业", today=TODAY).letter
    budget_zero = plan([{"bank": "招商银行", "amount": 30000}], monthly_income=5000, monthly_expenses=2500,
                       monthly_budget=0, hardship_reason="去年失业", today=TODAY).letter
    for text in (letter, budget_zero):
        assert "暂缓" in text
        assert "本人将立即与贵行联系" not in text and "本人将主动联系贵行" not in text
        assert "保持联系方式畅通" not in text


@pytest.mark.parametrize("text, edit", [
    ('删掉"那就算能找我"这句', True),  # persona trial s5 G4 #8: the plainest way to ask, once a fallback
    ("删掉“同事都知道了”这句", True),
    ("把“同事都知道了”删了", True),
    ("“那就算能找我”这句删掉", True),
    ("删掉「他说要上门」", True),
    ("我想删掉一些东西", False),
    ("他说“删掉记录要收费”", False),
])
def test_a_quoted_sentence_to_delete_is_a_complaint_edit(text, edit):
    from bot.nlu.reading import requests

    assert requests(text).complaint_edit is edit
