"""complaint3 (issue 23 item 3; persona trials F3 and E2 of 7 December, /tmp/trials-s4): nothing in a complaint the
person did not say, acts quoted as reported, and every edit (a delete by content or by number, a time or a count
put right, a threat added) applied with the one line that says what changed."""
from __future__ import annotations

from datetime import date

import pytest

from bot.complaint import complaint_document, edit_line, incident
from bot.nlu.normalize import normalize
from bot.nlu.reading import requests

F3 = ["催收天天打电话 打到我单位去了 还打给我爸妈和我姐",
      "还说要把我欠钱的事发到朋友圈 让所有人都知道 这合法吗",
      "我问的是发朋友圈曝光 这个能告他们吗",
      "昨天晚上11点还打过来 一天打七八个",
      "帮我写个投诉"]
E2 = ["我儿子信用卡欠钱了 催收的天天半夜给我打电话 我又不是欠钱的人 他们凭什么打给我",
      "昨天晚上十一点半打了三个 前天凌晨一点也打 还说要是不还就上门找我 让邻居都知道",
      "我要投诉他们 帮我写个投诉 是平安银行的卡 我儿子叫他们打给他本人他们不听"]
VISIT = "催收人员上门或到我的单位催收"


def _norm(messages: list[str]) -> list[str]:
    return [normalize(m) for m in messages]


def _text(messages: list[str]) -> str:
    return complaint_document(incident(_norm(messages)), "平安银行", date(2026, 12, 7)).as_text()


def _kinds(messages: list[str]) -> list[str]:
    return [a.kind for a in incident(_norm(messages)).acts]


def _line(messages: list[str], written: int) -> str | None:
    return edit_line(_norm(messages), written)


# ---- 1. calls to the employer are calls to a third party, never a visit; the sister and the 朋友圈 threat --------
@pytest.mark.parametrize("said", ["打到我单位去了", "打电话到我单位", "他们打电话到我公司了", "电话打到我单位去了",
                                  "催收打到我家里了", "还打了好几个电话到我单位"])
def test_a_call_to_the_employer_is_a_third_party_never_a_visit(said):
    kinds = _kinds([said])
    assert "visit" not in kinds and "visit_block" not in kinds, (said, kinds)
    assert VISIT not in _text([said])


@pytest.mark.parametrize("said", ["他们到我单位找我了", "催收上门了", "昨天来我家了"])
def test_a_visit_said_is_still_a_visit(said):
    assert "visit" in _kinds([said])


def test_f3_first_complaint_has_only_what_was_said():
    text = _text(F3)
    assert VISIT not in text and "上门" not in text and "所属机构（是否" in text
    assert "被联系的其他人：单位、父母、姐姐" in text  # the sister is not left out; 爸妈 are 父母 (complaint7)
    assert "威胁将欠款信息发到朋友圈公开（“还说要把我欠钱的事发到朋友圈”）" in text  # the threat, as a threat
    assert "张贴、群发或公开我的欠款信息" not in text  # never written as done
    assert "一天之内反复呼叫" not in text and "催收人员频繁来电（“一天打七八个”）。请贵行核实" in text


@pytest.mark.parametrize("said, who", [("还打给我姐", "姐姐"), ("打电话给我哥", "哥哥"), ("联系了我妹妹", "妹妹"),
                                       ("打到我弟那里去了", "弟弟")])
def test_siblings_are_people_contacted(said, who):
    found = incident([said])
    assert "third_party" in [a.kind for a in found.acts] and who in found.contacted, found


# ---- 3. a threat to post the debt is a threat --------------------------------------------------------------
@pytest.mark.parametrize("said", ["催收说要把我欠钱的事发到朋友圈曝光", "还说要把我欠钱的事发到朋友圈", "说不还就发朋友圈",
                                  "扬言要曝光我", "他们威胁要把我的欠款发到家族群", "说要让所有人都知道"])
def test_a_threat_to_post_the_debt_is_written_as_a_threat(said):
    kinds = _kinds([said])
    assert "public_threat" in kinds and "public" not in kinds, (said, kinds)
    text = _text([said])
    assert "催收人员威胁将欠款信息" in text and "张贴、群发或公开我的欠款信息" not in text


@pytest.mark.parametrize("said", ["把我的欠款发到家族群了", "他们在我小区张贴了欠款通知", "已经发到朋友圈了"])
def test_a_posting_that_happened_is_written_as_done(said):
    assert "public" in _kinds([said])


def test_the_threat_heading_names_where_only_if_said():
    assert "威胁将欠款信息发到朋友圈公开" in _text(["催收说要把我欠钱的事发到朋友圈曝光"])
    assert "威胁将欠款信息公开（“扬言要曝光我”）" in _text(["扬言要曝光我"])


def test_f3_adding_the_threat_never_turns_it_into_a_done_act():
    messages = [*F3[:1], *F3[3:], "修改投诉书：加一条 催收说要把我欠钱的事发到朋友圈曝光"]
    line = _line(messages, len(messages) - 1)
    assert line.startswith("投诉书已改：加上“催收人员威胁将欠款信息发到朋友圈公开”一条"), line
    assert "张贴、群发或公开我的欠款信息" not in _text(messages)


# ---- 4. a range stays a range --------------------------------------------------------------------------------
@pytest.mark.parametrize("correction", ["等下 我数了一下通话记录 其实一天是4到5个 不是七八个 改一下",
                                        "修改投诉书：一天打4到5个 不是七八个",
                                        "不对 一天是4到5个 不是七八个"])
def test_a_range_correction_is_quoted_as_a_range(correction):
    messages = [*F3, correction]
    text = _text(messages)
    assert "一天打4到5个" in text and "一天打5个" not in text and "七八个" not in text, text
    line = _line(messages, len(F3))
    assert line == "投诉书已改：“一天打七八个”改为“一天打4到5个”。", line  # already a check: no note on 违规


@pytest.mark.parametrize("said", ["一天打4到5个", "一天打四到五个", "每天打3-4次"])
def test_a_range_said_first_is_quoted_whole(said):
    found = incident([said])
    assert found.acts[0].kind == "frequent_calls" and found.acts[0].quote == said


# ---- 2. a delete by content, by number, a negation ---------------------------------------------------------
VISITED = ["催收到我单位找我了", "一天打七八个", "还打给我爸妈", "帮我写个投诉"]


@pytest.mark.parametrize("edit", ["他们没上门 只是打电话到我单位 把上门那条删了", "把上门那条删了",
                                  "他们没上门", "第二条删掉", "第2条删了", "删掉第二条"])
def test_a_visit_deleted_by_content_number_or_negation_goes_and_the_line_says_so(edit):
    before = _text(VISITED)
    assert "二、" + VISIT in before, before
    messages = [*VISITED, edit]
    assert VISIT not in _text(messages)
    line = _line(messages, len(VISITED))
    # the words the line quoted go with it, said (complaint9, persona trial s8 M2 #18)
    assert line == f"投诉书已改：删去“{VISIT}”一条（“催收到我单位找我了”）。", line


@pytest.mark.parametrize("edit, gone", [("第一条删掉", "向持卡人以外的人催收"), ("最后一条删了", "催收人员频繁来电"),
                                        ("第二条去掉", VISIT)])
def test_a_delete_by_number_takes_that_item(edit, gone):
    before = _text(VISITED)
    assert gone in before
    after = _text([*VISITED, edit])
    assert gone not in after
    assert after.count("、催收") + after.count("、向持卡人") < before.count("、催收") + before.count("、向持卡人")


def test_a_number_past_the_end_deletes_nothing_and_says_so():
    messages = [*VISITED, "第九条删掉"]
    assert _text(messages) == _text(VISITED)
    assert _line(messages, len(VISITED)).startswith("投诉书没有改动")


@pytest.mark.parametrize("text", ["第三条删掉 没人上门", "第3条删了", "投诉里没写他们说要发朋友圈的事 帮我加上 你漏了", "把最后一条删掉", "删掉第二条",
                                  "不对 我说错了 昨天那个是十二点半 不是十一点半",
                                  "等下 我数了一下通话记录 其实一天是4到5个 不是七八个 改一下"])
def test_these_edits_are_read_as_complaint_edits(text):
    assert requests(text).complaint_edit


@pytest.mark.parametrize("text", ["第三条是什么意思", "我第一次逾期是三个月前", "几点打电话合法"])
def test_no_complaint_edit_without_one(text):
    assert not requests(text).complaint_edit


# ---- 5. a time corrected; a threat to tell the neighbours -------------------------------------------------
@pytest.mark.parametrize("correction", ["不对 我说错了 昨天那个是十二点半 不是十一点半",
                                        "那投诉书里的时间帮我改成十二点半",
                                        "不是十一点半 是十二点半"])
def test_a_time_correction_replaces_the_time_everywhere_with_the_change_line(correction):
    messages = [*E2, correction]
    text = _text(messages)
    assert "十一点半" not in text and "昨天晚上十二点半" in text, text
    # the relative days as the dates they meant (the letter is dated 12月7日; complaint10, trial s9 N2)
    assert "时间：12月6日晚上十二点半、12月5日凌晨一点" in text
    assert _line(messages, len(E2)) == "投诉书已改：“十一点半”改为“十二点半”。"
    assert "不对" not in text and "改成" not in text


def test_a_time_restated_is_no_correction():
    messages = [*E2, "不对 我说错了 昨天那个是十二点半 不是十一点半", "那投诉书里的时间帮我改成十二点半"]
    assert "昨天晚上十二点半" in _text(messages)
    assert _line(messages, len(messages) - 1).startswith("投诉书里已经是这样写的")


def test_a_time_corrected_out_of_the_night_takes_the_night_point_away():
    messages = ["昨天晚上十一点打给我妈", "帮我写个投诉", "不对 是九点 不是十一点"]
    assert "在晚上10点至早上8点之间催收" in _text(messages[:2])
    text = _text(messages)
    assert "在晚上10点至早上8点之间催收" not in text and "昨天晚上九点" in text


@pytest.mark.parametrize("said", ["让邻居都知道", "催收打电话说要让邻居都知道我儿子欠钱", "还说要告诉我邻居",
                                  "说不还就让我们小区的邻居都知道"])
def test_a_threat_to_tell_the_neighbours_is_a_disclose_threat(said):
    found = incident(_norm([said]))
    assert "disclose_threat" in [a.kind for a in found.acts], said
    assert "邻居" not in found.contacted  # only threatened: nobody listed as contacted


def test_e2_first_complaint_has_the_neighbour_threat_and_an_added_one_works():
    assert "扬言要把欠款的事告诉他人（“让邻居都知道”）" in _text(E2)
    without = ["我儿子信用卡欠钱了 催收的天天半夜给我打电话", "帮我写个投诉"]
    for added in ["催收打电话说要让邻居都知道我儿子欠钱", "那投诉书里 还有他们说要让邻居都知道 这个也要写上"]:
        messages = [*without, added]
        assert "扬言要把欠款的事告诉他人" in _text(messages)
        assert _line(messages, 2).startswith("投诉书已改：加上“催收人员扬言要把欠款的事告诉他人”一条"), added
