"""The distress protocol after the crisis answer (DOMAIN §7), in one place.

The crisis answer itself is the rule "answer express_distress" (utter_distress); inside a form the rule
"<form> — distress pauses the form" then runs ``ActionPauseForm`` (the slot `paused_form` remembers the
form, and the person is told that nothing is lost and 「继续」 resumes it) and deactivates the form with its
slots kept: no form question in the same turn. Outside a form, a debt question that the distress guard set
aside in the same message (「感觉活着好累…现在还要多少钱」) is kept the same way. Only 「继续」
(resume_form) resumes it. Also here:

- ``distressed(tracker)``: distress was expressed in this conversation (slot `distress_expressed`, or any
  user turn with the intent ``express_distress``). Actions that would otherwise add figures or checklists
  nobody asked for (the criminal conditions after 「接下来会怎样」, the 5万 threshold after 「先还哪张」)
  leave them out.
- ``crisis_lines_for(tracker)``: the messages that repeat the crisis lines on a handoff after distress
  (empty otherwise); ``utter_crisis_lines(dispatcher, tracker)`` sends them. action_request_human calls it
  first, so a person waiting for staff has the lines before 「工作时间处理」.
- ``resumed_events(tracker, form)``: the form runs again, the pause is over.
"""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import texts as x

DISTRESS_INTENT = "express_distress"
DISTRESS_SLOT = "distress_expressed"
PAUSED_SLOT = "paused_form"
CRISIS_LINES = "utter_crisis_lines"
SUMMARY_SLOT = "plan_summary"  # actions/plan.py: the summary card waiting for 「确认」
PLAN_FORM = "plan_form"


def own_signal(event: dict[str, Any]) -> bool:
    """A user event that is the person's own distress signal: the intent express_distress, not another person's crisis
    (「她说不想活了」, bot.nlu.components.DistressGuard `crisis_of`: persona trial I2)."""
    data = event.get("parse_data") or {}
    return event.get("event") == "user" and (data.get("intent") or {}).get("name") == DISTRESS_INTENT \
        and data.get("crisis_of") != "other"


def distressed(tracker: Tracker) -> bool:
    """Distress was expressed in this conversation and is still in force (DOMAIN §7: no unprompted figures afterwards;
    a ticket first in the queue). A mild remark the person then said was all right is not (``taken_back``)."""
    users = [e for e in tracker.events if e.get("event") == "user"]
    if taken_back(users):
        return False
    if tracker.get_slot(DISTRESS_SLOT):
        return True
    # the slot is set by its mapping; the events are the fallback when it was not (an older tracker)
    return any(own_signal(e) for e in users)


def _real(event: dict[str, Any]) -> bool:
    from bot.nlu.distress import mild

    data = event.get("parse_data") or {}
    return bool(data.get("distress_signal") or data.get("crisis_line_unanswered")) or not mild(event.get("text") or "")


def taken_back(users: list[dict[str, Any]]) -> bool:
    """The person's own distress turns were all mild (the classifier's alone: no rule signal, no hopelessness, turmoil or
    giving up) and the last of them was followed by one saying they are all right (「没那么严重 就是烦 继续吧」, widget trial
    UI s7 #8: the ticket was queued as 情绪危机 with 「此时不谈还款」). Conservative: any real signal stays in force."""
    from bot.nlu.distress import says_ok

    own = [i for i, e in enumerate(users) if own_signal(e)]
    if not own or any(_real(users[i]) for i in own):
        return False
    return any(says_ok(e.get("text") or "") for e in users[own[-1] + 1:])


def strain_line(tracker: Tracker) -> str | None:
    """The kind line before the answer to a message of everyday strain (bot.nlu.components.DistressGuard
    `distress_strain`), or None: the lines in it after the person's own signal earlier."""
    kind = (tracker.latest_message or {}).get("distress_strain")
    if not kind:
        return None
    users = [e for e in tracker.events if e.get("event") == "user"][:-1]
    if any(own_signal(e) for e in users) and not taken_back(users):
        return x.STRAIN_ACK_AFTER_SIGNAL
    return x.STRAIN_ACK.get(kind, x.STRAIN_ACK["stress"])


def acknowledge_police_call(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """「我刚给杭州110打了 他们说去看看 …帮我写个投诉」 (persona trial I2 #10) during another person's crisis: the call
    acknowledged in one line before the document asked for."""
    from bot.nlu.distress import called_police

    person = other_crisis(tracker)
    if person is not None and called_police(tracker.latest_message.get("text") or ""):
        dispatcher.utter_message(text=x.CRISIS_OTHER_CALLED_SHORT.format(ta=called(person)[1]))


def crisis_lines_for(tracker: Tracker) -> list[dict[str, Any]]:
    """Messages (``dispatcher.utter_message`` keyword arguments) that repeat the crisis lines on a handoff
    after distress; [] when there was none. While another person's crisis is in force: the steps for that person."""
    person = other_crisis(tracker)
    if person is not None:
        who, ta = called(person)
        return [{"text": x.CRISIS_OTHER_HANDOFF.format(who=who, ta=ta)}]
    return [{"response": CRISIS_LINES}] if distressed(tracker) else []


def utter_crisis_lines(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    for message in crisis_lines_for(tracker):
        dispatcher.utter_message(**message)


def resumed_events(tracker: Tracker, form: str) -> list[dict[str, Any]]:
    """Clears `paused_form` when ``form`` is the one distress paused and it runs again."""
    return [SlotSet(PAUSED_SLOT, None)] if tracker.get_slot(PAUSED_SLOT) == form else []


# a debt question asked in the same message as distress: the form that answers it, kept for 「继续」
QUESTION_FORMS = {"ask_interest": "overdue_form", "request_plan_draft": "plan_form"}
# the classifier's own pick must be this sure to count as a question the person asked
QUESTION_CONFIDENCE = 0.5


def _question_form(tracker: Tracker) -> str | None:
    """The form of the debt question the distress guard set aside in this message (DOMAIN §7: the crisis
    answer comes first; the question is answered when the person says 「继续」), or None."""
    message = tracker.latest_message or {}
    if not message.get("distress_signal"):
        return None  # the classifier itself said distress: no question was set aside
    ranking = [r for r in message.get("intent_ranking") or [] if r.get("name") != DISTRESS_INTENT]
    if not ranking or (ranking[0].get("confidence") or 0) < QUESTION_CONFIDENCE:
        return None
    return QUESTION_FORMS.get(ranking[0].get("name") or "")


class ActionPauseForm(Action):
    """After the crisis answer: the form in progress — or the form of a debt question asked in the same
    message — is kept for 「继续」 (its slots stay) and the person is told so; no question in this turn.
    Always sets `paused_form` (unchanged when there is nothing new to keep), so that each rule names it."""

    def name(self) -> str:
        return "action_pause_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        form = (tracker.active_loop or {}).get("name") or _question_form(tracker)
        if form:
            dispatcher.utter_message(response="utter_form_paused")
            return [SlotSet(PAUSED_SLOT, form)]
        if tracker.get_slot(SUMMARY_SLOT):
            # the plan summary waiting for 「确认」 (persona trial H3 #12): its confirmation is void; the summary is
            # shown again, after a check-in, when the person takes the letter up again (nothing is sold meanwhile)
            dispatcher.utter_message(response="utter_form_paused")
            return [SlotSet(PAUSED_SLOT, PLAN_FORM), SlotSet(SUMMARY_SLOT, None)]
        return [SlotSet(PAUSED_SLOT, tracker.get_slot(PAUSED_SLOT))]


def handoff_when() -> tuple[str, dict[str, str]]:
    """When a person answers a 「转人工」 (KAYOU_HANDOFF_HOURS / _DAYS): said inside every crisis answer, so
    that nobody waits at night for a desk that is closed (issue 23 item 11)."""
    from datetime import datetime, timezone

    from actions.handoff import desk_availability
    from bot.handoff import configured_hours, describe_moment

    hours = configured_hours()
    now = datetime.now(timezone.utc)
    # the one answer 转人工 itself gives (working hours, else an agent at the desk now, else closed)
    state = desk_availability(now)
    if state == "open":
        return "open", {"hours": hours.describe()}
    if state == "staffed":
        return "staffed", {}
    return "closed", {"hours": hours.describe(), "next": describe_moment(hours.next_open(now), now)}


def _render(domain: dict, response: str, values: dict[str, str]) -> str:
    if response == "utter_handoff_when_staffed":
        return x.HANDOFF_WHEN_STAFFED
    variants = (domain.get("responses") or {}).get(response) or [{}]
    return str(variants[0].get("text", "")).format(**values)


def crisis_follow_up(tracker: Tracker, when: str) -> str | None:
    """The short crisis follow-up for this message, or None (then the crisis text itself): a crisis line that
    did not answer (「12356打了 没人接」, any time; 「电话打了没人接」 after a signal) gets the other line, 110/120,
    away from the height or the means, someone near and a person; after a signal, turmoil (「我现在心里很乱」) or
    a new signal gets the same safety steps in other words (persona trial E5: the 226-character text came four
    times word for word). 「说说而已」 keeps the crisis text (the lines again, DOMAIN §7)."""
    from bot.nlu.distress import (
        calmer,
        crisis_line_unanswered,
        downplays,
        line_unanswered,
        matches,
        names_the_hope_line,
        unsettled,
    )

    text = tracker.latest_message.get("text") or ""
    # earlier user turns only: the slot `distress_expressed` is already set by this very turn's mapping
    before = signal_before(tracker)
    sent = {e.get("text") for e in tracker.events if e.get("event") == "bot"}
    candidates = []
    if crisis_line_unanswered(text) or (before and line_unanswered(text)):
        other = x.CRISIS_OTHER_LINE["hope" if names_the_hope_line(text) else "default"]
        candidates.append(x.CRISIS_LINE_UNANSWERED.format(other=other, safety=safety_step(tracker), handoff_when=when))
    elif not before or downplays(text):
        return None
    elif calmer(text) and not matches(text):
        candidates.append(x.CRISIS_CALMER.format(handoff_when=when, check_in=check_in_line(tracker)))
    # a second time: the same steps in other words, never the text just sent
    leads = ["unsettled", "again"] if unsettled(text) else ["again", "unsettled"]
    candidates += [x.CRISIS_STAY.format(lead=x.CRISIS_STAY_LEAD[lead], safety=safety_step(tracker), handoff_when=when)
                   for lead in leads]
    return next((c for c in candidates if c not in sent), candidates[-1])


def safety_step(tracker: Tracker) -> str:
    """Away from the balcony and the windows only when the person named a height (楼顶, 阳台, 跳 …) in one of their own
    messages; else the means only (persona trial I2 #5, #7: a father told to leave the balcony)."""
    from bot.nlu.distress import height_mentioned

    said = [e.get("text") or "" for e in tracker.events if e.get("event") == "user"
            and (e.get("parse_data") or {}).get("crisis_of") != "other"]
    said.append(tracker.latest_message.get("text") or "")
    return x.CRISIS_SAFETY["height" if any(height_mentioned(t) for t in said) else "generic"]


def crisis_follow_up_in_context(dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> bool:
    """Under any other intent (a fallback, a guess): after a recent signal, a line that did not answer or turmoil
    gets the crisis follow-up instead of 「您是想问…吗？」 or a debt menu (persona trial E5). True when sent."""
    from bot.nlu.distress import crisis_line_unanswered, line_unanswered, unsettled

    text = tracker.latest_message.get("text") or ""
    if not (crisis_line_unanswered(text) or (recent_signal(tracker) and (line_unanswered(text) or unsettled(text)))
            or resigned_after_signal(tracker)):
        return False
    follow_up = crisis_follow_up(tracker, handoff_when_text(domain))
    if not follow_up:
        return False
    dispatcher.utter_message(text=follow_up)
    return True


def handoff_when_text(domain: dict) -> str:
    """「真人客服在…回复，现在不在，最早…」 or 「现在是工作时间…」, as said inside the crisis texts."""
    state, values = handoff_when()
    return _render(domain, f"utter_handoff_when_{state}", values)


def resigned_after_signal(tracker: Tracker) -> bool:
    """Giving up (「无所谓了 随便吧」) after a signal earlier in this conversation (persona trial H3 #10): a crisis turn,
    whatever the classifier made of it (a fallback, an 「好的」, a goodbye)."""
    from bot.nlu.distress import resigned

    return bool(signal_before(tracker) and resigned(tracker.latest_message.get("text") or ""))


def care_after_recent_signal(dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> bool:
    """A bare 「嗯」「不是」「算了」 (affirm, deny, stop with nothing to confirm or stop) right after a signal, or giving up
    (「不想管了」) after one: care, never 「好的。您还想了解什么？比如利息…」 (persona trial H3 #10). True when sent."""
    from bot.nlu.distress import resigned

    text = tracker.latest_message.get("text") or ""
    if not (recent_signal(tracker) or (signal_before(tracker) and resigned(text)) or check_in_pending(tracker)):
        return False
    return care_instead_of_menu(dispatcher, tracker, domain)


class ActionCareOrResponse(Action):
    """A short reply's own response (``RESPONSE``), or care right after a signal (care_after_recent_signal)."""

    NAME = ""
    RESPONSE = ""

    def name(self) -> str:
        return self.NAME

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        if not care_after_recent_signal(dispatcher, tracker, domain):
            dispatcher.utter_message(response=self.RESPONSE)
        return []


class ActionDeny(ActionCareOrResponse):
    """「不是」 outside a form and a prompt (bot/topics/registry.yml deny)."""

    NAME = "action_deny"
    RESPONSE = "utter_anything_else"


class ActionDone(ActionCareOrResponse):
    """「没有了」「打完了」 (bot/topics/registry.yml done): the closing line, except right after a signal, where it is
    care (persona trial J3 #10: 「打了 没人接」 after 「不想再撑了」 got 「好的。有需要随时回来问我」)."""

    NAME = "action_done"
    RESPONSE = "utter_completion"


class ActionGreet(ActionCareOrResponse):
    """「你好」: the greeting, except right after a signal or the check-in (「还好」 to 「你现在安全吗」 is read as a greeting
    by the classifier: persona trial s7 L3), where it is care or the check-in's answer."""

    NAME = "action_greet"
    RESPONSE = "utter_greet"


class ActionSkipOutsideForm(ActionCareOrResponse):
    """「不知道」 outside a form: 「好的。您还想了解什么？」, except right after a signal or the check-in (「我不知道」 to
    「你现在安全吗」 is no skip: the lines first)."""

    NAME = "action_skip_outside_form"
    RESPONSE = "utter_anything_else"


class ActionStopped(ActionCareOrResponse):
    """「算了」「不想管了」 outside a form (bot/topics/registry.yml stop): the facts kept; care after a signal. 「我再想想」
    (DistressGuard `hesitation`, plan8 leftover): a pause — at the plan summary the draft stays (no lines, nothing
    generated); elsewhere the facts kept, unless a signal came just before (then care, as any bare reply)."""

    NAME = "action_stopped"
    RESPONSE = "utter_stopped_kept"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        from bot.nlu.distress import hesitates

        text = tracker.latest_message.get("text") or ""
        if tracker.latest_message.get("hesitation") or hesitates(text):
            summary = bool(tracker.get_slot(SUMMARY_SLOT))
            if summary or not (recent_signal(tracker) or check_in_pending(tracker)):
                dispatcher.utter_message(text=x.HESITATION["summary" if summary else "default"])
                return []
        return await super().run(dispatcher, tracker, domain)


def care_instead_of_menu(dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> bool:
    """After a signal earlier in the conversation, a message the bot could not read gets no topic menu and no
    「处理不了」 (persona trial H3 #10, DOMAIN §7): the crisis follow-up when it is turmoil, giving up or a line that
    did not answer; the first step when it asks what to do; else the lines and the way back in the person's own
    words. True when sent (nothing sent before a signal)."""
    if not distressed(tracker) and other_crisis(tracker) is None:
        return False
    if crisis_follow_up_in_context(dispatcher, tracker, domain) or answered_in_crisis(dispatcher, tracker):
        return True
    from bot.nlu.distress import calmer, matches

    from bot.nlu.distress import says_ok

    text = tracker.latest_message.get("text") or ""
    if other_crisis(tracker) is None and not matches(text):
        from actions.fallback import catalogue_answer, give_catalogue

        specific = catalogue_answer(tracker)
        if specific is not None:
            # 「我问的是失业证明在哪开 社区还是人社局」 (persona trial s9 N5 #10: the crisis boilerplate): a question the catalogue
            # answers is answered, whatever the classifier made of it (its slot events are the catalogue's own bookkeeping)
            give_catalogue(dispatcher, tracker, specific)
            care_beside_answer(dispatcher, tracker)
            return True
    if says_ok(text) and other_crisis(tracker) is None:
        # 「我没事」 after a signal (persona trial s7 L3): acknowledged; the check-in once, else the conversation goes on
        check_in = check_in_line(tracker)
        dispatcher.utter_message(text=x.CRISIS_OK.format(check_in=check_in, care=care_line(tracker)) if check_in
                                 else x.SAFETY_SAFE.format(care=care_line(tracker)))
        return True
    # 「好吧我会打的 现在好点了 还是想弄清楚…」 (trial G2 #9): the better moment acknowledged, the lines kept open
    unread = x.CRISIS_CALMER if calmer(text) and not matches(text) else x.CRISIS_UNCLEAR
    dispatcher.utter_message(text=unread.format(handoff_when=handoff_when_text(domain), check_in=check_in_line(tracker)))
    return True


# the intents under which a message asks nothing of its own (「那我该怎么办」 read as negotiation, a fact, out of scope,
# a guess): after a signal they get the gentle first step, during another person's crisis its next step
GENERIC_INTENTS = frozenset({"ask_negotiate_plan", "out_of_scope", "inform", "nlu_fallback", "vague_card_question",
                             "bot_challenge", "affirm", "deny", "stop", "done"})


def answered_in_crisis(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """The one check of the shared answer path (actions `CrisisFirst`, the fallbacks) before any debt answer:

    * another person's crisis in force (persona trial I2: her words 「不想活了」, she cannot be reached): a message about
      it (「我要不要报警」「我现在该做什么」, 「我刚打了110」) or one that asks nothing else gets its next step — 110, the
      people near her, the lines, his phone on — never a negotiation, a menu or 「我是自动问答程序」; 「联系上了 她没事」
      ends it;
    * after the person's own signal, 「那我该怎么办」 (persona trial H3 #5): the practical first step from what the person
      told (the bank, what they can pay: min(budget, income − expenses), DOMAIN §5), gently, nothing sold; the lines
      at the end.

    * the answer to the safety check-in just asked (「安全」「还好」「嗯」 / 「不安全」「不是」「不知道」), whatever the classifier
      made of it (``answer_check_in``);
    * after the person's own signal, a call to their bank (「我明天先给招行打电话试试」, persona trial s7 L3 #15): a step of
      the plan, answered practically, never as a call to a crisis line (``bank_call_step``).

    True when it answered."""
    from bot.nlu.distress import about_other_crisis, asks_what_to_do, bank_call, called_police, safe_now

    if answer_check_in(dispatcher, tracker):
        return True
    text = tracker.latest_message.get("text") or ""
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    person = other_crisis(tracker)
    # a line of a document quoted (「我女儿说不想活那句不要写进去」, I2 #11): about the document, not the crisis
    quoted = bool(tracker.latest_message.get("distress_quoted"))
    if person is not None and not quoted and (about_other_crisis(text) or called_police(text)
                                              or intent in GENERIC_INTENTS):
        dispatcher.utter_message(text=other_crisis_text(tracker, person))
        return True
    before = other_crisis(tracker, upto=-1)
    if person is None and before is not None and safe_now(text):
        dispatcher.utter_message(text=x.CRISIS_OTHER_SAFE.format(ta=called(before)[1]))
        return True
    if intent in GENERIC_INTENTS and distressed(tracker) and asks_what_to_do(text) and not catalogue_asked(tracker):
        # 「公司不给开怎么办」 beside 「失业证明去哪开」 (persona trial s9 N5 #9): a question of its own, not 「那我该怎么办」
        dispatcher.utter_message(text=first_step_text(tracker))
        lines_button(dispatcher, tracker)
        return True
    bank = bank_call(text) if person is None and distressed(tracker) else None
    if bank:
        dispatcher.utter_message(text=bank_call_step(tracker, bank) + ("" if quiet(tracker) else care_line(tracker)))
        lines_button(dispatcher, tracker)
        return True
    return False


def catalogue_asked(tracker: Tracker) -> bool:
    """The message asks a question of the catalogue (bot/answers.yml: 「失业证明去哪开 公司不给开怎么办」)."""
    from actions.fallback import catalogue_answer

    return catalogue_answer(tracker) is not None


class CrisisFirst(Action):
    """An answer action of the shared path: ``answered_in_crisis`` first (its one call), then ``answer``."""

    def name(self) -> str:
        return ""  # a base, registered under no name (as ActionCareOrResponse)

    def before_crisis_answer(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
        """What this action says before the crisis step (the facts just noted); nothing by default."""

    def after_crisis_answer(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
        return []

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        probe = CollectingDispatcher()
        if answered_in_crisis(probe, tracker):
            self.before_crisis_answer(dispatcher, tracker)
            dispatcher.messages.extend(probe.messages)
            return self.after_crisis_answer(dispatcher, tracker)
        events = await self.answer(dispatcher, tracker, domain)
        lines_button(dispatcher, tracker)  # once the person said they are safe: the lines one tap away (s9 N5)
        return events

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        raise NotImplementedError


# ---- another person's crisis (persona trial I2) ------------------------------------------------------------------
def called(person: str | None) -> tuple[str, str]:
    """(who, ta) for the texts: 「您女儿」/她, 「她」/她, 「您朋友」/对方, 「对方」/对方."""
    from bot.nlu.distress import gender_of, is_pronoun

    ta = x.CRISIS_OTHER_TA[gender_of(person)]
    if not person:
        return x.CRISIS_OTHER_WHO["none"], ta
    return x.CRISIS_OTHER_WHO["pronoun" if is_pronoun(person) else "named"].format(person=person), ta


def other_crisis(tracker: Tracker, upto: int | None = None) -> str | None:
    """The person of another person's crisis still in force (「女儿」, "" when unnamed), or None: the latest user turn
    that told of it (DistressGuard `crisis_of`), with no turn since that says the person is safe (「联系上了 她没事」).
    ``upto=-1``: as it stood before this message."""
    from bot.nlu.distress import is_pronoun, safe_now

    users = [e for e in tracker.events if e.get("event") == "user"][:upto]
    for event in reversed(users):
        data = event.get("parse_data") or {}
        if data.get("crisis_of") == "other":
            # a person named earlier (「我女儿」) stays when this turn said only 她
            named = [(e.get("parse_data") or {}).get("crisis_person") for e in users
                     if (e.get("parse_data") or {}).get("crisis_of") == "other"]
            kin = [p for p in named if p and not is_pronoun(p)]
            return (kin or [data.get("crisis_person") or ""])[-1]
        if safe_now(event.get("text") or ""):
            return None
    return None


def other_crisis_text(tracker: Tracker, person: str) -> str:
    """The step for this message during another person's crisis: the first answer in full (110, the people near her,
    the lines, his phone on); after it the shorter one; 「打了110」 acknowledged; never the text just sent."""
    from bot.nlu.distress import _NOT_ME, _clean, asks_police, called_police, unreachable

    text = tracker.latest_message.get("text") or ""
    who, ta = called(person)
    if called_police(text):
        return x.CRISIS_OTHER_CALLED.format(ta=ta)
    users = [e for e in tracker.events if e.get("event") == "user"]
    told = [e for e in users if (e.get("parse_data") or {}).get("crisis_of") == "other"]
    if asks_police(text):
        lead = "police"
    elif _NOT_ME.search(_clean(text)):
        lead = "not_me"
    elif any(unreachable(e.get("text") or "") for e in told) or unreachable(text):
        lead = "unreachable"
    else:
        lead = "default"
    lead_text = x.CRISIS_OTHER_LEAD[lead].format(who=who, ta=ta)
    sent = {e.get("text") for e in tracker.events if e.get("event") == "bot"}
    call = x.CRISIS_OTHER_AGAIN_CALL["police" if lead == "police" else "default"].format(ta=ta)
    again_lead = "" if lead in ("unreachable", "default") else lead_text
    variants = [x.CRISIS_OTHER_AGAIN.format(lead=again_lead, call=call, ta=ta),
                x.CRISIS_OTHER.format(lead=lead_text, ta=ta),
                # the lead already said once (「明白，有危险的是您女儿」): the steps alone, so no text comes twice
                x.CRISIS_OTHER_AGAIN.format(lead="", call=call, ta=ta)]
    answered = any(t and x.CRISIS_OTHER_MARK in t for t in sent)
    candidates = variants if answered else [variants[1], variants[0], variants[2]]
    return next((c for c in candidates if c not in sent), candidates[0])


def first_step_text(tracker: Tracker) -> str:
    """「那我该怎么办」 after a signal (persona trial H3 #5): the practical first step from the case."""
    from actions.case_slots import case_of
    from bot.case import UNKNOWN_BANK

    case = case_of(tracker)
    banks = [b for b in case.banks() if b and b != UNKNOWN_BANK]
    call = (x.DISTRESS_FIRST_STEP_CALL["bank"].format(bank="、".join(banks)) if banks
            else x.DISTRESS_FIRST_STEP_CALL["none"])
    return x.DISTRESS_FIRST_STEP.format(call=call, amount=amount_to_offer(tracker),
                                        care=x.DISTRESS_FIRST_STEP_CARE["quiet" if quiet(tracker) else "numbers"])


def amount_to_offer(tracker: Tracker) -> str:
    """What to offer the bank after a signal: no more than min(budget, income − expenses) (DOMAIN §5), or what to say
    when nothing is spare or nothing is known. The one home of this sentence for the first step and the bank call."""
    from actions.case_slots import case_of
    from actions.facts import money

    s = case_of(tracker).situation
    spare = s.monthly_budget
    if spare is not None and s.monthly_income is not None and s.monthly_expenses is not None:
        spare = min(spare, max(s.monthly_income - s.monthly_expenses, 0))
    if spare is None:
        return x.DISTRESS_FIRST_STEP_AMOUNT["unknown"]
    if spare <= 0:
        return x.DISTRESS_FIRST_STEP_AMOUNT["nothing"]
    return x.DISTRESS_FIRST_STEP_AMOUNT["budget"].format(budget=money(spare))


def bank_call_step(tracker: Tracker, said: str) -> str:
    """「我明天先给招行打电话试试」 after a signal (persona trial s7 L3 #15): what to say to that bank — the script shown earlier
    in this conversation, else its gist and how to get it — with no more than the person can pay."""
    from bot.nlu.extract import extract_entities

    named = [e.get("value") for e in extract_entities(said) if e.get("entity") == "bank"]
    shown = "shown" if any(e.get("event") == "action" and e.get("name") == SCRIPT_ACTION for e in tracker.events) \
        else "new"
    return x.BANK_CALL_STEP.format(bank=named[0] if named else x.BANK_CALL_STEP_ANY, how=x.BANK_CALL_STEP_HOW[shown],
                                   amount=amount_to_offer(tracker), script=x.BANK_CALL_STEP_SCRIPT[shown])


SCRIPT_ACTION = "action_bank_call_script"  # actions/scripts.py: the words to say to the bank


# ---- the safety check-in (persona trial s7 L3; issue 19 item 6, issue 23 item 11) --------------------------------------
def _bot_texts(events: list[dict[str, Any]]) -> list[str]:
    return [e.get("text") or "" for e in events if e.get("event") == "bot"]


def checked_in(tracker: Tracker) -> bool:
    """The check-in 「你现在安全吗」 was asked in this conversation."""
    return any(x.SAFETY_CHECK_IN in t for t in _bot_texts(tracker.events))


def check_in_pending(tracker: Tracker) -> bool:
    """The bot's reply to the person's previous message asked the check-in: this message may be its answer."""
    events = list(tracker.events)
    users = [i for i, e in enumerate(events) if e.get("event") == "user"]
    if len(users) < 2:
        return False
    return any(x.SAFETY_CHECK_IN in t for t in _bot_texts(events[users[-2] + 1:users[-1]]))


def check_in_line(tracker: Tracker) -> str:
    """The check-in sentence, once per conversation after the person's own signal (persona trial s7 L3: none at any point);
    "" when it was asked already or there was no signal."""
    if checked_in(tracker) or not (signal_before(tracker) or distressed(tracker)):
        return ""
    return x.SAFETY_CHECK_IN


def no_numbers(tracker: Tracker) -> bool:
    """The person asked not to be given the crisis numbers again (「你别老给我电话号码了」)."""
    from bot.nlu.distress import asks_no_numbers

    said = [e.get("text") or "" for e in tracker.events if e.get("event") == "user"]
    return any(asks_no_numbers(t) for t in [*said, tracker.latest_message.get("text") or ""])


def care_line(tracker: Tracker) -> str:
    """One short line with the crisis lines (both numbers and 110/120), or, once the person asked not to be given the
    numbers again, that they are there (110/120 kept)."""
    return x.CARE_LINE["no_numbers" if no_numbers(tracker) else "numbers"]


def lines_in_last_reply(tracker: Tracker) -> bool:
    """The bot's reply to the person's previous message already had the lines (「110或120」)."""
    events = list(tracker.events)
    users = [i for i, e in enumerate(events) if e.get("event") == "user"]
    if len(users) < 2:
        return False
    return any(x.CRISIS_LINES_MARK in t for t in _bot_texts(events[users[-2] + 1:users[-1]]))


def care_beside_answer(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """After the person's own signal, one short care line after a practical answer (never a crisis template instead of it,
    persona trial s7 L3 #12); none when the bot's last reply had the lines already, or another person's crisis is in force.
    Once the person said they are safe or asked for no more numbers (``quiet``): no line, the lines one tap away."""
    if not distressed(tracker) or other_crisis(tracker) is not None:
        return
    if quiet(tracker):
        lines_button(dispatcher, tracker)
    elif not lines_in_last_reply(tracker):
        dispatcher.utter_message(text=care_line(tracker))


# ---- once the person said they are safe (persona trial s9 N5 #7–#11) ---------------------------------------------------
# 「安全 我真没事」 and then 「失业证明去哪开」 four times: the oral-agreement answer, the first step with the lines, the crisis
# boilerplate twice, while she asked 「别老给我电话号码了 不知道就说不知道」. After the last signal, a turn that says the person is
# safe (``bot.nlu.distress.says_safe``) or asks for no more numbers makes the practical turns quiet: the answer, no lines;
# the lines stay one tap away (``lines_button``); a new signal brings them back (it is the last signal then).
CRISIS_LINES_ID = "crisis_lines"  # the answer_id of the lines button (actions/answers.py ActionAnswerDetails)


def _since_last_signal(tracker: Tracker) -> list[dict[str, Any]]:
    """The user turns after the person's own last signal, this message included ([] with no signal)."""
    users = [e for e in tracker.events if e.get("event") == "user"]
    own = [i for i, e in enumerate(users) if own_signal(e)]
    return users[own[-1] + 1:] if own else []


def safe_since_signal(tracker: Tracker) -> bool:
    """After the person's own last signal, they said they are safe (「安全」「我安全」「我没事了 真的」)."""
    from bot.nlu.distress import says_safe

    return any(says_safe(e.get("text") or "") for e in _since_last_signal(tracker))


def quiet(tracker: Tracker) -> bool:
    """Practical turns carry no lines: since the last signal the person said they are safe or asked for no more numbers."""
    from bot.nlu.distress import asks_no_numbers, says_safe

    return any(says_safe(e.get("text") or "") or asks_no_numbers(e.get("text") or "") for e in _since_last_signal(tracker))


def lines_button(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """The lines one tap away under the last bubble sent, when the turn is ``quiet`` (never a second one)."""
    if not dispatcher.messages or not quiet(tracker) or not distressed(tracker):
        return
    from actions.answers import button

    last = dispatcher.messages[-1]
    tap = button(x.CRISIS_LINES_BUTTON, CRISIS_LINES_ID)
    if tap not in (last.get("buttons") or []):
        last["buttons"] = [*(last.get("buttons") or []), tap]


def answer_check_in(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """The answer to the check-in just asked, whatever the classifier made of it: not safe (「不安全」「不是」「我不知道」) →
    the lines first and a person at once; safe (「安全」「还好」「嗯」「我没事」) → acknowledged, the conversation goes on.
    Anything else is no answer: False (the message is answered as it is, and the check-in is not asked again)."""
    from bot.nlu.distress import check_in_reply

    text = tracker.latest_message.get("text") or ""
    # right after it, any reply (「嗯」「不是」「我不知道」); later, one that names safety (「安全」「不安全」) still answers it
    if not (check_in_pending(tracker) or (SAFETY_WORD in text and checked_in(tracker))):
        return False
    reply = check_in_reply(text)
    if reply == "unsafe":
        not_safe(dispatcher, tracker)
        return True
    if reply == "safe":
        dispatcher.utter_message(text=x.SAFETY_SAFE.format(care=care_line(tracker)))
        return True
    return False


SAFETY_WORD = x.SAFETY_WORD


def safe_inside_form(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """「我安全」 (only that) while a form waits for its answer, the check-in asked earlier in this conversation after the
    person's own signal (session-6 leftover: taken as the form's answer and the question asked again): acknowledged as the
    check-in's answer. True when sent."""
    from bot.nlu.distress import check_in_reply

    text = tracker.latest_message.get("text") or ""
    # right after the check-in any safe reply (「嗯」「还好」); later only one that names safety (「安全」「我安全」)
    if not (check_in_pending(tracker) or SAFETY_WORD in text) or not (checked_in(tracker) and signal_before(tracker)) \
            or check_in_reply(text) != "safe":
        return False
    dispatcher.utter_message(text=x.SAFETY_SAFE.format(care=care_line(tracker)))
    return True


def not_safe(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """「不安全」: 110/120 and someone near first, then the lines, and a person at once (the ticket first in the queue) —
    offered instead when the person said they do not want to talk to people (``person_declined``)."""
    dispatcher.utter_message(text=x.SAFETY_UNSAFE.format(safety=safety_step(tracker), person=person_line(tracker)))
    urgent_person(dispatcher, tracker)


def person_declined(tracker: Tracker) -> bool:
    """The person said they do not want a person (「我不想跟人说话」「不用转人工」「我没说要转人工」, persona trial s8 M6 #4–#5),
    this message included, and has not asked for one since (「转人工」)."""
    from bot.nlu.reading import requests

    for event in reversed([e for e in tracker.events if e.get("event") == "user"]):
        asked = requests(event.get("text") or "")
        if asked.handoff_declined:
            return True
        if asked.handoff:
            return False
    return False


def person_line(tracker: Tracker) -> str:
    """The urgent texts' line about a person: the ticket filed (see the next bubble), or offered (``person_declined``)."""
    return x.CRISIS_PERSON["offered" if person_declined(tracker) else "filed"]


def urgent_person(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """After an urgent crisis text: the ticket, first in the queue — unless the person said they do not want to talk to
    people (session-6 leftover, after persona trial s8 M6 #4). DOMAIN §7 asks for 「the offer of a human」 and issue 19 item 6
    for the lines first: 110/120 are in the text; a callback the person refused is not forced on them, it is offered
    (``x.CRISIS_PERSON["offered"]``) and 「转人工」 files it at once, first in the queue."""
    if person_declined(tracker):
        return
    from actions.handoff import file_handoff

    file_handoff(dispatcher, tracker, urgent=True)


async def answer_asked(dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]] | None:
    """The practical question this message asks beside a signal's aftermath (「说说而已 … 我就想知道…能不能说明我不是故意不还」,
    persona trial s7 L3 #13): its catalogue answer, else the topics it asks (actions.topics); None when it asks none."""
    from actions.answers import give, held_events
    from actions.fallback import catalogue_answer
    from actions.topics import answer_other_topics
    from bot.nlu.topics import topics_in_questions

    specific = catalogue_answer(tracker)
    if specific is not None:
        return give(dispatcher, tracker, specific) + held_events(dispatcher, tracker)
    if topics_in_questions(tracker.latest_message.get("text") or ""):
        before = len(dispatcher.messages)
        await answer_other_topics(dispatcher, tracker, domain, main=None)
        events = held_events(dispatcher, tracker)
        return events if len(dispatcher.messages) > before else None
    return None


async def downplayed(dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
    """「说说而已」 after a signal (persona trial s7 L3 #13: the first crisis text word for word, the question ignored): a few
    words of acknowledgement, the check-in once, the lines in one short line (without the numbers once the person asked
    not to be given them again; 「打不通请拨110或120」 stays), then the question asked beside it, answered."""
    key = "no_numbers" if no_numbers(tracker) else "numbers"
    answer = CollectingDispatcher()
    events = await answer_asked(answer, tracker, domain)
    go_on = "" if events is not None else x.CRISIS_DOWNPLAY_GO_ON
    dispatcher.utter_message(text=x.CRISIS_DOWNPLAY[key] + check_in_line(tracker) + x.CARE_LINE[key] + go_on)
    dispatcher.messages.extend(answer.messages)
    return events or []


def crisis_thanks(tracker: Tracker) -> dict[str, Any]:
    """「谢谢」 after a signal: the call acknowledged only when the person said they would call the line (utter_crisis_thanks,
    persona trial D3); else thanks — 「听到您好一点了」 when they said so — the check-in once and the lines (L3 #2)."""
    from bot.nlu.distress import calmer, matches, says_will_call_line

    text = tracker.latest_message.get("text") or ""
    if says_will_call_line(text):
        return {"response": "utter_crisis_thanks"}
    lead = x.CRISIS_THANKS_LEAD["calmer" if calmer(text) and not matches(text) else "default"]
    return {"text": x.CRISIS_THANKS.format(lead=lead, check_in=check_in_line(tracker), care=care_line(tracker))}


# what a form or the plan summary does in a turn (actions/forms.py, actions/plan.py)
_FORM_STEPS = ("plan_form", "overdue_form", "action_draft_repayment_plan")


def resumed_after_crisis(tracker: Tracker) -> bool:
    """A crisis answer came after the last step of a form or of the plan summary, before this message: the form or
    the letter is taken up again after it (persona trial H3 #12), so a check-in comes first and no earlier
    confirmation counts."""
    events = list(tracker.events)
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=len(events))
    crisis = step = -1
    for i, e in enumerate(events[:last_user]):
        if e.get("event") == "action":
            name = e.get("name") or ""
            if name == "action_crisis":
                crisis = i
            elif name in _FORM_STEPS or name.startswith(("action_ask_plan_form_", "action_ask_overdue_form_")):
                step = i
    return step >= 0 and crisis > step


def check_in(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """The one kind sentence with the lines before a form question or the summary, after a crisis answer; never the
    wording already sent in this conversation when the other one is left."""
    if not resumed_after_crisis(tracker):
        return
    sent = {e.get("text") for e in tracker.events if e.get("event") == "bot"}
    dispatcher.utter_message(text=next((t for t in x.RESUME_CHECK_IN if t not in sent), x.RESUME_CHECK_IN[0]))


class ActionCrisis(Action):
    """The crisis answer (DOMAIN §7; rule "answer express_distress"): 12356, 400-161-9995, 「打不通请拨110或
    120」, and when a person answers a 「转人工」."""

    def name(self) -> str:
        return "action_crisis"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        from bot.nlu.distress import about_debt_after_death, farewell, pills_in_plan, plan

        text = tracker.latest_message.get("text") or ""
        if tracker.latest_message.get("crisis_of") == "other":
            # another person's crisis (persona trial I2): the steps for her, never his own crisis text; the slot keeps
            # only the person's own distress
            dispatcher.utter_message(text=other_crisis_text(tracker, other_crisis(tracker) or ""))
            return [SlotSet(DISTRESS_SLOT, True if signal_before(tracker) else None)]
        if plan(text) and (farewell(text) or signal_before(tracker)):
            # a plan with a time or means, after a signal or with a farewell: 110/120 now and a person at once,
            # the ticket first in the queue (never the same text a third time)
            urgent = x.CRISIS_URGENT_PILLS_OF if pills_in_plan(text) else x.CRISIS_URGENT_OF
            dispatcher.utter_message(text=urgent.format(person=person_line(tracker)))
            urgent_person(dispatcher, tracker)
            return [SlotSet(DISTRESS_SLOT, True)]
        from bot.nlu.distress import UNSAFE_SIGNAL, crisis_line_unanswered, downplays, signal_in

        if tracker.latest_message.get("distress_signal") == UNSAFE_SIGNAL:
            # 「不安全」 (the check-in's answer, or said on its own): 110/120 first, a person at once
            not_safe(dispatcher, tracker)
            return [SlotSet(DISTRESS_SLOT, True)]
        if signal_before(tracker) and downplays(text) and not signal_in(text) and not crisis_line_unanswered(text):
            return [SlotSet(DISTRESS_SLOT, True), *await downplayed(dispatcher, tracker, domain)]
        state, values = handoff_when()
        when = _render(domain, f"utter_handoff_when_{state}", values)
        follow_up = crisis_follow_up(tracker, when)
        if follow_up and not about_debt_after_death(text):
            dispatcher.utter_message(text=follow_up)  # never the same crisis text word for word (persona trial E5)
            return [SlotSet(DISTRESS_SLOT, True)]
        dispatcher.utter_message(response="utter_distress", handoff_when=when)
        if about_debt_after_death(text):
            dispatcher.utter_message(text=x.CRISIS_DEATH_DEBT)  # the lines first, the fact with care
        return [SlotSet(DISTRESS_SLOT, True)]


# the turns after a signal in which a goodbye or 「说说而已」 gets the crisis lines, not a farewell
RECENT_TURNS = 6


def recent_signal(tracker: Tracker) -> bool:
    """A distress signal among the last ``RECENT_TURNS`` user turns before this one."""
    users = [e for e in tracker.events if e.get("event") == "user"][:-1][-RECENT_TURNS:]
    return any(own_signal(e) for e in users) \
        or bool(tracker.get_slot(DISTRESS_SLOT) and users and not _calm_since(tracker))


def signal_before(tracker: Tracker) -> bool:
    """A distress signal in an earlier user turn of this conversation (not counting this one)."""
    users = [e for e in tracker.events if e.get("event") == "user"][:-1]
    return any(own_signal(e) for e in users)


def _calm_since(tracker: Tracker) -> bool:
    # the slot alone (an older turn): a signal that is more than RECENT_TURNS user turns old is not recent
    users = [e for e in tracker.events if e.get("event") == "user"][:-1]
    return not any(own_signal(e) for e in users[-RECENT_TURNS:])


class ActionGoodbye(Action):
    """「再见」: a farewell, except right after a distress signal (DOMAIN §7: a signal is never answered
    with a goodbye; 「说说而已 拜拜」 gets the crisis lines and an open door)."""

    def name(self) -> str:
        return "action_goodbye"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        from bot.nlu.distress import downplays, matches, resigned

        text = tracker.latest_message.get("text") or ""
        if answered_in_crisis(dispatcher, tracker):  # another person's crisis in force, or just over (persona trial I2)
            return []
        if matches(text) or recent_signal(tracker) or ((downplays(text) or resigned(text)) and distressed(tracker)):
            dispatcher.utter_message(response="utter_crisis_goodbye")
            return []
        dispatcher.utter_message(response="utter_goodbye")
        return []


class ActionThanks(Action):
    """「谢谢」: 不客气, except in a conversation with a distress signal (persona trial D3 on the merged main:
    「谢谢你 我会打那个电话 周六不去桥那了」 got a plain 不客气): the lines once more, and the door left open."""

    def name(self) -> str:
        return "action_thanks"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        from bot.nlu.distress import matches

        text = tracker.latest_message.get("text") or ""
        if answered_in_crisis(dispatcher, tracker):  # 「谢谢 联系上了 她没事」 (persona trial I2)
            return []
        if matches(text) or signal_before(tracker) or distressed(tracker):
            thanks = crisis_thanks(tracker)
            dispatcher.utter_message(**thanks)
            if "response" in thanks and check_in_line(tracker):
                dispatcher.utter_message(text=check_in_line(tracker))  # the call acknowledged (D3), then the check-in
            return []
        dispatcher.utter_message(response="utter_thanks")
        return []
