"""Scripts to say and the complaint about abusive collection (issue 12; DOMAIN §5, §6).

- 「打12378怎么说、准备什么」 is a static response (rule "answer ask_12378_script": the lines to read aloud,
  then what to check and note).
- ``ActionCollectorScript``: 「催收再打来我该怎么说」 — the debtor's words (utter_script_collector) for the
  cardholder; a relative who is not the cardholder (「我老公的卡…」, bot.complaint ``holder_of``) gets a relative's
  words (not the holder, not a guarantor if truly not, call the holder, do not disclose the debt to me).
- ``ActionBankCallScript``: calling the bank for 个性化分期 — opening, the facts (from the case model when
  known, blanks otherwise), the ask (the same plan outcome as the letter: plan, partial or hardship, never
  more than min(budget, income − expenses) a month), then what to have the bank confirm in writing.
- ``ActionCollectionComplaint``: the complaint to the bank / 12378 from what the person said in this
  conversation (bot/complaint.py); without any act described it asks for the details, and the next
  description completes it (rule "after the complaint …": a description right after it updates it).
  It is stored (case store, table ``complaints``) and offered as PDF/Word behind the letter's signed, expiring
  link (bot/documents/): the widget draws the letter's document card, WeChat and REST get the absolute link to
  the download page (KAYOU_PUBLIC_URL) and the text; when the store fails, the text alone.
  It goes to the collector's bank (bot.complaint ``collector_banks``): the case's one bank, the bank named with the
  collector (「建行的催收」), else — several banks — it asks once 「催收是哪家银行的？」 (buttons: each bank, 都有, 不清楚;
  payload plan_option ``bank:<name>``; a typed answer read as nlu_fallback is handed back by the fallback); 都有
  writes one complaint per bank, each with its own link (ui session 7 finding 1).
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

import logging
import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import texts as x
from actions.case_slots import case_of
from actions.common import UNKNOWN_BANK, today
from actions.distress import acknowledge_police_call
from actions.facts import card_items, money
from bot import finance
from bot.case import Case
from bot.complaint import (ComplaintDocument, asks_complainant, changed_nothing, collector_banks, complainant_line,
                           complaint_document, edit_line, holder_of, incident, says_all_banks, says_bank_not_known,
                           unsure_question)
from bot.finance.errors import FinanceInputError
from bot.finance.plan import BankShare, plan_bank_shares
from bot.limits import MAX_PERIODS
from bot.finance.hardship import strip_fillers
from bot.nlu.normalize import normalize

logger = logging.getLogger(__name__)


def _bank(case: Case) -> str:
    banks = [b for b in case.banks() if b != UNKNOWN_BANK]
    return banks[0] if len(banks) == 1 else ""


def bank_call_plan(case: Case) -> finance.PlanResult | None:
    """The plan the letter would make for this case (actions/plan.py ``plan_for``), or None when the debt or
    the monthly limit (budget, or income − expenses) is unknown: the script then leaves blanks."""
    from actions.plan import plan_for

    if not case.total_debt() or not budget_known(case):
        return None
    try:
        return plan_for(case, {})
    except FinanceInputError:
        logger.info("no plan for the bank-call script", exc_info=True)
        return None


def budget_known(case: Case) -> bool:
    """The person said what they can pay a month, or nothing is left after the essential expenses (a deferment
    names no amount). Income − expenses alone is no offer: a script read on a recorded line never names a monthly
    amount the person did not give (read9, probes W08/X13: 「每月最多能还2,500元…分3期、每月还2,000元」 with no
    budget said)."""
    s = case.situation
    if s.monthly_budget is not None:
        return True
    return s.monthly_income is not None and s.monthly_expenses is not None and s.monthly_income <= s.monthly_expenses


def bank_share(result: finance.PlanResult | None, bank: str | None) -> BankShare | None:
    """The named bank's share of a plan over several banks (the same split as its letter: bot/finance/plan.py
    ``bank_shares``), None for one bank, no bank named or no plan."""
    if result is None or not bank:
        return None
    shares = plan_bank_shares(result)
    if len(shares) < 2:
        return None
    return next((s for s in shares if s.bank == bank), None)


def bank_call_facts(case: Case, result: finance.PlanResult | None = None, bank: str | None = None) -> str:
    """The facts of the case as the person says them on the phone (blanks for what is unknown); the monthly
    amount is the plan's limit, never the budget alone. With several banks and ``bank`` the one called, the debt
    there is said beside the others and the total, and the limit as shared between the banks (trial s7 K1 #12)."""
    result = result if result is not None else bank_call_plan(case)
    share = bank_share(result, bank)
    cards = [c for c in case.cards if c.amount is not None]
    total = case.total_debt()
    not_due = [c for c in cards if c.overdue_days == 0]
    if len(cards) >= 2 and not_due and len(not_due) < len(cards):
        # 「建行还没到还款日」: only the cards that are overdue are said to be (never 「逾期0天」 among them; trial E1)
        late = Case(cards=tuple(c for c in cards if c.overdue_days != 0))
        waiting = Case(cards=tuple(replace(c, overdue_days=None, overdue_more_than=None) for c in not_due))
        text = x.SCRIPT_DEBT_SOME.format(count=len(cards), items="、".join(card_items(late)),
                                         not_due="、".join(card_items(waiting)), total=money(total))
    elif len(cards) >= 2:
        text = x.SCRIPT_DEBT_MANY.format(count=len(cards), items="、".join(card_items(case)), total=money(total))
    elif total is not None:
        text = x.SCRIPT_DEBT_ONE.format(amount=money(total))
    else:
        text = x.SCRIPT_DEBT_UNKNOWN
    if share is not None:
        text += x.SCRIPT_DEBT_AT_BANK.format(amount=money(share.amount))
    days = [c.overdue_days for c in case.cards if c.overdue_days is not None]
    if days and max(days) > 0 and len(cards) < 2:  # 0 days is not overdue: never 「逾期约0天」 (trial s7 K5 #7)
        text += x.SCRIPT_DAYS.format(days=max(days))
    s = case.situation
    reason = strip_fillers(s.hardship_reason or "").rstrip("。")
    text += x.SCRIPT_REASON.format(reason=reason) if reason else x.SCRIPT_REASON_UNKNOWN
    blank = x.SCRIPT_BLANK
    income = money(s.monthly_income) if s.monthly_income is not None else blank
    expenses = money(s.monthly_expenses) if s.monthly_expenses is not None else blank
    if result is not None and result.mode == "hardship":
        return text + x.SCRIPT_MONTHLY_NONE.format(income=income, expenses=expenses)
    limit = result.limit if result is not None and result.limit is not None else s.monthly_budget
    budget = money(limit) if limit is not None else blank
    if result is not None and len(plan_bank_shares(result)) > 1:
        return text + x.SCRIPT_MONTHLY_SHARED.format(income=income, expenses=expenses, budget=budget,
                                                     count=len(plan_bank_shares(result)))
    return text + x.SCRIPT_MONTHLY.format(income=income, expenses=expenses, budget=budget)


def bank_call_ask(case: Case, result: finance.PlanResult | None = None, bank: str | None = None) -> str:
    """What to ask for, from the same plan outcome as the letter: a plan's periods and payment (periods
    rounded up by the engine: 10,000 at 3,000 a month is 4 periods of 2,500), a partial plan's 60 periods of
    the limit and its gap, or a deferment with no monthly amount when nothing is left to pay with. Several banks:
    the called bank's share (its letter's figures), or each bank's share when none is named — never the monthly
    total of all the banks offered to one (trial s7 K1 #12)."""
    result = result if result is not None else bank_call_plan(case)
    if result is None:
        return x.SCRIPT_ASK_UNKNOWN
    if result.mode == "hardship":
        return x.SCRIPT_ASK_HARDSHIP
    shares = plan_bank_shares(result)
    if len(shares) > 1:
        return _ask_shared(result, shares, bank_share(result, bank))
    if result.mode == "partial":
        return x.SCRIPT_ASK_SHORT.format(offered=money(result.offered_payment), shortfall=money(result.shortfall),
                                         gap=x.SCRIPT_GAP[result.gap_kind or "unknown"])
    last = (x.SCRIPT_ASK_LAST.format(last=money(result.last_payment))
            if result.last_payment != result.monthly_payment else "")
    return x.SCRIPT_ASK_FITS.format(periods=result.periods, monthly=money(result.monthly_payment), last_note=last)


def _ask_shared(result: finance.PlanResult, shares: list[BankShare], share: BankShare | None) -> str:
    gap = x.SCRIPT_GAP[result.gap_kind or "unknown"]
    if share is not None:
        if result.mode == "partial":
            return x.SCRIPT_ASK_SHORT_BANK.format(offered=money(share.monthly), gap=gap,
                                                  shortfall=money(share.amount - share.monthly * MAX_PERIODS))
        last = x.SCRIPT_ASK_LAST.format(last=money(share.last)) if share.last != share.monthly else ""
        return x.SCRIPT_ASK_FITS_BANK.format(periods=result.periods, monthly=money(share.monthly), last_note=last)
    items = "、".join(x.SCRIPT_SHARE_ITEM.format(bank=s.bank, monthly=money(s.monthly)) for s in shares)
    if result.mode == "partial":
        return x.SCRIPT_ASK_SHORT_EACH.format(items=items, shortfall=money(result.shortfall), gap=gap)
    return x.SCRIPT_ASK_FITS_EACH.format(periods=result.periods, items=items)


def not_due(case: Case, text: str = "") -> bool:
    """Every card with an amount is not overdue yet (0 days: 「我还没逾期 下个月15号才到期」), or no card is recorded
    and the message says so: the call before the due date (trial s7 K5 #7/#15), never the overdue script."""
    cards = [c for c in case.cards if c.amount is not None]
    if cards:
        return all(c.overdue_days == 0 for c in cards)
    return bool(_NOT_DUE_SAID.search(normalize(text)))


def not_due_script(case: Case) -> tuple[str, str | None]:
    """The words for a call before the due date (the bill, its minimum, the reason and income when said; blanks
    otherwise; no amount offered) and what missing the due date would cost (bot/whatif.py: the bank's grace days,
    settling 30 days late from the due date, the 征信 code), None without an amount."""
    from bot import whatif

    cards = whatif.case_cards(case)
    s = case.situation
    if cards:
        minimums = [whatif.current_minimum(card) for card in cards]
        minimum = money(sum((m for m, _ in minimums), Decimal(0)))
        text = x.SCRIPT_NOT_DUE_DEBT.format(amount=money(case.total_debt()), minimum=minimum)
    else:
        minimum = x.SCRIPT_BLANK
        text = x.SCRIPT_NOT_DUE_DEBT_UNKNOWN
    reason = strip_fillers(s.hardship_reason or "").rstrip("。")
    text += x.SCRIPT_NOT_DUE_REASON.format(reason=reason) if reason else x.SCRIPT_NOT_DUE_REASON_UNKNOWN
    if s.monthly_income is not None and s.monthly_expenses is not None:
        text += x.SCRIPT_NOT_DUE_MONTHLY.format(income=money(s.monthly_income), expenses=money(s.monthly_expenses))
    else:
        text += x.SCRIPT_NOT_DUE_END
    script = x.SCRIPT_NOT_DUE.format(bank=_bank(case), facts=text)
    if not cards:
        return script, None
    from actions.consequences import missed_due_line

    return script, x.SCRIPT_NOT_DUE_NOTE.format(minimum=minimum, missed=missed_due_line(cards))


def collector_script(holder: str | None) -> dict[str, str]:
    """The collector-call script to send: the debtor's words for the cardholder (``holder`` None), a relative's
    for a relative who is not the cardholder, with the 债务相关第三人 note for a spouse (DOMAIN §6)."""
    if holder is None:
        return {"response": "utter_script_collector"}
    text = x.SCRIPT_COLLECTOR_RELATIVE
    if holder in x.SPOUSES:
        text += "\n" + x.SCRIPT_COLLECTOR_SPOUSE_NOTE
    return {"text": text}


class ActionCollectorScript(Action):
    def name(self) -> str:
        return "action_collector_script"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        from actions.answers import held_events, hold

        acknowledge_police_call(dispatcher, tracker)  # 「我刚给杭州110打了 …帮我写个投诉」 (persona trial I2 #10)
        dispatcher.utter_message(**collector_script(holder_of(complaint_messages(tracker))))
        hold(dispatcher, response="utter_script_collector_checks")  # what to note and when to hang up: on request
        return held_events(dispatcher, tracker)


def _prepare(dispatcher: CollectingDispatcher, tracker: Tracker, **message: Any) -> None:
    """A script's second part (what to confirm, prepare, note): sent when the message asks for it, else held
    behind 「详细」 (the words to say first, short)."""
    from actions.answers import hold

    text = tracker.latest_message.get("text") or ""
    if any(word in text for word in x.SCRIPT_PREPARE_WORDS):
        dispatcher.utter_message(**message)
    else:
        hold(dispatcher, **message)


class Action12378Script(Action):
    """「打12378怎么说」: the words (with the recorded bank, or a blank to fill: never 「None信用卡」), what to
    prepare on request (「详细」)."""

    def name(self) -> str:
        return "action_12378_script"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        from actions.answers import held_events

        acknowledge_police_call(dispatcher, tracker)  # 「我刚给杭州110打了 …帮我写个投诉」 (persona trial I2 #10)
        dispatcher.utter_message(response="utter_script_12378", bank=_bank(case_of(tracker)) or x.SCRIPT_BANK_BLANK)
        _prepare(dispatcher, tracker, response="utter_script_12378_prepare")
        return held_events(dispatcher, tracker)


# the goodwill request (persona trial E4): a waiver of the 违约金 or the record asked for, by a person who can pay
_WAIVER = re.compile(x.GOODWILL_WAIVER)
_NOT_DUE_SAID = re.compile(x.SCRIPT_NOT_DUE_WORDS)
_CAN_PAY = re.compile(x.GOODWILL_CAN_PAY)
_CANNOT_PAY = re.compile(x.GOODWILL_CANNOT_PAY)
_FORGOT = re.compile(x.GOODWILL_FORGOT)
_TODAY = re.compile(x.GOODWILL_TODAY)
_SHORTFALL = re.compile(x.GOODWILL_SHORTFALL)
GOODWILL_TURNS = 4  # the person's last messages read for the request


def goodwill(case: Case, messages: list[str]) -> dict[str, str] | None:
    """The goodwill script's values when the person can pay the shortfall and asks to waive the 违约金 or spare the
    record (「我钱够 就是忘了 想今天补上400 让他们免违约金别报征信」), else None (the 个性化分期 script). A card with
    part of its minimum paid counts as able to pay; a word of hardship (还不上, 失业) never does."""
    recent = "".join(messages[-GOODWILL_TURNS:])
    partial = [c for c in case.cards if c.min_payment and c.paid and 0 < c.paid < c.min_payment]
    if not _WAIVER.search(recent) or _CANNOT_PAY.search(recent) or not (partial or _CAN_PAY.search(recent)):
        return None
    if partial:
        shortfall = money(partial[0].min_payment - partial[0].paid)
    else:
        found = _SHORTFALL.findall(recent)
        shortfall = found[-1] if found else x.SCRIPT_BLANK
    return {"bank": _bank(case) or x.SCRIPT_BLANK, "shortfall": shortfall,
            "why": x.SCRIPT_GOODWILL_WHY if _FORGOT.search(recent) else "",
            "when": x.SCRIPT_GOODWILL_WHEN["today" if _TODAY.search(recent) else "said"]}


class ActionBankCallScript(Action):
    def name(self) -> str:
        return "action_bank_call_script"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        from actions.answers import give, specific_answer

        acknowledge_police_call(dispatcher, tracker)  # 「我刚给杭州110打了 …帮我写个投诉」 (persona trial I2 #10)
        text = tracker.latest_message.get("text") or ""
        specific = specific_answer(tracker)
        if specific is not None and not any(word in text for word in x.SCRIPT_ASK_WORDS):
            # a specific question read as a script request (「签了分期协议银行还在催收怎么办」): its answer
            return give(dispatcher, tracker, specific)
        case = case_of(tracker)
        values = goodwill(case, complaint_messages(tracker))
        if values is not None:  # able to pay: a goodwill request, never 「无力全额还款」 (persona trial E4)
            dispatcher.utter_message(text=x.SCRIPT_GOODWILL.format(**values))
            return []
        from actions.answers import held_events

        if not_due(case, text):
            # not overdue yet: the call before the due date, and what missing it would cost (trial s7 K5 #7/#15)
            script, note = not_due_script(case)
            dispatcher.utter_message(text=script)
            if note:
                dispatcher.utter_message(text=note)
            _prepare(dispatcher, tracker, response="utter_script_bank_call_confirm")
            return held_events(dispatcher, tracker) + self.follow_up(dispatcher, tracker, specific)
        result = bank_call_plan(case)
        bank = called_bank(tracker, case)
        dispatcher.utter_message(response="utter_script_bank_call", bank=bank or _bank(case) or "",
                                 facts=bank_call_facts(case, result, bank), ask=bank_call_ask(case, result, bank))
        _prepare(dispatcher, tracker, response="utter_script_bank_call_confirm")  # what to confirm and prepare
        if result is None and case.total_debt() and not budget_known(case) \
                and "monthly_budget" not in (tracker.get_slot("stopped_questions") or []):
            dispatcher.utter_message(text=x.SCRIPT_BUDGET_ASK)  # the blank is the person's to fill (W08/X13)
        return held_events(dispatcher, tracker) + self.follow_up(dispatcher, tracker, specific)

    @staticmethod
    def follow_up(dispatcher: CollectingDispatcher, tracker: Tracker, specific: Any) -> list[dict[str, Any]]:
        """A question asked with the script (「具体怎么说啊 他们要是说不行怎么办」, trial s7 K1 #12): its answer after the
        words, never dropped."""
        from actions.answers import give

        if specific is None or specific.id not in SCRIPT_FOLLOW_ANSWERS:
            return []
        return give(dispatcher, tracker, specific)


# answers of a question asked together with the script request: given after the script
# (「具体怎么说啊 他们会不会说已经起诉了不给分期 被起诉了还能协商吗」, persona trial s9 N3 #9: the suit question dropped)
SCRIPT_FOLLOW_ANSWERS = ("bank_refuses", "bank_may_agree", "negotiate_after_suit")


def called_bank(tracker: Tracker, case: Case) -> str | None:
    """The recorded bank the message names as the one to call (「那我打电话给招行」), else None."""
    from actions.finance_answers import bank_named
    from bot.nlu.extract import extract_entities

    named = bank_named(tracker)
    if named is None:
        found = [e.get("value") for e in extract_entities(tracker.latest_message.get("text") or "")
                 if e.get("entity") == "bank"]
        named = found[0] if found else None
    return named if named in case.banks() else None


def written_before(tracker: Tracker) -> int | None:
    """How many of the person's messages the complaint was last written from, earlier in this conversation
    (before the person's last message); None when it was not written before."""
    users = 0
    written = None
    events = list(tracker.events)
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=-1)
    for event in events[:last_user]:
        if event.get("event") == "user":
            users += 1
        elif event.get("event") == "action" and event.get("name") == "action_collection_complaint":
            written = users
    return written


def complaint_messages(tracker: Tracker) -> list[str]:
    """The person's messages of this conversation (normalised), whatever their intent: a description of the
    abuse may have been classified as anything (「他们昨晚打给我妈…」), and only the sentences that state an
    act are read (bot.complaint.incident)."""
    return [normalize(e.get("text") or "") for e in tracker.events if e.get("event") == "user"]


def complaint_dates(tracker: Tracker) -> list[date | None]:
    """The day (in China) each of ``complaint_messages`` was said: 「昨天晚上11点」 is written as the date it meant
    (persona trial s9 N2 #6); None when an event has no time."""
    from actions.common import CHINA_TZ

    return [datetime.fromtimestamp(e["timestamp"], CHINA_TZ).date() if isinstance(e.get("timestamp"), (int, float))
            else None for e in tracker.events if e.get("event") == "user"]


class ActionCollectionComplaint(Action):
    def name(self) -> str:
        return "action_collection_complaint"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        from actions.case_slots import turn_reading

        if turn_reading(tracker).get("letter_edit"):
            # 「把亂刷那句拿掉」 with a letter drafted: the case hook read it as an edit of the letter's reason, never a
            # complaint's (persona trial s7 L2 #15–#16 got the complaint's questionnaire twice); run here, so that the
            # turn ends as this intent's rule says (a follow-up action had no rule after it: 「没太明白」)
            from actions.whatif import ActionAskCorrection

            return await ActionAskCorrection().run(dispatcher, tracker, domain)
        acknowledge_police_call(dispatcher, tracker)  # 「我刚给杭州110打了 …帮我写个投诉」 (persona trial I2 #10)
        messages = complaint_messages(tracker)
        if messages and asks_complainant(messages[-1]):
            # 「投诉书里写的是我还是我妈」 (probe W05): answered from the complaint stored for this conversation
            dispatcher.utter_message(text=complainant_line(stored_complaint_texts(tracker.sender_id)))
            return []
        written = written_before(tracker)
        # 「请删掉第一条」: the numbers of the complaint the person last saw (persona trial I2 #12)
        found = incident(messages, shown=written, dates=complaint_dates(tracker))
        question = unsure_question(found)
        if found.empty:
            dispatcher.utter_message(text=question) if question else dispatcher.utter_message(
                response="utter_complaint_ask_details")
            return []
        case = case_of(tracker)
        banks = collector_banks(messages, [b for b in case.banks() if b != UNKNOWN_BANK], banks_in,
                                bank_reply(tracker))
        if banks is None:  # several banks, the collector's not said: asked before writing (ui session 7 finding 1)
            known = [b for b in case.banks() if b != UNKNOWN_BANK]
            buttons = [{"title": b, "payload": _bank_payload(b)} for b in known]
            buttons += [{"title": t, "payload": _bank_payload(t)} for t in (x.COMPLAINT_BANK_ALL, x.COMPLAINT_BANK_UNKNOWN)]
            dispatcher.utter_message(text=x.COMPLAINT_BANK_ASK.format(banks="、".join(known)), buttons=buttons)
            return []
        line = edit_line(messages, written) if written is not None else None
        if line:  # an edit says in one line what it changed (or that nothing did)
            dispatcher.utter_message(text=line)
        # one complaint per bank (the same acts, each addressed to its bank); no bank known: 「发卡银行」
        documents = [complaint_document(found, bank, today()) for bank in (banks or (None,))]
        if full_text_asked(tracker):
            # the 「查看全文」 button: the complaint's text, asked for (it is not pasted unasked)
            for document in documents:
                dispatcher.utter_message(response="utter_complaint_text", document=document.as_text())
            return []
        channel = tracker.get_latest_input_channel() or "unknown"
        if line and channel not in ("widget", "wechat"):
            # an edit on REST: the new list in a few words, the new link only when the complaint changed — never the
            # whole reply again (persona trial H2: 342–401 字 of repeats after each of three edits)
            if not changed_nothing(line):  # 「投诉书里没有“…”这一句」: no new link either
                if not _send_links(dispatcher, tracker.sender_id, channel, documents, banks):
                    for document in documents:
                        dispatcher.utter_message(response="utter_complaint_text", document=document.as_text())
            dispatcher.utter_message(text=complaint_summary(found, edited=True), buttons=[x.COMPLAINT_FULL_BUTTON])
            if question:
                dispatcher.utter_message(text=question)
            return []
        if channel == "widget":
            if len(documents) > 1:
                dispatcher.utter_message(text=x.COMPLAINT_PER_BANK.format(banks="、".join(banks)))
            stored = [complaint_links(tracker.sender_id, channel, document) for document in documents]
            if all(stored):
                for document, links in zip(documents, stored):
                    dispatcher.utter_message(json_message=complaint_payload(document, links))
            else:
                for document in documents:
                    dispatcher.utter_message(response="utter_complaint_text", document=document.as_text())
        elif channel != "wechat" and _send_links(dispatcher, tracker.sender_id, channel, documents, banks):
            # REST and the like: the link, a short summary and 「查看全文」, as the letter (probe D05/E04/E07: the whole
            # complaint came as 14–20 bubbles, and again in full when the bank was named)
            dispatcher.utter_message(text=complaint_summary(found), buttons=[x.COMPLAINT_FULL_BUTTON])
        else:
            # WeChat (text only, no buttons): the absolute link first, inside the first reply, then the text; the
            # text alone when the store fails
            if channel == "wechat":
                _send_links(dispatcher, tracker.sender_id, channel, documents, banks)
            for document in documents:
                dispatcher.utter_message(response="utter_complaint_text", document=document.as_text())
        if question:  # 「他们打我了」: asked in one short question, never written (issue 23: when unsure, ask)
            dispatcher.utter_message(text=question)
        dispatcher.utter_message(response="utter_complaint_next")
        return []


def _bank_payload(value: str) -> str:
    return '/request_collection_complaint{"plan_option":"' + x.COMPLAINT_BANK_OPTION + value + '"}'


def banks_in(text: str) -> list[str]:
    """The banks a text names, canonical (「建行的催收」 → 建设银行; a bare reply 「广发」 too)."""
    from bot.nlu.extract import extract_entities, parse_bank

    named = [e["value"] for e in extract_entities(text or "") if e.get("entity") == "bank"]
    bare = parse_bank(text or "")
    return named or ([bare] if bare else [])


def bank_reply(tracker: Tracker) -> str | None:
    """The answer to the bot's last question which bank's collector it was (the message right after it): the button's
    bank (plan_option bank:<name>, or 都有) or the text typed; None when it was never asked. An answer stands for
    the edits after it (never asked again)."""
    reply, asked = None, False
    for event in tracker.events:
        if event.get("event") == "bot":
            asked = x.COMPLAINT_BANK_ASK_MARK in (event.get("text") or "")
        elif event.get("event") == "user" and asked:
            chosen = [str(e.get("value")) for e in (event.get("parse_data") or {}).get("entities") or []
                      if e.get("entity") == "plan_option"
                      and str(e.get("value") or "").startswith(x.COMPLAINT_BANK_OPTION)]
            reply = chosen[0][len(x.COMPLAINT_BANK_OPTION):] if chosen else normalize(event.get("text") or "")
            asked = False
    return reply


def answers_bank_question(tracker: Tracker) -> bool:
    """The latest message answers the bot's question which bank's collector it was, just asked (a bank named, or
    「两家都有」): read as the complaint's answer whatever its intent (a fallback hands it on)."""
    events = list(tracker.events)
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=-1)
    asked = next((e for e in reversed(events[:max(last_user, 0)]) if e.get("event") == "bot"), None)
    if last_user < 0 or asked is None or x.COMPLAINT_BANK_ASK_MARK not in (asked.get("text") or ""):
        return False
    text = normalize(tracker.latest_message.get("text") or "")
    return bool(banks_in(text)) or says_all_banks(text) or says_bank_not_known(text)


def _send_links(dispatcher: CollectingDispatcher, sender_id: str, channel: str, documents: list[ComplaintDocument],
                banks: tuple[str, ...]) -> bool:
    """Stores each complaint and sends its download link (with its bank's name when there are several); False when
    one could not be stored (the caller gives the text)."""
    from bot.config import settings

    stored = [complaint_links(sender_id, channel, document) for document in documents]
    if not all(stored):
        return False
    hours = settings().download_ttl_hours
    if len(documents) > 1:
        dispatcher.utter_message(text=x.COMPLAINT_PER_BANK.format(banks="、".join(banks)))
    for index, links in enumerate(stored):
        link = x.COMPLAINT_DOWNLOAD_LINK.format(hours=hours, url=links["page"])
        dispatcher.utter_message(text=x.COMPLAINT_BANK_LINK.format(bank=banks[index], link=link)
                                 if len(documents) > 1 else link)
    return True


def stored_complaint_texts(sender_id: str) -> list[str] | None:
    """The lines of the complaint last stored for this conversation (its title and blocks), None when none is."""
    from actions.store import case_store

    try:
        record = case_store().complaint_repository().latest_complaint(sender_id)
    except Exception:
        logger.exception("could not read the stored complaint")
        return None
    if record is None:
        return None
    return [record.document.get("title") or ""] + [b.get("text") or "" for b in record.document.get("blocks") or []]


def full_text_asked(tracker: Tracker) -> bool:
    """The 「查看全文」 button of a complaint (its payload names the plan_option entity's letter value)."""
    return any(e.get("entity") == "plan_option" and e.get("value") == x.LETTER_OPTION
               for e in (tracker.latest_message or {}).get("entities") or [])


def complaint_summary(found: Any, edited: bool = False) -> str:
    """The complaint in one bubble: how many points and which (the acts as the complaint names them); after an edit
    the list as it is now, in a few words."""
    from bot.complaint import act_title

    acts = [act_title(act, found.holder) for act in found.acts]
    return (x.COMPLAINT_EDITED if edited else x.COMPLAINT_SUMMARY).format(count=len(acts), acts="；".join(acts))


def complaint_links(sender_id: str, channel: str, document: ComplaintDocument) -> dict[str, Any] | None:
    """Stores the complaint (masked, bot/privacy.py via the repository) and signs its links like a plan's
    letter (actions/plan.py ``document_links``); None when the store or the signing fails (the text is given)."""
    from actions.plan import DOCUMENTS_PATH
    from actions.store import case_store
    from bot.documents.links import public_base, signed_query

    try:
        doc = document.to_document(filename=x.COMPLAINT_FILENAME)
        record = case_store().complaint_repository().add_complaint(sender_id, channel=channel,
                                                                   document=doc.to_dict())
        query, expires = signed_query(record.id)
    except Exception:
        logger.exception("could not store or sign the complaint")
        return None
    # the widget page resolves its own relative links; every other channel gets KAYOU_PUBLIC_URL's (issue 23)
    base = DOCUMENTS_PATH if channel == "widget" else f"{public_base()}/webhooks/widget/{DOCUMENTS_PATH}"
    files = [{"title": doc.title, "format": ext, "url": f"{base}/{record.id}/complaint.{ext}?{query}"}
             for ext in ("pdf", "docx")]
    return {"id": record.id, "page": f"{base}/{record.id}?{query}", "files": files, "expires": expires}


def complaint_payload(document: ComplaintDocument, links: dict[str, Any]) -> dict[str, Any]:
    """The widget's custom message: the letter's document card (widget.js ``letterDocument``) for the complaint."""
    return {"type": "document", "letter": document.as_text(), "letter_title": document.title,
            "letter_filename": x.COMPLAINT_FILENAME + ".txt", "noun": x.COMPLAINT_NOUN,
            "hint": x.COMPLAINT_WIDGET_HINT, "documents": links["files"]}
