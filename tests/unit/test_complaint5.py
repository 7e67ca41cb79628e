"""complaint5 (issue 23 item 3; probes s4 of 7 December, findings 5, 12, 17): the complaint states only acts that
happened, as the person said them, with their subject — a threat about the mother is not a threat to the daughter
who writes, and the calls to her are an item; a contact announced is a threat, never a contact made; a collector
asking a wife to pay is an item, and contacting a spouse is checked against the 债务相关第三人 exception (DOMAIN §6);
a story in 俺 and 媳妇 is read as a story, so the complaint form writes instead of asking again."""
from __future__ import annotations

from datetime import date

from bot.complaint import complaint_document, incident
from bot.nlu.normalize import normalize

W05 = ["我妈妈欠了信用卡 她六十多岁了 不太会用手机 我帮她问问",
       "是交通银行的 欠了一万二左右 逾期半年了",
       "催收天天打她电话 还打到我这里来了 我要替她还吗",
       "催收还说要是不还就让她坐牢 她吓得睡不着觉",
       "帮我写个投诉 用我自己的名义 投诉他们打我电话"]
X29 = ["民生的催收说要去我老家找我爸妈 还说要给我发律师函", "帮我写个投诉"]
X30 = ["我是他老婆 催收天天打我电话 说我老公欠了浦发的钱不还 还说我也得替他还", "帮我写投诉"]
W03 = ["老铁 俺信用卡逾期了 咋整", "农行的 欠了一万八 不对 是两万八", "逾期仨月了",
       "俺会不会进去啊 催收说要告俺诈骗", "催收还给俺媳妇打电话 把欠钱的事都说了", "帮俺写个投诉 投诉那个催收"]


def _norm(messages: list[str]) -> list[str]:
    return [normalize(m) for m in messages]


def _text(messages: list[str], bank: str = "交通银行") -> str:
    return complaint_document(incident(_norm(messages)), bank, date(2026, 12, 7)).as_text()


def test_w05_the_threat_names_the_mother_it_concerned_not_the_daughter_who_writes():
    text = _text(W05)
    assert "催收人员威胁、恐吓我的母亲（“催收还说要是不还就让她坐牢”）" in text
    assert "威胁、恐吓我（" not in text


def test_w05_the_calls_to_the_daughter_are_an_item_of_their_own():
    found = incident(_norm(W05))
    assert {a.kind: a.quote for a in found.acts}.get("third_party") == "还打到我这里来了"
    assert "向持卡人以外的人催收或透露欠款（“还打到我这里来了”）" in _text(W05)


def test_x29_a_contact_announced_is_a_threat_quoted_as_said_never_a_contact_made():
    found = incident(_norm(X29))
    kinds = {a.kind: a.quote for a in found.acts}
    assert "third_party" not in kinds and not found.contacted
    # to find them is to contact them, not (yet) to tell them of the debt (complaint6: contact_threat, persona trial I5)
    assert kinds["contact_threat"] == "民生的催收说要去我老家找我爸妈"
    assert "向持卡人以外的人催收或透露欠款" not in _text(X29, "民生银行")


def test_x30_the_demand_that_the_wife_pay_is_an_item():
    found = incident(_norm(X30))
    assert {a.kind: a.quote for a in found.acts}["demand_pay"] == "还说我也得替他还"
    text = _text(X30, "浦发银行")
    assert "催收人员要求我（不是持卡人）替持卡人还款（“还说我也得替他还”）" in text
    assert "“还说我也得替他还”" in text.split("经过（我的记录）：")[1].split("\n")[0]


def test_x30_contacting_a_spouse_is_checked_with_the_exception_never_declared_a_breach():
    text = _text(X30, "浦发银行")
    line = next(p for p in text.split("\n\n") if p.startswith("二、向持卡人以外的人"))
    assert "请贵行核实" in line and "债务相关第三人" in line and "这违反了" not in line


def test_w03_a_story_in_an_and_xifu_is_a_story_the_form_writes():
    found = incident(_norm(W03))
    kinds = {a.kind: a.quote for a in found.acts}
    assert kinds["threat"] == "催收说要告俺诈骗"
    assert "还给俺媳妇打电话" in kinds["third_party"]
    assert found.contacted == ("妻子",)
    line = next(p for p in _text(W03, "农业银行").split("\n\n") if "还给俺媳妇打电话" in p and "、" in p[:3])
    assert "债务相关第三人" in line  # his wife may be one (DOMAIN §6): checked, not declared a breach


def test_w03_the_story_in_one_message_is_enough():
    assert not incident(_norm(["催收打电话说要告俺诈骗 还给俺媳妇打电话把欠钱的事都说了"])).empty


def test_contacting_a_spouse_and_a_colleague_is_still_a_breach():
    text = _text(["催收给我老婆打电话 还给我同事打电话"])
    line = next(p for p in text.split("\n\n") if "向持卡人以外的人" in p)
    assert "这违反了" in line


def test_a_spouses_boss_told_is_still_a_breach():
    # persona trial G4: the wife writes; her 主任 was told — no 债务相关第三人
    text = _text(["我老公的浦发信用卡逾期了 催收天天打我单位电话 同事都知道了",
                  "今天又有人打我单位座机 跟我们主任说我老公欠钱不还是老赖 我要投诉"], "浦发银行")
    line = next(p for p in text.split("\n\n") if "向持卡人以外的人" in p)
    assert "这违反了" in line and "债务相关第三人" not in line
