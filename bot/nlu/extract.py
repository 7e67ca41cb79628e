"""Entities of 卡友助手 read from Chinese text, with normalised values (CONTRACT.md §1).

Pure functions, no Rasa: `extract_entities(text)` for whole messages, and `parse_amount`,
`parse_days`, `parse_periods`, `parse_bank` for a bare reply to a form's question.

Entities (``value`` normalised; figures are exact decimal strings such as "25000" or "11300.5";
``start``/``end`` are character offsets in the normalised text, see `extract_entities`):

==========================  ======  ====================================================================
entity                      value   meaning
==========================  ======  ====================================================================
``bank``                    str     canonical full name from bot/finance/data/banks.yml (招行 → 招商银行)
``debt_amount``             str     元 owed (欠/欠款/账单/透支/本金/额度用了 …)
``monthly_income``          str     元 a month (月薪/工资/月入/收入/挣 …)
``monthly_expenses``        str     元 of essential spending a month (房租/生活费/开销/支出/吃饭 …)
``monthly_budget``          str     元 the cardholder can repay a month (能还/拿出/最多还/每月还 …)
``amount``                  str     元 with no role word: the question the bot asked decides what it is
``overdue_days``            str     days overdue (45天 → 45, 两个月 → 60, 半年 → 180, 逾期45了 → 45)
``overdue_days_more_than``  str     a lower bound only: 超过3天, 3天以上, 不止一个星期 (never the days)
``installments``            str     repayment periods wanted (分60期 → 60, 12期 → 12, 分三年还 → 36)
==========================  ======  ====================================================================

How text is read
----------------
Numbers are found on characters (a regex over the text), never on jieba tokens: jieba cuts
「三万五行吗」 into 三万/五行. Numerals are Arabic (25000, 2,000, 3.5), Chinese (两万五, 贰万, 三千五,
一点五万), mixed (2万5, 两万伍) or shorthand (8k → 8000, 3w → 30000, 2w5 → 25000), read by `cn2an`
after shorthand is expanded (Arabic decimals with a magnitude, 1.13万, and Chinese decimals, 一点一三万,
are read as Decimal, never through float); the text is normalised first (bot/nlu/normalize.py:
traditional characters, full-width forms, English terms, typos of card terms).
Bank aliases are matched on characters too (longest first), but short aliases must sit on jieba
word boundaries, taken from a blank spaCy ``zh`` pipeline with the jieba segmenter (no model
download; built once, on first use or by `warm_up`): 中信 in 「中信欠了两万」, not in 「其中信用卡」;
中行 in 「中行卡」, not in 「集中行动」. jieba may glue a card word to the alias (「广发卡」 is one word)
or a preposition before it (在, 和, 欠 …); both are accepted. Aliases that are everyday words
(平安, 民生, 光大, 工商 …) also need a card/debt word after them, a bank next to them or a message
made of bank names only. A token-pattern Matcher is not used: it would miss exactly the aliases
jieba glues to a neighbour.

Rules for the ambiguous cases
-----------------------------
Amounts
  * Role: the nearest role word before the number wins, looking back at most 12 characters, not
    past the previous number and not past 。！？；. If there is none, a role word right after it
    (「两万五的账单」, 「2000能还吗」); then a bank right before it (「招行两万五」 → debt); then the
    role of the previous amount when only connectors lie between (「欠招行2万，建行3万」 → two debts).
  * Words for figures that fill no slot (利息, 违约金, 最低还款, 额度, 手续费, 还了, 差了, 最高 …) win
    like role words and the amount is dropped: emitting it as ``amount`` would let a form take the
    interest or the credit limit for the debt.
  * Several expense items (「房租一千五 生活费一千」) become one ``monthly_expenses`` entity whose
    value is their sum and whose span runs from the first to the last item. If one of them is
    stated as a total (总开销, 一共, 加起来 …), that total alone is emitted. A figure with no item word of
    its own right before the items (「三千吧 房租一千五 吃饭啥的」, 「是三千 房租一千五加吃饭一千五」) is the stated
    total: it alone is emitted, whether the parts add up to it or not.
  * Several debts (one per bank) are emitted one by one, in order.
  * Approximate and ranged figures give their lower bound: 两万多 → 20000, 二十多万 → 200000,
    两三万 → 20000, 3-5万 → 30000, 十几天 → 10, 十来天 → 10. Vague figures (几千, 几十块, 好几万)
    give nothing.
  * A number without unit, magnitude (百/千/万/k/w) or currency (元/块) below 100 is not an amount
    (but `parse_amount` takes it from a bare reply). Not amounts at all: durations (45天), periods
    (12期), dates (2024-04-23, 4月23日, 23号), years (2024年), times (10:30), percentages and rates
    (0.05%, 万分之五), counts (两张卡, 3次), ordinals (第3期), card/ID/phone numbers (`bot.privacy`),
    masked numbers (****1234) and service numbers (95555, 12378, 110) that no role word claims.
    Figures of 1亿 and above are dropped as implausible.
Durations
  * 天/日 = 1 day, 周/星期/礼拜 = 7, 月 = 30, 年 = 365; 半个月 = 15, 半年 = 180, 一个半月 = 45,
    一年半 = 545; 一个多月 → 30; 四个来月 (东北: about four months) → 120; 逾期 stage codes M1…M9 → 30 × n (the last day of the bucket).
  * A duration is ``installments`` when 分/分成/分期/期数 stands right before it or 还清/还完/内还/
    来还 right after it (「分三年还」 → 36, 「三年还清」 → 36): years × 12, months as is. Otherwise the
    nearest cue before it decides: 逾期 (and typos 逾其, 预期, 愈期), 晚了, 拖了, 欠了, 没还 … →
    ``overdue_days``; 失业, 工作, 住院, 坐牢, 判, 征信, 保留, 宽限, 办卡, 用了 … → not emitted.
    A duration with no cue at all is ``overdue_days`` only when no duration in the message has an
    explicit overdue cue.
  * Not durations: 每月/每个月, 月薪, and 「一个月」 followed by income/budget/expense words, an amount
    or 多少 (「一个月工资五千」, 「一个月能还2000」, 「利息一个月多少」), which mean "per month"; 「一天」
    before 打/发/催/几 (「一天打几十个电话」); idioms (三天两头, 有一天, 一天到晚); month names (三月份, 4月23日);
    a bare N月 or N日 without 个 counts only next to an overdue cue (「逾期3月」, not 「3月开始逾期」).
  * 没逾期 / 还没逾期 / 未逾期 → ``overdue_days`` 0 (but not 「没逾期几天」).
Periods
  * N期 → ``installments`` N (not 第N期).
"""
from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from typing import Any

import cn2an

from bot.finance.schedules import bank_names
from bot.nlu.normalize import normalize
from bot.privacy import find_pii_spans

__all__ = [
    "AMOUNT_ENTITIES",
    "ENTITY_NAMES",
    "bank_aliases",
    "extract_entities",
    "warm_up",
    "parse_amount",
    "parse_bank",
    "parse_days",
    "parse_periods",
]


AMOUNT_ENTITIES = ("debt_amount", "monthly_income", "monthly_expenses", "monthly_budget", "amount")
ENTITY_NAMES = ("bank", *AMOUNT_ENTITIES, "overdue_days", "overdue_days_more_than", "installments")

_ROLE_ENTITY = {
    "debt": "debt_amount",
    "income": "monthly_income",
    "expenses": "monthly_expenses",
    "budget": "monthly_budget",
}

# --------------------------------------------------------------------------------------------
# normalisation: one character for one character, so offsets stay valid
# --------------------------------------------------------------------------------------------

_FOLD = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},  # ０-９
        **{chr(0xFF21 + i): chr(0x61 + i) for i in range(26)},  # Ａ-Ｚ
        **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)},  # ａ-ｚ
        **{chr(0x41 + i): chr(0x61 + i) for i in range(26)},  # A-Z
        "．": ".", "％": "%", "～": "~", "－": "-", "＋": "+", "：": ":", "／": "/",
        "　": " ", "＄": "$", "￥": "¥",
        # traditional forms seen in numerals and key words
        "萬": "万", "億": "亿", "兩": "两", "貳": "贰", "參": "叁", "陸": "陆", "個": "个", "號": "号",
        "週": "周", "還": "还", "銀": "银", "資": "资", "額": "额", "費": "费", "開": "开", "銷": "销",
        "貸": "贷", "帳": "账", "帐": "账", "歲": "岁", "張": "张", "際": "际", "塊": "块",
        "〇": "零", "農": "农", "業": "业", "設": "设", "國": "国", "華": "华", "發": "发", "興": "兴",
        "廣": "广", "儲": "储", "郵": "邮", "單": "单", "錢": "钱",
        # spoken numerals (read9, probe W03: 「逾期仨月了」 was not stored): 仨 = 三, 俩 = 两
        "仨": "三", "俩": "两",
    }
)


def _normalise(text: str) -> str:
    folded = text.translate(_FOLD).replace("银航", "银行")
    assert len(folded) == len(text)
    return folded


# --------------------------------------------------------------------------------------------
# banks
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Alias:
    alias: str
    bank: str
    mode: str  # "free": anywhere; "word": on jieba word boundaries; "context": boundaries + cue


@lru_cache(maxsize=1)
def bank_aliases() -> dict[str, str]:
    """Every alias (lower case) → canonical bank name, from the one table of bank names
    (bot/finance/data/banks.yml, read through `bot.finance.schedules.bank_names`)."""
    return {a.alias: a.bank for a in _alias_table()}


@lru_cache(maxsize=1)
def _alias_table() -> tuple[_Alias, ...]:
    table: list[_Alias] = []
    for names in bank_names():
        for alias in (names.bank, *names.aliases):
            alias = _normalise(normalize(str(alias)).lower())
            # names with 银行, Latin names and long app names are unambiguous; 招商行 is not (招商行业)
            free = "银行" in alias or alias.isascii() or len(alias) >= 4
            table.append(_Alias(alias, names.bank, "free" if free else "word"))
        for alias in names.context_aliases:
            table.append(_Alias(_normalise(normalize(str(alias)).lower()), names.bank, "context"))
    return tuple(dict((a.alias, a) for a in table).values())


@lru_cache(maxsize=1)
def _alias_regex() -> tuple[re.Pattern[str], dict[str, _Alias]]:
    table = {a.alias: a for a in _alias_table()}
    parts = []
    for alias in sorted(table, key=len, reverse=True):
        escaped = re.escape(alias)
        if alias.isascii():
            parts.append(rf"(?<![a-z]){escaped}(?![a-z])")
        elif alias.endswith("银行"):
            parts.append(rf"{escaped}(?!业|保险)")  # 中国银行业协会, 中国银行保险监督管理委员会
        else:
            parts.append(escaped)
    return re.compile("|".join(parts)), table


# what may follow an alias that is also an everyday word (平安, 民生, 工商 …)
_BANK_CONTEXT_RE = re.compile(
    r"\s?(?:的)?(?:卡|信用卡|银行|欠|逾期|逾其|账单|额度|分期|催收|还款|客服|那张|这张|那边|各|也|都|"
    r"打电话|协商|起诉|app)"
)
_FIGURE_AFTER_RE = re.compile(r"\s?(?:\d|[一二两三四五六七八九十]+[万千])")
_BANK_REPLY_FILLER_RE = re.compile(r"[\s。.!！?？,，、和跟与及还有的吧啊呀是我都就银行家]*")
# what jieba may glue to the end of a short alias ("广发卡" is one token)
_TOKEN_TAIL_OK = ("卡", "信用卡", "的", "欠", "银行")
_TOKEN_HEAD_OK = frozenset("在和跟与及是欠的、")

_NLP = None
_NLP_LOCK = threading.Lock()


def _nlp() -> Any:
    """Blank spaCy ``zh`` pipeline with the jieba segmenter, built once (no model download)."""
    global _NLP
    if _NLP is None:
        with _NLP_LOCK:
            if _NLP is None:
                import spacy

                _NLP = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    return _NLP


def warm_up() -> None:
    """Build the cached spaCy pipeline and alias table now rather than on the first message."""
    _alias_regex()
    _tokens("招行")


def _tokens(norm: str) -> list[tuple[int, int] | None]:
    """For each character of `norm`, the (start, end) of the jieba word that holds it."""
    covering: list[tuple[int, int] | None] = [None] * len(norm)
    for tok in _nlp().make_doc(norm):
        span = (tok.idx, tok.idx + len(tok.text))
        for i in range(*span):
            covering[i] = span
    return covering


def _on_word_boundaries(norm: str, start: int, end: int, covering: list[tuple[int, int] | None]) -> bool:
    first, last = covering[start], covering[end - 1]
    if first is None or last is None:
        return False
    starts_ok = first[0] == start or norm[first[0] : start] in _TOKEN_HEAD_OK
    ends_ok = last[1] == end or norm[end : last[1]] in _TOKEN_TAIL_OK
    return starts_ok and ends_ok


def _find_banks(norm: str) -> list[tuple[int, int, str]]:
    regex, table = _alias_regex()
    candidates = [(m.start(), m.end(), table[m.group()]) for m in regex.finditer(norm)]
    if not candidates:
        return []
    tokens: list[tuple[int, int] | None] | None = None
    kept: list[tuple[int, int, _Alias]] = []
    for start, end, alias in candidates:
        if alias.mode != "free":
            tokens = tokens if tokens is not None else _tokens(norm)
            if not _on_word_boundaries(norm, start, end, tokens):
                continue
        kept.append((start, end, alias))
    # context aliases need a card/debt word after them, an accepted bank right next to them, or a
    # message that holds nothing but bank names (the reply to 「哪家银行？」)
    pieces, pos = [], 0
    for start, end, _ in kept:
        pieces.append(norm[pos:start])
        pos = end
    pieces.append(norm[pos:])
    only_banks = _BANK_REPLY_FILLER_RE.fullmatch("".join(pieces)) is not None
    ok = [
        only_banks or alias.mode != "context" or _BANK_CONTEXT_RE.match(norm, end) is not None
        for _, end, alias in kept
    ]
    # a chain such as 「光大、华夏和平安都欠了」 is accepted from its anchored end, in either direction
    for idx in range(1, len(kept)):
        if not ok[idx] and ok[idx - 1] and 0 <= kept[idx][0] - kept[idx - 1][1] <= 2:
            ok[idx] = True
    for idx in range(len(kept) - 2, -1, -1):
        if not ok[idx] and ok[idx + 1] and 0 <= kept[idx + 1][0] - kept[idx][1] <= 2:
            ok[idx] = True
    # 「招行2万 平安1.5万 中信3万」: in a list of banks with figures, 平安 with its figure is a bank too
    if any(ok):
        for idx, (_, end, alias) in enumerate(kept):
            if not ok[idx] and alias.mode == "context" and _FIGURE_AFTER_RE.match(norm, end):
                ok[idx] = True
    accepted: list[tuple[int, int, str]] = []
    for (start, end, alias), keep in zip(kept, ok, strict=True):
        if not keep:
            continue
        if accepted and accepted[-1][2] == alias.bank and start - accepted[-1][1] <= 3:
            continue  # 「交行买单吧」: one bank named twice in a row
        accepted.append((start, end, alias.bank))
    return accepted


# --------------------------------------------------------------------------------------------
# numerals
# --------------------------------------------------------------------------------------------

_CN_DIGITS = "零一二两三四五六七八九壹贰叁肆伍陆柒捌玖"
_CN_ALL = _CN_DIGITS + "十拾百佰千仟万亿"
_ARABIC = r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?"
_NUMERAL_RE = re.compile(
    rf"(?<![\d.])(?:{_ARABIC}|[{_CN_DIGITS}十拾])"
    rf"(?:{_ARABIC}|[{_CN_ALL}]|(?<=[{_CN_DIGITS}])点(?=[{_CN_DIGITS}])|(?<=[\d{_CN_ALL}])[kw](?![a-z]))*"
)
_MAGNITUDE_RE = re.compile("[百佰千仟万亿kw]")
_RANGE_PAIRS = {"一两", "两三", "二三", "三四", "三五", "四五", "五六", "六七", "七八", "八九"}
_CN_DIGIT_VALUE = {c: str(i) for i, c in enumerate("零一二三四五六七八九")} | {"两": "2"} | {
    c: str(i + 1) for i, c in enumerate("壹贰叁肆伍陆柒捌玖")
}
_MAG_VALUE = {"百": 100, "佰": 100, "千": 1000, "仟": 1000, "万": 10_000, "亿": 100_000_000}
_ARABIC_MAG_RE = re.compile(r"(\d+(?:\.\d+)?)([百佰千仟万亿]*)")


def _numeral_value(raw: str) -> Decimal | None:
    """Value of one numeral as written: 两万五 → 25000, 3.5w → 35000, 2,000 → 2000, 两三千 → 2000.

    Exact: decimals are read as Decimal (一点一三万 → 11300, never 11299.999999999998)."""
    if len(raw) > 24:  # no figure in this domain is that long (and cn2an is slow on such input)
        return None
    s = raw.replace(",", "").replace("k", "千").replace("w", "万")
    if len(s) >= 2 and s[:2] in _RANGE_PAIRS and (len(s) == 2 or s[2] in "十百千万"):
        s = s[0] + s[2:]  # 两三千, 三四(个月): the lower bound
    arabic = _ARABIC_MAG_RE.fullmatch(s)
    if arabic:  # 3.5万, 1.13万, 2.5k: cn2an would go through float
        value = Decimal(arabic.group(1))
        for mag in arabic.group(2):
            value *= _MAG_VALUE[mag]
        return value
    if "点" in s:  # 一点五万: cn2an does not read a Chinese decimal point followed by a unit
        match = re.fullmatch(rf"([{_CN_ALL}]+)点([{_CN_DIGITS}]+)([百千万亿]?)", s)
        if not match:
            return None
        whole = _numeral_value(match.group(1))
        if whole is None:
            return None
        frac = "".join(_CN_DIGIT_VALUE.get(c, "") for c in match.group(2))
        value = Decimal(f"{int(whole)}.{frac}")
        return value * _MAG_VALUE.get(match.group(3), 1)
    try:
        value = cn2an.cn2an(s, "smart")
        return Decimal(str(value))
    except (ValueError, KeyError, IndexError, TypeError, OverflowError):
        return None


# --------------------------------------------------------------------------------------------
# spans that hold no figure: dates, times, rates, idioms, personal numbers
# --------------------------------------------------------------------------------------------

_CN_NUM = f"[{_CN_ALL}]"
_BLOCKED_RES = [
    re.compile(r"(?:19|20)\d{2}\s?[-/.年]\s?\d{1,2}(?:\s?[-/.月]\s?\d{1,2}\s?[日号]?)?"),
    re.compile(r"(?:19|20)\d{2}年|[一二][零一二三四五六七八九]{3}年"),
    re.compile(rf"(?:\d{{1,2}}|{_CN_NUM}{{1,3}})月(?:\d{{1,2}}|{_CN_NUM}{{1,3}})[日号]"),
    re.compile(rf"(?:\d{{1,2}}|{_CN_NUM}{{1,3}})月份|(?:\d{{1,2}}|{_CN_NUM}{{1,3}})月(?:初|底|末|中旬|上旬|下旬|中)"),
    re.compile(r"(?<![\d.])\d{1,2}/\d{1,2}(?![\d/])"),
    re.compile(r"(?<!\d)\d{1,2}:\d{2}(?::\d{2})?"),
    re.compile(rf"(?:百|千|万)分之(?:{_ARABIC}|{_CN_NUM}+)"),
    re.compile(rf"(?<![\d.,{_CN_ALL}])(?:{_ARABIC}|{_CN_NUM}+)\s?[%‰]"),
    re.compile(r"(?<!\d)0\d{2,3}-\d{7,8}(?!\d)|(?<!\d)[48]00-?\d{3}-?\d{4}(?!\d)"),
    re.compile(r"\*+[0-9x]{1,4}"),  # masked by bot.privacy
    # 「收入掉了一半多」: a share, never the figure 1 (a monthly income of 1 元 was stored from it)
    re.compile(r"一(?:大|多)?半(?![个年月天])"),
]
# words that contain numeral characters but no figure; a numeral running into one is cut before it
# (「两万一直没还」 is 两万), a numeral starting inside one is no figure
_IDIOM_RE = re.compile(
    r"三天两头|三天打鱼|一天到晚|一年到头|一年半载|一天天|一年年|(?<!逾期)(?<!逾期了)有一天|那一天|这一天|某一天|"
    r"每一天|(?<![一二两三四五六七八九十\d])千万|(?<![一二两三四五六七八九十百千\d])万一|一五一十|十万火急|"
    r"一干二净|三番五次|一清二楚|一分钱|一分都|一分也|一点点|一点儿|一下|一直|一起|一定|一样|一般|一些|一切|一共|"
    r"统一|唯一|第[一二三四五六七八九十\d]+|一次性|一口气|一旦|一边|一方面|一部分|一时|一阵|一句|一声|一眼|"
    # a 一 before a measure-like noun is a quantity in words, never the figure 1 (persona trial s8 M4 #15: 「欠了一屁股债」
    # became a total of 1 元 and a letter 「欠款约人民币1.00元」 to a bank suing for 62,000)
    r"一(?:大|小|整)?(?:屁股|堆|笔|身|把|摊|箩筐|麻袋|坨|沓|摞|窝|屋子|脑门|肚子|辈子|家子|大家子|裤兜|兜子|揽子|滩)"
)


class _Blocked:
    """Characters that hold no figure, as a mask: overlap tests cost the span's length only."""

    def __init__(self, length: int, spans: Iterable[tuple[int, int]]) -> None:
        self._mask = bytearray(length)
        for start, end in spans:
            self._mask[start:end] = b"\x01" * (end - start)

    def overlaps(self, start: int, end: int) -> bool:
        return any(self._mask[start:end])


def _blocked(norm: str, text: str, banks: list[tuple[int, int, str]]) -> _Blocked:
    spans = [(s.start, s.end) for s in find_pii_spans(text)]
    spans.extend((s, e) for s, e, _ in banks)
    for regex in _BLOCKED_RES:
        spans.extend((m.start(), m.end()) for m in regex.finditer(norm))
    return _Blocked(len(norm), spans)


# --------------------------------------------------------------------------------------------
# mentions: a numeral with what follows it
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Mention:
    kind: str  # money | bare | duration | period
    start: int
    end: int
    value: Decimal  # 元 for money/bare, count for period, see unit for durations
    unit: str = ""  # durations: day | week | month | year | month_bare | day_bare
    magnitude: bool = False  # 百/千/万/k/w or a currency word
    more_than: bool = False  # 超过3天, 3天以上: a lower bound, not the figure
    per_month: bool = False  # 「一个月」 meaning "a month" as in income per month


_APPROX_RE = re.compile(r"[多余来几]")
_DURATION_RE = re.compile(
    r"(?P<u>个半月|个多月|个来月|多个月|个月|个星期|个礼拜|个周|多星期|星期|礼拜|周(?![岁年末一二三四五六日])|多天|天|日|年半|年多|多年|年|月)"
)
_PERIOD_RE = re.compile(r"期")
_MONEY_RE = re.compile(r"\s?(?:块钱|块|元|圆|rmb|cny|人民币|大洋|软妹币)")
# 「二等座」「一等奖」: a class, no figure (persona trial s8 M4 #6: 「二等座也不行吗」 after 「看孩子」 stored expenses of 2 元)
_COUNT_RE = re.compile(r"(?:小时|分钟|秒钟|周岁|公里|公斤|年级|年代|等座|等舱|等奖|等功|等品|[张个家次岁人口笔倍点号楼位条部台斤米级成折遍趟套辆间顿通])")
_MONEY_PREFIX_RE = re.compile(r"(?:¥|\$|rmb|cny)\s?$")
_HALF_RE = re.compile(r"(?<![个\d一二两三四五六七八九十上下前后])(?:大)?半(?:个)?(?:多)?(?P<u>月|年)")
_STAGE_RE = re.compile(r"(?<![a-z0-9])m([1-9])(?![0-9a-z])")
# 「还了是不是就不算逾期了」 asks; it never says 0 days (a person 60 days late was told today was the due date)
_NOT_OVERDUE_RE = re.compile(r"(?:还)?(?:没有|没|未|并未|还未)(?:逾期|逾其)(?!几|多久|多少|很久|太久|多长|过|的话)")
# 「晚5天会怎样」「我问的是晚5天」: paying that long after the due date, a what-if (never the days lived: persona trial s9 N4 #7
# stored 逾期5天); 「晚了5天」「已经晚5天了」 are the days themselves. The count follows 晚 (group ``n``, ``unit``).
LATE_BY_RE = re.compile(
    r"(?<!已经)(?<!已)(?<!都)晚(?:个)?\s?(?P<n>\d{1,3}|[一二两三四五六七八九十]{1,3})\s?(?P<unit>天|日|周|个星期|星期|个礼拜|礼拜|个月)"
    r"(?!了|啦|多了)")
# 「先还400 再想办法凑200」「先还400 过两天再还200」「分两次还」: the statement's minimum paid in parts (persona trial s10
# P4 #15–#17), read by the case update (no new fact) and by the what-if (the answer); one pattern for both
SPLIT_PARTS_RE = re.compile(
    r"先还[^。？?！!]{0,16}?(?:再|然后|之后|后面|剩下|过(?:两|几|[0-9一二三四五六七])天)"
    r"|分(?:两|二|2|三|3|几)次(?:还|交|付|存)")
# 「还有3天到期」「还有3天才到期」「3天后到还款日」「广发的下周才到期」「还款日还没到」: a card not yet due, 0 days overdue; the
# count before 到期 is the time left until the due date, never days late (persona trial s9 N4 #3: 逾期3天; N5 #12)
_NOT_DUE_YET_RE = re.compile(
    r"(?:(?:还有|还剩|只有|离还款日还有|距离?还款日还有|离到期还有)?\s?(?<![月\d])(?:\d{1,2}|[一二两三四五六七八九十]{1,3})\s?天(?:以后|之后|后)?"
    r"(?:就|才)?(?:到期|到还款日|到最后还款日|是还款日)"
    r"|(?:还有|还剩)\s?(?:\d{1,2}|[一二两三四五六七八九十]{1,3})\s?天(?:就|才)(?:算)?逾期"
    r"|(?:下(?:个)?(?:周|星期|礼拜)|下(?:个)?月|明天|后天|过几天|这周|本周)(?:才|就)?(?:到期|到还款日|是还款日)"
    r"|(?:还款日|到期日)(?:是|在)?(?:下(?:个)?(?:周|星期|礼拜)|明天|后天)"
    r"|(?:还款日|到期日)(?:还)?(?:没到|没有到|未到)|(?:还)?(?:没|没有|未)到(?:最后)?(?:还款日|还款期|期)"
    # 「未到期的分期」「下个月到期的那期」: a part of the debt named, no card said to be not yet due
    r")(?![的那])")

_OVERDUE_BARE_LEFT_RE = re.compile(
    r"(?:逾期|逾其|拖了|拖欠|晚了|超期|过期)(?:了|已经|已|都|快|有|大概|差不多|将近|超过|的)*\s?$"
)
_OVERDUE_BARE_RIGHT_RE = re.compile(r"(?:\s|$|[了啦吧啊呢呀,，。.!！?？;；、]|多|左右)")
# 「超过3天」 is more than 3 days: a user 5 days overdue must never be told she is within the grace days
_MORE_THAN_LEFT_RE = re.compile(r"(?:超过|超出|多于|大于|不止|不只|过了)(?:了)?\s?$")
_MORE_THAN_RIGHT_RE = re.compile(r"(?:以上|出头|还多|都不止|不止|\+)")
_UNIT_DAYS = {"day": 1, "day_bare": 1, "week": 7, "month": 30, "month_bare": 30, "year": 365}
_HALF = Decimal("0.5")
_MAX_FIGURE = Decimal(100_000_000)


def _scan(norm: str, blocked: _Blocked) -> list[_Mention]:
    mentions: list[_Mention | None] = []
    idiom_chars, idiom_starts = bytearray(len(norm)), bytearray(len(norm))
    for i in _IDIOM_RE.finditer(norm):
        idiom_chars[i.start() : i.end()] = b"\x01" * (i.end() - i.start())
        idiom_starts[i.start()] = 1
    for m in _NUMERAL_RE.finditer(norm):
        start, end = m.start(), m.end()
        if blocked.overlaps(start, end) or idiom_chars[start]:
            continue
        end = next((i for i in range(start + 1, end) if idiom_starts[i]), end)
        raw = norm[start:end]
        before = norm[max(0, start - 3) : start]
        if before.endswith(("第", "每", "分之", "几")) or _glued_to_a_word(norm, start):
            continue
        value = _numeral_value(raw)
        if value is None:
            continue
        magnitude = bool(_MAGNITUDE_RE.search(raw)) or bool(_MONEY_PREFIX_RE.search(before))
        pos = end
        approx = _APPROX_RE.match(norm, pos)
        if approx and approx.group() == "几" and not _MAGNITUDE_RE.search(raw[-1:]) and raw[-1] not in "十拾":
            continue  # 三几: not a figure
        if approx:
            pos = approx.end()
            # 二十多万, 20来万: the approximate part sits before the magnitude
            if pos < len(norm) and norm[pos] in "百千万kw" and not _MAGNITUDE_RE.search(raw):
                value *= {"百": 100, "千": 1000, "k": 1000, "万": 10_000, "w": 10_000}[norm[pos]]
                magnitude = True
                pos += 1
        mention = _classify(norm, start, pos, value, magnitude)
        if mention is not None and mention.kind == "bare" and not magnitude and value % 1 == 0 and value <= 1000:
            # 「逾期45了」, 「欠3万逾期60」: a bare number right after an overdue cue counts days
            if _OVERDUE_BARE_LEFT_RE.search(norm[max(0, start - 10) : start]) and _OVERDUE_BARE_RIGHT_RE.match(
                norm, mention.end
            ):
                mention = _Mention("duration", start, mention.end, value, "day")
        if mention is not None and mention.kind == "duration" and (
            _MORE_THAN_LEFT_RE.search(norm[max(0, start - 6) : start])
            or _MORE_THAN_RIGHT_RE.match(norm, mention.end)
        ):
            mention = replace(mention, more_than=True)
        mentions.append(mention)
    # 半年, 半个月, 大半年 (no numeral)
    for m in _HALF_RE.finditer(norm):
        if not blocked.overlaps(m.start(), m.end()):
            unit = "year" if m.group("u") == "年" else "month"
            mentions.append(_Mention("duration", m.start(), m.end(), _HALF, unit))
    return _merge_ranges(norm, sorted((x for x in mentions if x is not None), key=lambda x: x.start))


def _glued_to_a_word(norm: str, start: int) -> bool:
    """A number right after Latin letters (m3, v2, iphone13) is part of a word, unless the letters
    are a currency (rmb5000) or a bank (cmb8k)."""
    letters = re.search(r"[a-z]+$", norm[max(0, start - 10) : start])
    if letters is None:
        return False
    return letters.group() not in ("rmb", "cny") and letters.group() not in bank_aliases()


def _classify(norm: str, start: int, pos: int, value: Decimal, magnitude: bool) -> _Mention | None:
    if (money := _MONEY_RE.match(norm, pos)) is not None:
        return _Mention("money", start, money.end(), value, magnitude=True)
    if (dur := _DURATION_RE.match(norm, pos)) is not None:
        u = dur.group("u")
        end = dur.end()
        if u in ("个半月", "年半"):
            value += _HALF
        if u == "年" and value >= 1900:
            return None  # a calendar year
        if u == "年" and norm.startswith(("级", "代", "龄"), end):
            return None
        unit = {
            "天": "day", "多天": "day", "日": "day_bare", "月": "month_bare", "年": "year", "年半": "year",
            "年多": "year", "多年": "year",
        }.get(u, "week" if ("星期" in u or "礼拜" in u or "周" in u) else "month")
        return _Mention("duration", start, end, value, unit)
    if _PERIOD_RE.match(norm, pos):
        return _Mention("period", start, pos + 1, value)
    if _COUNT_RE.match(norm, pos) or norm.startswith(("%", "‰"), pos):
        return None
    return _Mention("bare", start, pos, value, magnitude=magnitude)


def _merge_ranges(norm: str, mentions: list[_Mention]) -> list[_Mention]:
    """3-5万 → one money mention of 30000; 两到三个月 → one duration of 2 months (lower bounds)."""
    out: list[_Mention] = []
    for mention in mentions:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind == "bare"
            and norm[prev.end : mention.start] in ("-", "~", "到", "至", "—", "或")
            and prev.value < mention.value
        ):
            lower = prev.value
            if mention.kind in ("money", "bare"):
                numeral = _NUMERAL_RE.match(norm, mention.start)
                tail = numeral.group()[-1] if numeral else ""
                scale = {"万": 10_000, "w": 10_000, "千": 1000, "k": 1000, "百": 100}.get(tail, 1)
                if lower * scale <= mention.value:
                    lower *= scale
            out[-1] = replace(mention, start=prev.start, value=lower)
            continue
        out.append(mention)
    return out


# --------------------------------------------------------------------------------------------
# roles
# --------------------------------------------------------------------------------------------

_ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "debt": (
        "欠款", "欠了", "欠下", "欠", "账单", "透支", "本金", "额度用了", "刷了", "刷爆了", "用了", "负债", "债务",
        "欠债", "套现", "待还", "未还", "应还", "还欠", "本息", "借了", "逾期", "逾其", "卡债", "总额", "欠费",
    ),
    "income": (
        "月薪", "工资", "月入", "收入", "挣", "赚", "薪水", "薪资", "到手", "底薪", "退休金", "养老金", "兼职",
        "低保", "月收入", "年薪", "跑单", "跑外卖", "送外卖", "跑滴滴", "开滴滴", "接单",
    ),
    "budget": (
        "能还", "可以还", "拿出", "拿得出", "最多还", "每月还", "每个月还", "月还", "还得起", "还得上", "只能还",
        "最多能", "承受", "预算", "每期还", "还款能力", "能拿", "拿的出", "掏得出", "能出", "凑出", "凑", "负担", "能给", "打算还",
        "愿意还", "想还", "每个月最多", "每月最多", "一个月最多",
        # 「一个月最多拿2千出来」 (persona trial s7 K1 #6: the 2千 was added to the expenses as an item)
        "最多拿", "顶多拿",
        # 「顶多两千」「至多两千」, 「扣完一个月最多剩800」「每月剩800」: the most there is, what is left each month (H3, G2)
        "顶多", "至多", "最多剩", "顶多剩", "月剩", "能剩", "扣完剩", "扣掉剩", "结余",
    ),
    "expenses": (
        "房租", "租房", "租金", "生活费", "开销", "开支", "支出", "花销", "花费", "每月花", "每个月花", "一个月花",
        "吃饭", "伙食", "水电", "话费", "交通费", "学费", "医药费", "药费", "看病", "赡养", "养老人", "养孩子",
        "孩子", "奶粉", "房贷", "车贷", "月供", "必要开支", "固定开支", "日常", "物业", "生活",
        "寄", "给家里", "养家",  # 「还要给家里寄500」: money sent home each month (it was taken as an income of 500)
        # money given to a parent each month is an expense (read9, probe W01: 「还有给我妈八百」 was dropped)
        "给我妈", "给我爸", "给爸妈", "给父母", "给老人", "给我妈妈", "给我爸爸", "孝敬",
    ),
    # figures that fill no slot: the amount is dropped (see module docstring)
    "other": (
        "利息", "罚息", "违约金", "滞纳金", "手续费", "年费", "最低", "最低还款", "最低还款额", "额度", "限额",
        "还了", "已还", "已经还了", "还过", "退了", "每期", "违约", "罚款", "费用", "年化", "利率", "日息",
        "月息", "押金", "首付", "提额", "临额", "固额", "存款", "存了", "余额", "工资卡", "花呗", "借呗", "白条",
        "差了", "只差", "少还", "最高",
    ),
}
_ROLE_LOOKUP: list[tuple[str, str]] = sorted(
    ((word, role) for role, words in _ROLE_WORDS.items() for word in words), key=lambda x: -len(x[0])
)
_TOTAL_RE = re.compile(r"总|一共|总共|合计|加起来|加一起|所有|全部")
_SENTENCE_END = "。！？!?；;\n"
_CONNECTOR_RE = re.compile(r"[\s,，、和跟与及还有另外以及那这张的卡信用卡各分别也又再欠在:：]*")
_HOTLINE_RE = re.compile(r"(?:95|96)\d{3}|123\d{2}|110|120|119|122|10086|10010|10000")
_BANK_GAP_RE = re.compile(r"[\s的]*(?:那张|这张|那边|这边|信用卡|卡)?上?[\s的]*(?:是|有|还有|大概|差不多|大约)?\s*")
_DIAL_RE = re.compile(r"(?:打|拨|拨打|电话|热线|致电|投诉到|联系)\s?$")

_OVERDUE_CUES = (
    "逾期", "逾其", "预期", "愈期", "逾欺", "晚了", "晚还", "拖了", "拖欠", "超期", "过了还款日", "超过还款日",
    "还款日过了", "欠了", "停还", "断还", "断供", "没还", "超了", "过期",
)
_OVERDUE_RIGHT = ("没还", "没有还", "未还", "没交", "没钱还", "都没还", "了没还", "还没还", "没有还款", "没还款")
_INSTALMENT_LEFT = ("分", "分成", "分个", "分摊", "分期", "期数", "分为", "期数是", "分期成")
_INSTALMENT_RIGHT = ("还清", "还完", "内还", "来还", "慢慢还", "分期还", "分期", "还款期")
_NOT_OVERDUE_CUES = (
    "失业", "工作", "上班", "打工", "住院", "生病", "病了", "坐牢", "判", "刑", "拘留", "关", "征信", "保留", "记录",
    "时效", "宽限", "容时", "容差", "办卡", "用卡", "用了", "离职", "创业", "做生意", "结婚", "怀孕", "出生",
    "影响", "消除", "上岸", "利息", "罚息", "年化", "利率", "休息", "歇了", "养伤", "养病", "躺了", "摔",
    # 「我这个月工资是最后一个月了」: the last month of wages, never 30 days overdue (trial s7 K5 #2)
    "工资", "薪水", "最后",
)
_NOT_OVERDUE_RIGHT = ("前", "以前", "之前", "的宽限", "宽限", "征信", "工作", "刑", "徒刑", "的工作", "的征信")


def _left_context(norm: str, start: int, floor: int, width: int = 12) -> str:
    """Up to `width` characters before `start`, not before `floor` nor before the sentence's start."""
    ctx = norm[max(floor, start - width) : start]
    cut = max(ctx.rfind(ch) for ch in _SENTENCE_END)
    return ctx[cut + 1 :] if cut >= 0 else ctx


def _nearest_role(ctx: str) -> str | None:
    """Role of the role word ending closest to the end of `ctx` (longest first on a tie)."""
    best: tuple[int, int, str] | None = None
    for word, role in _ROLE_LOOKUP:
        idx = ctx.rfind(word)
        if idx < 0:
            continue
        key = (idx + len(word), len(word), role)
        if best is None or key[:2] > best[:2]:
            best = key
    return best[2] if best else None


# 「四万七要还多久」「两万多久能还完」: a sum asked how long it takes to repay is the debt (persona trial G4 #12)
_HOW_LONG_AFTER_RE = re.compile(
    r"^\s?(?:块钱|块|元)?(?:的话)?(?:我|他|她)?(?:要|得|需要|能|可以)?(?:还|还完|还清)?(?:多久|多长时间|几年|多少年|几个月|多少个月)")
# 「本金4万8加利息违约金一共6万2」: right after a debt figure, the principal with its interest and fees is the debt owed now
_WITH_FEES_TOTAL_RE = re.compile(
    r"[\s的]*(?:再)?(?:加上?|和|连同?|外加|另加|算上)(?:[\s的、和及跟与还有上]*(?:利息|罚息|复利|违约金|滞纳金|手续费|年费|费用|"
    r"各种费用|其他费用|别的费用))+[\s的]*(?:一共|总共|合计|共计|总计|加起来|共|总额|总的)(?:是|有|为|要|欠|起诉)?\s?")
# 「交了3800服务费」: a fee paid to someone (an agency) is never a card's debt (persona trial J4 #7)
_FEE_AFTER_RE = re.compile(r"(?:块钱|块|元)?(?:的)?(?:服务费|中介费|代理费|咨询费|会员费|押金|定金|好处费|律师费|手续费)")


_MOST_AFTER_RE = re.compile(r"^\s?(?:块钱|块|元)?(?:就|也)?(?:是|算)?(?:最多|顶多|至多|封顶|最高)(?:了|啦|啊|吧)?(?=$|[\s，,。！!；;]|别|不)")


def _right_role(norm: str, end: int, limit: int) -> str | None:
    tail = norm[end:limit]
    # 「三千五是我收入」「2000算我能还的」: the role word after 是/算 (「是」 alone names no role)
    if _HOW_LONG_AFTER_RE.match(tail):
        return "debt"  # 「四万七要还多久」: the sum to be repaid, asked how long it takes (never a monthly budget)
    # 「5500是我现在的工资」: a time word between 是我 and the role word (persona trial I1 #3)
    # 「一千二是最多」「一千二是俺每月最多能拿的钱」 (persona trial s7 L1 #10–#11: both became 建行's debt): the most the person
    # can pay, a budget
    if _MOST_AFTER_RE.match(tail):
        return "budget"
    tail = re.sub(r"^[\s的]{0,2}(?:是|算|为)?(?:我的?|我们的?|俺的?|俺们的?)?(?:现在|目前|如今|眼下|这个月)?(?:的)?", "", tail)[:6]
    for word, role in _ROLE_LOOKUP:
        if tail.startswith(word) and role != "other":
            return role
    return None


def _nearest_cue(ctx: str, cues: dict[str, tuple[str, ...]]) -> str | None:
    best: tuple[int, int, str] | None = None
    for kind, words in cues.items():
        for word in words:
            idx = ctx.rfind(word)
            if idx < 0:
                continue
            if kind == "instalment" and idx + len(word) < len(ctx.rstrip()) - 1:
                continue  # 分 must be right before the number
            key = (idx + len(word), len(word), kind)
            if best is None or key[:2] > best[:2]:
                best = key
    return best[2] if best else None


# --------------------------------------------------------------------------------------------
# public API
# --------------------------------------------------------------------------------------------


def decimal_text(value: Decimal) -> str:
    """A figure as a plain decimal string: 25000 → '25000', 1.5 → '1.5' (never an exponent)."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def extract_entities(text: str) -> list[dict[str, Any]]:
    """Entities in `text`, in text order: ``{"entity", "value", "start", "end", "text"}``.

    The text is normalised first (`bot.nlu.normalize.normalize`); ``start``/``end`` are character
    offsets in the normalised text and ``text`` is that text's slice (the pipeline normalises the
    message before extraction, so there they are offsets in the message). Values are normalised:
    bank → canonical full name; amounts, days and periods → exact decimal strings (「一点一三万」 →
    "11300"). ``overdue_days_more_than`` is a lower bound (「超过3天」 → "3"), never the days themselves.
    See the module docstring for the rules.
    """
    if not text or not text.strip():
        return []
    text = normalize(text)
    norm = _normalise(text)
    found: list[tuple[int, int, str, Any]] = []
    banks = _find_banks(norm)
    found.extend((s, e, "bank", bank) for s, e, bank in banks)
    blocked = _blocked(norm, text, banks)
    mentions = _mark_per_month(norm, _scan(norm, blocked))
    found.extend(_amount_entities(norm, mentions, banks))
    found.extend(_duration_entities(norm, mentions, blocked, banks))
    found.sort(key=lambda f: (f[0], f[1]))
    return [
        {"entity": name, "value": value if name == "bank" else decimal_text(value), "start": start, "end": end,
         "text": text[start:end]}
        for start, end, name, value in found
    ]


_FREQUENCY_RE = re.compile(r"(?:都|就|要)?(?:打|发|来|催|轰炸|几|好几|十几|几十)")
# 「一个月多少」「一个月要还多少」「一个月得交多少」: per month asked, never 30 days overdue
_PER_PERIOD_QUESTION_RE = re.compile(r"(?:大概|大约|要|得|会|能)?(?:还|交|付|花|挣|赚|收|扣)?(?:多少|几)")
_FILLER_RE = re.compile(r"[\s的就才只大概差不多大约能够也有]*")
# 「一个月也就跑个三千多」: a month's earnings, never 30 days overdue (a summary said 「逾期30天」 from it)
_EARN_GAP_RE = re.compile(r"[\s的就才只大概差不多大约能够也有]*(?:跑|挣|赚|拿|收|到手|进账|发|开|干|给(?:我|俺)(?:寄|打|转)?)个?"
                          r"[\s的就才只大概差不多大约能够也有]*")
# 「房租吃饭扣完一个月最多剩800」「一个月顶多还两千」: a bound or what is left each month before the figure, never 30 days
# overdue (persona trial H3: 「已改：逾期天数 180天 → 30天」)
_BOUND_GAP_RE = re.compile(r"[\s的就才只大概差不多大约也有]*(?:最多|顶多|至多|最少|至少|还能|能|可以)?[\s的就才只]*"
                           r"(?:剩下?|结余|余下?|攒|省|还|拿出|拿得出|拿的出|掏得出|凑得出|挤得出|凑|拿)?(?:个|了|来)?"
                           r"[\s的就才只大概差不多大约]*")


def _mark_per_month(norm: str, mentions: list[_Mention]) -> list[_Mention]:
    """「一个月工资五千」, 「一天打几十个电话」: "per month", "a day" there, and no duration."""
    out = []
    for idx, m in enumerate(mentions):
        if m.kind == "duration" and m.value == 1 and _FREQUENCY_RE.match(norm, m.end):
            ctx = _left_context(norm, m.start, 0, width=6)
            if _nearest_cue(ctx, {"overdue": _OVERDUE_CUES}) is None:
                out.append(replace(m, per_month=True))
                continue
        if m.kind == "duration" and m.unit in ("month", "month_bare") and m.value == 1:
            nxt = mentions[idx + 1] if idx + 1 < len(mentions) else None
            raw_after = norm[m.end : m.end + 8]
            after = re.sub(r"^[\s的就才只大概差不多大约能够也有]{0,4}(?:最多|顶多|至多)?", "", raw_after)
            # the role word may itself start with a filler character (一个月能还2000: 能还 is the role)
            role = next((r for w, r in _ROLE_LOOKUP if after.startswith(w) or raw_after.startswith(w)), None)
            figure_next = (
                nxt is not None
                and nxt.kind in ("money", "bare")
                and (_FILLER_RE.fullmatch(norm[m.end : nxt.start]) is not None
                     or _EARN_GAP_RE.fullmatch(norm[m.end : nxt.start]) is not None
                     or _BOUND_GAP_RE.fullmatch(norm[m.end : nxt.start]) is not None)
            )
            ctx = _left_context(norm, m.start, 0, width=6)
            overdue_before = _nearest_cue(ctx, {"overdue": _OVERDUE_CUES}) is not None
            per_question = _PER_PERIOD_QUESTION_RE.match(norm, m.end) is not None
            if norm[max(0, m.start - 1) : m.start] == "每" or (
                not overdue_before and (role in ("income", "budget", "expenses") or figure_next or per_question)
            ):
                out.append(replace(m, per_month=True))
                continue
        out.append(m)
    return out


def _amount_entities(
    norm: str, mentions: list[_Mention], banks: list[tuple[int, int, str]]
) -> list[tuple[int, int, str, Decimal]]:
    results: list[tuple[int, int, str | None, Decimal, bool]] = []  # start, end, role, value, total
    leads: list[bool] = []  # per result: its role was borrowed from the word after it
    prev_end = 0
    prev_role: str | None = None
    prev_amount_end: int | None = None
    prev_amount_start: int | None = None
    boundaries = [m for m in mentions if not m.per_month]
    bank_ends = {e for _, e, _ in banks}
    bank_chars = bytearray(len(norm))
    for s, e, _ in banks:
        bank_chars[s:e] = b"\x01" * (e - s)
    for idx, m in enumerate(boundaries):
        if m.kind not in ("money", "bare"):
            prev_end = m.end
            continue
        next_start = boundaries[idx + 1].start if idx + 1 < len(boundaries) else len(norm)
        ctx = _left_context(norm, m.start, prev_end)
        role = "other" if _FEE_AFTER_RE.match(norm, m.end) else _nearest_role(ctx)
        if role == "other" and prev_role == "debt" and _WITH_FEES_TOTAL_RE.fullmatch(ctx):
            role = "debt"  # 「本金4万8加利息违约金一共6万2」: what is owed with the fees, never a fee (persona trial s8 M4 #2)
        if _OTHERS_PAY_AFTER_RE.match(norm, m.start):
            role = "other"  # 「开销是两千二 三千是闺女挣的」: someone else's pay fills no slot (persona trial s7 L5 #12)
        elif FAMILY_GIVES_BEFORE_RE.search(norm[max(0, m.start - 16) : m.start]) or FAMILY_GIVES_AFTER_RE.match(norm, m.end) \
                or support_before(norm, m.start):
            # 「家裡每月給我5000」 (trial s7 L2 #5), 「老公一个月给我一千五生活费」 (W06): money the family gives the person is
            # income (support toward it), never an expense
            role = "income"
        borrowed = False  # the role word is the next figure's (「三千 房租一千五」): no item of its own
        if role is None:
            role = _right_role(norm, m.end, next_start)
            borrowed = role is not None
        hotline = _HOTLINE_RE.fullmatch(norm[m.start : m.end]) or _DIAL_RE.search(norm[max(0, m.start - 4) : m.start])
        if role is None and hotline:
            prev_end = m.end
            continue
        if role is None and any(
            e in bank_ends and _BANK_GAP_RE.fullmatch(norm[e : m.start])
            for e in range(max(0, m.start - 8), m.start + 1)
        ):
            role = "debt"  # 「招行两万五」
        if (
            role is None
            and prev_role is not None
            and prev_amount_end is not None
            and m.start - prev_amount_end <= 30
        ):
            # 「欠招行2万，建行3万」: only connectors and bank names between two amounts
            between = "".join(
                ch for i, ch in enumerate(norm[prev_amount_end : m.start], prev_amount_end) if not bank_chars[i]
            )
            if _CONNECTOR_RE.fullmatch(between) and not any(ch in between for ch in _SENTENCE_END):
                role = prev_role
        if role is None and _expense_item_after(norm, prev_role, prev_amount_end, m.start, bank_chars, prev_amount_start):
            role = "expenses"  # 「房租1500 其它1000」: another item of the list, never days nor a debt (read9)
        if role is None and m.kind == "bare" and not m.magnitude and m.value < 100:
            prev_end = m.end
            continue
        prev_end = m.end
        if role == "other" or m.value >= _MAX_FIGURE or (m.value == 0 and role is None):
            prev_role, prev_amount_end, prev_amount_start = role, m.end, m.start
            continue
        total = role == "expenses" and bool(_TOTAL_RE.search(ctx))
        if role == "expenses" and not total and not borrowed and _WHOLE_EXPENSES_RE.search(ctx):
            total = True  # 「我说了开销4千」: the expenses as a whole, never one more item beside 「是4千」 (K1 #9)
        results.append((m.start, m.end, role, m.value, total))
        leads.append(borrowed)
        prev_role, prev_amount_end, prev_amount_start = role, m.end, m.start

    out: list[tuple[int, int, str, Decimal]] = []
    results = _leading_expense_total(norm, results, leads)
    results = _trailing_expense_total(norm, results, leads)
    expenses = [r for r in results if r[2] == "expenses"]
    # 「支出不是500 房租1200加吃饭两千五」: the negated old figure stays its own (to be replaced), never an item
    negated = [r for r in expenses if _NEGATED_LEAD_RE.search(norm[max(0, r[0] - 4) : r[0]])]
    if negated and len(expenses) > 1:
        out.extend((r[0], r[1], "monthly_expenses", r[3]) for r in negated)
        results = [r for r in results if r not in negated]
        expenses = [r for r in expenses if r not in negated]
    if len(expenses) > 1:
        totals = [r for r in expenses if r[4]]
        merged = (
            (totals[-1][0], totals[-1][1], totals[-1][3])
            if totals
            else (expenses[0][0], expenses[-1][1], sum(r[3] for r in expenses))
        )
        out.append((merged[0], merged[1], "monthly_expenses", merged[2]))
        results = [r for r in results if r[2] != "expenses"]
    for start, end, role, value, _ in results:
        out.append((start, end, _ROLE_ENTITY.get(role or "", "amount"), value))
    return out


_NEGATED_LEAD_RE = re.compile(r"(?:不是|并非|没有)\s?$")
# read9 (probes s4 W08, W01): a figure with no role word right after an expense item, with only a label between
# (「房租1500 其它1000」「吃饭一千五还有给我妈八百」), is one more item of the list; never after a correction or a
# denial (「支出2000 不对 1800」), nor after a total
_ITEM_GAP_MAX = 10
_NOT_ITEM_GAP_RE = re.compile(r"不|没|错|改|应该|其实|总|共|合计|加起来|以前|之前|原来|卡|欠|借|贷|逾期|按|算|如果|要是|假如")


def _expense_item_after(norm: str, prev_role: str | None, prev_end: int | None, start: int,
                        bank_chars: bytearray, prev_start: int | None = None) -> bool:
    if prev_role != "expenses" or prev_end is None or not 0 < start - prev_end <= _ITEM_GAP_MAX:
        return False
    gap = norm[prev_end:start]
    if any(bank_chars[prev_end:start]) or any(ch in gap for ch in _SENTENCE_END):
        return False
    if prev_start is not None and _NEGATED_LEAD_RE.search(norm[max(0, prev_start - 4) : prev_start]):
        return False  # 「支出不是6千 是4千」: the figure after a negated one replaces it, never one more item (K1 #9)
    if _nearest_role(gap) not in (None, "expenses"):
        return False  # 「开销要4千左右 一个月最多拿2千出来」: another fact's word between, no item (K1 #6)
    gap = gap.replace("差不多", "")  # 「差不多4000」: an approximation, no denial
    return _NOT_ITEM_GAP_RE.search(gap) is None and re.search(r"\d", gap) is None


# 「老公一个月给我一千五生活费」「家里每月给我5000」「我妈每个月给我打一千」 (probe W06: stored as expenses of 1,500): money a
# spouse or the family gives the person each month is support toward the person's income, never an expense
SUPPORT_GIVERS = (r"老公|老婆|丈夫|妻子|爱人|媳妇|对象|家里|家人|爸妈|父母|我妈|我爸|俺妈|俺爸|妈妈|爸爸|我妈妈|我爸爸|儿子|女儿|"
                  r"闺女|孩子|亲戚|男朋友|女朋友|男友|女友|公婆|岳父|岳母|哥哥|姐姐|我哥|我姐")
_SUPPORT_BEFORE_RE = re.compile(
    rf"(?:{SUPPORT_GIVERS})[^，,。；;！!？?\d]{{0,8}}?(?:给|寄给|打给|转给|补贴|贴补|资助)(?:我|俺)(?:们)?"
    r"(?:每个?月|一个月|每月)?(?:寄|打|转|拿|发)?(?:个|了)?(?:大概|差不多|大约|约|就|也就|才|只)?\s?$")


def support_before(norm: str, start: int) -> bool:
    """The figure at `start` is money someone of the family gives the person (「老公一个月给我一千五」)."""
    return _SUPPORT_BEFORE_RE.search(norm[max(0, start - 20):start]) is not None


# a figure said to be someone else's pay (「三千是闺女挣的」「3000是我老公的工资」)
_OTHERS_PAY_AFTER_RE = re.compile(
    r"[\d一二两三四五六七八九十百千万kKwW.]+(?:块钱|块|元)?(?:来|多|左右)?(?:是|为|那是)(?:我)?(?:的)?"
    r"(?:闺女|女儿|儿子|孩子|老公|老婆|媳妇|丈夫|妻子|爱人|爸爸|妈妈|父亲|母亲|我爸|我妈)(?:的)?(?:挣|赚|拿|工资|收入)")


# persona trial s7 L2 #5–#6: 「家裡每月給我5000」「5000是家裡給我的」: what the family gives every month is the person's
# income (a student's allowance; bot/case.py Situation.income_source), never their expenses (「给家里寄500」 is one)
_FAMILY_GIVER = r"(?<![给寄])(?:家里人|家里|家人|家长|我爸妈|爸妈|父母|我爸|我妈|爸爸|妈妈|老爸|老妈)"
FAMILY_GIVES_BEFORE_RE = re.compile(
    rf"{_FAMILY_GIVER}(?:每个?月|一个月|每月都|每个月都|按月)?(?:都|会|能|就|只|才)?(?:给|打|转)(?:我)?(?:的)?"
    r"(?:生活费|零花钱|钱)?(?:是|有|就|大概|差不多|大约|约)*\s?$")
FAMILY_GIVES_AFTER_RE = re.compile(
    rf"\s?(?:块钱|块|元)?(?:左右)?(?:是|都是|算是)(?:我)?{_FAMILY_GIVER}(?:每个?月)?(?:给|打|转)(?:我)?(?:的)")


# persona trial s7 K1 #9: a figure named by a word of the expenses as a whole (支出/开销 …, not 其他开销) is their total
_WHOLE_EXPENSES_RE = re.compile(r"(?<!其他)(?<!其它)(?<!别的)(?<!日常)(?<!零碎)(?:支出|开销|开支|花销|花费|必要开支|固定开支)"
                                r"[^\d，,。；;]{0,4}$")
# 「房租2500 吃饭什么的1500 大概4000」: after the items, a figure with only an approximation between is their total (K5 #11)
_TRAIL_GAP_RE = re.compile(r"[\s,，、的吧啊呀呢嘛]*(?:大概|差不多|大约|约|总的|算下来|加一块|一起|左右|就|也|是)*"
                           r"(?:大概|差不多|大约|约)[\s的就是有]*")


def _trailing_expense_total(
    norm: str, results: list[tuple[int, int, str | None, Decimal, bool]], leads: list[bool]
) -> list[tuple[int, int, str | None, Decimal, bool]]:
    """The last of several expense figures, said with 大概/差不多 and no item word of its own right after the items,
    that is at least their sum, is the stated total (K5 #11 got 2500 + 1500 + 4000 = 8,000)."""
    if len(results) < 3:
        return results
    last = results[-1]
    items = results[:-1]
    if last[2] != "expenses" or last[4] or not all(r[2] == "expenses" and not r[4] for r in items[-2:]):
        return results
    parts = []
    for r in reversed(items):
        if r[2] != "expenses" or r[4]:
            break
        parts.append(r)
    if not _TRAIL_GAP_RE.fullmatch(norm[parts[0][1] : last[0]]) or last[3] < sum(r[3] for r in parts):
        return results
    return [*(r for r in items if r not in parts), (parts[-1][0], last[1], "expenses", last[3], True)]


_LEAD_GAP_RE = re.compile(r"[\s,，、的吧啊呀呢嘛哈左右大概差不多]*")


# a job named right before a monthly figure: the figure is what it pays (never a total of the expenses after it)
_WORK_BEFORE_RE = re.compile(r"(?:看店|上班|打工|打零工|做工|干活|做事|帮人|给人|做保安|当保安|送快递|做服务员)[^，,。；;\d]{0,8}$")


def _leading_expense_total(
    norm: str, results: list[tuple[int, int, str | None, Decimal, bool]], leads: list[bool]
) -> list[tuple[int, int, str | None, Decimal, bool]]:
    """「三千吧 房租一千五 吃饭啥的」, 「三千 房租一千五加吃饭一千五」: a figure with no item word of its own right
    before the expense items is the stated total; the parts (adding up to it or not) never replace it."""
    items = [i for i, r in enumerate(results) if r[2] == "expenses" and not (r[4] or leads[i])]
    if not items:
        return results
    first = items[0]
    lead = first - 1
    if lead < 0 or (results[lead][2] not in (None, "expenses")) or results[lead][4]:
        return results
    if _NEGATED_LEAD_RE.search(norm[max(0, results[lead][0] - 4) : results[lead][0]]):
        return results  # 「支出不是500 房租1200…」: the negated old figure is no total of the items after it
    if results[lead][2] is None:
        gap = norm[results[lead][1] : results[first][0]]
        item = min((i for i in (gap.find(w) for w in _ROLE_WORDS["expenses"]) if i >= 0), default=len(gap))
        if len(gap) > 12 or not _LEAD_GAP_RE.fullmatch(gap[:item]):
            return results
    if _WORK_BEFORE_RE.search(norm[max(0, results[lead][0] - 14) : results[lead][0]]):
        # 「我现在给人看店 一个月4500 房租吃饭2500」: what a job pays a month, then the expenses (persona trial E3)
        s_, e_, _, v_, _ = results[lead]
        return [*results[:lead], (s_, e_, "income", v_, True), *results[lead + 1 :]]
    parts = [results[i] for i in items if all(results[j][2] == "expenses" for j in range(first, i + 1))]
    if results[lead][3] < max(r[3] for r in parts):
        return results
    start, _, _, value, _ = results[lead]
    return [*results[:lead], (start, parts[-1][1], "expenses", value, True),
            *(r for r in results[lead + 1 :] if r not in parts)]


# 「一天多少利息」, 「一天利息多少」, 「一天多少钱」: a question about the interest of one day
_PER_DAY_QUESTION_RE = re.compile(r"\s?(?:的)?(?:要|得|收|算|大概|大约)?(?:多少|利息|罚息|几块|几毛)")


# read9 (probes s4 W03, X06): another party's arrears (「老板拖欠工资半年了」「公司欠了我三个月工资」「工资拖了两个月没发」)
# are the hardship, not the card's days overdue
_OTHERS_ARREARS_BEFORE_RE = re.compile(
    r"(?:老板|公司|单位|厂里|厂子|包工头|工头|甲方|客户|老赖|别人|朋友|亲戚|东家)[^，,。；;\d\s]{0,3}(?:拖欠|欠|拖|压)"
    r"|(?:拖欠|欠|压|拖)(?:了)?(?:我的?|俺的?)?(?:工资|薪水|工钱|货款|薪资)|欠薪|(?:工资|薪水|工钱)(?:被)?(?:拖欠|拖|欠|压)")
_OTHERS_ARREARS_AFTER_RE = re.compile(r"^\s?(?:的|多)?(?:工资|薪水|工钱|货款|薪资)|^\s?(?:没发|不发|没给|没结)")


def _others_arrears(ctx: str, tail: str) -> bool:
    """The duration is of what someone else owes the person (unpaid wages), not of the card being late."""
    return bool(_OTHERS_ARREARS_BEFORE_RE.search(ctx) or (
        re.search(r"拖欠|欠|拖|压", ctx) and _OTHERS_ARREARS_AFTER_RE.match(tail)))


# 「还了一年」「交了半年」: time spent repaying (not after 没/未: 「没还了一年」 stays late)
_REPAID_FOR_RE = re.compile(r"(?<![没未晚迟])(?:还|交|供)了(?:快|差不多|大概|将近|有|整整|足足)?\s?$")
# 「有一个月」「某个月」「哪个月」 with no word of being late: one month among others (of a plan), no duration
_SOME_MONTH_RE = re.compile(r"(?<![已经都])(?:有|某|哪)\s?$")
# 「我这个月工资是最后一个月了」「下一个月」「同一个月」: a month named (which one), no count of months late (persona trial
# s7 K5 #2 got 「已改：逾期天数 0天 → 30天」 from a last pay month)
_NAMED_MONTH_RE = re.compile(r"(?:最后|这|那|下|上|本|当|同|每)\s?$")
# 「建行20天」 after 「招行逾期40天了」: days said right after a bank, in a message whose other days are cued
_BANK_DAYS_GAP_RE = re.compile(r"[\s的]*(?:那张|这张|信用卡|卡)?(?:的)?(?:也|是|有|都|已经|大概|差不多|将近)*\s?")


def _duration_role(norm: str, m: _Mention, prev_end: int, next_start: int) -> str | None:
    """"overdue", "instalment", "uncued" or None (a duration about something else)."""
    if m.unit == "day" and m.value == 1 and _PER_DAY_QUESTION_RE.match(norm, m.end):
        return None  # 「一天多少利息」「一天利息多少」: the interest per day is asked, no days overdue are said
    ctx = _left_context(norm, m.start, prev_end, width=10)
    if _others_arrears(ctx, norm[m.end : min(next_start, m.end + 6)]):
        return None  # 「老板拖欠工资半年了」: what another party owes the person, never the card's days (read9)
    if _REPAID_FOR_RE.search(ctx):
        return None  # 「我还了一年还欠这么多」: time spent repaying, never days overdue (persona trial J5 #4)
    cue = _nearest_cue(
        ctx, {"overdue": _OVERDUE_CUES, "instalment": _INSTALMENT_LEFT, "other": _NOT_OVERDUE_CUES}
    )
    if cue is not None:
        return {"overdue": "overdue", "instalment": "instalment"}.get(cue)
    tail = norm[m.end : min(next_start, m.end + 8)]
    tail = re.sub(r"^[\s了的就才能都也想打算]{0,3}", "", tail)
    if tail.startswith(_INSTALMENT_RIGHT):
        return "instalment"
    if tail.startswith(_OVERDUE_RIGHT):
        return "overdue"
    if tail.startswith(_NOT_OVERDUE_RIGHT):
        return None
    if m.unit in ("month", "month_bare") and m.value == 1 and _NAMED_MONTH_RE.search(ctx):
        return None  # 「最后一个月」「下一个月」: which month, not how long
    if _SOME_MONTH_RE.search(ctx):
        return None  # 「有一个月实在还不上 会怎样」: one month of a plan, not a duration of being late (J2 #14)
    return "uncued"


def _duration_entities(
    norm: str, mentions: list[_Mention], blocked: _Blocked, banks: list[tuple[int, int, str]] = ()
) -> list[tuple[int, int, str, Decimal]]:
    overdue: list[tuple[int, int, Decimal, bool, bool]] = []  # start, end, days, cued, more_than
    out: list[tuple[int, int, str, Decimal]] = []
    prev_end = 0
    live = [m for m in mentions if not m.per_month]
    for idx, m in enumerate(live):
        next_start = live[idx + 1].start if idx + 1 < len(live) else len(norm)
        if m.kind == "period":
            out.append((m.start, m.end, "installments", m.value))
        elif m.kind == "duration":
            role = _duration_role(norm, m, prev_end, next_start)
            if role == "instalment":
                months = _UNIT_MONTHS.get(m.unit)
                if months is not None:
                    out.append((m.start, m.end, "installments", m.value * months))
            elif role in ("overdue", "uncued"):
                if m.unit in ("month_bare", "day_bare") and role != "overdue":
                    pass  # 3月 / 23日 with no overdue cue: a month or a day of the month
                else:
                    days = _duration_days(m)
                    after_bank = any(prev_end <= bs and _BANK_DAYS_GAP_RE.fullmatch(norm[be:m.start])
                                     for bs, be, _ in banks)
                    overdue.append((m.start, m.end, days, role == "overdue" or after_bank, m.more_than))
        prev_end = m.end
    for stage in _STAGE_RE.finditer(norm):
        if not blocked.overlaps(stage.start(), stage.end()):
            overdue.append((stage.start(), stage.end(), Decimal(30 * int(stage.group(1))), True, False))
    for match in _NOT_OVERDUE_RE.finditer(norm):
        overdue.append((match.start(), match.end(), Decimal(0), True, False))
    not_due = [match.span() for match in _NOT_DUE_YET_RE.finditer(norm)]
    if not_due:
        # the time left until the due date is no days late: the count inside 「还有3天到期」 goes, a 0 comes in its place
        overdue = [o for o in overdue if not any(s <= o[0] < e for s, e in not_due)]
        overdue += [(s, e, Decimal(0), True, False) for s, e in not_due]
    overdue = _corrected_days_cued(norm, sorted(overdue))
    if any(o[3] for o in overdue):
        overdue = [o for o in overdue if o[3]]
    out.extend(
        (s, e, "overdue_days_more_than" if more else "overdue_days", days) for s, e, days, _, more in overdue
    )
    return out


# 「逾期不是30天 是55天左右」, 「我没说逾期30天啊 是快两个月了」: the figure after the negated days replaces them
_DAYS_NEGATED_RE = re.compile(r"(?:不是|没说|没有说|没讲)(?:逾期|过期)?\s?$")
_DAYS_CORRECTED_GAP_RE = re.compile(r"[\s,，啊呀吧呢嘛]*(?:是|而是|应该是|其实是)(?:快|大概|差不多|将近|有|都)*\s?")


def _corrected_days_cued(
    norm: str, overdue: list[tuple[int, int, Decimal, bool, bool]]
) -> list[tuple[int, int, Decimal, bool, bool]]:
    """An uncued duration right after negated days (「不是30天 是55天」) is the days overdue, cued like them."""
    out = list(overdue)
    for i in range(1, len(out)):
        prev, cur = out[i - 1], out[i]
        if (prev[3] and not cur[3] and _DAYS_NEGATED_RE.search(norm[max(0, prev[0] - 6) : prev[0]])
                and _DAYS_CORRECTED_GAP_RE.fullmatch(norm[prev[1] : cur[0]])):
            out[i] = (cur[0], cur[1], cur[2], True, cur[4])
    return out


def _duration_days(m: _Mention) -> Decimal:
    if m.unit == "year" and m.value % 1 == _HALF:
        return (m.value - _HALF) * 365 + 180  # 半年 = 180 (CONTRACT), so 一年半 = 365 + 180
    return m.value * _UNIT_DAYS[m.unit]


_UNIT_MONTHS = {"year": 12, "month": 1, "month_bare": 1}


def _first_figure(text: str, kinds: tuple[str, ...]) -> _Mention | None:
    text = normalize(text)
    norm = _normalise(text)
    banks = _find_banks(norm)
    for m in _scan(norm, _blocked(norm, text, banks)):
        if m.kind in kinds:
            return m
    return None


_ZERO_REPLY_RE = re.compile(
    r"^\s*(?:我)?(?:目前|现在|暂时)?(?:没有|没|无|零)(?:了)?(?:收入|工资|钱|开销|支出|花销|存款)?[。.!！~]*\s*$"
)
_NEGATIVE_RE = re.compile(r"^\s*(?:-|负)\s*(?=[\d零一二两三四五六七八九十])")


_CN_SMALL = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def small_number(raw: str) -> int | None:
    """'36' → 36, '三十六' → 36, '十二' → 12, '两' → 2 (up to 999 in digits, up to 99 in characters)."""
    if raw.isdigit():
        return int(raw)
    if "十" in raw:
        tens, _, units = raw.partition("十")
        if (tens and tens not in _CN_SMALL) or (units and units not in _CN_SMALL):
            return None
        return (_CN_SMALL[tens] if tens else 1) * 10 + (_CN_SMALL[units] if units else 0)
    return _CN_SMALL.get(raw) if len(raw) == 1 else None


def parse_amount(text: str) -> Decimal | None:
    """元 in a bare reply (「两万五」, 「8k」, 「5000块左右」, 「12」) or None.

    Role words do not matter here: the form knows what it asked. 没有/零 → 0.0; a leading minus sign
    gives a negative number so that validation can say it must be positive.
    """
    if not text:
        return None
    text = normalize(text)
    if _ZERO_REPLY_RE.match(_normalise(text)):
        return Decimal(0)
    figure = _first_figure(text, ("money", "bare"))
    if figure is None:
        return None
    return -figure.value if _NEGATIVE_RE.match(_normalise(text)) else figure.value


def parse_days(text: str) -> Decimal | None:
    """Days in a bare reply (「45天」, 「两个月」, 「半年」, 「M2」, 「45」, 「还没逾期」 → 0) or None."""
    if not text:
        return None
    text = normalize(text)
    norm = _normalise(text)
    if _NOT_OVERDUE_RE.search(norm):
        return Decimal(0)
    figure = _first_figure(text, ("duration", "bare", "money"))
    stage = _STAGE_RE.search(norm)
    if stage and (figure is None or stage.start() < figure.start):
        return Decimal(30 * int(stage.group(1)))
    if figure is None:
        return None
    if figure.kind == "duration":
        return _duration_days(figure)
    return figure.value


def parse_periods(text: str) -> Decimal | None:
    """Periods in a bare reply (「60期」, 「60」, 「三年」 → 36, 「两年半」 → 30, 「18个月」) or None."""
    if not text:
        return None
    text = normalize(text)
    figure = _first_figure(text, ("period", "duration", "bare"))
    if figure is None:
        return None
    if figure.kind == "duration":
        months = _UNIT_MONTHS.get(figure.unit)
        return figure.value * months if months is not None else None
    return figure.value


def parse_bank(text: str) -> str | None:
    """Canonical name of the first bank in a bare reply (「招行」 → 招商银行) or None."""
    if not text:
        return None
    text = normalize(text)
    banks = _find_banks(_normalise(text))
    if not banks:
        # a bare reply is about a bank: accept everyday-word aliases (「平安」) without a cue
        norm = _normalise(text).strip(" 。.!！的吧呀啊")
        alias = next((a for a in _alias_table() if a.alias == norm), None)
        return alias.bank if alias else None
    return banks[0][2]
