"""The registry of question topics and intents (bot/topics/registry.yml): one row per topic and per intent.

Pure: reads the YAML file once, imports nothing above bot/. What reads it:
  - bot.nlu.topics (the topics a message asks, their order in a compound answer),
  - bot.nlu.topic_guard (phrases that decide an intent whatever the classifier said),
  - actions/ (which action or response answers a topic), actions/fallback.py (guesses and the topic menu),
  - the console (an intent's wording for an agent),
  - bot.topics.generate (domain.yml's intent lists and data/rules_questions.yml).

Glossary: 话题 topic (what is asked: 征信, 坐牢, 出境 …), 意图 intent (the classifier's label).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

REGISTRY_PATH = Path(__file__).with_name("registry.yml")
IN_FORM_CHOICES = ("resume", "leave", "none")
RULES_CHOICES = ("generated", "manual")


@dataclass(frozen=True)
class Topic:
    name: str
    intents: tuple[str, ...]
    keywords: re.Pattern
    answer_action: str | None = None  # answers it as a second topic: this action's `answer()`
    answer_response: str | None = None  # … or this short response
    full_response: str | None = None  # the topic's full response (a brief after it is 「上面已经说过」)
    covers: frozenset[str] = frozenset()
    figure: bool = False
    decide: tuple[tuple[str, re.Pattern], ...] = ()  # (intent it sets, phrase)
    unless: re.Pattern | None = None
    facts: tuple[str, ...] = ()
    console: str = ""

    @property
    def home_intent(self) -> str:
        return self.intents[0]


@dataclass(frozen=True)
class IntentEntry:
    name: str
    example: str
    answer: str
    in_form: str
    not_intent: bool = False
    description: str | None = None
    menu: str | None = None
    console: str | None = None
    rules: str = "generated"
    question: bool = True
    topic: str | None = field(default=None, compare=False)

    @property
    def guessable(self) -> bool:
        """Only intents with a person-worded description are ever offered in 「您是想问…吗？」."""
        return bool(self.description)


def _topic(raw: dict) -> Topic:
    answer = raw.get("answer") or {}
    name = str(raw["name"])
    return Topic(
        name=name,
        intents=tuple(raw["intents"]),
        keywords=re.compile(str(raw["keywords"])),
        answer_action=answer.get("action"),
        answer_response=answer.get("response"),
        full_response=answer.get("full"),
        covers=frozenset(raw.get("covers") or [name]),
        figure=bool(raw.get("figure", False)),
        decide=tuple(_decision(d, raw["intents"][0]) for d in raw.get("decide") or []),
        unless=re.compile(raw["unless"]) if raw.get("unless") else None,
        facts=tuple(raw.get("facts") or []),
        console=str(raw.get("console") or ""),
    )


def _decision(raw: str | dict, home: str) -> tuple[str, re.Pattern]:
    # a bare phrase sets the topic's home intent; {intent, phrase} another intent of the topic
    if isinstance(raw, dict):
        return str(raw["intent"]), re.compile(str(raw["phrase"]))
    return home, re.compile(str(raw))


def _entry(raw: dict, topic_of: dict[str, str]) -> IntentEntry:
    name = str(raw["name"])
    entry = IntentEntry(
        name=name, example=str(raw["example"]), answer=str(raw["answer"]), in_form=str(raw["in_form"]),
        not_intent=bool(raw.get("not_intent", False)), description=raw.get("description"), menu=raw.get("menu"),
        console=raw.get("console"), rules=str(raw.get("rules", "generated")),
        question=bool(raw.get("question", True)), topic=topic_of.get(name),
    )
    if entry.in_form not in IN_FORM_CHOICES:
        raise ValueError(f"{name}: in_form must be one of {IN_FORM_CHOICES}, not {entry.in_form!r}")
    if entry.rules not in RULES_CHOICES:
        raise ValueError(f"{name}: rules must be one of {RULES_CHOICES}, not {entry.rules!r}")
    return entry


@lru_cache(maxsize=1)
def _load() -> tuple[tuple[Topic, ...], dict[str, IntentEntry]]:
    raw = yaml.safe_load(REGISTRY_PATH.read_text(encoding="utf-8"))
    topic_list = tuple(_topic(t) for t in raw["topics"])
    topic_of: dict[str, str] = {}
    for t in topic_list:
        for intent in t.intents:
            if intent in topic_of:
                raise ValueError(f"registry: intent {intent} is in topics {topic_of[intent]} and {t.name}")
            topic_of[intent] = t.name
    entries = [_entry(item, topic_of) for item in raw["intents"]]
    names = [e.name for e in entries]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise ValueError(f"registry names these intents twice: {sorted(duplicates)}")
    by_name = {e.name: e for e in entries}
    missing = set(topic_of) - set(by_name)
    if missing:
        raise ValueError(f"registry topics name intents without an intent row: {sorted(missing)}")
    return topic_list, by_name


def topics() -> tuple[Topic, ...]:
    """Every topic, in the order of a compound answer (figures first)."""
    return _load()[0]


def topic(name: str) -> Topic:
    return next(t for t in topics() if t.name == name)


def topic_of_intent(intent: str | None) -> str | None:
    """The topic ``intent`` asks, or None (greet, inform, a what-if …)."""
    entry = catalog().get(intent or "")
    return entry.topic if entry else None


def answer_order() -> tuple[str, ...]:
    return tuple(t.name for t in topics())


def figure_topics() -> frozenset[str]:
    return frozenset(t.name for t in topics() if t.figure)


def catalog() -> dict[str, IntentEntry]:
    """Every intent of domain.yml, in registry order."""
    return _load()[1]


def form_interrupters() -> list[str]:
    """The intents a form's free-text slot never swallows, in registry order (domain.yml `not_intent`)."""
    return [e.name for e in catalog().values() if e.not_intent]


def menu_entries() -> list[IntentEntry]:
    return [e for e in catalog().values() if e.menu]


def console_label(intent: str | None) -> str | None:
    """The agent's wording of ``intent`` (None when the registry has none)."""
    entry = catalog().get(intent or "")
    return entry.console if entry else None


def not_questions() -> frozenset[str]:
    """Intents that are no question to answer in a call script (greet, inform, stop …)."""
    return frozenset(e.name for e in catalog().values() if not e.question)
