"""Masking of personal numbers (个人信息) before text reaches a store, a log or a staff screen.

What is masked, in any text:

- bank card numbers (卡号): 13–19 digits passing the Luhn check, contiguous or grouped
  (``6225 8801 2345 6789``, ``6225-8801-2345-6789``, ``3782 822463 10005``);
- mainland ID numbers (身份证号): 17 digits + digit or X whose birth date (characters 7–14) is a real
  date between 1900 and 2099; the ISO 7064 check character is not required (a mistyped last digit is
  still an ID number), but a valid check character alone also suffices;
- mainland mobile numbers (手机号): ``1[3-9]`` + 9 digits, optionally after ``86``, ``+86`` or ``0086``,
  grouped or not (``138 1234 5678``, ``+86 138-1234-5678``);
- any other run of 15 or more contiguous digits, and 15–19 digits grouped like a card
  (4-4-4-4[-3] or 4-6-5), even when the Luhn check fails: people mistype card numbers, and a
  mistyped card number is still personal data. No amount, date or period in this domain has 15
  digits, so the false positives are only technical ids (a WeChat ``MsgId`` in a log line).

Grouped numbers (digits split by spaces or dashes) count as a card only when laid out like one:
fours with a short tail (4-4-4-4, 4-4-4-4-3, 4-4-4-1), 4-6-5 / 4-6-4, or 15+ digits in groups of
at least four; as a mobile number only as 3-4-4, 4-3-4, 3-8 or 7-4 (after an optional 86).
Otherwise a few amounts written side by side would be masked whenever their digits happen to pass
Luhn. Still masked on purpose: 「130 1000 1000」 (laid out like a mobile number).

Output format, one for every kind: the whole match (separators and ``+86`` included) becomes
``****`` + its last four characters, e.g. ``卡号6225 8801 2345 6789`` → ``卡号****6789``,
``身份证11010519491231002X`` → ``身份证****002X``, ``+86 138 1234 5678`` → ``****5678``.
Why this format: the last four are what a bank's staff and the cardholder use to tell cards apart; it
is idempotent (four digits never match again, so masking twice is harmless); and `bot.nlu.extract`
knows the ``****`` prefix and never reads the four digits as an amount.

Not masked: amounts (25000, 3.5万, 2,000), dates (2024-04-23, 2024/4/23), periods (12期), short
numbers. A run of digits is split at every group of one or two digits, so two dates or a date and a
card written side by side are judged separately; a grouped run whose groups all end in ``00``
(``5000 3000 2000 1500``) is a list of amounts, not a card.

Logs: `PiiMaskingFilter` masks a record's formatted message, exception and stack text, and string
fields passed with ``extra=``; `install_log_masking()` makes every record go through it.
"""
from __future__ import annotations

import datetime as _dt
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

__all__ = [
    "MASK_PREFIX",
    "PiiMaskingFilter",
    "PiiSpan",
    "find_pii_spans",
    "install_log_masking",
    "luhn_valid",
    "mask_text",
    "mask_value",
]

MASK_PREFIX = "****"

# full-width digits come from Chinese input methods; checks run on ASCII digits
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９ｘＸ", "0123456789XX")
_D = "0-9０-９"
_SEP = r"[ \u00a0\u3000\-－‐–—]"
# a run: optional "+", digit groups joined by one or two separator characters, optional final X
_RUN_RE = re.compile(
    rf"(?<![{_D}])(?P<plus>[+＋])?[{_D}]+(?:{_SEP}{{1,2}}[{_D}]+)*(?P<x>[XxＸｘ](?![A-Za-z]))?(?![{_D}])"
)
_GROUP_RE = re.compile(rf"[{_D}]+")
_MOBILE_RE = re.compile(r"(?:0086|86)?1[3-9]\d{9}")
_MAX_GROUPED_DIGITS = 20  # 19 digits, or 18 + X
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


@dataclass(frozen=True)
class PiiSpan:
    """One personal number found in a text: ``text[start:end]`` is replaced by ``masked``."""

    start: int
    end: int
    kind: str  # "card" | "id" | "mobile" | "number"
    last4: str

    @property
    def masked(self) -> str:
        return MASK_PREFIX + self.last4


def luhn_valid(digits: str) -> bool:
    """Luhn (mod 10) check of a string of ASCII digits, check digit last."""
    if not digits.isdigit():
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _id_birth_date_plausible(number: str) -> bool:
    try:
        born = _dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return 1900 <= born.year <= 2099


def _id_checksum_valid(number: str) -> bool:
    body, check = number[:17], number[17]
    total = sum(int(c) * w for c, w in zip(body, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == check


def _is_id_number(number: str) -> bool:
    """18 characters, 17 digits + digit/X, first digit 1–9, real birth date or valid check character."""
    if len(number) != 18 or not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        return False
    if number[0] == "0":
        return False
    return _id_birth_date_plausible(number) or _id_checksum_valid(number)


def _mobile_grouping(sizes: list[int]) -> bool:
    if sizes and sizes[0] in (2, 4) and sum(sizes) in (13, 15) and len(sizes) > 1:
        sizes = sizes[1:]  # 86 / 0086 written apart
    return len(sizes) == 1 or sizes in ([3, 4, 4], [4, 3, 4], [3, 8], [7, 4])


def _card_like_grouping(sizes: list[int]) -> bool:
    """4-4-4-4, 4-4-4-4-3, 4-4-4-1 … (fours, any short tail) or 4-6-5 / 4-6-4 (Amex, Diners)."""
    if len(sizes) >= 4 and all(s == 4 for s in sizes[:-1]) and 1 <= sizes[-1] <= 4:
        return True
    return sizes in ([4, 6, 5], [4, 6, 4])


def _classify(groups: list[str]) -> str | None:
    """Kind of personal number formed by these consecutive digit groups, or None."""
    number = "".join(groups)
    sizes = [len(g) for g in groups]
    if number.endswith("X"):
        return "id" if _is_id_number(number) else None
    # several groups that all end in 00 are a list of amounts (5000 3000 2000 1500), not one number
    if len(groups) > 1 and all(g.endswith("00") for g in groups):
        return None
    if _MOBILE_RE.fullmatch(number) and _mobile_grouping(sizes):
        return "mobile"
    if _is_id_number(number):
        return "id"
    # grouped numbers must look like a card: three amounts in a row pass Luhn one time in ten
    card_layout = len(groups) == 1 or _card_like_grouping(sizes) or (len(number) >= 15 and min(sizes) >= 4)
    if 13 <= len(number) <= 19 and luhn_valid(number) and card_layout:
        return "card"
    if len(groups) == 1 and len(number) >= 15:
        return "number"
    if 15 <= len(number) <= 19 and _card_like_grouping(sizes):
        return "number"
    return None


def find_pii_spans(text: str) -> list[PiiSpan]:
    """Card, ID and mobile numbers in `text`, as non-overlapping spans in text order."""
    spans: list[PiiSpan] = []
    for run in _RUN_RE.finditer(text):
        raw_groups = [(m.start() + run.start(), m.end() + run.start(), m.group())
                      for m in _GROUP_RE.finditer(run.group())]
        groups = [(s, e, g.translate(_FULLWIDTH_DIGITS)) for s, e, g in raw_groups]
        if run.group("x"):
            s, e, g = groups[-1]
            groups[-1] = (s, e + 1, g + "X")
        plus_start = run.start() if run.group("plus") else None
        # one- and two-digit groups (dates, 12期, ranges) do not belong to a card, ID or mobile number,
        # except a leading 86 country code and the tail of a card grouped by fours (4-4-4-4-2)
        segments: list[list[tuple[int, int, str]]] = [[]]
        for idx, group in enumerate(groups):
            if len(group[2]) <= 2:
                current = segments[-1]
                country_code = group[2] == "86" and not current and idx + 1 < len(groups)
                card_tail = idx == len(groups) - 1 and len(current) >= 3 and all(
                    len(g) == 4 for _, _, g in current
                )
                if not (country_code or card_tail):
                    if current:
                        segments.append([])
                    continue
            segments[-1].append(group)
        for segment in segments:
            spans.extend(_spans_in_segment(segment, plus_start))
    return spans


def _spans_in_segment(segment: list[tuple[int, int, str]], plus_start: int | None) -> Iterable[PiiSpan]:
    """Longest windows of consecutive groups that form a personal number, left to right."""
    i = 0
    while i < len(segment):
        # a window of several groups holds at most 19 digits (card), 15 with a 0086 prefix (mobile) or
        # 18 (ID): longer windows need not be tried, which keeps long runs of numbers linear
        last, digits = i, len(segment[i][2])
        while last + 1 < len(segment) and digits + len(segment[last + 1][2]) <= _MAX_GROUPED_DIGITS:
            last += 1
            digits += len(segment[last][2])
        for j in range(last, i - 1, -1):
            window = [g for _, _, g in segment[i : j + 1]]
            end = segment[j][1]
            kind = _classify(window)
            if kind is None and window[-1].endswith("X") and len(window[-1]) > 1:
                # "...1234X" that is no valid ID number: the digits decide (and the X goes with them)
                kind = _classify([*window[:-1], window[-1][:-1]])
            if kind is None:
                continue
            start = segment[i][0]
            if plus_start is not None and start - plus_start == 1:
                start = plus_start
            yield PiiSpan(start, end, kind, "".join(window)[-4:])
            i = j + 1
            break
        else:
            i += 1


def mask_text(text: str) -> str:
    """`text` with every card, ID and mobile number replaced by ``****`` + its last four characters."""
    if not text or not any(ch.isdigit() for ch in text):
        return text
    spans = find_pii_spans(text)
    if not spans:
        return text
    out: list[str] = []
    pos = 0
    for span in spans:
        out.append(text[pos : span.start])
        out.append(span.masked)
        pos = span.end
    out.append(text[pos:])
    return "".join(out)


def mask_value(obj: Any) -> Any:
    """A copy of `obj` with `mask_text` applied to every string inside dicts, lists, tuples and sets.

    Dict keys that are strings are masked too (a sender id can be a phone number). Numbers and other
    objects are returned unchanged: a card number stored as an ``int`` is not text this module sees.
    """
    if isinstance(obj, str):
        return mask_text(obj)
    if isinstance(obj, dict):
        return {(mask_text(k) if isinstance(k, str) else k): mask_value(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [mask_value(v) for v in obj]
    if isinstance(obj, tuple):
        masked = [mask_value(v) for v in obj]
        return type(obj)(*masked) if hasattr(obj, "_fields") else tuple(masked)
    if isinstance(obj, (set, frozenset)):
        return type(obj)(mask_value(v) for v in obj)
    return obj


_EXC_FORMATTER = logging.Formatter()
_STANDARD_RECORD_FIELDS = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


def _mask_extra_fields(record: logging.LogRecord) -> None:
    # fields passed with extra= (Sanic's access log puts the request line in record.request); they are
    # set after the record factory ran, so a filter must look at them even on an already masked record
    for key, value in list(record.__dict__.items()):
        if key not in _STANDARD_RECORD_FIELDS and isinstance(value, str):
            setattr(record, key, mask_text(value))


def _mask_record(record: logging.LogRecord) -> None:
    if getattr(record, "_pii_masked", False):
        _mask_extra_fields(record)
        return
    try:
        message = record.getMessage()
    except Exception:  # a broken format string: mask the parts, let logging report the error later
        record.msg = mask_value(record.msg) if isinstance(record.msg, str) else record.msg
        record.args = mask_value(record.args)
    else:
        record.msg = mask_text(message)
        # the message is fully formatted now; no args, so a "%" inside it is not formatted again
        record.args = None
    if record.exc_info and not record.exc_text:
        record.exc_text = _EXC_FORMATTER.formatException(record.exc_info)
    if record.exc_text:
        record.exc_text = mask_text(record.exc_text)
    if record.stack_info:
        record.stack_info = mask_text(record.stack_info)
    _mask_extra_fields(record)
    record._pii_masked = True


class PiiMaskingFilter(logging.Filter):
    """Masks card, ID and mobile numbers in a record's message, arguments, exception and stack text
    and ``extra`` string fields.

    It never drops a record. The message is formatted (``msg % args``) before masking, so numbers
    passed as arguments of any type are masked too.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        _mask_record(record)
        return True


_LOGGER_NAMES = ("rasa", "sanic", "sanic.root", "sanic.error", "sanic.access", "rasa_sdk", "bot", "actions")
_FILTER = PiiMaskingFilter()


def _attach(target: logging.Filterer) -> None:
    if not any(isinstance(f, PiiMaskingFilter) for f in target.filters):
        target.addFilter(_FILTER)


def install_log_masking(extra_loggers: Iterable[str] = (), *, record_factory: bool = True) -> PiiMaskingFilter:
    """Mask personal numbers in every log record. Idempotent; returns the filter it installed.

    Attaches `PiiMaskingFilter` to the root logger's handlers and to the ``rasa``, ``sanic`` (and
    ``sanic.*``), ``rasa_sdk``, ``bot`` and ``actions`` loggers and their handlers, plus
    `extra_loggers`. A filter on a logger only sees records logged on that very logger (not on its
    children) and handlers added later (Rasa configures logging after import) have no filter, so
    with `record_factory` (the default) the log record factory is wrapped as well: every record is
    masked when it is created, whichever logger or handler it goes through.
    """
    root = logging.getLogger()
    for handler in root.handlers:
        _attach(handler)
    for name in (*_LOGGER_NAMES, *extra_loggers):
        logger = logging.getLogger(name)
        _attach(logger)
        for handler in logger.handlers:
            _attach(handler)
    if record_factory:
        current = logging.getLogRecordFactory()
        if not getattr(current, "_pii_masking", False):

            def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
                record = current(*args, **kwargs)
                _mask_record(record)
                return record

            factory._pii_masking = True  # type: ignore[attr-defined]
            logging.setLogRecordFactory(factory)
    return _FILTER
