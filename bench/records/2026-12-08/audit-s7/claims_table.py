"""Writes the claims table of legal_audit.md (audit s7): every legal/factual home a cardholder or an agent is shown,
one row each, with the verdict of the audit (FINDINGS below; every other row was read and found right or a
listed gap). Run from the worktree root: python bench/records/2026-12-08/audit-s7/claims_table.py > table.md"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[4]
sys.path.insert(0, str(ROOT))

from actions import texts as T  # noqa: E402
from bot import facts as F  # noqa: E402
from bot.finance import templates as t  # noqa: E402

C1, C2, C3 = "10de193", "64206f2", "1974850"
# (home, key) -> (verdict, before → after / note, fix commit)
FINDINGS = {
    ("facts", "channel_110"): ("label", "法律规定 → 权威报道 (same statute as police_threats, DOMAIN §6 [quoted])", C1),
    ("facts", "channel_12363"): ("label", "官方文件 → 权威报道 (remit unverified, DOMAIN §3/§6)", C1),
    ("facts", "channel_12378"): ("label", "官方文件 → 权威报道 (DOMAIN §6 names the line, no notice read)", C3),
    ("facts", "enforcement_dishonest"): ("label", "法律规定 → 权威报道 (DOMAIN §3 enforcement row is [quoted])", C1),
    ("facts", "criminal_unknown"): ("label", "法律规定 (2018 解释) → 本助手的做法: no article says it", C1),
    ("facts", "penalty_rule"): ("overstated", "「各行有最低和最高金额」 → 「不少银行另设最低或最高金额」 (中国银行 neither)", C1),
    ("facts", "joint_marital_debt"): ("gap", "民法典1064 not in DOMAIN: kept (accurate), 一般 + 「有争议的由法院认定」, 权威报道", C1),
    ("answers", "agency_pay_more"): ("hedge", "「服务费纠纷打12315」 → 「一般可以打12315」", C1),
    ("answers", "mention_agency_to_bank"): ("hedge", "「服务费纠纷打12315」 → 「一般可以打12315」", C1),
    ("answers", "spouse_own_debt"): ("overstated", "「就不算夫妻共同债务」 → 一般; 共同经营/签字 exceptions; 法院认定", C1),
    ("answers", "penalty_not_compounded"): ("overstated", "「各行有上下限」 → 「不少银行另设最低或最高金额」", C1),
    ("answers", "limit_consumption"): ("gap", "「那二等座也不能坐吗」 after it got the menu: new `train_seat` answer", f"{C2}, {C3}"),
    ("domain", "utter_agency_victim"): ("hedge", "「打12315」 → 「一般可以打12315」", C1),
    ("domain", "utter_penalty_result"): ("hedge", "「按时还足最低还款额就不收违约金」 → 「一般不收」 (as min_payment_effect)", C1),
    ("domain", "utter_stop_loss_covered"): ("hedge", "「不算逾期，不收违约金」 → 「通常…（以账单为准）」", C1),
    ("domain", "utter_stop_loss_not_overdue"): ("hedge", "「就不算逾期、不收违约金」 → 「通常…（以领用合约为准）」", C1),
    ("domain", "utter_collection_rights_short"): ("overstated", "「不能骚扰您的家人和单位」 → 本人和担保人; 无关的人 (spouse may be 债务相关第三人)", C1),
    ("domain", "utter_lawsuit_short"): ("overstated", "「不是坐牢的事」 → 「不是刑事案件」", C1),
    ("texts", "WHATIF_MIN_ONLY_VERDICT"): ("hedge", "「按时还上最低还款额不算逾期」 → 「，通常不算逾期…（以领用合约为准）」", C1),
    ("texts", "WHATIF_MIN_ONLY_VERDICT_OVERDUE"): ("hedge", "same", C1),
    ("texts", "WHATIF_COVERS_NOTE"): ("hedge", "「还了最低不再收违约金」 → 「一般不再收…」", C1),
    ("texts", "PENALTY_BANK_LIMITS"): ("overstated", "「各行另有最低、最高金额」 → 「不少银行另有最低或最高金额」", C1),
    ("texts", "CRISIS_OTHER_AGAIN"): ("inconsistent", "lines without 「打不通就拨110或120」 (DOMAIN §7: every crisis text)", C1),
    ("texts", "CRISIS_OTHER_CALLED"): ("inconsistent", "same", C1),
    ("texts", "CRISIS_OTHER_SAFE"): ("inconsistent", "same", C1),
    ("texts", "CRISIS_OTHER_HANDOFF"): ("inconsistent", "same", C1),
    ("templates", "A_PROJ_PENALTY"): ("overstated", "「各行有最低、最高金额」 → 「不少银行另设最低或最高金额」", C1),
    ("console", "ask_penalty_fee"): ("overstated + hedge", "floor/cap for every bank; 「按时还足最低还款额就不收违约金」 → 一般", C1),
    ("console", "express_distress"): ("label", "source 「先关心、后谈欠款（DOMAIN.md §7）」 通常做法 → the lines, 权威报道", C1),
}
# listed gaps: right in substance, not in DOMAIN.md, kept as they are (hedged where they are rules)
GAPS = {
    ("facts", "credit_objection"): "「免费」 (DOMAIN §3 has the route and 20 days, not the fee)",
    ("facts", "agency_victim_routes"): "12315 / 市场监管 (issue 23 item 15; said with 一般)",
    ("facts", "relative_not_debtor"): "joint debt named beside 第六十八条 (issue 23 item 14)",
    ("texts", "CRISIS_DEATH_DEBT"): "heirs pay within the estate (民法典 第1161条), said with 通常/一般",
    ("texts", "WHATIF_PAY_NOW_FEES"): "repayment allocation order (通常, 以银行规定为准)",
    ("answers", "ignore_summons"): "缺席判决 (一般)",
    ("answers", "credit_check_report"): "where to get the report",
    ("answers", "blacklist_myth"): "征信里没有“黑名单”",
}

SECTION = [
    (r"criminal|intent|leniency|bank_may_report|CRIMINAL|illegal_possession|effective_collection|several_cards|"
     r"avoid_criminal|repay_part|shows_no_intent|jail|auto_transfer|police_scare|fake_police", "§4"),
    (r"credit|repair|REPAIR|political_review|family_credit|relative_own_credit|delay_five", "§3 征信"),
    (r"enforce|exit|limit_consumption|dishonest|school|court|lawsuit|limitation|summons|judged|settle|"
     r"ignore|train|seat|mediation|lawsuit_short|enforced", "§3 suit/enforcement"),
    (r"guideline|collection|visit|calls|night|contacts|door|threats|disclose|colleagues|workplace|"
     r"police|privacy|keep_evidence|record_calls|evidence|agency_on_list|stop_calls|relative|spouse|family|"
     r"joint|for_relative|channel|complaint|12378|12363|outsourced|limit_cut", "§6"),
    (r"plan|agency|tingxi|bank_refuses|bank_may_agree|max_periods|documents|new_card|lost_job|oral|still_collecting|"
     r"principal_only|nothing_to_spare|truthful|false_material|other_debt|split_budget|which_card|negotiate|"
     r"third_party|anti_collection|SCRIPT|WHATIF_INSTALMENTS|WHATIF_BUDGET", "§5"),
    (r"CRISIS|distress|crisis", "§7"),
    (r"penalty|fee_cap|rate_cap|PENALTY|A_PROJ", "§2"),
    (r"grace|GRACE|tolerance|interest|min_payment|MIN|rate_agreed|cash|quxian|installment|fenqi|paid_part|accrual|"
     r"why_still|WHATIF|stop_loss|STOP_LOSS|utter_interest|SHORT_MIN", "§1"),
]


def section(key: str) -> str:
    for pattern, name in SECTION:
        if re.search(pattern, key):
            return name
    return "—"


def clip(text: str, n: int = 46) -> str:
    text = re.sub(r"\s+", "", text).replace("|", "／")
    return text[:n] + ("…" if len(text) > n else "")


def rows():
    for fact in F.all_facts().values():
        yield "facts", fact.key, fact.text, f"{F.fact_label(fact)}"
    for a in F.answers():
        yield "answers", a.id, a.short, ""
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    legal = ("utter_distress", "utter_crisis_thanks", "utter_credit_report", "utter_lawsuit", "utter_collection_rights",
             "utter_complaint_channel", "utter_third_party_warning", "utter_negotiate_plan", "utter_unknown_bank",
             "utter_interest_daily", "utter_interest_general", "utter_consequences_general", "utter_criminal_general",
             "utter_penalty_result", "utter_min_payment_result", "utter_installment_details",
             "utter_credit_report_brief", "utter_collection_rights_brief", "utter_complaint_channel_brief",
             "utter_lawsuit_brief", "utter_negotiate_plan_brief", "utter_credit_report_short", "utter_lawsuit_short",
             "utter_collection_rights_short", "utter_complaint_channel_short", "utter_negotiate_plan_short",
             "utter_consequences_general_short", "utter_criminal_general_short", "utter_distress_short",
             "utter_crisis_lines", "utter_crisis_goodbye", "utter_script_collector", "utter_script_collector_checks",
             "utter_script_bank_call_confirm", "utter_script_12378", "utter_exit_ban", "utter_for_relative",
             "utter_agency_victim", "utter_privacy", "utter_bank_phone", "utter_stop_loss", "utter_stop_loss_figures",
             "utter_stop_loss_covered", "utter_stop_loss_not_overdue", "utter_min_payment_general",
             "utter_installment_overdue", "utter_handoff_recorded")
    for name in legal:
        yield "domain", name, domain["responses"][name][0]["text"], ""
    for name in sorted(n for n in dir(T) if n.isupper() and isinstance(getattr(T, n), str)
                       and re.search(r"逾期|违约金|征信|犯罪|恶意透支|坐牢|起诉|限制|容时|12356|110|最低还款|最高|个性化分期|担保|遗产", getattr(T, n))):
        yield "texts", name, getattr(T, name), ""
    for name in sorted(n for n in dir(t) if n.isupper() and isinstance(getattr(t, n), str)
                       and re.search(r"违约金|容时|征信|计息|分期|法院|第七十条|停息|催收", getattr(t, n))
                       and not n.startswith(("L_", "SCHEDULE", "PLAN_DOC", "HARDSHIP", "PAYMENT"))):
        yield "templates", name, getattr(t, name), ""
    for key, title, text, _, certainty in t.STAGES:
        yield "templates", f"STAGES.{key}", text, F.certainty_label(certainty)
    for key, myth, correction, _, certainty in t.MYTHS:
        yield "templates", f"MYTHS.{key}", f"{myth}——{correction}", F.certainty_label(certainty)
    console = yaml.safe_load((ROOT / "bot/channels/console_scripts.yml").read_text(encoding="utf-8"))
    for name, body in console["intents"].items():
        if body.get("sources"):
            labels = "、".join(F.certainty_label(s["certainty"]) for s in body["sources"])
            yield "console", name, body["script"], labels
    complaint = yaml.safe_load((ROOT / "bot/complaint.yml").read_text(encoding="utf-8"))
    for name, rule in complaint["rules"].items():
        yield "complaint", name, f"{rule['act']}：{rule['rule']}", rule.get("verdict", "breaks")


def main() -> None:
    counts: dict[str, int] = {}
    print("| # | home | key | claim (as shown today, start) | DOMAIN | verdict | what was wrong → fix | commit |")
    print("|---|---|---|---|---|---|---|---|")
    for i, (home, key, text, label) in enumerate(rows(), 1):
        verdict, note, commit = FINDINGS.get((home, key), ("right", "", ""))
        if verdict == "right" and (home, key) in GAPS:
            verdict, note = "gap (kept)", GAPS[(home, key)]
        counts[verdict] = counts.get(verdict, 0) + 1
        shown = clip(text) + (f" 〔{label}〕" if label else "")
        print(f"| {i} | {home} | `{key}` | {shown} | {section(key)} | {verdict} | {note} | {commit} |")
    print()
    print("Verdict counts of this table: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))


if __name__ == "__main__":
    main()
