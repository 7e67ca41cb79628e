"""Pure parts of the staff console (no Sanic, no database): the forbidden-phrase checker, the
suggested scripts and the case analysis from parsed text + finance engine (accounts, passwords and the
login throttle: `bot.channels.staff_policy`).

Data lives next to this module: `console_forbidden.yml` (collection-conduct rules, DOMAIN.md §6) and
`console_scripts.yml` (compliant scripts per intent). Both are read once, lazily.
"""
from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from bot import topics

DATA_DIR = Path(__file__).resolve().parent
FORBIDDEN_FILE = DATA_DIR / "console_forbidden.yml"
SCRIPTS_FILE = DATA_DIR / "console_scripts.yml"

MAX_REPLY_CHARS = 2000


FIELDS = ("bank", "debt_amount", "overdue_days", "monthly_income")
# upper bounds of what a console form may carry (beyond them a value is a typo, not a case)
FIELD_LIMITS = {
    "debt_amount": Decimal("10000000"),
    "overdue_days": Decimal("3650"),
    "monthly_income": Decimal("1000000"),
}

# ---------------------------------------------------------------------------------------------
# forbidden phrases

# Characters dropped before matching, so that 「抓 你」 or 「公安\u200b上门」 are still caught.
_INVISIBLE = {" ", "\t", "\r", "\u00a0", "\u3000", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}
_CLAUSE_BREAK = "，。！？,.!?；;：:\n"
# A negation, then only function words up to the match: 「不会坐牢」「没有所谓的黑名单」「不得冒充法院」
# 「我们不会在晚上十点以后给您打电话」. Anything else in between (「没有还钱就抓你」) is not a negation.
_NEGATION_RE = re.compile(
    r"(?:不会|不至于|不用|不需要|无需|不必|没有|不是|并非|并不|不存在|不可能|不要怕|别怕|不用担心|不要担心|"
    r"不得|禁止|严禁|不能|不可以|不应|不应该|不允许|不准|绝不|决不|从不|编造|虚构|所谓|谣传|误以为|冒充|假冒)"
    # 「不会因为还不上就坐牢」: a reason clause between the negation and the phrase
    r"(?:会|被|要|去|用|再|就|因此|所谓的?|什么|任何|的|有人|人|我们|银行|在|“|\"|「|『|'|"
    r"(?:因为|由于)[^，。！？,.!?；;]{1,10}?(?:就|而))*$"
)
_NEGATION_WINDOW = 24


@dataclass(frozen=True)
class ForbiddenRule:
    id: str
    category: str
    rule: str
    source: str
    certainty: str
    suggestion: str
    negatable: bool
    patterns: tuple[re.Pattern[str], ...]
    # a match whose clause so far matches one of these is not flagged (the cardholder as the one who acts)
    exempt_after: tuple[re.Pattern[str], ...] = ()


@dataclass(frozen=True)
class Flag:
    """One forbidden phrase: ``text[start:end] == phrase`` (offsets in code points of the text sent)."""

    phrase: str
    rule: str
    source: str
    start: int
    end: int
    rule_id: str
    category: str
    certainty: str
    suggestion: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "phrase": self.phrase, "rule": self.rule, "source": self.source, "start": self.start,
            "end": self.end, "rule_id": self.rule_id, "category": self.category,
            "certainty": self.certainty, "suggestion": self.suggestion,
        }


def _fold(char: str) -> str:
    # full-width Latin and digits → ASCII (ＳＢ → SB); keep a character whose NFKC form is longer
    # than one character, so offsets map one to one
    folded = unicodedata.normalize("NFKC", char)
    return folded if len(folded) == 1 else char


def normalise_for_matching(text: str) -> tuple[str, list[int]]:
    """``text`` without invisible characters and with full-width forms folded, and for each character
    of the result its index in ``text``."""
    chars: list[str] = []
    index: list[int] = []
    for i, char in enumerate(text):
        if char in _INVISIBLE:
            continue
        chars.append(_fold(char))
        index.append(i)
    return "".join(chars), index


@functools.lru_cache(maxsize=4)
def load_forbidden_rules(path: str | Path = FORBIDDEN_FILE) -> tuple[ForbiddenRule, ...]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    rules = []
    for raw in data.get("rules") or []:
        patterns = tuple(re.compile(str(p), re.IGNORECASE) for p in raw.get("patterns") or [])
        if not patterns:
            raise ValueError(f"{path}: rule {raw.get('id')!r} has no patterns")
        rules.append(ForbiddenRule(
            id=str(raw["id"]), category=str(raw["category"]), rule=" ".join(str(raw["rule"]).split()),
            source=str(raw["source"]), certainty=str(raw.get("certainty", "official")),
            suggestion=" ".join(str(raw.get("suggestion", "")).split()),
            negatable=bool(raw.get("negatable", False)), patterns=patterns,
            exempt_after=tuple(re.compile(str(p), re.IGNORECASE) for p in raw.get("exempt_after") or []),
        ))
    return tuple(rules)


def _clause_before(norm: str, start: int) -> str:
    prefix = norm[max(0, start - _NEGATION_WINDOW):start]
    for mark in _CLAUSE_BREAK:
        cut = prefix.rfind(mark)
        if cut >= 0:
            prefix = prefix[cut + 1:]
    return prefix


def _negated(norm: str, start: int) -> bool:
    return bool(_NEGATION_RE.search(_clause_before(norm, start)))


def _exempt(rule: ForbiddenRule, norm: str, start: int) -> bool:
    if not rule.exempt_after:
        return False
    prefix = _clause_before(norm, start)
    return any(p.search(prefix) for p in rule.exempt_after)


def check_reply(text: str, rules: Iterable[ForbiddenRule] | None = None) -> list[Flag]:
    """Every forbidden phrase in a staff member's draft reply, in text order.

    A phrase is flagged once per rule (overlapping matches of one rule merge into the longest);
    different rules may flag overlapping phrases (「公安上门抓你」 is a threat of arrest twice over).
    """
    if not text:
        return []
    rules = load_forbidden_rules() if rules is None else tuple(rules)
    norm, index = normalise_for_matching(text)
    flags: list[Flag] = []
    for rule in rules:
        spans: list[tuple[int, int]] = []
        for pattern in rule.patterns:
            for match in pattern.finditer(norm):
                if match.end() == match.start():
                    continue
                if rule.negatable and _negated(norm, match.start()):
                    continue
                if _exempt(rule, norm, match.start()):
                    continue
                spans.append((match.start(), match.end()))
        for start, end in _merge(spans):
            o_start, o_end = index[start], index[end - 1] + 1
            flags.append(Flag(
                phrase=text[o_start:o_end], rule=rule.rule, source=rule.source, start=o_start, end=o_end,
                rule_id=rule.id, category=rule.category, certainty=rule.certainty, suggestion=rule.suggestion,
            ))
    flags.sort(key=lambda f: (f.start, f.end, f.rule_id))
    return flags


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


# ---------------------------------------------------------------------------------------------
# scripts


@dataclass(frozen=True)
class Script:
    intent: str
    label: str
    text: str
    sources: tuple[dict[str, str], ...]


@functools.lru_cache(maxsize=4)
def load_scripts(path: str | Path = SCRIPTS_FILE) -> dict[str, Any]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    if "default" not in data or "intents" not in data:
        raise ValueError(f"{path}: needs `default` and `intents`")
    return data


def _clean(text: str) -> str:
    # YAML folded scalars leave a space where the source line broke inside a Chinese sentence
    text = " ".join(str(text).split())
    return re.sub(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])", "", text)


# intents that are no question to answer in a call script (the customer informs, greets, agrees…):
# `question: false` in bot/topics/registry.yml, and Rasa's fallback
NOT_QUESTIONS = topics.not_questions() | {"nlu_fallback"}


_FACT_REF = re.compile(r"\{fact:(\w+)\}")


def _facts_in(text: str) -> str:
    """``{fact:key}`` → the text of that fact of bot/facts.yml: a script quotes a legal fact, never restates it."""
    from bot import facts as F

    return _FACT_REF.sub(lambda m: F.text(m.group(1)), text)


def intent_label(intent: str | None) -> str:
    """The agent's wording of ``intent``: the registry's `console` (bot/topics/registry.yml), else 「其他」."""
    return topics.console_label(intent) or str(load_scripts()["default"].get("label", intent or ""))


def _money(value: Any, estimate: bool = False) -> str:
    """元 as the agent says it on the call (「约三千六百八十元」, bot/spoken.py); the exact figure is on
    the screen beside the script."""
    from bot.spoken import speak_yuan

    try:
        return speak_yuan(Decimal(str(value)), estimate=estimate)
    except (InvalidOperation, ValueError):
        return f"{value}元"


# a certainty tag of DOMAIN.md's sources ([law] …) as the console shows it: never the raw tag
# DOMAIN.md's labels only (法律规定 / 官方文件 / 行业自律 / 权威报道 / 通常做法): a [quoted] fact is one known from
# consistent quotes, never shown as a document read (issue 23 item 10)
TAG_LABELS = {"law": "法律规定", "quoted": "权威报道", "practice": "通常做法", "default": "默认值"}
_TAG_RE = re.compile(r"\s*\[(law|quoted|practice|default)\]")


def untag(value: Any) -> Any:
    """Every string in `value` (nested dicts and lists too) with 「[law]」 tags as 「（法律规定）」."""
    if isinstance(value, str):
        return _TAG_RE.sub(lambda m: f"（{TAG_LABELS[m.group(1)]}）", value)
    if isinstance(value, dict):
        return {k: untag(v) for k, v in value.items()}
    if isinstance(value, list):
        return [untag(v) for v in value]
    return value


CONDITION_WORDS = {"met": "满足", "not_met": "不满足", "unknown": "无法判断"}
CRIMINAL_INTENTS = ("ask_criminal_risk", "ask_consequences", "ask_lawsuit")


def criminal_answer(criminal: Mapping[str, Any]) -> str:
    """「我会不会被抓？」 answered from the finance engine's assessment (bot.finance.consequences, whose
    texts live in bot/finance/templates.py): the verdict first, then each condition — an unknown one is
    「无法判断」, never 「不满足」 (DOMAIN.md §4) — the tier and what repaying changes."""
    lines = [str(criminal.get("summary") or "")]
    for condition in criminal.get("conditions") or []:
        word = CONDITION_WORDS.get(condition.get("status"), "无法判断")
        lines.append(f"{condition.get('label')}：{word}（{condition.get('note')}）")
    if criminal.get("tier_text"):
        lines.append(str(criminal["tier_text"]))
    if criminal.get("mitigation"):
        lines.append(str(criminal["mitigation"]))
    return "\n".join(line for line in lines if line)


def timeline_lines(consequences: Mapping[str, Any]) -> list[str]:
    """What applies now and what may come next, in the order of the timeline (DOMAIN.md §3)."""
    now = [s for s in consequences.get("stages") or [] if s.get("status") in ("current", "possible")]
    later = [s for s in consequences.get("stages") or [] if s.get("status") == "upcoming"]
    from bot.spoken import speak_range

    lines = [f"现在：{s['title']}——{s['text']}" for s in now]
    lines += [f"之后可能：{s['title']}——{s['text']}" for s in later]
    return [speak_range(untag(line)) for line in lines]


def _rate_text(rate: Any) -> str:
    from bot.finance.templates import rate_text

    try:
        return rate_text(Decimal(str(rate)))
    except (InvalidOperation, ValueError):
        return "约定利率"


def _entry(intent: str | None) -> tuple[str | None, Mapping[str, Any]]:
    data = load_scripts()
    intents = data["intents"] or {}
    key = intent if intent in intents else None
    return key, (intents[key] if key else data["default"])


def _question_parts(intent: str | None, consequences: Mapping[str, Any] | None, bank: str | None,
                    criminal_said: bool = False) -> list[str]:
    """The answer to one question: its script, or for 「会不会坐牢」 the assessment itself (once per
    script: `criminal_said` when an earlier answer of the same call gave it)."""
    key, entry = _entry(intent)
    parts = [_facts_in(_clean(entry["script"])).replace("{bank_or_card}", bank or "")]
    criminal = (consequences or {}).get("criminal") or {}
    if intent in CRIMINAL_INTENTS and criminal and not criminal_said:
        if intent == "ask_criminal_risk":
            # the question itself: answered from the assessment, not by a generic paragraph
            parts[0] = criminal_answer(criminal)
        else:
            parts.append(criminal_answer(criminal))
    if intent == "ask_consequences" and consequences:
        parts.extend(timeline_lines(consequences))
    return parts


def _figure_parts(figures: Mapping[str, Any] | None, consequences: Mapping[str, Any] | None) -> list[str]:
    """The figures and the 征信 status, each once, in words to be read aloud."""
    from bot.spoken import speak_range

    blocks = load_scripts().get("blocks") or {}
    parts = []
    if figures:
        # due today is not "inside 0 days of grace" (a bank without grace has none: issue 23 item 8)
        if figures.get("within_grace") and figures.get("overdue_days"):
            parts.append(_clean(blocks["figures_grace"]).format(
                bank=figures.get("bank") or "银行", days=figures.get("overdue_days"),
                grace=figures.get("grace_days"),
            ))
        else:
            parts.append(_clean(blocks["figures"]).format(
                bank=figures.get("bank") or "银行", rate=_rate_text(figures.get("daily_rate")),
                days=figures.get("overdue_days"), principal=_money(figures.get("principal")),
                interest=_money(figures.get("total_interest"), True),
                penalty=_money(figures.get("total_penalty"), True),
                total=_money(figures.get("total_owed"), True),
            ))
    if consequences:
        code = consequences.get("credit_code")
        if code and code != "N":
            parts.append(_clean(blocks["credit_code"]).format(
                code=code, code_text=speak_range(consequences.get("credit_code_text", ""))
            ))
    return parts


def _sources(entry: Mapping[str, Any]) -> list[dict[str, str]]:
    return [{"text": _clean(s["text"]), "certainty": str(s.get("certainty", "practice"))}
            for s in entry.get("sources") or []]


def suggest_script(
    intent: str | None,
    *,
    figures: Mapping[str, Any] | None = None,
    consequences: Mapping[str, Any] | None = None,
    bank: str | None = None,
) -> Script:
    """The compliant script for ``intent`` (default script when unknown), followed by the figure and
    consequence blocks that the known values allow."""
    key, entry = _entry(intent)
    parts = _question_parts(intent, consequences, bank) + _figure_parts(figures, consequences)
    return Script(intent=key or "default", label=intent_label(key), text="\n".join(parts),
                  sources=tuple(_sources(entry)))


def answers(questions: Iterable[str], *, consequences: Mapping[str, Any] | None = None,
            bank: str | None = None) -> list[tuple[str, str, str]]:
    """(intent, label, answer) for each question asked, in order, without the figures (shown once
    beside them): the answer an agent pastes into a chat, so the short answer of the question's own topic.
    The criminal assessment (the 恶意透支 checklist) only answers 「会不会坐牢」 itself, never 「会不会被起诉」
    or 「有什么后果」 (issue 21 trial: ~450 characters the cardholder never asked about), and the case's
    timeline stays in the call script and the analysis panel."""
    out = []
    for intent in dict.fromkeys(q for q in questions if q and q not in NOT_QUESTIONS):
        parts = _question_parts(intent, consequences, bank, intent != "ask_criminal_risk")
        # the topic's own script; the case's timeline (ask_consequences) stays in the call script
        out.append((intent, intent_label(intent), "\n".join(parts if intent == "ask_criminal_risk" else parts[:1])))
    return out


def call_script(
    questions: Iterable[str],
    *,
    figures: Mapping[str, Any] | None = None,
    consequences: Mapping[str, Any] | None = None,
    bank: str | None = None,
) -> Script:
    """One script for a call that answers every question the customer asked (intents, in the order
    asked; repeats and non-questions left out), then the figures once."""
    asked = list(dict.fromkeys(q for q in questions if q and q not in NOT_QUESTIONS))
    if len(asked) <= 1:
        return suggest_script(asked[0] if asked else None, figures=figures, consequences=consequences, bank=bank)
    parts: list[str] = []
    sources: list[dict[str, str]] = []
    criminal_said = False
    if "ask_criminal_risk" in asked:  # answered first of all: the question that frightens most
        asked.remove("ask_criminal_risk")
        asked.insert(0, "ask_criminal_risk")
    for number, intent in enumerate(asked, start=1):
        key, entry = _entry(intent)
        answer = _question_parts(intent, consequences, bank, criminal_said)
        criminal_said = criminal_said or intent in CRIMINAL_INTENTS
        parts.append(f"{number}. 关于{intent_label(key)}：{answer[0]}")
        parts.extend(answer[1:])
        sources.extend(s for s in _sources(entry) if s not in sources)
    parts.extend(_figure_parts(figures, consequences))
    labels = "、".join(intent_label(_entry(i)[0]) for i in asked)
    return Script(intent="+".join(asked), label=labels, text="\n".join(parts), sources=tuple(sources))


# ---------------------------------------------------------------------------------------------
# analysis of a case: fields from the form override what the words say


@dataclass
class CaseFields:
    bank: str | None = None
    debt_amount: Decimal | None = None
    overdue_days: int | None = None
    monthly_income: Decimal | None = None
    origin: dict[str, str] = field(default_factory=dict)  # field → "form" | "text"

    def to_dict(self) -> dict[str, Any]:
        return {
            "bank": self.bank,
            "debt_amount": None if self.debt_amount is None else float(self.debt_amount),
            "overdue_days": self.overdue_days,
            "monthly_income": None if self.monthly_income is None else float(self.monthly_income),
            "origin": dict(self.origin),
        }


class FieldError(ValueError):
    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}")
        self.field = name
        self.message = message


def _decimal_field(name: str, value: Any) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise FieldError(name, "应为数字")
    try:
        number = Decimal(str(value).replace(",", "").replace("，", "").strip())
    except (InvalidOperation, ValueError):
        raise FieldError(name, "应为数字") from None
    if not number.is_finite() or number < 0 or number > FIELD_LIMITS[name]:
        raise FieldError(name, f"应在0到{FIELD_LIMITS[name]:,}之间")
    return number


def form_fields(body: Mapping[str, Any]) -> dict[str, Any]:
    """The optional form fields of an analyze request, validated (FieldError names the bad one)."""
    out: dict[str, Any] = {}
    bank = body.get("bank")
    if bank is not None and not isinstance(bank, str):
        raise FieldError("bank", "应为银行名称")
    if isinstance(bank, str) and bank.strip():
        if len(bank.strip()) > 20:
            raise FieldError("bank", "银行名称过长")
        out["bank"] = bank.strip()
    for name in ("debt_amount", "monthly_income"):
        value = _decimal_field(name, body.get(name))
        if value is not None:
            out[name] = value
    days = _decimal_field("overdue_days", body.get("overdue_days"))
    if days is not None:
        if days != days.to_integral_value():
            raise FieldError("overdue_days", "应为整数天数")
        out["overdue_days"] = int(days)
    return out


def merge_fields(entities: Iterable[Mapping[str, Any]], form: Mapping[str, Any],
                 canonical_bank: Callable[[str], str] | None = None) -> CaseFields:
    """The first value of each entity the words carry, overridden by the form's fields.

    ``amount`` (an amount whose role the sentence does not tell) counts as the debt when no
    ``debt_amount`` was found: staff paste what the customer owes far more often than their income.
    """
    found: dict[str, Any] = {}
    for entity in entities:
        name = entity.get("entity")
        if name in FIELDS and name not in found and entity.get("value") is not None:
            found[name] = entity.get("value")
    if "debt_amount" not in found:
        amount = next((e.get("value") for e in entities if e.get("entity") == "amount"), None)
        if amount is not None:
            found["debt_amount"] = amount
    result = CaseFields()
    for name in FIELDS:
        origin = None
        value = None
        if name in form:
            value, origin = form[name], "form"
        elif name in found:
            value, origin = found[name], "text"
        if value is None:
            continue
        try:
            if name == "bank":
                value = str(value)
                if canonical_bank is not None:
                    value = canonical_bank(value) or value
            elif name == "overdue_days":
                value = int(math.ceil(float(value)))
                if value < 0:
                    continue
            else:
                value = Decimal(str(value))
                if value < 0:
                    continue
        except (TypeError, ValueError, InvalidOperation):
            continue
        setattr(result, name, value)
        result.origin[name] = origin
    return result
