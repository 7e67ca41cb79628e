"""Less than the minimum by the due date (persona trial s8 M5, issue 19 item 3): one answer, one figure.

「中信的卡还没逾期 最低还款1800 我只凑得出900 怎么办」 got 「可以。按时还上最低还款额…不收违约金」, then 违约金 90 and, in
one reply, 45 and 90; 「13号还900 20号再补900 算不算逾期」 went unanswered for five turns. What holds (DOMAIN §1–§3):
paying less than the minimum makes the card overdue once the bank's grace days pass with part of it unpaid; the
违约金 is 5 % of the unpaid part of the minimum within the bank's floor and cap; a full-interest bank charges interest
on the whole statement from its posting date; the overdue may then be reported. Topped up within the grace days it is
usually on time. Computed once (bot.whatif.short_of_minimum) and said by `short_minimum_text` wherever it is asked.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import texts as x
from actions.common import today, yuan
from bot import whatif
from bot.case import UNKNOWN_BANK, Card, to_decimal
from bot.finance.schedules import FULL
from bot.finance.templates import percent

# the roles of a reading's facts that say what the person will pay on this statement (「我只凑得出900」「13号我只还900」)
PAYMENT_ROLES = ("amount_offered", "budget")
# the topics the answer already gives: no second block after it (actions.topics.answer_other_topics)
COVERS = frozenset({"min_payment", "penalty", "credit_report", "grace", "consequences", "interest", "stop_loss"})


def _readings(tracker: Tracker) -> list[tuple[dict[str, Any], str]]:
    """The stored readings of this conversation's turns (slot `reading` events) with their messages, newest first,
    this turn's first."""
    found: list[tuple[dict[str, Any], str]] = []
    current = tracker.get_slot("reading")
    if isinstance(current, dict):
        found.append((current, tracker.latest_message.get("text") or ""))
    pairs: list[tuple[dict[str, Any], str]] = []
    last_user = ""
    for event in tracker.events or []:
        if event.get("event") == "user":
            last_user = event.get("text") or ""
        elif event.get("event") == "slot" and event.get("name") == "reading" and isinstance(event.get("value"), dict):
            pairs.append((event["value"], last_user))
    for value, text in reversed(pairs):
        if not found or value is not found[0][0]:
            found.append((value, text))
    return found


def _payments(reading: dict[str, Any], text: str) -> list[Decimal]:
    """What a turn says the person will pay on the statement; a monthly amount (「每月能还1000」) is a plan's budget,
    not a payment on this statement."""
    values = []
    monthly = whatif.says_monthly(text)
    for fact in reading.get("facts") or []:
        if isinstance(fact, dict) and fact.get("role") in PAYMENT_ROLES and not fact.get("negated") \
                and fact.get("whose", "user") == "user" and not (monthly and fact.get("role") == "budget"):
            value = to_decimal(fact.get("value"))
            if value is not None and value > 0:
                values.append(value)
    scenario = reading.get("scenario")
    if isinstance(scenario, dict) and scenario.get("kind") in (whatif.PAY_NOW, whatif.COVERS_MIN):
        value = to_decimal(scenario.get("amount"))
        if value is not None and value > 0:
            values.append(value)
    return values


def payment_this_turn(tracker: Tracker, minimum: Decimal | None) -> Decimal | None:
    """What this message says the person will pay on the statement, when it is less than the minimum."""
    current = tracker.get_slot("reading")
    values = _payments(current, tracker.latest_message.get("text") or "") if isinstance(current, dict) else []
    short = [v for v in values if minimum is None or v < minimum]
    return short[0] if short else None


def planned_payment(tracker: Tracker, minimum: Decimal | None) -> Decimal | None:
    """The amount the person said they will pay on this statement, less than the minimum: this turn's, else the
    latest said before (「我只凑得出900」 three turns back)."""
    for reading, text in _readings(tracker):
        short = [v for v in _payments(reading, text) if minimum is None or v < minimum]
        if short:
            return short[0]
    return None


def user_texts(tracker: Tracker) -> list[str]:
    """The person's messages, newest first (this one first)."""
    return [e.get("text") or "" for e in reversed(tracker.events or []) if e.get("event") == "user"]


def due_date(tracker: Tracker) -> tuple[int | None, int] | None:
    """The due date the person said (「还款日是12月13号」), in this message or an earlier one."""
    for text in user_texts(tracker):
        said = whatif.due_said(text)
        if said is not None:
            return said
    return None


def short_card(tracker: Tracker) -> Card | None:
    """The card the question is about: the one the message names, else the only card with a minimum, else the only
    card; None when it is past its bank's grace days (already overdue: the overdue answers apply)."""
    from actions.case_slots import case_of
    from actions.finance_answers import bank_named

    cards = [c for c in case_of(tracker).cards]
    named = bank_named(tracker)
    chosen = next((c for c in cards if named and c.bank == named), None)
    if chosen is None:
        with_min = [c for c in cards if c.min_payment is not None]
        chosen = with_min[0] if len(with_min) == 1 else (cards[0] if len(cards) == 1 else None)
    if chosen is None:
        return None
    from bot import finance

    days = chosen.overdue_days
    if days is not None and days > finance.get_schedule(chosen.bank).grace:
        return None
    return chosen


def _limit(r: whatif.ShortOfMinimum, bank: str) -> str:
    if r.floor_applied and r.schedule.penalty_floor.value is not None:
        return x.SHORT_MIN_FLOOR.format(bank=bank, floor=yuan(r.schedule.penalty_floor.value))
    if r.cap_applied and r.schedule.penalty_cap.value is not None and not isinstance(r.schedule.penalty_cap.value, str):
        return x.SHORT_MIN_CAP.format(bank=bank, cap=yuan(r.schedule.penalty_cap.value))
    return ""


def _interest(r: whatif.ShortOfMinimum, bank: str) -> str:
    if r.method != FULL:
        return x.SHORT_MIN_INTEREST_UNPAID.format(bank=bank)
    if r.balance is not None and r.balance > 0:
        return x.SHORT_MIN_INTEREST_FULL.format(balance=yuan(r.balance))
    return x.SHORT_MIN_INTEREST_FULL_UNKNOWN


def _grace(r: whatif.ShortOfMinimum, bank: str) -> str:
    return (x.SHORT_MIN_GRACE.format(bank=bank, grace=r.grace) if r.grace > 0
            else x.SHORT_MIN_NO_GRACE.format(bank=bank))


def _penalty(r: whatif.ShortOfMinimum, bank: str) -> str:
    if r.penalty is None or r.unpaid is None:
        return x.SHORT_MIN_PENALTY_RULE.format(rate=percent(r.schedule.penalty_rate.value, 0))
    return x.SHORT_MIN_PENALTY.format(penalty=yuan(r.penalty), unpaid=yuan(r.unpaid),
                                      rate=percent(r.schedule.penalty_rate.value, 0), limit=_limit(r, bank))


def short_minimum_text(tracker: Tracker, from_history: bool = False) -> str | None:
    """The answer to a question about paying less than the minimum by the due date, or None when the message asks
    no such thing (or the card is already past its grace days). ``from_history``: a 违约金 or 逾期 question with the
    amount said in an earlier message (「违约金多少」 after 「我只凑得出900」) is asked too."""
    text = tracker.latest_message.get("text") or ""
    due = due_date(tracker)
    top_up = whatif.parse_top_up(text, today(), due)
    card = short_card(tracker)
    minimum = card.min_payment if card is not None else None
    said_now = payment_this_turn(tracker, minimum)
    if said_now is None and from_history and minimum is not None and whatif.asks_about_shortfall(text, True):
        said_now = planned_payment(tracker, minimum)
    if top_up is None and (said_now is None or minimum is None or not whatif.asks_about_shortfall(text)):
        return None
    if card is None and top_up is None:
        return None
    paid = (top_up.first if top_up is not None else None) or said_now or planned_payment(tracker, minimum)
    if card is not None and card.paid is not None and paid is None and minimum is not None and card.paid < minimum:
        paid = card.paid
    if minimum is None and top_up is not None and top_up.rest is not None:
        # 「13号还900 20号再补900」 with no minimum told: the part paid late is the unpaid minimum
        minimum = (paid or Decimal(0)) + top_up.rest
    if minimum is not None and paid is not None and paid >= minimum:
        return None
    bank_name = card.bank if card is not None and card.bank and card.bank != UNKNOWN_BANK else None
    balance = None
    if card is not None:
        balance = card.statement_balance if card.statement_balance is not None else card.amount
    r = whatif.short_of_minimum(bank_name, minimum, paid, top_up.late_days if top_up else None, balance)
    bank = bank_name or x.SHORT_MIN_BANK_DEFAULT
    values = dict(bank=bank, grace=r.grace, grace_text=_grace(r, bank), penalty=_penalty(r, bank),
                  interest=_interest(r, bank), hedge=x.SHORT_MIN_HEDGE,
                  unpaid=yuan(r.unpaid) if r.unpaid is not None else x.SHORT_MIN_UNPAID_UNKNOWN)
    if r.late_days is None:
        lead = (x.SHORT_MIN_LEAD.format(paid=yuan(r.paid), minimum=yuan(r.minimum), unpaid=yuan(r.unpaid))
                if r.minimum is not None and r.paid > 0 else x.SHORT_MIN_LEAD_UNKNOWN)
        basis = whatif.basis_asked(text)
        if basis is not None and r.unpaid is not None and basis == r.unpaid:
            # 「违约金不是应该按900算吗」: yes, first
            lead = x.SHORT_MIN_YES_BASIS.format(unpaid=yuan(r.unpaid)) + lead
        return lead + x.SHORT_MIN_GENERAL.format(**values)
    later = (x.SHORT_MIN_LATER_DAY.format(day=top_up.later_day) if top_up and top_up.later_day
             else x.SHORT_MIN_LATER_DAYS.format(days=r.late_days))
    if not r.overdue:
        return x.SHORT_MIN_LATE_IN_GRACE.format(later=later, late=r.late_days, **values)
    last = ""
    if top_up is not None and top_up.due_day is not None and r.grace > 0:
        last = x.SHORT_MIN_LAST_DAY.format(day=_add_days(top_up.due_day, r.grace, due))
    past = (x.SHORT_MIN_PAST_GRACE.format(bank=bank, grace=r.grace) if r.grace > 0
            else x.SHORT_MIN_PAST_NO_GRACE.format(bank=bank))
    in_time = x.SHORT_MIN_IN_TIME.format(grace=r.grace, last=last) if r.grace > 0 else x.SHORT_MIN_IN_TIME_NO_GRACE
    return x.SHORT_MIN_LATE_OVERDUE.format(later=later, late=r.late_days, past_grace=past, in_time=in_time, **values)


def _add_days(day: int, days: int, due: tuple[int | None, int] | None) -> str:
    """The day of the month ``days`` after ``day`` (the due date's month when said, else this month)."""
    import calendar

    now = today()
    month = due[0] if due and due[0] else now.month
    length = calendar.monthrange(now.year, month)[1]
    later = day + days
    return str(later if later <= length else later - length)


def answer_short_minimum(dispatcher: CollectingDispatcher, tracker: Tracker, from_history: bool = False) -> bool:
    """Says `short_minimum_text` when this turn asks it; True when it did."""
    text = short_minimum_text(tracker, from_history)
    if text is None:
        return False
    dispatcher.utter_message(text=text)
    return True


# ---- the minimum paid in parts, and what is due after an instalment (persona trial s10 P4) ---------------------------


def split_payment_text(tracker: Tracker) -> str | None:
    """「先还400 再凑200 在还款日前还上 可以吧」「先还400还是等凑够600再还」「先还400 过两天再还200 算不算按时还了最低」:
    the statement's minimum paid in parts, answered as asked (DOMAIN §1–§3: the minimum by the due date keeps the account
    current, the grace days usually count as on time, the 违约金 is 5 % of the unpaid part, interest runs); None when
    the message asks no such thing, the card is past its grace days, or the minimum is not known."""
    split = whatif.parse_split(tracker.latest_message.get("text") or "")
    if split is None or not (split.wait or split.before_due or split.later_days is not None):
        return None
    card = short_card(tracker)
    if card is None:
        return None
    minimum = card.min_payment if card.min_payment is not None else (split.target if split.wait else None)
    if minimum is None:
        return None
    bank_name = card.bank if card.bank and card.bank != UNKNOWN_BANK else None
    bank = bank_name or x.SHORT_MIN_BANK_DEFAULT
    balance = card.statement_balance if card.statement_balance is not None else card.amount
    first = split.parts[0]
    paid = first if split.wait else split.total
    r = whatif.short_of_minimum(bank_name, minimum, min(paid, minimum) if split.wait else paid, None, balance)
    values = dict(minimum=yuan(minimum), interest=_interest(r, bank), hedge=x.SHORT_MIN_HEDGE, grace_text=_grace(r, bank),
                  penalty=_penalty(r, bank))
    if split.wait:
        return x.SPLIT_WAIT.format(first=yuan(first), rest=yuan(max(Decimal(0), minimum - first)), **values)
    parts = x.SPLIT_PART_JOIN.join(yuan(p) for p in split.parts)
    if split.total < minimum:
        return x.SPLIT_SHORT.format(parts=parts, total=yuan(split.total), minimum=yuan(minimum),
                                    unpaid=yuan(minimum - split.total)) + x.SHORT_MIN_GENERAL.format(
            bank=bank, grace=r.grace, unpaid=yuan(minimum - split.total), **values)
    if split.later_days is not None:
        last = whatif.short_of_minimum(bank_name, minimum, split.total - split.parts[-1], None, balance)
        return x.SPLIT_LATER.format(rest=yuan(split.parts[-1]), **{**values, "penalty": _penalty(last, bank)})
    return x.SPLIT_OK.format(parts=parts, **values)


def after_instalment_text(tracker: Tracker) -> str | None:
    """「分期以后还要还最低还款吗」「这536是不是就是我每个月要还的全部了」: the instalment has no minimum, it is paid each month;
    the rest of the statement is billed as usual (DOMAIN §5). None when the message asks no such thing."""
    if not whatif.asks_after_instalment(tracker.latest_message.get("text") or ""):
        return None
    from actions.finance_answers import said_instalment_periods, said_instalment_rate
    from actions.whatif import facts

    figure = ""
    one = facts(tracker).one
    periods = said_instalment_periods(tracker)
    slot = to_decimal(tracker.get_slot("installments"))
    if periods is None and slot is not None and 1 <= slot <= whatif.MAX_PERIODS:
        periods = int(slot)
    if one is not None and one.principal > 0 and periods:
        rate = said_instalment_rate(tracker) or whatif.EXAMPLE_INSTALMENT_RATE
        bill = whatif.finance.installment(one.principal, periods, rate)
        figure = x.AFTER_INSTALMENT_FIGURE.format(amount=yuan(one.principal), periods=periods,
                                                  per_period=yuan(bill.per_period), rate=percent(rate))
    return x.AFTER_INSTALMENT.format(per_period=figure)


def answer_payment_question(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """Says `split_payment_text` or `after_instalment_text` when this turn asks one; True when it did."""
    text = split_payment_text(tracker) or after_instalment_text(tracker)
    if text is None:
        return False
    dispatcher.utter_message(text=text)
    return True
