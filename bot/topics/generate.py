"""Writes what Rasa needs from the registry (bot/topics/registry.yml): ``python -m bot.topics.generate``.

- domain.yml: the `intents:` list and the `&form_interrupters` list (`not_intent` of the free-text slots),
  rewritten in place between their markers, the rest of the file untouched;
- data/rules_questions.yml: for each intent with `rules: generated`, the rule that answers it outside a form
  and, with `in_form: resume`, one rule per form that answers it and asks the form's question again.

``python -m bot.topics.generate --check`` exits 1 when a file is stale (tests/unit/topics runs the same
check), so a registry row without its rules cannot be merged.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

from bot.topics import catalog, form_interrupters

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = ROOT / "domain.yml"
RULES = ROOT / "data" / "rules_questions.yml"
FORMS = ("overdue_form", "plan_form")

INTENTS_BEGIN = "  # >>> intents: generated from bot/topics/registry.yml (python -m bot.topics.generate)"
INTENTS_END = "  # <<< intents"
RULES_HEAD = """version: "3.1"

# GENERATED from bot/topics/registry.yml by `python -m bot.topics.generate`: do not edit by hand (a test
# fails when this file is stale). Each question intent with `rules: generated` is answered outside a form
# and, with `in_form: resume`, inside each form, which then asks its question again. Other rules: rules.yml.

rules:
"""


def question_rules() -> list[dict]:
    rules: list[dict] = []
    entries = [e for e in catalog().values() if e.rules == "generated"]
    for e in entries:
        rules.append({"rule": f"answer {e.name}", "steps": [{"intent": e.name}, {"action": e.answer}]})
    for form in FORMS:
        for e in entries:
            if e.in_form != "resume":
                continue
            rules.append({
                "rule": f"{form} — answer {e.name} and resume",
                "condition": [{"active_loop": form}],
                "steps": [{"intent": e.name}, {"action": e.answer}, {"action": form}, {"active_loop": form}],
            })
    return rules


def rules_text() -> str:
    body = yaml.safe_dump(question_rules(), allow_unicode=True, sort_keys=False, width=120, indent=2)
    # block style as the hand-written files: two spaces before each rule's dash
    lines = ["  " + line if line else line for line in body.splitlines()]
    spaced: list[str] = []
    for line in lines:
        if line.startswith("  - rule:") and spaced:
            spaced.append("")
        spaced.append(line)
    return RULES_HEAD + "\n".join(spaced) + "\n"


def _wrap(items: list[str], first: str, indent: str, width: int = 116) -> str:
    lines, current = [], first + "["
    for i, item in enumerate(items):
        piece = item + ("]" if i == len(items) - 1 else ", ")
        if len(current) + len(piece.rstrip()) > width:
            lines.append(current.rstrip())
            current = indent
        current += piece
    lines.append(current)
    return "\n".join(lines)


def domain_text(text: str) -> str:
    names = list(catalog())
    block = INTENTS_BEGIN + "\n" + "".join(f"  - {n}\n" for n in names) + INTENTS_END
    if INTENTS_BEGIN in text:
        text = re.sub(re.escape(INTENTS_BEGIN) + r".*?" + re.escape(INTENTS_END), lambda _: block, text,
                      flags=re.DOTALL)
    else:  # first run: the hand-written list (up to the next top-level key) becomes the generated block
        text = re.sub(r"(?ms)^intents:\n.*?(?=^\S)", lambda _: "intents:\n" + block + "\n\n", text, count=1)
    head = "        not_intent: &form_interrupters "
    interrupters = _wrap(form_interrupters(), head, " " * 21)
    return re.sub(r"(?m)^        not_intent: &form_interrupters \[[^\]]*\]", lambda _: interrupters, text, count=1)


def outputs() -> dict[Path, str]:
    return {DOMAIN: domain_text(DOMAIN.read_text(encoding="utf-8")), RULES: rules_text()}


def stale() -> list[Path]:
    return [p for p, text in outputs().items() if not p.exists() or p.read_text(encoding="utf-8") != text]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.topics.generate", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when a generated file is stale, write nothing")
    args = parser.parse_args(argv)
    if args.check:
        old = stale()
        for path in old:
            print(f"stale: {path} (run: python -m bot.topics.generate)", file=sys.stderr)
        return 1 if old else 0
    for path, text in outputs().items():
        path.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
