"""Legal audit of session 7 (helper audit23, 8 December 2026; bench/records/2026-12-08/audit-s7/legal_audit.md).

Every sentence a cardholder or an agent can be shown, read against /work/shared/DOMAIN.md (corrected December 2026).
Each test fails on main 26f3109: a certainty label that is not what the source is, a [practice] rule said without
通常/一般, a claim DOMAIN does not support said as certain, a crisis text without 「打不通…110或120」.
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from actions import texts as T
from bot import facts as F
from bot.finance import templates as t

ROOT = Path(__file__).resolve().parents[2]


def _responses() -> dict[str, str]:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    return {name: "\n".join(v.get("text", "") for v in variants)
            for name, variants in domain["responses"].items()}


def _short(answer_id: str) -> str:
    return next(a for a in F.answers() if a.id == answer_id).short


def _console() -> dict:
    return yaml.safe_load((ROOT / "bot/channels/console_scripts.yml").read_text(encoding="utf-8"))


# ---- certainty labels: what the source is (DOMAIN preamble; issue 23 item 10) ---------------------------------

def test_one_statute_one_label_the_revised_public_security_law_is_quoted():
    """DOMAIN §6 marks the revised 治安管理处罚法 [quoted]: channel_110 said 法律规定 beside police_threats' 权威报道."""
    labels = {f.key: f.certainty for f in F.all_facts().values() if "治安管理处罚法" in f.source}
    assert {"channel_110", "police_threats"} <= set(labels), labels
    assert set(labels.values()) == {"reported"}, labels
    assert F.cite(["channel_110"]).endswith("（权威报道）")


def test_a_source_marked_unverified_is_never_an_official_text():
    """12363's remit after the 2023 reform is unverified (DOMAIN §6): it was labelled 官方文件; 12378 beside it is
    named in DOMAIN with no official notice read either."""
    for fact in F.all_facts().values():
        if "未核实" in fact.source:
            assert fact.certainty not in ("official", "law"), fact.key
    assert F.fact("channel_12363").certainty == "reported"
    assert F.fact("channel_12378").certainty == "reported"


def test_the_enforcement_row_of_domain_is_quoted_throughout():
    """DOMAIN §3's enforcement row (限消 第三条, 失信 needs grounds, 限制出境) is [quoted]: 失信 was 法律规定."""
    for key in ("enforcement_limit", "enforcement_dishonest", "exit_ban"):
        assert F.fact(key).certainty == "reported", key


def test_undecidable_conditions_are_the_assistants_rule_not_the_interpretations():
    """「不知道的条件…不能当作不满足」 is how this assistant reads the four conditions (DOMAIN §4 tells the bot so);
    no article of the 2018 interpretation says it: never 法律规定."""
    fact = F.fact("criminal_unknown")
    assert fact.certainty == "service" and "司法解释" not in fact.source


def test_no_console_source_names_an_internal_file():
    """The agent sees the sources: 「（DOMAIN.md §7）」 under 通常做法 was the project's file, no source at all."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            if "text" in node and "certainty" in node and "DOMAIN" in str(node["text"]):
                found.append(node["text"])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(_console())
    assert not found, found
    distress = _console()["intents"]["express_distress"]["sources"]
    assert any("12356" in s["text"] and s["certainty"] == "reported" for s in distress), distress


# ---- claims DOMAIN does not support, or supports only as practice --------------------------------------------

def test_joint_marital_debt_is_said_with_its_hedge_and_who_decides():
    """民法典 第一千零六十四条 is not in DOMAIN.md (only the guideline's 债务相关第三人): said with 一般 and the court."""
    text = F.text("joint_marital_debt")
    assert "一般属于夫妻共同债务" in text and "法院认定" in text, text
    assert F.fact("joint_marital_debt").certainty == "reported"


def test_a_spouses_business_debt_is_not_declared_his_alone():
    """A business debt is joint when the business was run together or both signed (第一千零六十四条): 「就不算夫妻
    共同债务」 was certain where only 一般 holds."""
    short = _short("spouse_own_debt")
    assert "就不算夫妻共同债务" not in short, short
    assert "一般不算夫妻共同债务" in short and "一起经营" in short and "签字" in short and "法院" in short, short
    assert short.startswith("一般不用您还"), short


def test_no_text_says_every_bank_sets_a_floor_and_a_cap_on_the_late_fee():
    """DOMAIN §2's table: 中国银行 lists neither, most banks one of them: 「各行有最低和最高金额」 is overstated."""
    banks = yaml.safe_load((ROOT / "bot/finance/data/banks.yml").read_text(encoding="utf-8"))
    boc = banks["banks"]["中国银行"]
    assert boc["penalty_floor"]["value"] is None and boc["penalty_cap"]["value"] is None  # the ground of the test
    homes = [F.text("penalty_rule"), _short("penalty_not_compounded"), t.A_PROJ_PENALTY, T.PENALTY_BANK_LIMITS,
             _console()["intents"]["ask_penalty_fee"]["script"]]
    overstated = re.compile(r"各行(?:都)?(?:另)?有(?:最低(?:和|、)最高|上下限)")
    for text in homes:
        assert not overstated.search(text), text
        assert "最低或最高金额" in text, text


def test_the_12315_route_is_said_with_its_hedge_wherever_it_is_given():
    """DOMAIN has no 12315 route (truth2 H7 hedged the fact only): three answers still said it as a rule."""
    texts = [F.text("agency_victim_routes"), _short("agency_pay_more"), _short("mention_agency_to_bank"),
             _responses()["utter_agency_victim"]]
    for text in texts:
        for sentence in re.split(r"[。；\n]", text):
            if "12315" in sentence:
                assert re.search(r"一般(?:可以)?打12315", sentence), sentence


def test_the_minimum_payment_keeps_the_account_current_is_said_as_practice_everywhere():
    """DOMAIN §1 [practice]: paying the minimum keeps the account current and avoids 违约金 — 「通常/一般」 as in
    min_payment_effect; the 违约金 answer, the stop-loss answers and the what-if verdicts said it flat."""
    responses = _responses()
    homes = {
        "utter_penalty_result": responses["utter_penalty_result"],
        "utter_stop_loss_covered": responses["utter_stop_loss_covered"],
        "utter_stop_loss_not_overdue": responses["utter_stop_loss_not_overdue"],
        "WHATIF_MIN_ONLY_VERDICT": T.WHATIF_MIN_ONLY_VERDICT,
        "WHATIF_MIN_ONLY_VERDICT_OVERDUE": T.WHATIF_MIN_ONLY_VERDICT_OVERDUE,
        "WHATIF_COVERS_NOTE": T.WHATIF_COVERS_NOTE,
        "console ask_penalty_fee": _console()["intents"]["ask_penalty_fee"]["script"],
    }
    for name, text in homes.items():
        clauses = [c for c in re.split(r"[。；]", text)
                   if "最低" in c and re.search(r"不算逾期|不收违约金|不再收违约金", c)]
        assert clauses, name
        for clause in clauses:
            assert re.search(r"通常|一般", clause), (name, clause)


def test_the_short_collection_answer_does_not_forbid_every_contact_with_family():
    """A third party may be asked to pass a message on when the debtor is unreachable, and a spouse may be a 债务相关
    第三人 (DOMAIN §6): 「催收不能骚扰您的家人和单位」 overstated it, unlike the long answer (无关的人)."""
    short = _responses()["utter_collection_rights_short"]
    assert "骚扰您的家人" not in short and "无关的人" in short and "担保人" in short, short


def test_the_short_lawsuit_answer_says_civil_not_that_jail_is_impossible():
    """「不是坐牢的事」 denies any criminal exposure (恶意透支 can be one, DOMAIN §4); the long answer says 不是刑事案件."""
    short = _responses()["utter_lawsuit_short"]
    assert "坐牢" not in short and "民事纠纷，不是刑事案件" in short, short


# ---- care (DOMAIN §7; issue 23 item 11) ---------------------------------------------------------------------

def test_every_crisis_text_for_another_person_that_gives_the_lines_says_110_or_120_when_they_do_not_answer():
    """「每个 crisis text says so」: the texts for a father whose daughter cannot be reached gave 12356 and the 400
    line and nothing for when they ring out at night."""
    names = [n for n in dir(T) if n.startswith("CRISIS_OTHER") and isinstance(getattr(T, n), str)]
    with_lines = {n: getattr(T, n) for n in names if "12356" in getattr(T, n)}
    assert {"CRISIS_OTHER", "CRISIS_OTHER_AGAIN", "CRISIS_OTHER_CALLED", "CRISIS_OTHER_SAFE",
            "CRISIS_OTHER_HANDOFF"} <= set(with_lines), sorted(with_lines)
    for name, text in with_lines.items():
        assert "打不通" in text and T.CRISIS_LINES_MARK in text, name


# ---- a question found unanswered over REST during the audit ---------------------------------------------------

def test_a_seat_asked_after_a_train_question_gets_the_restriction_answer():
    """「逾期了会被限制坐高铁吗」 then 「那二等座也不能坐吗」 got the fallback menu: the verdict (逾期本身不会…) and
    the G-train rule (DOMAIN §3, 第三条); a judged debtor gets the seat-by-seat answer."""
    answer = F.match("那二等座也不能坐吗", "out_of_scope", "逾期了会被限制坐高铁吗")
    assert answer is not None and answer.id == "train_seat", answer
    assert "G字头高铁连二等座也不能坐" in answer.short and "逾期本身不会被限制消费" in answer.short
    judged = F.match("那二等座也不能坐吗", "out_of_scope", "法院判了 下了执行通知 还能坐高铁吗")
    assert judged is not None and judged.id == "enforced_travel", judged
    assert F.match("那二等座也不能坐吗", "out_of_scope", "") is None  # no train said: no guess
