"""Persona trial s8 (answers8, issue 19 item 3 / issue 23): the pure parts — less than the minimum by the due date
(DOMAIN §1–§3: 5 % of the unpaid part of the minimum with the bank's floor, overdue once the grace days pass), the
minimum topped up N days late, the fee rate said without a % sign, the catalogue answers of a suit's new questions, an
addition to the reason at the plan summary, 「我还没说确认呢」."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bot import facts as F
from bot import whatif
from bot.case import Card, Case, Situation
from bot.nlu.reading import TurnContext, asks_for_letter_words, read_turn, requests

TODAY = date(2026, 12, 8)


# ---- less than the minimum (M5 #1/#4/#5) ------------------------------------------------------------------------

def test_half_the_minimum_at_citic_costs_5_percent_of_the_unpaid_half():
    r = whatif.short_of_minimum("中信银行", Decimal(1800), Decimal(900), None, Decimal(18000))
    assert r.unpaid == Decimal(900) and r.penalty == Decimal("45.00")  # never 90 (5 % of the whole minimum)
    assert r.grace == 3 and r.overdue is None and not r.floor_applied


def test_a_small_unpaid_part_gets_the_banks_floor():
    r = whatif.short_of_minimum("中信银行", Decimal(1800), Decimal(1600))
    assert r.penalty == Decimal("20.00") and r.floor_applied  # 200 × 5 % = 10 < 中信's 20


@pytest.mark.parametrize("late, overdue", [(3, False), (4, True), (7, True)])
def test_topped_up_late_is_overdue_only_past_the_grace_days(late, overdue):
    assert whatif.short_of_minimum("中信银行", Decimal(1800), Decimal(900), late).overdue is overdue


def test_a_bank_without_grace_is_overdue_the_next_day():
    assert whatif.short_of_minimum("工商银行", Decimal(1800), Decimal(900), 1).overdue is True


# ---- the minimum in two parts, asked (M5 #10, #12, #13) ----------------------------------------------------------

@pytest.mark.parametrize("text, due, first, late, rest", [
    ("好 那等人工的时候再问下 13号还900 剩下900我20号发工资能补上 这样算逾期吗", (12, 13), "900", 7, "900"),
    ("13号还900 20号再补900 算不算逾期", None, "900", 7, "900"),
    ("晚7天补上最低还款 会不会上征信", None, None, 7, None),
    ("28号还500 3号再补500 算逾期吗", None, "500", None, "500"),
])
def test_a_top_up_is_read_with_its_days_after_the_due_date(text, due, first, late, rest):
    top = whatif.parse_top_up(text, TODAY, due)
    assert top is not None
    assert top.first == (Decimal(first) if first else None) and top.rest == (Decimal(rest) if rest else None)
    if late is not None:
        assert top.late_days == late
    else:  # 28 → 3 of the next month (December has 31 days)
        assert top.late_days == 6


@pytest.mark.parametrize("text", ["中信有几天容时 过了还款日几天内还上不算逾期", "账单是1万8 还款日是12月13号",
                                  "13号我只还900的话 违约金要多少 会上征信吗", "我20号发工资"])
def test_no_top_up_where_none_is_asked(text):
    assert whatif.parse_top_up(text, TODAY) is None


def test_the_due_date_said_earlier_is_read():
    assert whatif.due_said("账单是1万8 还款日是12月13号") == (12, 13)
    assert whatif.due_said("13号是还款日") == (None, 13)


# ---- the fee rate the person said (M5 #6/#7) ----------------------------------------------------------------------

def test_a_fee_rate_without_a_percent_sign_is_read_and_never_taken_for_money():
    text = "那我要是办账单分期呢 分12期 跟只还最低比哪个划算 中信分期手续费好像是0.75"
    assert whatif.rate_said(text) == Decimal("0.0075")
    scenario = whatif.parse_scenario("分12期 手续费0.75 每期还多少")
    assert scenario is not None and scenario.rate == Decimal("0.0075") and scenario.amount is None


@pytest.mark.parametrize("text, rate", [("我说的是0.75不是0.6 按0.75算一下", "0.0075"), ("按0.75算", "0.0075"),
                                        ("手续费是3块", None), ("费率0.05", None)])
def test_a_rate_said_again_is_the_one_to_use(text, rate):
    assert whatif.rate_said_again(text) == (Decimal(rate) if rate else None)


def test_the_fee_basis_asked_is_read():
    assert whatif.basis_asked("我会先还900 剩下900还不上 违约金不是应该按900算吗") == Decimal(900)


# ---- catalogue answers of new questions (M3 #5, #9; M4 #4/#5/#9/#10/#12; M2 #11/#14) -----------------------------

@pytest.mark.parametrize("text, intent, answer", [
    ("那要是真起诉了怎么办我要去法院吗我在外地打工回不去老家那边法院", "ask_lawsuit", "court_far_away"),
    ("开庭前能和银行和解吗 开庭要准备什么材料", "ask_lawsuit", "settle_before_hearing"),
    ("法院打电话说可以先调解 调解是啥意思 调解了是不是就不用判了", "ask_lawsuit", "court_mediation"),
    ("听说判了以后还能执行和解 分期给 这个咋弄 和解了限高能撤吗", "ask_lawsuit", "enforcement_settlement"),
    ("执行和解", "ask_lawsuit", "enforcement_settlement"),
    ("判了以后法院会不会直接扣我工资卡里的钱 微信支付宝里的呢", "ask_lawsuit", "enforcement_deduct"),
    ("网上有人说找他们帮忙可以停息挂账只还本金收百分之十的服务费靠谱吗", "ask_third_party_agency", "agency_offer"),
    ("他们要是真跑到我单位来闹 我能直接报警吗", "ask_complaint_channel", "workplace_police"),
    ("那照这么说 他们打给我 跟我同事说 是不是也就合法了", "ask_collection_harassment", "colleagues_disclosure"),
    # the answers before them keep their questions
    ("建行那张法院都判了还下了执行通知 这申请书给建行有用吗 还是得去法院找执行法官", "ask_lawsuit", "judged_who"),
    ("收到传票不去法院会怎么样", "ask_lawsuit", "ignore_summons"),
    ("停息挂账一定能停息吗", "ask_negotiate_plan", "tingxi_not_guaranteed"),
    ("分期每期手续费0.6%真的吗", "ask_installment", None),
])
def test_the_question_asked_gets_its_own_answer(text, intent, answer):
    found = F.match(text, intent)
    assert (found.id if found else None) == answer


def test_the_agent_warning_comes_first_and_names_what_the_bank_does_free():
    short = F.by_id("agency_offer").short
    assert short.startswith("不靠谱，别交钱") and "本人也可能担责" in short and "免费" in short and "个性化分期" in short
    # its whole question is its own: no 「不保证停息」 answer for the rest of the message
    rest = F.rest_of("网上有人说找他们帮忙可以停息挂账只还本金收百分之十的服务费靠谱吗", F.by_id("agency_offer"))
    assert F.match(rest, "ask_third_party_agency") is None


@pytest.mark.parametrize("answer", ["court_far_away", "settle_before_hearing", "enforcement_settlement",
                                    "enforcement_deduct"])
def test_what_domain_does_not_hold_is_said_with_the_judge_and_12348(answer):
    short = F.by_id(answer).short
    assert "没有可靠" in short and "12348" in short and "法官" in short


def test_a_mediation_agreement_is_enforced_like_a_judgment():
    short = F.by_id("court_mediation").short
    assert "调解书" in short and "和判决一样是生效法律文书" in short and "强制执行" in short


# ---- the plan summary: an addition to the reason, 「我还没说确认呢」 (M1 #11/#12) -----------------------------------

def m1_case() -> Case:
    return Case(cards=(Card(bank="工商银行", amount=Decimal(12000), overdue_days=60),
                       Card(bank="交通银行", amount=Decimal(8600), overdue_days=60),
                       Card(bank="浦发银行", amount=Decimal(25000), overdue_days=35)),
                situation=Situation(monthly_income=Decimal(7000), monthly_expenses=Decimal(4500),
                                    monthly_budget=Decimal(2000),
                                    hardship_reason="去年冬天骑车摔了腿 歇了三个月没收入 卡都是那时候刷的"))


def test_an_addition_at_the_summary_goes_into_the_reason_and_the_gap_is_kept_for_the_family():
    text = "那500我刚说了 是寄回老家给我妈看病的 写上"
    r = read_turn(text, m1_case(), TODAY, TurnContext(summary_pending=True))
    assert r.case.situation.hardship_reason == "去年冬天骑车摔了腿 歇了三个月没收入 卡都是那时候刷的；另外每月500元寄回老家给我妈看病"
    assert r.case.situation.set_aside == Decimal(500) and "set_aside:500" in r.notes
    assert [c.fact for c in r.changes] == ["hardship_reason"]
    assert [c.amount for c in r.case.cards] == [Decimal(12000), Decimal(8600), Decimal(25000)]  # no debt of 500
    again = read_turn(text, r.case, TODAY, TurnContext(summary_pending=True))  # the form's activation reads it again
    assert again.case.situation.hardship_reason == r.case.situation.hardship_reason and not again.changes


def test_without_a_summary_waiting_nothing_is_added_to_the_reason():
    r = read_turn("那500我刚说了 是寄回老家给我妈看病的 写上", m1_case(), TODAY)
    assert r.case.situation.hardship_reason == m1_case().situation.hardship_reason


@pytest.mark.parametrize("text", ["确认", "写上吧", "投诉书里加上这句", "申请书里要写上什么吗"])
def test_no_addition_from_a_confirmation_a_complaint_or_a_question(text):
    r = read_turn(text, m1_case(), TODAY, TurnContext(summary_pending=True))
    assert r.case.situation.hardship_reason == m1_case().situation.hardship_reason


@pytest.mark.parametrize("text, expected", [("我还没说确认呢 怎么就生成了 那个原因那里还是空的", True), ("我没说确认", True),
                                            ("先别生成", True), ("确认", False), ("没有确认过的记录会不会上征信", False)])
def test_not_confirmed_is_heard(text, expected):
    assert requests(text).not_confirmed is expected


@pytest.mark.parametrize("text, expected", [("帮我生成申请书", True), ("就这样吧", True), ("别生成申请书", False),
                                            ("那500我刚说了 是寄回老家给我妈看病的 写上", False)])
def test_only_a_request_for_the_letter_asks_for_it(text, expected):
    assert asks_for_letter_words(text) is expected
