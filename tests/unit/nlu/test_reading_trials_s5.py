"""Facts misread in the persona trials s5 of 2026-12-07 (bench/records/2026-12-07/trials-s5, personas G and H), each
message through `read_turn` as the case hook reads it (issue 19 item 2: facts change only visibly, a correction
replaces, what-ifs are never stored): what is left each month, the bot's own figure quoted back, a choice within a
range, a payment's what-if said without 如果, a payment not made, what the person cannot pay, a commitment beside the
expenses, and the principal said apart from what is owed."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from bot.case import Card, Case, Situation
from bot.nlu.extract import extract_entities
from bot.nlu.reading import Change, TurnContext, read_turn, requests

TODAY = date(2026, 12, 7)
ZS, JS, ZX, GF, GS, NY = "招商银行", "建设银行", "中信银行", "广发银行", "工商银行", "农业银行"


def read(text: str, case: Case | None = None, **context):
    return read_turn(text, case or Case(), TODAY, TurnContext(**context))


# ---- 1. H3#5: what is left each month is the budget, never days ---------------------------------------------------

H3 = Case(cards=(Card(ZS, D(30000), 180),), situation=Situation(monthly_income=D(3500)))


@pytest.mark.parametrize("text, budget", [
    ("那我该怎么办 房租吃饭扣完一个月最多剩800", D(800)),
    ("房租吃饭扣完每月剩800", D(800)),
    ("一个月顶多还两千", D(2000)),
    ("扣掉房租一个月能剩个一千", D(1000)),
])
def test_what_is_left_a_month_is_the_budget_and_no_days(text, budget):
    r = read(text, H3)
    assert r.case.cards[0].overdue_days == 180, r.changes
    assert r.case.situation.monthly_budget == budget
    assert not any(c.fact == "overdue_days" for c in r.changes)


@pytest.mark.parametrize("text, days", [("逾期一个月 欠5000", "30"), ("欠了一个月 还剩3000没还", "30")])
def test_a_month_of_being_late_stays_days(text, days):
    assert [e["value"] for e in extract_entities(text) if e["entity"] == "overdue_days"] == [days]


# ---- 2. H5#2–3: the bot's own figure asked about is no fact; 「不对 我欠的是X」 corrects the debt -----------------------

H5 = Case(cards=(Card(GS, D(12000), 60),))
H5_REPLY = "按工商银行的规则估算：欠款12,000.00元，逾期60天——利息约 486.29 元，违约金约 189.30 元，合计应还约 12,675.59 元"


@pytest.mark.parametrize("text", [
    "违约金怎么这么多 不是说工行封顶500吗 怎么算出来189的",
    "189是怎么算的",
    "工行的189哪来的",
    "为什么是189",
    "189是你刚算的违约金啊",
])
def test_a_figure_asked_how_it_was_computed_is_no_debt(text):
    r = read(text, H5)
    assert r.case.cards[0].amount == D(12000) and r.changes == ()


def test_a_figure_of_the_last_reply_questioned_is_no_debt():
    for text in ("等等 合计12675是不是没减掉我还的800？", "等等 合计12675是不是算错了"):
        r = read(text, H5, last_reply=H5_REPLY)
        assert r.case.cards[0].amount == D(12000) and r.changes == (), text
    # without the reply the same figure would be read as before (the rule is the quote, not the words alone)
    assert read("工行欠12675", H5, last_reply=H5_REPLY).case.cards[0].amount == D(12675)


def test_the_plain_correction_of_the_debt_replaces_the_quoted_figure():
    wrong = Case(cards=(Card(GS, D(189), 60),))
    r = read("不对不对 我欠的是12000 189是你刚算的违约金啊", wrong)
    assert r.case.cards[0].amount == D(12000)
    assert r.changes == (Change("debt_amount", None, "189", "12000"),)


def test_a_fee_cap_is_no_debt():
    assert read("不是说工行封顶500吗", H5).case.cards[0].amount == D(12000)


# ---- 3. H1#11: 「开销我说七八千 按八千算吧」 sets the expenses to 8,000, visibly --------------------------------------------

H1 = Case(cards=(Card(ZS, D(50000), 120), Card(JS, D(30000), 120), Card(ZX, D(20000), 120)),
          situation=Situation(monthly_income=D(15000), monthly_expenses=D(7000), monthly_budget=D(6000)))


@pytest.mark.parametrize("text", ["网贷那4万要不要写上 还有开销我说七八千 按八千算吧", "开销七千多 按八千算", "开销是七八千 就按八千算"])
def test_a_choice_within_the_range_said_is_the_fact(text):
    r = read(text, H1)
    assert r.case.situation.monthly_expenses == D(8000)
    assert Change("monthly_expenses", None, "7000", "8000") in r.changes
    assert [c.amount for c in r.case.cards] == [D(50000), D(30000), D(20000)]


def test_a_figure_to_compute_with_outside_a_range_stays_a_what_if():
    case = Case(cards=H1.cards, situation=Situation(monthly_income=D(6500), monthly_expenses=D(4500)))
    r = read("那就按收入5000算一下 开销还是4500", case)
    assert r.case.situation.monthly_income == D(6500) and r.changes == ()


# ---- 4. G3#6 and #8: a payment's what-if said without 如果, and a payment not made ----------------------------------

G3 = Case(cards=(Card(GF, D(52000), 120, principal=D(52000)),))


@pytest.mark.parametrize("text", ["我問的是 還了三千本金變成四萬九 是不是就不夠五萬的坐牢標準了",
                                  "还了三千 欠款降到四万九 会不会就不算了"])
def test_a_payment_and_what_it_would_leave_asked_as_a_consequence_is_a_what_if(text):
    r = read(text, G3)
    assert r.case == G3 and r.changes == ()
    assert r.hypothetical == {"debt_amount": 49000.0}


def test_a_payment_said_as_done_is_still_stored():
    r = read("我还了三千 现在欠四万九", G3)
    assert r.case.cards[0].amount == D(49000)


@pytest.mark.parametrize("text", ["你現在記的我欠多少 我說了我還沒還那三千", "我还没还那三千", "我还没还三千呢"])
def test_a_payment_not_made_is_no_debt(text):
    r = read(text, G3)
    assert r.case == G3 and r.changes == ()


# ---- 5. G3#4: the principal said apart stays the principal -------------------------------------------------------

def test_the_principal_said_apart_is_kept_beside_what_is_owed():
    case = Case(cards=(Card(GF, D(60000), 120),))
    r = read("我會不會坐牢 六萬裡面本金大概五萬二 其他是利息 銀行打過很多次電話 我都有接", case)
    card = r.case.cards[0]
    assert (card.amount, card.principal) == (D(60000), D(52000))


# ---- 6. G2#12–13: 顶多 X is the budget; what the person cannot pay is not; a correction keeps the expenses ------------

G2 = Case(cards=(Card(ZS, D(38200), 30),),
          situation=Situation(monthly_income=D(4500), monthly_expenses=D(2000), monthly_budget=D(1500)))


def test_at_most_is_the_budget_and_what_cannot_be_paid_is_not():
    r = read("一个月三千多我还不起 顶多两千 我给招行打电话该怎么说 有没有话术 我一紧张就说不出话", G2)
    assert r.case.situation.monthly_budget == D(2000)
    assert r.changes == (Change("monthly_budget", None, "1500", "2000"),)


def test_the_budget_corrected_keeps_the_expenses_of_the_same_figure():
    wrong = Case(cards=G2.cards, situation=Situation(monthly_income=D(4500), monthly_expenses=D(2000),
                                                     monthly_budget=D(3000)))
    r = read("不是三千！！是每月最多还两千 三千我还不起", wrong)
    assert r.case.situation.monthly_budget == D(2000)
    assert r.case.situation.monthly_expenses == D(2000)
    assert r.changes == (Change("monthly_budget", None, "3000", "2000"),)


def test_a_figure_said_first_and_given_its_fact_still_moves():
    wrong = Case(cards=G2.cards, situation=Situation(monthly_budget=D(3500)))
    r = read("不对 三千五是我收入 不是能还的", wrong)
    assert r.case.situation.monthly_income == D(3500) and r.case.situation.monthly_budget is None


# ---- 7. G1#14: a commitment from what is left is beside the expenses, never their new value ------------------------

G1 = Case(cards=(Card(NY, D(8300), 60), Card(JS, D(12000), 60)),
          situation=Situation(monthly_income=D(2800), monthly_expenses=D(1800), monthly_budget=D(500)))


@pytest.mark.parametrize("text", ["我刚才说了嘛 剩下的要给老伴看病买药 每个月要五百多", "剩的钱要给我妈买药 一个月五百"])
def test_money_from_what_is_left_for_someone_is_no_expenses(text):
    r = read(text, G1)
    assert r.case.situation == G1.situation and r.changes == ()
    assert [f["role"] for f in r.facts if f["role"] == "set_aside"] == ["set_aside"]


def test_the_expenses_with_the_commitment_added_are_the_expenses():
    r = read("不对 支出是一千八 再加老伴的药五百 一共两千三", G1)
    assert r.case.situation.monthly_expenses == D(2300)


# ---- 8. G5#16: 「重新生成申请书」 asks for the letter again, never a reset ---------------------------------------------

@pytest.mark.parametrize("text", ["重新生成申请书", "申请书再生成一下", "帮我重新写一份申请书"])
def test_regenerate_the_letter_is_a_request_for_it(text):
    assert requests(text).regenerate


@pytest.mark.parametrize("text", ["重新开始", "清空我的信息"])
def test_a_reset_is_no_regenerate(text):
    assert not requests(text).regenerate
