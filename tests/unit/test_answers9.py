"""Persona trial s9 (answers9, issue 19 「answer what was asked」, issue 23 truth; bench/records/2026-12-07/trials-s9/
personas-N.md): the pure parts. N3 — 建行 a year overdue, 6万; 「先还5000利息能少多少」 got 「作用有限：利息约少0.00元」 (the
engine puts all 5,000 on the 违约金 charged, which bears no interest: DOMAIN §1–§2), 「被起诉了银行还肯协商吗」, 「先还一点好还是
等协商好」; N5 — no income, 「先还哪个」."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from bot import facts as F
from bot import whatif
from bot.finance.projection import project_overdue

N3_CARD = whatif.CardFacts(bank="建设银行", principal=D(60000), overdue_days=365)


def test_five_thousand_a_year_overdue_all_settles_the_fees_the_engine_charged():
    now = project_overdue(D(60000), 365, bank="建设银行")
    later = project_overdue(D(60000), 365 + whatif.HORIZON_DAYS, bank="建设银行")
    r = whatif.pay_now(N3_CARD, D(5000))
    assert now.total_penalty > D(5000)  # 6,996.38 of 违约金 charged: the 5,000 goes there first
    assert r.to_fees == D(5000) and r.interest_saved == D("0.00") and r.penalty_charged == now.total_penalty
    assert r.remaining == now.total_owed - D(5000) == D("74630.07")
    # the other order (the bank takes it off the interest-bearing balance): its share of the window's interest
    bearing = now.rows[-1].opening_balance
    expected = ((later.total_interest - now.total_interest) * D(5000) / bearing).quantize(D("0.01"))
    assert r.interest_saved_bearing_first == expected == D("75.90")


N3_11 = "好吧 那我现在还款的话 是先还一点好还是等协商好了再还 我手上有5000"
N3_12 = "就这一张卡 我是问现在手上5000 是先打给建行表个态 还是等谈好分期再还 先还了会不会白还"


@pytest.mark.parametrize("text", [N3_11, N3_12])
def test_pay_now_or_wait_for_the_deal_is_no_which_card_first(text):
    assert whatif.asks_pay_or_wait(text)
    assert whatif.parse_scenario(text) is None  # N3 #11 was read as 「先还哪张」
    assert F.match(text, "ask_what_if").id == "pay_before_deal"


@pytest.mark.parametrize("text", ["先还哪张", "先还招行还是先还广发", "先还5000利息能少多少"])
def test_the_what_ifs_stay_what_ifs(text):
    assert not whatif.asks_pay_or_wait(text) and whatif.parse_scenario(text) is not None


@pytest.mark.parametrize("text, intent", [
    ("你还没回答我 被起诉了银行还肯协商吗 还是只能等开庭", "ask_lawsuit"),
    ("那我打电话给建行客服具体怎么说啊 他们会不会说已经起诉了不给分期 被起诉了还能协商吗", "ask_bank_call_script"),
])
def test_negotiating_after_a_suit_has_its_answer(text, intent):
    a = F.match(text, intent)
    assert a is not None and a.id == "negotiate_after_suit"
    assert a.short.startswith("可以谈，但银行不一定同意") and "调解书" in a.short and "承办法官" in a.short
    assert "plan_article70" in a.cites  # 第七十条: the bank may, not must (DOMAIN §5)


def test_settling_before_the_hearing_keeps_its_own_answer():
    assert F.match("开庭前能和银行和解吗 开庭要准备什么材料", "ask_lawsuit").id == "settle_before_hearing"


@pytest.mark.parametrize("text, history", [
    ("利息少0块？？还5000一分利息都不少吗 那我还不还了", "先还5000利息能少多少"),
    ("那我还不还了", ""),
    ("还不如不还", ""),
])
def test_a_decision_not_to_pay_gets_why_paying_still_counts(text, history):
    a = F.match(text, "ask_interest", history)
    assert a is not None and a.id == "not_paying_after_whatif"
    assert a.short.startswith("还是能还就还，不会白还") and "以领用合约为准" in a.short and "不是保证" in a.short


@pytest.mark.parametrize("text", ["我不还了会怎么样", "不还了会坐牢吗"])
def test_what_not_paying_brings_is_a_consequence_question(text):
    a = F.match(text, "ask_consequences")
    assert a is None or a.id != "not_paying_after_whatif"


@pytest.mark.parametrize("text, said", [
    ("工作丢了 信用卡也还不上 我真的撑不下去了", True), ("我失业了", True), ("现在没收入", True), ("被公司辞退了", True),
    ("要是失业了怎么办", False), ("我工作挺稳定", False),
])
def test_no_income_said(text, said):
    assert whatif.says_no_income(text) is said
