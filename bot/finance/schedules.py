"""Bank schedules (interest method, rates, grace, tolerance, 违约金 rules) loaded from data/banks.yml.

The file is read once, lazily, on first use (never at import). Each value keeps its source and status
(``verified`` | ``practice`` | ``default``) so that answers can say how sure they are.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from typing import Any

import yaml

from bot.finance.serialize import EXACT, JsonResult

FULL = "full"
UNPAID_ONLY = "unpaid_only"
METHODS = (FULL, UNPAID_ONLY)
CAP_PRINCIPAL = "principal"
STATUSES = ("verified", "practice", "default")
DEFAULT_NAME = "默认规则"

_FIELDS = (
    "interest_method",
    "daily_rate",
    "grace_days",
    "tolerance",
    "penalty_rate",
    "penalty_floor",
    "penalty_cap",
    "min_payment_ratio",
)


@dataclass(frozen=True)
class Sourced(JsonResult):
    """One schedule value with where it comes from and how sure we are."""

    value: Any = field(metadata=EXACT)
    source: str
    status: str  # verified | practice | default


@dataclass(frozen=True)
class BankSchedule(JsonResult):
    """A bank's card rules. Units: daily_rate per day (fraction), grace_days calendar days after the
    due date, tolerance / penalty_floor / penalty_cap in 元 (cap may be ``"principal"``), penalty_rate
    and min_payment_ratio fractions."""

    bank: str
    is_default: bool
    interest_method: Sourced
    daily_rate: Sourced
    grace_days: Sourced
    tolerance: Sourced
    penalty_rate: Sourced
    penalty_floor: Sourced
    penalty_cap: Sourced
    min_payment_ratio: Sourced
    aliases: tuple[str, ...] = ()

    @property
    def method(self) -> str:
        return self.interest_method.value

    @property
    def rate(self) -> Decimal:
        return self.daily_rate.value

    @property
    def grace(self) -> int:
        return self.grace_days.value

    def sources(self) -> list[str]:
        """Distinct sources of the values, in field order, each with its status in words."""
        from bot.finance.templates import STATUS_TEXT  # words, never a raw [practice] tag (issue 12)

        seen: list[str] = []
        for name in _FIELDS:
            value: Sourced = getattr(self, name)
            if value.value is None and value.status == "default":
                continue  # "no floor/cap found" is not a source
            tagged = f"{value.source}（{STATUS_TEXT.get(value.status, value.status)}）"
            if tagged not in seen:
                seen.append(tagged)
        return seen


def _parse_value(name: str, raw: Any) -> Any:
    if raw is None:
        return None
    if name == "interest_method":
        if raw not in METHODS:
            raise ValueError(f"banks.yml: interest_method {raw!r} not in {METHODS}")
        return raw
    if name == "grace_days":
        return int(raw)
    if name == "penalty_cap" and raw == CAP_PRINCIPAL:
        return CAP_PRINCIPAL
    return Decimal(str(raw))


def _sourced(name: str, raw: dict[str, Any]) -> Sourced:
    status = raw.get("status", "default")
    if status not in STATUSES:
        raise ValueError(f"banks.yml: {name}: status {status!r} not in {STATUSES}")
    return Sourced(_parse_value(name, raw.get("value")), str(raw.get("source", "")), status)


@dataclass(frozen=True)
class BankNames:
    """What people call one bank (data/banks.yml, the one table of bank names).

    aliases: matched anywhere a bank name may stand; context_aliases: everyday words (平安, 民生) that
    the chat extractor accepts only next to a card/debt word (bot.nlu.extract).
    """

    bank: str
    aliases: tuple[str, ...]
    context_aliases: tuple[str, ...]
    has_schedule: bool


@dataclass(frozen=True)
class _Table:
    default: BankSchedule
    banks: dict[str, BankSchedule]
    aliases: dict[str, str]
    names: tuple[BankNames, ...]


@functools.lru_cache(maxsize=1)
def _table() -> _Table:
    text = resources.files("bot.finance.data").joinpath("banks.yml").read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    defaults = {name: _sourced(name, raw["defaults"][name]) for name in _FIELDS}
    default = BankSchedule(bank=DEFAULT_NAME, is_default=True, **defaults)
    banks: dict[str, BankSchedule] = {}
    aliases: dict[str, str] = {}
    names: list[BankNames] = []
    for section, with_schedule in (("banks", True), ("other_banks", False)):
        for name, entry in (raw.get(section) or {}).items():
            entry = entry or {}
            bank_aliases = tuple(str(a) for a in entry.get("aliases", ()))
            context = tuple(str(a) for a in entry.get("context_aliases", ()))
            if with_schedule:
                values = {
                    key: _sourced(key, entry[key]) if key in entry else defaults[key] for key in _FIELDS
                }
                banks[name] = BankSchedule(bank=name, is_default=False, aliases=bank_aliases + context, **values)
            names.append(BankNames(name, bank_aliases, context, with_schedule))
            for alias in (name, *bank_aliases, *context):
                key = _key(alias)
                if aliases.get(key, name) != name:
                    raise ValueError(f"banks.yml: alias {alias!r} names both {aliases[key]} and {name}")
                aliases[key] = name
    return _Table(default=default, banks=banks, aliases=aliases, names=tuple(names))


def _key(name: str) -> str:
    key = "".join(name.split()).upper()
    for suffix in ("信用卡中心", "信用卡"):
        if key.endswith(suffix) and len(key) > len(suffix):
            key = key[: -len(suffix)]
    return key


def bank_names() -> tuple[BankNames, ...]:
    """Every bank the assistant knows by name, with its aliases, in the data file's order."""
    return _table().names


def canonical_bank(bank: str | None) -> str | None:
    """Canonical full name (``招行`` → ``招商银行``, ``北京银行``) or None when the bank is unknown or missing.

    A bank without its own schedule (北京银行) has a canonical name but `get_schedule` gives the defaults."""
    if not bank or not isinstance(bank, str):
        return None
    return _table().aliases.get(_key(bank))


def get_schedule(bank: str | BankSchedule | None) -> BankSchedule:
    """The schedule of a bank (canonical name or common alias such as 招行, 工行, 邮储).

    Unknown or missing bank → the documented default schedule (``is_default`` True): full interest,
    0.0005 per day, 3 days' grace, 10 元 tolerance, 违约金 5% of the unpaid minimum without floor or cap,
    minimum payment 10% of purchases.
    """
    if isinstance(bank, BankSchedule):
        return bank
    table = _table()
    name = canonical_bank(bank)
    return table.banks.get(name, table.default) if name else table.default


def default_schedule() -> BankSchedule:
    """The schedule used for unknown banks."""
    return _table().default


def known_banks() -> tuple[str, ...]:
    """Canonical names of the banks with their own schedule, in the data file's order."""
    return tuple(_table().banks)


def service_phone(bank: str | None) -> str | None:
    """The card issuer's national customer-service number (data/banks.yml `service_phones`), or None.
    Always said with 「以卡背面为准」: a card may print its own card-centre number."""
    from importlib import resources

    raw = yaml.safe_load(resources.files("bot.finance.data").joinpath("banks.yml").read_text(encoding="utf-8"))
    return (raw.get("service_phones") or {}).get(bank or "")
