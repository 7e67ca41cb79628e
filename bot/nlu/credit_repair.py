"""Whether a record the person describes falls under the one-off credit repair (DOMAIN §3).

人民银行 notice of 22 Dec 2025: individual overdue records that arose 1 Jan 2020 – 31 Dec 2025, each
≤ 10,000 元, whose debt was repaid in full by 31 Mar 2026, are no longer shown. Probe B02 (「2025年逾期了8000块
今年6月份才还清的 能享受…吗」) got the general text; the person's own case is answered first: which condition
fails, or that it qualifies. A condition the message does not state is unknown, never assumed met.

Pure: no Rasa imports. A vocabulary of what people type (tests/test_text_homes.py); the sentences are in actions/texts.py. ``assess`` reads the year the overdue arose, the amount and when it was repaid.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

FIRST_YEAR, LAST_YEAR = 2020, 2025
MAX_AMOUNT = Decimal(10000)
REPAID_BY = date(2026, 3, 31)

_CN_MONTH = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
             "十一": 11, "十二": 12}
_YEAR_WORDS = {"今年": 0, "去年": -1, "前年": -2}
_MONTH = r"(?P<month>1[0-2]|[1-9]|十[一二]?|[一二三四五六七八九])月(?:份)?(?:底|初|中)?"
# when it was repaid: 「今年6月份才还清」「2026年5月还完」「去年就还清了」「还没还」
_REPAID = re.compile(r"(?P<year>20\d\d年|今年|去年|前年)?(?:的)?(?:" + _MONTH + r")?(?:才|就|已经|都)?"
                     r"(?:还清|还完|结清|全部还上|还上了|还了)")
_NOT_REPAID = re.compile(r"(?:还没|没有?|尚未|还未)(?:还清|还完|结清|还)")
# when it arose: 「2025年逾期」「去年逾期的」「2024年有一笔逾期」
_AROSE = re.compile(r"(?P<year>20\d\d)年.{0,12}逾期|(?P<word>今年|去年|前年).{0,8}逾期")
_AMOUNT = re.compile(r"(?:[0-9]+(?:\.[0-9]+)?(?:万|千|k|K)?|[一二三四五六七八九十两百千万]+)(?:块钱?|元)"
                     r"|(?<=逾期|欠了|欠款)(?:了)?(?:[0-9]+(?:\.[0-9]+)?(?:万|千|k|K)|[一二三四五六七八九十两]+万)")


@dataclass(frozen=True)
class Assessment:
    """What the message says and the verdict. ``failed``: the conditions that fail, in the notice's order
    (``year``, ``amount``, ``repaid``); ``unknown``: those it does not state. ``qualifies`` only when all
    three are stated and met."""

    arose: int | None
    amount: Decimal | None
    repaid: date | None  # the month's last day when only the month is said
    not_repaid: bool
    repaid_text: str | None  # when it was repaid as said: 「2026年6月」, or the year alone (「2025年」)
    failed: tuple[str, ...]
    unknown: tuple[str, ...]

    @property
    def shown_until(self) -> str | None:
        """「2026年6月」 → 「2031年6月」: a record is kept 5 years from the day the debt is settled (DOMAIN §3)."""
        if not self.repaid_text:
            return None
        year, rest = self.repaid_text.split("年", 1)
        return f"{int(year) + 5}年{rest}"

    @property
    def qualifies(self) -> bool:
        return not self.failed and not self.unknown


def _month(value: str | None) -> int | None:
    if not value:
        return None
    return int(value) if value.isdigit() else _CN_MONTH.get(value)


def _year(value: str | None, today: date) -> int | None:
    if not value:
        return None
    if value in _YEAR_WORDS:
        return today.year + _YEAR_WORDS[value]
    return int(value.rstrip("年"))


def _month_end(year: int, month: int) -> date:
    from calendar import monthrange

    return date(year, month, monthrange(year, month)[1])


def assess(text: str, today: date) -> Assessment | None:
    """The person's record against the policy, or None when the message describes no record of their own
    (no year, no amount, no repayment: the general text answers it)."""
    from bot.nlu.extract import parse_amount
    from bot.nlu.normalize import normalize

    norm = re.sub(r"\s+", "", normalize(text or ""))
    arose_m = _AROSE.search(norm)
    arose = None
    if arose_m:
        arose = int(arose_m.group("year")) if arose_m.group("year") else _year(arose_m.group("word"), today)
    amount_m = _AMOUNT.search(norm)
    amount = parse_amount(amount_m.group(0)) if amount_m else None
    not_repaid = bool(_NOT_REPAID.search(norm))
    repaid = None
    repaid_text = None
    if not not_repaid:
        for m in _REPAID.finditer(norm):
            year = _year(m.group("year"), today)
            month = _month(m.group("month"))
            if month is not None:
                year = year if year is not None else (today.year if month <= today.month else today.year - 1)
                repaid = _month_end(year, month)
                repaid_text = f"{year}年{month}月"
            elif year is not None:
                repaid = date(year, 12, 31) if year < today.year else today
                repaid_text = f"{year}年"
            if repaid is not None:
                break
    if arose is None and amount is None and repaid is None and not not_repaid:
        return None
    failed: list[str] = []
    unknown: list[str] = []
    if arose is None:
        unknown.append("year")
    elif not FIRST_YEAR <= arose <= LAST_YEAR:
        failed.append("year")
    if amount is None:
        unknown.append("amount")
    elif amount > MAX_AMOUNT:
        failed.append("amount")
    if not_repaid:
        failed.append("repaid")
    elif repaid is None:
        unknown.append("repaid")
    elif repaid > REPAID_BY:
        # a month that only straddles the deadline (「2026年3月还清」) is on time: its last day is 31 March
        failed.append("repaid")
    return Assessment(arose, amount, repaid, not_repaid, repaid_text, tuple(failed), tuple(unknown))
