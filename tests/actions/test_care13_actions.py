"""care13: crisis signals in context (issue 19 items 5–6, issue 23 item 11) — persona trial s9 N5 #7–#11
(bench/records/2026-12-07/trials-s9/personas-N.md: after 「安全 我真没事」 「失业证明去哪开」 went unanswered four times: the
oral-agreement answer, the first step with the lines, the crisis boilerplate, 「知道您安全我就放心了」 after 「别老给我电话号码了
不知道就说不知道」); session-6 leftovers (a later 「我安全」; pills named after 「我不想跟人说话」 forced a callback); plan8's
leftover (「我再想想」 at the plan summary got the whole crisis answer)."""
from __future__ import annotations

from rasa_sdk.executor import CollectingDispatcher

from actions import texts as x
from actions.answers import ActionAnswerDetails, ActionAnswerTopic, ActionOutOfScope
from actions import distress as d
from actions.distress import ActionCrisis, ActionStopped, answered_in_crisis
from actions.fallback import ActionDefaultAskAffirmation, catalogue_answer
from tests.actions.conftest import tracker_after as shared_tracker_after

N5_5 = "我就5000块 还完房租就没了 哪还得清 我也不知道活着还有啥意思"
N5_6 = "说说而已 你别当真 我就是想问下失业了能不能跟银行申请暂停还款"
N5_7 = "安全 我真没事 刚才那个暂停还款 银行会同意吗 要准备啥材料"
N5_8 = "失业证明去哪开啊 我是被公司辞退的 没签合同的那种"
N5_9 = "不是 我问失业证明 就是证明我失业了的那个 去哪里开 公司不给开怎么办"
N5_10 = "我问的是失业证明在哪开 社区还是人社局"
N5_11 = "我没事了 真的 别老给我电话号码了 我就想知道失业证明怎么开 你不知道就说不知道"
N5_CASE = {"case": {"cards": [{"bank": "浦发银行", "amount": 28000.0}, {"bank": "广发银行", "amount": 10000.0}],
                    "situation": {"monthly_expenses": 2000.0}},
           "distress_expressed": True}
UNSURE = "这个我不确定"


def user(text: str, intent: str, **extra) -> dict:
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}, **extra}}


def bot(text: str = "") -> dict:
    return {"event": "bot", "text": text}


SIGNAL = user(N5_5, "express_distress", distress_signal="活着还有啥意思")
DOWNPLAY = user(N5_6, "express_distress")
CHECKED_IN = bot(x.CRISIS_DOWNPLAY["numbers"] + x.SAFETY_CHECK_IN + x.CARE_LINE["numbers"])
# N5 #5–#7: the signal, 「说说而已」 (the check-in), 「安全 我真没事 …」 answered
SAFE = [SIGNAL, bot("…"), DOWNPLAY, CHECKED_IN, user(N5_7, "ask_lawsuit"), bot("不一定：个性化分期是银行“可以”同意…")]


def tracker_after(make_tracker, events, text, intent, slots=None, **latest):
    return shared_tracker_after(make_tracker, events, text, intent, slots or N5_CASE, **latest)


def said(dispatcher) -> str:
    return "\n".join(m.get("text") or "" for m in dispatcher.messages)


def buttons(dispatcher) -> list[dict]:
    return [b for m in dispatcher.messages for b in m.get("buttons") or []]


def lines_tap(dispatcher) -> bool:
    return any(d.CRISIS_LINES_ID in b.get("payload", "") for b in buttons(dispatcher))


# ---- #8: 「没签合同」 is a labour contract, and where a 失业证明 is issued is not DOMAIN's: 不确定, who decides ------------
def test_where_to_get_the_unemployment_proof_is_answered_honestly_not_as_an_oral_agreement(make_tracker):
    for text, intent in ((N5_8, "inform"), (N5_9, "ask_negotiate_plan"), (N5_10, "out_of_scope"), (N5_11, "nlu_fallback")):
        answer = catalogue_answer(make_tracker(text=text, intent=intent))
        assert answer is not None and answer.id == "unemployment_proof", (text, answer and answer.id)
    short = catalogue_answer(make_tracker(text=N5_8, intent="inform")).short
    assert UNSURE in short and "当地人社部门或街道社区" in short and "以当地的说法为准" in short and "原单位" in short
    assert "口头协议" not in short
    # an agreement with the bank still is one
    assert catalogue_answer(make_tracker(text="电话里和银行谈好的分期算数吗", intent="ask_negotiate_plan")).id == "oral_agreement"


# ---- #9: 「公司不给开怎么办」 is that question, not 「那我该怎么办」; once safe, no lines on it ------------------------------
async def test_how_to_when_the_company_refuses_is_the_question_asked_not_the_first_step(make_tracker, domain):
    # the answer was given at #8: 「不是 我问…」 asks it again, never the negotiation's general answer instead
    tracker = tracker_after(make_tracker, SAFE + [user(N5_8, "inform"), bot("…")], N5_9, "ask_negotiate_plan",
                            {**N5_CASE, "answers_given": ["unemployment_proof"]})
    probe = CollectingDispatcher()
    assert answered_in_crisis(probe, tracker) is False and probe.messages == []
    dispatcher = CollectingDispatcher()
    await ActionAnswerTopic().run(dispatcher, tracker, domain)
    text = said(dispatcher)
    assert UNSURE in text and "先只做一件事" not in text and "最长60期" not in text, text
    assert "上面已经说过" not in text, text  # asked again because it was not taken as answered: the answer again
    assert "12356" not in text and "110或120" not in text, text
    assert lines_tap(dispatcher)


async def test_what_to_do_once_safe_gets_the_first_step_without_the_lines_and_the_lines_one_tap_away(make_tracker, domain):
    tracker = tracker_after(make_tracker, SAFE, "那我现在该怎么办", "ask_negotiate_plan")
    dispatcher = CollectingDispatcher()
    assert answered_in_crisis(dispatcher, tracker)
    text = said(dispatcher)
    assert "先只做一件事" in text and "浦发银行、广发银行" in text, text
    assert "12356" not in text and "110或120" not in text, text
    assert lines_tap(dispatcher)


# ---- #10, #11: the catalogue question answered, no lines, 「别老给我电话号码」 respected -------------------------------------
async def test_community_or_labour_bureau_is_answered_without_boilerplate(make_tracker, domain):
    tracker = tracker_after(make_tracker, SAFE + [user(N5_8, "inform"), bot("…")], N5_10, "out_of_scope")
    dispatcher = CollectingDispatcher()
    await ActionOutOfScope().run(dispatcher, tracker, domain)
    text = said(dispatcher)
    assert UNSURE in text and "我在这儿听着" not in text and "110或120" not in text, text
    assert lines_tap(dispatcher)


async def test_no_more_numbers_and_tell_me_if_you_do_not_know(make_tracker, domain):
    tracker = tracker_after(make_tracker, SAFE + [user(N5_8, "inform"), bot("…")], N5_11, "nlu_fallback",
                            intent_ranking=[{"name": "nlu_fallback", "confidence": 0.25}])
    dispatcher = CollectingDispatcher()
    await ActionDefaultAskAffirmation().run(dispatcher, tracker, domain)
    text = said(dispatcher)
    assert UNSURE in text and "知道您现在安全" not in text, text
    assert "110或120" not in text and "热线" not in text and "12356" not in text, text
    assert lines_tap(dispatcher)  # the lines one tap away
    tapped = CollectingDispatcher()
    await ActionAnswerDetails().run(tapped, make_tracker(text="/ask_details", intent="ask_details", entities=[
        {"entity": "answer_id", "value": d.CRISIS_LINES_ID}]), domain)
    assert said(tapped) == x.CRISIS_LINES_TAPPED and "12356" in said(tapped) and "110或120" in said(tapped)


async def test_a_practical_answer_before_the_person_said_safe_keeps_one_care_line(make_tracker, domain):
    tracker = tracker_after(make_tracker, [SIGNAL, bot("…")], N5_8, "nlu_fallback",
                            intent_ranking=[{"name": "nlu_fallback", "confidence": 0.25}])
    dispatcher = CollectingDispatcher()
    await ActionDefaultAskAffirmation().run(dispatcher, tracker, domain)
    assert UNSURE in said(dispatcher) and dispatcher.messages[-1]["text"] == x.CARE_LINE["numbers"]
    assert not d.quiet(tracker)


def test_a_new_signal_after_safe_brings_the_lines_back(make_tracker):
    assert d.safe_since_signal(tracker_after(make_tracker, SAFE, N5_8, "inform"))
    again = tracker_after(make_tracker, SAFE + [user("真的不想活了", "express_distress", distress_signal="不想活")],
                          N5_8, "inform")
    assert not d.safe_since_signal(again) and not d.quiet(again)


# ---- session-6 leftover: 「我安全」 later than the turn right after the check-in ---------------------------------------------
async def test_safe_said_later_answers_the_earlier_check_in(make_tracker, domain):
    events = [SIGNAL, bot("…"), DOWNPLAY, CHECKED_IN, user("银行会同意吗", "ask_negotiate_plan"), bot("不一定…")]
    for intent in ("greet", "affirm", "inform", "nlu_fallback"):
        tracker = tracker_after(make_tracker, events, "我安全", intent)
        dispatcher = CollectingDispatcher()
        assert answered_in_crisis(dispatcher, tracker), intent
        assert said(dispatcher).startswith("好，知道您现在安全"), intent


# ---- session-6 leftover: pills after 「我不想跟人说话」 — 110/120 first, a person offered, not forced ----------------------
async def test_pills_after_not_wanting_to_talk_to_people_offer_a_person_and_file_no_ticket(make_tracker, domain):
    from actions.store import case_store

    events = [user("网贷不说了 就信用卡 建行欠4万 农行2万 我真的撑不下去了", "express_distress"), bot("…"),
              user("别老让我打热线 我不想跟人说话 你就告诉我现在能咋办 工资一个月就4000", "ask_negotiate_plan"), bot("…")]
    tracker = tracker_after(make_tracker, events, "家里还有半瓶安眠药 有时候想一次吃了算了", "express_distress",
                            {"distress_expressed": True}, distress_signal="安眠药")
    dispatcher = CollectingDispatcher()
    await ActionCrisis().run(dispatcher, tracker, domain)
    [message] = dispatcher.messages
    assert message["text"] == x.CRISIS_URGENT_PILLS_OF.format(person=x.CRISIS_PERSON["offered"])
    assert message["text"].index("120") < message["text"].index("12356")
    assert "转人工" in message["text"] and "我已经为您转了真人" not in message["text"]
    assert case_store().handoffs.open_for("unit-test") is None
    # asked for a person since: filed, first in the queue
    tracker.events[-1:-1] = [user("转人工", "request_human"), bot("…")]
    dispatcher = CollectingDispatcher()
    await ActionCrisis().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["text"] == x.CRISIS_URGENT_PILLS
    assert case_store().handoffs.open_for("unit-test") is not None


# ---- plan8 leftover: 「我再想想」 at the plan summary — a pause, the draft stays, no lines --------------------------------------
async def test_thinking_it_over_at_the_summary_keeps_the_draft_and_gives_no_lines(make_tracker, domain):
    tracker = make_tracker({"plan_summary": {"debt": 30000}}, text="我再想想", intent="stop")
    dispatcher = CollectingDispatcher()
    events = await ActionStopped().run(dispatcher, tracker, domain)
    assert said(dispatcher) == x.HESITATION["summary"] and "12356" not in said(dispatcher)
    assert events == []  # the summary slot untouched: 「确认」 still drafts


async def test_safe_said_later_while_a_form_waits_answers_the_check_in(make_tracker, domain):
    from actions.forms import ValidateOverdueForm

    events = [user("活着好累", "express_distress", distress_signal="活着好累"), bot("…"), user("说说而已", "express_distress"),
              CHECKED_IN, user("利息怎么算", "ask_interest"), bot("目前欠款（账单金额）大约多少元？"),
              user("会不会坐牢", "ask_criminal_risk"), bot("…")]
    tracker = tracker_after(make_tracker, events, "我安全", "nlu_fallback", {"distress_expressed": True})
    tracker.active_loop = {"name": "overdue_form"}
    tracker.slots["requested_slot"] = "debt_amount"
    dispatcher = CollectingDispatcher()
    result = await ValidateOverdueForm().run(dispatcher, tracker, domain)
    assert said(dispatcher).startswith("好，知道您现在安全"), dispatcher.messages
    assert result == [{"event": "slot", "timestamp": None, "name": "debt_amount", "value": None}]
