"""complaint9 (persona trial s8 M2: a husband whose wife's card is overdue; collectors phone his company's reception).
His what-if (「他们要是真跑到我单位来闹」) and his reasoning question (「那照这么说 他们打给我 跟我同事说 是不是也就合法了」)
are never acts; the SMS threat to send letters to the property management (发函到物业) is a threat to contact others,
with its date; a visit threat is listed once; 「删掉“…”这一句」 deletes exactly the lines that hold the words quoted (or
says they are not there), never every line naming a word of them (单位); 「…那是我假设的」 disowns those words only;
「上周三是12月2号」 puts the day right; the calls to 前台 are calls to his workplace."""
from __future__ import annotations

from datetime import date

import pytest

from bot.complaint import complaint_document, edit_line, incident
from bot.nlu.normalize import normalize

M2 = ["你好 问一下 我老婆信用卡逾期了 催收的打到我单位来了 这合法吗",
      "他们打到我们公司前台 说我老婆欠钱不还 让同事转告 同事都知道了 丢死人了",
      "他们跟我同事说我老婆欠钱 这个泄露隐私不算违规吗 我能投诉哪",
      "那我自己的征信会不会受影响 我下半年还想办房贷",
      "怎么才能让他们别再打我单位 我老婆其实每个月都在还一点的 她招行欠了3万多",
      "要是让我老婆跟招行谈个分期 签了协议是不是就不会再打了",
      "/ask_negotiate_plan",
      "能帮我写个投诉吗 他们上周三上午打了我们前台三次 还说再不还就去单位找我",
      "投诉书里那个上周三是12月2号 打了三次你没写上 还有要是他们真跑单位来闹我能直接报警不",
      "催收12月2号上午往我们公司前台打了三次电话",
      "他们要是真跑到我单位来闹 我能直接报警吗",
      "说实话她刷的大部分是家里日常开销 孩子补课啥的 那这算不算夫妻共同债务 我是不是也得还",
      "那照这么说 他们打给我 跟我同事说 是不是也就合法了",
      "/ask_collection_harassment",
      "还有个事 催收昨天给我发短信说要把她列入黑名单 还要发函到我们小区物业 真的假的",
      "发函到物业这个呢 这个也加到投诉书里 催收12月7号发短信说要发函到我们小区物业"]
M2_17 = "不对 跑单位来闹那是我假设的 他们没来过 删掉 还有物业那个你没加"
M2_18 = "删掉“他们要是真跑到我单位来闹”这一句"
WRITTEN = 10  # the complaint he saw last before #16 was written after his 10th message
VISIT_KINDS = {"visit", "visit_threat", "visit_announced", "visit_block"}
THREAT = "还说再不还就去单位找我"


def _norm(messages: list[str]) -> list[str]:
    return [normalize(m) for m in messages]


def _found(messages: list[str], shown: int | None = None):
    return incident(_norm(messages), shown=shown)


def _text(messages: list[str], shown: int | None = None) -> str:
    return complaint_document(_found(messages, shown), "招商银行", date(2026, 12, 8)).as_text()


def _line(messages: list[str], written: int) -> str | None:
    return edit_line(_norm(messages), written)


# ---- #16: his what-if and his question are no acts; the 物业 letter is added with its date -------------------------

def test_m2_16_the_what_if_and_the_reasoning_question_never_enter_the_complaint():
    found = _found(M2, shown=WRITTEN)
    text = _text(M2, shown=WRITTEN)
    assert "他们要是真跑到我单位来闹" not in text and "跑到我单位来闹" not in text, text
    assert "那照这么说" not in text and "他们打给我" not in text, text
    assert not found.writer_contacted and "我本人（持卡人是我的妻子）" not in text, text  # 「他们打给我」 was his question
    visits = [a for a in found.acts if a.kind in VISIT_KINDS]
    assert [(a.kind, a.quote) for a in visits] == [("visit_threat", THREAT)], found.acts  # 上门 once, his real threat


def test_m2_16_the_letter_to_the_property_management_is_a_threat_to_contact_others_with_its_date():
    found = _found(M2, shown=WRITTEN)
    threats = {a.kind: a.quote for a in found.acts}
    assert "发函到我们小区物业" in threats.get("contact_threat", ""), found.acts
    assert "third_party" in threats and "物业" not in threats["third_party"], found.acts  # a threat, no letter sent
    assert "小区物业" not in found.contacted and "物业" not in found.contacted, found.contacted
    text = _text(M2, shown=WRITTEN)
    assert "时间：12月7号；" in text and "“催收12月7号发短信说要发函到我们小区物业”" in text, text
    line = _line(M2, WRITTEN)
    assert "加上“催收人员扬言要联系持卡人以外的人”一条" in line and "上门" not in line, line


@pytest.mark.parametrize("said", ["他们要是真跑到我单位来闹", "万一他们去我单位闹", "如果他们上门我能报警吗",
                                  "他们真要是上门来闹怎么办", "假如催收跑到我家来闹",
                                  "那照这么说 他们打给我 跟我同事说 是不是也就合法了"])
def test_a_supposition_or_a_question_is_never_an_act(said):
    assert _found([said]).acts == (), said


@pytest.mark.parametrize("said", ["催收说要是不还就上门", "催收说 要是不还就上门", "他们发短信说如果再不还就去单位找我"])
def test_a_supposition_in_the_collectors_words_is_their_threat(said):
    assert [a.kind for a in _found([said]).acts] == ["visit_threat"], said


@pytest.mark.parametrize("said", ["催收12月7号发短信说要发函到我们小区物业", "还说要给我单位发函", "说要寄律师函到我单位"])
def test_a_letter_threatened_to_others_is_a_threat_to_contact_them_and_nobody_is_contacted(said):
    found = _found([said])
    assert [a.kind for a in found.acts] == ["contact_threat"] and found.contacted == (), found


def test_a_letter_sent_to_the_property_management_is_a_contact():
    found = _found(["催收发函到我们小区物业了"])
    assert [a.kind for a in found.acts] == ["third_party"] and found.contacted == ("小区物业",), found


@pytest.mark.parametrize("said, people", [("他们上周三上午打了我们前台三次", ("前台",)),
                                          ("催收12月2号上午往我们公司前台打了三次电话", ("单位", "前台"))])
def test_calls_to_the_reception_are_calls_to_his_workplace(said, people):
    found = _found([said])
    assert [a.kind for a in found.acts] == ["third_party"] and found.contacted == people, found


def test_a_visit_announced_and_threatened_is_one_point():
    found = _found(["催收说要上门 还说再不还就去单位找我"])
    assert [(a.kind, a.quote) for a in found.acts] == [("visit_threat", THREAT)], found.acts


# ---- #9: the day put right, the three calls in it --------------------------------------------------------------

def test_m2_9_the_day_is_put_right_and_the_three_calls_are_written():
    first = _text(M2[:8])
    # 上周三 as the date it meant, said on Tuesday 12月8日 (complaint10: a dated letter; he said it was 12月2号 himself)
    assert "他们上周三上午打了我们前台三次" in first and "时间：12月2日；" in first, first
    line = _line(M2[:9], 8)
    assert line == "投诉书已改：“上周三”改为“12月2号”。", line
    text = _text(M2[:9], shown=8)
    assert "时间：12月2号；" in text and "上周三" not in text and "12月2号上午打了我们前台三次" in text, text
    assert "跑单位来闹" not in text  # his question in the same message


# ---- #18: the quoted sentence and nothing else ------------------------------------------------------------------

VISITED = ["我老婆信用卡逾期了 催收的打到我单位来了", "他们跟我同事说我老婆欠钱",
           "能帮我写个投诉吗 还说再不还就去单位找我", "上周五他们派了两个人到我单位来闹"]
BLOCKED = "上周五他们派了两个人到我单位来闹"


@pytest.mark.parametrize("edit", [f"删掉“{BLOCKED}”这一句", f"删掉「{BLOCKED}」这一句", f"删掉『{BLOCKED}』这一句",
                                  f'把"{BLOCKED}"删了', f"删掉{BLOCKED}这一句"])
def test_a_sentence_named_by_its_words_goes_alone(edit):
    before = _found(VISITED)
    assert {a.kind for a in before.acts} == {"visit_threat", "third_party", "visit_block"}, before.acts
    found = _found([*VISITED, edit], shown=len(VISITED))
    assert [(a.kind, a.quote) for a in found.acts] == [("visit_threat", THREAT), ("third_party", "他们跟我同事说我老婆欠钱")]
    assert "单位" in found.contacted and THREAT in found.account and BLOCKED not in found.account, found
    line = _line([*VISITED, edit], len(VISITED))
    assert line == f"投诉书已改：删去“催收人员上门堵门、闹事或未经同意进入住所或单位”一条（“{BLOCKED}”）。", line


def test_m2_18_a_sentence_that_is_not_there_deletes_nothing_and_says_so():
    messages = [*M2, M2_18]
    before, found = _found(M2, shown=WRITTEN), _found(messages, shown=len(M2))
    assert found.acts == before.acts and found.contacted == before.contacted, found
    assert THREAT in {a.quote for a in found.acts} and "单位" in found.contacted, found  # the real threat stays
    assert _line(messages, len(M2)) == "投诉书里没有“他们要是真跑到我单位来闹”这一句，没有改动。"


def test_m2_17_his_disowned_what_if_takes_nothing_else_with_it():
    messages = [*M2, M2_17]
    before, found = _found(M2, shown=WRITTEN), _found(messages, shown=len(M2))
    assert found.acts == before.acts and found.contacted == before.contacted, found  # 物业 and 单位 stay
    assert _line(messages, len(M2)) == "投诉书里没有“跑单位来闹”这一句，没有改动。"


def test_words_disowned_without_quotes_take_out_the_line_that_holds_them_only():
    messages = [*VISITED, "不对 派了两个人到我单位来闹那是我假设的 删掉"]
    found = _found(messages, shown=len(VISITED))
    assert {a.kind for a in found.acts} == {"visit_threat", "third_party"} and "单位" in found.contacted, found
    assert BLOCKED not in found.account and THREAT in found.account, found


# ---- the turns that edit the complaint are read as edits (M2 #17 got the fallback menu) ---------------------------

@pytest.mark.parametrize("said", [M2_17, M2_18, "删掉他们要是真跑到我单位来闹这一句", M2[8], M2[15]])
def test_his_edits_are_read_as_complaint_edits(said):
    from bot.nlu.reading import requests

    assert requests(normalize(said)).complaint_edit, said


@pytest.mark.parametrize("said", ["五千那是我假设的", "收入那个你没写", "申请书里删掉收入证明那一句"])
def test_no_complaint_edit_without_the_complaint(said):
    from bot.nlu.reading import requests

    assert not requests(normalize(said)).complaint_edit, said


def test_words_only_disowned_that_were_never_written_are_already_so():
    # persona trial G4: 「“那就算能找我”是我问你的话 不是催收说的」 with no delete: 「已经是这样写的」, not 「没有这一句」
    messages = ["催收跟我们主任说我老公欠钱不还是老赖", "帮我写个投诉", "“那就算能找我”是我问你的话 不是催收说的"]
    line = _line(messages, 2)
    assert line is None or not line.startswith("投诉书里没有"), line


def test_a_sentence_not_there_changed_nothing():
    from bot.complaint import changed_nothing

    assert changed_nothing(_line([*M2, M2_18], len(M2)))  # no new link for it
    assert not changed_nothing(_line([*VISITED, f"删掉“{BLOCKED}”这一句"], len(VISITED)))


# ---- mut7 (mutation check of session 6): which line holds the sentence a delete names (bot/complaint.py _holds) ------
def test_a_line_holds_the_sentence_it_contains_or_a_part_of_it_of_four_characters_or_more():
    from bot.complaint import _holds

    line = "还说再不还就去单位找我"
    assert _holds(line, "去单位找我")  # the line has the sentence named
    assert _holds("去单位找", line) and not _holds("单位找", line)  # a line that is part of it: 4 characters at least
    assert not _holds("", "去单位找我") and not _holds("", "去单位找我", near=True)
    # by default the words as said: a line that only shares word pairs does not hold the sentence
    assert not _holds("他们要是真跑到我单位来闹", "跑单位来闹")
    assert _holds("他们要是真跑到我单位来闹", "跑单位来闹", near=True)


def test_near_means_at_least_two_word_pairs_and_three_fifths_of_them():
    from bot.complaint import _holds

    # 「跑单位闹」: 3 pairs (跑单 单位 位闹); 2 shared is 2/3 of them
    assert _holds("他说要跑单位", "跑单位闹", near=True)
    assert not _holds("他说要单位", "跑单位闹", near=True)  # one pair shared: never enough
    # 「跑到单位来闹」: 5 pairs; 3 shared is exactly 3/5 (holds), 2 is not
    assert _holds("他说跑到单位", "跑到单位来闹", near=True)
    assert not _holds("他说到单位", "跑到单位来闹", near=True)


# ---- mut7: what a sentence deleted by its words takes with it (bot/complaint.py _remove_sentences) -------------------
def test_an_act_another_line_still_reports_stays_quoted_from_that_line():
    said = ["他们天天打电话骂我", "昨天又打电话骂我是老赖", "帮我写个投诉"]
    found = _found([*said, "删掉“他们天天打电话骂我”这一句"], shown=3)
    # the insult is still reported (quoted from the line that stays); the daily calls were only in the line deleted
    assert [(a.kind, a.quote) for a in found.acts] == [("insult", "昨天又打电话骂我是老赖")]
    assert found.account == ("昨天又打电话骂我是老赖",)


def test_people_named_only_in_the_deleted_line_are_no_longer_listed_as_contacted():
    said = ["催收打给我妈了", "还打到我单位了", "帮我写个投诉"]
    assert _found(said).contacted == ("母亲", "单位")
    found = _found([*said, "删掉“催收打给我妈了”这一句"], shown=3)
    assert found.contacted == ("单位",) and [(a.kind, a.quote) for a in found.acts] == [("third_party", "还打到我单位了")]
    # a place named as said (单位, no other name for it) goes the same way
    assert _found([*said, "删掉“还打到我单位了”这一句"], shown=3).contacted == ("母亲",)
    # the mother named again in a line that stays is still contacted
    said = ["催收打给我妈了", "他们又打给我妈和我单位", "帮我写个投诉"]
    assert _found([*said, "删掉“催收打给我妈了”这一句"], shown=3).contacted == ("母亲", "单位")


def test_a_sentence_that_is_not_there_does_not_stop_the_next_one_from_going():
    said = ["催收打给我妈了", "还打到我单位了", "帮我写个投诉"]
    found = _found([*said, "删掉“他们说要来我家砸门”和“催收打给我妈了”这两句"], shown=3)
    assert found.contacted == ("单位",) and found.account == ("还打到我单位了",)


def test_words_near_a_line_take_it_out_when_no_line_has_them_as_said():
    said = ["催收打到我单位了", "上周五他们派了两个人到我单位来闹", "帮我写个投诉"]
    found = _found([*said, "删掉“派了两个人到单位来闹”这一句"], shown=3)
    assert [a.kind for a in found.acts] == ["third_party"] and found.account == ("催收打到我单位了",)


@pytest.mark.parametrize(("message", "targets", "rest"), [
    # a quoted sentence goes, the clause after it stays for the other edits
    ("删掉“他们骂我是老赖”这一句 还有打我妈那个你没加", ["他们骂我是老赖"], "还有打我妈那个你没加"),
    # unquoted after the delete verb: six characters name a sentence, five name a line by its words (no target)
    ("删掉派两个人来闹这句 还有打我妈那个你没加", ["派两个人来闹"], "还有打我妈那个你没加"),
    ("删掉催收上门闹这一句", [], "删掉催收上门闹这一句"),
    # disowned without quotes: two characters are enough
    ("闹事那是我假设的 还有打我妈那个你没加", ["闹事"], "还有打我妈那个你没加"),
    # a bare 「删掉」 beside the sentence named means that sentence, never the clauses around it (M2 #17)
    ("不对 跑单位来闹那是我假设的 他们没来过 删掉 还有物业那个你没加", ["跑单位来闹"], "不对，他们没来过，还有物业那个你没加"),
    # a line named by a word beside the quoted sentence is another edit, kept for it
    ("删掉“他们骂我是老赖”这一句 七八个那条也删掉", ["他们骂我是老赖"], "七八个那条也删掉"),
])
def test_the_sentences_a_correction_names_and_what_it_says_besides(message, targets, rest):
    # mut7 (mutation check of session 6, bot/complaint.py sentence_targets)
    from bot.complaint import sentence_targets

    assert sentence_targets(normalize(message)) == (targets, rest)


def test_the_words_as_said_come_first_a_line_only_near_them_stays():
    # 「他们打电话骂我」 is in the first line as said; the second only shares most of its word pairs: it stays
    said = ["他们打电话骂我", "上周他们又打电话骂我了", "帮我写个投诉"]
    found = _found([*said, "删掉“他们打电话骂我”这一句"], shown=3)
    assert found.account == ("上周他们又打电话骂我了",)
    assert [(a.kind, a.quote) for a in found.acts] == [("insult", "上周他们又打电话骂我了")]


def test_a_day_put_right_keeps_whom_the_threat_was_told_to():
    # mut7 (mutation check of session 6, bot/complaint.py _redate): the date replaces the day in the quote; the person
    # told (母亲) stays, and a clause before it that redates nothing does not stop it
    said = ["上周三催收打我妈电话说我要坐牢", "帮我写个投诉"]
    found = _found([*said, "对了 投诉书里那个上周三是12月2号"], shown=2)
    threat = next(a for a in found.acts if a.kind == "threat")
    assert threat.quote == "12月2号催收打我妈电话说我要坐牢" and threat.told == ("母亲",)
    assert found.when == ("12月2号",)


def test_an_unsure_hit_is_asked_about_only_when_it_is_reported():
    # mut7 (mutation check of session 6, bot/complaint.py _unsure): 「打我」 alone may be a call or a blow: asked; a
    # supposition (「他们哪天要是打我」) or a request (「投诉他们打我」) reports nothing to ask about
    from bot.complaint import _unsure

    assert _unsure("他们打我")
    assert not _unsure("他们哪天要是打我")
    assert not _unsure("投诉他们打我")


def test_a_clause_that_supposes_or_asks_to_complain_states_no_act():
    # mut7 (mutation check of session 6, bot/complaint.py _clause_kinds; every caller relies on it, not only incident)
    from bot.complaint import _clause_kinds

    assert _clause_kinds("他们天天打电话", None) == ["frequent_calls"]
    assert _clause_kinds("他们哪天要是天天打电话", None) == []
    assert _clause_kinds("投诉他们天天打电话", None) == []
