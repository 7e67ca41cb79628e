"""What happens next: stages, 征信 code, the criminal threshold — with sources and certainty.

Facts come from actions.whatif.facts (case model or contract slots, this turn's hypothetical applied):
a hypothetical is said 「如果逾期40天」, never 「您逾期40天」. Several cards: the criminal threshold is
compared with the total principal (DOMAIN §4); unknown days → 「无法判断」, never "not met".
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import texts as x
from actions.common import bullet_lines, yuan
from actions.distress import distressed
from actions.finance_answers import FigureAction
from actions.whatif import Facts, facts
from bot import finance
from bot.finance.consequences import CRIMINAL_PRINCIPAL, UNKNOWN

CERTAINTY = {"law": "法律规定", "quoted": "监管文件", "practice": "通常做法"}
STATUS_MARK = {"met": "✔ 满足", "not_met": "✘ 不满足", "unknown": "？ 尚不确定"}


def stage_line(stage: Any) -> str:
    return f"【{stage.title}】{stage.text}（{CERTAINTY.get(stage.certainty, stage.certainty)}：{stage.source}）"


def condition_lines(criminal: Any, days_known: bool = True) -> str:
    lines = []
    for c in criminal.conditions:
        if c.key == "three_months" and not days_known:
            lines.append(f"{c.label}：{STATUS_MARK['unknown']}——不知道逾期多久，暂时无法判断")
        else:
            lines.append(f"{c.label}：{STATUS_MARK[c.status]}——{c.note}")
    return bullet_lines(lines)


def _days(f: Facts) -> int | None:
    days = [c.overdue_days for c in f.cards if c.overdue_days is not None]
    return max(days) if days and len(days) == len(f.cards) else None


def _principal(f: Facts) -> Decimal | None:
    """The total principal over every card (DOMAIN §4: several cards are compared as one total)."""
    return sum((c.principal for c in f.cards), Decimal(0)) if f.cards else None


def situation(f: Facts, days: int, principal: Decimal | None) -> str:
    owed = f"欠款{yuan(principal)}元" if principal else "欠款未知"
    if "overdue_days" in f.hypothetical or "debt_amount" in f.hypothetical:
        return x.CONSEQ_IF.format(days=days, owed=owed)
    return x.CONSEQ_YOU.format(days=days, owed=owed)


# words that ask for the whole picture (after distress the stages come only on request)
DETAIL_WORDS = ("详细", "具体", "每个阶段", "全部")


def asks_for_details(tracker: Tracker) -> bool:
    text = tracker.latest_message.get("text") or ""
    return any(word in text for word in DETAIL_WORDS)


class ActionExplainConsequences(FigureAction):
    topic = "consequences"
    answers_what_if = False

    def name(self) -> str:
        return "action_explain_consequences"

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> None:
        f = facts(tracker)
        days = _days(f)
        principal = _principal(f)
        if days is None:
            dispatcher.utter_message(response="utter_consequences_general")
            return
        banks = list(dict.fromkeys(c.bank for c in f.cards if c.bank))
        report = finance.consequences(days, principal or 0, bank=banks[0] if banks else None)
        current = [stage_line(s) for s in report.stages if s.status in ("current", "possible")]
        upcoming = [stage_line(s) for s in report.stages if s.status == "upcoming"]
        if principal:
            criminal = f"是否涉及刑事：{report.criminal.summary}"
        else:
            criminal = "是否涉及刑事：须本金5万元以上等四个条件同时满足；告诉我欠款本金可以逐条对照。"
        dispatcher.utter_message(
            response="utter_consequences_result",
            situation=situation(f, report.overdue_days, principal),
            bank_part=f"（{'、'.join(banks)}）" if banks else "",
            code=report.credit_code,
            code_text=report.credit_code_text,
        )
        if distressed(tracker) and not asks_for_details(tracker):
            # DOMAIN §7: after distress, no checklist nobody asked for; the details only on request
            dispatcher.utter_message(response="utter_consequences_after_distress")
            return
        dispatcher.utter_message(
            response="utter_consequences_details",
            current=bullet_lines(current) or "· 暂无",
            upcoming=bullet_lines(upcoming) or "· 暂无",
            criminal=criminal,
            myths=bullet_lines([f"“{m.myth}”——{m.correction}" for m in report.myths[:3]]),
        )


class ActionAnswerCriminalRisk(FigureAction):
    topic = "criminal"
    answers_what_if = False

    def name(self) -> str:
        return "action_answer_criminal_risk"

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> None:
        f = facts(tracker)
        principal = _principal(f)
        if not principal:
            dispatcher.utter_message(response="utter_criminal_general")
            return
        days = _days(f)
        report = finance.consequences(days if days is not None else 0, principal)
        criminal = report.criminal
        summary = criminal.summary
        # with the days unknown only the principal can rule it out; otherwise say 「无法判断」
        if days is None and principal >= CRIMINAL_PRINCIPAL:
            summary = finance.templates.CRIMINAL_SUMMARY[UNKNOWN]
        prefix = ""
        if len(f.cards) > 1:
            prefix = x.CRIMINAL_TOTAL.format(count=len(f.cards), total=yuan(principal))
        if f.hypothetical:
            prefix = situation(f, days or 0, principal) + "\n" + prefix
        dispatcher.utter_message(
            response="utter_criminal_result",
            summary=prefix + summary,
            conditions=condition_lines(criminal, days_known=days is not None),
            tier=(criminal.tier_text + "\n") if criminal.tier_text else "",
            mitigation=criminal.mitigation,
        )
