"""A second reader of each message that survives typos: character and pinyin n-grams + logistic regression.

DIET (over jieba words and char_wb n-grams) is strong on phrasings it has seen and weak on what nobody here
wrote: a pinyin-IME homophone (「征心」, 「逾其」, 「违约斤」) changes the word jieba cuts and the char n-grams
around it. This model reads the same normalised text three ways:

* character 1–3-grams (``char_wb``), TF-IDF with sublinear counts,
* toneless pinyin syllable 1–3-grams (「征心」 and 「征信」 are both ``zheng xin``),
* pinyin initials 2–4-grams (``zh x``), which also survive a wrong final (「成心」 for 「诚信」),

and a multinomial logistic regression over their concatenation. With ``augment=N`` each training example is also
learnt in N seeded copies with one character replaced by a same-pinyin one from pycorrector's table
(data/same_pinyin.txt), as a pinyin IME slips, so that a typo in a word the pinyin views do not separate still
meets characters seen in training. `IntentEnsemble` (bot/nlu/components.py) mixes
its probabilities with DIET's. Everything is deterministic: no random state is drawn (lbfgs, fixed data order).
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

__all__ = ["BANK_WITH_AMOUNT", "OTHER_DEBT", "CharPinyinModel", "card_in_scope", "homophone_copies", "names_card",
           "other_debt_out_of_scope", "pinyin_tokens"]

_CJK = re.compile(r"[\u4e00-\u9fff]")
_SPLIT = re.compile(r"\s+")


@lru_cache(maxsize=8192)
def _syllable(ch: str) -> str:
    from pypinyin import Style, lazy_pinyin

    return lazy_pinyin(ch, style=Style.NORMAL, errors="ignore")[0] if _CJK.match(ch) else ch


def pinyin_tokens(text: str) -> list[str]:
    """Toneless syllables of the CJK characters, digits and latin runs as they are (punctuation dropped)."""
    out: list[str] = []
    for run in re.findall(r"[\u4e00-\u9fff]|[0-9]+|[a-zA-Z]+", text or ""):
        out.append(_syllable(run) if len(run) == 1 and _CJK.match(run) else run.lower())
    return out


def _initials(tokens: Sequence[str]) -> list[str]:
    out = []
    for tok in tokens:
        if tok[:2] in ("zh", "ch", "sh"):
            out.append(tok[:2])
        else:
            out.append(tok[:1])
    return out


def _ngrams(tokens: Sequence[str], low: int, high: int) -> list[str]:
    grams = []
    for n in range(low, high + 1):
        grams.extend(" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1))
    return grams


def _pinyin_analyzer(text: str) -> list[str]:
    return _ngrams(pinyin_tokens(text), 1, 3)


def _initials_analyzer(text: str) -> list[str]:
    return ["^" + g for g in _ngrams(_initials(pinyin_tokens(text)), 2, 4)]


_JIEBA_DICTS = Path(__file__).resolve().parents[2] / "data" / "jieba"
_SAME_PINYIN = Path(__file__).resolve().parents[2] / "data" / "same_pinyin.txt"
_AUGMENT_SEED = 19  # not the evaluation's seed (bench/eval/typo.py): other characters, other replacements


@lru_cache(maxsize=1)
def _same_pinyin() -> dict[str, str]:
    """character → its same-pinyin characters, same tone first (pycorrector's table; Apache-2.0, data/LICENSE-pycorrector)."""
    table: dict[str, str] = {}
    if not _SAME_PINYIN.is_file():
        return table
    for line in _SAME_PINYIN.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("#") or len(parts) < 2 or len(parts[0]) != 1:
            continue
        same = "".join(c for c in parts[1] if _CJK.match(c) and c != parts[0])
        other = "".join(c for c in (parts[2] if len(parts) > 2 else "") if _CJK.match(c) and c != parts[0])
        if same or other:
            table[parts[0]] = same or other
    return table


def homophone_copies(text: str, n: int) -> list[str]:
    """n variants of the text, each with one character replaced by a same-pinyin one (seeded by the text)."""
    import hashlib
    import random

    table = _same_pinyin()
    positions = [i for i, ch in enumerate(text) if ch in table]
    if not positions or n <= 0:
        return []
    rng = random.Random(int.from_bytes(hashlib.sha256(f"{_AUGMENT_SEED}\t{text}".encode()).digest()[:8], "big"))
    out = []
    for _ in range(n):
        i = rng.choice(positions)
        out.append(text[:i] + rng.choice(table[text[i]]) + text[i + 1:])
    return out


@lru_cache(maxsize=1)
def _jieba():
    """A private jieba tokenizer with the project's user dictionary (data/jieba), as JiebaTokenizer cuts."""
    import jieba

    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for path in sorted(_JIEBA_DICTS.glob("*")) if _JIEBA_DICTS.is_dir() else ():
        tokenizer.load_userdict(str(path))
    return tokenizer


def _word_analyzer(text: str) -> list[str]:
    """jieba word 1–2-grams (punctuation and space dropped): 「呆账」「缓冲期」 as one feature each."""
    words = [w for w in _jieba().lcut(text) if re.search(r"[\u4e00-\u9fff0-9a-zA-Z]", w)]
    return ["_" + g for g in _ngrams(words, 1, 2)]


# a card bank named with what is owed on it (「招行5万 建行3万 中信两万 还有个网贷4万」, persona trial H1): the cards of
# the message, though the word 信用卡 is missing; a bank's loan (「建行贷款5万」「招行房贷3万」) is not one
_BANK_SHORT = (r"(?:招行|招商|工行|工商|建行|建设|农行|农业|中行|中国银行|交行|交通|浦发|广发|中信|平安|民生|兴业|光大|华夏"
               r"|邮储|邮政)(?:银行)?")
_AMOUNT = r"[0-9一二三四五六七八九十两几]+(?:\.[0-9]+)?(?:万|千|w|k|元|块)"
BANK_WITH_AMOUNT = re.compile(
    _BANK_SHORT + r"(?:的)?(?:卡)?(?:欠|欠了|还欠|透支|刷了)?(?:大概|差不多|大约|约)?" + _AMOUNT + r"(?!.{0,2}(?:房贷|车贷|贷款))",
    re.IGNORECASE)
# a message that names the credit card is in scope, whatever other debt it names too (CONTRACT: a card question
# that mentions 网贷/花呗/房贷 is a card question): 「信用卡逾期还能办房贷吗」 is not out_of_scope; so is a message
# naming card banks with amounts (BANK_WITH_AMOUNT)
_CARD_NAMED = re.compile(r"信用卡|信用咭|卡债|卡奴|xyk|" + BANK_WITH_AMOUNT.pattern, re.IGNORECASE)
_OUT_OF_SCOPE = "out_of_scope"


def card_in_scope(text: str, scores: dict[str, float]) -> dict[str, float]:
    """The scores with out_of_scope's share moved to nothing when the text names the credit card and
    out_of_scope leads: the best card intent leads instead (below the fallback threshold when unsure)."""
    if not scores or not _CARD_NAMED.search(text or "") or max(scores, key=scores.get) != _OUT_OF_SCOPE:
        return scores
    return {**scores, _OUT_OF_SCOPE: 0.0}


# another debt product named as the debt (CONTRACT: 网贷, 花呗/借呗, private loans are out of scope) in a message
# that names no card: 「欠花呗不还会被封银行卡吗」「网络小贷不还会怎么样」. Mortgage, car loan, 公积金, 支付宝 and plain
# 贷款 are left out: they are named as a consequence of the card debt too (「上了征信还能办房贷吗」).
_OTHER_DEBT = re.compile(
    r"花呗|借呗|网贷|网络贷款|网络小贷|小额贷款|小贷|微粒贷|白条|备用金|美团月付|分期乐|民间借贷|借条|欠条"
    r"|支付宝的?(?:账单|停息|挂账|最低还款|逾期|借款|分期|欠款)"
    r"|(?:房贷|车贷|房子|公积金贷款|公积金|助学贷款|贷款)(?:逾期|断供|晚还|到期还不上|还不上)")
# the credit card named (a debit 银行卡 is not: 「欠花呗会被封银行卡吗」 is about 花呗)
_CARD_WORDS = re.compile(r"信用卡|信用咭|卡债|卡奴|刷卡|xyk|(?:招行|工行|建行|农行|中行|交行|浦发|广发|中信)的?卡|银行的卡|"
                         + BANK_WITH_AMOUNT.pattern, re.IGNORECASE)


OTHER_DEBT = _OTHER_DEBT  # read by bot.nlu.topics and actions/consequences.py


def names_card(text: str) -> bool:
    """The (normalised) text names the credit card (信用卡, 卡债, 刷卡, 招行的卡 …; a debit 银行卡 is not)."""
    return bool(_CARD_WORDS.search(text or ""))


def other_debt_out_of_scope(text: str, scores: dict[str, float]) -> dict[str, float]:
    """The scores with out_of_scope first (just above the best) when the text names another debt product and
    no card; unchanged otherwise."""
    if not scores or not _OTHER_DEBT.search(text or "") or _CARD_WORDS.search(text or ""):
        return scores
    best = max(scores.values())
    if scores.get(_OUT_OF_SCOPE, 0.0) >= best:
        return scores
    return {**scores, _OUT_OF_SCOPE: min(1.0, best + 0.1)}


class CharPinyinModel:
    """Fit on (text, intent) pairs; `predict_proba(texts)` → one {intent: probability} per text."""

    def __init__(self, c: float = 10.0, use_pinyin: bool = True, use_initials: bool = True,
                 use_words: bool = False, word_weight: float = 0.6, class_weight: str | None = None,
                 augment: int = 0) -> None:
        self.c = c
        self.use_pinyin = use_pinyin
        self.use_initials = use_initials
        self.use_words = use_words
        self.word_weight = word_weight
        self.class_weight = class_weight
        self.augment = augment
        self._vectorizers: list = []
        self._model = None
        self.classes: list[str] = []

    def _build(self) -> list:
        from sklearn.feature_extraction.text import TfidfVectorizer

        # min_df=2: an n-gram seen in one example only carries little, and dropping them trains 2.5× faster
        vecs = [TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True, min_df=2)]
        if self.use_pinyin:
            vecs.append(TfidfVectorizer(analyzer=_pinyin_analyzer, sublinear_tf=True, min_df=2))
        if self.use_initials:
            vecs.append(TfidfVectorizer(analyzer=_initials_analyzer, sublinear_tf=True, min_df=2))
        if getattr(self, "use_words", False):
            vecs.append(TfidfVectorizer(analyzer=_word_analyzer, sublinear_tf=True, min_df=1))
        return vecs

    def _features(self, texts: Iterable[str], fit: bool = False):
        from scipy.sparse import hstack

        texts = [_SPLIT.sub(" ", t or "").strip() for t in texts]
        parts = [v.fit_transform(texts) if fit else v.transform(texts) for v in self._vectorizers]
        # the pinyin views are down-weighted: they confuse words the characters tell apart (利息 / 理性)
        weights = [1.0] + [0.6] * self.use_pinyin + [0.4] * self.use_initials
        if getattr(self, "use_words", False):
            weights.append(self.word_weight)
        return hstack([p * w for p, w in zip(parts, weights, strict=False)]).tocsr()

    def fit(self, texts: Sequence[str], intents: Sequence[str]) -> CharPinyinModel:
        from sklearn.linear_model import LogisticRegression

        texts, intents = list(texts), list(intents)
        if getattr(self, "augment", 0):
            extra = [(copy, intent) for text, intent in zip(texts, intents, strict=True)
                     for copy in homophone_copies(text, self.augment)]
            texts += [t for t, _ in extra]
            intents += [i for _, i in extra]
        self._vectorizers = self._build()
        features = self._features(texts, fit=True)
        for vectorizer in self._vectorizers:  # the dropped n-grams: only needed for introspection, and large
            vectorizer.stop_words_ = None
        weights = getattr(self, "class_weight", None)
        if weights == "sqrt_balanced":
            # halfway to "balanced" on a log scale: each intent's examples weighed by sqrt(n / (k * n_intent)), so a
            # rare intent gains without the rarest (scripts, a single-example intent) taking over its neighbours
            counts = Counter(intents)
            weights = {name: (len(intents) / (len(counts) * n)) ** 0.5 for name, n in counts.items()}
        self._model = LogisticRegression(C=self.c, max_iter=3000, class_weight=weights)
        self._model.fit(features, list(intents))
        self.classes = [str(c) for c in self._model.classes_]
        return self

    def predict_proba(self, texts: Sequence[str]) -> list[dict[str, float]]:
        if self._model is None:
            raise RuntimeError("CharPinyinModel is not fitted")
        probabilities = self._model.predict_proba(self._features(texts))
        return [dict(zip(self.classes, map(float, row), strict=False)) for row in probabilities]

    def predict(self, texts: Sequence[str]) -> list[str]:
        return [max(p, key=p.get) for p in self.predict_proba(texts)]
