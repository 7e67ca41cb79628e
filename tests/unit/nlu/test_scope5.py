"""Persona trials s5 (2026-12-07, bench/records/2026-12-07/trials-s5): card questions thrown out as out of scope,
questions with no answer, and a question with a correction in one message.

H1#2 card banks named with amounts and a 网贷 (no word 信用卡) are a card question; H2#1/#4 collectors telling the school
or the counsellor are a collection-conduct question; H1#11 「开销我说七八千 按八千算吧」 corrects the expenses; H4#9 「帮我写个给
建行的申请」 asks for the letter; G2#20 「我要的是打电话的话术」 asks for the call script."""
from __future__ import annotations

from decimal import Decimal

import pytest

from bot import facts as F
from bot.case import Case
from bot.nlu.case_update import update_case
from bot.nlu.char_pinyin import card_in_scope, other_debt_out_of_scope
from bot.nlu.reading import requests
from bot.nlu.topics import decided_intent, guarded_intent

H1_2 = "招行5万 建行3万 中信两万 还有个网贷4万 都快4个月没还了 会不会坐牢啊 我听人说欠多了是诈骗罪"


# ---- item 1: card banks with amounts are cards --------------------------------------------------------------
def test_card_banks_with_amounts_beside_a_net_loan_are_not_put_out_of_scope():
    scores = {"out_of_scope": 0.1, "inform": 0.42, "ask_criminal_risk": 0.25}
    assert other_debt_out_of_scope(H1_2, scores) == scores  # was: out_of_scope pushed first (0.52)
    led = {"out_of_scope": 0.52, "inform": 0.42, "ask_criminal_risk": 0.25}
    assert card_in_scope(H1_2, led)["out_of_scope"] == 0.0


@pytest.mark.parametrize("text", ["网贷还不上了怎么办", "借呗逾期会坐牢吗", "建行房贷逾期了会怎样", "招行贷款还不上",
                                  "花呗欠了8000 会上征信吗"])
def test_another_debt_alone_stays_out_of_scope(text):
    scores = {"out_of_scope": 0.1, "ask_consequences": 0.7}
    moved = other_debt_out_of_scope(text, scores)
    assert max(moved, key=moved.get) == "out_of_scope", text


@pytest.mark.parametrize("intent", ["out_of_scope", "inform"])
def test_the_prison_question_beside_card_facts_is_the_criminal_question(intent):
    assert guarded_intent(H1_2, intent, 0.5) == "ask_criminal_risk"


@pytest.mark.parametrize("text", ["招行欠两万五，逾期45天", "欠农行一万五 逾期一个月", "民生 3万 70天", "广发和平安一共欠了九万"])
def test_facts_alone_stay_inform(text):
    assert guarded_intent(text, "inform", 0.6) is None


def test_the_facts_of_the_cards_are_stored_and_the_net_loan_is_not_a_card():
    case = update_case(Case(), H1_2).case
    assert [(c.bank, c.amount) for c in case.cards] == [
        ("招商银行", Decimal(50000)), ("建设银行", Decimal(30000)), ("中信银行", Decimal(20000))]
    assert case.total_debt() == Decimal(100000)


def test_the_prison_question_is_not_read_as_a_collector_threat():
    # 「会不会坐牢啊 我听人说…」 is hearsay: the checklist on the cards, not 「催收冒充…」
    assert F.match(H1_2, "ask_criminal_risk") is None
    # a collector threatening jail gets the jail-threat answer (answers5: not a crime in itself, the conditions, a
    # complaint item), which sits above the police-scare row
    assert F.match("他们拿坐牢吓我", "ask_criminal_risk").id == "jail_threat"


# ---- item 2: collectors and the school ----------------------------------------------------------------------
@pytest.mark.parametrize(("text", "intent"), [
    ("那通知学校呢 他们能打给我辅导员吗", "out_of_scope"),
    ("救命 我收到一条短信说要上门还要通知我学校 我是学生 怎么办啊啊啊", "out_of_scope"),
    ("他们真的会去学校吗 我要不要先自己跟辅导员说啊", "nlu_fallback"),
])
def test_collectors_telling_the_school_is_a_collection_question(text, intent):
    assert guarded_intent(text, intent, 0.0 if intent == "nlu_fallback" else 0.6) == "ask_collection_harassment"
    answer = F.match(text, "ask_collection_harassment")
    assert answer is not None and answer.id == "contacts_school"
    assert "不得透露欠款" in answer.short and "12378" in answer.short


@pytest.mark.parametrize("text", ["网贷催收打电话给我家人", "明天去学校吗", "花呗催收说要通知我单位", "今天天气好吗"])
def test_chatter_and_other_debts_stay_out_of_scope(text):
    assert guarded_intent(text, "out_of_scope", 0.6) is None


# ---- item 3: questions that had no answer -------------------------------------------------------------------
@pytest.mark.parametrize(("text", "intent", "answer"), [
    ("政审呢？？信用卡逾期会不会政审不过", "ask_consequences", "political_review"),
    ("最后一个问题 考公务员政审会查征信吗 逾期会不会被刷掉 你直接告诉我会还是不会", "ask_credit_report", "political_review"),
    ("不是上学 我儿子三十多了 是问我逾期会不会连累他征信 他买房贷款会不会受影响", "ask_credit_report",
     "family_credit_report"),
    ("我老公说他每个月能还一千 四万七要还多久 银行会同意吗", "inform", "bank_may_agree"),
    ("每月还1000 要多少期 银行会同意吗", "inform", "bank_may_agree"),
    ("我还了这1047以后 利息还会继续算吗", "ask_interest", "accrual_after_payment"),
    ("我把差的760补上以后 利息是不是还在按一万多算", "ask_interest", "accrual_after_payment"),
    ("那我要跟银行说之前找过中介吗 他们知道了会不会不跟我谈了", "ask_third_party_agency", "mention_agency_to_bank"),
    ("我意思是打电话的时候要不要提中介的事 提了会不会影响协商", "ask_negotiate_plan", "mention_agency_to_bank"),
    ("违约金那189能让银行免了吗", "ask_penalty_fee", "penalty_waiver"),
    ("那利息486是咋算的 从哪天开始算的", "ask_interest", "accrual_start_date"),
    ("我是问能不能免 不是问多少", "ask_penalty_fee", "penalty_waiver"),
])
def test_each_question_gets_its_answer(text, intent, answer):
    got = F.match(text, intent)
    assert got is not None and got.id == answer, (text, got and got.id)


def test_what_domain_does_not_say_is_said_honestly():
    review = F.by_id("political_review")
    assert "没法确定" in review.short and "招录单位" in review.short and "5年" in review.short
    assert "不会影响" not in review.short and "会影响政审" not in review.short  # no verdict either way
    agency = F.by_id("mention_agency_to_bank")
    assert "没法替银行保证" in agency.short and "如实" in agency.short
    agree = F.by_id("bank_may_agree")
    assert "可以" in agree.short and "不是“必须”" in agree.short


def test_interest_answers_follow_the_domain_and_are_hedged():
    start = F.by_id("accrual_start_date")
    assert "记账日" in start.short and "还款前一天" in start.short
    assert F.fact("interest_from_posting").certainty == "practice"  # said with 通常做法 in its source label
    after = F.by_id("accrual_after_payment")
    assert "全部还清" in after.short and "工行" in after.short and "全额罚息" in after.short


def test_asking_whether_it_can_be_waived_is_the_fee_question_not_a_no():
    assert guarded_intent("我是问能不能免 不是问多少", "deny", 0.24) == "ask_penalty_fee"
    assert decided_intent("我是问能不能免利息") is None  # 停息 is the negotiation's, not the 违约金's


# ---- item 4: a question with a correction, a request with facts ------------------------------------------------
@pytest.mark.parametrize(("text", "intent"), [
    ("网贷那4万要写进申请书里吗", "out_of_scope"),
    ("网贷那4万要不要写上 还有开销我说七八千 按八千算吧", "out_of_scope"),
    ("网贷那4万要不要写上 还有开销我说七八千 按八千算吧", "inform"),
])
def test_another_debt_asked_for_the_letter_is_answered(text, intent):
    got = F.match(text, intent)
    assert got is not None and got.id == "other_debt_in_letter", (text, got and got.id)
    assert "全部欠款" in got.short and "不是信用卡" in got.short


def test_a_range_settled_at_a_figure_corrects_the_expenses():
    case = update_case(Case(), "我现在月收入大概一万五 开销七八千 每个月能拿出6000").case
    assert case.situation.monthly_expenses == Decimal(7000)
    result = update_case(case, "网贷那4万要不要写上 还有开销我说七八千 按八千算吧")
    assert result.case.situation.monthly_expenses == Decimal(8000)
    assert result.case.cards == case.cards  # the 网贷 4万 is no card
    # a figure to compute with that is no range's stays a what-if (persona C4)
    assert update_case(case, "那就按收入5000算一下").case.situation.monthly_income == Decimal(15000)


def test_a_letter_asked_for_with_facts_is_the_plan_request():
    assert requests("行吧 那你帮我写个给建行的申请 我工资6500 房租吃饭加起来4000 每个月能还2000").plan_write
    assert requests("帮我写申请书").plan_write
    for text in ("申请书怎么写", "网贷那4万要写进申请书里吗", "帮我写个投诉申请", "写申请书要什么材料"):
        assert not requests(text).plan_write, text


def test_the_call_script_asked_for_instead_of_the_letter():
    assert decided_intent("确认 但我要的是打电话的话术 不是申请书") == "ask_bank_call_script"
    assert decided_intent("催收打电话来时怎么说") != "ask_bank_call_script"
    assert decided_intent("打12378电话怎么说") != "ask_bank_call_script"
