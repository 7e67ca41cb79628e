"""第七十条 (2011 办法) items in each letter (DOMAIN §5), one test per item, and the letter's honesty."""
from __future__ import annotations

import re
from datetime import date

import pytest

from bot.documents.model import Document
from bot.finance import plan

TODAY = date(2026, 12, 1)


def _letter(**kwargs):
    base = {"debts": [{"bank": "招行", "amount": 24000, "card_last4": "4321"}], "monthly_income": 5200,
            "monthly_expenses": 3200, "monthly_budget": 2000, "hardship_reason": "去年公司裁员失业了"}
    base.update(kwargs)
    return plan(base.pop("debts"), today=TODAY, **base).letter


def test_item_1_balance_structure_currency():
    letter = _letter()
    assert "截至2026年12月1日，本人在贵行的信用卡欠款约人民币24,000.00元（以贵行账务为准）" in letter
    assert "欠款明细（本金、利息、违约金、年费等）" in letter


def test_item_2_period_method_currency_date_amount():
    letter = _letter()
    assert "分12期按月偿还" in letter and "币种为人民币" in letter and "每期还款2,000.00元" in letter
    assert "自2027年1月1日起，每月1日前还款" in letter and "至2027年12月1日还清" in letter
    assert "还款方式：" in letter and "另定每月还款日" in letter


def test_item_2_due_day_and_method_are_choices():
    letter = _letter(payment_day=15, payment_method="auto_debit")
    assert "自2026年12月16日起" not in letter
    assert "自2027年1月15日起，每月15日前还款" in letter
    assert "还款方式：由贵行每月从本人名下的借记卡自动扣款" in letter
    assert "还款方式：本人每月通过贵行App" in _letter(payment_method="self")


def test_item_3_interest_fees_continue_or_not():
    letter = _letter()
    assert "停止计收利息、违约金、年费及其他费用" in letter and "写明继续计收的项目" in letter


def test_item_4_no_new_card_promise():
    letter = _letter()
    # the legal condition of a 第七十条 agreement, said as such, not as a promise the person volunteered
    assert "协议须写明在欠款全部还清之前本人不再向任何银行申请新的信用卡" in letter
    assert "第七十条" in letter.split("协议须写明在欠款全部还清之前")[0].rsplit("。", 1)[-1]


def test_item_5_rights_duties_and_default():
    letter = _letter()
    assert "双方的权利义务和违约责任" in letter and "如本人未按协议还款" in letter and "停止催收" in letter


def test_item_6_written_agreement_or_confirmation():
    letter = _letter()
    assert "书面协议" in letter and "以短信或书面函件向本人确认协议内容" in letter


def test_hardship_sentence_in_the_letters_register():
    letter = _letter(hardship_reason="不是跟你说了吗，上游供应商倒闭了")
    assert "不是跟你说了吗" not in letter and "上游供应商倒闭了。目前的收入" in letter
    assert "严重亏损" not in letter and "本人经营" not in letter
    assert "本人去年因裁员失业。" in _letter() and "没有稳定收入" not in _letter()


@pytest.mark.parametrize(("reason", "said", "never"), [
    ("老婆失业了", "本人配偶失业。", "本人失业"),
    ("生意不太好做", "生意不太好做。", "严重亏损"),
    ("投资失败了", "投资失败了。", "生意"),
    ("意外怀孕", "意外怀孕。", "患病"),
    ("出了车祸", "出了车祸。", "患病"),
])
def test_the_letter_states_the_hardship_as_said(reason, said, never):
    letter = _letter(hardship_reason=reason)
    assert said in letter and never not in letter


def test_no_promise_the_person_did_not_make():
    for kwargs in ({}, {"monthly_budget": 300}, {"monthly_expenses": 5200}):
        letter = _letter(**kwargs)
        assert "提前还款" not in letter and "收入改善" not in letter


def test_the_confirmed_figures_and_only_them():
    letter = _letter()
    assert "每月收入约5,200.00元，必要生活支出约3,200.00元，每月结余约2,000.00元" in letter
    assert "4321" in letter and not re.search(r"\d{7,}", letter.replace(",", ""))


def test_document_structure_title_signature_and_schedule_attachment():
    result = plan([{"bank": "招行", "amount": 24000}], monthly_budget=2000, today=TODAY)
    doc = Document.from_dict(result.letter_documents[0])
    assert doc.title == "个性化分期还款申请书" and doc.signature[0].startswith("申请人（签字）")
    assert doc.to_text() == result.letters[0].letter
    schedule = Document.from_dict(result.schedule_document)
    table = next(b for b in schedule.blocks if b.kind == "table")
    assert len(table.rows) == 12 and table.rows[-1][-1] == "0.00" and table.rows[0][2] == "2,000.00"


@pytest.mark.parametrize("bad", [0, 29, "x"])
def test_bad_payment_day(bad):
    from bot.finance import FinanceInputError
    with pytest.raises(FinanceInputError) as info:
        plan([{"amount": 1000}], payment_day=bad, today=TODAY)
    assert info.value.field == "payment_day"


def test_bad_payment_method():
    from bot.finance import FinanceInputError
    with pytest.raises(FinanceInputError) as info:
        plan([{"amount": 1000}], payment_method="cash", today=TODAY)
    assert info.value.field == "payment_method"
