"""Rule answers the independent probes of 7 December 2026 (s4 findings 3, 13–17) found missing or wrong: each probe
input gets its own bot/answers.yml entry, whatever question intent the classifier picks, and says what DOMAIN says."""
from __future__ import annotations

from decimal import Decimal

import pytest

from bot import facts as F

QUESTION_INTENTS = ["ask_interest", "ask_collection_harassment", "ask_criminal_risk", "ask_lawsuit", "ask_credit_report",
                    "ask_consequences", "ask_what_if", "inform", "vague_card_question"]


def answer(text: str, intent: str) -> F.Answer:
    found = F.match(text, intent)
    assert found is not None, (text, intent)
    return found


PROBES = {
    # finding 3 (N10, X07)
    "催收一天给我打了10个电话我都没接 合规吗": "unanswered_calls_many",
    "催收一天打了十几个电话 我都没接 这正常吗": "unanswered_calls_many",
    # finding 13 (N04, X12, N06, X10)
    "我还了一部分 银行只对没还的部分算利息吧": "paid_part_rule",
    "我还了一部分 剩下的部分怎么算利息 是全额罚息吗": "paid_part_rule",
    "账单分期手续费每期0.6% 那年化就是7.2%吧": "fenqi_nianhua_myth",
    "信用卡取现的利息怎么算 有免息期吗": "quxian_rule",
    # finding 14 (N13, X11)
    "催收说要把我欠钱的事发到我朋友圈 还要群发给我通讯录": "disclose_debt_public",
    "催收说要把我欠钱的事发朋友圈 这违法吗": "disclose_debt_public",
    # finding 15 (N09)
    "有个公司说可以帮我申请一次性信用修复 收费500 靠谱吗": "repair_paid_apply",
    # finding 17 (A05, B15)
    "听说征信记录5年自动消除 那我拖5年不还是不是就没事了": "delay_five_years",
    "欠信用卡多久银行会起诉 诉讼时效是几年": "lawsuit_when",
    # finding 16 (W05 t4)
    "催收还说要是不还就让她坐牢 她吓得睡不着觉": "jail_threat",
}


@pytest.mark.parametrize("text", list(PROBES))
@pytest.mark.parametrize("intent", QUESTION_INTENTS)
def test_each_probe_gets_its_own_answer_under_any_question_intent(text, intent):
    assert answer(text, intent).id == PROBES[text]


def bubble(answer_id: str) -> str:
    found = F.by_id(answer_id)
    assert found is not None, answer_id
    return F.first_bubble(found)


def test_unanswered_calls_say_the_six_calls_and_that_missed_calls_are_not_evasion():
    text = bubble("unanswered_calls_many")
    assert "不宜超过6次" in text and "先向银行投诉，再打12378" in text
    assert "没接电话本身不算逃避催收" in text and "逃匿" in text  # DOMAIN §4: intent from 逃匿/改变联系方式
    assert "对您不利" not in text and "多半是正常的催收" not in text  # the probe's answer
    assert "（行业自律）" in text  # the 6 calls are the guideline's, labelled as such


def test_the_interest_rule_comes_first_full_interest_at_most_banks_unpaid_part_at_icbc_hedged():
    text = bubble("paid_part_rule")
    assert text.startswith("要看银行：多数银行") and "全额计息" in text and "工行通常只对没还的部分计息" in text
    assert "以您的领用合约为准" in text and "通常做法" in text  # [practice]
    assert text.index("工行") < text.index("告诉我是哪家银行")  # the bank asked only after the rule


def test_the_instalment_myth_is_corrected_with_the_engines_own_annual_rates():
    from bot import finance

    text = bubble("fenqi_nianhua_myth")
    apr_06 = finance.installment(Decimal(30000), 12, Decimal("0.006")).apr
    apr_075 = finance.installment(Decimal(30000), 12, Decimal("0.0075")).apr
    assert f"{apr_06 * 100:.2f}%" == "13.03%" and f"{apr_075 * 100:.2f}%" == "16.22%"
    assert "年化约13.03%，不是7.2%" in text and "16.22%" in text


def test_a_cash_advance_has_no_free_period_interest_from_posting_plus_a_fee():
    text = bubble("quxian_rule")
    assert text.startswith("取现没有免息期") and "记账那天起按日计息" in text and "取现手续费" in text
    assert "领用合约" in text


def test_posting_the_debt_to_friends_is_not_allowed_with_the_civil_code_and_the_complaint():
    text = bubble("disclose_debt_public")
    assert text.startswith("不可以") and "不得向无关的人透露您的欠款" in text and "公开曝光" in text
    assert "民法典" in text and "（行业自律）" in text and "12378" in text and "帮我写投诉" in text


def test_a_paid_application_for_the_one_off_repair_is_a_scam():
    text = bubble("repair_paid_apply")
    assert text.startswith("不靠谱，是骗局") and "免费" in text and "不用申请" in text and "400" in text


def test_five_years_run_from_settlement_and_the_suit_stays_possible():
    text = bubble("delay_five_years")
    assert "5年是从欠款还清那天起算的" in text and "一直保留" in text
    assert "随时可以起诉" in text and "诉讼时效3年" in text and "重新计算" in text
    assert "花钱找人删除" not in text


def test_when_the_bank_sues_any_time_after_default_not_a_verdict_on_a_myth():
    text = bubble("lawsuit_when")
    assert text.startswith("没有固定的天数：逾期后银行随时可以提起民事诉讼") and "诉讼时效3年" in text
    assert "一般不成立" not in text and text.count("第一百八十八条") == 1  # each source once


def test_a_threat_of_jail_is_answered_overdue_itself_no_crime_and_a_complaint_item():
    text = bubble("jail_threat")
    assert "逾期本身不是犯罪" in text and "两次有效催收" in text and "5万元以上" in text
    assert "夸大法律后果" in text and "12378" in text and "22:00" not in text
    assert len(text) <= F.FIRST_BUBBLE_MAX


@pytest.mark.parametrize("intent", ["ask_negotiate_plan", "ask_for_relative", "inform"])
def test_a_relative_asking_to_negotiate_is_sent_to_the_banks_own_requirement(intent):
    found = answer("我能不能替她跟银行协商 还是要她本人", intent)
    assert found.id == "negotiate_for_relative"
    text = F.first_bubble(found)
    assert "以银行的要求为准" in text and "没有替她还款的义务" in text and "免费" in text


@pytest.mark.parametrize("text", ["听说欠2万会坐牢", "欠五万会坐牢吗", "我就剩下两千没还", "拖到2025年才还",
                                  "银行官网公告的催收机构名单", "催收一天打几次电话算违规"])
def test_nearby_questions_keep_their_own_answers(text):
    found = F.match(text, "ask_collection_harassment")
    assert found is None or found.id not in set(PROBES.values()) | {"negotiate_for_relative"}, (text, found.id)


def test_a_sum_owed_beside_the_repair_question_is_no_fee():
    # fresh-clone CI: 「…逾期了8000块…能享受那个一次性信用修复吗」 got the scam answer (8000块 read as a fee)
    found = F.match("我2025年逾期了8000块 今年6月份才还清的 能享受那个一次性信用修复吗", "ask_credit_report")
    assert found is None or found.id != "repair_paid_apply"
    assert F.match("信用修复要交500块靠谱吗", "ask_credit_report").id == "repair_paid_apply"
