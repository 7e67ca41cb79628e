"""The hardship sentence of the letter (issue 23, item 2): the person's own words cleaned of fillers, or a
rewrite that keeps subject, cause and degree — never a cause, a degree or a person they did not say."""
from __future__ import annotations

import pytest

from bot.finance.hardship import clean_reason, strip_fillers


@pytest.mark.parametrize(("raw", "sentence"), [
    ("去年失业了", "本人去年失业。"),
    ("嗯 公司裁员 被裁了", "本人因裁员失业。"),
    ("去年被公司裁员了", "本人去年因裁员失业。"),
    ("去年我被裁员了", "本人去年因裁员失业。"),
    ("工资降了", "本人收入下降。"),
    ("去年做生意亏了", "本人去年做生意亏损。"),
    ("我妈生病住院了", "本人母亲患病住院。"),
    ("我病了", "本人患病。"),
    ("离婚了", "本人离婚。"),
    ("我爸去世了", "本人父亲去世。"),
])
def test_a_known_cause_keeps_its_subject_time_and_degree(raw, sentence):
    assert clean_reason(raw).sentence == sentence


@pytest.mark.parametrize(("raw", "sentence"), [
    # the findings: another person's loss is theirs, not the cardholder's
    ("老婆失业了", "本人配偶失业。"),
    ("我老婆去年失业了", "本人配偶去年失业。"),
    ("老公被裁员了", "本人配偶因裁员失业。"),
    ("我儿子住院了", "本人儿子住院。"),
])
def test_the_subject_is_never_moved_to_the_cardholder(raw, sentence):
    result = clean_reason(raw)
    assert result.sentence == sentence
    assert not result.sentence.startswith("本人失业") and "本人患病" not in result.sentence


@pytest.mark.parametrize("raw", [
    "生意不太好做",  # a hard time, not 严重亏损
    "投资失败了",  # an investment, not a business of one's own
    "意外怀孕",  # not 患病
    "出了车祸",  # not 患病
    "工资从一万降到七千",  # the degree is theirs
    "收入少了一半",
    "2024年3月生了场大病做了手术",
    "上游供应商倒闭了",
    "公司倒闭了",  # their employer's or their own company: unknown
    "我去年生意赔了很多钱",
])
def test_anything_else_is_kept_in_the_persons_own_words(raw):
    result = clean_reason(raw)
    assert result.sentence == raw + "。" and result.own_words and not result.recognised
    for invented in ("严重", "患病", "本人失业", "大幅", "没有稳定收入", "经营的生意"):
        assert invented not in result.sentence


def test_several_clauses_each_rewritten_or_kept():
    result = clean_reason("去年失业，老婆又生病了")
    assert result.causes == ("unemployment", "illness") and result.recognised
    assert result.sentence == "本人去年失业，本人配偶患病。"
    mixed = clean_reason("去年公司裁员失业了，现在打零工收入不稳定")
    assert mixed.sentence == "本人去年因裁员失业，现在打零工收入不稳定。" and mixed.own_words


def test_fillers_are_dropped_and_nothing_is_invented_for_an_unknown_reason():
    assert clean_reason("不是跟你说了吗，就是还不上").sentence == "还不上。"
    assert clean_reason("就是 那个").sentence == "" and not clean_reason("就是").recognised


def test_fillers_and_numbers_are_stripped():
    assert strip_fillers("不是跟你说了吗，就是那个失业了啊") == "失业了"
    assert "13800138000" not in strip_fillers("失业了 电话13800138000")
    assert "13800138000" not in clean_reason("失业了，电话13800138000").sentence


# ---- every word list entry said once (mutation testing of bot/finance/hardship.py) --------------------------


@pytest.mark.parametrize("filler", [
    "不是跟你说了吗", "不是和你说了吗", "不是已经说了吗", "我不是说了吗", "不是说了吗", "我刚才说了", "刚才说了",
    "跟你说了", "前面说过了", "前面说了", "我说过了", "我说了", "说过了", "你知道的", "怎么说呢", "说实话",
    "实话说", "老实说", "其实", "反正", "就是说", "就是", "那个", "这个嘛", "然后",
])
def test_each_filler_is_dropped(filler):
    assert strip_fillers(f"{filler}失业了") == "失业了"
    assert clean_reason(f"{filler}，去年失业了").sentence == "本人去年失业。"


@pytest.mark.parametrize(("raw", "sentence"), [
    ("嗯，失业了", "本人失业。"), ("唉 失业了啊", "本人失业。"), ("下岗了", "本人失业。"), ("没了工作", "本人失业。"),
    ("丢了工作", "本人失业。"), ("工作丢了", "本人失业。"), ("工作没了", "本人失业。"), ("没工作了", "本人失业。"),
    ("被辞退了", "本人被辞退。"), ("被公司开除了", "本人被辞退。"), ("被裁员", "本人因裁员失业。"),
    ("公司裁员被裁了", "本人因裁员失业。"), ("减薪了", "本人收入下降。"), ("被降薪", "本人收入下降。"),
    ("收入减少了", "本人收入下降。"), ("工资少了", "本人收入下降。"),
    ("被拖欠工资", "本人被拖欠工资。"), ("欠薪", "本人被拖欠工资。"), ("工资没发", "本人被拖欠工资。"),
    ("生意失败了", "本人做生意失败。"), ("做生意赔钱了", "本人做生意亏损。"), ("得了重病", "本人患重病。"),
    ("生了一场大病", "本人患重病。"), ("做了个手术", "本人做了手术。"), ("生了场病", "本人患病。"),
    ("我爸爸病故了", "本人父亲去世。"), ("我妈妈过世了", "本人母亲去世。"), ("父母离婚了", "本人父母离婚。"),
    ("孩子病了", "本人子女患病。"), ("我女儿住院了", "本人女儿住院。"), ("家里人病了", "本人家人患病。"),
    ("我爱人失业了", "本人配偶失业。"), ("我丈夫被裁员了", "本人配偶因裁员失业。"), ("媳妇生病了", "本人配偶患病。"),
    ("本人失业", "本人失业。"),
])
def test_each_cause_and_subject_word(raw, sentence):
    assert clean_reason(raw).sentence == sentence


@pytest.mark.parametrize(("raw", "sentence"), [
    ("2024年3月失业", "本人2024年3月失业。"), ("2024年3月份失业了", "本人2024年3月失业。"),
    ("今年年初被裁员了", "本人今年年初因裁员失业。"), ("去年下半年降薪了", "本人去年下半年收入下降。"),
    ("三个月前失业了", "本人三个月前失业。"), ("半年以前失业", "本人半年前失业。"), ("3月份失业了", "本人3月失业。"),
    ("上个月失业了", "本人上个月失业。"), ("我去年失业了", "本人去年失业。"), ("去年我失业了", "本人去年失业。"),
    ("突然失业了", "本人失业。"), ("而且老婆病了", "本人配偶患病。"), ("后来又失业了", "本人失业。"),
])
def test_time_connectors_and_adverbs(raw, sentence):
    assert clean_reason(raw).sentence == sentence


def test_a_death_said_of_nobody_is_kept_as_said_and_two_subjects_are_not_guessed():
    assert clean_reason("去世了").sentence == "去世了。"
    assert clean_reason("我老婆我失业了").own_words


def test_recognised_and_own_words_flags():
    assert clean_reason("失业了").recognised and not clean_reason("失业了").own_words
    assert not clean_reason("").recognised and clean_reason("").sentence == ""
    assert clean_reason(None).sentence == ""


def test_survivors_of_the_truth2_mutation_run():
    from bot.finance.hardship import HardshipText, strip_fillers

    # a long number is removed, not replaced
    assert strip_fillers("我失业了13812345678") == "我失业了"
    # a clause that was only a connector does not end the reading
    assert clean_reason("而且，我失业了").sentence == "本人失业。"
    # nothing said is nothing, in every field
    assert clean_reason("嗯") == HardshipText("", (), False)
    assert clean_reason("我失业了").own_words is False and clean_reason("我失业了").causes == ("unemployment",)
