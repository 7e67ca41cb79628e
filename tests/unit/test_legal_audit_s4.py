"""Legal audit of session 3's sentences (truth4, 7 December 2026; bench/records/2026-12-07/truth4/audit.md).

Each test fails on main b30a5b2. DOMAIN.md is the source of every fact and of its certainty marker.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot import facts as F
from bot.channels import console_checks as cc
from bot.finance import templates as t

ROOT = Path(__file__).resolve().parents[2]

# sources DOMAIN.md marks [quoted] (consistent quotes of an official text not read in its own words): shown as
# 权威报道, never 官方文件 nor 法律规定 (DOMAIN preamble; issue 23 item 10)
QUOTED = ("商业银行信用卡业务监督管理办法", "银发〔2016〕111号", "银发〔2020〕327号", "限制被执行人高消费",
          "2022年信用卡", "治安管理处罚法》（修订")
# statutes DOMAIN marks [law]: a source that also names one of them may keep 法律规定
LAW = ("民法典", "刑法", "征信业管理条例", "银行卡民事纠纷", "司法解释", "妨害信用卡管理")


def _console_sources() -> list[tuple[str, str]]:
    out = []
    scripts = yaml.safe_load((ROOT / "bot/channels/console_scripts.yml").read_text(encoding="utf-8"))

    def walk(node):
        if isinstance(node, dict):
            if "text" in node and "certainty" in node:
                out.append((str(node["text"]), str(node["certainty"])))
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(scripts)
    out += [(r.source, r.certainty) for r in cc.load_forbidden_rules()]
    return out


def _all_sources() -> list[tuple[str, str, str]]:
    rows = [(f"facts.yml:{f.key}", f.source, f.certainty) for f in F.all_facts().values()]
    rows += [(f"console:{s[:20]}", s, c) for s, c in _console_sources()]
    rows += [(f"templates:{key}", source, certainty) for key, _, _, source, certainty in t.STAGES]
    return rows


def test_a_quoted_source_is_never_labelled_an_official_text_or_law():
    wrong = []
    for where, source, certainty in _all_sources():
        if not any(q in source for q in QUOTED):
            continue
        if certainty == "official" or (certainty == "law" and not any(law in source for law in LAW)):
            wrong.append((where, certainty))
    assert not wrong, wrong


def test_the_template_sources_of_quoted_notices_say_reported():
    for text in (t.SOURCE_NO_INTEREST_ON_FEES, t.SOURCE_RATE_2021, t.SOURCE_INSTALLMENT_RULES):
        assert text.endswith("（权威报道）"), text
    assert F.cite(["collection_who"]).endswith("第六十八条（权威报道）")
    assert F.cite(["penalty_no_interest"]).endswith("（权威报道）")
    assert F.cite(["enforcement_limit"]).endswith("（权威报道）")
    # the one-off repair notice is [official-copy]: it stays 官方文件
    assert F.cite(["credit_repair_policy"]).endswith("（官方文件）")


def test_no_bubble_shows_official_for_article_68_or_70():
    answers = list(F.answers()) + [F.topic_answer(n) for n in F._answers()[1]]
    text = "\n".join(F.cite(a.cites) + F.details(a.facts) for a in answers)
    assert not re.search(r"第(六十八|七十)条[^；·\n]*[（，]官方文件）", text)


# ---- claims DOMAIN.md does not support, said as if it did (audit.md, answers.yml) -----------------------------


def _short(answer_id: str) -> str:
    return F.by_id(answer_id).short


def test_an_agencys_threat_is_a_threat_for_110_not_a_named_crime():
    text = _short("agency_extortion")
    assert "敲诈勒索" not in text and "涉嫌" not in text  # DOMAIN names no offence for it
    assert "这是威胁" in text and "110" in text and "派出所" in text
    assert F.by_id("agency_extortion").cites[0] == "police_threats"


def test_what_to_bring_to_the_police_is_hedged_and_left_to_the_police():
    text = _short("police_materials")
    assert text.startswith("一般") and "以派出所的要求为准" in text
    assert "收款账号" not in text


def test_a_police_scare_is_called_what_the_guideline_calls_it():
    answer = F.by_id("police_scare")
    assert "违规催收" not in answer.short and "行业自律的催收指引不允许" in answer.short
    assert "行业自律" in F.cite(answer.cites) and "法律规定" in F.cite(answer.cites)


def test_unanswered_calls_are_no_presumption_of_intent():
    answer = F.by_id("not_answer_calls")  # one row with fix4's former bank_calls_unanswered
    # DOMAIN §4: intent is presumed from fleeing or changing contacts, never from calls not answered
    assert "可能被看作逃避催收" not in answer.short and "对您不利" not in answer.short
    assert "有助于表明您没有逃避催收的意思" in answer.short
    assert answer.facts[0] == "intent_rule"


def test_calls_that_cost_sleep_get_the_rules_not_a_verdict_on_unknown_calls():
    text = _short("calls_health")
    assert "这样打不合规" not in text and "同一个号码" not in text
    assert "同一个联系方式" in text and "没接通" in text and "不宜超过6次" in text and "22:00至次日8:00" in text


def test_the_agreed_rate_says_no_more_than_domain():
    assert "合同、账单等处" not in F.text("rate_agreed") and "醒目展示年化利率" in F.text("rate_agreed")


# ---- [practice] rules said without their hedge, grace forgotten, a promise not made (actions/texts.py) ---------


def test_paying_the_minimum_on_time_is_said_as_practice():
    from actions import texts as x

    # DOMAIN §1 [practice]: paying the minimum keeps the account current — 「通常/一般」
    assert "通常不算逾期" in x.MIN_STATUS_ON_TIME and "一般显示正常（N）" in x.MIN_STATUS_ON_TIME
    assert "通常不收违约金" in t.A_MIN_ONLY_NO_PENALTY and "一般显示正常（N）" in t.A_MIN_ONLY_NO_PENALTY


def test_the_overdue_minimum_text_keeps_the_grace_days():
    from actions import texts as x

    # DOMAIN §1: every text says the same about grace — paying within it is treated as on time
    assert "容时期" in x.MIN_STATUS_OVERDUE
    assert "只有在到期还款日前还足" not in x.MIN_STATUS_OVERDUE


def test_the_goodwill_script_says_today_only_when_the_person_did():
    from actions.scripts import goodwill
    from bot.case import Case, Card

    case = Case(cards=(Card(bank="招商银行"),))
    said = goodwill(case, ["我钱够 就是忘了 差400 想让他们免违约金"])
    assert said is not None and said["when"] == "会尽快还上" and said["shortfall"] == "400"
    today = goodwill(case, ["我钱够 想今天补上400 让他们免违约金别报征信"])
    assert today is not None and today["when"] == "今天就还上"


# ---- the complaint asks for no more than the person reported (probe D05, issue 23 item 3) ----------------------


def test_no_third_party_demand_when_no_third_party_was_named():
    from datetime import date

    from bot.complaint import complaint_document, incident

    alone = complaint_document(incident(["催收天天打我电话 还骂我"]), "招商银行", date(2026, 12, 7)).as_text()
    assert "第三人" not in alone
    assert "我的请求：一、立即停止上述违规催收行为；二、核实催收人员及所属机构" in alone
    told = complaint_document(incident(["催收骂我", "还告诉了我同事"]), "招商银行", date(2026, 12, 7)).as_text()
    assert "二、不再联系与欠款无关的第三人" in told
    threat = complaint_document(incident(["催收说要让邻居都知道"]), "招商银行", date(2026, 12, 7)).as_text()
    assert "不再联系与欠款无关的第三人" in threat


# ---- the partial plan's notes on a principal basis (issue 23 item 4; REST trial c04: 本金10万, 500 a month) -------


def test_a_principal_gap_is_never_said_to_be_closed_by_waiving_fees():
    from datetime import date
    from decimal import Decimal

    from bot.finance.plan import plan

    result = plan([{"bank": "招商银行", "amount": "100000", "principal": True}],
                  monthly_income=Decimal("3000"), monthly_expenses=Decimal("2500"),
                  monthly_budget=Decimal("2000"), today=date(2026, 12, 7))
    notes = "\n".join(result.notes)
    assert result.mode == "partial"
    assert "更容易协商" not in notes and "协商减免约" not in notes
    assert "减免利息、违约金补不上" in notes and "还差约70,000.00元" in notes


@pytest.mark.parametrize("question", ["怎么让他们别再打我电话", "怎样才能让催收不打我电话", "如何让他们不再打给我妈",
                                      "有什么办法让他们别打了", "咋让他们别骂我"])
def test_a_how_question_never_enters_the_complaints_account(question):
    from bot.complaint import incident

    found = incident(["我儿子欠了招行的钱 催收天天打我电话", question])
    assert all(question not in line for line in found.account), found.account
    assert len(found.account) == 1, found.account  # the report only


@pytest.mark.parametrize("intent", ["out_of_scope", "ask_collection_harassment", "ask_for_relative"])
@pytest.mark.parametrize("text", ["怎么让他们别再打我电话", "怎样才能让催收不打我电话", "让他们别再打了 有什么办法"])
def test_how_to_stop_the_calls_has_an_answer(text, intent):
    found = F.match(text, intent)
    assert found is not None and found.id == "stop_calls_how", (text, found and found.id)
    assert "我不是债务人" in found.short and "12378" in found.short and "22:00至次日8:00" in found.short
    assert "第六十八条（权威报道）" in F.cite(found.cites) and "行业自律" in F.cite(found.cites)


# ---- a contact DOMAIN allows in some cases is checked, not called a breach (issue 23 item 3, probe E07) ---------


def _complaint(messages):
    from datetime import date

    from bot.complaint import complaint_document, incident

    return complaint_document(incident(messages), "中信银行", date(2026, 12, 7)).as_text()


def test_a_spouse_called_is_asked_to_be_checked_not_declared_a_breach():
    text = _complaint(["我老公中信信用卡逾期了 催收天天打我电话"])
    line = next(p for p in text.split("\n") if p.startswith("一、向持卡人以外的人"))
    assert "请贵行核实" in line and "这违反了" not in line and "债务相关第三人除外" in line
    assert "不是这笔欠款的债务人" not in text
    own = _complaint(["催收打电话给我老婆 说我欠钱不还"])
    assert "这违反了《商业银行信用卡业务监督管理办法》（2011）第六十八条（只能向债务人和担保人催收）" not in own


def test_a_parent_called_when_the_son_could_not_be_reached_is_checked():
    text = _complaint(["我儿子欠了中信的钱 他们联系不上他 就天天打我电话"])
    line = next(p for p in text.split("\n") if p.startswith("一、向持卡人以外的人"))
    assert "请贵行核实" in line and "这违反了" not in line


def test_a_colleague_told_of_the_debt_stays_a_breach():
    text = _complaint(["催收打电话给我同事 说我欠钱不还"])
    line = next(p for p in text.split("\n") if "向持卡人以外的人" in p and p[1] == "、")
    assert "这违反了" in line


def test_the_delay_whatif_at_exactly_50000_says_reached_not_exceeded():
    from actions import texts as x

    # 刑法第196条 / 2018 解释: 5万元以上 — 50,000 itself is 数额较大, so 「达到」, never 「超过」
    for text in (x.WHATIF_DELAY_CRIMINAL_CROSSED, x.WHATIF_DELAY_CRIMINAL_ALREADY):
        assert "达到5万元" in text and "超过5万元" not in text


def test_a_practice_that_is_no_card_term_does_not_send_people_to_the_contract():
    # probe s3 #21: 「投诉实践（通常做法，以领用合约为准）」 — the 领用合约 says nothing about where to complain
    for key in ("channel_bank", "agency_victim_routes", "keep_evidence", "summons_check", "agency_risks"):
        assert F.cite([key]).endswith("（通常做法）"), key
        assert "领用合约" not in F.details([key]), key
    # a card term keeps the advice
    assert F.cite(["grace"]).endswith("（通常做法，以领用合约为准）")
    assert F.cite(["min_payment_effect"]).endswith("（通常做法，以领用合约为准）")


def test_the_stop_loss_answer_covers_the_minimum_and_its_fee():
    # REST c12 (issue 23 item 13): 「上期账单应还5000 最低还款500 我只还了200 … 现在还多少才不算逾期」 got the stop-loss
    # figure and then an unasked 12-month min-payment projection with 「不算逾期，征信显示正常（N）」
    from bot import topics as registry

    assert {"stop_loss", "min_payment", "penalty"} <= set(registry.topic("stop_loss").covers)


def test_a_relative_is_not_told_of_a_workplace_visit_nobody_mentioned():
    # probe E07 #2: 「更不能到您单位催收」 to a father who had said nothing of his workplace
    text = _short("relative_collection")
    assert "单位催收" not in text and "不能找您要钱" in text


def test_a_fake_police_threat_is_named_as_the_guidelines_rule_and_cited_so():
    answer = F.by_id("fake_police_threat")
    assert "属于违规" not in answer.short and "行业自律的催收指引不允许" in answer.short
    assert "（行业自律）" in F.cite(answer.cites)


def test_survivors_of_the_goodwill_mutation_run():
    from decimal import Decimal

    from actions import texts as x
    from actions.scripts import goodwill
    from bot.case import Case, Card

    ask = ["钱够 想让他们免违约金"]
    # the bank named, no shortfall said: a blank, and no 「是我忘了」 unless said
    said = goodwill(Case(cards=(Card(bank="招商银行"),)), ask)
    assert said == {"bank": "招商银行", "shortfall": x.SCRIPT_BLANK, "why": "", "when": "会尽快还上"}
    # a minimum known but nothing paid is no partial payment (no crash, the shortfall as said)
    unpaid = goodwill(Case(cards=(Card(bank="招商银行", min_payment=Decimal("1000")),)), ["钱够 差300 想免违约金"])
    assert unpaid is not None and unpaid["shortfall"] == "300"
    # the minimum paid in full is no shortfall of 0
    full = Card(bank="招商银行", min_payment=Decimal("1000"), paid=Decimal("1000"))
    assert goodwill(Case(cards=(full,)), ["想免违约金"]) is None
    part = Card(bank="招商银行", min_payment=Decimal("1000"), paid=Decimal("600"))
    assert goodwill(Case(cards=(part,)), ["想免违约金"])["shortfall"] == "400"
    one = Card(bank="招商银行", min_payment=Decimal("1000"), paid=Decimal("1"))
    assert goodwill(Case(cards=(one,)), ["想免违约金"])["shortfall"] == "999"
    # a word of hardship beside the waiver, or no waiver asked: never the goodwill script
    assert goodwill(Case(cards=(part,)), ["我还不上 想免违约金"]) is None
    assert goodwill(Case(cards=(Card(bank="招商银行"),)), ["钱够 今天补上"]) is None


def test_folded_yaml_text_keeps_only_the_spaces_between_latin_words():
    # bot/facts.py _clean: every mutant survived the mutation run (the catalogue is read once, behind a cache)
    assert F._clean("甲 乙\n  丙 abc  def，见 12378 热线") == "甲乙丙 abc def，见 12378 热线"
    assert F._clean(12378) == "12378"
