"""The complaint about abusive collection (bot/complaint.py): acts from the person's words, the rule each
breaks (DOMAIN §6), masked numbers, blanks for what was not said."""
from __future__ import annotations

from datetime import date

import pytest

from bot.complaint import RULES, complaint_document, incident

ABUSE = "12月1日晚上11点，自称平安银行委外的人打电话骂我是老赖，说不还就让我坐牢，还打给我妈说我欠钱不还。号码13812345678"


def test_each_act_is_found_once_with_its_own_words():
    found = incident([ABUSE, "欠了两万", "昨天一天打了二十几个电话 我都没接"])
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
    ("一天打了30个电话都没接通", "many_calls"),
    ("一天打了30个电话", "frequent_calls"),
    ("说明天上门", "visit_announced"),
    ("他们上门了", "visit"),
    ("昨天来我家堵门", "visit_block"),
    ("到我单位闹", "visit_block"),
    ("他们昨天来我家了", "visit"),
    ("说要把我移交公安", "police_report"),
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
                  "四、向持卡人以外的人催收或透露欠款", "第六十八条", "《金融机构个人消费类贷款催收工作指引（试行）》",
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


# ---- issue 23 item 3: acts as reported, nothing the person did not say ------------------------------------------


@pytest.mark.parametrize("text", ["说不还就上门", "说再不还就到你家来", "他们说否则就去我单位", "说要上门闹"])
def test_a_threat_to_visit_is_a_threat_not_a_visit(text):
    found = incident([text])
    assert [a.kind for a in found.acts] == ["visit_threat"], text
    document = complaint_document(found, "招商银行", date(2026, 12, 1)).as_text()
    assert "以上门相威胁" in document and f"“{text}”" in document
    assert "上门或到我的单位催收" not in document and "未经同意上门" not in document


def test_an_announced_visit_is_quoted_and_checked_never_called_a_breach():
    found = incident(["催收说明天上门"])
    text = complaint_document(found, "招商银行", date(2026, 12, 1)).as_text()
    assert "催收人员说要上门（“催收说明天上门”）。请贵行核实" in text
    assert "催收人员说要上门（“催收说明天上门”）。这违反了" not in text


@pytest.mark.parametrize("text", ["每天打我电话", "天天打我手机", "一直打我电话", "打我老婆电话"])
def test_calls_are_never_violence(text):
    kinds = [a.kind for a in incident([text]).acts]
    assert "violence" not in kinds, (text, kinds)
    assert "对我动手" not in complaint_document(incident([text + "，骂我"]), None, date(2026, 12, 1)).as_text()


@pytest.mark.parametrize("text", ["他们打了我一顿", "催收的人扇了我耳光", "上门推我"])
def test_real_violence_is_still_violence(text):
    assert "violence" in [a.kind for a in incident([text]).acts]


def test_a_spouse_is_never_declared_a_non_debtor():
    text = complaint_document(incident(["他们打电话给我老婆说我欠钱"]), None, date(2026, 12, 1)).as_text()
    assert "被联系的其他人：妻子。" in text
    assert "妻子不是这笔欠款的债务人" not in text and "不是这笔欠款的债务人或担保人。" not in text
    assert "妻子是否为这笔欠款的债务人或担保人：＿＿＿＿" in text
    colleague = complaint_document(incident(["他们告诉了我同事"]), None, date(2026, 12, 1)).as_text()
    assert "据我所知，同事不是这笔欠款的债务人或担保人。" in colleague


def test_a_parent_writing_for_a_son_writes_as_the_parent():
    messages = ["我儿子的信用卡逾期了", "催收天天打电话给我，还骂我"]
    found = incident(messages)
    assert found.holder == "儿子" and "third_party" in [a.kind for a in found.acts]
    text = complaint_document(found, "招商银行", date(2026, 12, 1)).as_text()
    assert "贵行信用卡的持卡人是我的儿子，我本人不是这张卡的持卡人" in text
    assert "我是贵行信用卡持卡人" not in text and "我愿意还款" not in text
    assert "持卡人：＿＿＿＿（我的儿子）" in text and "我本人（持卡人是我的儿子）" in text
    assert "我不是持卡人，请不要再为这笔欠款联系我" in text


@pytest.mark.parametrize(("messages", "holder"), [
    (["我儿子的招行信用卡逾期了"], "儿子"),
    (["帮我妈问问，她欠了广发的钱"], "母亲"),
    (["我老公的卡逾期三个月了"], "丈夫"),
    (["我妈知道我欠钱了"], None),
    (["催收打给我妈说我欠钱"], None),
    (["我欠了招行五万"], None),
])
def test_whose_card_it_is(messages, holder):
    from bot.complaint import holder_of

    assert holder_of(messages) == holder


def test_willingness_to_repay_only_when_said():
    assert "我愿意还款" not in complaint_document(incident(["催收骂我"]), None, date(2026, 12, 1)).as_text()
    said = complaint_document(incident(["催收骂我", "我愿意还，就是一下拿不出来"]), None, date(2026, 12, 1)).as_text()
    assert "三、我愿意还款，请由贵行直接与我协商个性化分期还款" in said  # no third party named: no third-party demand


def test_self_regulation_is_never_called_a_regulators_rule():
    text = complaint_document(incident([ABUSE]), "平安银行", date(2026, 12, 1)).as_text()
    assert "监管规定" not in text and "自律" in text


@pytest.mark.parametrize("question", [
    "催收说要上门怎么办？", "他们会不会打给我妈", "如果他们去我单位闹怎么办", "打给我同事合法吗", "帮我写投诉",
    "/request_collection_complaint",
])
def test_questions_and_suppositions_never_enter_the_account(question):
    found = incident([question, "昨天一天打了30个电话"])
    assert [a.kind for a in found.acts] == ["frequent_calls"], question
    assert found.account == ("昨天一天打了30个电话",)


def test_unrelated_messages_and_sentences_stay_out_of_the_account():
    found = incident(["招行欠了五万", "逾期三个月了。他们天天骂我！我月薪四千", "利息怎么算"])
    assert found.account == ("他们天天骂我！",)
    assert "五万" not in "".join(found.account) and "四千" not in "".join(found.account)


# ---- the mutation survivors of issue 23's Tests section --------------------------------------------------------


@pytest.mark.parametrize(("text", "who"), [
    ("他们告诉了我同事", ("同事",)),
    ("告诉我领导我欠钱", ("领导",)),
    ("通知了我家人", ("家人",)),
    ("打给我爸", ("父亲",)),
    ("打给我爸爸", ("父亲",)),
    ("打给我妈", ("母亲",)),
    ("联系了我公司", ("单位",)),
])
def test_third_party_phrasings_and_who_was_contacted(text, who):
    found = incident([text])
    assert [a.kind for a in found.acts] == ["third_party"], text
    assert found.contacted == who


@pytest.mark.parametrize(("text", "night"), [
    ("21点打电话骂我", False), ("晚上9点打来骂我", False), ("晚上九点骂我", False), ("21:30骂我", False),
    ("22点打电话骂我", True), ("晚上十点骂我", True), ("22:05骂我", True), ("早上7点骂我", True),
    ("早上8点骂我", False), ("凌晨一点骂我", True),
])
def test_night_is_22_to_8_only(text, night):
    assert ("night" in [a.kind for a in incident([text]).acts]) is night, text


# ---- the document's shape (mutation testing of bot/complaint.py) ---------------------------------------------


def test_long_quotes_and_accounts_are_cut_with_an_ellipsis():
    from bot.complaint import Incident

    clause = "他们骂我" + "很难听" * 40
    found = incident([clause])
    assert len(found.acts[0].quote) == 80 and found.acts[0].quote.endswith("…")
    assert found.acts[0].quote.startswith("他们骂我很难听")
    long_sentence = "他们骂我，" + "，".join(["说了很多很难听的话"] * 60)
    account = incident([long_sentence]).account[0]
    assert len(account) == 400 and account.endswith("…")
    exact = "他们骂我" + "很" * 76  # 80 characters: kept whole
    assert incident([exact]).acts[0].quote == exact
    assert Incident().holder is None and Incident().willing is False and Incident().empty


def test_the_text_and_the_dict_of_a_complaint():
    complaint = complaint_document(incident(["催收骂我"]), "招商银行", date(2026, 12, 1))
    text = complaint.as_text()
    parts = text.split("\n\n")
    assert parts[0] == complaint.title and parts[-1] == "投诉人（签名）：＿＿＿＿\n日期：2026年12月1日"
    assert parts[1:-1] == list(complaint.paragraphs)
    assert complaint.to_dict() == {"title": complaint.title, "paragraphs": list(complaint.paragraphs),
                                   "signature_lines": ["投诉人（签名）：＿＿＿＿", "日期：2026年12月1日"]}
    assert complaint.to_document().filename == "complaint"
    assert complaint.header_lines == 2


def test_every_act_line_breaks_a_rule_except_those_allowed_in_themselves():
    # calling every day is not a breach in itself (the 指引's limit is 6 unanswered calls a day): the bank checks it;
    # nor is a visit by two collectors in the day, nor a bank reporting suspected 恶意透支 (DOMAIN §6, issue 23 item 7)
    # 「说不还就要上门」 too (probe D05): quoted as said and checked, as the chat says announcing a visit is allowed
    # a contact of the holder's spouse only, or of anyone once the holder could not be reached, is checked
    # (third_party_check; truth4, probe X30); a demand that a relative pay (probe X30) too: whether they are a
    # guarantor or a 债务相关第三人 is not known
    checked = ("visit_announced", "frequent_calls", "visit", "police_report", "visit_threat", "third_party_check",
               "demand_pay")
    for kind, rule in RULES.items():
        assert rule.verdict == ("check" if kind in checked else "breaks"), kind
        assert rule.certainty == "quoted", kind


def test_survivors_of_the_mutation_run():
    # a button's payload is never the person's words, even with act words in it
    assert incident(['/ask_collection_harassment{"text":"他们骂我"}']).empty
    # the cardholder's own number being called is not a third party
    assert [a.kind for a in incident(["催收天天打电话给我，骂我"]).acts] == ["insult", "frequent_calls"]
    # every third party of every message, in order
    assert incident(["打给我妈", "还告诉了我同事"]).contacted == ("母亲", "同事")
    # an account of exactly 400 characters is kept whole
    exact = "他们骂我" + "很" * 396
    assert incident([exact]).account == (exact,)
    text = complaint_document(incident(["他们骂我", "还告诉了我同事"]), None, date(2026, 12, 1)).as_text()
    assert "经过（我的记录）：“他们骂我”“还告诉了我同事”\n" in text
    assert "被联系的其他人：同事。据我所知，同事不是这笔欠款的债务人或担保人。" in text
    assert ("我的请求：一、立即停止上述违规催收行为；二、不再联系与欠款无关的第三人；三、核实催收人员及所属机构"
            "（是否在贵行公布的合作催收机构名单内），并在规定时间内书面答复处理结果。\n") in text


# ---- persona trial P3 (issue 23 item 3): a wife whose husband's 中信 card is overdue ------------------------------

WIFE = ["我老公中信信用卡逾期了 催收天天打我电话", "不是我欠的 是我老公欠的 我要还吗",
        "他们说要上门 说下周就来我家 还说要找我单位 这合法吗", "我问的是上门 他们能来我家吗 我不是欠钱的人啊",
        "我想投诉他们 天天打电话 能帮我写个投诉吗"]
CORRECTION = "不对 他们还没上门 只是电话里说要上门 你那个写错了"


def _text(messages: list[str]) -> str:
    return complaint_document(incident(messages), "中信银行", date(2026, 12, 1)).as_text()


@pytest.mark.parametrize("threat", [
    "他们说要上门", "说下周就来我家", "还说要找我单位", "他们说要来家里", "说要去单位找我", "说要来我单位",
    "催收说要上门 说要来我单位",
])
def test_an_announced_visit_is_quoted_never_stated_as_done(threat):
    found = incident([threat])
    kinds = [a.kind for a in found.acts]
    assert "visit" not in kinds and "visit_announced" in kinds, kinds
    text = _text([threat])
    assert "催收人员上门或到我的单位催收" not in text and "催收人员说要上门" in text


def test_the_wifes_complaint_states_only_what_she_said():
    found = incident(WIFE)
    kinds = [a.kind for a in found.acts]
    assert "visit" not in kinds and "visit_announced" in kinds and "frequent_calls" in kinds
    text = _text(WIFE)
    assert "催收人员上门或到我的单位催收" not in text
    # the cardholder (her husband) is the debtor: never one of the "other people contacted"
    assert "丈夫是否为这笔欠款的债务人" not in text and "被联系的其他人：丈夫" not in text
    assert found.writer_contacted and found.contacted == ()  # the writer: a flag, never a listed name
    assert "被联系的其他人：我本人（持卡人是我的丈夫）" in text
    # no question enters the account
    account = "".join(found.account)
    for asked in ("能来我家吗", "我问的是上门", "这合法吗", "我要还吗", "能帮我写个投诉吗"):
        assert asked not in account and asked not in text, asked
    # the daily calls are their own point, quoted as she said them
    frequent = [a for a in found.acts if a.kind == "frequent_calls"][0]
    assert "天天打" in frequent.quote
    assert "催收人员频繁来电（“催收天天打我电话”）" in text


@pytest.mark.parametrize("correction", [
    CORRECTION, "不对，他们没有上门，你写错了", "写错了 没来过我家", "不是这样 他们还没来我单位",
])
def test_a_correction_takes_back_a_visit_and_never_enters_the_complaint(correction):
    before = incident(["他们上门了"])
    assert [a.kind for a in before.acts] == ["visit"]
    after = incident(["他们上门了", correction])
    assert "visit" not in [a.kind for a in after.acts]
    text = _text(["他们上门了", correction, "他们骂我"])
    assert "催收人员上门或到我的单位催收" not in text and "他们上门了" not in text
    assert correction not in text and "写错" not in text and "不对" not in text
    assert "他们骂我" in text


def test_the_wife_corrected_keeps_the_threat_and_drops_her_correction():
    text = _text([*WIFE, CORRECTION])
    assert "写错" not in text and "不对" not in text and "只是电话里说要上门" not in text
    assert "催收人员上门或到我的单位催收" not in text and "催收人员说要上门" in text


@pytest.mark.parametrize("correction", ["我没说他们骂我", "不对 我没说他们骂我"])
def test_a_correction_denying_an_act_removes_it(correction):
    found = incident(["他们骂我，还打给我妈", correction])
    assert [a.kind for a in found.acts] == ["third_party"]


@pytest.mark.parametrize("question", [
    "他们能来我家吗", "他们上门了？", "是不是会来我单位", "他们会不会上门", "能不能打给我妈", "我问的是上门",
])
def test_a_question_is_never_in_the_account(question):
    found = incident([question + " 他们骂我"])
    assert found.account == ("他们骂我",), found.account
    assert [a.kind for a in found.acts] == ["insult"]


@pytest.mark.parametrize("said", ["催收天天打电话", "每天打我电话", "一天打好几次", "每天都打好几个电话",
                                  "天天来电话"])
def test_daily_calls_are_their_own_point_quoted_as_reported(said):
    found = incident([said])
    assert [a.kind for a in found.acts] == ["frequent_calls"], said
    assert found.acts[0].quote == said
    # a count said is the stronger point: many calls, not both
    assert [a.kind for a in incident(["每天打二十几个电话 我一个都没接"]).acts] == ["many_calls"]


@pytest.mark.parametrize(("messages", "holder"), [
    (["我老公的卡逾期了", "催收打电话给我老公和我妈"], "丈夫"),
    (["我儿子的信用卡逾期了", "他们打给我儿子的同事"], "儿子"),
])
def test_the_cardholder_is_never_an_other_person_contacted(messages, holder):
    found = incident(messages)
    assert found.holder == holder and holder not in found.contacted


@pytest.mark.parametrize("said", ["我老公中信信用卡逾期了 催收天天打我电话", "我老公招行卡逾期了", "我丈夫广发的卡还不上了"])
def test_whose_card_with_a_short_bank_name(said):
    from bot.complaint import holder_of

    assert holder_of([said]) == "丈夫"


# ---- mutation survivors of the truth2 run (issue 23 Tests: every module changed goes through mutmut) -------------

def test_a_correction_takes_back_only_what_it_denies_clause_by_clause():
    # the spaces of a chat message separate clauses: 「但是骂了我」 is not negated by 「没上门」
    found = incident(["他们上门了", "他们骂我", "写错了 他们没上门 但是骂了我"])
    assert [a.kind for a in found.acts] == ["insult"]
    # two denials in one correction both hold
    assert incident(["他们骂我", "他们上门了", "不对 他们没骂我 也没来过我家"]).empty
    # a 堵门 said not to have happened is taken back too
    assert incident(["昨天来我家堵门", "写错了 他们没来过我家"]).empty


def test_a_retracted_act_keeps_the_account_of_the_acts_that_stay():
    found = incident(["他们骂我还威胁我", "我没说他们骂我"])
    assert [a.kind for a in found.acts] == ["threat"]
    assert found.account == ("他们骂我还威胁我",)
    assert incident(["他们上门了", "他们骂我", "不对 他们没上门"]).account == ("他们骂我",)


def test_the_writer_who_is_the_holders_relative_is_never_declared_unrelated():
    text = complaint_document(incident(["我老公中信信用卡逾期了 催收天天打我电话 还骂我"]), "中信银行",
                              date(2026, 12, 1)).as_text()
    assert "被联系的其他人：我本人（持卡人是我的丈夫）。" in text
    assert "据我所知，我本人" not in text and "我本人（持卡人是我的丈夫）是否为" not in text
    assert "致：中信银行信用卡中心" in text and "信用卡：中信银行。" in text


def test_the_complaint_names_the_bank_and_leaves_blanks_where_nothing_was_said():
    text = complaint_document(incident(["他们骂我"]), "招商银行", date(2026, 12, 1)).as_text()
    assert "致：招商银行信用卡中心" in text
    assert "投诉人：＿＿＿＿（姓名）　联系电话：＿＿＿＿　信用卡：招商银行，卡号后四位 ＿＿＿＿。" in text
    checks = complaint_document(incident(["他们说要上门"]), "招商银行", date(2026, 12, 1)).as_text()
    assert "我的请求：一、核实上述催收行为是否合规，如有违规立即停止；" in checks


def test_the_tenth_act_is_numbered_in_words():
    said = ["他对我动手了", "他们骂我", "说不还就让我坐牢", "他们说自己是法院的", "说要把我拉进黑名单", "凌晨两点打电话",
            "联系了我的同事", "一天打了30个电话", "把我的欠款发到家族群", "打电话不说是哪家的"]
    found = incident(said)
    assert len(found.acts) == 10
    text = complaint_document(found, "招商银行", date(2026, 12, 1)).as_text()
    assert "\n\n十、打电话不说是哪家的" not in text  # the act's words, not the quote, follow the number
    assert "\n\n十、催收人员不表明所属机构" in text and "\n\n10、" not in text


def test_only_the_reporting_clauses_enter_the_account_and_the_time_comes_with_an_act():
    # a clause that asks is left out of the account; the rest of the sentence is kept (survivors 43, 47, 85, 90)
    assert incident(["他们骂我，这是不是违法"]).account == ("他们骂我",)
    # a question before the report does not hide it (survivor 46)
    assert [a.kind for a in incident(["我想问一下，他们骂我"]).acts] == ["insult"]
    # a visit said not to have happened is no act (survivor 1)
    assert incident(["他们没上门"]).empty
    # the time of a message without an act is not the time of the abuse (survivor 26)
    found = incident(["他们骂我", "昨天下午3点打了个电话"])
    assert found.when == () and found.account == ("他们骂我",)


# ---- persona trials of 7 December: only what happened, corrections heard -------------------------------

_B2 = ["我老婆信用卡逾期了 催收打电话给我 我要不要替她还啊", "他们说要上门 还说要告诉我单位领导 这合法吗",
       "是招商银行的催收 昨天晚上打了我8个电话 说下礼拜要上门 还说要告诉我单位领导 我老婆欠的不是我欠的"]
_A2 = ["你好 我儿子信用卡逾期了 催收天天打我电话 我不是持卡人啊 怎么让他们别打了",
       "他们一天打十几个电话 晚上十一点还打 我血压都高了 能投诉吗 打哪个电话",
       "还有个自称是法院的打电话说要起诉我儿子 还要我去配合调查 是真的假的",
       "能帮我写个投诉吗 投诉他们天天打我电话 晚上也打 我不是欠钱的人"]


def _text(messages: list[str]) -> str:
    from bot.nlu.normalize import normalize

    return complaint_document(incident([normalize(m) for m in messages]), "招商银行", date(2026, 12, 7)).as_text()


def test_a_threat_to_tell_the_employer_is_quoted_as_a_threat_and_nobody_is_listed_as_contacted():
    text = _text(_B2)
    assert "扬言要把欠款的事告诉他人（“还说要告诉我单位领导”）" in text
    assert "单位、领导" not in text and "被联系的其他人：我本人（持卡人是我的妻子）。" in text
    assert "催收人员频繁来电（“昨天晚上打了我8个电话”）" in text  # the count said is kept, checked


@pytest.mark.parametrize("correction", ["等下 他们还没真的给我单位打电话 只是说要告诉 你写成联系了单位领导 这不对吧",
                                        "投诉书把单位领导那句删了 他们只是嘴上说要告诉单位 没打过"])
def test_a_correction_takes_the_employer_out_and_is_never_quoted(correction):
    said = ["催收打电话给我", "他们还打给了我单位领导"]  # a contact stated, then taken back
    assert "单位、领导" in _text(said)
    text = _text([*said, correction])
    assert "单位、领导" not in text and "没打过" not in text and "不对吧" not in text, text


def test_the_delete_request_removes_the_line_that_names_them():
    text = _text([*_B2, "投诉书把单位领导那句删了 他们只是嘴上说要告诉单位 没打过"])
    assert "单位领导" not in text and "“催收打电话给我”" in text


def test_a_time_is_never_paired_with_the_caller_of_another_message_and_a_reattribution_denies_nothing():
    text = _text([*_A2, "对了 不是法院的那个晚上十一点打的 十一点是催收打的 法院那个是白天打的 你写错了"])
    assert "时间：晚上十一点；来电/来人：自称是法院的" not in text
    assert "来电/来人：自称是法院的" in text
    assert "在晚上10点至早上8点之间催收（“晚上十一点还打”）" in text  # the collectors' 11 pm calls stay
    assert "投诉他们天天打我电话" not in text  # the request to the bot is no account
    assert text.count("同一联系方式当天未接通的呼叫不宜超过6次") == 1  # one line for the calls, not two


def test_an_instruction_to_the_bot_is_never_quoted_as_what_the_collectors_said():
    text = _text([*_A2, "对了 不是法院的那个晚上十一点打的 十一点是催收打的 法院那个是白天打的 你写错了",
                  "现在晚上打电话那条没了 你怎么删了 我要的是晚上11点催收打电话也写进去"])
    assert "我要的是" not in text and "写进去" not in text and "晚上11点" not in text
    assert "（“晚上十一点还打”）" in text


# ---- care6: complaint edits from the persona trials (C2 mother, D1 husband; bench/records/2026-12-07/trials-s3) ----
_C2 = ["你好我儿子信用卡逾期了 催收天天打我电话 晚上十一点多还在打", "我不是持卡人啊 他们凭什么打给我",
       "晚上十一点打电话合法吗 一天打七八个 我心脏不好都睡不着觉", "能不能帮我写个投诉 让他们别打了"]
_MANY = "同一联系方式当天未接通的呼叫不宜超过6次）。"


def _acts(messages: list[str]) -> dict[str, str]:
    from bot.nlu.normalize import normalize

    return {a.kind: a.quote for a in incident([normalize(m) for m in messages]).acts}


@pytest.mark.parametrize("correction", [
    "不对 我说错了 一天是打四五个 不是七八个 帮我改一下投诉",
    "你怎么还写七八个 是四五个啊 七八个那条删掉",
    "投诉书写错了 催收一天打四五个电话",
])
def test_a_corrected_count_replaces_the_old_one_and_the_breach_it_no_longer_holds_goes(correction):
    before = _text(_C2)
    assert "催收人员频繁来电（“一天打七八个”）" in before and "一天之内反复呼叫" not in before
    text = _text([*_C2, correction])
    assert "七八个" not in text and "一天之内反复呼叫" not in text, text
    assert "催收人员频繁来电（“一天打四五个”）。请贵行核实" in text
    assert "帮我改" not in text and "写错" not in text and "删掉" not in text
    assert _acts([*_C2, correction])["frequent_calls"] == "一天打四五个"


@pytest.mark.parametrize("said, kind", [("一天打七八个", "many_calls"), ("一天打四五个", "frequent_calls"),
                                        ("每天打6次", "frequent_calls"), ("每天打7次", "many_calls"),
                                        ("一天打二十几个", "many_calls"), ("一天打好几个", "frequent_calls"),
                                        ("一天打六七个", "many_calls"), ("一天打6到8个", "many_calls"),
                                        ("一天打4到5个", "frequent_calls")])  # a range counts by its top
def test_a_count_of_unanswered_calls_decides_the_breach_above_six(said, kind):
    assert list(_acts([said + " 我都没接"])) == [kind]
    assert list(_acts([said + "，没接通"])) == [kind]


@pytest.mark.parametrize("said", ["一天打七八个", "每天打7次", "一天打二十几个", "昨天晚上打了我8个电话", "一天打了三十多个电话",
                                  "他们狂打我电话", "一天打6到8个"])
def test_a_count_of_calls_without_unanswered_is_frequent_calls_to_check(said):
    """persona trial F3-5: 「一天打七八个」 was said to break the rule on unanswered calls; the person never said
    the calls went unanswered: 「频繁来电…请贵行核实」."""
    assert list(_acts([said])) == ["frequent_calls"], said
    text = _text([said])
    assert "一天之内反复呼叫" not in text and "催收人员频繁来电" in text and "请贵行核实" in text


def test_the_change_line_says_what_an_edit_changed():
    from bot.complaint import edit_line
    from bot.nlu.normalize import normalize

    line = edit_line([normalize(m) for m in [*_C2, "不对 我说错了 一天是打四五个 不是七八个 帮我改一下投诉"]])
    assert line.startswith("投诉书已改：") and "“一天打七八个”改为“一天打四五个”" in line
    unanswered = [*_C2[:2], "晚上十一点打电话合法吗 一天打七八个 我都不敢接", _C2[3]]
    line = edit_line([normalize(m) for m in [*unanswered, "不对 我说错了 一天是打四五个 不是七八个 帮我改一下投诉"]])
    assert "删去“一天之内反复呼叫”一条" in line, line
    assert edit_line([normalize(m) for m in [*_C2, "是浦发的卡"]]) is None  # no edit, no line
    nothing = edit_line([normalize(m) for m in [*_C2, "投诉书里加上他们打我爸那个事"]])
    assert nothing.startswith("投诉书没有改动")  # nothing about 爸 was said: nothing is added
    assert "父亲" not in _text([*_C2, "投诉书里加上他们打我爸那个事"])


def test_an_added_threat_is_quoted_as_said_and_the_instruction_never_is():
    messages = [*_C2, "昨天那个人还说要上门来找我 说不还就让我儿子坐牢 这个也写进去"]
    text = _text(messages)
    # said to her (「那个人还说要上门来找我 说不还就让我儿子坐牢」): aimed at her, her son its matter (complaint10, trial s9 N2)
    assert "催收人员拿我的儿子威胁、恐吓我（“说不还就让我儿子坐牢”）" in text
    assert "催收人员说要上门（“昨天那个人还说要上门来找我”）" in text
    assert "写进去" not in text and "这个也" not in text
    text = _text([*messages, "那你把投诉书重新给我一份 加上说要让我儿子坐牢那句"])
    assert "加上" not in text and "那句" not in text and "重新给我" not in text
    assert "他们凭什么打给我" not in text  # her question is no account


def test_an_add_of_an_act_said_earlier_adds_it_even_when_only_named():
    text = _text(["我老婆的中信卡逾期了", "催收打电话说要上门来家里",
                  "那个投诉书里能不能加上短信这个事"])
    assert "短信" not in text.split("证据")[0]  # nothing about an SMS was said: nothing is made up
    text = _text(["我老婆的中信卡逾期了 催收发短信", "再不还就通知我们小区物业和亲戚 这个犯法不",
                  "那个投诉书里能不能加上这个事"])
    assert "催收人员扬言要把欠款的事告诉他人（“再不还就通知我们小区物业和亲戚”）" in text


_D1 = ["我老婆的中信卡逾期了 我要替她还吗", "催收打电话说要上门来家里 还说要告诉我单位 这个合法不",
       "那钱是她自己买东西花的 不是家里用 我能投诉吗 帮我写个投诉"]


def test_a_what_if_of_the_person_never_enters_and_the_sms_threat_does():
    messages = [*_D1, "你没听懂 我说他们根本没打到我单位去 投诉里别写单位那个事了 删掉",
                "好 这次对了 那要是他们真上门了 我能不开门吗 能报警吗",
                "催收还发短信说 再不还就通知我们小区物业和亲戚 这个犯法不 能报警吗",
                "那个投诉书里能不能加上短信这个事"]
    text = _text(messages)
    assert "那要是他们真上门了" not in text and "真上门" not in text
    assert "催收人员扬言要把欠款的事告诉他人（“再不还就通知我们小区物业和亲戚”）" in text
    assert "被联系的其他人" not in text  # a threat to tell them: nobody was contacted
    again = _text([*messages, "投诉书重新写 加一条 催收发短信说再不还就通知小区物业和亲戚 删掉那要是他们真上门了那句"])
    assert again.count("通知") == text.count("通知")  # said again: no second line


def test_a_delete_of_that_line_removes_what_the_message_names():
    before = _text(_D1)
    assert "还说要告诉我单位" in before
    text = _text([*_D1, "等下 其实他们没真的打到我单位 只是说要打 把那句删了吧"])
    assert "告诉我单位" not in text and "扬言" not in text, text
    assert "催收人员说要上门（“催收打电话说要上门来家里”）" in text
    text = _text([*_D1, "删掉那句说要上门的"])
    assert "说要上门" not in text and "还说要告诉我单位" in text


def test_a_time_asked_about_after_it_was_reported_is_one_line():
    text = _text(_C2)
    assert text.count("时间：") == 1 and "时间：晚上十一点多；" in text, text


def test_the_change_line_compares_with_the_complaint_as_last_written():
    from bot.complaint import edit_line
    from bot.nlu.normalize import normalize

    messages = [normalize(m) for m in [*_D1, "你没听懂 我说他们根本没打到我单位去 投诉里别写单位那个事了 删掉",
                                       "催收还发短信说 再不还就通知我们小区物业和亲戚 这个犯法不",
                                       "那个投诉书里能不能加上短信这个事"]]
    # written last after the 4th message; the SMS was told in a question turn in between
    line = edit_line(messages, 4)
    assert line.startswith("投诉书已改：加上“催收人员扬言要把欠款的事告诉他人”一条（“再不还就通知我们小区物业和亲戚”）"), line
    assert edit_line(messages, 5) == "投诉书里已经是这样写的，请再核对一遍下面的全文。"
    assert edit_line(["帮我写投诉", "他们骂我"], 1) is None  # the details were asked for: the first text, no line

def test_a_visit_said_as_a_condition_is_checked_not_called_a_breach():
    # probe D05: 「说不还就要上门」 was written as a breach of 第六十八条 while the bot says announcing a visit is allowed
    for words in ("说不还就要上门", "催收说再不还钱就到我家来"):
        complaint = complaint_document(incident([words]), "招商银行", date(2026, 12, 1))
        line = next(p for p in complaint.paragraphs if "上门" in p and "“" in p and "经过" not in p)
        assert "请贵行核实" in line and "这违反了" not in line and "告知上门本身不违规" in line, line
