"""Normalisation before NLU and extraction (bot/nlu/normalize.py)."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.nlu.normalize import card_terms, normalize


@pytest.mark.parametrize(("raw", "expected"), [
    # traditional → simplified
    ("一萬五", "一万五"),
    ("會不會上徵信", "会不会上征信"),
    ("欠款兩萬，逾期兩個月", "欠款两万，逾期两个月"),
    ("銀行說要起訴我", "银行说要起诉我"),
    # full-width → half-width; Chinese punctuation stays
    ("欠了２５０００元", "欠了25000元"),
    ("ＡＢＣ％", "ABC%"),
    ("欠款，逾期。怎么办？", "欠款，逾期。怎么办？"),
    ("欠款\u3000两万", "欠款 两万"),
    # 帐 as an account
    ("帐单日是几号", "账单日是几号"),
    ("停息挂帐", "停息挂账"),
    ("记帐", "记账"),
    ("帐篷", "帐篷"),
    ("蚊帐", "蚊帐"),
    # English card terms
    ("min payment是多少", "最低还款是多少"),
    ("Minimum Payment", "最低还款"),
    ("late fee多少", "违约金多少"),
    ("APR多少", "年化利率多少"),
    ("apr", "年化利率"),
    ("installment 12期", "分期 12期"),
    ("instalments", "分期"),
    ("credit report会不会有记录", "征信会不会有记录"),
    ("grace period几天", "宽限期几天"),
    ("happy", "happy"),
    ("aprilfool", "aprilfool"),
    # homophone typos of card terms
    ("会不会上争信", "会不会上征信"),
    ("正信会不会有记录", "征信会不会有记录"),
    ("违约斤多少", "违约金多少"),
    ("逾其两个月了", "逾期两个月了"),
    ("宽线期几天", "宽限期几天"),
    ("利习多少", "利息多少"),
    ("最低还宽是多少", "最低还款是多少"),
    ("征心", "征信"),
    # ordinary words stay
    ("催收语气很凶", "催收语气很凶"),
    ("预期收入五千", "预期收入五千"),
    ("公正信用", "公正信用"),
    ("至于其他的", "至于其他的"),
    ("我买了玉器", "我买了玉器"),
    ("招行欠了两万五 逾期45天了 利息多少", "招行欠了两万五 逾期45天了 利息多少"),
    ("", ""),
])
def test_normalize(raw, expected):
    assert normalize(raw) == expected


def test_none_is_empty():
    assert normalize(None) == ""  # type: ignore[arg-type]


def test_terms_come_from_the_card_term_dictionary():
    terms = set(card_terms().values())
    assert {"征信", "违约金", "逾期", "宽限期", "停息挂账", "利息"} <= terms
    assert not {"逾其", "违约斤", "征心"} & terms
    assert all(len(term) >= 2 for term in terms)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=40))
def test_property_idempotent(text):
    once = normalize(text)
    assert normalize(once) == once


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="一二三四五六七八九十百千万两逾期欠款招行利息违约金征信的了吗，。 0123456789", max_size=30))
def test_property_already_simplified_card_text_keeps_its_length(text):
    assert len(normalize(text)) == len(text)


def test_typos_are_corrected_after_jieba_loaded_the_user_dictionary():
    # the Rasa server's JiebaTokenizer loads data/jieba into the one process-wide jieba before the
    # normaliser runs on a message; the typo entries of that dictionary must still be corrected
    import jieba

    from bot.nlu.normalize import USERDICT, normalize

    jieba.load_userdict(str(USERDICT))
    assert normalize("违约斤多少") == "违约金多少" and normalize("会不会上征心") == "会不会上征信"


def test_normalize_is_cached_per_text_and_for_its_own_result(monkeypatch):
    import bot.nlu.normalize as mod

    monkeypatch.setattr(mod, "_CACHE", {})
    calls = []
    real = mod._normalize_uncached

    def counting(text):
        calls.append(text)
        return real(text)

    monkeypatch.setattr(mod, "_normalize_uncached", counting)
    first = mod.normalize("會不會上争信")
    assert first == "会不会上征信"
    assert mod.normalize("會不會上争信") == first and mod.normalize(first) == first
    assert calls == ["會不會上争信"]  # the normalised text is its own normal form: no second run


def test_normalize_cache_is_bounded(monkeypatch):
    import bot.nlu.normalize as mod

    monkeypatch.setattr(mod, "_CACHE", {})
    monkeypatch.setattr(mod, "_CACHE_SIZE", 4)
    for i in range(20):
        assert mod.normalize(f"欠{i}万") == f"欠{i}万"
    assert len(mod._CACHE) <= 4 + 2
