"""The one reading of each message (issue 19): bot.nlu.reading.read_turn, on the trial examples."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from bot import whatif
from bot.case import Card, Case, Situation
from bot.nlu.reading import Change, TurnContext, read_turn, requests, scenario_from_slot

TODAY = date(2026, 12, 7)
ZS = "招商银行"


def read(text: str, case: Case | None = None, **context):
    return read_turn(text, case or Case(), TODAY, TurnContext(**context))


def test_income_from_a_change_is_the_new_figure_and_a_later_correction_is_a_visible_change():
    first = read("工资从九千多降到六千五")
    assert first.case.situation.monthly_income == D(6500)
    assert first.changes == ()  # a first value is no change of a stored fact
    second = read("不对，收入是6000", first.case)
    assert second.case.situation.monthly_income == D(6000)
    assert second.changes == (Change("monthly_income", None, "6500", "6000"),)


def test_a_total_is_the_debt_never_expenses_even_when_expenses_were_asked():
    r = read("一共15万", requested_slot="monthly_expenses")
    assert r.case.situation.monthly_expenses is None
    assert r.case.total_debt() == D(150000)
    assert r.facts[0]["role"] == "total"


def test_three_cards_stay_three():
    r = read("招行2万 工行3万 建行1万")
    assert [(c.bank, c.amount) for c in r.case.cards] == [(ZS, D(20000)), ("工商银行", D(30000)), ("建设银行", D(10000))]
    again = read("逾期20天", r.case)
    assert len(again.case.cards) == 3


def test_a_correction_replaces_never_adds():
    case = Case(situation=Situation(monthly_expenses=D(6500)))
    r = read("支出4500 不是6500", case)
    assert r.case.situation.monthly_expenses == D(4500)
    assert r.changes == (Change("monthly_expenses", None, "6500", "4500"),)


def test_correcting_the_amount_keeps_the_days():
    case = Case(cards=(Card(ZS, D(20000), 20),))
    r = read("不对 欠款是25000", case)
    assert r.case.cards[0].overdue_days == 20 and r.case.cards[0].amount == D(25000)


@pytest.mark.parametrize("text", ["如果拖到130天会怎样", "拖到130天会怎样"])
def test_a_hypothetical_delay_is_no_real_days_and_counts_from_today(text):
    case = Case(cards=(Card(ZS, D(20000), 20),))
    r = read(text, case)
    assert r.case == case and r.changes == ()
    assert r.scenario.kind == whatif.PAY_LATER and r.scenario.delay_days == 110


def test_drag_three_months_is_todays_days_plus_90():
    case = Case(cards=(Card(ZS, D(20000), 20),))
    r = read("拖3个月呢", case)
    assert r.case == case
    assert r.scenario.kind == whatif.PAY_LATER and r.scenario.delay_days == 90
    assert r.hypothetical is None  # the facts keep today's 20 days; the delay is added by the what-if


def test_a_debt_settled_in_2022_is_history():
    r = read("交通银行欠的2022年已经还清了")
    assert r.case.cards == () and r.case.settled == ("交通银行",)
    current = Case(cards=(Card("交通银行", D(8000)), Card(ZS, D(20000))))
    r = read("交通银行那张2022年就还清了", current)
    assert [c.bank for c in r.case.cards] == [ZS]
    assert Change("settled", "交通银行", None, None) in r.changes


def test_already_paid_on_the_due_date_is_recorded():
    case = Case(cards=(Card(ZS, D(20000), 20),))
    r = read("还款日那天已经还了1000", case)
    assert r.case.cards[0].paid == D(1000) and r.case.cards[0].amount == D(20000)
    assert {"role": "already_paid", "value": "1000"}.items() <= r.facts[-1].items()


@pytest.mark.parametrize("requested", [None, "debt_amount"])
def test_pay_5000_first_is_a_payment_what_if_not_a_debt(requested):
    case = Case(cards=(Card(ZS, D(20000), 20),)) if requested is None else Case()
    r = read("先还5000", case, requested_slot=requested)
    assert r.case == case
    assert r.scenario.kind == whatif.PAY_NOW and r.scenario.amount == D(5000)
    assert r.facts[0]["role"] == "amount_offered"
    assert scenario_from_slot(r.to_slot()) == r.scenario


def test_income_halved_is_computed_from_a_known_income_else_asked():
    unknown = read("工资降了一半")
    assert unknown.case.situation.monthly_income is None and unknown.unsure == ("monthly_income",)
    known = read("工资降了一半", Case(situation=Situation(monthly_income=D(9000))))
    assert known.case.situation.monthly_income == D(4500)
    assert known.changes == (Change("monthly_income", None, "9000", "4500"),)


def test_dates_with_todays_date_give_the_days_overdue():
    r = read("3月5号账单日 23号还款日 今天4月10号")
    assert r.case.cards[0].overdue_days == 18  # 3月23日 → 4月10日
    # a due day alone says nothing about being late
    assert read("我的还款日是23号").case.cards == ()


def test_whose_figure_it_is():
    r = read("我老公工资8000")
    assert r.facts[0]["whose"] == "spouse"


@pytest.mark.parametrize(("text", "field", "value"), [
    ("别问我收入了", "stop_asking", ("monthly_income",)),
    ("收入不想说", "stop_asking", ("monthly_income",)),
    ("能不能找个真人帮我弄", "handoff", True),
    ("转人工", "handoff", True),
    ("不要人工", "handoff", False),
    # persona trial A3: a cancel of the person asked for is no request for one
    ("算了算了 不用人工了 我自己再问问", "handoff_cancel", True),
    ("算了算了 不用人工了 我自己再问问", "handoff", False),
    ("算了算了 不用人工了 我自己再问问", "stop", False),
    ("取消人工", "handoff_cancel", True),
    ("取消转人工", "handoff", False),
    ("人工那个排队帮我取消掉 谢谢", "handoff_cancel", True),
    ("我不要排队了", "handoff_cancel", True),
    ("帮我转人工 别取消", "handoff_cancel", False),
    ("帮我转人工 别取消", "handoff", True),
    ("转人工", "handoff_cancel", False),
    # a question asked while waiting for a person is no second request (persona trial A4)
    ("等人工的时候问下 要是我先找我姐借5000还中信 行不行", "handoff", False),
    ("再多真没有了", "no_more", True),
    ("再多真没有了", "stop", False),
    ("算了", "stop", True),
    ("撤销", "undo", True),
    ("刚才的计划每月还多少？", "last_plan", True),
    ("是的", "yes_no", "yes"),
    ("不用了", "yes_no", "no"),
])
def test_requests(text, field, value):
    assert getattr(requests(text), field) == value


def test_undo_puts_the_case_before_the_last_change_back():
    before = Case(situation=Situation(monthly_income=D(9000)))
    changed = read("收入改成6500", before)
    assert changed.changes == (Change("monthly_income", None, "9000", "6500"),)
    undone = read("撤销", changed.case, undo_case=before)
    assert undone.case == before and undone.changes == (Change("monthly_income", None, "6500", "9000"),)


def test_nothing_changed_means_no_change():
    case = Case(situation=Situation(monthly_income=D(9000)))
    assert read("收入9000", case).changes == ()


def test_a_hypothetical_days_and_a_delay_are_two_things():
    case = Case(cards=(Card(ZS, D(20000), 20),))
    r = read("如果逾期40天 拖到下个月还呢", case)
    assert r.hypothetical == {"overdue_days": 40.0}
    assert r.scenario.kind == whatif.PAY_LATER and r.scenario.delay_days == 30


def test_fact_entities_give_the_console_only_real_facts():
    from bot.nlu.reading import fact_entities

    assert fact_entities(read("招行欠了两万五 如果拖到130天会怎样").facts) == [
        {"entity": "bank", "value": ZS}, {"entity": "debt_amount", "value": 25000.0}]
    assert fact_entities(read("先还5000").facts) == []
    assert fact_entities(read("是三万不是两万").facts) == [{"entity": "debt_amount", "value": 30000.0}]
    assert fact_entities(read("我老公工资8000").facts) == []


# ---- persona trials of 2026-12-07 (P1): totals and parts, now and before, other debts ----------------------


@pytest.mark.parametrize("text", ["三千吧 房租一千五 吃饭啥的", "三千吧，房租一千五，吃饭一千", "大概三千 房租一千五"])
def test_a_leading_total_with_its_parts_is_the_total(text):
    r = read(text, requested_slot="monthly_expenses")
    assert r.case.situation.monthly_expenses == D(3000)
    assert r.case.cards == ()


@pytest.mark.parametrize("text", ["是三千 房租一千五加吃饭一千五", "不对 是三千 房租一千五 吃饭一千五"])
def test_parts_that_add_up_to_the_stated_figure_count_once(text):
    case = Case(situation=Situation(monthly_expenses=D(1500)))
    r = read(text, case, requested_slot="monthly_expenses")
    assert r.case.situation.monthly_expenses == D(3000)
    assert r.changes == (Change("monthly_expenses", None, "1500", "3000"),)


def test_items_without_a_total_still_add_up():
    assert read("房租一千五 生活费一千").case.situation.monthly_expenses == D(2500)


@pytest.mark.parametrize("text", ["收入现在4500 以前8000多", "收入现在4500 以前8000多 每月最多能还2000",
                                  "目前工资4500 之前8000多", "以前8000 现在4500"])
def test_the_figure_of_now_beats_the_figure_of_before(text):
    r = read(text, requested_slot="monthly_income")
    assert r.case.situation.monthly_income == D(4500)
    assert r.case.cards == ()
    assert [f["value"] for f in r.facts if f.get("past")] == ["8000"]


@pytest.mark.parametrize("text", ["不对 收入是4500 8000是以前的", "不对，收入是4500，8000那是以前的"])
def test_a_correction_naming_the_old_figure_as_before_changes_it_visibly(text):
    case = Case(cards=(Card(ZS, D(52000), 60),), situation=Situation(monthly_income=D(8000)))
    r = read(text, case)
    assert r.case.situation.monthly_income == D(4500)
    assert r.changes == (Change("monthly_income", None, "8000", "4500"),)


def test_a_debt_of_before_alone_stays_the_debt():
    assert read("之前欠了两万").case.total_debt() == D(20000)


ZX = "中信银行"
THREE = Case(cards=(Card(ZS, D(20000), 20), Card(ZX, D(15000), 20), Card("建设银行", D(10000), 20)))


@pytest.mark.parametrize("requested", [None, "debt_amount"])
@pytest.mark.parametrize("text", ["网贷还有3万多", "网贷欠3万多", "花呗还欠两千", "借呗那边还有一万"])
def test_a_figure_about_another_debt_is_no_cards_amount(text, requested):
    for case in (THREE, Case(cards=(Card(ZX, D(15000), 20),))):
        r = read(text, case, requested_slot=requested)
        assert r.case == case and r.changes == ()
        assert [f["role"] for f in r.facts] == ["other_debt"] and "other_debt" in r.notes


def test_a_card_and_a_loan_in_one_message_stay_apart():
    r = read("信用卡是中信的 欠1万5 网贷欠3万多")
    assert [(c.bank, c.amount) for c in r.case.cards] == [(ZX, D(15000))]
    assert r.case.declared_total is None


@pytest.mark.parametrize("text", ["不对 中信是1万5", "不对 中信是1万5 网贷是3万多 是两回事"])
def test_correcting_a_card_that_took_the_loan_is_a_visible_change(text):
    one = read(text, Case(cards=(Card(ZX, D(30000)),)))
    assert [(c.bank, c.amount) for c in one.case.cards] == [(ZX, D(15000))]
    assert one.changes == (Change("debt_amount", None, "30000", "15000"),)
    three = Case(cards=(Card(ZS, D(20000), 20), Card(ZX, D(30000), 20), Card("建设银行", D(10000), 20)))
    r = read(text, three)
    assert r.case.card_for(ZX).amount == D(15000) and r.case.card_for(ZS).amount == D(20000)
    assert r.changes == (Change("debt_amount", ZX, "30000", "15000"),)


def test_a_card_question_that_mentions_a_loan_keeps_the_card_figure():
    assert read("网贷和信用卡一共5万").case.total_debt() == D(50000)
    assert read("网贷不管 招行欠2万").case.card_for(ZS).amount == D(20000)


def test_fact_entities_leave_out_figures_of_before_and_other_debts():
    from bot.nlu.reading import fact_entities

    assert fact_entities(read("收入现在4500 以前8000多").facts) == [{"entity": "monthly_income", "value": 4500.0}]
    assert fact_entities(read("信用卡是中信的 欠1万5 网贷欠3万多").facts) == [
        {"entity": "bank", "value": ZX}, {"entity": "debt_amount", "value": 15000.0}]


@pytest.mark.parametrize("text", ["原来欠3万 现在欠2万", "之前欠3万 现在还欠2万"])
def test_the_debt_of_now_beats_the_debt_of_before(text):
    assert read(text).case.total_debt() == D(20000)


def test_still_left_is_no_payment_offered():
    assert [f["role"] for f in read("原来欠3万 现在还剩2万").facts] == ["owed", "owed"]


# ---- care4: a past income and 「现在没收入」 is an answer (persona trials; issue 19 item 5) ---------------


@pytest.mark.parametrize("text", ["以前月薪8000 现在没收入", "之前月入一万 失业了现在没有收入", "失业了 没收入",
                                  "以前一个月8000 现在没工作没收入", "收入是0"])
@pytest.mark.parametrize("requested", [None, "monthly_income"])
def test_no_income_now_is_an_income_of_zero_whatever_was_earned_before(text, requested):
    r = read(text, requested_slot=requested)
    assert r.case.situation.monthly_income == D(0)
    assert {"role": "income", "value": "0"}.items() <= next(f for f in r.facts if f["value"] == "0").items()


@pytest.mark.parametrize("text", ["老婆现在没收入 我月薪5000", "没收入证明怎么办", "以前月薪8000"])
def test_someone_elses_no_income_or_a_document_is_not_the_persons_zero(text):
    assert read(text, requested_slot="monthly_income").case.situation.monthly_income != D(0)


@pytest.mark.parametrize("text, asked", [
    ("能帮我写个投诉吗 投诉他们天天打我电话 晚上也打 我不是欠钱的人", True),
    ("帮我起草一份投诉书", True),
    ("写投诉信", True),
    ("晚上十一点还打 能投诉吗 打哪个电话", False),  # where to complain, not the complaint written
    ("投诉有用吗", False),
])
def test_the_complaint_asked_for_is_a_request(text, asked):
    # merged-main e2e: the mother's 「能帮我写个投诉吗…晚上也打」 got the night-calls answer and no complaint
    assert requests(text).complaint_write is asked
