"""Keeps domain.yml, actions/, data/, the contract and the README's layout in step."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]

CONTRACT_INTENTS = {
    "greet", "goodbye", "thanks", "affirm", "deny", "inform", "ask_interest", "ask_penalty_fee",
    "ask_min_payment", "ask_grace_period", "ask_installment", "ask_consequences", "ask_credit_report",
    "ask_collection_harassment", "ask_complaint_channel", "ask_lawsuit", "ask_criminal_risk",
    "ask_negotiate_plan", "request_plan_draft", "ask_third_party_agency", "express_distress",
    "request_human", "bot_challenge", "out_of_scope",
}
CONTRACT_SLOTS = {
    "bank": "text", "debt_amount": "float", "overdue_days": "float", "monthly_income": "float",
    "monthly_expenses": "float", "monthly_budget": "float", "installments": "float",
}
CONTRACT_ACTIONS = {
    "action_compute_overdue_interest", "action_explain_consequences", "action_draft_repayment_plan",
}


def load(path: str) -> dict:
    return yaml.safe_load((ROOT / path).read_text(encoding="utf-8"))


def domain() -> dict:
    return load("domain.yml")


def test_domain_has_every_contract_intent_and_slot():
    d = domain()
    assert CONTRACT_INTENTS <= set(d["intents"])
    for name, kind in CONTRACT_SLOTS.items():
        assert d["slots"][name]["type"] == kind, name


def test_custom_actions_in_domain_are_implemented():
    from rasa_sdk.executor import ActionExecutor

    executor = ActionExecutor()
    executor.register_package("actions")
    implemented = set(executor.actions)
    declared = {a for a in domain().get("actions", []) if not a.startswith("utter_")}
    assert CONTRACT_ACTIONS <= implemented
    assert declared <= implemented | {"action_restart", "action_listen"}, declared - implemented
    forms = set(domain().get("forms", {}))
    for form in forms:
        assert f"validate_{form}" in implemented, f"validate_{form}"


def test_every_utterance_used_in_data_is_defined():
    responses = set(domain().get("responses", {}))
    actions = set(domain().get("actions", [])) | set(domain().get("forms", {}))
    used: set[str] = set()
    for path in ["data/stories.yml", "data/rules.yml", "tests/test_stories.yml"]:
        if (ROOT / path).exists():
            used |= set(re.findall(r"action:\s*(\w+)", (ROOT / path).read_text(encoding="utf-8")))
    builtin = {"action_listen", "action_restart", "action_deactivate_loop", "action_two_stage_fallback",
               "action_default_fallback", "action_session_start", "action_back", "action_unlikely_intent"}
    missing = {a for a in used if a not in responses | actions | builtin}
    assert not missing, missing


def _readme_layout_entries() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("## Layout", 1)[1].split("```", 2)[1]
    entries = []
    for line in block.splitlines():
        if not line.strip():
            continue
        if line.startswith(" "):
            entries.append(line.split()[0])  # indented: a child of the previous top-level folder
        else:
            names = line.split("  ")[0].split() if "  " in line else line.split()
            entries.extend(names)
    return entries


def test_readme_layout_matches_the_tree():
    entries = _readme_layout_entries()
    top = [e for e in entries if e.endswith("/") or "." in e]
    for entry in top:
        candidates = [ROOT / entry.rstrip("/")] + list(ROOT.glob(f"*/{entry.rstrip('/')}"))
        assert any(c.exists() for c in candidates), f"README layout names {entry!r}, which is missing"
    tracked_dirs = {p.name + "/" for p in ROOT.iterdir() if p.is_dir() and not p.name.startswith(".")
                    and p.name not in {"models", "results", "var", "node_modules", "build"}
                    and not p.name.endswith(".egg-info")}
    assert tracked_dirs <= set(entries), f"folders missing from the README layout: {tracked_dirs - set(entries)}"


QUESTION_INTENTS = {
    "ask_penalty_fee", "ask_min_payment", "ask_grace_period", "ask_installment", "ask_consequences",
    "ask_credit_report", "ask_collection_harassment", "ask_complaint_channel", "ask_lawsuit",
    "ask_criminal_risk", "ask_negotiate_plan", "ask_third_party_agency", "express_distress", "bot_challenge",
    "out_of_scope", "ask_interest", "request_plan_draft", "request_human", "stop",
}


def test_every_question_is_handled_inside_each_form():
    rules = load("data/rules.yml")["rules"]
    for form in domain()["forms"]:
        handled = set()
        for rule in rules:
            conditions = rule.get("condition") or []
            if {"active_loop": form} in conditions:
                handled |= {step["intent"] for step in rule["steps"] if "intent" in step}
        assert QUESTION_INTENTS <= handled, (form, QUESTION_INTENTS - handled)


def test_form_free_text_slots_never_swallow_questions():
    for name, slot in domain()["slots"].items():
        for mapping in slot["mappings"]:
            if mapping["type"] == "from_text":
                assert QUESTION_INTENTS <= set(mapping["not_intent"]), name
