"""The hardship reason in the letter's register (困难情况说明): the person's own words rewritten, by rule,
into one clean sentence that is shown to them for confirmation before it goes into the letter.

Rule-based and deliberately narrow: fillers of spoken Chinese (「不是跟你说了吗」「就是」「那个」) are dropped,
the common causes (失业, 降薪, 生意失败, 生病, 家庭变故) become set phrasings of ``templates``
(``HARDSHIP_CAUSES``), a time (去年, 2024年3月, 今年年初) is kept; when no cause is recognised the sentence is a
neutral one (``HARDSHIP_NEUTRAL``), never the raw words. Numbers of 7 digits or more (card, phone, ID)
never survive.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from bot.finance import templates as t

# spoken fillers, longest first (a filler is never a fact)
_FILLERS = (
    "不是跟你说了吗", "不是和你说了吗", "不是已经说了吗", "我不是说了吗", "不是说了吗", "我刚才说了", "刚才说了",
    "跟你说了", "前面说过了", "前面说了", "我说过了", "我说了", "说过了", "你知道的", "怎么说呢", "说实话",
    "实话说", "老实说", "其实", "反正", "就是说", "就是", "那个", "这个嘛", "然后",
)
_INTERJECTIONS = re.compile(r"[嗯呃啊哎唉哈呀嘛呢吧啦呗]+(?=[，,。！!？?\s]|$)|^[嗯呃啊哎唉]+")

# (cause key, words); checked in this order — 「公司倒闭」 is a lost job before any 倒闭 is a lost business
_CAUSE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("unemployment", ("失业", "被裁", "裁员", "下岗", "没了工作", "丢了工作", "没工作", "找不到工作", "辞退",
                      "被开除", "公司倒闭", "单位倒闭", "厂子倒闭", "工厂倒闭", "待业")),
    ("pay_cut", ("降薪", "减薪", "工资降", "薪水降", "降到", "收入下降", "收入减少", "收入降", "工资少了",
                 "收入少了", "工资减", "停发", "拖欠工资", "欠薪", "没发工资")),
    ("business", ("生意", "做买卖", "亏损", "亏了", "赔了", "店铺", "开店", "经营", "供应商", "倒闭", "破产",
                  "创业", "投资失败")),
    ("illness", ("生病", "病了", "患病", "得了病", "住院", "手术", "癌", "治疗", "医药费", "看病", "疾病", "重病",
                 "受伤", "车祸", "意外")),
    ("family", ("离婚", "家里出事", "家里出了事", "去世", "过世", "变故")),
)
_FAMILY_WORDS = ("家人", "家里人", "父亲", "母亲", "爸", "妈", "老婆", "妻子", "老公", "丈夫", "孩子", "儿子",
                 "女儿", "老人", "公公", "婆婆", "岳父", "岳母")
_TIME = re.compile(
    r"\d{4}年(?:\d{1,2}月)?|(?:今年|去年|前年)(?:\d{1,2}月|年初|年底|上半年|下半年)?|上个月|这个月|年初|年底|"
    r"上半年|下半年|[一两二三四五六七八九十\d]+个月(?:前|以前)|半年(?:前|以前)|\d{1,2}月份?"
)
_LONG_DIGITS = re.compile(r"(?:\d[\s-]?){6,}\d")


@dataclass(frozen=True)
class HardshipText:
    """sentence: one or more clean sentences ending in 。; causes: the recognised cause keys in order;
    recognised: False when the neutral sentence stands in for words no rule understood."""

    sentence: str
    causes: tuple[str, ...]
    recognised: bool


def strip_fillers(text: str) -> str:
    """The words without spoken fillers and interjections, whitespace collapsed."""
    cleaned = _LONG_DIGITS.sub("", text or "")
    for filler in _FILLERS:
        cleaned = cleaned.replace(filler, "")
    cleaned = _INTERJECTIONS.sub("", cleaned)
    cleaned = re.sub(r"\s+", "", cleaned)
    return re.sub(r"^[，,。；;！!？?、]+|[，,；;、]+$", "", cleaned)


def _time_of(text: str) -> str:
    match = _TIME.search(text)
    if not match:
        return ""
    return match.group(0).replace("月份", "月").replace("以前", "前")


def clean_reason(raw: str | None) -> HardshipText:
    """The letter's sentence for the reason the person gave (see module docstring)."""
    text = strip_fillers(raw or "")
    causes: list[str] = []
    for key, words in _CAUSE_WORDS:
        if any(w in text for w in words):
            causes.append(key)
    # 「公司倒闭」 counted as a lost job is not also a failed business of one's own
    if "unemployment" in causes and "business" in causes and not any(
        w in text for w in ("生意", "做买卖", "店铺", "开店", "经营", "供应商", "创业", "投资失败")
    ):
        causes.remove("business")
    if not causes:
        return HardshipText(t.HARDSHIP_NEUTRAL, (), False)
    when = _time_of(text)
    sentences = []
    for index, key in enumerate(causes):
        phrase_key = key
        if key == "illness" and any(w in text for w in _FAMILY_WORDS):
            phrase_key = "illness_family"
        template = t.HARDSHIP_CAUSES[phrase_key]
        time_text = (t.HARDSHIP_TIME.get(key, "{when}").format(when=when)) if when and index == 0 else ""
        sentences.append(template.format(when=time_text))
    return HardshipText("".join(sentences), tuple(causes), True)
