"""The case model: what one cardholder has told the bot, held in the tracker as the slot `case`.

One case per conversation: the person's cards (bank, amount owed, days overdue, statement balance and
minimum when given) and their situation (income, essential expenses, budget, wished periods, hardship).
Pure data, no Rasa: `bot.nlu.case_update` changes it from what the user says each turn; the actions and
the finance engine read it. Money is `Decimal` in 元; in the slot it is stored as a decimal string so the
tracker's JSON never carries a float.

The contract slots (`bank`, `debt_amount`, `overdue_days`, …, CONTRACT §1) are derived from the case by
`Case.contract_slots()`, so a tracker reader sees the same facts in both shapes.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from decimal import Decimal, InvalidOperation
from typing import Any

CASE_SLOT = "case"
# Situation.income_source: what an income that is not earned is (bot.finance.templates.INCOME_SOURCES)
INCOME_SOURCES = ("family",)
# the bank of a card whose bank the person does not know (「不知道」 to 「哪家银行？」): default rules
UNKNOWN_BANK = "其他银行"


def to_decimal(value: Any) -> Decimal | None:
    """A stored value as Decimal, through its string (never float arithmetic); None when absent/bad."""
    if value is None or isinstance(value, bool):
        return None
    try:
        result = Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        return None
    return result if result.is_finite() else None


def _items(raw: Any) -> tuple[tuple[str, Decimal], ...]:
    """The expense items of a slot value ([[label, "1800"], …]); malformed entries are left out."""
    items = []
    for entry in raw if isinstance(raw, list) else ():
        if isinstance(entry, (list, tuple)) and len(entry) == 2 and isinstance(entry[0], str) \
                and (value := to_decimal(entry[1])) is not None:
            items.append((entry[0], value))
    return tuple(items)


def _int(value: Any) -> int | None:
    number = to_decimal(value)
    return None if number is None else int(number)


def _store(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


@dataclass(frozen=True)
class Card:
    """One credit card. `bank` is the canonical full name (招商银行) or None when not yet named.

    amount: principal owed, 元 (what the user calls 欠款); statement_balance: the statement's 应还总额 when
    the user gives it (includes interest and fees); min_payment: the statement's 最低还款额, 元;
    overdue_days: whole days after the due date.
    overdue_more_than: a lower bound when the person said 「超过3天」 (more than 3 days, exact days unknown):
    never used as the days themselves, so no answer can place a person 5 days late inside the grace days.
    paid: what the person says they have already repaid on this card since it fell due (「还款日那天已经还了1000」),
    元; recorded and shown, never added to or taken from `amount` by guesswork.
    principal: the 透支本金 when the person names it as 本金 (「本金3万 现在欠3万4」: principal 30,000, amount
    34,000), 元; the letter then says which figure is which (issue 23). None when never said.
    """

    bank: str | None = None
    amount: Decimal | None = None
    overdue_days: int | None = None
    statement_balance: Decimal | None = None
    min_payment: Decimal | None = None
    overdue_more_than: int | None = None
    paid: Decimal | None = None
    principal: Decimal | None = None

    def to_dict(self) -> dict[str, Any]:
        return {f.name: _store(getattr(self, f.name)) for f in fields(self) if getattr(self, f.name) is not None}

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Card:
        return cls(
            bank=raw.get("bank") or None,
            amount=to_decimal(raw.get("amount")),
            overdue_days=_int(raw.get("overdue_days")),
            statement_balance=to_decimal(raw.get("statement_balance")),
            min_payment=to_decimal(raw.get("min_payment")),
            overdue_more_than=_int(raw.get("overdue_more_than")),
            paid=to_decimal(raw.get("paid")),
            principal=to_decimal(raw.get("principal")),
        )


@dataclass(frozen=True)
class Situation:
    """The person's monthly situation, 元 a month; installments: the number of periods they asked for.

    set_aside / other_debt_payment: money said to go out *every month* besides the essential expenses — kept for
    family (「每月还要留500给我妈看病买药」) or another debt's instalment (「网贷每个月还得还800」); never the budget,
    taken off income − expenses by the plan (fix4). Said without 每月 it is asked, not stored."""

    monthly_income: Decimal | None = None
    monthly_expenses: Decimal | None = None
    monthly_budget: Decimal | None = None
    installments: int | None = None
    hardship_reason: str | None = None
    set_aside: Decimal | None = None
    other_debt_payment: Decimal | None = None
    # the expenses said item by item (「房租1800 吃饭一千五 给我妈寄1000」): (label, 元) pairs that add up to
    # monthly_expenses, so that one item can be corrected or added (「给我妈的是500不是1000 还有交通费300」, persona trial
    # I1 #6); () when the expenses were said as one figure (or no longer add up)
    expense_items: tuple[tuple[str, Decimal], ...] = ()
    # where the monthly income comes from when it is not earned: "family" for an allowance the family gives (「家裡每月
    # 給我5000」, a student's 生活费; persona trial s7 L2): said as such in the summary and the letter, counted the same
    income_source: str | None = None
    # the income was said as the income of now (「店里现在一个月也就挣6千」): a drop told afterwards (「生意不好 收入少了一半」)
    # is how it came to be that figure, not a second drop (persona trial s7 K1 #4: 6,000 → 3,000)
    income_now: bool = False

    def commitments(self) -> dict[str, Decimal]:
        """The monthly commitments said, by kind (bot.finance.plan ``monthly_commitments``)."""
        return {kind: value for kind, value in (("set_aside", self.set_aside),
                                                ("other_debt_payment", self.other_debt_payment)) if value}

    def to_dict(self) -> dict[str, Any]:
        out = {f.name: _store(getattr(self, f.name)) for f in fields(self)
               if getattr(self, f.name) is not None and f.name not in ("expense_items", "income_now")}
        if self.income_now:
            out["income_now"] = True
        if self.expense_items:
            out["expense_items"] = [[label, str(value)] for label, value in self.expense_items]
        return out

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Situation:
        return cls(
            monthly_income=to_decimal(raw.get("monthly_income")),
            monthly_expenses=to_decimal(raw.get("monthly_expenses")),
            monthly_budget=to_decimal(raw.get("monthly_budget")),
            installments=_int(raw.get("installments")),
            hardship_reason=raw.get("hardship_reason") or None,
            set_aside=to_decimal(raw.get("set_aside")),
            other_debt_payment=to_decimal(raw.get("other_debt_payment")),
            expense_items=_items(raw.get("expense_items")),
            income_source=raw.get("income_source") if raw.get("income_source") in INCOME_SOURCES else None,
            income_now=raw.get("income_now") is True,
        )


@dataclass(frozen=True)
class Case:
    """cards: in the order they were first named; situation: the monthly figures.

    declared_total: the total debt (元) when the person states one that the cards do not add up to
    (「不对…一共八万」 with two cards of 52,000 and 30,000); cleared when a card's amount changes.
    settled: banks of debts the person says are paid off (「交通银行的2022年已经还清了」): history, never a
    current card.
    """

    cards: tuple[Card, ...] = ()
    situation: Situation = field(default_factory=Situation)
    declared_total: Decimal | None = None
    settled: tuple[str, ...] = ()

    # ---- reading -------------------------------------------------------------------------------
    def total_principal(self) -> Decimal | None:
        """Sum of the cards' amounts (元); None when no card has an amount."""
        amounts = [c.amount for c in self.cards if c.amount is not None]
        return sum(amounts, Decimal(0)) if amounts else None

    def total_debt(self) -> Decimal | None:
        """The debt the answers use (元): the declared total when there is one, else the cards' sum."""
        return self.declared_total if self.declared_total is not None else self.total_principal()

    def card_index(self, bank: str | None) -> int | None:
        """Index of the card of that bank (None for a bankless card: the first card without a bank)."""
        for index, card in enumerate(self.cards):
            if card.bank == bank:
                return index
        return None

    def overdue_more_than(self) -> int | None:
        """The largest 「超过N天」 bound of the cards whose exact days are unknown, else None."""
        bounds = [c.overdue_more_than for c in self.cards if c.overdue_more_than is not None and c.overdue_days is None]
        return max(bounds) if bounds else None

    def banks(self) -> list[str]:
        return list(dict.fromkeys(c.bank for c in self.cards if c.bank))

    def card_for(self, bank: str | None) -> Card | None:
        """The card of that bank (a card named again is the same card); None when there is none."""
        for card in self.cards:
            if card.bank == bank:
                return card
        return None

    def is_empty(self) -> bool:
        return not self.cards and self.situation == Situation()

    # ---- changing (returns a new case) -----------------------------------------------------------
    def with_card(self, card: Card, index: int | None = None) -> Case:
        cards = list(self.cards)
        if index is None:
            cards.append(card)
        else:
            cards[index] = card
        return replace(self, cards=tuple(cards))

    def without_card(self, index: int) -> Case:
        cards = list(self.cards)
        del cards[index]
        return replace(self, cards=tuple(cards))

    def with_situation(self, **changes: Any) -> Case:
        return replace(self, situation=replace(self.situation, **changes))

    # ---- the tracker ---------------------------------------------------------------------------
    def to_slot(self) -> dict[str, Any]:
        """JSON-safe value of the `case` slot (decimals as strings)."""
        slot: dict[str, Any] = {"cards": [c.to_dict() for c in self.cards], "situation": self.situation.to_dict()}
        if self.declared_total is not None:
            slot["declared_total"] = str(self.declared_total)
        if self.settled:
            slot["settled"] = list(self.settled)
        return slot

    @classmethod
    def from_slot(cls, raw: Any) -> Case:
        """The case from the slot's value; an absent or malformed value is an empty case."""
        if not isinstance(raw, dict):
            return cls()
        cards = tuple(Card.from_dict(c) for c in raw.get("cards") or () if isinstance(c, dict))
        situation = raw.get("situation")
        return cls(
            cards=cards,
            situation=Situation.from_dict(situation if isinstance(situation, dict) else {}),
            declared_total=to_decimal(raw.get("declared_total")),
            settled=tuple(str(b) for b in raw.get("settled") or () if b),
        )

    def contract_slots(self) -> dict[str, Any]:
        """The CONTRACT §1 slots derived from the case: floats in 元/days, banks joined with 、."""
        total = self.total_debt()
        days = [c.overdue_days for c in self.cards if c.overdue_days is not None]
        s = self.situation
        banks = self.banks()
        return {
            "bank": "、".join(banks) if banks else None,
            "debt_amount": float(total) if total is not None else None,
            "overdue_days": float(max(days)) if days else None,
            "monthly_income": float(s.monthly_income) if s.monthly_income is not None else None,
            "monthly_expenses": float(s.monthly_expenses) if s.monthly_expenses is not None else None,
            "monthly_budget": float(s.monthly_budget) if s.monthly_budget is not None else None,
            "installments": float(s.installments) if s.installments is not None else None,
            "hardship_reason": s.hardship_reason,
            "debts": [{"bank": c.bank, "amount": float(c.amount)} for c in self.cards
                      if c.bank and c.amount is not None] if len(self.cards) > 1 else None,
        }
