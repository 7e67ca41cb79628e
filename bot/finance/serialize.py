"""JSON-friendly results: Decimals become floats only here, at the edge.

Fields holding money use the default (2 places, half-up). Rates declare their own precision through
``field(metadata=RATE4)`` (APR, EAR: 4 places) or ``field(metadata=EXACT)`` (daily rates such as 0.0005,
which 2 places would destroy).
"""
from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from typing import Any

from bot.finance.money import round_places

EXACT: dict[str, Any] = {"places": None}
RATE4: dict[str, Any] = {"places": 4}


def _convert(value: Any, places: int | None) -> Any:
    if isinstance(value, Decimal):
        return float(value if places is None else round_places(value, places))
    if isinstance(value, date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return to_jsonable(value)
    if isinstance(value, (list, tuple)):
        return [_convert(item, places) for item in value]
    if isinstance(value, dict):
        return {key: _convert(item, places) for key, item in value.items()}
    return value


def to_jsonable(obj: Any) -> dict[str, Any]:
    """Dataclass → dict of JSON types; money rounded half-up to 2 places."""
    return {
        f.name: _convert(getattr(obj, f.name), f.metadata.get("places", 2))
        for f in dataclasses.fields(obj)
    }


class JsonResult:
    """Mixin for result dataclasses."""

    def to_dict(self) -> dict[str, Any]:
        """The result as JSON types (money → float with 2 decimals, dates → ISO strings)."""
        return to_jsonable(self)
