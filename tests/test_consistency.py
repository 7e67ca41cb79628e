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
    for path in ["data/stories.yml", *RULE_FILES, "tests/test_stories.yml"]:
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


def catalog():
    from bot.topics import catalog as load_catalog

    return load_catalog()


RULE_FILES = ("data/rules.yml", "data/rules_questions.yml")


def all_rules() -> list[dict]:
    return [r for path in RULE_FILES for r in load(path)["rules"]]


def form_rules(form: str) -> list[dict]:
    return [r for r in all_rules() if {"active_loop": form} in (r.get("condition") or [])]


def test_the_intent_catalog_names_exactly_the_domain_intents():
    declared = set(domain()["intents"])
    listed = set(catalog())
    assert declared == listed, (
        f"add to bot/topics/registry.yml: {sorted(declared - listed)}; not in domain.yml: {sorted(listed - declared)}")


def test_every_not_intent_list_is_the_catalogs_form_interrupters():
    from bot.topics import form_interrupters

    expected = form_interrupters()
    lists = [mapping["not_intent"] for slot in domain()["slots"].values() for mapping in slot["mappings"]
             if mapping["type"] == "from_text"]
    assert lists, "no free-text slot mapping found"
    for found in lists:
        assert found == expected, (found, expected)
    # one home: the list is written once in domain.yml and reused through its YAML alias
    text = (ROOT / "domain.yml").read_text(encoding="utf-8")
    mappings = re.findall(r"^\s+not_intent:\s*(\S+)", text, flags=re.MULTILINE)
    assert mappings.count("&form_interrupters") == 1
    assert all(m in ("&form_interrupters", "*form_interrupters") for m in mappings), mappings


def test_each_catalog_intent_is_answered_outside_a_form_by_its_answer():
    rules = [r for r in all_rules() if not r.get("condition")]
    for name, entry in catalog().items():
        answers = {r["steps"][1].get("action") for r in rules
                   if len(r["steps"]) > 1 and r["steps"][0].get("intent") == name}
        assert answers == {entry.answer}, (name, answers, entry.answer)


def test_each_form_handles_the_catalogs_interrupting_intents_as_the_catalog_says():
    for form in domain()["forms"]:
        rules = form_rules(form)
        for name, entry in catalog().items():
            own = [r for r in rules if r["steps"][0].get("intent") == name]
            if entry.in_form == "none":
                assert not own, (form, name, "catalog says in_form: none")
                continue
            assert len(own) == 1, (form, name, len(own))
            steps = own[0]["steps"]
            if entry.in_form == "resume":
                # answered, then a form asks again (its own, or the plan form when a plan is asked for)
                forms = set(domain()["forms"])
                assert steps[-1].get("active_loop") in forms and steps[-2] == {"action": steps[-1]["active_loop"]}, \
                    (form, name, steps)
            else:
                assert {"active_loop": None} in steps and {"action": "action_deactivate_loop"} in steps, \
                    (form, name, steps)


def test_only_question_intents_are_guessed_and_each_description_is_a_question_not_a_command():
    never = {"greet", "goodbye", "thanks", "affirm", "deny", "inform", "stop", "out_of_scope",
             "express_distress", "reset_case", "skip_question", "ask_repeat", "done", "vague_card_question"}
    entries = catalog()
    for name in never:
        assert not entries[name].guessable, name
    for entry in entries.values():
        if entry.guessable:
            assert not entry.description.startswith(("告诉我", "结束", "表示", "打招呼")), entry
    menu = [e.name for e in entries.values() if e.menu]
    assert "request_human" in menu and len(menu) >= 6
