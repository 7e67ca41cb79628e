"""complaint6 over REST against a real `rasa run` + action server: persona trials s6 (7 December) I2, I5 and J4
replayed, the complaint downloaded and read back from its PDF (pdftotext); issue 23: W05 (whose name the complaint is
in, from the stored complaint) and an unsure act asked about, never written."""
from __future__ import annotations

import uuid

from tests.e2e.test_docs_e2e import link_in, page_pdf
from tests.e2e.talk import flat

EDITED = "投诉书已改："
ALREADY = "投诉书里已经是这样写的"
CHANNELS = "投诉按这个顺序"  # the generic answer about where to complain: never the reply to an edit
I2 = ["请问一下 我女儿信用卡逾期了 催收天天打我电话 这个合法吗",
      "她打不通 关机了 所以一直打我 说我是紧急联系人 要我帮她还 不然就上门",
      "她欠的是广发的 三万左右 四个月了 我是她爸 不是担保人 那我女儿会被起诉吗",
      "她上个月给我打电话说不想活了 说什么一了百了 我很担心她"]
I2_WRITE = "我刚给杭州110打了 他们说去看看 那催收一直打我电话 说我是紧急联系人要我还 帮我写个投诉"
I5 = ["催收说我再不还就把我欠钱的事发到我朋友圈 发给我所有好友 他们能这样吗",
      "是招商的 欠了两万三 逾期快三个月了 他还说要打我单位电话",
      "他说要打我单位电话 还说要发朋友圈 这两个都不合法吧",
      "打单位电话呢 他说要告诉我们领导"]
J4 = ["催收现在天天打我妈电话 说要上门 还说我再不还就要坐牢 这样合法吗",
      "3800是给中介的钱 我欠的是浦发 3万6 逾期4个月了 催收打我妈电话说我欠钱不还要坐牢"]


def sender() -> str:
    return f"e2e-complaint6-{uuid.uuid4().hex[:10]}"


def test_i2_the_fathers_complaint_states_only_what_he_said(live_bot):
    s = sender()
    for line in I2:
        live_bot.texts(s, line)
    reply = live_bot.texts(s, I2_WRITE)
    pdf = flat(page_pdf(live_bot, link_in(reply), "complaint"))
    assert "动手" not in pdf and "不得使用暴力" not in pdf, pdf  # 「所以一直打我」: calls, never a blow
    assert "不想活" not in pdf and "一了百了" not in pdf and "上个月" not in pdf, pdf  # her words: private
    assert "催收人员上门或到我的单位催收" not in pdf and "催收人员说不还钱就要上门（“不然就上门”）" in pdf, pdf
    assert "催收人员要求我（不是持卡人）替持卡人还款（“要我帮她还”）。这违反了" in pdf, pdf  # 不是担保人
    assert "被联系的其他人：我本人（持卡人是我的女儿）" in pdf, pdf


def test_i2_a_negated_blow_never_comes_back_and_the_demand_is_added(live_bot):
    s = sender()
    live_bot.texts(s, "我女儿的信用卡逾期了 催收天天打我电话 说不然就上门")
    live_bot.texts(s, "帮我写个投诉")
    reply = live_bot.texts(s, "投诉书不对 他们没打我 他们没来过 只是说不然就上门 还有他们要我替女儿还钱 这个要写上")
    assert reply.startswith(EDITED) and "要求我（不是持卡人）替持卡人还款" in reply, reply
    assert "动手" not in reply and "上门或到我的单位" not in reply, reply


def test_i2_a_line_named_after_a_delete_goes_too(live_bot):
    s = sender()
    live_bot.texts(s, "催收骂我 还说不还就上门 天天打我电话")
    live_bot.texts(s, "帮我写个投诉")
    reply = live_bot.texts(s, "删掉骂我那条 还有上门那条")
    assert "删去“催收人员辱骂、侮辱我”一条" in reply and "删去“催收人员说不还钱就要上门”一条" in reply, reply
    assert "现在共1项：催收人员频繁来电" in reply, reply


def test_i5_a_threat_to_call_his_workplace_stays_a_threat_and_his_objection_is_an_edit(live_bot):
    s = sender()
    for line in I5:
        live_bot.texts(s, line)
    reply = live_bot.texts(s, "帮我写投诉")
    pdf = flat(page_pdf(live_bot, link_in(reply), "complaint"))
    assert "催收人员扬言要联系持卡人以外的人（“他还说要打我单位电话”）" in pdf, pdf
    assert "被联系的其他人" not in pdf and "向持卡人以外的人催收或透露欠款" not in pdf, pdf
    assert pdf.count("要打我单位电话”") == 2, pdf  # the item and one entry of the account (said twice: one entry)
    reply = live_bot.texts(s, "投诉书里写单位被联系了 但其实他还没打 只是说要打 这样写不对吧")
    assert reply.startswith(ALREADY) and CHANNELS not in reply, reply


def test_j4_the_debt_told_to_his_mother_is_the_item_and_his_addition_is_an_edit(live_bot):
    s = sender()
    for line in J4:
        live_bot.texts(s, line)
    reply = live_bot.texts(s, "他们天天打我妈 我妈70多了 吓得睡不着 能帮我写个投诉吗")
    pdf = flat(page_pdf(live_bot, link_in(reply), "complaint"))
    assert "向持卡人以外的人催收或透露欠款（“催收打我妈电话说我欠钱不还要坐牢”）。这违反了" in pdf, pdf
    assert "被联系的其他人：母亲" in pdf and "频繁来电" not in pdf, pdf
    reply = live_bot.texts(s, "投诉书里没写他们跟我妈说我欠钱的事 这个能加上吗")
    assert reply.startswith(ALREADY) and CHANNELS not in reply, reply


def test_j4_what_the_complaint_misses_is_added_on_request(live_bot):
    s = sender()
    live_bot.texts(s, "浦发的催收说我再不还就要坐牢")
    live_bot.texts(s, "帮我写个投诉")
    reply = live_bot.texts(s, "投诉书里没写他们跟我妈说我欠钱的事 这个能加上吗")
    assert reply.startswith(EDITED + "加上“向持卡人以外的人催收或透露欠款”一条"), reply
    pdf = flat(page_pdf(live_bot, link_in(reply), "complaint"))
    assert "向持卡人以外的人催收或透露欠款（“他们跟我妈说我欠钱”）" in pdf and "被联系的其他人：母亲" in pdf, pdf


def test_w05_whose_name_the_complaint_is_in_is_answered_from_the_stored_complaint(live_bot):
    s = sender()
    live_bot.texts(s, "我妈妈欠了信用卡 她六十多岁了 不太会用手机 我帮她问问")
    live_bot.texts(s, "催收还说要是不还就让她坐牢 她吓得睡不着觉")
    live_bot.texts(s, "帮我写个投诉")
    reply = live_bot.texts(s, "投诉书里写的是我还是我妈")
    assert reply == "投诉书是以您本人的名义写的：投诉人是您，您不是持卡人；持卡人写的是您的母亲。", reply


def test_an_unsure_blow_is_asked_in_one_question_and_added_when_confirmed(live_bot):
    s = sender()
    live_bot.texts(s, "催收骂我 还打我了")
    reply = live_bot.texts(s, "帮我写个投诉")
    assert "您说的“还打我了”，是催收动手打了您，还是打电话？" in reply, reply
    pdf = flat(page_pdf(live_bot, link_in(reply), "complaint"))
    assert "动手" not in pdf and "还打我了" not in pdf, pdf
    reply = live_bot.texts(s, "加上：催收动手打了我")
    assert reply.startswith(EDITED + "加上“催收人员对我动手”一条"), reply
