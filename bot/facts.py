"""The one home of the legal facts (bot/facts.yml) and of the specific answers (bot/answers.yml).

A fact is text + source + certainty (DOMAIN.md markers). Chat, WeChat and the staff console render a
fact from here; nothing else restates it. A specific answer is a cardholder's concrete question
(「传票怎么辨真假」): the verdict in a short first bubble, the facts it rests on behind 「详细说明」.

Pure: no Rasa imports. The catalogue is read once, lazily.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
FACTS_FILE = HERE / "facts.yml"
ANSWERS_FILE = HERE / "answers.yml"
# what the source is (DOMAIN.md; issue 23 item 10): 法律规定 / 官方文件 / 行业自律 / 权威报道 / 通常做法, and the
# assistant's own handling of data (本助手的做法), which is no legal source
CERTAINTIES = ("law", "official", "self_regulation", "reported", "practice", "service")
FIRST_BUBBLE_MAX = 200  # characters a phone shows without scrolling (STYLE / PREAMBLE)


@dataclass(frozen=True)
class Fact:
    key: str
    text: str
    source: str
    certainty: str  # one of CERTAINTIES
    # a [practice] rule about the card (its contract, the bank's terms) is labelled 「通常做法，以领用合约为准」; one about
    # something else (where to complain, what to keep, how courts or agencies act) only 「通常做法」 (probe s3 #21:
    # the complaint channels were told to check the 领用合约)
    contract: bool = True


@dataclass(frozen=True)
class Answer:
    """A specific answer: ``short`` is the first bubble (verdict or key figure), ``facts`` the keys of
    the facts its 「详细说明」 shows (the first one's source is cited in the first bubble)."""

    id: str
    intents: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]
    short: str
    facts: tuple[str, ...]
    examples: tuple[str, ...]
    topic: str | None = None  # the general answer of a topic (no patterns), else None
    # the facts whose sources the first bubble cites (answers.yml `cite`; default the first fact): a bubble that
    # states rules of two sources cites both (persona trial F3: 22:00 and 6 calls cited as 第六十八条（官方文件）)
    cited: tuple[str, ...] = ()
    # patterns that ask the question only in its conversation (answers.yml `in_context`: 「要不要打那个电话」 is the
    # court SMS's number only after an SMS from a 法院 was named; persona trial s7 K3): (pattern, context) pairs, the
    # context searched in the message and the person's recent messages
    contextual: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = ()
    # the registry topics this answer already answers (answers.yml `covers`): a keyword of them in a statement beside
    # the question brings no second block (persona trial s8 M4 #2: 「他们起诉的金额是…」 after the answer on settling)
    covers: tuple[str, ...] = ()

    @property
    def all_patterns(self) -> tuple[re.Pattern[str], ...]:
        return self.patterns + tuple(p for p, _ in self.contextual)

    @property
    def cites(self) -> tuple[str, ...]:
        return self.cited or self.facts[:1]


def _clean(text: Any) -> str:
    # folded YAML leaves a space where a Chinese sentence broke across lines
    text = " ".join(str(text).split())
    return re.sub(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])", "", text)


@functools.lru_cache(maxsize=2)
def _facts_data(path: str = str(FACTS_FILE)) -> dict[str, Any]:
    return yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}


@functools.lru_cache(maxsize=2)
def all_facts(path: str = str(FACTS_FILE)) -> dict[str, Fact]:
    out = {}
    for key, raw in (_facts_data(path).get("facts") or {}).items():
        certainty = str(raw.get("certainty", ""))
        if certainty not in CERTAINTIES:
            raise ValueError(f"{path}: fact {key!r}: certainty {certainty!r} not in {CERTAINTIES}")
        out[key] = Fact(key, _clean(raw["text"]), _clean(raw["source"]), certainty, bool(raw.get("contract", True)))
    return out


def fact(key: str) -> Fact:
    try:
        return all_facts()[key]
    except KeyError:
        raise KeyError(f"no fact {key!r} in {FACTS_FILE.name}") from None


def text(key: str) -> str:
    return fact(key).text


def labels() -> dict[str, str]:
    """Texts of the catalogue itself (certainty labels, the 「依据」 line, the 详细说明 button)."""
    return {k: str(v) for k, v in (_facts_data().get("labels") or {}).items()}


def certainty_label(certainty: str) -> str:
    return labels()[f"certainty_{certainty}"]


def fact_label(f: Fact) -> str:
    """The certainty label of fact ``f``: a practice that is no term of the card contract does not send the reader
    to the 领用合约."""
    if f.certainty == "practice" and not f.contract:
        return labels()["certainty_practice_general"]
    return certainty_label(f.certainty)


def cite(keys: Iterable[str]) -> str:
    """「依据：《征信业管理条例》第十五条（法律规定）」 for the facts ``keys`` (each source once)."""
    parts: list[str] = []
    for key in keys:
        f = fact(key)
        part = f"{f.source}（{fact_label(f)}）"
        if part not in parts:
            parts.append(part)
    return labels()["cite"].format(sources="；".join(parts)) if parts else ""


def details(keys: Iterable[str]) -> str:
    """The facts one after the other, each with its source: the 「详细说明」 bubble."""
    return "\n".join(f"· {fact(k).text}（{fact(k).source}，{fact_label(fact(k))}）" for k in keys)


# ---- specific answers -----------------------------------------------------------------------------


@functools.lru_cache(maxsize=2)
def _answers(path: str = str(ANSWERS_FILE)) -> tuple[tuple[Answer, ...], dict[str, Answer], dict[str, str]]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    answers = []
    for raw in data.get("answers") or []:
        answers.append(Answer(
            id=str(raw["id"]),
            intents=tuple(raw.get("intents") or ()),
            patterns=tuple(re.compile(str(p)) for p in raw.get("patterns") or ()),
            short=_clean(raw["short"]),
            facts=tuple(raw.get("facts") or ()),
            examples=tuple(str(e) for e in raw.get("examples") or ()),
            cited=tuple(raw.get("cite") or ()),
            contextual=tuple((re.compile(str(p)), re.compile(str(c["context"])))
                             for c in raw.get("in_context") or () for p in c["patterns"]),
            covers=tuple(raw.get("covers") or ()),
        ))
    topics = {}
    responses = {}
    for name, raw in (data.get("topics") or {}).items():
        responses[name] = str(raw["response"])
        topics[name] = Answer(
            id=f"topic_{name}", intents=tuple(raw.get("intents") or ()), patterns=(),
            short=_clean(raw.get("short", "")), facts=tuple(raw.get("facts") or ()), examples=(), topic=name,
            cited=tuple(raw.get("cite") or ()),
        )
    return tuple(answers), topics, responses


def answers() -> tuple[Answer, ...]:
    return _answers()[0]


def topic_answer(topic: str) -> Answer | None:
    return _answers()[1].get(topic)


def topic_response(topic: str) -> str:
    """The domain.yml response that is the first bubble of ``topic``'s general answer."""
    return _answers()[2][topic]


def by_id(answer_id: str | None) -> Answer | None:
    if not answer_id:
        return None
    for a in answers():
        if a.id == answer_id:
            return a
    for a in _answers()[1].values():
        if a.id == answer_id:
            return a
    return None


def match(text_: str, intent: str | None, history: str = "") -> Answer | None:
    """The specific answer to ``text_`` asked under ``intent``: the first catalogue entry listing the
    intent whose pattern matches the normalised text (bot/nlu/normalize.normalize), else None. ``history``: the
    person's recent messages, where an `in_context` pattern's context may have been said."""
    from bot.nlu.normalize import normalize

    norm = re.sub(r"\s+", "", normalize(text_ or ""))
    if not norm or not intent:
        return None
    said = norm + "，" + re.sub(r"\s+", "", normalize(history or ""))
    for a in answers():
        if intent not in a.intents:
            continue
        if any(_asked_match(p, norm) for p in a.patterns) or any(
                _asked_match(p, norm) and c.search(said) for p, c in a.contextual):
            return a
    return None


# 「我问的是怎么才不会被抓 不是娃娃上学」 (persona trial s6 I4 #6: the school answer a third time): what follows 「不是」
# in a message that says what it asks is the question it does not ask (the words: bot.nlu.topics INSISTS, NOT_BEFORE)


def insists(text_: str) -> bool:
    """The message says what it asks (「我问的是X」「我是问X」): a question repeated because it was not answered."""
    from bot.nlu.normalize import normalize

    from bot.nlu.topics import INSISTS

    return bool(INSISTS.search(re.sub(r"\s+", "", normalize(text_ or ""))))


def _asked_match(pattern: re.Pattern[str], norm: str) -> bool:
    """``pattern`` matches ``norm`` at least once not right after 「不是」 in a message that says what it asks."""
    from bot.nlu.topics import INSISTS, NOT_BEFORE

    insisting = bool(INSISTS.search(norm))
    return any(not (insisting and NOT_BEFORE.search(norm[max(0, m.start() - 4):m.start()]))
               for m in pattern.finditer(norm))


def matches(answer_id: str, text_: str) -> bool:
    """Whether a pattern of the answer ``answer_id`` matches ``text_`` (normalised), whatever the intent: the
    reading uses it for the requests whose words have their home in an answer (「能不能说我失业了」)."""
    from bot.nlu.normalize import normalize

    a = by_id(answer_id)
    norm = re.sub(r"\s+", "", normalize(text_ or ""))
    return bool(a and norm and any(p.search(norm) for p in a.patterns))  # contextual patterns need their context


def matched_of(text_: str, a: Answer) -> str:
    """What ``a``'s patterns matched in ``text_`` (normalised), joined: the words the answer answers."""
    from bot.nlu.normalize import normalize

    norm = re.sub(r"\s+", "", normalize(text_ or ""))
    return "，".join(m.group(0) for p in a.all_patterns for m in p.finditer(norm))


def rest_of(text_: str, a: Answer) -> str:
    """``text_`` (normalised) without what ``a``'s patterns matched: the other questions of a compound message
    (「反催收呢」 is not also a question about 催收)."""
    from bot.nlu.normalize import normalize

    norm = re.sub(r"\s+", "", normalize(text_ or ""))
    for p in a.all_patterns:
        norm = p.sub("，", norm)
    return norm


def first_bubble(a: Answer) -> str:
    """The short answer and the source of the fact it rests on."""
    cited = cite(a.cites)
    return f"{a.short}\n{cited}" if cited else a.short
