"""One speed fix to Rasa 3.6.21, applied in the Rasa server process (bench/RESULTS.md, "What limits speed").

Rasa checks every response of the action server with ``jsonschema.validate(result, spec)``. That call
first validates the (large, constant) response *schema* against the JSON-Schema meta-schema and builds a
new validator — on every custom action, 12 % of a turn's CPU in the profile. ``install()`` replaces
``RemoteAction._validate_action_result`` with the same check done by a validator built once per schema:
same schema, same ``best_match`` error, same message appended, same ``ValidationError`` raised.
``tests/unit/test_rasa_patches.py`` compares its verdicts with the original's.

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


def install() -> bool:
    """Applies the patch once per process; returns whether it is in place."""
    global _installed, original_validate_action_result
    if _installed:
        return True
    if os.environ.get("KAYOU_RASA_PATCHES", "1") == "0":
        return False
    try:
        import rasa
        from rasa.core.actions.action import RemoteAction
    except ImportError:  # the action server alone has no rasa core to patch
        return False
    if rasa.__version__ != RASA_VERSION:
        logger.warning("bot.rasa_patches: written for rasa %s, found %s; not applied", RASA_VERSION, rasa.__version__)
        return False
    original_validate_action_result = RemoteAction.__dict__["_validate_action_result"]
    RemoteAction._validate_action_result = validate_action_result
    _installed = True
    return True
