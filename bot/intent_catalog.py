"""The intent catalog (bot/intent_catalog.yml): one home for what each intent means and how forms treat it.

actions/fallback.py reads the descriptions and the topic menu from here; tests/test_consistency.py checks
domain.yml (intents, `not_intent` lists) and data/rules.yml against it, so the wiring cannot drift.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

CATALOG_PATH = Path(__file__).with_name("intent_catalog.yml")
IN_FORM_CHOICES = ("resume", "leave", "none")


@dataclass(frozen=True)
class IntentEntry:
    name: str
    example: str
    answer: str
    in_form: str
    not_intent: bool = False
    description: str | None = None
    menu: str | None = None

    @property
    def guessable(self) -> bool:
        """Only intents with a person-worded description are ever offered in 「您是想问…吗？」."""
        return bool(self.description)


def _entry(raw: dict) -> IntentEntry:
    entry = IntentEntry(
        name=str(raw["name"]), example=str(raw["example"]), answer=str(raw["answer"]),
        in_form=str(raw["in_form"]), not_intent=bool(raw.get("not_intent", False)),
        description=raw.get("description"), menu=raw.get("menu"),
    )
    if entry.in_form not in IN_FORM_CHOICES:
        raise ValueError(f"{entry.name}: in_form must be one of {IN_FORM_CHOICES}, not {entry.in_form!r}")
    return entry


@lru_cache(maxsize=1)
def catalog() -> dict[str, IntentEntry]:
    raw = yaml.safe_load(CATALOG_PATH.read_text(encoding="utf-8"))["intents"]
    entries = [_entry(item) for item in raw]
    names = [e.name for e in entries]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise ValueError(f"intent catalog names these twice: {sorted(duplicates)}")
    return {e.name: e for e in entries}


def form_interrupters() -> list[str]:
    """The intents a form's free-text slot never swallows, in catalog order (domain.yml `not_intent`)."""
    return [e.name for e in catalog().values() if e.not_intent]


def menu_entries() -> list[IntentEntry]:
    return [e for e in catalog().values() if e.menu]
