"""One normalisation of what a cardholder typed, used before NLU and before extraction.

`normalize(text)` is applied by the pipeline component `bot.nlu.components.TextNormalizer` (placed
before the tokenizer, so the classifier, the extractor and the tracker all see the same words) and
again by `bot.nlu.extract` and `bot.nlu.case_update` (it is idempotent). Steps, in order:

1. Traditional → simplified characters (OpenCC ``t2s``; the PyPI package ships its dictionaries):
   「一萬五」 → 一万五, 「會不會上徵信」 → 会不会上征信.
2. Full-width letters, digits and symbols → half-width (２５０００ → 25000, ＡＰＲ → apr is left to
   step 4); the Chinese sentence punctuation ，。！？：；（）、 is kept, it is what people type.
3. 帐 → 账 where it means an account (帐单, 挂帐, 记帐 …), never in 帐篷 / 蚊帐.
4. Common English card terms → Chinese: min payment → 最低还款, late fee → 违约金, APR → 年化利率,
   instalment / installment → 分期, credit report → 征信 … (whole words, any case).
5. Homophone typos of card terms, matched by toneless pinyin against the card-term dictionary
   (data/jieba/userdict.txt plus `EXTRA_TERMS`): 争信 → 征信, 违约斤 → 违约金, 逾其 → 逾期,
   宽线期 → 宽限期. To leave ordinary words alone, a window is rewritten only when
     * it has the term's length (2+ syllables) and the term's pinyin,
     * it differs from the term in fewer than half of its characters, at least one is kept
       (so 语气 / 于其 never become 逾期),
     * it is not itself a word of jieba's dictionary (预期, 语气, 玉器 stay), and
     * a changed character at its edge does not form a word with its neighbour outside
       (公正信用 is 公正 + 信用, not 公 + 征信 + 用).
"""
from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache
from pathlib import Path

__all__ = ["EXTRA_TERMS", "card_terms", "normalize"]

USERDICT = Path(__file__).resolve().parents[2] / "data" / "jieba" / "userdict.txt"

# card terms that jieba's user dictionary does not list (it lists only words jieba would cut wrongly)
EXTRA_TERMS = (
    "利息", "还款", "账单", "本金", "分期", "银行", "宽限", "违约", "最低", "协商", "逾期天数", "还不上",
    "滞纳", "挂账", "信用", "欠款", "利率", "手续费", "停息挂账", "个性化分期",
)
# entries of the user dictionary that are typos kept there so jieba does not split them
NOT_TERMS = frozenset({"逾其", "征心", "利习", "违约斤", "宽现期"})

# Chinese sentence punctuation stays full-width (it is what people type, and the training data has it)
_KEEP_FULL = frozenset("，。！？：；（）、")
_FULLWIDTH = {
    cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F) if chr(cp) not in _KEEP_FULL
} | {0x3000: 0x20, 0xFFE5: 0xA5}

_ACCOUNT_RE = re.compile(r"帐(?=单|户|号|目|务|本|期)|(?<=[挂记对查赖欠还销入出算转结报呆坏])帐(?![篷蓬子幕])")

_ENGLISH = [
    (r"min(?:imum)?\.?\s*(?:payment|pay|due)", "最低还款"),
    (r"late\s*(?:payment\s*)?(?:fee|charge)s?", "违约金"),
    (r"penalty\s*(?:fee|charge|interest)s?", "违约金"),
    (r"a\.?p\.?r\.?", "年化利率"),
    (r"annual\s*(?:percentage\s*)?rate", "年化利率"),
    (r"instal(?:l)?ments?", "分期"),
    (r"credit\s*(?:report|record|history|score)s?", "征信"),
    (r"grace\s*period", "宽限期"),
    (r"interest", "利息"),
    (r"overdue", "逾期"),
    (r"credit\s*cards?", "信用卡"),
]
_ENGLISH_RE = [(re.compile(rf"(?<![a-z]){p}(?![a-z])", re.IGNORECASE), zh) for p, zh in _ENGLISH]
_CJK_RE = re.compile(r"[\u4e00-\u9fff]")

_LOCK = threading.Lock()
_CC = None


def _opencc():
    global _CC
    if _CC is None:
        with _LOCK:
            if _CC is None:
                import opencc

                _CC = opencc.OpenCC("t2s")
    return _CC


@lru_cache(maxsize=4096)
def _syllable(ch: str) -> str:
    from pypinyin import lazy_pinyin

    return lazy_pinyin(ch)[0] if _CJK_RE.match(ch) else ch


@lru_cache(maxsize=1)
def card_terms() -> dict[tuple[str, ...], str]:
    """Toneless pinyin of each card term → the term (2+ CJK characters)."""
    words: list[str] = []
    for line in USERDICT.read_text(encoding="utf-8").splitlines():
        word = line.split()[0] if line.split() else ""
        if word and word not in NOT_TERMS:
            words.append(word)
    words.extend(EXTRA_TERMS)
    table: dict[tuple[str, ...], str] = {}
    for word in words:
        if len(word) >= 2 and all(_CJK_RE.match(ch) for ch in word):
            table.setdefault(tuple(_syllable(ch) for ch in word), word)
    return table


@lru_cache(maxsize=1)
def _lengths() -> tuple[int, ...]:
    return tuple(sorted({len(k) for k in card_terms()}, reverse=True))


@lru_cache(maxsize=1)
def _jieba_freq() -> dict[str, int]:
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    return jieba.dt.FREQ


def _is_word(chars: str) -> bool:
    # jieba's dictionary in a Rasa server also holds our user dictionary (JiebaTokenizer loads it into the
    # process-wide jieba), typos included: those are never real words
    return chars not in NOT_TERMS and bool(_jieba_freq().get(chars))


def _fix_homophones(text: str) -> str:
    if not _CJK_RE.search(text):
        return text
    terms = card_terms()
    syllables = [_syllable(ch) for ch in text]
    out = list(text)
    i = 0
    while i < len(text):
        replaced = False
        for length in _lengths():
            window = text[i : i + length]
            if len(window) < length or not all(_CJK_RE.match(ch) for ch in window):
                continue
            term = terms.get(tuple(syllables[i : i + length]))
            if term is None or term == window:
                continue
            changed = [k for k in range(length) if window[k] != term[k]]
            if not changed or 2 * len(changed) >= length + (1 if length == 2 else 0) or _is_word(window):
                continue
            if changed[0] == 0 and i > 0 and _is_word(text[i - 1] + window[0]):
                continue
            if changed[-1] == length - 1 and i + length < len(text) and _is_word(window[-1] + text[i + length]):
                continue
            # a kept edge character that belongs to the next word: 「是信用卡」 is 是 + 信用卡, not 失信 + 用卡
            if length == 2 and i + length < len(text) and _is_word(window[-1] + text[i + length]):
                continue
            out[i : i + length] = list(term)
            i += length
            replaced = True
            break
        if not replaced:
            i += 1
    return "".join(out)


def normalize(text: str) -> str:
    """The text with traditional characters, full-width forms, English card terms and homophone typos
    of card terms normalised (see the module docstring). Idempotent; '' for None.

    Cached: one user message is normalised by the TextNormalizer, then its (already normalised) text
    again by the slot extractor, each extraction entry point and the case update, each call running
    OpenCC and pypinyin; the result depends on the text only, and is its own normal form."""
    if not text:
        return ""
    cached = _CACHE.get(text)
    if cached is None:
        cached = _normalize_uncached(text)
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.clear()  # bounded; a busy server refills it with the current messages
        _CACHE[text] = cached
        _CACHE[cached] = cached  # idempotent: the normalised text maps to itself
    return cached


_CACHE: dict[str, str] = {}
_CACHE_SIZE = 4096


def _normalize_uncached(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = _opencc().convert(text)
    text = text.translate(_FULLWIDTH)
    text = _ACCOUNT_RE.sub("账", text)
    for regex, zh in _ENGLISH_RE:
        text = regex.sub(zh, text)
    return _fix_homophones(text)


# a clause that only acknowledges (「好的」 said to the form's question, probe D01: 「好的，现在无力全额还款」 was read
# aloud in the bank-call script): never a fact, dropped wherever it stands
_ACK_WORDS = (r"(?:好的?|好吧|好嘞|好哒|行|行吧|行的|可以|可以的|嗯+|嗯嗯|哦+|噢+|喔|对|对的|对对|是的?|是啊|没错|ok|okay|"
              r"收到|知道了|明白了?|了解|那个|就是|然后)")
_ACK_CLAUSE = re.compile(rf"(?:^|(?<=[，,。；;！!？?\n\s]))[\s]*{_ACK_WORDS}[啊呀吧啦哈了呢嘛的]*[\s]*(?:[，,。；;！!？?…~～\s]+|$)",
                         re.IGNORECASE)


def strip_acknowledgements(text: str) -> str:
    """``text`` without the clauses that only acknowledge or fill (「好的，」「嗯嗯 」「那个，」) — the person's words
    stay as said otherwise (a complaint quotes them)."""
    cleaned = text or ""
    while True:
        shorter = _ACK_CLAUSE.sub("", cleaned)
        if shorter == cleaned:
            return shorter.strip()
        cleaned = shorter


# a subject alone before a space (「我 老婆失业了」): the space is no clause break (bot/finance/hardship.py)
LONE_SUBJECTS = ("我的", "本人", "我们")
