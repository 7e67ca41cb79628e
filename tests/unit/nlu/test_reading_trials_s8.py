"""Facts misread in the persona trials s8 of 2026-12-08 (personas M1, M3 and M4), each message through `read_turn` as the
case hook reads it: 「欠了一屁股债」 is no figure 1 (it became a total of 1 元 and a letter to a bank suing for 62,000); a
bankless figure beside cards that do not add up to it is asked, never the total; 「二等座」 is no 2 元; 「本金4万8加利息违约金
一共6万2」 is owed 62,000 with principal 48,000; days said beside one bank stay that bank's; 「只还本金那三万二」 is the
principal said again, and 只还本金 gets an answer of the catalogue."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from actions.case_slots import change_line
from actions.facts import fact_items
from bot import facts as F
from bot.case import Card, Case, Situation
from bot.nlu.extract import extract_entities
from bot.nlu.reading import Change, TurnContext, read_turn

TODAY = date(2026, 12, 8)
GF, ZS, GH, JH, PF, PA = "广发银行", "招商银行", "工商银行", "交通银行", "浦发银行", "平安银行"


def read(text: str, case: Case | None = None, **context):
    return read_turn(text, case or Case(), TODAY, TurnContext(**context))


def entities(text: str) -> list[tuple[str, str]]:
    return [(e["entity"], e["value"]) for e in extract_entities(text)]


def cards(r) -> list[tuple]:
    return [(c.bank, c.amount, c.overdue_days) for c in r.case.cards]


# ---- M4 #15/#16: 「欠了一屁股债」 is no debt of 1 元 (the letter said 「欠款约人民币1.00元」) ----------------------------------

M4_CARDS = (Card(GF, D(48000), 365, principal=D(48000)), Card(ZS, D(15000), 180))
M4_PLAN = Case(cards=M4_CARDS, situation=Situation(D(6500), D(4000), D(2000)))
M4_T15 = "前年做生意赔了 欠了一屁股债 现在在工地上干活"


@pytest.mark.parametrize("text", ["欠了一屁股债", "欠了一堆债", "欠了一大笔钱", "背了一身债", "欠了一大堆卡债",
                                  "还有一摊子债", "欠一笔钱"])
def test_a_quantity_in_words_is_no_figure(text):
    assert entities(text) == []


@pytest.mark.parametrize("text, value", [("欠了一万", "10000"), ("一万一", "11000"), ("一点五万", "15000"),
                                         ("欠一万一直没还", "10000"), ("欠了一千块", "1000")])
def test_a_figure_with_one_still_reads(text, value):
    assert entities(text) == [("debt_amount" if "欠" in text else "amount", value)]


def test_the_hardship_reason_with_a_heap_of_debt_keeps_the_cards():
    r = read(M4_T15, M4_PLAN, requested_slot="hardship_reason")
    assert r.case.declared_total is None and r.case.total_debt() == D(63000)
    assert cards(r) == [(GF, D(48000), 365), (ZS, D(15000), 180)]
    assert r.case.situation.hardship_reason == M4_T15 and r.changes == () and r.unsure == ()


@pytest.mark.parametrize("text", ["前年做生意赔了 欠了1块钱", "我欠了7万", "欠了2万"])
def test_a_bankless_debt_the_cards_do_not_add_up_to_is_asked(text):
    r = read(text, M4_PLAN)
    assert r.case.declared_total is None and r.case.cards == M4_CARDS
    assert r.unsure == ("debt_total",) and r.changes == ()


def test_a_card_said_again_or_the_sum_is_no_question():
    for text in ("欠了15000", "欠了63000"):
        r = read(text, M4_PLAN)
        assert r.unsure == () and r.case.cards == M4_CARDS and r.changes == (), text


def test_a_corrected_total_over_the_cards_is_said():
    r = read("不对 一共欠了7万", M4_PLAN)
    assert r.case.declared_total == D(70000)
    assert r.changes == (Change("debt_total", None, "63000", "70000"),)
    assert change_line(r.changes) == "合计欠款 63,000 → 70,000"


# ---- M4 #6/#13: 「二等座」 stored expenses of 2 元 (then 「已改：月必要支出 2 → 4,000」) -----------------------------------

M4_T6 = "要是判了我还是还不上 会不会被限高 我每周要坐高铁回老家看孩子 二等座也不行吗"


@pytest.mark.parametrize("text", [M4_T6, "一等座能坐吗", "二等舱呢"])
def test_a_seat_class_is_no_figure(text):
    assert entities(text) == []


def test_the_high_speed_rail_question_stores_nothing():
    case = Case(cards=(Card(GF, D(62000), 365, principal=D(48000)),))
    r = read(M4_T6, case)
    assert r.case == case and r.changes == ()


def test_the_letter_request_gives_first_values_and_no_phantom_change():
    case = Case(cards=(Card(GF, D(62000), 365, principal=D(48000)), Card(ZS, D(15000), 180)))
    r = read("那帮我写个给广发的和解还款申请吧 我月收入6500 开销4000 每月最多还2000 招行那张也要还", case)
    s = r.case.situation
    assert (s.monthly_income, s.monthly_expenses, s.monthly_budget) == (D(6500), D(4000), D(2000))
    assert r.changes == () and r.case.cards == case.cards


# ---- M4 #1/#2: 「欠5万多」 then 「本金4万8加利息违约金一共6万2」 (the recap kept 50,000 beside the principal 48,000) ---------

M4_T1 = "我收到法院传票了 广发银行起诉我 欠5万多 下个月开庭 我该怎么办"
M4_T2 = "开庭我要准备啥 能不能在开庭前跟银行和解 他们起诉的金额是本金4万8加利息违约金一共6万2"


def test_the_principal_with_its_fees_is_owed_on_that_card():
    first = read(M4_T1)
    assert cards(first) == [(GF, D(50000), None)]
    r = read(M4_T2, first.case)
    card = r.case.cards[0]
    assert (card.bank, card.amount, card.principal) == (GF, D(62000), D(48000))
    assert r.changes == (Change("debt_amount", None, "50000", "62000"),)


@pytest.mark.parametrize("text, amount, principal", [
    ("本金4万8加利息违约金一共6万2", D(62000), D(48000)),
    ("本金两万加上利息和违约金总共两万三", D(23000), D(20000)),
    ("招行本金3万 连利息一共3万4", D(34000), D(30000)),
])
def test_principal_plus_fees_said_at_once(text, amount, principal):
    card = read(text).case.cards[0]
    assert (card.amount, card.principal) == (amount, principal)


def test_interest_alone_is_still_no_debt():
    assert entities("本金3万 利息一共2000") == [("debt_amount", "30000")]


def test_the_recap_names_the_principal_beside_the_amount_owed():
    case = Case(cards=(Card(GF, D(62000), 365, principal=D(48000)), Card(ZS, D(15000), 180)))
    assert fact_items(case)[:2] == ["广发银行 62,000元（本金48,000元） 逾期365天", "招商银行 15,000元 逾期180天"]
    assert fact_items(Case(cards=(Card(PA, D(32000), 90, principal=D(32000)),)))[0] == "平安银行 32,000元 逾期90天"


# ---- M1 #4: 「交行是8600 … 浦发是上个月才开始逾期的 大概35天」 (the 35 days went to 交行 too) --------------------------------

M1_CARDS = (Card(GH, D(12000), 60), Card(JH, D(8000), 60), Card(PF, D(25000), 60))
M1_T4 = "不对 交行是8600 我看错了 浦发是上个月才开始逾期的 大概35天"


def test_days_said_beside_one_bank_are_that_banks():
    r = read(M1_T4, Case(cards=M1_CARDS))
    assert cards(r) == [(GH, D(12000), 60), (JH, D(8600), 60), (PF, D(25000), 35)]
    assert r.changes == (Change("debt_amount", JH, "8000", "8600"), Change("overdue_days", PF, "60", "35"))


@pytest.mark.parametrize("text", ["招行32000 建行16000 逾期40天", "工行 交行 逾期40天", "招行和建行都逾期了 40天"])
def test_days_after_a_list_of_cards_are_every_cards(text):
    assert [c.overdue_days for c in read(text).case.cards] == [40, 40]


# ---- M3 #7/#8: 「只还本金那三万二」 changed the debt 38,000 → 32,000, and 只还本金 was never answered ----------------------

M3_CASE = Case(cards=(Card(PA, D(38000), 90, principal=D(32000)),))
M3_T7 = "我能不能跟平安说只还本金那三万二利息违约金都不还了有人说可以只还本金"
M3_T8 = "我问的是能不能只还本金不还利息"


@pytest.mark.parametrize("text", [M3_T7, M3_T8])
def test_the_principal_named_again_changes_nothing(text):
    r = read(text, M3_CASE)
    assert r.case == M3_CASE and r.changes == () and r.unsure == ()


def test_a_principal_changed_is_said():
    r = read("本金是三万", M3_CASE)
    assert r.case.cards[0].principal == D(30000) and r.case.cards[0].amount == D(38000)
    assert r.changes == (Change("principal", None, "32000", "30000"),)
    assert change_line(r.changes) == "本金 32,000 → 30,000"


@pytest.mark.parametrize("text, intent", [(M3_T7, "ask_interest"), (M3_T8, "ask_interest"),
                                          ("信用卡能不能只还本金", "ask_negotiate_plan"),
                                          ("利息能不能免掉", "ask_penalty_fee")])
def test_only_the_principal_gets_its_answer(text, intent):
    answer = F.match(text, intent)
    assert answer is not None and answer.id == "principal_only"
    bubble = F.first_bubble(answer)
    assert "不一定同意" in bubble and "减免违约金" in bubble and "法院" in bubble and "中介" in bubble


@pytest.mark.parametrize("text", ["网上有人说找他们帮忙可以停息挂账只还本金收百分之十的服务费靠谱吗", "利息多少",
                                  "利息不还会怎样"])
def test_an_agency_or_a_figure_question_is_not_it(text):
    answer = F.match(text, "ask_interest")
    assert answer is None or answer.id != "principal_only"
