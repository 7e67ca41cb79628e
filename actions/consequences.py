"""What happens next: stages, 征信 code, the criminal threshold — with sources and certainty."""
from __future__ import annotations

from decimal import ROUND_HALF_UP
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import bullet_lines, slot_decimal, yuan
from actions.finance_answers import first_bank
from bot import finance

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


class ActionExplainConsequences(Action):
    def name(self) -> str:
        return "action_explain_consequences"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        days = slot_decimal(tracker, "overdue_days")
        principal = slot_decimal(tracker, "debt_amount")
        if days is None:
            dispatcher.utter_message(response="utter_consequences_general")
            return []
        report = finance.consequences(
            int(days.to_integral_value(rounding=ROUND_HALF_UP)),
            principal if principal is not None and principal > 0 else 0,
            bank=first_bank(tracker),
        )
        current = [stage_line(s) for s in report.stages if s.status in ("current", "possible")]
        upcoming = [stage_line(s) for s in report.stages if s.status == "upcoming"]
        if principal is not None and principal > 0:
            criminal = f"是否涉及刑事：{report.criminal.summary}"
        else:
            criminal = "是否涉及刑事：须本金5万元以上等四个条件同时满足；告诉我欠款本金可以逐条对照。"
        dispatcher.utter_message(
            response="utter_consequences_result",
            days=report.overdue_days,
            principal=yuan(principal) if principal else "未知",
            bank_part=f"（{report.bank}）" if first_bank(tracker) else "",
            code=report.credit_code,
            code_text=report.credit_code_text,
            current=bullet_lines(current) or "· 暂无",
            upcoming=bullet_lines(upcoming) or "· 暂无",
            criminal=criminal,
            myths=bullet_lines([f"“{m.myth}”——{m.correction}" for m in report.myths[:3]]),
        )
        return []


class ActionAnswerCriminalRisk(Action):
    def name(self) -> str:
        return "action_answer_criminal_risk"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        principal = slot_decimal(tracker, "debt_amount")
        if principal is None or principal <= 0:
            dispatcher.utter_message(response="utter_criminal_general")
            return []
        days = slot_decimal(tracker, "overdue_days")
        report = finance.consequences(
            int(days.to_integral_value(rounding=ROUND_HALF_UP)) if days is not None else 0, principal,
            bank=first_bank(tracker),
        )
        criminal = report.criminal
        dispatcher.utter_message(
            response="utter_criminal_result",
            summary=criminal.summary,
            conditions=condition_lines(criminal, days_known=days is not None),
            tier=(criminal.tier_text + "\n") if criminal.tier_text else "",
            mitigation=criminal.mitigation,
        )
        return []
