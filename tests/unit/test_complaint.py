"""The complaint about abusive collection (bot/complaint.py): acts from the person's words, the rule each
breaks (DOMAIN §6), masked numbers, blanks for what was not said."""
from __future__ import annotations

from datetime import date

import pytest

from bot.complaint import RULES, complaint_document, incident

ABUSE = "12月1日晚上11点，自称平安银行委外的人打电话骂我是老赖，说不还就让我坐牢，还打给我妈说我欠钱不还。号码13812345678"


def test_each_act_is_found_once_with_its_own_words():
    found = incident([ABUSE, "欠了两万", "昨天一天打了二十几个电话"])
    assert [a.kind for a in found.acts] == ["insult", "threat", "night", "third_party", "many_calls"]
    quotes = {a.kind: a.quote for a in found.acts}
    assert quotes["insult"] == "自称平安银行委外的人打电话骂我是老赖"
    assert quotes["threat"] == "说不还就让我坐牢"
    assert quotes["third_party"] == "还打给我妈说我欠钱不还"
    assert found.when == ("12月1日晚上11点", "昨天")
    assert found.contacted == ("母亲",)
    assert "自称平安银行委外的人" in found.callers


@pytest.mark.parametrize("text, kind", [
    ("他们说自己是法院的", "impersonation"),
    ("说要把我拉进黑名单", "false_consequence"),
    ("说会影响孩子上学", "false_consequence"),
    ("凌晨两点打电话", "night"),
    ("23:30还在打", "night"),
    ("昨晚11点打电话", "night"),
    ("联系了我的同事", "third_party"),
    ("发短信给我领导", "third_party"),
    ("一天打了30个电话", "many_calls"),
    ("说明天上门", "visit"),
    ("到我单位闹", "visit"),
    ("把我的欠款发到家族群", "public"),
    ("打电话不说是哪家的", "no_identity"),
    ("他对我动手了", "violence"),
])
def test_acts_and_their_rules(text, kind):
    assert [a.kind for a in incident([text]).acts] == [kind]


@pytest.mark.parametrize("text", ["欠了两万 逾期三个月", "今天下午打了个电话", "我妈知道我欠钱", "晚上8点打的"])
def test_no_act_without_one_described(text):
    assert incident([text]).empty


def test_the_complaint_names_the_rule_of_each_act_and_masks_numbers():
    document = complaint_document(incident([ABUSE]), "平安银行", date(2026, 12, 1))
    text = document.as_text()
    assert document.title == "关于平安银行信用卡违规催收的投诉"
    assert "13812345678" not in text and "****5678" in text
    assert "第六十八条" in text and "《金融机构个人消费类贷款催收工作指引（试行）》" in text
    assert "22:00至次日8:00" in text and "第一千零三十二至一千零三十三条" in text
    assert "12378" in text and document.signature_lines[-1] == "日期：2026年12月1日"
    assert text.index("一、催收人员辱骂") < text.index("二、催收人员威胁") < text.index("三、在晚上10点")
    assert document.to_dict()["paragraphs"] == list(document.paragraphs)


def test_unsaid_facts_are_blanks_to_fill_in():
    text = complaint_document(incident(["催收骂我"]), None, date(2026, 12, 1)).as_text()
    assert "时间：＿＿＿＿（日期、几点）" in text and "来电/来人：＿＿＿＿（哪家机构" in text
    assert text.startswith("关于发卡银行信用卡违规催收的投诉")
    assert "被联系的其他人" not in text


def test_every_rule_has_a_source_and_a_certainty():
    for rule in RULES.values():
        assert rule.certainty in ("law", "quoted", "practice")
        assert "《" in rule.rule


# ---- the complaint as a printable document (bot/documents/ renders it; issue 12: downloadable) --------------


def complaint_pdf_text(pdf: bytes) -> str:
    import shutil
    import subprocess

    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext (Debian poppler-utils) is needed: make browser-deps")
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return "".join(out.split())


def test_the_complaint_renders_to_a_pdf_with_the_acts_the_rules_and_no_full_number():
    from bot.documents.render import to_pdf

    document = complaint_document(incident([ABUSE]), "平安银行", date(2026, 12, 1)).to_document("投诉书")
    pdf = to_pdf(document)
    assert pdf.startswith(b"%PDF")
    text = complaint_pdf_text(pdf)
    for words in ("关于平安银行信用卡违规催收的投诉", "致：平安银行信用卡中心", "抄送：国家金融监督管理总局",
                  "一、催收人员辱骂、侮辱我", "二、催收人员威胁、恐吓我", "三、在晚上10点至早上8点之间催收",
                  "四、向与欠款无关的第三人催收", "第六十八条", "《金融机构个人消费类贷款催收工作指引（试行）》",
                  "22:00至次日8:00", "《民法典》第一千零三十二至一千零三十三条", "被联系的其他人：母亲",
                  "****5678", "投诉人（签名）", "日期：2026年12月1日"):
        assert words in text, words
    assert "13812345678" not in text and "12345678" not in text


def test_the_document_keeps_the_header_as_lines_and_the_rest_as_paragraphs():
    complaint = complaint_document(incident([ABUSE]), "平安银行", date(2026, 12, 1))
    document = complaint.to_document("投诉书")
    kinds = [b.kind for b in document.blocks]
    # 致： and 抄送： are two lines, 投诉人： the third; every later paragraph is body text
    assert kinds[:3] == ["line", "line", "line"] and set(kinds[3:]) == {"paragraph"}
    assert [b.text for b in document.blocks[:2]] == complaint.paragraphs[0].split("\n")
    assert [b.text for b in document.blocks[3:]] == list(complaint.paragraphs[2:])
    assert document.title == complaint.title and document.signature == complaint.signature_lines
    assert document.filename == "投诉书"
