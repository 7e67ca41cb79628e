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

Digits in any form count: ASCII, full-width and every other Unicode decimal digit (``\\d``), and the
Chinese numerals of voice input (零〇一幺二两三…九, also 壹贰叁…). Groups may be joined by up to three
separator characters of any mix: whitespace (tabs, U+3000), dashes, dots, slashes, ``+``, ``、`` and
zero-width characters. Six or more digits written one by one (「1 3 8 1 …」) form one group whose
layout is not judged. Within one run of groups the reading that hides the most digits wins, so a
card followed by a phone number (「6222 0212 3456 7894 138 1234 5678」) is two numbers.

Grouped numbers count as a card only when laid out like one:
fours with a short tail (4-4-4-4, 4-4-4-4-3, 4-4-4-1), 4-6-5 / 4-6-4, or 15+ digits in groups of
at least four; as a mobile number only as 3-4-4, 4-3-4, 3-3-5, 4-4-3, 3-5-3, 3-8, 7-4 or 4-7 (after an
optional 86 / 0086, apart or attached).
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
import unicodedata
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

# Digits as people and input methods write them: any Unicode decimal digit (`\d` of `re` on str: ASCII,
# full-width, Arabic-Indic, mathematical …), and the Chinese numerals that voice input and people
# reading a number aloud produce (幺 is how 1 is read in phone numbers; 两 also occurs).
_CHINESE_DIGITS = {
    **dict.fromkeys("零〇○", "0"), **dict.fromkeys("一幺壹", "1"), **dict.fromkeys("二两贰貳", "2"),
    **dict.fromkeys("三叁參", "3"), **dict.fromkeys("四肆", "4"), **dict.fromkeys("五伍", "5"),
    **dict.fromkeys("六陆陸", "6"), **dict.fromkeys("七柒", "7"), **dict.fromkeys("八捌", "8"),
    **dict.fromkeys("九玖", "9"),
}
_D = r"\d" + "".join(_CHINESE_DIGITS)
# What may stand between the digit groups of one number (issue 22: 「，」「：」 `,` `|` `_` `*` `~`,
# brackets and runs of spaces let numbers through): any punctuation, bracket or symbol character of Unicode
# (categories P*, Sm, Sk, So) but the percent signs, plus zero-width characters, up to three of them, each
# with up to four whitespace characters (tabs, new lines, U+3000 …) around; or a run of up to eight
# whitespace characters alone. So a separator is at most MAX_SEPARATOR_CHARS long (the channels mask a
# bounded prefix of a long message and rely on it: bot.channels.common). Currency signs (Sc) and % do not join numbers: they mark amounts. A mask's
# own four asterisks never join (more than three).
_NOT_SEPARATORS = set("%％‰‱﹪")


def _separator_class() -> str:
    chars = []
    for code in range(0x10000):
        ch = chr(code)
        if ch in _NOT_SEPARATORS or 0xD800 <= code <= 0xDFFF:
            continue
        category = unicodedata.category(ch)
        if category[0] == "P" or category in ("Sm", "Sk", "So"):
            chars.append(ch)
    chars += ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]
    return "[" + "".join(c if c.startswith("\\u") else re.escape(c) for c in chars) + "]"


_PUNCT = _separator_class()
_SEP = rf"(?:\s{{0,4}}(?:{_PUNCT}\s{{0,4}}){{1,3}}|\s{{1,8}})"
MAX_SEPARATOR_CHARS = 4 + 3 * (1 + 4)
# a run: optional "+", digit groups joined by separators, optional final X
_RUN_RE = re.compile(
    rf"(?<![{_D}])(?P<plus>[+＋])?[{_D}]+(?:{_SEP}[{_D}]+)*(?P<x>[XxＸｘ])?(?![{_D}])"
)
_GROUP_RE = re.compile(rf"[{_D}]+")
_ANY_DIGIT_RE = re.compile(rf"[{_D}]")
_MOBILE_RE = re.compile(r"(?:0086|86)?1[3-9][0-9]{9}")
_MAX_GROUPED_DIGITS = 20  # 19 digits, or 18 + X
# digits written one by one (「1 3 8 1 2 …」, 「幺、三、八…」) count as one group from this many on;
# dates and enumerations never have six single digits in a row
_MIN_SINGLE_DIGIT_RUN = 6
_MOBILE_GROUPINGS = ([3, 4, 4], [4, 3, 4], [3, 3, 5], [4, 4, 3], [3, 5, 3], [3, 8], [7, 4], [4, 7])
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def _ascii_digits(group: str) -> str:
    """A group of digits in any of the forms above as ASCII digits."""
    if group.isascii():
        return group
    return "".join(_CHINESE_DIGITS.get(ch) or str(unicodedata.digit(ch)) for ch in group)


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
    if not (digits.isascii() and digits.isdigit()):
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
    prefix = sum(sizes) - 11  # 86 / 0086, written apart (86 138…) or attached (86138 …)
    if prefix in (2, 4) and len(sizes) > 1:
        if sizes[0] == prefix:
            sizes = sizes[1:]
        elif sizes[0] > prefix:
            sizes = [sizes[0] - prefix, *sizes[1:]]
    return len(sizes) == 1 or sizes in _MOBILE_GROUPINGS


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


# start, end in the text, ASCII digits (+ "X"), and whether the group is digits written one by one:
# those have no layout to judge, so a window holding them is judged as if written contiguously
Group = tuple[int, int, str, bool]


def _groups_of_run(run: re.Match[str]) -> list[Group]:
    groups: list[Group] = []
    singles: list[Group] = []

    def flush() -> None:
        if len(singles) >= _MIN_SINGLE_DIGIT_RUN:
            groups.append((singles[0][0], singles[-1][1], "".join(g[2] for g in singles), True))
        else:
            groups.extend(singles)
        singles.clear()

    for m in _GROUP_RE.finditer(run.group()):
        group = (m.start() + run.start(), m.end() + run.start(), _ascii_digits(m.group()), False)
        if len(group[2]) == 1:
            singles.append(group)
            continue
        flush()
        groups.append(group)
    flush()
    if run.group("x"):
        s, e, g, loose = groups[-1]
        groups[-1] = (s, e + 1, g + "X", loose)
    return groups


def find_pii_spans(text: str) -> list[PiiSpan]:
    """Card, ID and mobile numbers in `text`, as non-overlapping spans in text order."""
    spans: list[PiiSpan] = []
    for run in _RUN_RE.finditer(text):
        groups = _groups_of_run(run)
        plus_start = run.start() if run.group("plus") else None
        # one- and two-digit groups (dates, 12期, ranges) do not belong to a card, ID or mobile number,
        # except a leading 86 country code and the tail of a card grouped by fours (4-4-4-4-2)
        segments: list[list[Group]] = [[]]
        for idx, group in enumerate(groups):
            if len(group[2]) <= 2:
                current = segments[-1]
                country_code = group[2] == "86" and not current and idx + 1 < len(groups)
                card_tail = idx == len(groups) - 1 and len(current) >= 3 and all(
                    len(g[2]) == 4 for g in current
                )
                if not (country_code or card_tail):
                    if current:
                        segments.append([])
                    continue
            segments[-1].append(group)
        for segment in segments:
            spans.extend(_spans_in_segment(segment, plus_start, _amount_tokens(text, groups)))
    return spans


def _window_kind(window: list[str]) -> str | None:
    kind = _classify(window)
    if kind is None and window[-1].endswith("X") and len(window[-1]) > 1:
        # "...1234X" that is no valid ID number: the digits decide (and the X goes with them)
        kind = _classify([*window[:-1], window[-1][:-1]])
    return kind


def _amount_tokens(text: str, groups: list[Group]) -> dict[int, int]:
    """The groups of amounts written with thousands commas (「361,600」「7,937,015」): a group's start → its amount.

    A maximal run of groups joined by a bare ASCII comma is such an amount when its first group has 1–3 digits
    and every other group exactly 3. No card, mobile or ID number layout holds two of them or is one, so a window
    that touches two, or holds nothing else, is amounts (「2000-01-01，361,600，361,600」), never one number."""
    tokens: dict[int, int] = {}
    run: list[Group] = []

    def close() -> None:
        if (len(run) >= 2 and not any(g[3] for g in run) and 1 <= len(run[0][2]) <= 3
                and all(len(g[2]) == 3 for g in run[1:])):
            for group in run:
                tokens[group[0]] = run[0][0]
        run.clear()

    for group in groups:
        if run and text[run[-1][1] : group[0]] != ",":
            close()
        run.append(group)
    close()
    return tokens


def _spans_in_segment(segment: list[Group], plus_start: int | None,
                      amounts: dict[int, int] | None = None) -> list[PiiSpan]:
    """The windows of consecutive groups that are personal numbers and hide the most digits.

    Dynamic programming over the groups, from the right: a card followed by a phone number
    (「6222 0212 3456 7894 138 1234 5678」) is two numbers, not a 19-digit card and 8 digits left
    readable. Ties go to fewer spans (fewer last-four digits shown), then to the longer first window.
    """
    n = len(segment)
    # best[i]: (digits hidden, -spans) from group i on, and the window end chosen at i (None: skip i)
    best: list[tuple[int, int]] = [(0, 0)] * (n + 1)
    choice: list[tuple[int, str] | None] = [None] * (n + 1)
    for i in range(n - 1, -1, -1):
        best[i], choice[i] = best[i + 1], None
        # a window of several groups holds at most 19 digits (card), 15 with a 0086 prefix (mobile) or
        # 18 (ID): longer windows need not be tried, which keeps long runs of numbers linear
        digits = 0
        for j in range(i, n):
            digits += len(segment[j][2])
            if j > i and digits > _MAX_GROUPED_DIGITS:
                break
            if amounts and (len({amounts[g[0]] for g in segment[i : j + 1] if g[0] in amounts}) >= 2
                            or all(g[0] in amounts for g in segment[i : j + 1])):
                continue  # amounts written with thousands commas, or a list of them: no personal number
            window = [g[2] for g in segment[i : j + 1]]
            if any(g[3] for g in segment[i : j + 1]):
                window = ["".join(window)]
            kind = _window_kind(window)
            if kind is None:
                continue
            score = (digits + best[j + 1][0], best[j + 1][1] - 1)
            if score > best[i] or (score == best[i] and choice[i] is not None):
                best[i], choice[i] = score, (j, kind)
    spans: list[PiiSpan] = []
    i = 0
    while i < n:
        picked = choice[i]
        if picked is None:
            i += 1
            continue
        j, kind = picked
        start = segment[i][0]
        if plus_start is not None and start - plus_start == 1:
            start = plus_start
        spans.append(PiiSpan(start, segment[j][1], kind, "".join(g[2] for g in segment[i : j + 1])[-4:]))
        i = j + 1
    return spans


def mask_text(text: str) -> str:
    """`text` with every card, ID and mobile number replaced by ``****`` + its last four characters."""
    if not text or not _ANY_DIGIT_RE.search(text):
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
