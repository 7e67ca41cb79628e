"""The response-validation speed fix gives Rasa's own verdicts (bot/rasa_patches.py)."""
from __future__ import annotations

import copy

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from bot import rasa_patches

assert rasa_patches.install(), "the patch is written for the installed rasa version"
ORIGINAL = rasa_patches.original_validate_action_result

GOOD = [
    {"events": [], "responses": []},
    {},
    {"events": [{"event": "slot", "name": "bank", "value": "招商银行"}],
     "responses": [{"text": "您好", "buttons": [{"title": "是", "payload": "/affirm"}]}]},
    {"events": [{"event": "action", "name": "action_listen"}, {"event": "active_loop", "name": None}]},
    {"responses": [{"custom": {"type": "repayment_plan", "rows": []}}]},
]
BAD = [
    {"events": [{"name": "bank"}]},  # event without its type
    {"events": [{"event": "no_such_event"}]},
    {"events": "not a list"},
    {"responses": "not a list"},
    {"events": [{"event": "slot", "name": 5}]},
]


def _verdict(fn, result):
    try:
        return fn(RemoteAction("action_x", None), copy.deepcopy(result)), None
    except ValidationError as e:
        return None, e.message


def test_installed_in_rasa_processes() -> None:
    assert rasa_patches.install() is True
    assert RemoteAction._validate_action_result is rasa_patches.validate_action_result


@pytest.mark.parametrize("result", GOOD + BAD)
def test_same_verdict_and_message_as_rasa(result) -> None:
    assert _verdict(rasa_patches.validate_action_result, result) == _verdict(ORIGINAL, result)


@pytest.mark.parametrize("result", BAD)
def test_bad_responses_still_rejected(result) -> None:
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        rasa_patches.validate_action_result(RemoteAction("action_x", None), result)


def test_validator_built_once() -> None:
    rasa_patches.validate_action_result(RemoteAction("action_x", None), GOOD[0])
    built = dict(rasa_patches._validators)
    rasa_patches.validate_action_result(RemoteAction("action_x", None), GOOD[2])
    assert rasa_patches._validators == built and len(built) == 1
