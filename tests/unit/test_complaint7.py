"""complaint7 (ui session 7 finding 1, persona B; persona trial s6 J4; the delete-by-word finding): the debt told to
his wife's colleagues (「跟她同事说」) and the threatened visit to her workplace (「去她单位找她」) are items in his words;
a threat said on a call to his mother says whom it was told to; 「删掉骂人那条」 finds 「催收骂我」 by the words of its
kind (one table, complaint.yml line_words); the complaint is addressed to the bank the collector works for."""
from __future__ import annotations

from datetime import date

import pytest

from bot.complaint import act_title, complaint_document, edit_line, incident, names_line
from bot.nlu.normalize import normalize

B = ["建行欠1万5 还有个广法的8千 都逾期三个月了",
     "催收天天打我老婆单位电话 还跟她同事说我欠钱 这合法吗",
     "就上礼拜 号码没记住 说再不还就去她单位找她",
     "帮我写投诉"]
J4 = ["催收现在天天打我妈电话 说要上门 还说我再不还就要坐牢 这样合法吗",
      "3800是给中介的钱 我欠的是浦发 3万6 逾期4个月了 催收打我妈电话说我欠钱不还要坐牢",
      "他们天天打我妈 我妈70多了 吓得睡不着 能帮我写个投诉吗"]


def _norm(messages: list[str]) -> list[str]:
    return [normalize(m) for m in messages]


def _kinds(messages: list[str], shown: int | None = None) -> dict[str, str]:
    return {a.kind: a.quote for a in incident(_norm(messages), shown=shown).acts}


def _text(messages: list[str], bank: str | None = "建设银行") -> str:
    return complaint_document(incident(_norm(messages)), bank, date(2026, 12, 7)).as_text()


# ---- ui-s7 finding 1 (persona B): the colleagues told, the workplace visit threatened ---------------------------------

def test_b_the_debt_told_to_his_wifes_colleagues_is_the_third_party_item_in_his_words():
    found = incident(_norm(B))
    kinds = {a.kind: a.quote for a in found.acts}
    assert kinds["third_party"] == "还跟她同事说我欠钱", kinds
    assert "同事" in found.contacted and "妻子" in found.contacted, found.contacted
    text = _text(B)
    assert "向持卡人以外的人催收或透露欠款（“还跟她同事说我欠钱”）。这违反了" in text, text  # colleagues: a breach
    assert "据我所知，单位、同事不是这笔欠款的债务人或担保人" in text, text


def test_b_the_threatened_visit_to_her_workplace_is_a_threat_not_a_visit():
    kinds = _kinds(B)
    assert kinds["visit_threat"] == "说再不还就去她单位找她", kinds
    assert "visit" not in kinds and "visit_announced" not in kinds, kinds
    assert "时间：上礼拜" in _text(B)  # 「上礼拜」 is a time as 「上周」 is


@pytest.mark.parametrize("said, kind", [
    ("催收跟她同事说我欠钱", "third_party"),
    ("他们找了她领导", "third_party"),
    ("催收给他同事打电话", "third_party"),
    ("说不还就去他单位", "visit_threat"),
    ("催收说要到她公司找她", "visit_announced"),
])
def test_a_third_persons_people_and_places_are_read_as_mine_are(said, kind):
    assert kind in _kinds([said]), (said, _kinds([said]))


@pytest.mark.parametrize("said", ["我跟她说了", "催收跟她说", "他们找她"])
def test_a_pronoun_alone_is_no_third_party(said):
    assert "third_party" not in _kinds([said]), said


def test_a_call_to_her_workplace_is_no_visit():
    assert "visit" not in _kinds(["催收打电话到她单位"]) and "visit_announced" not in _kinds(["催收打电话到她单位"])


# ---- J4: the threat was said to his mother ---------------------------------------------------------------------------

def test_j4_the_jail_threat_says_it_was_told_to_his_mother():
    found = incident(_norm(J4))
    threat = next(a for a in found.acts if a.kind == "threat")
    assert threat.told == ("母亲",) and threat.quote == "催收打我妈电话说我欠钱不还要坐牢", threat
    text = _text(J4, "浦发银行")
    assert "一、催收人员威胁、恐吓我，是对母亲说的（“催收打我妈电话说我欠钱不还要坐牢”）。这违反了" in text, text


@pytest.mark.parametrize("said", ["催收说我再不还就要坐牢", "催收打我电话说要让我坐牢", "催收天天打我妈电话 还说我要坐牢"])
def test_a_threat_not_said_to_anyone_else_names_nobody(said):
    found = incident(_norm([said]))
    threat = next(a for a in found.acts if a.kind == "threat")
    assert threat.told == () and "是对" not in act_title(threat), said


def test_an_insult_to_her_colleagues_names_them():
    found = incident(_norm(["催收跟我老婆同事说我是老赖"]))
    insult = next(a for a in found.acts if a.kind == "insult")
    assert act_title(insult) == "催收人员辱骂、侮辱我，是对同事说的", act_title(insult)  # 老婆 only says whose


# ---- deletion by the words of a line's kind (one table) ----------------------------------------------------------------

BASE = ["催收骂我 还说不还就上门 天天打我电话", "帮我写个投诉"]


@pytest.mark.parametrize("delete, gone", [
    ("删掉骂人那条", "insult"),
    ("把辱骂那条删了", "insult"),
    ("删掉上门那条", "visit_threat"),
    ("电话那条去掉", "frequent_calls"),
])
def test_a_line_named_by_a_word_of_its_kind_goes(delete, gone):
    messages = BASE + [delete]
    kinds = _kinds(messages, shown=2)
    assert gone not in kinds and len(kinds) == 2, (delete, kinds)
    assert edit_line(_norm(messages), 2).startswith("投诉书已改：删去"), delete


def test_the_quote_names_a_line_before_its_kind_does():
    # 「她单位」 is in the visit threat's quote: that line goes, not the colleagues' line (单位 is a word of its kind too)
    kinds = _kinds(B + ["删掉她单位那条"], shown=4)
    assert "visit_threat" not in kinds and "third_party" in kinds, kinds


def test_j4_deleting_the_threat_by_its_kind_keeps_the_disclosure():
    kinds = _kinds(J4 + ["删掉恐吓那条"], shown=3)
    assert "threat" not in kinds and "third_party" in kinds, kinds


@pytest.mark.parametrize("words, kind, names", [
    ("骂人", "insult", True), ("骂我", "insult", True), ("动手", "violence", True), ("她同事", "third_party", True),
    ("我妈", "third_party", True), ("骂人", "threat", False), ("说要上门", "visit_threat", False),
    ("那要是他们真上门了", "visit_threat", False), ("", "insult", False),
])
def test_names_line(words, kind, names):
    assert names_line(words, kind) is names


def test_a_threat_told_to_his_parents_names_both():
    threat = next(a for a in incident(_norm(["催收打电话给我爸妈说我要坐牢"])).acts if a.kind == "threat")
    assert threat.told == ("父母",), threat


# ---- the bank the complaint goes to (ui-s7 finding 1: 「发卡银行」 for a man with 建行 and 广发) ------------------------

def _banks_in(text: str) -> list[str]:
    from actions.scripts import banks_in

    return banks_in(text)


TWO = ["建设银行", "广发银行"]


def test_one_bank_is_the_bank():
    from bot.complaint import collector_banks

    assert collector_banks(_norm(["催收骂我"]), ["浦发银行"], _banks_in) == ("浦发银行",)
    assert collector_banks(_norm(["催收骂我"]), [], _banks_in) == ()


def test_two_banks_and_the_collectors_not_said_is_asked():
    from bot.complaint import collector_banks

    assert collector_banks(_norm(B), TWO, _banks_in) is None  # 「建行欠1万5 还有个广法的8千」 names no collector


@pytest.mark.parametrize("said, banks", [
    ("建行的催收天天打我老婆单位电话", ("建设银行",)),
    ("广法的催收跟她同事说我欠钱", ("广发银行",)),
    ("建行和广发的催收都打我电话", ("建设银行", "广发银行")),
])
def test_the_bank_the_collector_was_named_by(said, banks):
    from bot.complaint import collector_banks

    assert collector_banks(_norm(B[:1] + [said]), TWO, _banks_in) == banks


@pytest.mark.parametrize("reply, banks", [("建行的", ("建设银行",)), ("广发", ("广发银行",)),
                                          ("都有", tuple(TWO)), ("两家都打过", tuple(TWO)), ("不知道", ()),
                                          ("利息多少", ())])
def test_the_answer_to_the_question(reply, banks):
    from bot.complaint import collector_banks

    assert collector_banks(_norm(B), TWO, _banks_in, normalize(reply)) == banks


def _tracker(events: list[dict]):
    from rasa_sdk import Tracker

    users = [e for e in events if e["event"] == "user"]
    return Tracker("t", {}, users[-1].get("parse_data") or {"text": users[-1]["text"]}, events, False, None, {},
                   "action_listen")


def _user(text: str, entities: list[dict] | None = None) -> dict:
    return {"event": "user", "text": text, "parse_data": {"text": text, "entities": entities or []}}


def test_the_reply_is_the_message_after_the_question_and_it_stands_for_later_edits():
    from actions import texts as x
    from actions.scripts import bank_reply

    ask = {"event": "bot", "text": x.COMPLAINT_BANK_ASK.format(banks="建设银行、广发银行")}
    assert bank_reply(_tracker([_user("帮我写投诉")])) is None
    assert bank_reply(_tracker([_user("帮我写投诉"), ask, _user("建行的")])) == "建行的"
    pressed = _user('/request_collection_complaint{"plan_option":"bank:都有"}',
                    [{"entity": "plan_option", "value": "bank:都有"}])
    assert bank_reply(_tracker([_user("帮我写投诉"), ask, pressed])) == "都有"
    later = [_user("帮我写投诉"), ask, _user("广发"), {"event": "bot", "text": "投诉书写好了"}, _user("删掉骂人那条")]
    assert bank_reply(_tracker(later)) == "广发"


@pytest.mark.parametrize("reply, answers", [("两家都有", True), ("都有", True), ("建行的", True), ("不清楚", True),
                                             ("利息多少", False)])
def test_a_typed_answer_to_the_bank_question_is_known_whatever_its_intent(reply, answers):
    from actions import texts as x
    from actions.scripts import answers_bank_question

    ask = {"event": "bot", "text": x.COMPLAINT_BANK_ASK.format(banks="建设银行、广发银行")}
    assert answers_bank_question(_tracker([_user("帮我写投诉"), ask, _user(reply)])) is answers
    assert answers_bank_question(_tracker([_user("帮我写投诉"), _user(reply)])) is False


def test_asked_once_only():
    from bot.complaint import collector_banks

    assert collector_banks(_norm(B), TWO, _banks_in, None) is None  # not asked yet: ask
    assert collector_banks(_norm(B), TWO, _banks_in, "利息多少") == ()  # asked, not answered: the bank left to fill
    assert collector_banks(_norm(B[:1] + ["建行的催收骂我"]), TWO, _banks_in, "利息多少") == ("建设银行",)


@pytest.mark.parametrize("delete, gone", [
    ("删掉打人那条", "violence"), ("删掉家人那条", "third_party"), ("吓唬人那条不要写", "threat"),
    ("删掉骂人那条", "insult"),
])
def test_a_line_named_only_by_a_word_of_its_kind_goes(delete, gone):
    # none of these words is in the line's quote or title: only the table (line_words) names the line
    said = ["催收推了我一把 还打给我爸 说要抓我 骂我", "帮我写个投诉"]
    before = _kinds(said)
    assert gone in before, before
    after = _kinds(said + [delete], shown=2)
    assert gone not in after and len(after) == len(before) - 1, (delete, after)
