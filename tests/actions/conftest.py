"""Fixtures for action unit tests: the real domain, a dispatcher, and a tracker factory."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def domain() -> dict:
    return yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


@pytest.fixture
def make_tracker(domain):
    def factory(
        slots: dict[str, Any] | None = None,
        text: str = "",
        intent: str = "inform",
        entities: list[dict] | None = None,
        channel: str = "rest",
        active_loop: str | None = None,
        requested_slot: str | None = None,
        intent_ranking: list[dict] | None = None,
        sender_id: str = "unit-test",
    ) -> Tracker:
        all_slots = {name: None for name in domain["slots"]}
        all_slots.update(slots or {})
        if requested_slot:
            all_slots["requested_slot"] = requested_slot
        latest = {
            "text": text,
            "intent": {"name": intent, "confidence": 1.0},
            "intent_ranking": intent_ranking or [{"name": intent, "confidence": 1.0}],
            "entities": entities or [],
        }
        events = [{"event": "user", "text": text, "parse_data": latest, "input_channel": channel}]
        return Tracker(
            sender_id=sender_id,
            slots=all_slots,
            latest_message=latest,
            events=events,
            paused=False,
            followup_action=None,
            active_loop={"name": active_loop} if active_loop else {},
            latest_action_name="action_listen",
        )

    return factory


def opened(dispatcher: CollectingDispatcher) -> list[dict]:
    """The bubbles sent, then the blocks held back behind 「详细」 (actions/answers.py hold), as pressing the
    button would show them."""
    return [*dispatcher.messages, *getattr(dispatcher, "kayou_opened", []), *getattr(dispatcher, "kayou_held", [])]


def texts(dispatcher: CollectingDispatcher) -> list[str]:
    return [m.get("text") or "" for m in dispatcher.messages]


def responses(dispatcher: CollectingDispatcher) -> list[str | None]:
    return [m.get("response") for m in dispatcher.messages]


# every action test gets its own case store under tmp_path (actions.store.case_store is cached)
@pytest.fixture(autouse=True)
def temp_case_store(tmp_path, monkeypatch):
    from actions.store import case_store
    from bot.store.db import dispose_engines

    monkeypatch.setenv("KAYOU_VAR_DIR", str(tmp_path))
    monkeypatch.delenv("KAYOU_CASE_DB_URL", raising=False)
    case_store.cache_clear()
    dispose_engines()
    yield
    case_store.cache_clear()
    dispose_engines()


def tracker_after(make_tracker, events, text, intent, slots=None, **latest):
    """A tracker whose last message is `text` (read as `intent`, with `latest` parse data), after `events`."""
    tracker = make_tracker(dict(slots or {}), text=text, intent=intent)
    tracker.latest_message.update(latest)
    tracker.events[-1]["parse_data"].update(latest)
    tracker.events[:0] = list(events)
    return tracker
