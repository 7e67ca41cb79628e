"""The second legal audit of issue 23 (bench/records/2026-12-07/legal_audit_s2.md): each finding that was wrong,
overstated, inconsistent, missing its hedge or wrongly labelled, held at its one home. Each test failed on the
text of 7 December 2026 before the fix (finding numbers as in the audit)."""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
import yaml

from bot import facts as F
from bot.case import Case
from bot.channels import console_checks as cc
from bot.complaint import RULES, complaint_document, incident
from bot.finance import templates as t
from bot.finance.hardship import clean_reason
from bot.finance.plan import plan
from bot.nlu.case_update import update_case
from bot.nlu.reading import requests

ROOT = Path(__file__).resolve().parents[2]
RESPONSES = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["responses"]
TODAY = date(2026, 12, 7)


def response(name: str) -> str:
    return RESPONSES[name][0]["text"]


def short(answer_id: str) -> str:
    found = F.by_id(answer_id)
    assert found is not None, answer_id
    return found.short


# ---- A. facts (bot/facts.yml) --------------------------------------------------------------------------------

def test_a1_12363_is_named_for_credit_complaints_not_declared_to_serve_only_them():
    # DOMAIN §6: its remit after the 2023 reform is unverified — name it for 征信 complaints, never "only"
    assert "只用于" not in F.text("channel_12363") and "只用于" not in short("channel_12363")
    assert "征信方面的投诉" in F.text("channel_12363") and "工作日" in F.text("channel_12363")


def test_a2_the_minimum_payment_rule_is_said_as_practice():
    text = F.text("min_payment_effect")
    assert F.fact("min_payment_effect").certainty == "practice"
    assert "通常" in text and "领用合约" in text


def test_a3_overdue_does_more_than_touch_the_credit_report():
    assert "只影响" not in F.text("school_not_affected")


def test_a4_the_exit_ban_cites_what_domain_has_not_a_statute_it_does_not_name():
    exit_ban = F.fact("exit_ban")
    assert "民事诉讼法" not in exit_ban.source and exit_ban.certainty == "reported"


def test_a5_a_source_is_cited_only_for_what_it_says():
    # the guideline (self-regulation) says nothing about who owes; a rule under 「官方文件」 cites no guideline
    assert "指引" not in F.fact("relative_not_debtor").source
    for fact in F.all_facts().values():
        if fact.certainty == "official":
            assert "指引" not in fact.source, fact.key


def test_a6_a_route_domain_does_not_have_is_said_as_usual():
    assert re.search(r"一般.{0,4}12315", F.text("agency_victim_routes"))


def test_a7_what_the_assistant_keeps_is_its_own_handling_not_law():
    privacy = F.fact("privacy_kept")
    assert privacy.certainty == "service" and F.certainty_label("service") == "本助手的做法"
    assert "个人信息保护法" not in privacy.source


# ---- B. specific answers (bot/answers.yml) -------------------------------------------------------------------

def test_b1_leniency_excludes_only_two_earlier_punishments_for_card_fraud():
    # 2018 解释 第十条 (DOMAIN §4): 「曾因信用卡诈骗受过两次以上处罚」, not any two punishments
    assert "因信用卡诈骗受过两次以上处罚" in short("leniency_repay")


def test_b2_the_crackdown_targeted_anti_collection_not_only_forged_papers():
    assert "专门针对" not in short("false_material")
    assert "信用卡领域不正当反催收" in short("false_material")


def test_b3_the_no_new_card_promise_is_a_rule_of_the_measures_not_a_statute():
    assert "法定" not in short("new_card") and "第七十条" in short("new_card")


def test_b4_overdue_itself_is_never_restricted_consumption():
    assert short("limit_consumption").startswith("逾期本身不会被限制消费")


def test_b5_the_guideline_is_self_regulation_not_a_regulation():
    assert not short("calls_per_day").startswith("催收指引规定") and "行业自律" in short("calls_per_day")


# ---- C. responses (domain.yml) ---------------------------------------------------------------------------------

def test_c1_the_12378_script_never_states_a_complaint_the_person_did_not_make():
    script = response("utter_script_12378")
    before = script.split("我已经先向银行投诉过")[0]
    assert "先向银行投诉过的" in before[-20:], script


def test_c2_an_exit_ban_needs_an_enforceable_document_not_always_a_lawsuit():
    text = response("utter_exit_ban")
    assert "先要被起诉" not in text and "支付令等生效法律文书" in text


def test_c3_the_brief_collection_answer_names_the_guarantor_too():
    assert "本人和担保人" in response("utter_collection_rights_brief")


def test_c4_practice_rules_carry_their_hedge():
    assert "通常" in response("utter_min_payment_general") and "领用合约" in response("utter_min_payment_general")
    assert "通用规则" not in response("utter_unknown_bank") and "领用合约" in response("utter_unknown_bank")
    assert "未经您同意" in response("utter_collection_rights_short")


def test_c5_no_promise_of_no_new_fees_ever_and_no_claim_that_the_family_is_unrelated():
    assert "不会再产生新的违约金" not in response("utter_stop_loss")
    # a spouse may be a 债务相关第三人 (DOMAIN §6): the cardholder's script does not declare the family unrelated
    assert "这和他们无关" not in response("utter_script_collector")


# ---- D. the finance engine's texts (bot/finance/templates.py) -------------------------------------------------------

def test_d1_the_m1_stage_is_said_as_practice():
    m1 = next(stage for stage in t.STAGES if stage[0] == "m1")
    assert m1[4] == "practice" and "通常" in m1[2]


def test_d2_the_180_day_stop_of_fees_is_the_estimate_s_assumption_not_a_rule():
    # DOMAIN §2 has the stop, not the day: the text says the day is this estimate's assumption
    assert "假设" in t.A_PROJ_FEE_STOP and "不是规定" in t.A_PROJ_FEE_STOP


def test_d3_the_what_if_instalments_say_an_overdue_card_usually_cannot_take_a_bill_instalment():
    from actions import texts as x

    assert "已经逾期的卡一般办不了账单分期" in x.WHATIF_INSTALMENTS_NOTE


# ---- E. the staff console (bot/channels/console_*.yml, console_checks.py) ---------------------------------------

def test_e1_console_sources_are_labelled_as_what_they_are():
    scripts = cc.load_scripts()["intents"]
    for intent, entry in scripts.items():
        for source in entry.get("sources") or []:
            assert "DOMAIN.md" not in source["text"] or source["certainty"] != "official", intent
            if "指引" in source["text"]:
                assert source["certainty"] == "self_regulation", intent
    for rule in cc.load_forbidden_rules():
        if rule.certainty == "official" and "指引" in rule.source:
            assert "行业自律" in rule.source, rule.id
    assert set(cc.TAG_LABELS.values()) <= {"法律规定", "官方文件", "行业自律", "权威报道", "通常做法", "默认值"}


def test_e2_console_texts_carry_hedges_and_the_crisis_fallback():
    scripts = cc.load_scripts()["intents"]
    assert "打不通" in scripts["express_distress"]["script"]
    assert "一般按逾期天数" in scripts["ask_credit_report"]["script"]
    assert "间隔30天以上" in scripts["ask_criminal_risk"]["script"]


# ---- F. the complaint (bot/complaint.yml, bot/complaint.py) ----------------------------------------------------

def _complaint(*messages: str) -> str:
    return complaint_document(incident(list(messages)), "招商银行", TODAY).as_text()


def test_f1_a_visit_that_happened_is_checked_not_called_a_breach():
    # DOMAIN §6: two collectors in 8:00–22:00 may visit; 堵门, entering without consent and threats may not
    text = _complaint("他们昨天来我家了")
    assert "催收人员上门或到我的单位催收（“他们昨天来我家了”）。请贵行核实" in text
    assert "这违反了" not in text and "违规催收的投诉" not in text and "不符合" not in text
    assert RULES["visit"].verdict == "check"


def test_f2_blocking_the_door_is_a_breach():
    assert [a.kind for a in incident(["昨天来我家堵门"]).acts] == ["visit_block"]
    assert "这违反了" in _complaint("昨天来我家堵门")
    # announcing a 堵门 is a threat
    assert [a.kind for a in incident(["说明天来我家堵门"]).acts] == ["visit_threat"]


def test_f3_a_bank_reporting_to_the_police_is_checked_not_called_an_invented_consequence():
    found = incident(["说要把我移交公安"])
    assert [a.kind for a in found.acts] == ["police_report"]
    text = _complaint("说要把我移交公安")
    assert "编造“黑名单”或夸大法律后果" not in text and "请贵行核实：银行怀疑恶意透支可以依法报案" in text


def test_f4_the_complaint_states_no_report_to_the_police_the_person_did_not_make():
    assert "我已/将报警" not in RULES["violence"].rule
    assert "我已" not in _complaint("他对我动手了") and "我将报警（110）" not in RULES["violence"].rule


def test_f5_a_complaint_of_checks_only_asks_the_bank_to_check():
    text = _complaint("他们说要上门")
    assert text.startswith("关于招商银行信用卡催收行为的投诉")
    assert "请贵行核实是否符合" in text and "立即停止上述违规催收行为" not in text
    # one breach among them: the complaint says so
    both = _complaint("他们说要上门", "还骂我")
    assert both.startswith("关于招商银行信用卡违规催收的投诉") and "不符合" in both


# ---- G. the hardship sentence (bot/finance/hardship.py) --------------------------------------------------------

@pytest.mark.parametrize("raw, sentence", [("我工资少", "我工资少。"), ("收入少", "收入少。"),
                                           ("工资少了", "本人收入下降。"), ("收入减少了", "本人收入下降。")])
def test_g1_low_pay_is_not_a_fall_in_pay(raw, sentence):
    assert clean_reason(raw).sentence == sentence


# ---- H. item 3: 「查看全文」 typed, and 本金 recorded from chat ----------------------------------------------------

@pytest.mark.parametrize("text", ["查看全文", "看全文", "全文", "信的全文", "查看申请书全文", "看一下全文", "全文。"])
def test_h1_typed_full_text_is_the_button(text):
    from bot.nlu.components import _REQUEST_INTENTS

    assert requests(text).full_letter, text
    assert ("full_letter", "request_plan_draft") in _REQUEST_INTENTS


@pytest.mark.parametrize("text", ["全文是什么意思", "帮我做还款计划", "看看我的计划", "查看征信"])
def test_h2_other_words_are_no_full_text_request(text):
    assert not requests(text).full_letter, text


@pytest.mark.parametrize("text", ["本金3万 现在欠3万4", "欠了3万4，本金是3万", "招行欠3万4 其中本金3万"])
def test_h3_principal_and_owed_are_both_recorded(text):
    card = update_case(Case(), text).case.cards[0]
    assert (card.principal, card.amount) == (D(30000), D(34000))
    assert Case.from_slot(update_case(Case(), text).case.to_slot()).cards[0].principal == D(30000)


def test_h4_a_principal_alone_is_the_amount_and_the_principal():
    card = update_case(Case(), "本金3万").case.cards[0]
    assert (card.principal, card.amount) == (D(30000), D(30000))
    assert update_case(Case(), "招行欠两万五").case.cards[0].principal is None


def _letter_amount(case: Case) -> str:
    from actions.plan import debts_from

    result = plan(debts_from(case), monthly_income=3000, monthly_expenses=2000, today=TODAY)
    return next(line for line in result.letter.split("\n") if "截至" in line)


def test_h5_the_letter_says_which_figure_is_the_principal():
    both = _letter_amount(update_case(Case(), "招行本金3万 现在欠3万4").case)
    assert "约人民币34,000.00元（以贵行账务为准）" in both and "透支本金约30,000.00元" in both
    assert "其余约4,000.00元为利息、违约金等费用" in both
    only = _letter_amount(update_case(Case(), "招行本金3万").case)
    assert "欠款为人民币30,000.00元。该金额为本人所知的透支本金" in only
    owed = _letter_amount(update_case(Case(), "招行欠3万4").case)
    assert "约人民币34,000.00元（以贵行账务为准）" in owed and "透支本金" not in owed


def test_h6_a_partial_gap_with_a_known_principal_asks_to_waive_the_known_fees():
    from actions.plan import debts_from

    case = update_case(Case(), "招行本金3万 现在欠3万4").case
    result = plan(debts_from(case), monthly_income=3000, monthly_expenses=2500, today=TODAY)
    assert result.mode == "partial" and result.gap_kind == "fees"
    assert "减免利息、违约金及相关费用（约4,000.00元）" in result.letter
