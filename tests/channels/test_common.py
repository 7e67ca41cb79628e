"""bot.channels.common.prepare_user_text: cut before masking, a number across the limit still masked."""
from __future__ import annotations

import re
import time

import pytest

from bot import facts as F
from bot.channels.common import MAX_TEXT_CHARS, TRUNCATED_NOTE, prepare_user_text

CARD = "6222021234567894"
PHONE = "13812345678"


def test_an_11_mb_message_is_prepared_in_well_under_a_second():
    text = ("我的卡号6222 0212 3456 7894，手机138 1234 5678，" * 400_000)[: 11 * 1024 * 1024]
    started = time.perf_counter()
    prepared = prepare_user_text(text)
    elapsed = time.perf_counter() - started
    assert elapsed < 0.3, elapsed
    assert len(prepared.text) == MAX_TEXT_CHARS
    # issue 23 item 16: the numbers were masked, so the warning that they were not kept follows
    assert prepared.notes == [TRUNCATED_NOTE.format(limit=MAX_TEXT_CHARS), F.labels()["number_not_kept"]]
    assert "0212 3456" not in prepared.text and "1234 5678" not in prepared.text


@pytest.mark.parametrize("written", [CARD, "6222 0212 3456 7894", "6 2 2 2 0 2 1 2 3 4 5 6 7 8 9 4",
                                     "138 - 1234 - 5678", "幺三八幺二三四五六七八"])
def test_a_number_written_across_the_limit_is_still_masked(written):
    for before in range(MAX_TEXT_CHARS - len(written) - 2, MAX_TEXT_CHARS + 2):
        text = "啊" * before + written + "。" + "后面还有很多话" * 200
        prepared = prepare_user_text(text)
        assert len(prepared.text) == MAX_TEXT_CHARS
        digits = re.sub(r"\*\*\*\*\d{4}", "", prepared.text)
        kept = "".join(ch for ch in digits if ch.isdigit() or ch in "幺一二三四五六七八")
        assert len(kept) < 8, (before, prepared.text[-60:])


def test_the_number_bound_follows_the_longest_separator():
    from bot.channels import common
    from bot.privacy import MAX_SEPARATOR_CHARS

    assert common._NUMBER_CHARS >= 6 + 20 + 19 * MAX_SEPARATOR_CHARS


def test_numbers_before_the_limit_shrink_the_text_and_more_of_it_is_read():
    # 40 cards written digit by digit (≈ 50 characters each) mask to 8 characters each
    spaced = " ".join(CARD)
    # joined by words: 「，」 alone joins digit groups into one number since issue 22
    text = "，还有".join([spaced] * 40) + "，最后一句话" * 100
    prepared = prepare_user_text(text)
    assert len(prepared.text) == MAX_TEXT_CHARS
    assert prepared.text.count("****7894") == 40 and "最后一句话" in prepared.text
    assert not re.search(r"\d \d \d", prepared.text)


def test_a_message_of_nothing_but_digits_written_one_by_one_is_bounded():
    text = " ".join("1234567890" * 200_000)
    started = time.perf_counter()
    prepared = prepare_user_text(text)
    assert time.perf_counter() - started < 0.5
    assert not re.search(r"\d \d", prepared.text) and len(prepared.text) <= MAX_TEXT_CHARS


def test_short_text_is_masked_whole_with_the_not_kept_note():
    prepared = prepare_user_text(f"  手机{PHONE}\x00 ")
    # issue 23 item 16: a masked number is said not to be kept
    assert prepared.text == "手机****5678" and prepared.notes == [F.labels()["number_not_kept"]] and not prepared.empty
    assert prepare_user_text("x" * MAX_TEXT_CHARS).notes == []
    assert prepare_user_text(None).empty and prepare_user_text(" \x00 ").empty
