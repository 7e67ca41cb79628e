from __future__ import annotations

import pytest

from bot.finance.hardship import clean_reason, strip_fillers
from bot.finance.templates import HARDSHIP_NEUTRAL


@pytest.mark.parametrize(("raw", "sentence"), [
    ("去年失业了", "本人去年失业，目前没有稳定收入。"),
    ("嗯 公司裁员 被裁了", "本人失业，目前没有稳定收入。"),
    ("工资从一万降到七千", "本人收入明显下降。"),
    ("今年3月份开始降薪", "本人自今年3月起收入明显下降。"),
    ("不是跟你说了吗，上游供应商倒闭了", "本人经营的生意出现严重亏损，收入大幅减少。"),
    ("我妈生病住院了", "本人家人患病，医疗支出大幅增加。"),
    ("2024年3月生了场大病做了手术", "本人2024年3月患病需要治疗，医疗支出增加，收入减少。"),
    ("公司倒闭了", "本人失业，目前没有稳定收入。"),
    ("离婚了", "本人家庭发生变故，经济负担加重。"),
])
def test_common_causes(raw, sentence):
    assert clean_reason(raw).sentence == sentence


def test_several_causes_in_order_time_on_the_first():
    result = clean_reason("去年失业，老婆又生病了")
    assert result.causes == ("unemployment", "illness")
    assert result.sentence == "本人去年失业，目前没有稳定收入。本人家人患病，医疗支出大幅增加。"


def test_unknown_reason_is_neutral_never_the_raw_words():
    result = clean_reason("不是跟你说了吗，就是还不上")
    assert result.sentence == HARDSHIP_NEUTRAL and not result.recognised


def test_fillers_and_numbers_are_stripped():
    assert strip_fillers("不是跟你说了吗，就是那个失业了啊") == "失业了"
    assert "13800138000" not in strip_fillers("失业了 电话13800138000")
