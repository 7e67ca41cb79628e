"""What-if answers, the 「我记下的情况」 recap, compound questions and the fact-correction ask (issue 11).

Thin glue over bot.whatif (scenarios and figures) and bot.nlu.topics (the topics of one message). Facts
come from the case model (slot `case`, bot/case.py) when it is set, else from the contract slots; the
slot `hypothetical` overrides them for this answer only and is said as 「如果…」, never as the person's fact.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import texts as x
from actions.common import UNKNOWN_BANK, bullet_lines, is_wechat, to_decimal, today, yuan
from actions.distress import distressed
from bot import whatif
from bot.case import CASE_SLOT, Case
from bot.finance import templates as t
from bot.finance.errors import FinanceInputError
from bot.nlu.reading import READING_SLOT, card_plan_from_slot, fact_named_in, scenario_from_slot

HYPOTHETICAL_SLOT = "hypothetical"
PENDING_CORRECTION_SLOT = "pending_correction"
# the facts a button may ask to change, in the order of the recap (CONTRACT §1 slot names)
CORRECTABLE_FACTS = (
    "bank", "debt_amount", "overdue_days", "monthly_income", "monthly_expenses", "monthly_budget", "installments",
    "hardship_reason",  # the summary card's 「改原因」 (issue 13)
)


# ---- facts ---------------------------------------------------------------------------------------------


def _days(value: Any) -> int | None:
    number = to_decimal(value)
    return None if number is None or number < 0 else int(number.to_integral_value(rounding=ROUND_HALF_UP))


def _bank(value: Any) -> str | None:
    return None if not value or value == UNKNOWN_BANK else str(value)


def card_facts(c: Any, slot_days: int | None) -> whatif.CardFacts:
    """A case card as the answers use it (bot.whatif.case_card: the console's figures read it the same way)."""
    return whatif.case_card(c, slot_days)


def recorded_cards(tracker: Tracker) -> list[whatif.CardFacts]:
    """The cards as recorded: the case model's cards (each with its own bank and days), else the `debts`
    slot (several cards of one message), else one card from `bank` / `debt_amount` / `overdue_days`."""
    slot_days = _days(tracker.get_slot("overdue_days"))
    case = Case.from_slot(tracker.get_slot(CASE_SLOT))
    cards = whatif.case_cards(case, slot_days)
    if cards:
        return cards
    debts = tracker.get_slot("debts") or []
    listed = [d for d in debts if isinstance(d, dict) and (to_decimal(d.get("amount")) or 0) > 0]
    if len(listed) > 1:
        return [whatif.CardFacts(_bank(d.get("bank")), to_decimal(d["amount"]), slot_days) for d in listed]
    amount = to_decimal(tracker.get_slot("debt_amount"))
    if amount is None or amount <= 0:
        return []
    bank = _bank(tracker.get_slot("bank"))
    return [whatif.CardFacts(bank.split("、")[0] if bank else None, amount, slot_days)]


def hypothetical(tracker: Tracker) -> dict[str, Any]:
    """This turn's 如果… overrides (slot `hypothetical`, CONTRACT-slot names) that this code can apply."""
    raw = tracker.get_slot(HYPOTHETICAL_SLOT)
    if not isinstance(raw, dict):
        return {}
    result: dict[str, Any] = {}
    if _days(raw.get("overdue_days")) is not None:
        result["overdue_days"] = _days(raw["overdue_days"])
    amount = to_decimal(raw.get("debt_amount"))
    if amount is not None and amount > 0:
        result["debt_amount"] = amount
    if _bank(raw.get("bank")):
        result["bank"] = str(raw["bank"])
    for key in PLAN_FACTS:  # 「要是工资降到5000」: the plan's facts, for a plan what-if (plan_what_if_reply)
        value = to_decimal(raw.get(key))
        if value is not None and value >= 0:
            result[key] = value
    return result


# the situation facts a 「如果收入只有5000」 changes for one answer (bot.case.Situation names)
PLAN_FACTS = ("monthly_income", "monthly_expenses", "monthly_budget")


@dataclass(frozen=True)
class Facts:
    """What an answer uses: ``cards`` with the hypothetical applied, ``recorded`` as the person told it."""

    cards: list[whatif.CardFacts]
    recorded: list[whatif.CardFacts]
    hypothetical: dict[str, Any] = field(default_factory=dict)

    @property
    def one(self) -> whatif.CardFacts | None:
        """A single card standing for the whole debt: the only card, or the total at the first card's bank."""
        if not self.cards:
            return None
        if len(self.cards) == 1:
            return self.cards[0]
        days = [c.overdue_days for c in self.cards if c.overdue_days is not None]
        total = sum((c.principal for c in self.cards), Decimal(0))
        paid = [c.paid for c in self.cards if c.paid]
        return whatif.CardFacts(self.cards[0].bank, total, max(days) if days else None,
                                paid=sum(paid, Decimal(0)) if paid else None)


def facts(tracker: Tracker) -> Facts:
    recorded = recorded_cards(tracker)
    # the plan's facts (income, expenses, budget) change no card: only the plan what-if uses them
    # (「要是这个月还5000」 is a payment, never 「如果每月能还5,000元」)
    hypo = {k: v for k, v in hypothetical(tracker).items() if k not in PLAN_FACTS}
    scenario = turn_scenario(tracker)
    if scenario is not None and scenario.kind == whatif.MIN_ONLY and "overdue_days" in hypo:
        # 「如果只还最低 一个月利息多少」: paying the minimum is paying on time, so 「一个月」 there is a length of time,
        # never a hypothetical 30 days overdue (persona trial J5 #9: told 「已经逾期，要先补上」)
        hypo = {k: v for k, v in hypo.items() if k != "overdue_days"}
    if scenario is not None and scenario.kind == whatif.BUDGET_FIT and hypo.get("debt_amount") == scenario.amount:
        # 「每月1000的话能分几年」: 1,000 is what the person can pay a month, never a debt of 1,000 (trial D3)
        hypo = {k: v for k, v in hypo.items() if k != "debt_amount"}
    cards = list(recorded)
    if "overdue_days" in hypo:
        cards = [replace(c, overdue_days=hypo["overdue_days"]) for c in cards]
    if "debt_amount" in hypo:
        first = cards[0] if cards else whatif.CardFacts(_bank(tracker.get_slot("bank")), hypo["debt_amount"])
        cards = [replace(first, principal=hypo["debt_amount"], min_payment=None)]
    if "bank" in hypo and len(cards) == 1:
        cards = [replace(cards[0], bank=hypo["bank"])]
    return Facts(cards=cards, recorded=recorded, hypothetical=hypo)


def card_label(card: whatif.CardFacts) -> str:
    days = "" if card.overdue_days is None else (
        x.RECAP_DAYS_AT_LEAST if card.days_at_least else x.RECAP_DAYS if card.overdue_days else x.RECAP_NOT_OVERDUE
    ).format(days=card.overdue_days)  # 「我没逾期」: never 「逾期0天」 (persona trial J5)
    return x.RECAP_CARD.format(bank=card.bank or x.RECAP_BANK_UNKNOWN, amount=yuan(card.principal), days=days)


def recap(f: Facts) -> str:
    """「我记下的情况：招商银行 25,000.00元 逾期45天。」 then, for a hypothetical, 「如果逾期40天（…）：」."""
    line = x.RECAP.format(items="；".join(card_label(c) for c in f.recorded)) if f.recorded else ""
    if f.hypothetical:
        items = "、".join(
            x.HYPO_ITEMS[key].format(value=yuan(value) if key in ("debt_amount", *PLAN_FACTS) else value)
            for key, value in f.hypothetical.items() if key in x.HYPO_ITEMS
        )
        line += ("\n" if line else "") + x.HYPOTHETICAL.format(items=items)
    return line + "\n" if line else ""


def fact_buttons(tracker: Tracker) -> list[dict[str, str]]:
    """The recap's 「改银行」「改欠款」「改天数」 buttons; none on WeChat, whose replies are text only."""
    return [] if is_wechat(tracker) else [dict(b) for b in x.FACT_BUTTONS]


# ---- not saying the same block twice -------------------------------------------------------------------


def sent_before(tracker: Tracker, dispatcher: CollectingDispatcher, response: str | None = None,
                text: str | None = None) -> bool:
    """Whether this conversation (or this very action) already showed that response or that exact text."""
    for event in tracker.events:
        if event.get("event") != "bot":
            continue
        if response and (event.get("metadata") or {}).get("utter_action") == response:
            return True
        if text and event.get("text") == text:
            return True
    for message in dispatcher.messages:
        if (response and message.get("response") == response) or (text and message.get("text") == text):
            return True
    return False


def said_with(tracker: Tracker, response: str, *fragments: str) -> bool:
    """Whether an earlier bot message of ``response`` carried all of ``fragments`` (the same figures)."""
    return any(
        event.get("event") == "bot" and (event.get("metadata") or {}).get("utter_action") == response
        and all(fragment in (event.get("text") or "") for fragment in fragments)
        for event in tracker.events
    )


# ---- what-ifs ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reply:
    """A figure first (``figure``, the first bubble, under the recap) and ``details`` after it."""

    figure: str
    details: list[str] = field(default_factory=list)


def _needs(*missing: str) -> Reply:
    return Reply(x.WHATIF_NEEDS.format(missing="和".join(x.WHATIF_MISSING[m] for m in missing)))


def _assumptions(card: whatif.CardFacts) -> str:
    projection = whatif.projection(card)
    return x.WHATIF_ASSUMPTIONS.format(lines=bullet_lines(projection.assumptions[:4]))


# 「会怎么样」「后果」: a delay asked for what it brings (not only for the money)
DELAY_CONSEQUENCE_TOPICS = ("consequences", "criminal", "lawsuit", "credit_report")
LONG_DELAY_DAYS = 60


def _delay_consequences(cards: list[whatif.CardFacts], scenario: whatif.Scenario) -> Reply:
    """「再拖三个月会怎么样」: today's days + the delay → the 征信 code reached, the money added (a month on average),
    the lawsuit risk, and for a total principal ≥ 5万 the day the criminal time condition can be met (DOMAIN §3–4);
    the stages, the criminal conditions and the assumptions behind 「详细」."""
    from actions.consequences import stage_line

    r = whatif.delay_report(cards, scenario.delay_days or 0)
    p = r.later
    template = x.WHATIF_DELAY if p.code_today != p.code_later else x.WHATIF_DELAY_SAME_CODE
    figure = template.format(
        label=scenario.delay_label, days=r.days_later, extra=yuan(p.extra_total), interest=yuan(p.extra_interest),
        penalty=yuan(p.extra_penalty), per_month=yuan(r.per_month), before=p.code_today, after=p.code_later,
        worst=x.WHATIF_DELAY_WORST if p.code_later == "7" else "")
    details = [x.WHATIF_DELAY_SUIT]
    if r.criminal_time == "crossed":
        figure += "\n" + x.WHATIF_DELAY_CRIMINAL_CROSSED.format(principal=yuan(r.principal), earliest=r.earliest_day)
    elif r.criminal_time == "already":
        figure += "\n" + x.WHATIF_DELAY_CRIMINAL_ALREADY.format(principal=yuan(r.principal), days=r.days_now)
    if r.criminal_time:
        details.append(x.WHATIF_DELAY_CRIMINAL_WHY.format(earliest=r.earliest_day))
    if r.new_stages:
        report = whatif.finance.consequences(r.days_later, r.principal, bank=cards[0].schedule)
        lines = [stage_line(s) for s in report.stages if s.key in r.new_stages]
        details.append(x.WHATIF_DELAY_STAGES.format(lines=bullet_lines(lines)))
    details.append(_assumptions(cards[0]))
    return Reply(figure, details)


def _pay_later(cards: list[whatif.CardFacts], scenario: whatif.Scenario, asks_consequences: bool = False) -> Reply:
    card = cards[0]
    r = whatif.pay_later_all(cards, scenario.delay_days or 0)
    if not r.within_grace_later and (asks_consequences or (scenario.delay_days or 0) >= LONG_DELAY_DAYS):
        return _delay_consequences(cards, scenario)
    if r.within_grace_later:
        figure = x.WHATIF_PAY_LATER_GRACE.format(
            label=scenario.delay_label, days=(card.overdue_days or 0) + r.delay_days, grace=card.schedule.grace)
        return Reply(figure)
    figure = x.WHATIF_PAY_LATER.format(
        label=scenario.delay_label, delay=r.delay_days, extra=yuan(r.extra_total),
        interest=yuan(r.extra_interest), penalty=yuan(r.extra_penalty))
    if r.code_today != r.code_later:
        figure += x.WHATIF_PAY_LATER_CODE.format(before=r.code_today, after=r.code_later)
    detail = x.WHATIF_PAY_LATER_DETAIL.format(today=yuan(r.owed_today), label=scenario.delay_label,
                                               later=yuan(r.owed_later))
    return Reply(figure, [detail + "\n" + _assumptions(card)])


def _pay_off(cards: list[whatif.CardFacts]) -> Reply:
    card = cards[0]
    r = whatif.pay_off_all(cards)
    if r.within_grace:
        return Reply(x.WHATIF_PAY_OFF_GRACE.format(owed=yuan(r.owed)))
    figure = x.WHATIF_PAY_OFF.format(owed=yuan(r.owed), principal=yuan(r.principal), interest=yuan(r.interest),
                                     penalty=yuan(r.penalty))
    return Reply(figure + x.WHATIF_PAY_OFF_WAIT.format(wait=yuan(r.wait_cost)), [_assumptions(card)])


def grace_when(state: whatif.GraceState) -> str:
    """「今天是到期后第3天，是3天容时期的最后一天」: where today falls in the card's grace days."""
    if state.days == 0:
        return x.GRACE_WHEN_DUE
    if state.days_left == 0:
        return x.GRACE_WHEN_LAST.format(days=state.days, grace=state.grace)
    return x.GRACE_WHEN_IN.format(days=state.days, grace=state.grace, left=state.days_left)


def _pay_now_within_grace(card: whatif.CardFacts, r: whatif.PayNow, state: whatif.GraceState) -> Reply:
    """先还X within the grace days: the 违约金 is avoided when X tops up the minimum (none has been charged yet),
    the interest saved is X's own over 30 days (persona trial I3 #8)."""
    values = dict(amount=yuan(r.amount), minimum=yuan(state.unpaid_minimum), when=grace_when(state),
                  hedge=x.GRACE_HEDGE, interest=yuan(r.interest_saved), rate=t.rate_text(card.schedule.rate),
                  remaining=yuan(r.remaining), shortfall=yuan(max(Decimal(0), state.unpaid_minimum - r.amount)),
                  penalty=yuan(whatif.penalty_amount(card.schedule, max(Decimal(0), state.unpaid_minimum - r.amount),
                                                     principal=card.principal)))
    template = x.WHATIF_PAY_NOW_GRACE if r.amount >= state.unpaid_minimum else x.WHATIF_PAY_NOW_GRACE_SHORT
    return Reply(template.format(**values), [_assumptions(card)])


def _pay_now_fees_first(card: whatif.CardFacts, r: whatif.PayNow, distressed: bool = False) -> Reply:
    """All of the payment settles 违约金 already charged (the engine's order, DOMAIN §1's two buckets): the debt falls by
    the payment, the interest does not at once — said with why, and what else the payment counts for (DOMAIN §4: every
    repayment counts as principal; the 5万 line with the person's figure, never after a distress signal) (persona trial
    s9 N3 #13: 「作用有限：利息约少0.00元、违约金约少0.00元」)."""
    figure = x.WHATIF_PAY_NOW_FEES_FIRST.format(amount=yuan(r.amount), owed=yuan(r.owed_today),
                                                remaining=yuan(r.remaining), fees=yuan(r.penalty_charged))
    if r.penalty_saved > 0:
        figure += x.WHATIF_PAY_NOW_PENALTY_SAVED.format(penalty=yuan(r.penalty_saved))
    after = max(Decimal(0), card.principal - r.amount)
    if card.principal >= whatif.CRIMINAL_PRINCIPAL and not distressed:
        template = x.WHATIF_PAY_NOW_PRINCIPAL_BELOW if after < whatif.CRIMINAL_PRINCIPAL else x.WHATIF_PAY_NOW_PRINCIPAL
        figure += template.format(principal=yuan(card.principal), after=yuan(after))
    else:
        figure += x.WHATIF_PAY_NOW_GOODWILL
    more = x.WHATIF_PAY_NOW_FEES_FIRST_MORE.format(
        alt=yuan(r.interest_saved_bearing_first), amount=yuan(r.amount), minimum=yuan(r.minimum),
        estimated="估算" if r.minimum_estimated else "账单")
    return Reply(figure, [more, _assumptions(card)])


def _pay_now(card: whatif.CardFacts, scenario: whatif.Scenario, distressed: bool = False) -> Reply:
    r = whatif.pay_now(card, scenario.amount)
    state = whatif.grace_state(card)
    if state is not None and not r.clears_all:
        return _pay_now_within_grace(card, r, state)
    if r.clears_all:
        saved = r.interest_saved + r.penalty_saved
        return Reply(x.WHATIF_PAY_NOW_ALL.format(amount=yuan(r.amount), owed=yuan(r.owed_today), saved=yuan(saved)))
    if r.to_fees >= r.amount and not r.covers_minimum:
        return _pay_now_fees_first(card, r, distressed)
    # the verdict first: covering the minimum due stops the 违约金 and the overdue growing; less still saves interest
    # and fee, and is said to help (never 「作用有限」, persona trial s9 N3 #13)
    figure = (x.WHATIF_PAY_NOW_USEFUL if r.covers_minimum else x.WHATIF_PAY_NOW_LIMITED).format(
        amount=yuan(r.amount), interest=yuan(r.interest_saved), penalty=yuan(r.penalty_saved),
        remaining=yuan(r.remaining), estimated="估算" if r.minimum_estimated else "账单", minimum=yuan(r.minimum),
        shortfall=yuan(r.minimum_shortfall))
    details = [x.WHATIF_PAY_NOW_FEES.format(fees=yuan(r.to_fees))] if r.to_fees > 0 else []
    return Reply(figure, [*details, _assumptions(card)])


def _covers(card: whatif.CardFacts, scenario: whatif.Scenario) -> Reply:
    r = whatif.covers_minimum(card, scenario.amount)
    bank = card.bank or "一般银行"
    if not r.estimated:
        basis = x.WHATIF_COVERS_BASIS_GIVEN
    elif r.overdue:
        basis = x.WHATIF_COVERS_BASIS_OVERDUE.format(bank=bank)
    else:
        basis = x.WHATIF_COVERS_BASIS_RATIO.format(bank=bank, ratio=t.percent(r.ratio, 0))
    template = x.WHATIF_COVERS_YES if r.covers else x.WHATIF_COVERS_NO
    figure = template.format(amount=yuan(r.amount), minimum=yuan(r.minimum), basis=basis, shortfall=yuan(r.shortfall))
    return Reply(figure, [x.WHATIF_COVERS_NOTE])


def _instalments(card: whatif.CardFacts, scenario: whatif.Scenario, periods_slot: Any) -> Reply:
    periods = scenario.periods or _days(periods_slot)
    if not periods:
        return Reply(x.WHATIF_INSTALMENTS_ASK)
    r = whatif.instalments(card, periods, today(), scenario.rate or whatif.EXAMPLE_INSTALMENT_RATE)
    figure = (x.WHATIF_INSTALMENTS_CAP if r.capped else "") + x.WHATIF_INSTALMENTS.format(
        periods=r.periods, balance=yuan(r.balance), personal=yuan(r.personal_monthly), rate=t.percent(r.rate),
        rate_note=x.WHATIF_RATE_SAID if scenario.rate else x.WHATIF_RATE_EXAMPLE,
        principal=yuan(r.principal), bill=yuan(r.bill.per_period), fee=yuan(r.bill.total_fee),
        apr=t.percent(r.bill.apr))
    return Reply(figure, [x.WHATIF_INSTALMENTS_NOTE + "\n" + r.bill.warning])


def monthly_room(tracker: Tracker) -> tuple[Decimal, str] | None:
    """What the person can pay a month and how it was said: income − essential expenses (less what is set aside every
    month), or the budget they named when it is lower or the only figure; None when neither is known."""
    from actions.case_slots import case_of

    s = case_of(tracker).situation
    room: Decimal | None = None
    basis = ""
    if s.monthly_income is not None and s.monthly_expenses is not None:
        room = s.monthly_income - s.monthly_expenses - (s.set_aside or 0) - (s.other_debt_payment or 0)
        family = s.income_source == "family"
        if room >= 0:
            surplus = x.WHATIF_AFFORD_SURPLUS_FAMILY if family else x.WHATIF_AFFORD_SURPLUS
        else:  # never 「剩 -3,900.00 元」
            surplus = x.WHATIF_AFFORD_DEFICIT_FAMILY if family else x.WHATIF_AFFORD_DEFICIT
        basis = surplus.format(income=yuan(s.monthly_income), expenses=yuan(s.monthly_expenses), room=yuan(room),
                               gap=yuan(-room))
    if s.monthly_budget is not None and (room is None or s.monthly_budget < room):
        room = s.monthly_budget
        basis = x.WHATIF_AFFORD_BUDGET.format(room=yuan(room))
    return None if room is None else (room, basis)


def _afford(tracker: Tracker, reply: Reply, card: whatif.CardFacts, scenario: whatif.Scenario) -> Reply:
    """「每月多少 付得起吗」: 够/不够 before the figures when the person's monthly room is known (persona trial s7 L2 #10:
    1,072 a month quoted, her 1,100 left, 「付得起嗎」 never answered)."""
    from bot.nlu.normalize import normalize
    from bot.nlu.topics import AFFORD_ASKED

    periods = scenario.periods or _days(tracker.get_slot("installments"))
    room = monthly_room(tracker)
    if not periods or room is None or not AFFORD_ASKED.search(normalize(tracker.latest_message.get("text") or "")):
        return reply
    pay = whatif.instalments(card, periods, today(), scenario.rate or whatif.EXAMPLE_INSTALMENT_RATE).bill.per_period
    amount, basis = room
    verdict = (x.WHATIF_AFFORD_YES.format(pay=yuan(pay), basis=basis, left=yuan(amount - pay)) if pay <= amount
               else x.WHATIF_AFFORD_NO.format(pay=yuan(pay), basis=basis, short=yuan(pay - amount)))
    return Reply(verdict + "\n" + reply.figure, reply.details)


# the bot's replies that show the plan's monthly figure (actions/plan.py)
PLAN_FIGURE_RESPONSES = ("utter_plan_summary", "utter_plan_result", "utter_last_plan_monthly")


def last_monthly_figure(tracker: Tracker) -> tuple[str, whatif.Scenario | None] | None:
    """The monthly figure shown last before this message: ("instalments", the what-if of the turn that showed it) or
    ("plan", None); None when no monthly figure was shown."""
    events = list(tracker.events)
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=len(events))
    for event in reversed(events[:last_user]):
        if event.get("event") == "bot" and (event.get("metadata") or {}).get("utter_action") in PLAN_FIGURE_RESPONSES:
            return "plan", None
        if event.get("event") == "slot" and event.get("name") == READING_SLOT:
            scenario = scenario_from_slot(event.get("value"))
            if scenario is not None and scenario.kind == whatif.INSTALMENTS:
                return "instalments", scenario
    return None


def answer_afford(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """「付得起嗎」 alone, after a monthly figure (persona trial s7 L2 #10): yes or no, that figure against what the person
    has left each month (income − essential expenses, or the budget they named), before anything else; True when
    answered (also with what is missing to answer)."""
    if not turn_request(tracker, "afford", lambda text: False) or turn_scenario(tracker) is not None:
        return False
    shown = last_monthly_figure(tracker)
    room = monthly_room(tracker)
    if shown is None:
        dispatcher.utter_message(text=x.AFFORD_WHICH)
        return True
    if room is None:
        dispatcher.utter_message(text=x.AFFORD_NEEDS)
        return True
    amount, basis = room
    kind, scenario = shown
    if kind == "instalments" and scenario is not None:
        f = facts(tracker)
        card = f.one or (f.cards[0] if f.cards else None)
        periods = scenario.periods or _days(tracker.get_slot("installments"))
        if card is None or not periods:
            dispatcher.utter_message(text=x.AFFORD_WHICH)
            return True
        if scenario.amount is not None:
            card = whatif.CardFacts(card.bank, scenario.amount)
        pay = whatif.instalments(card, periods, today(), scenario.rate or whatif.EXAMPLE_INSTALMENT_RATE).bill.per_period
        yes, no = x.WHATIF_AFFORD_YES, x.WHATIF_AFFORD_NO
    else:
        from actions.case_slots import case_of
        from actions.plan import plan_for, plan_options

        result = plan_for(case_of(tracker), plan_options(tracker))
        pay = result.monthly_payment if result.mode == "plan" else result.offered_payment
        if result.mode == "hardship" or pay <= 0:
            dispatcher.utter_message(text=x.AFFORD_PLAN_NOTHING.format(basis=basis))
            return True
        yes, no = x.AFFORD_PLAN_YES, x.AFFORD_PLAN_NO
    dispatcher.utter_message(text=yes.format(pay=yuan(pay), basis=basis, left=yuan(amount - pay)) if pay <= amount
                             else no.format(pay=yuan(pay), basis=basis, short=yuan(pay - amount)))
    return True


def _min_only(card: whatif.CardFacts) -> Reply:
    """The verdict first (on time, the minimum is not overdue: N), then the 12 months' figures (persona trial D4)."""
    r = whatif.minimum_only(card)
    figure = x.WHATIF_MIN_ONLY.format(months=r.months, interest=yuan(r.total_interest), remaining=yuan(r.remaining))
    first_rows = whatif.finance.project_minimum_only(r.balance, 1, bank=card.schedule).rows
    if first_rows and first_rows[0].interest > 0:  # 「只还最低 一个月利息多少」 (J5 #9): the month's figure first
        figure = x.WHATIF_MIN_ONLY_FIRST_INTEREST.format(interest=yuan(first_rows[0].interest)) + figure
    saved = x.WHATIF_MIN_ONLY_SAVED.format(saved=yuan(r.saved_against_unpaid))
    result = whatif.finance.project_minimum_only(r.balance, whatif.MIN_ONLY_MONTHS, bank=card.schedule)
    assumptions = x.WHATIF_ASSUMPTIONS.format(lines=bullet_lines(result.assumptions[:4]))
    if r.overdue:
        # overdue, the catch-up is part of the verdict (the account is normal only after it): in the first bubble
        catch_up, _ = whatif.minimum_due_now(card)  # what is still unpaid of it (persona trial G5)
        verdict = x.WHATIF_MIN_ONLY_VERDICT_OVERDUE.format(catch_up=yuan(catch_up), days=card.overdue_days)
        after = x.WHATIF_MIN_ONLY_CATCH_UP.format(balance=yuan(r.balance), first=yuan(r.first_minimum))
        return Reply(verdict + "\n" + figure, [saved + after + "\n" + assumptions])
    first = x.WHATIF_MIN_ONLY_FIRST.format(first=yuan(r.first_minimum))
    return Reply(x.WHATIF_MIN_ONLY_VERDICT + "\n" + figure, [saved + first + "\n" + assumptions])


def no_income(tracker: Tracker) -> bool:
    """The person has nothing to spare: the income recorded is no more than the essential expenses (0 when none), or,
    with no income recorded, this message or a recent one says the job or the income is gone (「工作丢了」)."""
    from actions.answers import recent_user_text

    situation = Case.from_slot(tracker.get_slot(CASE_SLOT)).situation
    income = situation.monthly_income
    if income is None:
        income = to_decimal(tracker.get_slot("monthly_income"))
    if income is not None:
        expenses = situation.monthly_expenses or to_decimal(tracker.get_slot("monthly_expenses")) or Decimal(0)
        return income <= expenses
    said = (tracker.latest_message.get("text") or "") + "，" + recent_user_text(tracker)
    return whatif.says_no_income(said)


def _which_first_living(f: Facts, r: whatif.WhichFirst) -> Reply:
    """With no income, 「先还哪个」 is answered with living money first; then the card whose minimum is smallest kept
    current if money is left, the others negotiated (persona trial s9 N5 #4)."""
    keep = min(r.order, key=lambda p: (p.minimum, p.card.principal))
    others = "、".join(p.card.bank or x.RECAP_BANK_UNKNOWN for p in r.order if p is not keep)
    figure = x.WHATIF_FIRST_LIVING.format(keep=keep.card.bank or x.RECAP_BANK_UNKNOWN, minimum=yuan(keep.minimum),
                                          others=others)
    lines = [x.WHATIF_FIRST_CARD.format(bank=p.card.bank or x.RECAP_BANK_UNKNOWN, amount=yuan(p.card.principal),
                                        minimum=yuan(p.minimum), fee=yuan(p.penalty_if_missed)) for p in r.order]
    return Reply(figure, [bullet_lines(lines)])


def _which_first(f: Facts, distressed: bool = False, nothing_to_spare: bool = False) -> Reply:
    if len(f.cards) < 2:
        return Reply(x.WHATIF_FIRST_ONE_CARD.format(card=card_label(f.cards[0])))
    r = whatif.which_first(f.cards)
    if nothing_to_spare:
        return _which_first_living(f, r)
    head = r.order[0]
    why = x.WHATIF_FIRST_WHY[head.reason].format(days=head.card.overdue_days)
    figure = x.WHATIF_FIRST_RULE.format(first=head.card.bank or x.RECAP_BANK_UNKNOWN, why=why)
    lines = [x.WHATIF_FIRST_CARD.format(bank=p.card.bank or x.RECAP_BANK_UNKNOWN, amount=yuan(p.card.principal),
                                        minimum=yuan(p.minimum), fee=yuan(p.penalty_if_missed)) for p in r.order]
    steps = x.WHATIF_FIRST_STEPS.format(total_min=yuan(r.total_minimum), order=" → ".join(
        p.card.bank or x.RECAP_BANK_UNKNOWN for p in r.order))
    details = [steps + "\n" + bullet_lines(lines)]
    # DOMAIN §7: after distress no criminal-threshold note nobody asked for
    if r.below_threshold_gap is not None and not distressed:
        details.append(x.WHATIF_FIRST_THRESHOLD.format(total=yuan(r.total_principal), gap=yuan(r.below_threshold_gap)))
    return Reply(figure, details)


def _budget_fit(f: Facts, scenario: whatif.Scenario, with_interest: bool = False) -> Reply:
    """「每月1000要还几年 / 够不够」: the total as told over every card (the plan's basis), against 60 periods."""
    total = sum((c.principal for c in f.cards), Decimal(0))
    r = whatif.budget_fit(total, scenario.amount, scenario.periods)
    values = dict(total=yuan(r.total), monthly=yuan(r.monthly), needed=r.periods_needed, years=r.years_needed,
                  periods=r.periods, needed_monthly=yuan(r.needed_monthly), gap=yuan(r.monthly_gap),
                  covered=yuan(r.covered), total_gap=yuan(r.total_gap))
    # the periods above assume interest stops (个性化分期 negotiated): the figure with interest running beside it,
    # first when the person asks with interest (persona trial I1 #13: 「如果利息照算」 got 27期 with no interest)
    rate = f.cards[0].schedule.rate
    # what each overdue card has already charged (interest, 违约金: its own bank's rules) stays owed when interest
    # runs, and the periods above hold only if it is waived too (ui-s7 A8: 19期 on 28,000 beside 29,576.38 today)
    interest, fees = charged(f.cards)
    owed = total + interest + fees
    paying = whatif.repay_with_interest(total + interest, scenario.amount, rate, fees=fees)
    base = x.WHATIF_BUDGET_BASE_CHARGED.format(total=yuan(owed), charged=yuan(interest + fees)) \
        if interest + fees else x.WHATIF_BUDGET_BASE.format(total=yuan(total))
    waived = x.WHATIF_BUDGET_WAIVED.format(charged=yuan(interest + fees)) if interest + fees else ""
    if paying.months is None:
        interest_line = x.WHATIF_BUDGET_INTEREST_NEVER.format(rate=t.rate_text(rate), base=base,
                                                             first=yuan(paying.first_interest), monthly=yuan(r.monthly))
    else:
        interest_line = x.WHATIF_BUDGET_INTEREST.format(
            rate=t.rate_text(rate), base=base, monthly=yuan(r.monthly), months=paying.months,
            years=paying.years, interest=yuan(paying.total_interest),
            limit=x.WHATIF_BUDGET_INTEREST_WITHIN if paying.months <= whatif.MAX_PERIODS
            else x.WHATIF_BUDGET_INTEREST_OVER)
    stopped_note = x.WHATIF_BUDGET_STOPPED_NOTE.format(waived=waived)
    if with_interest:
        stopped = x.WHATIF_BUDGET_STOPPED.format(waived=waived, **values) if r.fits else ""
        return Reply(interest_line + stopped, [x.WHATIF_BUDGET_FITS_NEXT if r.fits else x.WHATIF_BUDGET_SHORT_NEXT])
    if r.fits:
        return Reply(x.WHATIF_BUDGET_FITS.format(**values) + stopped_note + interest_line,
                     [x.WHATIF_BUDGET_FITS_NEXT])
    return Reply(x.WHATIF_BUDGET_SHORT.format(**values) + stopped_note + interest_line,
                 [x.WHATIF_BUDGET_SHORT_NEXT])


def charged(cards: list[whatif.CardFacts]) -> tuple[Decimal, Decimal]:
    """The interest and the 违约金 the cards have charged so far (each card by its bank's rules, DOMAIN §1–2); a card
    whose days are not known, or not overdue, has charged none that can be counted."""
    interest = fees = Decimal(0)
    for card in cards:
        if card.overdue_days:
            now = whatif.projection(card)
            interest += now.total_interest
            fees += now.total_penalty
    return interest, fees


def asks_consequences(tracker: Tracker) -> bool:
    """Whether this turn asks what happens (the classified intent, or a topic of the message), not only money."""
    from bot.nlu.topics import topics_in

    intent = ((tracker.latest_message or {}).get("intent") or {}).get("name") or ""
    if intent in ("ask_consequences", "ask_criminal_risk", "ask_lawsuit", "ask_credit_report"):
        return True
    return any(t in DELAY_CONSEQUENCE_TOPICS for t in topics_in(tracker.latest_message.get("text") or ""))


def what_if_reply(tracker: Tracker, scenario: whatif.Scenario, f: Facts) -> Reply:
    """The answer to ``scenario`` from the facts, or what is still needed to compute it. Figures the
    message itself states (「3万分12期」, 「最低还款额2000」) are used for this answer only."""
    first = f.one or whatif.CardFacts(_bank(tracker.get_slot("bank")), Decimal(0))
    if scenario.kind == whatif.INSTALMENTS and scenario.amount is not None:
        return _instalments(whatif.CardFacts(first.bank, scenario.amount), scenario, tracker.get_slot("installments"))
    if scenario.kind == whatif.COVERS_MIN and scenario.minimum is not None:
        return _covers(replace(first, min_payment=scenario.minimum), scenario)
    if not f.cards:
        return _needs("cards" if scenario.kind == whatif.WHICH_FIRST else "debt_amount")
    if scenario.kind == whatif.WHICH_FIRST:
        return _which_first(f, distressed=distressed(tracker), nothing_to_spare=no_income(tracker))
    if scenario.kind == whatif.BUDGET_FIT and scenario.amount is None:
        # 「四万七要还多久」: with the budget told, its answer; else what it depends on and the most a month over 60 periods
        budget = to_decimal(tracker.get_slot("monthly_budget"))
        if budget is None or budget <= 0:
            total = sum((c.principal for c in f.cards), Decimal(0))
            per60 = (total / whatif.MAX_PERIODS).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            return Reply(x.WHATIF_HOW_LONG_NEEDS_BUDGET.format(total=yuan(total), per60=yuan(per60)),
                         [x.WHATIF_BUDGET_FITS_NEXT])
        scenario = replace(scenario, amount=budget)
    if scenario.kind == whatif.BUDGET_FIT:
        return _budget_fit(f, scenario, whatif.asks_with_interest(tracker.latest_message.get("text") or ""))
    card = f.one
    if scenario.kind == whatif.INSTALMENTS:
        return _afford(tracker, _instalments(card, scenario, tracker.get_slot("installments")), card, scenario)
    if scenario.kind == whatif.COVERS_MIN:
        return _covers(card, scenario)
    if scenario.kind == whatif.MIN_ONLY and card.overdue_days is None:
        # 「每个月只还最低行不行」 with the days not told: paying the minimum on time is the question, no overdue is
        # assumed (persona trial J5 #2: she was asked how many days overdue, and was not overdue)
        return _min_only(card)
    if any(c.overdue_days is None for c in f.cards):
        return _needs("overdue_days")
    if scenario.kind == whatif.PAY_LATER:  # each card with its own bank's rules, summed
        return _pay_later(f.cards, scenario, asks_consequences=asks_consequences(tracker))
    if scenario.kind == whatif.PAY_OFF:
        return _pay_off(f.cards)
    if scenario.kind == whatif.PAY_NOW:
        return _pay_now(card, scenario, distressed=distressed(tracker))
    return _min_only(card)


def utter_reply(dispatcher: CollectingDispatcher, tracker: Tracker, f: Facts, reply: Reply,
                response: str = "utter_figure") -> None:
    """The recap and the figure in one first bubble (with the change-a-fact buttons), details after;
    a block already shown in this conversation is referred to instead of sent again."""
    figure = reply.figure
    if sent_before(tracker, dispatcher, text=recap(f) + figure):
        figure = x.REPEAT_FIGURE + figure
    dispatcher.utter_message(response=response, recap=recap(f) if f.recorded or f.hypothetical else "",
                             figure=figure, buttons=fact_buttons(tracker))
    from actions.answers import hold

    for detail in reply.details:  # on request (「详细」): the figure first, short (STYLE)
        if not sent_before(tracker, dispatcher, text=detail):
            hold(dispatcher, response="utter_details", details=detail)


def turn_scenario(tracker: Tracker) -> whatif.Scenario | None:
    """This turn's what-if from the one reading of the message (slot `reading`, issue 19); a tracker without
    that slot (a conversation from before it, or a stock Rasa without the hook) is read here as before."""
    raw = tracker.get_slot(READING_SLOT)
    if isinstance(raw, dict):
        return scenario_from_slot(raw)
    return whatif.parse_scenario(tracker.latest_message.get("text") or "", today())


_CLAUSE_SPLIT_RE = re.compile(r"[\s，,。；;！!？?]+")


def _part_of_what_if(clause: str, scenario: whatif.Scenario | None) -> bool:
    """A clause that asks the what-if's own figure: 「要是我先还五千呢 利息能少多少」 (the saving is the answer; trial I3
    #8 got a second, contradicting interest block), 「如果只还最低 一个月利息多少」 (the minimum-only answer leads with the
    first month's interest; trial J5 #9)."""
    from bot.nlu.topics import topics_in

    if scenario is None:
        return False
    norm = whatif.normalise(clause)
    if scenario.kind == whatif.PAY_NOW:
        return bool(whatif._SAVE_RE.search(norm))
    if scenario.kind == whatif.MIN_ONLY:
        return set(topics_in(clause)) <= {"interest", "min_payment"} and "利息" in norm
    return False


def second_question(tracker: Tracker) -> str | None:
    """The clauses of this message outside its what-if (「我现在手里能凑一万 先还一万有用吗 还有利息现在多少了」 →
    「我现在手里能凑一万 还有利息现在多少了」), when the what-if is one clause of several; None when the what-if is the
    whole message (「先还5000利息能少多少」: its 利息 is the what-if's own)."""
    text = tracker.latest_message.get("text") or ""
    clauses = [c for c in _CLAUSE_SPLIT_RE.split(text) if c]
    if len(clauses) < 2:
        return None
    when = today()
    scenario = whatif.parse_scenario(text, when)
    outside = [c for c in clauses if whatif.parse_scenario(c, when) is None and not _part_of_what_if(c, scenario)]
    if not outside or len(outside) == len(clauses):
        return None
    return " ".join(outside)


def turn_request(tracker: Tracker, name: str, reader: Any) -> Any:
    """A field of this turn's reading (slot `reading`); `reader(text)` only for a tracker the hook has not read."""
    raw = tracker.get_slot(READING_SLOT)
    if isinstance(raw, dict):
        return raw.get(name)
    return reader(tracker.latest_message.get("text") or "")


def card_plan_reply(steps: tuple[whatif.CardStep, ...], f: Facts) -> Reply:
    """「招行那张先还5000 建行的拖3个月呢」: each recorded card with its own what-if (its bank's rules), the
    cards the message leaves out (「其他两张慢慢还」) as they are; then today's total and, beside a delay, what
    paying some cards today saves against delaying them all."""
    by_bank = {c.bank: c for c in f.recorded if c.bank}
    missing = [b for step in steps for b in step.banks if b not in by_bank]
    if missing:
        return Reply(x.PLAN_CARDS_MISSING.format(banks="、".join(missing), example=missing[0][:2]))
    if any(c.overdue_days is None for c in f.recorded):
        return _needs("overdue_days")
    named = {b for step in steps for b in step.banks}
    lines: list[str] = []
    labels: list[tuple[str | None, int | None]] = []
    cleared: list[whatif.CardFacts] = []  # cards settled today: what a delay of them all would have added
    today_total = Decimal(0)
    for step in steps:
        cards = [by_bank[b] for b in step.banks] + ([c for c in f.recorded if c.bank not in named] if step.rest else [])
        s = step.scenario
        for card in cards:
            bank, amount = card.bank or x.RECAP_BANK_UNKNOWN, yuan(card.principal)
            if s is None:
                r = whatif.pay_later(card, whatif.HORIZON_DAYS)
                lines.append(x.PLAN_CARD_KEPT.format(bank=bank, amount=amount, extra=yuan(r.extra_total)))
            elif s.kind == whatif.PAY_LATER:
                r = whatif.pay_later(card, s.delay_days or 0)
                labels.append((s.delay_label, s.delay_days))
                lines.append(x.PLAN_CARD_LATER.format(bank=bank, amount=amount, label=s.delay_label,
                                                      later=yuan(r.owed_later), extra=yuan(r.extra_total)))
            elif s.kind == whatif.PAY_NOW and s.amount is not None and s.amount < whatif.projection(card).total_owed:
                r = whatif.pay_now(card, s.amount)
                today_total += s.amount
                lines.append(x.PLAN_CARD_PAY_NOW.format(bank=bank, amount=amount, paid=yuan(s.amount),
                                                        remaining=yuan(r.remaining)))
            else:  # PAY_OFF, or a payment that clears the card
                owed = whatif.pay_off(card).owed
                today_total += owed
                lines.append(x.PLAN_CARD_PAY_OFF.format(bank=bank, amount=amount, owed=yuan(owed)))
                cleared.append(card)
    figure = x.PLAN_CARDS_HEAD + "\n" + "\n".join(lines)
    if today_total:
        figure += "\n" + x.PLAN_CARDS_TODAY.format(today=yuan(today_total))
    if labels and cleared:
        label, days = labels[0]
        saved = sum((whatif.pay_later(card, days or 0).extra_total for card in cleared), Decimal(0))
        if saved > 0:
            figure += x.PLAN_CARDS_SAVED.format(label=label, saved=yuan(saved))
    return Reply(figure, [_assumptions(f.recorded[0])])


def plan_what_if_reply(tracker: Tracker) -> Reply | None:
    """「要是下个月工资降到5000呢 还能按这个还吗」: the repayment plan recomputed with this turn's hypothetical income,
    expenses or budget (slot `hypothetical`) for this answer only, beside the plan of the recorded facts; None
    when the turn has no such hypothetical. Nothing is stored (the case hook keeps a hypothetical out of the case)."""
    from dataclasses import replace as replace_

    from actions.case_slots import case_of
    from actions.plan import debts_from, plan_for, plan_options

    hypo = {k: v for k, v in hypothetical(tracker).items() if k in PLAN_FACTS}
    if not hypo:
        return None
    case = case_of(tracker)
    debts = debts_from(case)
    if not debts or any(d["amount"] is None or d["amount"] <= 0 for d in debts):
        return Reply(x.WHATIF_PLAN_NEEDS.format(missing=x.WHATIF_PLAN_MISSING["debt_amount"]))
    situation = replace_(case.situation, **hypo)
    if situation.monthly_income is not None and situation.monthly_expenses is None and situation.monthly_budget is None:
        return Reply(x.WHATIF_PLAN_NEEDS.format(missing=x.WHATIF_PLAN_MISSING["monthly_expenses"]))
    options = plan_options(tracker)
    result = plan_for(replace_(case, situation=situation), options)
    base = plan_for(case, options)
    if base.mode == "partial":
        than_now = x.WHATIF_PLAN_THAN_NOW_PARTIAL.format(offered=yuan(base.offered_payment),
                                                        shortfall=yuan(base.shortfall))
    elif base.mode == "plan":
        than_now = x.WHATIF_PLAN_THAN_NOW.format(monthly=yuan(base.monthly_payment), periods=base.periods)
    else:
        than_now = ""
    mode = result.mode if result.limit is not None else "unknown"
    by_capacity = result.capacity is not None and (result.monthly_budget is None or result.capacity <= result.monthly_budget)
    limit_why = x.WHATIF_PLAN_LIMIT_WHY.format(income=yuan(situation.monthly_income or 0),
                                               expenses=yuan(situation.monthly_expenses or 0)) \
        if by_capacity else x.WHATIF_PLAN_LIMIT_BUDGET
    figure = x.WHATIF_PLAN[mode].format(
        limit=yuan(result.limit or 0), monthly=yuan(result.monthly_payment), periods=result.periods,
        covered=yuan(result.offered_payment * 60), total=yuan(result.total), shortfall=yuan(result.shortfall),
        limit_why=limit_why, than_now=than_now)
    details = [x.WHATIF_PLAN_GAP if mode in ("partial", "hardship") else x.WHATIF_PLAN_NOTE]
    return Reply(figure, details)


def answer_plan_what_if(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """Answers a plan what-if (plan_what_if_reply) with the 「如果…」 recap line; True when there was one."""
    reply = plan_what_if_reply(tracker)
    if reply is None:
        return False
    hypo = {k: v for k, v in hypothetical(tracker).items() if k in PLAN_FACTS}
    utter_reply(dispatcher, tracker, Facts(cards=[], recorded=[], hypothetical=hypo), reply)
    return True


def what_if_asked(tracker: Tracker) -> bool:
    """Whether the latest message asks a what-if that answer_what_if computes (a scenario, a per-card plan, a plan's
    hypothetical income or budget)."""
    if turn_scenario(tracker) is not None:
        return True
    if card_plan_from_slot(tracker.get_slot(READING_SLOT)) and len(facts(tracker).recorded) >= 2:
        return True
    return bool({k for k in hypothetical(tracker) if k in PLAN_FACTS})


def answer_what_if(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """Answers the what-if of the latest message, if it asks one; True when it did."""
    steps = card_plan_from_slot(tracker.get_slot(READING_SLOT))
    if steps and len(facts(tracker).recorded) >= 2:
        f = facts(tracker)
        try:
            reply = card_plan_reply(steps, f)
        except FinanceInputError:
            reply = Reply(x.WHATIF_NEEDS.format(missing="正确的欠款金额和逾期天数"))
        utter_reply(dispatcher, tracker, Facts(cards=[], recorded=[]), reply)  # each line names its card
        return True
    scenario = turn_scenario(tracker)
    if scenario is None:
        return answer_plan_what_if(dispatcher, tracker)
    f = facts(tracker)
    try:
        reply = what_if_reply(tracker, scenario, f)
    except FinanceInputError:
        reply = Reply(x.WHATIF_NEEDS.format(missing="正确的欠款金额和逾期天数"))
    utter_reply(dispatcher, tracker, f, reply)
    return True


class ActionAnswerWhatIf(Action):
    def name(self) -> str:
        return "action_answer_what_if"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        from actions.answers import give, specific_answer
        from actions.plan import summary_changed, summary_followup

        if not tracker.get_slot("hypothetical") and summary_changed(tracker):
            # 「账单上写的应还款38000」 under the plan summary is a fact, not a what-if: the summary again
            return summary_followup()
        specific = specific_answer(tracker)
        if specific is not None and not facts(tracker).cards:
            # 「如果我全部还清了还会被起诉吗」 with no debt recorded: the legal question, not a missing figure
            return give(dispatcher, tracker, specific)
        if answer_afford(dispatcher, tracker):
            return []  # 「付得起嗎」 alone: yes/no on the figure just shown
        if specific is not None and not what_if_asked(tracker):
            # 「先还一点好还是等协商好了再还」 with a debt recorded (persona trial s9 N3 #11–#12: 「就先还它」, then the example
            # menu): no figure is asked, the question has its answer
            return give(dispatcher, tracker, specific)
        answered = answer_what_if(dispatcher, tracker)
        if not answered:
            dispatcher.utter_message(response="utter_details", details=x.WHATIF_MENU)
        from actions.topics import answer_other_topics

        second = second_question(tracker) if answered else None  # a question in a clause of its own (trial C3)
        await answer_other_topics(dispatcher, tracker, domain, main=None, after_what_if=answered and second is None,
                                  text=second)
        from actions.answers import held_events

        return held_events(dispatcher, tracker)


# ---- compound questions ----------------------------------------------------------------------------------

# topics answered by a plain response: the full block once, a one-line reminder afterwards
# the topics of a compound message are answered by actions.topics (from bot/topics/registry.yml)


# ---- correcting a fact -----------------------------------------------------------------------------------


def changed_this_turn(tracker: Tracker, fact: str) -> bool:
    """This turn's reading (slot `reading`) changed the fact already."""
    from bot.nlu.case_update import typed_reason

    if fact == "hardship_reason" and typed_reason(tracker.latest_message.get("text") or ""):
        return True  # a first reason typed this way is no change, but it is given
    raw = tracker.get_slot(READING_SLOT)
    return isinstance(raw, dict) and any(isinstance(c, dict) and c.get("fact") == fact for c in raw.get("changes") or [])


class ActionAskCorrection(Action):
    """`/correct_fact{"fact":"debt_amount"}` (a recap button) or 「改一下欠款」: asks for the new value and
    sets `pending_correction`; the case model's per-turn update applies the next value and clears it."""

    def name(self) -> str:
        return "action_ask_correction"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        fact = next((e.get("value") for e in tracker.latest_message.get("entities") or []
                     if e.get("entity") == "fact"), None)
        edit = turn_request(tracker, "letter_edit", lambda text: None)
        if fact not in CORRECTABLE_FACTS and edit:
            fact = "hardship_reason"  # 「把亂刷那句拿掉」: the letter's reason (bot/nlu/letter_edit.py)
        if edit == "not_found":
            # the words name no sentence of the reason: the reason as it stands, and how to say which (L2 #15)
            from actions.case_slots import case_of
            from bot.finance.hardship import clean_reason

            reason = clean_reason(case_of(tracker).situation.hardship_reason).sentence or x.SUMMARY_REASON_EMPTY
            words = turn_request(tracker, "letter_edit_words", lambda text: None) or ""
            dispatcher.utter_message(text=x.LETTER_EDIT_NOT_FOUND.format(words=words, reason=reason),
                                     buttons=[] if is_wechat(tracker) else [dict(x.REASON_BUTTON)])
            return [SlotSet(PENDING_CORRECTION_SLOT, None)]
        if fact not in CORRECTABLE_FACTS:
            fact = turn_request(tracker, "named_fact", fact_named_in)
        if fact not in CORRECTABLE_FACTS:
            dispatcher.utter_message(response="utter_ask_correct_which", buttons=fact_buttons(tracker))
            return [SlotSet(PENDING_CORRECTION_SLOT, None)]
        if changed_this_turn(tracker, fact):
            # 「原因改一下 就是收入低…」: the new value came with the request and the hook said 「已改」 (read9, probe E01);
            # a summary waiting for its confirmation is shown again with it
            from actions.plan import letter_changed, summary_changed, summary_followup

            # after a letter was drafted too: the summary again, the letter only after its confirmation (L2 #19)
            again = summary_changed(tracker) or letter_changed(tracker)
            return [SlotSet(PENDING_CORRECTION_SLOT, None)] + (summary_followup() if again else [])
        dispatcher.utter_message(response=f"utter_ask_correct_{fact}")
        return [SlotSet(PENDING_CORRECTION_SLOT, fact)]



