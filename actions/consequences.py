"""What happens next: stages, 征信 code, the criminal threshold — with sources and certainty.

Facts come from actions.whatif.facts (case model or contract slots, this turn's hypothetical applied):
a hypothetical is said 「如果逾期40天」, never 「您逾期40天」. Several cards: the criminal threshold is
compared with the total principal (DOMAIN §4); unknown days → 「无法判断」, never "not met".
"""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import texts as x
from actions.answers import details_button, give_topic, hold
from actions.common import bullet_lines, yuan
from actions.distress import distressed
from actions.finance_answers import FigureAction
from actions.whatif import Facts, facts, said_with
from bot import facts as F
from bot import finance
from bot.finance.consequences import CRIMINAL_PRINCIPAL, NOT_MET


def stage_line(stage: Any) -> str:
    return x.STAGE_LINE.format(title=stage.title, text=stage.text, source=stage.source,
                               certainty=F.certainty_label(stage.certainty))


def condition_lines(criminal: Any) -> str:
    """Each condition ✔ / ✘ / ？ with its note; an unknown one is 「无法判断」 (bot.finance.consequences)."""
    return bullet_lines([x.CONDITION_LINE.format(label=x.CONDITION_SHORT.get(c.key, c.label),
                                                 mark=x.STATUS_MARK[c.status], note=c.note)
                         for c in criminal.conditions])


def _days(f: Facts) -> int | None:
    days = [c.overdue_days for c in f.cards if c.overdue_days is not None]
    return max(days) if days and len(days) == len(f.cards) else None


def _oldest_known_days(f: Facts) -> tuple[int | None, bool]:
    """The longest overdue of the cards whose days are known, and whether it is only a lower bound (some card's days
    unknown). 「农行逾期四个来月」 beside a judged 建行 card with no day count (persona trial s7 L1 #16: 「不知道逾期多久」
    after 4 months were said): the total's time condition is at least that old, never unknown."""
    days = [c.overdue_days for c in f.cards if c.overdue_days is not None]
    if not days:
        return None, False
    return max(days), len(days) < len(f.cards)


def _principal(f: Facts) -> Decimal | None:
    """The total principal over every card (DOMAIN §4: several cards are compared as one total)."""
    return sum((c.principal for c in f.cards), Decimal(0)) if f.cards else None


def situation(f: Facts, days: int, principal: Decimal | None) -> str:
    owed = x.CONSEQ_OWED.format(principal=yuan(principal)) if principal else x.CONSEQ_OWED_UNKNOWN
    if "overdue_days" in f.hypothetical or "debt_amount" in f.hypothetical:
        return x.CONSEQ_IF.format(days=days, owed=owed)
    return (x.CONSEQ_YOU if days else x.CONSEQ_NOT_DUE).format(days=days, owed=owed)


def missed_due_line(cards: list[Any]) -> str:
    """What missing the due date of cards not overdue yet would cost (bot/whatif.py ``pay_later_all`` from the due
    date, 30 days on): the bank's grace days, the extra interest and 违约金, the 征信 code — hedged (DOMAIN §1–3)."""
    from actions.facts import money
    from bot import whatif

    due = [replace(card, overdue_days=0) for card in cards]
    later = whatif.pay_later_all(due, MISSED_DUE_DAYS)
    return x.MISSED_DUE.format(
        bank="、".join(dict.fromkeys(card.bank or x.SCRIPT_THIS_BANK for card in due)),
        grace="、".join(dict.fromkeys(str(card.schedule.grace) for card in due)), extra=money(later.extra_total),
        interest=money(later.extra_interest), penalty=money(later.extra_penalty), code=later.code_later)


MISSED_DUE_DAYS = 30  # the texts say 「拖到逾期30天」

# words that ask for the whole picture (after distress the stages come only on request)
DETAIL_WORDS = x.DETAIL_WORDS


def asks_for_details(tracker: Tracker) -> bool:
    """详细/具体 in the message, from this turn's reading (bot.nlu.reading.Requests.details)."""
    from actions.whatif import turn_request

    return bool(turn_request(tracker, "details", lambda text: any(word in text for word in DETAIL_WORDS)))


class ActionExplainConsequences(FigureAction):
    topic = "consequences"

    def name(self) -> str:
        return "action_explain_consequences"

    def what_if_possible(self, tracker: Tracker) -> bool:
        # 「如果我就这样拖着不管 再拖三个月会怎么样」: today's days + 90 (actions.whatif), not today's stages (trial C3)
        from actions.whatif import turn_scenario
        from bot import whatif

        scenario = turn_scenario(tracker)
        return scenario is not None and scenario.kind == whatif.PAY_LATER and bool(facts(tracker).cards)

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> None:
        f = facts(tracker)
        days = _days(f)
        principal = _principal(f)
        if days is None:
            return give_topic(dispatcher, tracker, "consequences", domain)
        banks = list(dict.fromkeys(c.bank for c in f.cards if c.bank))
        report = finance.consequences(days, principal or 0, bank=banks[0] if banks else None)
        current = [stage_line(s) for s in report.stages if s.status in ("current", "possible")]
        upcoming = [stage_line(s) for s in report.stages if s.status == "upcoming"]
        criminal = x.CONSEQ_CRIMINAL.format(summary=report.criminal.summary) if principal else x.CONSEQ_CRIMINAL_NO_PRINCIPAL
        dispatcher.utter_message(
            response="utter_consequences_result",
            situation=situation(f, report.overdue_days, principal),
            bank_part=x.CONSEQ_BANKS.format(banks="、".join(banks)) if banks else "",
            code=report.credit_code,
            code_text=report.credit_code_text,
        )
        if report.overdue_days == 0 and not f.hypothetical:
            # not overdue yet (「下个月还不上会怎么样」, trial s7 K5 #2): what missing the due date would cost
            dispatcher.utter_message(text=missed_due_line(f.cards))
        asked = asks_for_details(tracker)
        if distressed(tracker) and not asked:
            # DOMAIN §7: after distress, no checklist nobody asked for; the details only on request
            dispatcher.utter_message(response="utter_consequences_after_distress")
            return
        # the stages only when asked (「详细」, or the button): the verdict first, short (STYLE; persona trial A2)
        send = dispatcher.utter_message if asked else (lambda **message: hold(dispatcher, **message))
        send(
            response="utter_consequences_details",
            current=bullet_lines(current) or x.NONE_LINE,
            upcoming=bullet_lines(upcoming) or x.NONE_LINE,
            criminal=criminal,
            myths=bullet_lines([x.MYTH_LINE.format(myth=m.myth, correction=m.correction) for m in report.myths[:3]]),
        )
        return None


def other_debt_named(text: str) -> bool:
    """The message names a debt that is no card's (网贷, 花呗 …; bot.nlu.char_pinyin)."""
    from bot.nlu.char_pinyin import OTHER_DEBT
    from bot.nlu.normalize import normalize

    return bool(OTHER_DEBT.search(normalize(text)))


class ActionAnswerCriminalRisk(FigureAction):
    topic = "criminal"
    answers_what_if = False

    def name(self) -> str:
        return "action_answer_criminal_risk"

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> None:
        f = facts(tracker)
        whatif_line = ""
        now = sum((c.principal for c in f.recorded), Decimal(0)) if f.recorded else None
        then = f.hypothetical.get("debt_amount")
        if now and then is not None and then < now:
            # a payment's what-if (「还了三千本金变成四万九 是不是就不够五万了」): said as one; the verdict stays on what is
            # owed now (persona trial G3)
            whatif_line = x.CRIMINAL_WHATIF_PAID.format(
                paid=yuan(now - then), then=yuan(then), now=yuan(now),
                verdict=x.CRIMINAL_WHATIF_BELOW if then < CRIMINAL_PRINCIPAL else x.CRIMINAL_WHATIF_ABOVE)
            f = replace(f, cards=list(f.recorded), hypothetical={})
        principal = _principal(f)
        if not principal:
            return give_topic(dispatcher, tracker, "criminal", domain)
        days, lower_bound = _oldest_known_days(f)
        # unknown days are unknown (「无法判断」), never 0 days (DOMAIN §4)
        criminal = finance.criminal_assessment(principal, days)
        if days is not None and (lower_bound or any(c.days_at_least for c in f.cards)) and any(
                c.key == "three_months" and c.status == NOT_MET for c in criminal.conditions):
            # 「一百多天」 is a lower bound: the time condition not met at the bound may be met at the real count, so it
            # is 「无法判断」, never a confident 「不满足」 (DOMAIN §4; the answers price other figures at the bound)
            criminal = finance.criminal_assessment(principal, None)
        summary = criminal.summary
        prefix = ""
        if len(f.cards) > 1:
            prefix = x.CRIMINAL_TOTAL.format(count=len(f.cards), total=yuan(principal))
        if other_debt_named(tracker.latest_message.get("text") or ""):
            prefix += x.CRIMINAL_OTHER_DEBT
        if f.hypothetical:
            prefix = situation(f, days or 0, principal) + "\n" + prefix
        prefix = whatif_line + prefix
        # 5万 or more and not ruled out: what full repayment does (2018 解释 第十条, DOMAIN §4) in the first bubble,
        # not behind 「详细」 (persona trial E3: 18万, 「一百多天」, and no word of 可以不起诉)
        leniency = criminal.status != "not_met" and bool(criminal.mitigation)
        if leniency:
            summary += "\n" + criminal.mitigation
        dispatcher.utter_message(
            response="utter_criminal_result",
            summary=prefix + summary,
            conditions=condition_lines(criminal),
        )
        tier = (criminal.tier_text + "。") if criminal.tier_text else ""
        if said_with(tracker, "utter_criminal_details", F.text("intent_rule"), tier):
            return None  # the same tier, leniency and rule were shown above: never the same block twice
        hold(  # the tier, leniency and the intent rule on request (「详细」)
            dispatcher,
            response="utter_criminal_details",
            tier=tier,
            mitigation=(criminal.mitigation + "\n") if criminal.mitigation and not leniency else "",
            intent_rule=F.text("intent_rule"),
            buttons=[details_button("topic_criminal")],
        )
        return None
