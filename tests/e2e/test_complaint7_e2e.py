"""complaint7 over REST against a real `rasa run` + action server, the complaint read back from its PDF (pdftotext):
ui session 7 finding 1 (persona B: the debt told to his wife's colleagues and the threatened visit to her workplace are
items; the complaint goes to the collector's bank, asked when he has two), 「删掉骂人那条」, and persona trial s6 J4 (the
jail threat said to his mother says so)."""
from __future__ import annotations

import re
import uuid

from tests.e2e.test_docs_e2e import page_pdf
from tests.e2e.talk import flat

EDITED = "投诉书已改："
ASKED = "催收是哪家银行的？"
B = ["建行欠1万5 还有个广法的8千 都逾期三个月了",
     "催收天天打我老婆单位电话 还跟她同事说我欠钱 这合法吗",
     "就上礼拜 号码没记住 说再不还就去她单位找她"]
J4 = ["催收现在天天打我妈电话 说要上门 还说我再不还就要坐牢 这样合法吗",
      "3800是给中介的钱 我欠的是浦发 3万6 逾期4个月了 催收打我妈电话说我欠钱不还要坐牢",
      "他们天天打我妈 我妈70多了 吓得睡不着 能帮我写个投诉吗"]
LINK = re.compile(r"(https?://\S+/webhooks/widget/documents/[A-Za-z0-9-]+\?e=\d+&s=[\w-]+)")


def sender() -> str:
    return f"e2e-complaint7-{uuid.uuid4().hex[:10]}"


def links(text: str) -> list[str]:
    return LINK.findall(text)


def _b_items(pdf: str) -> None:
    assert "向持卡人以外的人催收或透露欠款（“还跟她同事说我欠钱”）。这违反了" in pdf, pdf  # colleagues told: a breach
    assert "催收人员说不还钱就要上门（“说再不还就去她单位找她”）。请贵行核实" in pdf, pdf  # a threat, not a visit
    assert "上门或到我的单位催收" not in pdf and "时间：上礼拜" in pdf, pdf
    assert "据我所知，单位、同事不是这笔欠款的债务人或担保人" in pdf, pdf


def test_b_two_banks_are_asked_and_all_gets_one_complaint_per_bank(live_bot):
    s = sender()
    for line in B:
        live_bot.texts(s, line)
    asked = live_bot.say(s, "帮我写投诉")
    question = "\n".join(m.get("text", "") for m in asked)
    assert ASKED in question and "建设银行、广发银行" in question and not links(question), question
    titles = [b["title"] for m in asked for b in m.get("buttons") or []]
    assert titles == ["建设银行", "广发银行", "都有", "不清楚"], titles
    payload = next(b["payload"] for m in asked for b in m.get("buttons") or [] if b["title"] == "都有")
    reply = live_bot.texts(s, payload)
    found = links(reply)
    assert len(found) == 2 and "建设银行、广发银行各一份投诉书" in reply, reply
    for url, bank, other in zip(found, ["建设银行", "广发银行"], ["广发银行", "建设银行"]):
        pdf = flat(page_pdf(live_bot, url, "complaint"))
        assert f"关于{bank}信用卡违规催收的投诉" in pdf and f"致：{bank}信用卡中心" in pdf, pdf
        assert "发卡银行" not in pdf and other not in pdf, pdf
        _b_items(pdf)
    # an edit later is not asked again: the answer stands
    reply = live_bot.texts(s, "删掉同事那条")
    assert reply.startswith(EDITED) and ASKED not in reply and len(links(reply)) == 2, reply


def test_b_a_bank_typed_as_the_answer_addresses_the_complaint(live_bot):
    s = sender()
    for line in B:
        live_bot.texts(s, line)
    assert ASKED in live_bot.texts(s, "帮我写投诉")
    reply = live_bot.texts(s, "建行的")
    found = links(reply)
    assert len(found) == 1 and "已改" not in reply and "记下了" not in reply, reply  # the case's cards stay as they are
    pdf = flat(page_pdf(live_bot, found[0], "complaint"))
    assert "致：建设银行信用卡中心" in pdf and "广发" not in pdf, pdf
    _b_items(pdf)


def test_the_collectors_bank_said_is_the_addressee_without_asking(live_bot):
    s = sender()
    live_bot.texts(s, B[0])
    reply = live_bot.texts(s, "广发的催收跟我同事说我欠钱 帮我写投诉")
    assert ASKED not in reply, reply
    pdf = flat(page_pdf(live_bot, links(reply)[0], "complaint"))
    assert "致：广发银行信用卡中心" in pdf and "建设银行" not in pdf, pdf


def test_deleting_the_insult_by_its_kind(live_bot):
    s = sender()
    live_bot.texts(s, "招行的催收骂我 还说不还就上门 天天打我电话")
    live_bot.texts(s, "帮我写个投诉")
    reply = live_bot.texts(s, "删掉骂人那条")
    assert reply.startswith(EDITED + "删去“催收人员辱骂、侮辱我”一条"), reply
    pdf = flat(page_pdf(live_bot, links(reply)[0], "complaint"))
    assert "辱骂" not in pdf and "催收骂我" not in pdf and "说不还就上门" in pdf, pdf


def test_j4_the_jail_threat_was_said_to_his_mother(live_bot):
    s = sender()
    for line in J4[:-1]:
        live_bot.texts(s, line)
    reply = live_bot.texts(s, J4[-1])
    pdf = flat(page_pdf(live_bot, links(reply)[0], "complaint"))
    assert "催收人员威胁、恐吓我，是对母亲说的（“催收打我妈电话说我欠钱不还要坐牢”）。这违反了" in pdf, pdf
    assert "致：浦发银行信用卡中心" in pdf, pdf


def test_b_all_typed_as_the_answer_gets_one_complaint_per_bank(live_bot):
    s = sender()
    for line in B:
        live_bot.texts(s, line)
    assert ASKED in live_bot.texts(s, "帮我写投诉")
    reply = live_bot.texts(s, "两家都有")
    assert len(links(reply)) == 2, reply


def test_b_a_reply_that_is_no_answer_is_not_taken_for_one(live_bot):
    s = sender()
    for line in B:
        live_bot.texts(s, line)
    assert ASKED in live_bot.texts(s, "帮我写投诉")
    reply = live_bot.texts(s, "利息多少")
    assert not links(reply) and "利息" in reply, reply  # a question of its own is answered, no complaint written
    reply = live_bot.texts(s, "帮我写投诉")  # asked once: written now, the bank left to fill (never one he did not name)
    assert ASKED not in reply and len(links(reply)) == 1, reply
    pdf = flat(page_pdf(live_bot, links(reply)[0], "complaint"))
    assert "致：发卡银行信用卡中心" in pdf and "建设银行" not in pdf, pdf


def test_b_not_knowing_the_bank_writes_it_with_the_bank_left_to_fill(live_bot):
    s = sender()
    for line in B:
        live_bot.texts(s, line)
    asked = live_bot.say(s, "帮我写投诉")
    payload = next(b["payload"] for m in asked for b in m.get("buttons") or [] if b["title"] == "不清楚")
    reply = live_bot.texts(s, payload)
    assert ASKED not in reply and len(links(reply)) == 1, reply
    pdf = flat(page_pdf(live_bot, links(reply)[0], "complaint"))
    assert "致：发卡银行信用卡中心" in pdf and "建设银行" not in pdf and "广发银行" not in pdf, pdf
