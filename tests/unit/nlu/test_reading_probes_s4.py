"""Facts misread in the independent probes s4 (bench/records/2026-12-07/probes-s4: W01, W03, W04, W06, W08, N08,
E01, E02 and their isolating re-runs X01, X02, X05, X06, X13, X14), each message through `read_turn` as the case
hook reads it (issue 19 item 2: facts change only visibly, a correction replaces, an unsure reading is asked)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from bot.case import Card, Case, Situation
from bot.nlu.extract import extract_entities
from bot.nlu.reading import TurnContext, read_turn, requests

TODAY = date(2026, 12, 7)
GS, PF, JS, NY, GF, ZS = "工商银行", "浦发银行", "建设银行", "农业银行", "广发银行", "招商银行"


def read(text: str, case: Case | None = None, **context):
    return read_turn(text, case or Case(), TODAY, TurnContext(**context))


def talk(*lines: str) -> Case:
    case = Case()
    for line in lines:
        case = read(line, case).case
    return case


def entities(text: str) -> list[tuple[str, str]]:
    return [(e["entity"], e["value"]) for e in extract_entities(text)]


# ---- 1. a bare amount in a list of income and expenses is an expense, never days (W08, X13) ------------------


def test_an_unlabelled_item_after_the_expenses_is_one_more_expense():
    assert entities("我一个月工资4000 房租1500 其它1000") == [("monthly_income", "4000"), ("monthly_expenses", "2500")]
    r = read("我一个月工资4000 房租1500 其它1000", talk("工行信用卡欠6000"))
    assert r.case.situation.monthly_expenses == D(2500) and r.case.cards[0].amount == D(6000)


def test_a_money_list_answering_the_days_question_gives_no_days():
    """W08: the days form was asking; 「其它1000」 became 逾期1000天."""
    before = talk("我工行的卡 账单是6000 最低600")
    r = read("我一个月工资4000 房租1500 其它1000", before, requested_slot="overdue_days")
    assert r.case.cards[0].overdue_days is None
    assert (r.case.situation.monthly_income, r.case.situation.monthly_expenses) == (D(4000), D(2500))
    # a list item that is no expense (no label word, after the income) still gives no days
    r = read("工资4000 1000", before, requested_slot="overdue_days")
    assert r.case.cards[0].overdue_days is None


def test_a_correction_or_a_denial_between_two_figures_is_no_list():
    assert entities("支出2000 不是3000") == [("monthly_expenses", "2000"), ("amount", "3000")]
    assert entities("房租1500 欠6000") == [("monthly_expenses", "1500"), ("debt_amount", "6000")]
    assert ("monthly_expenses", "31500") not in entities("房租1500 两张卡3万")


def test_the_call_script_names_no_monthly_amount_the_person_did_not_give():
    """W08 / X13: 「每月最多能还2,500元…申请分3期、每月还2,000元」 with no budget ever said."""
    from actions.scripts import bank_call_ask, bank_call_facts

    case = talk("工行信用卡欠6000", "我一个月工资4000 房租1500 其它1000")
    facts, ask = bank_call_facts(case), bank_call_ask(case)
    assert "必要开支约2,500元" in facts and "每月最多能还＿＿元" in facts, facts
    assert "2,000" not in ask and "分3期" not in ask and "每月还＿＿元" in ask, ask
    # with the budget said, the ask is min(budget, income − expenses): 800 a month → 8 periods of 750
    case = read("每月能还800", case).case
    assert "每月最多能还800元" in bank_call_facts(case)
    assert bank_call_ask(case).startswith("分8期、每月还750元")
    # nothing left after the expenses and no budget: a deferment, no amount
    case = Case(cards=(Card(bank=GS, amount=D(6000)),), situation=Situation(monthly_income=D(2000),
                                                                             monthly_expenses=D(2500)))
    assert "没有余钱" in bank_call_facts(case)


# ---- 2. 二胎 is no amount: the income question answered without a figure is asked again (W06, X14) ------------


def test_a_second_child_is_no_income_of_two():
    before = talk("浦发欠52000 逾期80天", "每个月能还300")
    for answer in ("生了二胎 辞职在家带孩子", "家里两个孩子要带", "老二才三岁 没法上班"):
        r = read(answer, before, requested_slot="monthly_income")
        assert r.case.situation.monthly_income is None, answer
    # a real figure still answers
    assert read("两千", before, requested_slot="monthly_income").case.situation.monthly_income == D(2000)
    # and 「没收入」 stays an income of 0, as before
    assert read("没收入", before, requested_slot="monthly_income").case.situation.monthly_income == D(0)


# ---- 3. money given to a parent each month is in the expenses (W01, X01) -------------------------------------


def test_money_for_a_parent_in_the_list_of_expenses_counts():
    r = read("我一个月工资五千二房租一千二吃饭一千五还有给我妈八百", talk("建行欠43000 逾期60天"))
    assert (r.case.situation.monthly_income, r.case.situation.monthly_expenses) == (D(5200), D(3500))
    assert entities("工资5000 给我妈800 房租1200") == [("monthly_income", "5000"), ("monthly_expenses", "2000")]


# ---- 4. 仨月 is 90 days; another party's arrears are no days overdue (W03, X05, X06) ----------------------


def test_san_months_are_ninety_days():
    assert read("逾期仨月了", talk("农行欠28000")).case.cards[0].overdue_days == 90
    assert read("逾期俩月", talk("农行欠28000")).case.cards[0].overdue_days == 60


def test_unpaid_wages_are_the_hardship_not_the_days_overdue():
    before = talk("农行欠28000 逾期90天")
    for line in ("俺在工地干活 老板拖欠工资半年了", "公司拖欠了我三个月工资", "工资拖了两个月没发"):
        r = read(line, before)
        assert r.case.cards[0].overdue_days == 90 and r.changes == (), line
    assert read("俺在工地干活 老板拖欠工资半年了", talk("农行欠28000")).case.cards[0].overdue_days is None
    # the card's own lateness said with 拖欠 stays days
    assert read("信用卡拖欠了半年", talk("农行欠28000")).case.cards[0].overdue_days == 180


# ---- 5. a mortgage payment and living costs are expenses, not 网贷 (W04, X02); the bank-call request --------


def test_mortgage_and_living_costs_are_expenses():
    r = read("我工资7000 房贷2500 生活费2000", talk("广发欠35000 逾期45天"))
    assert (r.case.situation.monthly_income, r.case.situation.monthly_expenses) == (D(7000), D(4500))
    assert not any(f["role"] == "other_debt_payment" for f in r.facts)
    # another debt's payment stays another debt's
    r = read("网贷每个月还800", talk("广发欠35000 逾期45天"))
    assert r.case.situation.monthly_expenses is None and r.case.situation.monthly_budget is None


def test_a_card_bank_named_with_a_script_request_is_the_bank_call_script():
    from bot.nlu.topics import guarded_intent

    assert guarded_intent("打电话给广发我该说什么", "out_of_scope", 0.25) == "ask_bank_call_script"
    assert guarded_intent("给招行打电话怎么说", "out_of_scope", 0.3) == "ask_bank_call_script"
    assert guarded_intent("广发的催收打来我该说什么", "out_of_scope", 0.3) != "ask_bank_call_script"


# ---- 6. a settled past debt is history (N08) ----------------------------------------------------------------


def test_a_debt_of_a_past_year_said_settled_is_no_current_card():
    r = read("2023年有一笔逾期1.5万 去年还清了 能用那个一次性信用修复吗")
    assert r.case.cards == () and r.changes == ()
    assert [f for f in r.facts if f["role"] == "owed"] == [
        {"role": "owed", "value": "15000", "bank": None, "whose": "user", "hypothetical": False, "corrected": False,
         "negated": False, "settled": True, "past": True}]
    # a current debt said beside it stays
    r = read("招行欠2万 2023年有一笔逾期1.5万 去年还清了")
    assert [(c.bank, c.amount) for c in r.case.cards] == [(ZS, D(20000))]
    # not yet settled: a current debt
    assert read("2023年有一笔逾期1.5万 还没还清").case.total_debt() == D(15000)


def test_the_one_off_repair_is_applied_to_the_settled_record():
    from actions.answers import repair_policy_lead

    lead = repair_policy_lead("2023年有一笔逾期1.5万 去年还清了 能用那个一次性信用修复吗", TODAY)
    assert lead is not None and "15,000" in lead and "不在一次性信用修复的范围内" in lead, lead
    assert "2030年" in lead, lead  # 5 years from the settlement (2025)


# ---- 7. correcting the expenses never deletes the income (E02) ---------------------------------------------


def test_the_expenses_denied_never_clear_the_income_of_the_same_value():
    before = talk("招行欠四万 浦发欠两万五", "都逾期两个月了", "工资原来九千多 现在降到六千五了", "支出大概四千五")
    assert before.situation.monthly_income == D(6500)
    r = read("不对支出是4500不是6500 我打错了吗 反正是4500", before)
    assert r.case.situation.monthly_income == D(6500) and r.case.situation.monthly_expenses == D(4500)
    assert r.changes == ()


# ---- 8. a question is never the reason; a typed 原因改成 replaces it (E01) ---------------------------------


E01 = ("工行信用卡欠了三万二 逾期40天左右", "我工资5500 房租1500 吃饭什么的1500", "每个月最多能还1500")


def test_a_question_about_the_letter_is_no_hardship_reason():
    before = talk(*E01)
    r = read("申请书里说的是啥 我要签字的吧", before, requested_slot="hardship_reason")
    assert r.case.situation.hardship_reason is None
    # a reason that happens to hold 怎么 is still the reason
    r = read("失业了 不知道怎么办", before, requested_slot="hardship_reason")
    assert r.case.situation.hardship_reason == "失业了 不知道怎么办"


def test_a_typed_change_of_the_reason_replaces_it_visibly():
    before = talk(*E01)
    before = read("申请书里说的是啥 我要签字的吧", before).case  # not asked: no reason either
    stored = Case(cards=before.cards, situation=Situation(**{**before.situation.__dict__,
                                                             "hardship_reason": "工资低"}))
    for line in ("原因改一下 就是收入低 房租贵 攒不下钱", "原因是收入低 房租贵 攒不下钱", "把原因改成收入低 房租贵 攒不下钱"):
        r = read(line, stored)
        assert r.case.situation.hardship_reason == "收入低 房租贵 攒不下钱", line
        assert [(c.fact, c.before, c.after) for c in r.changes] == [
            ("hardship_reason", "工资低", "收入低 房租贵 攒不下钱")], line
        assert r.case.situation.monthly_income == D(5500), line  # 收入低 names no income
    assert requests("原因改一下 就是收入低 房租贵 攒不下钱").named_fact == "hardship_reason"
    for question in ("原因是什么", "原因是啥", "原因是不是写错了"):
        assert read(question, stored).case.situation.hardship_reason == "工资低", question
