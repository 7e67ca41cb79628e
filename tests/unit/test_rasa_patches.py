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


# --- the case hook in process ---------------------------------------------------------------------

def _conversation(domain, *turns, slots=None, active_loop=None, requested=None):
    """A live Rasa tracker: slots set earlier, an active form, then the user's turns."""
    from rasa.shared.core.events import ActionExecuted, ActiveLoop, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    events = [ActionExecuted("action_session_start"), ActionExecuted("action_listen")]
    events += [SlotSet(k, v) for k, v in (slots or {}).items()]
    if active_loop:
        events += [ActiveLoop(active_loop), SlotSet("requested_slot", requested)]
    for text, intent in turns:
        events += [UserUttered(text, {"name": intent, "confidence": 0.9})]
    return DialogueStateTracker.from_events("u1", events, slots=domain.slots)


def _remote_view(tracker, domain, extracted):
    """What the action server receives on the stock path: the replayed tracker, as an SDK tracker."""
    from rasa.shared.core.trackers import DialogueStateTracker
    from rasa_sdk import Tracker

    replay = DialogueStateTracker.from_events(tracker.sender_id, tracker.events_after_latest_restart() + extracted,
                                              slots=domain.slots)
    return Tracker.from_dict(replay.current_state())


@pytest.fixture(scope="module")
def project_domain():
    from rasa.shared.core.domain import Domain

    return Domain.load("domain.yml")


CASES = [
    dict(turns=[("招行欠了两万五 逾期45天了 利息多少", "ask_interest")]),
    dict(turns=[("不对，是三万不是两万", "correct_fact")],
         slots={"case": {"cards": [{"bank": "招商银行", "amount": "20000", "overdue_days": 45}], "situation": {}}}),
    dict(turns=[("如果逾期40天呢", "ask_what_if")]),
    dict(turns=[("不知道", "skip_question")], active_loop="overdue_form", requested="bank"),
    dict(turns=[("去年失业了", "inform")], active_loop="plan_form", requested="hardship_reason", extracted=True),
]


@pytest.mark.parametrize("case", CASES)
async def test_case_hook_in_process_gives_the_remote_events(case, project_domain) -> None:
    from rasa.core.actions.action import ActionExtractSlots
    from rasa.shared.core.events import Event, SlotSet

    from actions.case_slots import run_case_hook

    tracker = _conversation(project_domain, *case["turns"], slots=case.get("slots"),
                            active_loop=case.get("active_loop"), requested=case.get("requested"))
    extracted = [SlotSet(case["requested"], case["turns"][-1][0])] if case.get("extracted") else []
    remote = [Event.from_parameters(e) for e in run_case_hook(_remote_view(tracker, project_domain, extracted),
                                                               project_domain.as_dict())]
    expected = remote + [e for e in extracted if e.key not in {r.key for r in remote if isinstance(r, SlotSet)}]
    got = await ActionExtractSlots(None)._execute_validation_action(extracted, None, None, tracker, project_domain)
    assert got == expected
    assert any(isinstance(e, SlotSet) and e.key == "case" for e in got) or case["turns"][-1][1] == "skip_question"


async def test_case_hook_stays_remote_without_the_patch(project_domain, monkeypatch) -> None:
    """KAYOU_RASA_PATCHES=0 (or no actions package): Rasa's own remote call, unchanged."""
    from rasa.core.actions.action import ActionExtractSlots

    calls = []

    async def remote(self, extraction_events, *args):
        calls.append(extraction_events)
        return []

    monkeypatch.setattr(rasa_patches, "original_execute_validation_action", remote)
    monkeypatch.setattr(rasa_patches, "_case_hook", None)
    tracker = _conversation(project_domain, ("招行欠两万", "inform"))
    assert await ActionExtractSlots(None)._execute_validation_action([], None, None, tracker, project_domain) == []
    assert calls == [[]]


def test_the_hook_view_carries_the_bots_last_reply(project_domain):
    """The in-process hook reads the bot's text since the person's previous message (a figure of it asked about in a
    question is no fact: persona trial H5, 「怎么算出来189的」), as the SDK tracker's events give it."""
    from rasa.shared.core.events import BotUttered, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from actions.case_slots import last_reply

    events = [UserUttered("工行欠12000 利息多少", {"name": "ask_interest", "confidence": 0.9}),
              BotUttered("利息约 486.29 元，违约金约 189.30 元"),
              UserUttered("怎么算出来189的", {"name": "ask_penalty_fee", "confidence": 0.9})]
    tracker = DialogueStateTracker.from_events("u1", events, slots=project_domain.slots)
    view = rasa_patches.HookTrackerView(tracker, [])
    assert view.last_reply == "利息约 486.29 元，违约金约 189.30 元"
    assert last_reply(view) == view.last_reply
    from rasa.shared.core.trackers import EventVerbosity
    from rasa_sdk import Tracker

    sdk = Tracker.from_dict(tracker.current_state(EventVerbosity.ALL))  # as the remote call sends it
    assert last_reply(sdk) == view.last_reply
