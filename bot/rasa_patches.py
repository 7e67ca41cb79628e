"""Two speed fixes to Rasa 3.6.21, applied in the Rasa server process (bench/RESULTS.md, "What limits speed").

1. Rasa checks every response of the action server with ``jsonschema.validate(result, spec)``. That call
first validates the (large, constant) response *schema* against the JSON-Schema meta-schema and builds a
new validator — on every custom action, 12 % of a turn's CPU in the profile. ``install()`` replaces
``RemoteAction._validate_action_result`` with the same check done by a validator built once per schema:
same schema, same ``best_match`` error, same message appended, same ``ValidationError`` raised.
``tests/unit/test_rasa_patches.py`` compares its verdicts with the original's.

2. The case hook (`actions/case_slots.py`, ``action_validate_slot_mappings``) runs inside
``action_extract_slots`` after every user message. Stock Rasa runs it as a remote action: it first
rebuilds a second tracker by replaying every event of the conversation
(``DialogueStateTracker.from_events``), serialises that tracker and the domain to JSON, posts them to the
action server, which parses them into an SDK tracker, and validates the response against the action
schema — about a quarter of the CPU a turn gained with issue 11 (bench/RESULTS.md). ``install()``
replaces ``ActionExtractSlots._execute_validation_action`` with the same hook called in this process: the
SAME function (``actions.case_slots.run_case_hook``, which the action server's
``ActionValidateSlotMappings.run`` calls too) over a read-only view of the live tracker with this turn's
extracted slots laid over it (what the replayed tracker would show), and the same merge of its events with
the extracted ones as Rasa's. With ``KAYOU_RASA_PATCHES=0`` the remote path runs again, unchanged.

Installed when Rasa imports our NLU components or tracker store (every ``rasa run``/``rasa test`` of
this project). Set ``KAYOU_RASA_PATCHES=0`` to run stock Rasa. Applied only on the Rasa version it was
written against; on another version it logs a warning and changes nothing.
"""
from __future__ import annotations

import json
import logging
import os
from typing import Any

logger = logging.getLogger(__name__)

RASA_VERSION = "3.6.21"
_installed = False
_validators: dict[str, Any] = {}
# Rasa's own function, kept for comparison (tests) once install() has run
original_validate_action_result: Any = None


def _validator_for(spec: dict[str, Any]) -> Any:
    from jsonschema.validators import validator_for

    key = json.dumps(spec, sort_keys=True)
    validator = _validators.get(key)
    if validator is None:
        cls = validator_for(spec)
        cls.check_schema(spec)  # once, as jsonschema.validate would on every call
        validator = _validators[key] = cls(spec)
    return validator


def validate_action_result(self: Any, result: dict[str, Any]) -> bool:
    """``RemoteAction._validate_action_result`` of Rasa 3.6.21 with the validator built once."""
    from jsonschema.exceptions import best_match
    from rasa.core.actions.action import DOCS_BASE_URL

    error = best_match(_validator_for(self.action_response_format_spec()).iter_errors(result))
    if error is not None:
        error.message += (
            f". Failed to validate Action server response from API, "
            f"make sure your response from the Action endpoint is valid. "
            f"For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise error
    return True


class HookTrackerView:
    """The part of rasa_sdk's ``Tracker`` that the case hook reads, over Rasa's live tracker.

    ``get_slot`` sees this turn's extracted slot values first, as the tracker Rasa would replay for the
    remote call (its events plus the extraction's SlotSet events) does."""

    def __init__(self, tracker: Any, slot_events: list[Any]):
        import dataclasses

        self.sender_id = tracker.sender_id
        self.latest_message = tracker._latest_message_data() or {}
        self.active_loop = dataclasses.asdict(tracker.active_loop) if tracker.active_loop else {}
        self._tracker = tracker
        self._extracted = {event.key: event.value for event in slot_events}
        self.slots = {**tracker.current_slot_values(), **self._extracted}
        self.last_reply = _last_reply(tracker)

    def get_slot(self, key: str) -> Any:
        return self.slots.get(key)

    @property
    def events(self) -> list[dict[str, Any]]:
        """The person's messages as the SDK tracker's event dicts give them (``event``, ``text``, ``parse_data``
        with the intent): what `actions.distress.distressed` reads when its slot is not set. Built only when read
        (it raised AttributeError on every turn, so the hook's distress check never looked at the message)."""
        from rasa.shared.core.events import UserUttered

        return [{"event": "user", "text": event.text,
                 "parse_data": {"intent": dict(event.intent or {}),
                                # another person's crisis is not the person's own distress (actions/distress.own_signal)
                                # and what tells a real signal from a mild remark (actions/distress.taken_back)
                                **{key: event.parse_data[key] for key in (
                                    "crisis_of", "distress_signal", "crisis_line_unanswered", "distress_strain")
                                   if (event.parse_data or {}).get(key)}}}
                for event in self._tracker.events if isinstance(event, UserUttered)]


    @property
    def responses_sent(self) -> list[str]:
        """The domain responses the bot sent in this conversation (actions/case_slots.complaint_written)."""
        from rasa.shared.core.events import BotUttered

        return [str((event.metadata or {}).get("utter_action")) for event in self._tracker.events
                if isinstance(event, BotUttered) and (event.metadata or {}).get("utter_action")]


def _last_reply(tracker: Any) -> str | None:
    """The bot's text between the person's previous message and this one (actions/case_slots.last_reply)."""
    from rasa.shared.core.events import BotUttered, UserUttered

    texts: list[str] = []
    seen_user = False
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            if seen_user:
                break
            seen_user = True
        elif isinstance(event, BotUttered) and seen_user and event.text:
            texts.append(event.text)
    return "\n".join(reversed(texts)) or None


_domain_dicts: dict[int, tuple[Any, dict[str, Any]]] = {}


def _domain_dict(domain: Any) -> dict[str, Any]:
    """``domain.as_dict()``, made once per domain object (the remote call serialises it every turn)."""
    cached = _domain_dicts.get(id(domain))
    if cached is None or cached[0] is not domain:
        _domain_dicts.clear()
        cached = _domain_dicts[id(domain)] = (domain, domain.as_dict())
    return cached[1]


async def execute_validation_action(self: Any, extraction_events: list[Any], output_channel: Any, nlg: Any,
                                    tracker: Any, domain: Any) -> list[Any]:
    """``ActionExtractSlots._execute_validation_action`` of Rasa 3.6.21 with the case hook in process."""
    from rasa.shared.core.constants import ACTION_VALIDATE_SLOT_MAPPINGS
    from rasa.shared.core.events import BotUttered, Event, SlotSet

    if ACTION_VALIDATE_SLOT_MAPPINGS not in domain.user_actions or _case_hook is None:
        return await original_execute_validation_action(self, extraction_events, output_channel, nlg, tracker,
                                                        domain)
    slot_events = [event for event in extraction_events if isinstance(event, SlotSet)]
    raw = _case_hook(HookTrackerView(tracker, slot_events), _domain_dict(domain))
    # slot events, and the hook's own bot messages (「已改：…」, issue 19), which Rasa sends before the answer
    validate_events = [event for event in (Event.from_parameters(e) for e in raw)
                       if isinstance(event, (SlotSet, BotUttered))]
    validated = {event.key for event in validate_events if isinstance(event, SlotSet)}
    # as Rasa's: an extracted slot the hook says nothing about is valid
    return validate_events + [event for event in slot_events if event.key not in validated]


def _load_case_hook() -> Any:
    try:
        from actions.case_slots import run_case_hook
    except ImportError:  # a Rasa process without the project's actions package: the remote path
        logger.warning("bot.rasa_patches: actions.case_slots not importable; the case hook stays remote")
        return None
    return run_case_hook


_case_hook: Any = None
original_execute_validation_action: Any = None


def install() -> bool:
    """Applies the patch once per process; returns whether it is in place."""
    global _installed, original_validate_action_result, original_execute_validation_action, _case_hook
    if _installed:
        return True
    if os.environ.get("KAYOU_RASA_PATCHES", "1") == "0":
        return False
    try:
        import rasa
        from rasa.core.actions.action import ActionExtractSlots, RemoteAction
    except ImportError:  # the action server alone has no rasa core to patch
        return False
    if rasa.__version__ != RASA_VERSION:
        logger.warning("bot.rasa_patches: written for rasa %s, found %s; not applied", RASA_VERSION, rasa.__version__)
        return False
    original_validate_action_result = RemoteAction.__dict__["_validate_action_result"]
    RemoteAction._validate_action_result = validate_action_result
    _case_hook = _load_case_hook()
    original_execute_validation_action = ActionExtractSlots.__dict__["_execute_validation_action"]
    ActionExtractSlots._execute_validation_action = execute_validation_action
    _installed = True
    return True
