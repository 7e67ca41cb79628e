"""Time and per-card days misread in the persona trials s9 of 2026-12-08 (N1, N4, N5), each message through `read_turn`
as the case hook reads it: 「还有3天到期」 is a card not yet due (0 days, never 逾期3天); 「还款日12月11号 今天12月8号」 is 3
days before the due date, never a year back; 「晚5天会怎样」 is a what-if of 5 days late, never the days lived; days belong
to their card (「浦发逾期2个月 广发下周到期」); 「招行不是三万 账单35800」 inside a longer message corrects the debt at once."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from bot import whatif
from bot.case import Card, Case, Situation
from bot.nlu.reading import Change, TurnContext, read_turn
from bot.nlu.topics import asks_keeps_current, says_overdue

TODAY = date(2026, 12, 8)
ZS, ZX, PF, GF = "招商银行", "中信银行", "浦发银行", "广发银行"


def read(text: str, case: Case | None = None, **context):
    return read_turn(text, case or Case(), TODAY, TurnContext(**context))


def cards(r) -> list[tuple]:
    return [(c.bank, c.amount, c.overdue_days) for c in r.case.cards]


# ---- N4: a card not yet due ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "还没逾期 还有3天就到还款日了 但我最低还款都凑不够 怎么办",  # N4 #1
    "还有3天到期 最低都凑不够",
    "还有3天才到期",
    "3天后到期",
    "下周才到期",
    "还款日还没到",
    "还有三天就到还款日",
])
def test_time_until_the_due_date_is_not_overdue(text):
    r = read(text)
    assert [c.overdue_days for c in r.case.cards] == [0], cards(r)


def test_n4_the_not_yet_due_card_keeps_0_days_when_the_statement_comes():
    r = read("还没逾期 还有3天就到还款日了 但我最低还款都凑不够 怎么办")
    r = read("招行的 账单4800 最低480 我手上只有300 差180", r.case)
    r = read("不是 我是说我只能还300 最低要480 差180块", r.case)
    assert cards(r) == [(ZS, D(4800), 0)]


def test_n4_the_correction_of_days_is_a_visible_change():
    stored = Case(cards=(Card(ZS, D(4800), 3, statement_balance=D(4800), min_payment=D(480)),),
                  situation=Situation(monthly_budget=D(300)))
    r = read("我没逾期啊 是还有3天才到期 你记错了", stored)
    assert cards(r) == [(ZS, D(4800), 0)]
    assert r.changes == (Change("overdue_days", None, "3", "0"),)


@pytest.mark.parametrize("text", ["我还款日12月11号 今天12月8号 没逾期 账单分期能办吗", "还款日12月11号 今天12月8号"])
def test_a_due_date_a_few_days_ahead_is_not_a_year_back(text):
    stored = Case(cards=(Card(ZS, D(4800), 5),))
    r = read(text, stored)
    assert cards(r) == [(ZS, D(4800), 0)]


def test_a_due_date_early_next_year_is_ahead_too():
    r = read("还款日1月5号 今天12月28号 招行4800")
    assert cards(r) == [(ZS, D(4800), 0)]


@pytest.mark.parametrize("text, days", [("还款日11月20号 今天12月8号 招行4800", 18), ("招行4800 逾期3天", 3),
                                        ("已经30天逾期了 招行4800", 30), ("招行4800 晚了5天了", 5)])
def test_days_lived_still_read(text, days):
    assert [c.overdue_days for c in read(text).case.cards] == [days]


# ---- N4 #6–#7: 「晚5天」 is a what-if ---------------------------------------------------------------------------------

NOT_DUE = Case(cards=(Card(ZS, D(4800), 0, statement_balance=D(4800), min_payment=D(480)),),
               situation=Situation(monthly_budget=D(300)))


@pytest.mark.parametrize("text", [
    "你又说我逾期 我没逾期！！还款日是12月11号 我就是问如果我晚5天还会怎样",  # N4 #6
    "不是30天 我问的是晚5天 就5天 会不会上征信 要交多少违约金 我能先还300",  # N4 #7
    "晚5天会怎样",
    "晚5天 会不会上征信",
])
def test_late_by_5_days_is_a_what_if_never_the_days(text):
    r = read(text, NOT_DUE, last_reply="拖到逾期30天约多付144.71元")
    assert cards(r) == [(ZS, D(4800), 0)]
    assert r.changes == ()
    assert r.scenario is not None and r.scenario.kind == whatif.PAY_LATER and r.scenario.delay_days == 5


def test_late_by_after_days_lived_adds_to_them():
    r = read("要是再晚5天呢", Case(cards=(Card(ZS, D(4800), 20),)))
    assert cards(r) == [(ZS, D(4800), 20)]
    assert r.scenario.kind == whatif.PAY_LATER and r.scenario.delay_days == 5


# ---- N4 #9–#12: what decides "overdue" for the 账单分期 answer -----------------------------------------------------------

@pytest.mark.parametrize("text", ["我说了我没逾期！！！晚5天是假如 假如懂吗 现在还没到还款日 能不能办账单分期",
                                  "我要是这个月申请账单分期 还会算逾期吗", "没逾期能办账单分期吗"])
def test_denying_or_asking_about_overdue_does_not_say_it(text):
    assert not says_overdue(text)


@pytest.mark.parametrize("text", ["逾期的卡能分期吗", "已经逾期了还能办账单分期吗"])
def test_saying_overdue_still_says_it(text):
    assert says_overdue(text)


# ---- N5 #12–#13: days belong to their card ---------------------------------------------------------------------------

N5 = Case(cards=(Card(PF, D(28000)), Card(GF, D(10000))), situation=Situation(monthly_expenses=D(2000)))


def test_n5_days_belong_to_their_card():
    r = read("那换个问题 浦发那张逾期2个月了 广发的下周才到期 我先还广发最低还款可以吗 这样广发就不逾期了吧", N5)
    assert cards(r) == [(PF, D(28000), 60), (GF, D(10000), 0)]


def test_n5_the_correction_keeps_each_card_its_days():
    stored = Case(cards=(Card(PF, D(28000), 60), Card(GF, D(10000), 60)))
    r = read("广发没逾期啊 下周才到期 我说的是浦发逾期2个月 广发我按时还最低 广发就不会上征信吧", stored)
    assert cards(r) == [(PF, D(28000), 60), (GF, D(10000), 0)]
    assert r.changes == (Change("overdue_days", GF, "60", "0"),)


@pytest.mark.parametrize("text", ["这样广发就不逾期了吧", "广发就不会上征信吧", "先还广发最低还款可以吗"])
def test_keeping_current_is_asked(text):
    assert asks_keeps_current(text)


# ---- N1 #3: a correction inside a longer message -----------------------------------------------------------------------

def test_n1_the_statement_figure_replaces_the_debt_said_to_be_wrong():
    r = read("不是 我想问怎么还 招行欠了三万多 中信那张一万二左右")
    assert cards(r) == [(ZS, D(30000), None), (ZX, D(12000), None)]
    r = read("等下 招行不是三万 我看了下账单是35800 中信12000对的 我开个小店 一个月能拿出来大概2500", r.case)
    assert cards(r) == [(ZS, D(35800), None), (ZX, D(12000), None)]
    assert r.case.total_debt() == D(47800) and r.case.situation.monthly_budget == D(2500)
    assert Change("debt_amount", ZS, "30000", "35800") in r.changes


def test_the_statement_figure_replaces_a_bankless_debt_said_to_be_wrong():
    r = read("不是三万 账单是35800", read("欠了三万").case)
    assert cards(r) == [(None, D(35800), None)]


@pytest.mark.parametrize("text", ["未到期的分期银行会要求一次性还吗", "下个月到期的那期能不能晚点还", "2024年4月23日到期"])
def test_a_part_or_a_date_named_with_its_due_is_no_card_not_yet_due(text):
    stored = Case(cards=(Card(ZS, D(4800), 60),))
    r = read(text, stored)
    assert cards(r) == [(ZS, D(4800), 60)] and r.changes == ()


def test_a_card_said_not_yet_due_never_takes_the_other_cards_days_to_zero():
    """Persona trial s11 Q1 #2: 「民生下周才到期」 with 民生 already not overdue set 交行 from 40 days to 0."""
    from bot.case import Case
    from bot.nlu.case_update import update_case

    case = update_case(Case(), "有两张卡 交行欠1万8已经逾期40天了 民生6千下周到期还没逾期").case
    assert [(c.bank, c.overdue_days) for c in case.cards] == [("交通银行", 40), ("民生银行", 0)]
    for text in ("所以到底先还哪个 民生下周才到期 我按时还的话也要多111吗", "民生下周才到期"):
        after = update_case(case, text).case
        assert [(c.bank, c.overdue_days) for c in after.cards] == [("交通银行", 40), ("民生银行", 0)], text
