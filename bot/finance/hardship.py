"""The hardship reason in the letter's register (困难情况说明): the person's own words, cleaned of spoken
fillers, or — clause by clause — a rewrite that keeps their subject, cause and degree. The sentence goes
into a letter the person signs (issue 23): nothing in it may be more, less or other than what they said.

Rule-based and deliberately narrow. The reason is cut into clauses (，。；); a clause is rewritten only when
the whole of it is one of the few causes below, said by a known subject (我 → 本人, 老婆/老公 → 本人配偶, 我妈 →
本人母亲 …) with an optional time (去年, 2024年3月). Any clause with one more word (「生意不太好做」, 「工资降了一半」,
「意外怀孕」, 「投资失败了」) is kept as the person said it: a cause is never guessed, never made worse
(「严重亏损」) or lighter, and never moved to another person (「老婆失业了」 is 配偶失业, not 本人失业). Numbers of
7 digits or more (card, phone, ID) never survive.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from bot.finance import templates as t
from bot.nlu.normalize import LONE_SUBJECTS, strip_acknowledgements

# spoken fillers, longest first (a filler is never a fact)
_FILLERS = (
    "不是跟你说了吗", "不是和你说了吗", "不是已经说了吗", "我不是说了吗", "不是说了吗", "我刚才说了", "刚才说了",
    "跟你说了", "前面说过了", "前面说了", "我说过了", "我说了", "说过了", "你知道的", "怎么说呢", "说实话",
    "实话说", "老实说", "其实", "反正", "就是说", "就是", "那个", "这个嘛", "然后",
)
_INTERJECTIONS = re.compile(r"[嗯呃啊哎唉哈呀嘛呢吧啦呗]+(?=[，,。！!？?\s]|$)|^[嗯呃啊哎唉]+")
_LONG_DIGITS = re.compile(r"(?:\d[\s-]?){6,}\d")
_CLAUSES = re.compile(r"[^，,。；;！!？?\n]+")
# words that join a clause to the one before and carry no fact of their own
_CONNECTOR = re.compile(r"^(?:而且|并且|加上|再加上|还有|同时|所以|因为|由于|后来|结果)")
_ADVERB = r"(?:又|也|都|突然|还)?"

# who the clause is about: (pattern, key of templates.HARDSHIP_SUBJECTS); 我/本人 alone, or 我(的) + a relation
_SUBJECTS: tuple[tuple[str, str], ...] = (
    (r"老婆|妻子|媳妇|爱人|老公|丈夫", "spouse"),
    (r"爸爸|父亲|老爸|爸", "father"),
    (r"妈妈|母亲|老妈|妈", "mother"),
    (r"父母|爸妈", "parents"),
    (r"儿子", "son"),
    (r"女儿", "daughter"),
    (r"孩子|小孩", "child"),
    (r"家人|家里人", "family"),
)
_TIME = (
    r"\d{4}年(?:\d{1,2}月份?)?|(?:今年|去年|前年)(?:\d{1,2}月份?|年初|年底|上半年|下半年)?|上个月|这个月|年初|年底|"
    r"上半年|下半年|[一两二三四五六七八九十\d]+个月(?:前|以前)|半年(?:前|以前)|\d{1,2}月份?"
)
# the whole core of a clause → (cause key, key of templates.HARDSHIP_PHRASES); first match wins
_CORES: tuple[tuple[str, str, str], ...] = (
    (r"(?:被(?:公司|单位)?裁(?:员)?了?|(?:公司|单位)?裁员(?:被裁)?了?)(?:失业)?", "unemployment", "laid_off"),
    (r"失业|下岗|没了工作|丢了工作|工作(?:丢|没)了?|没工作", "unemployment", "unemployed"),
    (r"被(?:公司|单位)?(?:辞退|开除)", "unemployment", "dismissed"),
    (r"降薪|减薪|被降薪|(?:工资|收入)(?:降|下降|减少|变少|少)", "pay_cut", "pay_cut"),
    (r"(?:工资|薪水)(?:被)?拖欠|被拖欠工资|拖欠工资|欠薪|没发工资|工资没发", "pay_cut", "unpaid_wages"),
    (r"(?:做)?生意(?:上)?(?:亏|亏损|亏本|赔|赔钱)", "business", "business_loss"),
    (r"(?:做)?生意失败", "business", "business_failed"),
    (r"(?:生了?|得了?)(?:一)?场?(?:大病|重病)|得了?(?:大病|重病)", "illness", "serious_illness"),
    (r"(?:生病|病|得病)(?:了)?住院", "illness", "hospital"),
    (r"住院", "illness", "hospital_only"),
    (r"做了?(?:个|一个|一次)?手术", "illness", "surgery"),
    (r"生病|病|患病|得病|生了?(?:一)?场病", "illness", "ill"),
    (r"离婚", "family", "divorce"),
    (r"去世|过世|病故|病逝", "family", "died"),
)
_SUBJECT = "(?P<subject>" + "|".join(f"(?:我的?|本人)?(?:{p})" for p, _ in _SUBJECTS) + "|我|本人)?"
_CLAUSE_RULE = re.compile(
    rf"{_SUBJECT}(?P<t1>{_TIME})?(?P<subject2>我|本人)?(?P<t2>{_TIME})?{_ADVERB}"
    r"(?P<core>.+?)(?:了|啦|的)*$"
)
_LOW_NOT_FALLEN = re.compile(r"少[啦的]*$")
_CORE_RULES = tuple((re.compile(rf"(?:{p})"), cause, phrase) for p, cause, phrase in _CORES)


# the person's own words that they cannot pay as agreed (the letter's hardship claim comes only from them or from the
# figures; bot/finance/plan.py hardship_said): 还不上/还不起, 没钱还, 拿不出, 无力, 失业/没工作/没收入
_CANNOT_PAY = re.compile(t.CANNOT_PAY_WORDS)
_NOT_CANNOT = re.compile(t.NOT_CANNOT_PAY_WORDS)


def says_cannot_pay(reason: str | None) -> bool:
    """The reason says the person cannot pay (「失业了」「工资降了还不上」), not only why a payment was short
    (「上个月我爸住院花了钱 所以只还了500」)."""
    text = _NOT_CANNOT.sub("", reason or "")
    return bool(_CANNOT_PAY.search(text))


@dataclass(frozen=True)
class HardshipText:
    """sentence: the letter's sentence(s), ending in 。, or "" when nothing was said; causes: the causes of the
    rewritten clauses, in order; own_words: True when at least one clause is kept as the person said it."""

    sentence: str
    causes: tuple[str, ...]
    own_words: bool

    @property
    def recognised(self) -> bool:
        """Every clause was rewritten into the letter's register (nothing kept verbatim)."""
        return bool(self.sentence) and not self.own_words


def strip_fillers(text: str) -> str:
    """The words without spoken fillers, acknowledgements and interjections, whitespace collapsed."""
    cleaned = _LONG_DIGITS.sub("", strip_acknowledgements(text or ""))
    for filler in _FILLERS:
        cleaned = cleaned.replace(filler, "")
    cleaned = _INTERJECTIONS.sub("", cleaned)
    cleaned = _join_spoken(cleaned)
    return re.sub(r"^[，,。；;！!？?、]+|[，,；;、]+$", "", cleaned)


_CJK = re.compile(r"[\u4e00-\u9fff]")
_LAST_CLAUSE = re.compile(r"[^，,。；;！!？?、]*$")


def _join_spoken(text: str) -> str:
    """Spaces a chat message puts between clauses become 「，」 (probe: 「收入低 房租贵 攒不下钱」 was printed as
    「收入低房租贵攒不下钱」); a space after a lone subject (「我 老婆失业了」) or around a number just goes."""
    parts = [p for p in re.split(r"\s+", text.strip()) if p]
    out = ""
    for part in parts:
        if out:
            before = _LAST_CLAUSE.search(out).group(0)
            after = _CLAUSES.match(part)
            joined = before + (after.group(0) if after else "")
            clause_break = (_CJK.match(out[-1]) and _CJK.match(part[0]) and len(before) >= 2
                            and before not in LONE_SUBJECTS and not re.fullmatch(_TIME, before)
                            and rewrite_clause(_CONNECTOR.sub("", joined)) is None)
            out += "，" if clause_break else ""
        out += part
    return out


def _subject_key(words: str | None) -> str:
    if not words:
        return "self"
    relation = re.sub(r"^(?:我的?|本人)", "", words)
    if not relation:
        return "self"
    for pattern, key in _SUBJECTS:
        if re.fullmatch(pattern, relation):
            return key
    return "self"


def _time_text(when: str | None) -> str:
    return (when or "").replace("月份", "月").replace("以前", "前")


def rewrite_clause(clause: str) -> tuple[str, str] | None:
    """(cause key, the clause in the letter's register) when the whole clause is one known cause said by a
    known subject, else None (the clause is then kept as said)."""
    match = _CLAUSE_RULE.fullmatch(clause)
    if not match or (match.group("subject") and match.group("subject2")):
        return None
    core = match.group("core")
    for pattern, cause, phrase in _CORE_RULES:
        if pattern.fullmatch(core):
            subject = _subject_key(match.group("subject"))
            if phrase == "died" and subject == "self":
                return None  # 「去世」 said of nobody: not a sentence about the person
            if phrase == "pay_cut" and _LOW_NOT_FALLEN.search(clause):
                return None  # 「工资少」 says the pay is low, not that it fell (「工资少了」): never 「收入下降」
            when = _time_text(match.group("t1") or match.group("t2"))
            text = t.HARDSHIP_PHRASES[phrase].format(who=t.HARDSHIP_SUBJECTS[subject], when=when)
            return cause, text
    return None


def clean_reason(raw: str | None) -> HardshipText:
    """The letter's sentence for the reason the person gave (see the module docstring)."""
    from bot.nlu.distress import without_signals

    # never a despair sentence in a letter the person signs (persona trial H3 #12: the letter opened with
    # 「我真的是一点路都没有了」), whatever was stored before this rule
    text = strip_fillers(without_signals(raw or ""))
    parts: list[str] = []
    causes: list[str] = []
    own_words = False
    for clause in _CLAUSES.findall(text):
        clause = _CONNECTOR.sub("", clause.strip())
        if not clause:
            continue
        rewritten = rewrite_clause(clause)
        if rewritten is None:
            parts.append(clause)
            own_words = True
        else:
            causes.append(rewritten[0])
            parts.append(rewritten[1])
    if not parts:
        return HardshipText("", (), False)
    return HardshipText("，".join(parts) + "。", tuple(causes), own_words)
