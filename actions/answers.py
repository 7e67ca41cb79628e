"""Specific answers and 「详细说明」 (issue 12): thin glue over bot.facts (the catalogue of facts and answers).

- A cardholder's specific question (「传票怎么辨真假」) gets its own answer: the verdict in the first bubble
  with the source of the fact it rests on, and a 「详细说明」 button for the facts behind it.
- A topic asked in general (「会上征信吗」) gets the topic's short answer (domain.yml response) with the same
  button; its details are the topic's facts.
- An answer already given in this conversation is referred to (「上面已经说过：」 + its first sentence), never
  sent again; slot `answers_given` keeps the ids, `last_answer` the one 「详细说明」 typed refers to.
"""
from __future__ import annotations

import json
import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import texts as x
from actions.common import bullet_lines
from actions.distress import CrisisFirst
from bot import facts as F
from bot import topics as registry

LAST_ANSWER_SLOT = "last_answer"
ANSWERS_GIVEN_SLOT = "answers_given"
ANSWER_ENTITY = "answer_id"
INTEREST_BASIS = "figure_basis"  # 「计算依据」 of the interest figure: every assumption of the projection

# extra buttons of a topic's answer (after 「详细说明」)
TOPIC_BUTTONS = {"negotiate": [{"title_response": "utter_plan_button", "payload": "/request_plan_draft"}]}


# ---- details on request (a phone shows the verdict first; STYLE): a block held back behind 「详细」 ----------
HELD_SLOT = "held_details"
HELD_PREFIX = "more_"
HELD_KEEP = 6  # the blocks of the last answers a 「详细」 button of an earlier bubble can still open


def hold(dispatcher: CollectingDispatcher, **message: Any) -> None:
    """Keep a bubble (``utter_message`` arguments) for 「详细」 instead of sending it now; the action's run
    ends with `held_events`, which puts the 「详细」 button under the last bubble sent and stores the block."""
    probe = CollectingDispatcher()
    probe.utter_message(**message)
    held = getattr(dispatcher, "kayou_held", None)
    if held is None:
        held = []
        dispatcher.kayou_held = held  # type: ignore[attr-defined]
    held.extend(probe.messages)


def held_events(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
    """The held blocks of this action (`hold`): one 「详细」 button for them under the last bubble sent (or
    sent as they are when nothing else was), and the slots that let the button or a typed 「详细」 show them."""
    held = getattr(dispatcher, "kayou_held", None) or []
    dispatcher.kayou_held = []  # type: ignore[attr-defined]
    if not held:
        return []
    # what the button opens, beside what was sent (read by the tests: tests/actions/conftest.py opened)
    dispatcher.kayou_opened = [*getattr(dispatcher, "kayou_opened", []), *held]  # type: ignore[attr-defined]
    if not dispatcher.messages:
        dispatcher.messages.extend(held)
        return []
    stored = dict(tracker.get_slot(HELD_SLOT) or {}) if isinstance(tracker.get_slot(HELD_SLOT), dict) else {}
    key = f"{HELD_PREFIX}{len(tracker.events)}"
    stored[key] = held
    stored = dict(list(stored.items())[-HELD_KEEP:])
    last = dispatcher.messages[-1]
    last["buttons"] = [*(last.get("buttons") or []), button(F.labels()["more_button"], key)]
    return [SlotSet(HELD_SLOT, stored), SlotSet(LAST_ANSWER_SLOT, key)]


def button(title: str, answer_id: str) -> dict[str, str]:
    return {"title": title, "payload": "/ask_details" + json.dumps({ANSWER_ENTITY: answer_id}, ensure_ascii=False)}


def details_button(answer_id: str) -> dict[str, str]:
    return button(F.labels()["details_button"], answer_id)


def basis_button() -> dict[str, str]:
    return button(F.labels()["basis_button"], INTEREST_BASIS)


def given(tracker: Tracker) -> list[str]:
    value = tracker.get_slot(ANSWERS_GIVEN_SLOT)
    return [str(v) for v in value] if isinstance(value, list) else []


def first_sentence(text: str) -> str:
    for mark in ("。", "；", "\n"):
        if mark in text:
            return text.split(mark, 1)[0] + "。"
    return text


def specific_answer(tracker: Tracker) -> F.Answer | None:
    """The catalogue's specific answer to the latest message under its classified intent, if any."""
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    text = tracker.latest_message.get("text") or ""
    answer = F.match(text, intent, recent_user_text(tracker))
    if answer is None or answer.id in CARDHOLDER_ANSWERS or answer.topic == CREDIT_TOPIC or _about_a_suit(answer):
        # the card is a relative's (「卡是我闺女的」): who signs and whose 征信, in the writer's own position (persona
        # trial s7 L5), never the cardholder's 「您要承诺…」「会上征信」
        relative = relative_answer(tracker, answer)
        if relative is not None:
            return relative
    answer = relative_in_place(tracker, answer, text, intent)
    if answer is not None and answer.id in given(tracker) and not _asks_where(text, answer) and not reasked(text) \
            and _asks_other(text) and not (answer.id in RELATIVE_OWN and F.insists(text)):
        # (「你一直说一样的话 我问的是…告诉我同事我老公欠钱 这合法吗」, persona trial s10 P2 #7: her own question again,
        # never the general 「您不是持卡人…」)
        # 「那我要咋个做才不会被抓嘛 … 娃娃上学要钱」 after the school answer (persona trial s6 I4 #5: 「上面已经说过：逾期本身不会
        # 让孩子不能上学」): words of an answer given before, said as a fact beside another question, are not the question
        return None
    if answer is not None and answer.id in KNOWN_CARDS_ANSWERS:
        from actions.case_slots import case_of

        cards = case_of(tracker).cards
        if len(cards) >= 2 and all(c.amount is not None for c in cards):
            return None  # 「两张加起来6万 会坐牢吗」 with both cards known: the checklist, not 「告诉我每张卡各欠多少」
    return answer


RECENT_MESSAGES = 6  # the person's messages before this one in which an `in_context` answer's context may sit


def recent_user_text(tracker: Tracker, count: int = RECENT_MESSAGES) -> str:
    """The person's last ``count`` messages before the latest one, joined (the context of answers.yml `in_context`)."""
    texts: list[str] = []
    for event in reversed(tracker.events):
        if event.get("event") == "user" and (event.get("text") or "").strip():
            texts.append(event["text"])
            if len(texts) > count:
                break
    return "，".join(reversed(texts[1:]))


# answers that ask for each card's amount: not given when every card's amount is known (persona trial F2)
KNOWN_CARDS_ANSWERS = ("several_cards_total",)


def repair_policy_lead(text: str, today: Any = None) -> str | None:
    """The one-off credit repair applied to the record the person describes (probe B02: 「2025年逾期了8000块
    今年6月份才还清的 能享受…吗」 got the general text): which condition fails and what still applies, or that
    it qualifies; None when the message describes no record of their own."""
    from datetime import date

    from actions.common import yuan
    from bot.nlu.credit_repair import assess

    found = assess(text, today or date.today())
    if found is None:
        return None
    if found.failed:
        reasons = []
        for key in found.failed:
            if key == "repaid" and found.not_repaid:
                reasons.append(x.REPAIR_FAILED["not_repaid"])
            else:
                reasons.append(x.REPAIR_FAILED[key].format(
                    year=found.arose, amount=yuan(found.amount) if found.amount is not None else "",
                    repaid=found.repaid_text or ""))
        still = (x.REPAIR_STILL_REPAID.format(until=found.shown_until)
                 if found.repaid_text else x.REPAIR_STILL_UNPAID)
        return "\n".join([x.REPAIR_NOT_COVERED.format(reasons="；".join(reasons)), still + x.REPAIR_SCAM])
    if found.qualifies:
        assert found.repaid is not None and found.amount is not None
        return x.REPAIR_QUALIFIES.format(year=found.arose, amount=yuan(found.amount), repaid=found.repaid_text)
    return None


def repair_case_lead(tracker: Tracker, today: Any = None, scam: str | None = None) -> str | None:
    """The one-off credit repair for the overdue of the person's case (persona trial s10 P3 t3: 「那以後這個記錄可以消掉嗎？
    網上有人說可以花錢做徵信修復」 after 「中信逾期兩個月 欠1萬2」 got the policy, never that her record is not covered): a
    card overdue now is not repaid, and the policy's repayment deadline (31 Mar 2026) has passed, so the verdict comes
    first, then the 5 years from payoff and the scam warning (DOMAIN §3). None when no card is overdue now."""
    from datetime import timedelta

    from actions.case_slots import case_of
    from actions.common import today as china_today
    from bot.nlu.credit_repair import REPAID_BY

    day = today or china_today()
    case = case_of(tracker)
    overdue = [c for c in case.cards if c.overdue_days and c.bank not in case.settled]
    if not overdue or day <= REPAID_BY:
        return None
    card = max(overdue, key=lambda c: c.overdue_days or 0)
    arose = (day - timedelta(days=card.overdue_days or 0)).year
    lead = x.REPAIR_CASE_NOT_COVERED.format(bank=card.bank or "", days=card.overdue_days, year=arose)
    return "\n".join([lead, x.REPAIR_STILL_UNPAID + (scam or x.REPAIR_SCAM)])


def _repair_policy(text: str, tracker: Tracker) -> str | None:
    # the record the message describes; else the overdue of the person's case
    return repair_policy_lead(text) or repair_case_lead(tracker)


def _repair_paid(text: str, tracker: Tracker) -> str | None:
    # a sum in the message is the fee asked, not the record's amount: only the case's overdue
    return repair_case_lead(tracker, scam=x.REPAIR_PAID_SCAM)


# answers whose first bubble is computed from the person's own case when the message or the case describes it
PERSONAL_LEADS = {"credit_repair_policy": _repair_policy, "repair_paid_apply": _repair_paid}


def give(dispatcher: CollectingDispatcher, tracker: Tracker, answer: F.Answer,
         response: str | None = None, extra_buttons: list[dict[str, str]] | None = None) -> list[dict[str, Any]]:
    """Utter ``answer`` (its short text, or the domain ``response`` for a topic) with 「详细说明」; an answer
    already given in this conversation is referred to in one sentence instead."""
    buttons = [details_button(answer.id), *(extra_buttons or [])] if answer.facts else list(extra_buttons or [])
    already = given(tracker)
    cite = F.cite(answer.cites)
    reference = None
    if answer.id in already and not F.insists(tracker.latest_message.get("text") or "") and answer.topic is not None \
            and asks_new(tracker, answer.id):
        # 「那要是真起诉了怎么办 我要去法院吗 我在外地打工回不去」 after the lawsuit answer (persona trial s8 M3 #5: 「上面已经
        # 说过：银行可以起诉…」): a new question of the same topic that no catalogue answer holds is no repeat; what is
        # certain, and who can answer the rest (the judge, 12348), never 「上面已经说过」
        shown = answer.short or _rendered(tracker, response) or (F.text(answer.facts[0]) if answer.facts else "")
        known = first_sentence(shown)
        dispatcher.utter_message(text=in_holder_words(tracker, not_covered_text(answer.topic, known)), buttons=buttons)
        return [SlotSet(LAST_ANSWER_SLOT, answer.id)]
    if answer.id in already and not F.insists(tracker.latest_message.get("text") or "") \
            and not reasked(tracker.latest_message.get("text") or ""):
        # 「我问的是怎么才不会被抓」「不是 我问失业证明…」: a question said again because it was not answered gets the answer,
        # not a reference
        if answer.short:
            reference = F.labels()["said_above"] + first_sentence(answer.short)
        else:
            reference = F.labels()["said_above"] + first_sentence(_rendered(tracker, response))
    personal = PERSONAL_LEADS.get(answer.id)
    lead = personal(tracker.latest_message.get("text") or "", tracker) if personal else None
    if lead:
        dispatcher.utter_message(text=f"{lead}\n{cite}" if cite else lead, buttons=buttons)
    elif reference is not None and reference != last_bot_text(tracker):
        dispatcher.utter_message(text=in_holder_words(tracker, reference), buttons=buttons)
    elif response:
        dispatcher.utter_message(response=response, cite=cite, buttons=buttons)
    else:
        dispatcher.utter_message(text=in_holder_words(tracker, F.first_bubble(answer)), buttons=buttons)
    events: list[dict[str, Any]] = [SlotSet(LAST_ANSWER_SLOT, answer.id)]
    if answer.id not in already:
        events.append(SlotSet(ANSWERS_GIVEN_SLOT, [*already, answer.id]))
    return events


# the topics whose open questions a judge answers (a suit, its enforcement, a criminal case, a ban on leaving)
COURT_TOPICS = ("lawsuit", "exit_ban", "criminal")
NEW_CONTENT_MIN = 3  # content characters the earlier question did not have: a new question


def earlier_question(tracker: Tracker, answer_id: str) -> str | None:
    """The person's message that first got ``answer_id`` in this conversation (slot `answers_given` events), or None."""
    last_user = None
    for event in tracker.events or []:
        if event.get("event") == "user":
            last_user = event.get("text") or ""
        elif event.get("event") == "slot" and event.get("name") == ANSWERS_GIVEN_SLOT \
                and answer_id in (event.get("value") or []):
            return last_user
    return None


def asks_new(tracker: Tracker, answer_id: str) -> bool:
    """The latest message asks something the message that first got ``answer_id`` did not: at least NEW_CONTENT_MIN
    characters of content it did not have (「开庭前能和银行和解吗」 after 「银行起诉我了怎么办」), compared as questions,
    not as topics (persona trial s8: 「上面已经说过」 to six new questions about a suit). False when that message is not
    known (the reference stays)."""
    earlier = earlier_question(tracker, answer_id)
    if earlier is None:
        return False
    from bot.nlu.reading import content_chars

    latest = tracker.latest_message.get("text") or ""
    return len(content_chars(latest) - content_chars(earlier)) >= NEW_CONTENT_MIN


def not_covered_text(topic: str, known: str) -> str:
    """A new question of ``topic`` the catalogue holds no answer to: said so, who answers it, and what is certain."""
    labels = F.labels()
    where = labels["not_covered_court"] if topic in COURT_TOPICS else labels["not_covered_other"]
    return labels["not_covered"].format(where=where, known=known)


def still_asked(text: str, specific: F.Answer, topic: str | None) -> bool:
    """The message asks ``topic`` in words the specific answer does not answer (「那我到底会不会坐牢嘛 … 会不会影响娃娃
    读书」: the school answer is no answer to 坐牢; persona trial s6 I4 #3): the topic's own answer is given too."""
    from bot.nlu.normalize import normalize
    from bot.nlu.topics import _CLAUSE_SPLIT, ASKING_CLAUSE, topics_in

    if not topic or topic in topics_in(F.matched_of(text, specific)):
        return False
    # asked in a clause of its own (「那我到底会不会坐牢嘛」), not named as the subject of a statement (「催收说要发朋友圈」,
    # 「催收一天打了十几个电话」)
    clauses = [c for c in _CLAUSE_SPLIT.split(normalize(text or "")) if c]
    return any(ASKING_CLAUSE.search(c) and topic in topics_in(c) and not any(p.search(c) for p in specific.all_patterns)
               for c in clauses)




def _asks_where(text: str, answer: F.Answer) -> bool:
    """A clause of ``text`` that the answer's patterns match asks something (a question cue), or the message asks
    about all it named (「这两个都不合法吧」): 「娃娃上学要钱」 said as a fact is no second question."""
    from bot.nlu.normalize import normalize
    from bot.nlu.topics import _CLAUSE_SPLIT, _QUESTION_CUE, ABOUT_ALL

    normal = normalize(text or "")
    if ABOUT_ALL.search(re.sub(r"\s+", "", normal)):
        return True
    clauses = [c for c in _CLAUSE_SPLIT.split(normal) if c]
    return any(_QUESTION_CUE.search(c) and any(p.search(c) for p in answer.all_patterns) for c in clauses)


def reasked(text: str) -> bool:
    """``text`` says the last answer missed and asks again (「不是 我问失业证明 …」, persona trial s9 N5 #9)."""
    from bot.nlu.topics import reasked as asks_again

    return asks_again(text)


def _asks_other(text: str) -> bool:
    """Some clause of ``text`` asks something (a question cue)."""
    from bot.nlu.normalize import normalize
    from bot.nlu.topics import _CLAUSE_SPLIT, _QUESTION_CUE

    return any(_QUESTION_CUE.search(c) for c in _CLAUSE_SPLIT.split(normalize(text or "")) if c)


def give_specifics(dispatcher: CollectingDispatcher, tracker: Tracker, specific: F.Answer,
                   lookup_intent: str | None = None) -> tuple[list[dict[str, Any]], str]:
    """The specific answer, and a second one when the rest of the message asks another catalogue question
    (「他说要打我单位电话 还说要发朋友圈 这两个都不合法吧」, persona trial s6 I5 #3: 「上面已经说过」 of the 朋友圈 answer and
    no word on the workplace). An answer already given is referred to only when nothing new is asked. Returns the
    events and the part of the message still to answer."""
    text = tracker.latest_message.get("text") or ""
    intent = lookup_intent or (tracker.latest_message.get("intent") or {}).get("name")
    rest = F.rest_of(text, specific)
    already = given(tracker)
    second = F.match(rest, intent, recent_user_text(tracker))
    if second is not None and (second.id in CARDHOLDER_ANSWERS or second.topic == CREDIT_TOPIC):
        second = relative_answer(tracker, second, rest) or second  # a relative's own position (persona trial s7 L5)
    # an answer given before comes again as the second only when the message says it is what it asks (「我是问孩子上初中会
    # 不会因为我欠钱受影响 还有那个短信上的电话我要不要打」, persona trial s7 K3 #7)
    repeated = second is not None and second.id in already and not F.insists(text)
    if second is not None and (second.id == specific.id or repeated or not _asks_where(text, second)):
        second = None
    events: list[dict[str, Any]] = []
    if second is None or specific.id not in already or F.insists(text):
        events += give(dispatcher, tracker, specific)
    if second is None:
        return events, rest
    events += give(dispatcher, tracker, second)
    return merge_given(events), F.rest_of(rest, second)


def merge_given(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One `answers_given` event for the answers of one turn (each give() sets the slot from the turn's start)."""
    ids: list[str] = []
    for e in events:
        if e.get("event") == "slot" and e.get("name") == ANSWERS_GIVEN_SLOT:
            ids += [i for i in e.get("value") or [] if i not in ids]
    if not ids:
        return events
    return [e for e in events if e.get("name") != ANSWERS_GIVEN_SLOT] + [SlotSet(ANSWERS_GIVEN_SLOT, ids)]


def last_bot_text(tracker: Tracker) -> str | None:
    """The text of the bot's last message in this conversation (None: none yet)."""
    return next((e.get("text") for e in reversed(tracker.events) if e.get("event") == "bot" and e.get("text")), None)


def _rendered(tracker: Tracker, response: str | None) -> str:
    """The text of an earlier bot message of ``response`` in this conversation."""
    for event in reversed(tracker.events):
        if event.get("event") == "bot" and (event.get("metadata") or {}).get("utter_action") == response:
            return event.get("text") or ""
    return ""


def topic_answer(topic: str) -> F.Answer | None:
    """The general answer of ``topic``: its bot/answers.yml entry, else its registry row's facts
    (bot/topics/registry.yml: the topics added for issue 19/23 carry their 「详细说明」 facts there)."""
    answer = F.topic_answer(topic)
    if answer is not None:
        return answer
    row = next((t for t in registry.topics() if t.name == topic), None)
    if row is None or not row.facts:
        return None
    return F.Answer(id=f"topic_{topic}", intents=row.intents, patterns=(), short="", facts=row.facts,
                    examples=(), topic=topic)


def answer_by_id(answer_id: str | None) -> F.Answer | None:
    found = F.by_id(answer_id)
    if found is None and answer_id and answer_id.startswith("topic_"):
        found = topic_answer(answer_id[len("topic_"):])
    return found


def give_topic(dispatcher: CollectingDispatcher, tracker: Tracker, topic: str, domain: dict,
               extra_buttons: list[dict[str, str]] | None = None, quiet_if_given: bool = False) -> list[dict[str, Any]]:
    if topic == CREDIT_TOPIC and writes_for_relative(tracker):
        # 征信 asked by a person who wrote for a relative: their own record (persona trial s7 L5 #7: 「会上征信」)
        relative = F.by_id(RELATIVE_CREDIT)
        assert relative is not None
        if any(relative.short[:20] in (m.get("text") or "") for m in dispatcher.messages):
            return []
        return give(dispatcher, tracker, relative)
    answer = topic_answer(topic)
    if answer is None:  # a topic without a catalogue entry: its domain response only
        dispatcher.utter_message(response=f"utter_{topic}")
        return []
    if quiet_if_given and answer.id in given(tracker) and not F.insists(tracker.latest_message.get("text") or ""):
        return []  # said before, and specific answers follow: no reference in front of them
    return give(dispatcher, tracker, answer, response=topic_response(topic), extra_buttons=extra_buttons)


def topic_response(topic: str) -> str:
    """The domain.yml response of ``topic``'s general answer (bot/answers.yml, else the registry's)."""
    if F.topic_answer(topic) is not None:
        return F.topic_response(topic)
    row = registry.topic(topic)
    return row.full_response or row.answer_response or f"utter_{topic}"


class ActionAnswerTopic(CrisisFirst):
    """The topics without figures (征信, 催收, 投诉, 起诉, 协商, 中介, 出境, 家人, 被中介骗, 个人信息: the
    registry's topics answered by this action): a specific answer when the question is one, else the topic's
    short answer; then the other topics the message asks, and only those."""

    def name(self) -> str:
        return "action_answer_topic"

    def after_crisis_answer(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
        # 「那我该怎么办 一个月最多剩800」 after a signal, routed to negotiation by the topic guard (read8): the gentle first
        # step with this person's bank and figures and the lines (care8, persona trial H3 #5)
        return held_events(dispatcher, tracker)

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        from actions.topics import answer_other_topics

        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if follows_up_criminal(tracker):
            # 「逾期5个月了 催收打了好多次电话」 right after the 坐牢 checklist (persona trial s6 J3 #7: the harassment rules):
            # the facts its 「无法判断」 asked for, answered with them
            from actions.consequences import ActionAnswerCriminalRisk

            await ActionAnswerCriminalRisk().answer(dispatcher, tracker, domain)
            return held_events(dispatcher, tracker)
        topic = registry.topic_of_intent(intent) or "credit_report"
        if budget_asked(tracker):
            # 「要是银行不同意停息 那我每个月1000够不够」: the figure is the answer (persona trial I1 #12: the bank-may-refuse
            # text, and 「够不够」 unanswered); with interest running when the message says so (actions.whatif)
            from actions.whatif import answer_what_if
            from bot.nlu.topics import topics_in

            answer_what_if(dispatcher, tracker)
            if intent == NEGOTIATE_INTENT or topic not in topics_in(tracker.latest_message.get("text") or ""):
                also = specific_answer(tracker)
                if also is not None and _asked_not_supposed(tracker.latest_message.get("text") or "", also):
                    # 「四万七要还多久 银行会同意吗」 (persona trial s7; classified as any topic at low confidence): the
                    # figure, then the other question (never only one)
                    return [*give(dispatcher, tracker, also), *held_events(dispatcher, tracker)]
                return held_events(dispatcher, tracker)
            # 「四万七要还多久 会不会被起诉」: the figure, then the topic the words ask
        specific = specific_answer(tracker)
        # a specific answer that is no debtor's (night calls, calls a day) stays: it is hers too (persona trial C2)
        if ((specific is None and topic in RELATIVE_TOPICS) or (specific is not None and specific.id in RELATIVE_ANSWERS)) \
                and writes_for_relative(tracker):
            specific = F.by_id(RELATIVE_ANSWER)  # a mother, a husband: their own position, not the debtor's
        rest = None
        if specific is not None:
            rest = F.rest_of(tracker.latest_message.get("text") or "", specific)
            # the topics the words the specific answer did not match still ask (「…我能投诉吗」), not the ones its
            # own words name (「收到法院传票怎么辨别真假」: 法院 is the summons question itself)
            own = set(_topics_asked(F.matched_of(tracker.latest_message.get("text") or "", specific)))
            beyond = [name for name in _topics_asked(rest) if name not in own]
            # 「俺是问被执行了还能不能坐高铁」 (persona trial s7 L1 #4): said again because it was not answered, it is answered
            if specific.id in given(tracker) and beyond and not F.insists(tracker.latest_message.get("text") or ""):
                # 「他们打到我单位来 我能投诉吗」 after the rule was given: the new topics, no 「上面已经说过」 (persona
                # trial A3: the same reference three times while the mother asked how to complain)
                events = [SlotSet(LAST_ANSWER_SLOT, specific.id)]
                if topic in beyond:
                    events = give_topic(dispatcher, tracker, topic, domain)
            else:
                text = tracker.latest_message.get("text") or ""
                # a topic answer given before is not referred to again beside the specific answers that follow (persona
                # trial s8 M4 #6: 「上面已经说过：银行可以起诉…」 in front of the 高铁 answer)
                events = give_topic(dispatcher, tracker, topic, domain, quiet_if_given=True) \
                    if still_asked(text, specific, topic) else []
                more, rest = give_specifics(dispatcher, tracker, specific)
                events = merge_given(events + more)
        else:
            if topic == PRIVACY_TOPIC:
                # 「你存了我哪些信息」: what is kept first, then how long and how to erase it (the topic's answer)
                dispatcher.utter_message(text=stored_facts(tracker))
            extra = [{"title": _button_title(domain, b["title_response"]), "payload": b["payload"]}
                     for b in TOPIC_BUTTONS.get(topic, [])]
            events = give_topic(dispatcher, tracker, topic, domain, extra_buttons=extra)
        # a compound question's other topics follow (bot/topics/registry.yml names them)
        await answer_other_topics(dispatcher, tracker, domain, main=topic, text=rest,
                                  covered=frozenset(specific.covers) if specific is not None else frozenset())
        return events + held_events(dispatcher, tracker)


CRIMINAL_RESULT = "utter_criminal_result"


def follows_up_criminal(tracker: Tracker) -> bool:
    """The message asks nothing and states facts of the criminal conditions (days, collections, principal) right
    after the bot's 坐牢 checklist: it answers the checklist's 「无法判断」, not a new question."""
    from bot.nlu.normalize import normalize
    from bot.nlu.topics import _QUESTION_CUE, CRIMINAL_FACT_WORDS

    text = normalize(tracker.latest_message.get("text") or "")
    if not text or _QUESTION_CUE.search(text) or not CRIMINAL_FACT_WORDS.search(text):
        return False
    users = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            users += 1
            if users == 2:
                return False
        elif event.get("event") == "bot" and users == 1 \
                and (event.get("metadata") or {}).get("utter_action") == CRIMINAL_RESULT:
            return True
    return False


PRIVACY_TOPIC = "privacy"
NEGOTIATE_INTENT = "ask_negotiate_plan"


def _asked_not_supposed(text: str, answer: F.Answer) -> bool:
    """The words ``answer`` answers are asked, not supposed (「要是银行不同意停息 那我每个月1000够不够」 asks the figure only:
    persona trial I1 #12)."""
    from bot.nlu.topics import SUPPOSED_RE

    matched = F.matched_of(text, answer)
    return bool(matched) and SUPPOSED_RE.search(re.sub(r"\s+", "", text)) is None


def budget_asked(tracker: Tracker) -> bool:
    """This turn asks whether a monthly amount repays the recorded debt (a BUDGET_FIT what-if) and a debt is recorded."""
    from actions.whatif import facts, turn_scenario
    from bot import whatif

    scenario = turn_scenario(tracker)
    return scenario is not None and scenario.kind == whatif.BUDGET_FIT and bool(facts(tracker).cards)


def stored_facts(tracker: Tracker) -> str:
    """Every fact this conversation keeps about the person (slot `case`), masked (bot.privacy: a personal
    number inside a reason never shows), one line each; or that nothing is kept."""
    from actions import texts as x
    from actions.case_slots import case_of
    from actions.common import yuan
    from bot.case import UNKNOWN_BANK
    from bot.privacy import mask_text

    case = case_of(tracker)
    lines = []
    for card in case.cards:
        items = [x.PRIVACY_CARD_ITEMS[name].format(value=value if name == "overdue_days" else yuan(value))
                 for name in x.PRIVACY_CARD_ITEMS if (value := getattr(card, name)) is not None]
        if items:
            lines.append(x.PRIVACY_CARD.format(bank=card.bank or UNKNOWN_BANK, items="，".join(items)))
    if case.declared_total is not None:
        lines.append(x.PRIVACY_TOTAL.format(value=yuan(case.declared_total)))
    if case.settled:
        lines.append(x.PRIVACY_SETTLED.format(banks="、".join(case.settled)))
    s = case.situation
    for name in ("monthly_income", "monthly_expenses", "monthly_budget", "installments", "hardship_reason"):
        value = getattr(s, name)
        if value is None:
            continue
        shown = mask_text(str(value)) if name == "hardship_reason" else (
            x.PRIVACY_PERIODS.format(value=value) if name == "installments" else x.PRIVACY_YUAN.format(value=yuan(value)))
        lines.append(x.PRIVACY_SITUATION.format(label=x.FACT_LABELS[name], value=shown))
    return x.PRIVACY_STORED.format(lines="\n".join(lines)) if lines else x.PRIVACY_NOTHING


def _topics_asked(text: str) -> list[str]:
    from bot.nlu.topics import topics_in

    return topics_in(text)


# a person who wrote for a relative (「我儿子信用卡逾期了」「我老婆的卡」) asking about the collection gets the
# answer in their own position (persona trials A2, B2): they do not owe, how to ask the collectors to stop
RELATIVE_ANSWER = "relative_collection"
RELATIVE_TOPICS = {"collection"}
RELATIVE_ANSWERS = {"contacts_family", "home_visit"}


def writes_for_relative(tracker: Tracker) -> bool:
    """The person said in this conversation that the card is a relative's (bot.complaint.holder_of)."""
    return relative_holder(tracker) is not None


def relative_holder(tracker: Tracker) -> str | None:
    """The cardholder's relation to the person (「女儿」) when they said the card is a relative's, else None."""
    from actions.scripts import complaint_messages
    from bot.complaint import holder_of

    return holder_of(complaint_messages(tracker))


# a person who speaks for a relative's card (persona trial s7 L5) asking who signs, or about 征信: the answer in their
# own position. CARDHOLDER_ANSWERS: the cardholder's answers such a question may match (「以后办不了卡」 → new_card)
RELATIVE_SIGNS = "relative_signs"
RELATIVE_CREDIT = "relative_own_credit"
CARDHOLDER_ANSWERS = {"new_card", "family_credit_report"}
CREDIT_TOPIC = "credit_report"
# a suit over a relative's card (persona trial s9 N2 #9–#12: 「我爸会被起诉吗 我需要去法院吗」「我能不能代他出庭」): the holder
# is the party; the proxy question first. LAWSUIT_TOPIC: the cardholder's answers of a suit it replaces for the writer
RELATIVE_COURT = ("relative_court_proxy", "relative_lawsuit")
LAWSUIT_TOPIC = "lawsuit"


def _about_a_suit(answer: F.Answer) -> bool:
    """The cardholder's answer of a suit (「真传票要按时应诉：应诉时您可以…」), or the topic's general answer."""
    return answer.topic == LAWSUIT_TOPIC or LAWSUIT_TOPIC in answer.covers


# a person who wrote for a relative (persona trial s8 M2, a husband): how to make the collectors stop calling the workplace,
# and that telling colleagues is never allowed, in place of the answers that say only 「一般不用替持卡人还」 or give the
# debtor's own rules; the first of RELATIVE_OWN whose words the message says
RELATIVE_IN_PLACE = {"contacts_family", "stop_calls_how", "threats_insults", "home_visit", RELATIVE_ANSWER}
# 「还要告诉我婆婆 这算威胁吗」 (persona trial s10 P2 #13): the threat to tell her family before the told-others answer
RELATIVE_OWN = ("relative_stop_calls", "relative_threatened", "relative_told_others")
# the intents under which a message with no specific answer may still ask it (never a figure question: 「我同事说利息…」)
RELATIVE_OWN_INTENTS = {"ask_collection_harassment", "ask_complaint_channel", "ask_for_relative", "inform", "out_of_scope",
                        "vague_card_question"}


def relative_in_place(tracker: Tracker, answer: F.Answer | None, text: str, intent: str | None = None) -> F.Answer | None:
    """``answer``, or for a person who wrote for a relative the answer in their own position that the message's words ask
    (RELATIVE_OWN) when ``answer`` is one of RELATIVE_IN_PLACE, or none under a collection intent."""
    if answer is not None and answer.id not in RELATIVE_IN_PLACE:
        return answer
    if answer is None and intent not in RELATIVE_OWN_INTENTS:
        return answer
    if text.startswith("/"):  # a button after 「您问的是哪一个」: the words are the message it asked about (M2 #13–#14)
        text = next((e.get("text") or "" for e in reversed(tracker.events[:-1]) if e.get("event") == "user"
                     and not (e.get("text") or "").startswith("/")), "")
    own = next((F.by_id(i) for i in RELATIVE_OWN if F.matches(i, text)), None)
    if own is None or not writes_for_relative(tracker):
        return answer
    return own


def relative_answer(tracker: Tracker, answer: F.Answer | None = None, text: str | None = None) -> F.Answer | None:
    """For a person who wrote for a relative: the relative's answer the message asks (who signs, or their own
    征信), or None (not a relative, or neither asked). ``answer``: the catalogue answer the message matched."""
    if not writes_for_relative(tracker):
        return None
    text = tracker.latest_message.get("text") or "" if text is None else text
    if F.matches(RELATIVE_SIGNS, text):
        return F.by_id(RELATIVE_SIGNS)
    # 「会不会上我的征信 我以后还想办个老年卡贷款」 (L5 #7): her own record, not the cardholder's promise
    if F.matches(RELATIVE_CREDIT, text) or CREDIT_TOPIC in _topics_asked(text):
        return F.by_id(RELATIVE_CREDIT)
    court = next((i for i in RELATIVE_COURT if F.matches(i, text)), None)
    if court is not None:  # 「我能不能代他出庭」「我爸会被起诉吗 我需要去法院吗」: the holder is the party (trial s9 N2)
        return F.by_id(court)
    if answer is not None and answer.id == "new_card":
        return F.by_id(RELATIVE_SIGNS)
    # 「我老公说那钱有一部分是给家里买东西了 那我是不是也得还」 (persona trial s10 P2 #17: unsure, the grace-period question):
    # the joint-debt answer, whatever the classifier ranked (a debt said not the family's keeps spouse_own_debt)
    if F.matches(FAMILY_SPENDING, text) and not F.matches(SPOUSE_OWN_DEBT, text):
        return F.by_id(FAMILY_SPENDING)
    return None


FAMILY_SPENDING = "family_spending"
SPOUSE_OWN_DEBT = "spouse_own_debt"
HOLDER_MARK = "{ta}"  # where an answer names the cardholder (family_spending): 他 / 她 / 对方 by the relation said


def in_holder_words(tracker: Tracker, text: str) -> str:
    """``text`` with the cardholder named by the relation the person said (「我老公的卡」 → 他; persona trial s10 P2 #18:
    「她自己花的」 of her husband), 对方 when none was said."""
    if HOLDER_MARK not in text:
        return text
    return text.replace(HOLDER_MARK, x.HOLDER_PRONOUN.get(relative_holder(tracker) or "", x.HOLDER_PRONOUN_NONE))


def _button_title(domain: dict, response: str) -> str:
    variants = (domain.get("responses") or {}).get(response) or [{}]
    return str(variants[0].get("text", ""))


class ActionAnswerDetails(Action):
    """「详细说明」 / 「计算依据」: the facts behind the answer named by the button (entity ``answer_id``) or,
    typed, behind the last answer given."""

    def name(self) -> str:
        return "action_answer_details"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        answer_id = next((e.get("value") for e in tracker.latest_message.get("entities") or []
                          if e.get("entity") == ANSWER_ENTITY), None) or tracker.get_slot(LAST_ANSWER_SLOT)
        from actions.distress import CRISIS_LINES_ID

        if answer_id == CRISIS_LINES_ID:  # the lines one tap away once the person said they are safe (s9 N5)
            dispatcher.utter_message(text=x.CRISIS_LINES_TAPPED)
            return []
        if isinstance(answer_id, str) and answer_id.startswith(HELD_PREFIX):
            held = tracker.get_slot(HELD_SLOT)
            blocks = held.get(answer_id) if isinstance(held, dict) else None
            if blocks:
                dispatcher.messages.extend(dict(b) for b in blocks)
                return []
            dispatcher.utter_message(text=F.labels()["details_none"])
            return []
        if answer_id == INTEREST_BASIS:
            text = interest_basis(tracker)
            if text:
                dispatcher.utter_message(text=F.labels()["basis_head"] + "\n" + text)
                return []
        answer = answer_by_id(answer_id)
        if answer is None or not answer.facts:
            dispatcher.utter_message(text=F.labels()["details_none"])
            return []
        dispatcher.utter_message(text=F.labels()["details_head"] + "\n" + F.details(answer.facts))
        return []


def interest_basis(tracker: Tracker) -> str:
    """Every assumption of the interest projection of each recorded card (the 「计算依据」 bubble)."""
    from actions.whatif import card_label, facts
    from bot import whatif

    cards = [c for c in facts(tracker).cards if c.overdue_days is not None]
    parts = []
    for card in cards:
        projection = whatif.projection(card)
        head = card_label(card) + "：\n" if len(cards) > 1 else ""
        parts.append(head + bullet_lines(projection.assumptions))
    return "\n".join(parts)


class ActionOutOfScope(CrisisFirst):
    """A message read as out of scope: the catalogue's answer when one is written for it under out_of_scope
    (「对了 我花呗也欠了两千 这个一起能算吗」 beside a card case: not a bank card, the card case goes on;
    persona trial C5), else the out-of-scope line."""

    def name(self) -> str:
        return "action_out_of_scope"

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        # 「那我该怎么办」 after a signal is no question out of scope: CrisisFirst gave the first step (persona trial H3 #5)
        specific = specific_answer(tracker)
        if specific is None and other_debt_beside_cards(tracker):
            # 「还有花呗每月要还1000多 剩下的留着应急」 (persona trial s6 J1 #16, the answer to the bot's own question why the
            # budget is below the surplus): another debt beside the card case is a fact of the case, kept off the cards
            from actions.facts import ActionAcknowledgeFacts

            return await ActionAcknowledgeFacts().run(dispatcher, tracker, domain)
        if specific is None:
            dispatcher.utter_message(response="utter_out_of_scope")
            return []
        return give(dispatcher, tracker, specific) + held_events(dispatcher, tracker)


# what the reading keeps of another debt beside the cards (bot/nlu/case_update.py): a fact, never a card
OTHER_DEBT_ROLES = ("other_debt", "other_debt_payment")


def other_debt_beside_cards(tracker: Tracker) -> bool:
    """A card case is recorded and this turn's reading kept a figure of another debt (花呗, 网贷) beside it."""
    from actions.case_slots import case_of, turn_reading

    return bool(case_of(tracker).cards) and any(
        isinstance(f, dict) and f.get("role") in OTHER_DEBT_ROLES and not f.get("hypothetical")
        for f in turn_reading(tracker).get("facts") or [])
