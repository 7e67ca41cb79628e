"""First-bubble length of each answer type (issue 12): characters of the first message a cardholder sees.

Run from the repository root:  .venv/bin/python -m bench.first_bubble [--json bench/results/first_bubble.json]

Offline and deterministic: each question of QUESTIONS is given to the action (or response) that
data/rules.yml's rule "answer <intent>" names, with the question's intent as classified label (the
classifier is measured by bench/accuracy.py), a fresh conversation, and the facts listed with it. The
first message is rendered from domain.yml with its parameters, as Rasa renders it. The same script runs on
an older checkout of the repository (it reads that checkout's rules, domain and actions), which gives the
"before" figures of bench/RESULTS.md.

The answer type of a question is its intent, and, for the issue-12 advice questions, ``specific``:
the median over the questions of a type is printed, then the median over all.
"""
from __future__ import annotations

import argparse
import asyncio
import importlib
import inspect
import json
import pkgutil
import statistics
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path.cwd()
BASE = {"bank": "招商银行", "debt_amount": 25000.0, "overdue_days": 45.0}

# (answer type, intent, text, slots). The specific questions are the advice questions of issue 12
# (a summons, 限消 and school, calls a day, an oral agreement, not answering, 反催收, 征信修复 …).
QUESTIONS: list[tuple[str, str, str, dict[str, Any]]] = [
    ("interest", "ask_interest", "招行欠了两万五，逾期45天，利息多少", BASE),
    ("interest_general", "ask_interest", "信用卡逾期利息怎么算", {}),
    ("penalty", "ask_penalty_fee", "违约金怎么算", BASE),
    ("min_payment", "ask_min_payment", "只还最低还款会怎样", BASE),
    ("grace", "ask_grace_period", "宽限期有几天", {"bank": "招商银行"}),
    ("installment", "ask_installment", "账单分期手续费多少", {}),
    ("consequences", "ask_consequences", "逾期45天会怎样", BASE),
    ("consequences_general", "ask_consequences", "信用卡逾期会有什么后果", {}),
    ("criminal", "ask_criminal_risk", "欠6万会坐牢吗", {"debt_amount": 60000.0}),
    ("criminal_general", "ask_criminal_risk", "信用卡逾期会坐牢吗", {}),
    ("credit_report", "ask_credit_report", "逾期会上征信吗", {}),
    ("collection", "ask_collection_harassment", "催收太过分了怎么办", {}),
    ("complaint", "ask_complaint_channel", "去哪里投诉", {}),
    ("lawsuit", "ask_lawsuit", "银行会起诉我吗", {}),
    ("negotiate", "ask_negotiate_plan", "怎么跟银行协商还款", {}),
    ("agency", "ask_third_party_agency", "找中介靠谱吗", {}),
    ("specific", "ask_lawsuit", "收到法院传票怎么知道是不是真的", {}),
    ("specific", "ask_consequences", "信用卡逾期会影响孩子上学吗", {}),
    ("specific", "ask_lawsuit", "被限消了孩子还能上私立学校吗", {}),
    ("specific", "ask_collection_harassment", "催收一天打几次电话算违规", {}),
    ("specific", "ask_negotiate_plan", "电话里和银行谈好的分期算数吗", {}),
    ("specific", "ask_negotiate_plan", "签了分期协议银行还在催收怎么办", {}),
    ("specific", "ask_collection_harassment", "不接银行的催收电话会怎么样", {}),
    ("specific", "ask_third_party_agency", "反催收服务靠谱吗", {}),
    ("specific", "ask_third_party_agency", "征信修复是真的吗", {}),
    ("specific", "ask_credit_report", "逾期记录多久能消除", {}),
    ("specific", "ask_criminal_risk", "如果我全部还清了还会被起诉吗", {}),
    ("specific", "ask_complaint_channel", "12363是干什么的", {}),
    ("specific", "ask_collection_harassment", "催收打电话给我爸妈合法吗", {}),
    ("specific", "ask_criminal_risk", "催收说要把我的案子移交公安是真的吗", {}),
    ("specific", "ask_lawsuit", "逾期会被限制高消费吗", {}),
    ("specific", "ask_negotiate_plan", "停息挂账一定能停息吗", {}),
]


def _answer_of(rules: dict, intent: str) -> str:
    for rule in rules.get("rules") or []:
        steps = rule.get("steps") or []
        if not rule.get("condition") and len(steps) >= 2 and steps[0].get("intent") == intent:
            return steps[1]["action"]
    raise KeyError(intent)


def _actions() -> dict[str, Any]:
    from rasa_sdk import Action

    import actions

    found = {}
    for info in pkgutil.iter_modules(actions.__path__):
        module = importlib.import_module(f"actions.{info.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Action) and cls is not Action and not inspect.isabstract(cls):
                try:
                    found[cls().name()] = cls
                except Exception:  # noqa: BLE001 - helpers without a name
                    continue
    return found


def _render(domain: dict, message: dict) -> str:
    if message.get("text"):
        return str(message["text"])
    variants = domain["responses"][message["response"]]
    template = next(v for v in variants if "channel" not in v)["text"]
    params = {k: v for k, v in message.items() if isinstance(v, (str, int, float))}
    return template.format(**params)


def _tracker(domain: dict, text: str, intent: str, slots: dict[str, Any]):
    from rasa_sdk import Tracker

    all_slots = {name: None for name in domain["slots"]}
    all_slots.update(slots)
    latest = {"text": text, "intent": {"name": intent, "confidence": 1.0},
              "intent_ranking": [{"name": intent, "confidence": 1.0}], "entities": []}
    events = [{"event": "user", "text": text, "parse_data": latest, "input_channel": "rest"}]
    return Tracker("bench", all_slots, latest, events, False, None, {}, "action_listen")


async def first_bubbles() -> list[dict[str, Any]]:
    from rasa_sdk.executor import CollectingDispatcher

    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    # the question rules are generated into data/rules_questions.yml (bot/topics/registry.yml); older
    # checkouts have them all in data/rules.yml
    rules = {"rules": [r for name in ("rules.yml", "rules_questions.yml") if (ROOT / "data" / name).exists()
                       for r in yaml.safe_load((ROOT / "data" / name).read_text(encoding="utf-8"))["rules"]]}
    actions = _actions()
    rows = []
    for kind, intent, text, slots in QUESTIONS:
        name = _answer_of(rules, intent)
        if name.startswith("utter_"):
            first = _render(domain, {"response": name})
        else:
            if name == "overdue_form":  # ask_interest with every fact known: the form submits at once
                name = "action_compute_overdue_interest"
            dispatcher = CollectingDispatcher()
            await actions[name]().run(dispatcher, _tracker(domain, text, intent, slots), domain)
            first = _render(domain, dispatcher.messages[0])
        rows.append({"type": kind, "intent": intent, "text": text, "chars": len(first), "first": first})
    return rows


def summary(rows: list[dict[str, Any]]) -> dict[str, float]:
    types = list(dict.fromkeys(r["type"] for r in rows))
    out = {t: statistics.median(r["chars"] for r in rows if r["type"] == t) for t in types}
    out["all"] = statistics.median(r["chars"] for r in rows)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--json", type=Path, help="write the rows and medians here")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    rows = asyncio.run(first_bubbles())
    medians = summary(rows)
    for kind, value in medians.items():
        print(f"{kind:22s} {value:7.1f}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"medians": medians, "rows": rows}, ensure_ascii=False, indent=1),
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
