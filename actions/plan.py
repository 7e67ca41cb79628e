"""action_draft_repayment_plan: the summary card of the facts, then — once the person confirmed them —
the 个性化分期 plan, the application letter and the case record.

Every figure comes from the case model (slot `case`, bot/case.py), never from the float slots. The letter
is made only from facts the person has seen and confirmed (issue 13): the first run shows 「我记下的情况」
with a confirm button (`/affirm`) and buttons to change each item, and remembers a digest of what it
showed (slot `plan_summary`); a later `affirm` drafts the letter only when the case still has that
digest — any change in between (a typed correction, a button) shows the summary again. Payment day and
method are choices (slot `plan_options`, set by the `plan_option` entity of the option buttons).
"""
from __future__ import annotations

import hashlib
import json
import logging
from decimal import Decimal
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import texts as x
from actions.answers import relative_holder, writes_for_relative
from actions.case_slots import case_of, turn_notes, turn_reading
from actions.common import bullet_lines, is_wechat, today, yuan
from actions.store import case_store
from bot import finance
from bot.case import UNKNOWN_BANK, Case
from bot.finance import templates as ft
from bot.finance.hardship import clean_reason, says_cannot_pay
from bot.limits import MAX_PERIODS
from bot.plan_options import CHOSEN_NOTE, INVALID_DAY_NOTE
from bot.plan_options import apply as options_apply

logger = logging.getLogger(__name__)

COMPARISON_INSTALLMENT_RATE = Decimal("0.006")  # a common 账单分期 fee per period, for the comparison only
LETTER_FILENAME = "个性化分期申请书.txt"
SUMMARY_SLOT = "plan_summary"
OPTIONS_SLOT = "plan_options"
OPTION_ENTITY = "plan_option"
DOCUMENTS_PATH = "documents"  # under the widget's URL (bot/channels/widget.py)


def debts_from(case: Case) -> list[dict[str, Any]]:
    """One debt per card, each with its own bank (its rules and its line in the letter), with its
    statement balance when the person gave one.

    A declared total the cards do not add up to (「不对…一共八万」) is one debt over the banks named."""
    cards = [c for c in case.cards if c.amount is not None]
    total = case.total_debt()
    if case.declared_total is not None and (not cards or case.declared_total != case.total_principal()):
        banks = [b for b in case.banks() if b != UNKNOWN_BANK]
        return [{"bank": "、".join(banks) or None, "amount": total}]
    if not cards:
        return [{"bank": None, "amount": None}]
    debts = []
    for c in cards:
        debt: dict[str, Any] = {"bank": None if c.bank in (None, UNKNOWN_BANK) else c.bank, "amount": c.amount}
        owed_now = owed_after_statement(c)
        if owed_now is not None:
            # the statement, what was paid on it or what the person says they owe now: the plan counts what is owed
            # now, the letter states each figure in its role (trial s6 I3 #13–#15: 「欠11500」 was 「已改」 but the
            # plan kept the statement's 12,000 and the letter split it into principal 11,500 and fees 500)
            debt.update(amount=owed_now, statement_said=c.statement_balance)
            if c.paid is not None and c.paid > 0:
                debt["paid"] = c.paid
        elif c.statement_balance is not None and c.statement_balance > 0:
            debt["statement_balance"] = c.statement_balance
            # the statement is split into principal and fees only with a 本金 the person said (「本金3万」); an amount
            # said before the statement (「欠三万六」 then 「账单应还38000」) is not a principal (trial s6 I3 #15)
            debt["amount"] = c.principal if c.principal is not None and c.principal < c.statement_balance \
                else c.statement_balance
        elif c.principal is not None and c.principal == c.amount:
            debt["principal"] = True  # 「本金3万」: the letter says the amount is the principal
        elif c.principal is not None and c.principal < c.amount:
            debt["principal_amount"] = c.principal  # 「本金3万 现在欠3万4」: owed 34,000, of which principal 30,000
        debts.append(debt)
    return debts


def owed_after_statement(card: Any) -> Decimal | None:
    """What the person owes now on a card whose statement they gave and who said they paid part of it: the amount
    they said apart from the statement (「我已经还了500 现在欠11500」), else the statement less what they paid
    (「账单12000…只还了500」). None when nothing was paid on it: the statement is what is owed."""
    statement = card.statement_balance
    if statement is None or statement <= 0 or card.amount is None or not card.paid or card.paid >= statement:
        return None
    if card.amount not in (statement, card.principal):
        return card.amount
    return statement - card.paid


def plan_options(tracker: Tracker) -> dict[str, Any]:
    """The chosen payment day (1–28) and method (slot `plan_options`, where the case hook also puts a typed
    「每月15号还款」), with this message's option button applied — both through `bot.plan_options.apply`."""
    buttons = [str(e.get("value") or "") for e in (tracker.latest_message or {}).get("entities") or []
               if e.get("entity") == OPTION_ENTITY]
    return options_apply(tracker.get_slot(OPTIONS_SLOT), buttons)[0]


def typed_option(tracker: Tracker) -> bool:
    """A payment day or method was typed this turn (valid or not): a choice, never a confirmation."""
    return any(n.startswith(f"{CHOSEN_NOTE}:") or n == INVALID_DAY_NOTE for n in turn_notes(tracker))


def summary_changed(tracker: Tracker) -> bool:
    """The summary card is waiting for a confirmation and this turn changed what it showed (a typed 「自动扣款」
    the NLU took for nothing, 「账单上写的应还款38000」 taken for a what-if): the caller shows it again."""
    pending = tracker.get_slot(SUMMARY_SLOT)
    return bool(pending) and (typed_option(tracker) or digest(case_of(tracker), plan_options(tracker)) != pending)


def summary_followup() -> list[dict[str, Any]]:
    """The summary shown again by the plan action itself, so that a 「确认」 after it follows the plan's rules."""
    return [FollowupAction(ActionDraftRepaymentPlan.NAME)]


# the hash's hex digits as letters only: the tracker store masks any run of digits that looks like a mobile, card or
# ID number (bot/store/tracker.py), and a masked digest ("bd8de****4109") never matches again, so the summary came
# back 「已更新」 instead of the letter (care6's typed confirmation: its facts hash to …15682264109…)
_DIGEST_LETTERS = str.maketrans("0123456789", "ghijklmnop")


def digest(case: Case, options: dict[str, Any]) -> str:
    """What the summary showed, as a short hash of letters: the letter is made only for these facts."""
    raw = json.dumps({"case": case.to_slot(), "options": options}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(raw.encode()).hexdigest()[:16].translate(_DIGEST_LETTERS)


def plan_for(case: Case, options: dict[str, Any], *, for_relative: bool = False) -> finance.PlanResult:
    """The plan of the case; ``for_relative``: the person speaks for a relative's card, the letter is the
    cardholder's (bot.finance.plan)."""
    s = case.situation
    periods = s.installments
    return finance.plan(
        debts_from(case),
        monthly_income=s.monthly_income,
        monthly_expenses=s.monthly_expenses,
        monthly_budget=s.monthly_budget,
        periods=periods if periods is not None and 1 <= periods <= MAX_PERIODS else None,
        hardship_reason=s.hardship_reason,
        today=today(),
        payment_day=options.get("payment_day"),
        payment_method=options.get("payment_method"),
        monthly_commitments=s.commitments() or None,
        for_relative=for_relative,
        income_source=s.income_source,
    )


def _money(value: Decimal | None) -> str:
    return x.SUMMARY_MISSING if value is None else x.SUMMARY_YUAN.format(value=yuan(value))


def summary_text(case: Case, options: dict[str, Any], result: finance.PlanResult, *, changed: bool,
                 holder: str | None = None, warned: tuple[str, ...] = ()) -> str:
    """「我记下的情况」: each card, the monthly figures, the reason as the letter will say it, the choices,
    and one line on what the letter will ask for. ``warned``: the sentences of the reason whose spending words were
    pointed out already in this conversation (said once: `spending_line`)."""
    lines = [x.SUMMARY_TITLE_CHANGED if changed else x.SUMMARY_TITLE]
    debts = debts_from(case)
    if case.declared_total is not None and len(debts) == 1 and debts[0]["amount"] == case.declared_total:
        lines.append(x.SUMMARY_CARD.format(bank=debts[0]["bank"] or UNKNOWN_BANK, amount=yuan(case.declared_total),
                                           basis=x.SUMMARY_BASIS_TOTAL, days=""))
    else:
        for card in case.cards:
            if card.amount is None:
                continue
            statement = card.statement_balance is not None and card.statement_balance > 0
            days = (x.SUMMARY_CARD_NOT_DUE if card.overdue_days == 0  # never 「逾期0天」 (trial s7 K5 #13)
                    else x.SUMMARY_CARD_DAYS.format(days=card.overdue_days) if card.overdue_days is not None else "")
            owed_now = owed_after_statement(card)
            if owed_now is not None:
                basis = x.SUMMARY_BASIS_PAID.format(statement=yuan(card.statement_balance), paid=yuan(card.paid))
                lines.append(x.SUMMARY_CARD.format(bank=card.bank or UNKNOWN_BANK, amount=yuan(owed_now),
                                                   basis=basis, days=days))
                continue
            basis = x.SUMMARY_BASIS_STATEMENT if statement else x.SUMMARY_BASIS_PRINCIPAL
            if not statement and card.principal is not None and card.principal <= card.amount:
                basis = (x.SUMMARY_BASIS_PRINCIPAL_ONLY if card.principal == card.amount
                         else x.SUMMARY_BASIS_PRINCIPAL_WITHIN.format(principal=yuan(card.principal)))
            lines.append(x.SUMMARY_CARD.format(
                bank=card.bank or UNKNOWN_BANK, amount=yuan(card.statement_balance if statement else card.amount),
                basis=basis, days=days))
        if len(debts) > 1:
            lines.append(x.SUMMARY_TOTAL.format(total=yuan(result.total)))
    s = case.situation
    own = x.SUMMARY_OWN if holder else ""  # a relative's own figures, said as theirs (persona trial s7 L5)
    income = x.SUMMARY_INCOME_FAMILY if s.income_source == "family" else x.SUMMARY_INCOME
    lines += [
        income.replace("· ", "· " + own, 1).format(value=_money(s.monthly_income)),
        x.SUMMARY_EXPENSES.replace("· ", "· " + own, 1).format(value=_money(s.monthly_expenses)),
    ]
    if s.commitments():
        lines.append(x.SUMMARY_COMMITMENTS.format(items="、".join(
            x.SUMMARY_COMMITMENT[kind].format(amount=yuan(value)) for kind, value in s.commitments().items())))
    lines += [
        x.SUMMARY_BUDGET.format(value=_money(s.monthly_budget)),
    ]
    if s.installments is not None:
        lines.append(x.SUMMARY_PERIODS.format(value=s.installments))
    if result.capacity is not None and s.monthly_budget is not None and s.monthly_budget < result.capacity:
        lines.append((x.SUMMARY_BELOW_COMMITTED if s.commitments() else x.SUMMARY_BELOW).format(
            capacity=yuan(result.capacity), budget=yuan(s.monthly_budget)))
    reason = clean_reason(s.hardship_reason).sentence
    if holder:
        # the letter is the cardholder's: her reason is hers to write, and she signs (persona trial s7 L5 #15–#16)
        lines.append(x.SUMMARY_REASON_RELATIVE.format(sentence=reason or x.SUMMARY_REASON_EMPTY))
        lines.append(x.SUMMARY_FOR_RELATIVE.format(relation=holder))
    else:
        lines.append(x.SUMMARY_REASON.format(sentence=reason or x.SUMMARY_REASON_EMPTY))
        spending = spending_line(s.hardship_reason, warned)
        if spending:
            lines.append(spending)
    method = options.get("payment_method")
    lines.append(x.SUMMARY_DAY_METHOD.format(
        day=result.payment_day,
        method=ft.PAYMENT_METHOD_LABELS[method] if method in ft.PAYMENT_METHOD_LABELS else x.SUMMARY_METHOD_OPEN))
    mode = result.mode if result.limit is not None else "unknown"
    # the figure first, for a phone (trials s6: the verdict came last, after 400 字 of facts)
    lines.insert(1, x.SUMMARY_VERDICT[mode].format(
        monthly=yuan(result.monthly_payment), periods=result.periods, offered=yuan(result.offered_payment),
        shortfall=yuan(result.shortfall), ask=ft.GAP_ASK.get(result.gap_kind or "", "")))
    return "\n".join(lines)


def spending_line(reason: str | None, warned: tuple[str, ...] = ()) -> str | None:
    """One line that points out a sentence of the reason saying the money went on the person's own spending (「之前乱刷
    买了手机跟课程」, persona trial s7 L2 #13–#14: printed in the bank letter without a word), asking whether to keep it;
    None when there is none, or each was pointed out before (``warned``). The words stay unless the person takes them
    out (「把乱刷那句删掉」, bot/nlu/letter_edit.py): never rewritten."""
    from bot.nlu.letter_edit import spending_sentences

    found = [(sentence, word) for sentence, word in spending_sentences(reason) if sentence not in warned]
    if not found:
        return None
    return x.SUMMARY_REASON_SPENDING.format(sentences="”“".join(sentence for sentence, _ in found), first=found[0][1])


def spending_warned(tracker: Tracker) -> tuple[str, ...]:
    """The reason's sentences whose spending words an earlier summary of this conversation pointed out."""
    from bot.nlu.letter_edit import spending_sentences

    shown = [e.get("text") or "" for e in tracker.events if e.get("event") == "bot"]
    lead = x.SUMMARY_REASON_SPENDING.split("{", 1)[0]
    reason = case_of(tracker).situation.hardship_reason
    return tuple(sentence for sentence, _ in spending_sentences(reason)
                 if any(lead in text and f"“{sentence}”" in text for text in shown))


def letter_changed(tracker: Tracker) -> bool:
    """A letter was drafted and this turn changed what it was drafted from (「改原因」 then the new reason, 「把乱刷那句
    拿掉」): the summary is shown again, and the letter is drafted again only after its confirmation (persona trial s7
    L2 #19 got 「您想了解什么？」)."""
    return bool(tracker.get_slot("plan_case_id")) and not tracker.get_slot(SUMMARY_SLOT) \
        and bool(turn_reading(tracker).get("changes"))


def option_buttons() -> list[dict[str, str]]:
    buttons = [{"title": x.OPTION_DAY_BUTTON.format(day=d), "payload": f'/request_plan_draft{{"plan_option":"day:{d}"}}'}
               for d in x.OPTION_DAYS]
    buttons += [{"title": label, "payload": f'/request_plan_draft{{"plan_option":"method:{key}"}}'}
                for key, label in ft.PAYMENT_METHOD_LABELS.items()]
    return buttons


def document_links(case_id: str, result: finance.PlanResult, *, absolute: bool) -> dict[str, Any]:
    """Signed, expiring URLs of the stored plan's documents (relative to the widget page, or absolute for
    WeChat), for the widget's download buttons and the WeChat download page."""
    from bot.documents.links import public_base, signed_query

    query, expires = signed_query(case_id)
    base = f"{public_base()}/webhooks/widget/{DOCUMENTS_PATH}" if absolute else DOCUMENTS_PATH
    files = []
    for index, doc in enumerate(result.letter_documents):
        title = doc["title"] + (f"（{doc['meta'].get('bank')}）" if len(result.letter_documents) > 1 else "")
        for ext in ("pdf", "docx"):
            files.append({"title": title, "format": ext, "url": f"{base}/{case_id}/letter-{index}.{ext}?{query}"})
    if result.schedule_document:
        for ext in ("pdf", "docx"):
            files.append({"title": ft.SCHEDULE_TITLE, "format": ext, "url": f"{base}/{case_id}/schedule.{ext}?{query}"})
    return {"page": f"{base}/{case_id}?{query}", "files": files, "expires": expires}


def payload(result: finance.PlanResult, case_id: str | None, links: dict[str, Any] | None = None) -> dict[str, Any]:
    """The custom message the web widget draws: the plan card first, then the letter as one document."""
    remaining = result.total
    schedule = []
    for period in result.schedule:
        remaining -= period.payment
        schedule.append({"period": period.period, "date": period.due_date.isoformat(),
                         "payment": float(period.payment), "remaining": float(remaining)})
    periods = len(result.schedule) or result.periods
    minimum = finance.project_minimum_only(result.total, periods)
    instalment = finance.installment(result.total, periods, COMPARISON_INSTALLMENT_RATE)
    return {
        "type": "repayment_plan",
        "case_id": case_id,
        "mode": result.mode,
        "periods": result.periods,
        "monthly_payment": float(result.offered_payment if result.mode != "plan" else result.monthly_payment),
        "offered_payment": float(result.offered_payment),
        "shortfall": float(result.shortfall),
        "total": float(result.total),
        "total_label": x.PLAN_CARD_TOTAL[result.amount_basis],
        "feasible": result.feasible,
        "schedule": schedule,
        "comparison": {
            "minimum_only": {"months": periods, "total_interest": float(minimum.total_interest),
                             "remaining": float(minimum.remaining_balance)},
            "installment": {"periods": periods, "total_fee": float(instalment.total_fee),
                            "monthly_rate": float(COMPARISON_INSTALLMENT_RATE)},
            "personalised": {"periods": periods, "total_interest": 0.0},
        },
        "letter": result.letter,
        "letter_title": result.letter_documents[0]["title"] if result.letter_documents else ft.LETTER_TITLE,
        "letter_filename": LETTER_FILENAME,
        "documents": (links or {}).get("files", []),
    }


def asks_for_letter(tracker: Tracker) -> bool:
    """This message asks for the letter itself (a button, 「生成申请书」「帮我写申请」「重新生成」, 「确认」), not only something
    the classifier read as a plan request (「那500我刚说了 是寄回老家给我妈看病的 写上」)."""
    from bot.nlu.reading import asks_for_letter_words

    said = tracker.latest_message.get("text") or ""
    reading = turn_reading(tracker)
    return said.startswith("/") or bool(reading.get("confirm") or reading.get("plan_write") or reading.get("regenerate")) \
        or any(word in said for word in x.CONFIRM_WORDS) or asks_for_letter_words(said)


def _after_summary(tracker: Tracker) -> bool:
    """The bot's last action before this message showed the plan summary (or acknowledged a corrected fact)."""
    events = list(tracker.events)
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=len(events))
    last = next((e.get("name") for e in reversed(events[:last_user])
                 if e.get("event") == "action" and e.get("name") not in ("action_listen", None)), None)
    return last in (None, "action_draft_repayment_plan", "action_acknowledge_facts", "plan_form",
                    ActionResumeForm.NAME)


def waiver_asked(tracker: Tracker, case: Case, result: finance.PlanResult) -> dict[str, str] | None:
    """The goodwill script's values when the letter was asked for a 违约金 waiver (or to spare the record) by a
    person who can pay (part of the minimum paid, or 「钱够」「补上」) and whose figures fit a plan: such a person gets
    the words for the phone, never a 个性化分期 letter that declares the debt beyond their means (trial s6 I3 #10–#15).
    Read from the person's messages since the last request for a letter; None otherwise."""
    from actions.scripts import goodwill
    from bot.nlu.normalize import normalize

    if result.mode != "plan" or says_cannot_pay(case.situation.hardship_reason):
        return None
    users = [e for e in tracker.events if e.get("event") == "user"]
    asked = [i for i, e in enumerate(users)
             if (((e.get("parse_data") or {}).get("intent") or {}).get("name")) == "request_plan_draft"]
    if not asked:
        return None
    said = "".join(normalize(e.get("text") or "") for e in users[asked[-1]:])
    return goodwill(case, [said])


DAYS_FORM = "overdue_form"


def _end_days_form(tracker: Tracker) -> list[dict[str, Any]]:
    """The days form an interest question opened, closed (no question of it is asked after the letter's summary
    or the letter); [] when it is not the active form."""
    if (tracker.active_loop or {}).get("name") != DAYS_FORM:
        return []
    return [ActiveLoop(None), SlotSet("requested_slot", None)]


def confirm_plan_step(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """「那我就1月1号开始还 对吧」 once a plan was made (ui-s7 A17: 「好的。您还想了解什么？」): yes or no with the plan's
    first date and amount, and that it holds once the bank agrees; True when answered."""
    from bot.nlu.reading import date_said, plan_confirm_question

    said = tracker.latest_message.get("text") or ""
    if not tracker.get_slot("plan_case_id") or not plan_confirm_question(said):
        return False
    case = case_of(tracker)
    debts = debts_from(case)
    if not debts or any(d["amount"] is None or d["amount"] <= 0 for d in debts):
        return False
    result = plan_for(case, plan_options(tracker))
    monthly = result.monthly_payment if result.mode == "plan" else result.offered_payment
    start = result.start_date
    values = dict(start=x.PLAN_CONFIRM_DATE.format(year=start.year, month=start.month, day=start.day),
                  monthly=yuan(monthly), periods=result.periods, day=start.day)
    date = date_said(said)
    if date is not None and (date[1] != start.day or (date[0] is not None and date[0] != start.month)):
        said_date = (x.PLAN_CONFIRM_SAID_MONTH.format(month=date[0], day=date[1]) if date[0] is not None
                     else x.PLAN_CONFIRM_SAID_DAY.format(day=date[1]))
        dispatcher.utter_message(text=x.PLAN_CONFIRM_NO.format(said=said_date, **values))
    else:
        dispatcher.utter_message(text=x.PLAN_CONFIRM_YES.format(**values))
    return True


class ActionDraftRepaymentPlan(Action):
    NAME = "action_draft_repayment_plan"

    def name(self) -> str:
        return self.NAME

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        if any(e.get("entity") == OPTION_ENTITY and e.get("value") == x.LETTER_OPTION
               for e in (tracker.latest_message or {}).get("entities") or []) or (
                turn_reading(tracker).get("full_letter") and tracker.get_slot("plan_case_id")):
            # the 「查看全文」 button, or the same words typed once a letter was drafted (issue 23)
            return self.full_text(dispatcher, tracker)
        pending = tracker.get_slot(SUMMARY_SLOT)
        if turn_reading(tracker).get("not_confirmed") and (tracker.get_slot("plan_case_id") or pending):
            # 「我还没说确认呢 怎么就生成了」 (persona trial s8 M1 #12: the fallback menu): heard, and the summary again
            return self.not_confirmed(dispatcher, tracker, pending)
        if turn_reading(tracker).get("last_plan") and (tracker.get_slot("plan_case_id") or pending):
            # 「刚才的计划每月还多少？」: the figure of the plan just made, from the same facts (issue 19)
            case = case_of(tracker)
            if all(d["amount"] is not None and d["amount"] > 0 for d in debts_from(case)) and debts_from(case):
                result = plan_for(case, plan_options(tracker), for_relative=writes_for_relative(tracker))
                monthly = result.monthly_payment if result.mode == "plan" else result.offered_payment
                dispatcher.utter_message(response="utter_last_plan_monthly", monthly=yuan(monthly),
                                         periods=result.periods)
                return []
        from actions.whatif import answer_plan_what_if

        if intent != "affirm" and answer_plan_what_if(dispatcher, tracker):
            # 「如果收入只有5000 计划会变成怎样」: the plan for that income, as a what-if; the summary and its
            # confirmation stay as they were (issue 19, persona trial C4)
            from actions.answers import held_events

            return held_events(dispatcher, tracker)
        said = tracker.latest_message.get("text") or ""
        if intent == "affirm" and confirm_plan_step(dispatcher, tracker):
            return []
        from actions.distress import crisis_follow_up_in_context, resumed_after_crisis

        if intent == "affirm" and not any(word in said for word in x.CONFIRM_WORDS) \
                and crisis_follow_up_in_context(dispatcher, tracker, domain):
            # 「随便吧」 after a signal is giving up, not a confirmation (persona trial H3 #10): the crisis follow-up
            return []
        if intent == "affirm" and (not pending or not (_after_summary(tracker) or said.startswith("/") or any(
                word in said for word in x.CONFIRM_WORDS))):
            # a 「好的」 after a reply that offered nothing to confirm; a summary still waiting is confirmed only
            # right after it or by 「确认」 (persona trials C1, C4: a question in between lost the confirmation);
            # right after a signal a bare 「嗯」 gets care, not a list of topics (persona trial H3)
            from actions.distress import care_after_recent_signal

            if not care_after_recent_signal(dispatcher, tracker, domain):
                dispatcher.utter_message(response="utter_anything_else")
            return []
        case = case_of(tracker)
        debts = debts_from(case)
        if any(d["amount"] is None or d["amount"] <= 0 for d in debts):
            dispatcher.utter_message(response="utter_plan_needs_debt")
            return []
        options = plan_options(tracker)
        current = digest(case, options)
        result = plan_for(case, options, for_relative=writes_for_relative(tracker))
        typed = typed_option(tracker)
        option_pressed = typed or any(e.get("entity") == OPTION_ENTITY
                                      for e in (tracker.latest_message or {}).get("entities") or [])
        # 「确认」, or 「生成申请书」 again after seeing the very same facts; a message read as a plan request at the summary
        # confirms only when it asks for the letter (persona trial s8 M1 #11: 「那500…写上」 made three letters)
        confirmed = (intent == "affirm" and not typed) or (
            intent == "request_plan_draft" and not option_pressed and (not pending or asks_for_letter(tracker)))
        # after a crisis answer the letter is never drafted on an earlier confirmation: the summary again, a check-in
        # first (persona trial H3 #12: 「我没事了 刚才情绪不好 那个申请书还能写吗」 drafted it at once)
        # a question in between opened the days form (「那我这样每天要多出来多少利息啊」 with no days said): the
        # confirmation of the letter ends it, so the form does not ask its question again after the letter (care6)
        ended = _end_days_form(tracker) if intent == "affirm" and pending else []
        if confirmed and pending == current and not resumed_after_crisis(tracker):
            return self.draft(dispatcher, tracker, result) + [SlotSet(SUMMARY_SLOT, None)] + ended
        if INVALID_DAY_NOTE in turn_notes(tracker):
            # 「每月30号还」: said why, nothing lost; the summary again only when something else changed
            if pending == current:
                dispatcher.utter_message(text=x.OPTION_DAY_INVALID + x.OPTION_DAY_INVALID_KEPT)
                return []
            dispatcher.utter_message(text=x.OPTION_DAY_INVALID)
        if not pending and (values := waiver_asked(tracker, case, result)) is not None:
            # a waiver asked by a person who can pay: what to say on the phone, no false hardship letter
            monthly = case.situation.monthly_budget if case.situation.monthly_budget is not None else result.limit
            lead = x.PLAN_WAIVER_LEAD.format(monthly=yuan(monthly)) if monthly else x.PLAN_WAIVER_LEAD_NO_FIGURE
            dispatcher.utter_message(text=lead + x.SCRIPT_GOODWILL.format(**values),
                                     buttons=[dict(x.PLAN_WAIVER_LETTER_BUTTON)])
            return [SlotSet(SUMMARY_SLOT, None)] + ended
        # 「已更新」 only when what the summary shows did change (issue 19), also after a letter (L2 #19)
        return self.summary(dispatcher, tracker, case, options, result,
                            changed=(bool(pending) and pending != current) or letter_changed(tracker)) + [
            SlotSet(SUMMARY_SLOT, current), SlotSet(OPTIONS_SLOT, options or None)] + ended

    def not_confirmed(self, dispatcher: CollectingDispatcher, tracker: Tracker, pending: Any) -> list[dict[str, Any]]:
        """The letter made (or about to be) before the person said 确认: said so, and the summary to check again."""
        case = case_of(tracker)
        debts = debts_from(case)
        if not debts or any(d["amount"] is None or d["amount"] <= 0 for d in debts):
            dispatcher.utter_message(response="utter_plan_needs_debt")
            return []
        dispatcher.utter_message(text=x.PLAN_NOT_CONFIRMED_WAITING if pending else x.PLAN_NOT_CONFIRMED_MADE)
        options = plan_options(tracker)
        result = plan_for(case, options, for_relative=writes_for_relative(tracker))
        return self.summary(dispatcher, tracker, case, options, result, changed=False) + [
            SlotSet(SUMMARY_SLOT, digest(case, options)), SlotSet(OPTIONS_SLOT, options or None)]

    @staticmethod
    def full_text(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
        """「查看全文」: the letter drafted last in this conversation, as text (it is not pasted unasked)."""
        case_id = tracker.get_slot("plan_case_id")
        record = None
        if case_id:
            try:
                record = case_store().cases.get_case(str(case_id), sender_id=tracker.sender_id)
            except Exception:
                logger.exception("could not read the drafted letter")
        if record is None or not record.letter:
            dispatcher.utter_message(text=x.LETTER_GONE)
        else:
            dispatcher.utter_message(response="utter_plan_letter", letter=record.letter)
        return []

    @staticmethod
    def summary(dispatcher: CollectingDispatcher, tracker: Tracker, case: Case, options: dict[str, Any],
                result: finance.PlanResult, *, changed: bool) -> list[dict[str, Any]]:
        wechat = is_wechat(tracker)
        if any(e.get("entity") == OPTION_ENTITY and e.get("value") == "menu"
               for e in (tracker.latest_message or {}).get("entities") or []) and not wechat:
            dispatcher.utter_message(text=x.OPTIONS_ASK, buttons=option_buttons())
            return []
        text = summary_text(case, options, result, changed=changed, holder=relative_holder(tracker),
                            warned=spending_warned(tracker))
        from actions.distress import check_in

        check_in(dispatcher, tracker)
        if wechat:
            dispatcher.utter_message(response="utter_plan_summary", summary=text, ask=x.SUMMARY_ASK_WECHAT)
        else:
            dispatcher.utter_message(response="utter_plan_summary", summary=text, ask=x.SUMMARY_ASK,
                                     buttons=[dict(x.CONFIRM_BUTTON)] + [dict(b) for b in x.SUMMARY_BUTTONS])
        return []

    @staticmethod
    def draft(dispatcher: CollectingDispatcher, tracker: Tracker, result: finance.PlanResult) -> list[dict[str, Any]]:
        debts_banks = [c.bank for c in result.cards]
        channel = tracker.get_latest_input_channel() or "unknown"
        case_id = None
        try:
            record = case_store().cases.add_case(
                tracker.sender_id,
                channel=channel,
                banks=debts_banks,
                total_debt=result.total,
                periods=result.periods,
                monthly_payment=result.offered_payment if result.mode != "plan" else result.monthly_payment,
                feasible=result.feasible,
                plan=result.to_dict(),
                letter=result.letter,
            )
            case_id = str(record.id)
        except Exception:  # the plan is still worth giving when the case store is down
            logger.exception("could not store the drafted plan")
        links = None
        if case_id is not None:
            try:
                # the widget page resolves its own relative links; every other channel gets KAYOU_PUBLIC_URL's
                links = document_links(case_id, result, absolute=channel != "widget")
            except Exception:  # no secret can be made (read-only var/): the text is still given
                logger.exception("could not sign the document links")
        banks = "、".join(dict.fromkeys(debts_banks))
        last_note = (x.PLAN_LAST_NOTE.format(last=yuan(result.last_payment))
                     if result.mode == "plan" and result.last_payment != result.monthly_payment else "")
        verdict = x.PLAN_RESULT[result.mode].format(
            banks=banks, total=yuan(result.total), monthly=yuan(result.monthly_payment), periods=result.periods,
            start=result.start_date.isoformat(), end=result.end_date.isoformat() if result.end_date else "",
            last_note=last_note, offered=yuan(result.offered_payment), shortfall=yuan(result.shortfall),
            total_label=x.PLAN_TOTAL_LABEL[result.amount_basis], ask=ft.GAP_ASK.get(result.gap_kind or "", ""))
        from bot.config import settings

        hours = settings().download_ttl_hours
        if channel == "widget":
            where = x.PLAN_WHERE_WIDGET
        elif channel == "wechat" and links:
            where = x.PLAN_WHERE_WECHAT.format(hours=hours)
        elif links:
            where = x.PLAN_WHERE_REST.format(hours=hours)
        else:
            where = x.PLAN_WHERE_TEXT
        holder = relative_holder(tracker)
        next_step = x.PLAN_NEXT.format(where=where) + (x.PLAN_FOR_RELATIVE.format(relation=holder) if holder else "")
        dispatcher.utter_message(response="utter_plan_result", verdict=verdict, next_step=next_step,
                                 json_message=payload(result, case_id, links))
        if channel not in ("widget", "wechat") and links:
            # the letter is not pasted (issue 23 item 19): the link, and the full text on request (a button)
            dispatcher.utter_message(text=x.PLAN_DOWNLOAD_LINK.format(url=links["page"]),
                                     buttons=[dict(x.LETTER_FULL_BUTTON)])
        elif channel != "widget" and links:  # WeChat: the link inside its first reply
            dispatcher.utter_message(text=x.PLAN_DOWNLOAD_LINK.format(url=links["page"]))
        elif channel != "widget":
            dispatcher.utter_message(response="utter_plan_letter", letter=result.letter)
        # the notes on request (「详细」), not 300 字 more on a phone (trials s6: plan turns of 694–821 字)
        from actions.answers import held_events, hold

        total_note = x.PLAN_TOTAL_NOTE[result.amount_basis].format(total=yuan(result.total))
        hold(dispatcher, text=x.PLAN_NOTES.format(notes=bullet_lines([total_note] + result.notes + result.assumptions)))
        return [SlotSet("plan_case_id", case_id)] + held_events(dispatcher, tracker)


class ActionResumeForm(Action):
    """「继续」「继续吧」「接着来」 with no form paused (a paused form has its own rules, data/rules.yml): with a plan summary
    waiting for its confirmation, the summary again (the confirmation goes on, nothing is lost); otherwise nothing is
    half done (utter_nothing_to_resume). Persona trials: 「继续吧」 after the summary got 「现在没有进行到一半的计算」."""

    NAME = "action_resume_form"

    def name(self) -> str:
        return self.NAME

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        if tracker.get_slot(SUMMARY_SLOT) and debts_from(case_of(tracker)):
            return await ActionDraftRepaymentPlan().run(dispatcher, tracker, domain)
        dispatcher.utter_message(response="utter_nothing_to_resume")
        return []
