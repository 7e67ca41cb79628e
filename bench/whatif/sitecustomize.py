"""What-if patch for bench/latency.py (`--whatif`), never used by the product.

Put on PYTHONPATH of the Rasa server only, with KAYOU_BENCH_WHATIF=validator. Rasa 3.6 checks every
action server response with `jsonschema.validate(result, spec)`, which first validates the (large)
response *schema* against the JSON-Schema meta-schema — on every call (about 25–60 ms of CPU on this
machine, the largest single item in a turn's profile). This builds the validator once and reuses it:
the same schema, the same validation of each response, the same error message.
"""
import os

if os.environ.get("KAYOU_BENCH_WHATIF") == "validator":
    from jsonschema.exceptions import best_match
    from jsonschema.validators import validator_for
    from rasa.core.actions import action as _action

    _validators = {}

    def _validate_action_result(self, result):
        spec = self.action_response_format_spec()
        validator = _validators.get("spec")
        if validator is None:
            cls = validator_for(spec)
            cls.check_schema(spec)
            validator = _validators["spec"] = cls(spec)
        error = best_match(validator.iter_errors(result))
        if error is not None:
            error.message += (
                ". Failed to validate Action server response from API, make sure your response from "
                f"the Action endpoint is valid. For more information about the format visit "
                f"{_action.DOCS_BASE_URL}/custom-actions"
            )
            raise error
        return True

    _action.RemoteAction._validate_action_result = _validate_action_result
