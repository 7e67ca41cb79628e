"""Edits of the letter's hardship reason typed in words (issue 19 「forms that listen」, issue 23; persona trial s7 L2
#15–#17): 「把亂刷那句拿掉」, 「不是投訴啦 是那封分期申請書 困難原因那句 改成 打工的店倒閉了沒收入」, 「改原因」.

Pure (no Rasa). The reason is the person's own words (bot/finance/hardship.py): an edit takes a sentence out of it,
or puts other words of theirs in its place, and leaves the rest as it was; nothing is rewritten by guesswork.

* `parse(text)` → `EditRequest | None`: which sentence (the words quoted or named before 那句), and what replaces it
  (the words after 改成), or the whole reason said again (「困难原因改成…」);
* `apply(request, reason)` → `EditResult`: the new reason, or the words that no sentence of the reason holds;
* `names_letter(text)` / `names_complaint(text)`: whether the message says which document it edits (the complaint's
  edits have their own home, bot/complaint.py); `asks_to_correct(text)`: 「改原因」「原因写错了」 alone.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from bot.nlu.normalize import normalize

__all__ = ["EditRequest", "EditResult", "apply", "asks_to_correct", "clauses", "names_complaint", "names_letter",
           "parse", "spending_sentences"]

_SENTENCE = r"(?:那一句|这一句|那句|这句|那段|这段|那条|这条|那部分|这部分|那几个字|那里|这里)(?:话)?"
_DROP_VERB = r"(?:删除|删掉|删了|删|去掉|去除|拿掉|划掉|不要写|别写|不写|不要了|不要)"
_QUOTE_OPEN = "“\"「『‘'"
_QUOTE_CLOSE = "”\"」』’'"
_QUOTED = rf"[{_QUOTE_OPEN}](?P<q>[^{_QUOTE_CLOSE}]{{1,40}})[{_QUOTE_CLOSE}]"
# the words that name the sentence: no punctuation, no space (「把亂刷那句拿掉」 → 乱刷)
_WORDS = r"[^\s，。,.!！?？;；:：{q}{c}]{{1,16}}?".format(q=_QUOTE_OPEN, c=_QUOTE_CLOSE)
_DROP_RES = (
    re.compile(rf"{_QUOTED}(?:这句|那句|这段|那段)?(?:话)?(?:也|就|给我|帮我)?(?:能|可以)?{_DROP_VERB}"),
    re.compile(rf"(?:删|删掉|删除|去掉|拿掉|划掉)(?:掉|了)?(?:这句|那句)?(?:话)?{_QUOTED}"),
    re.compile(rf"把(?P<w>{_WORDS}){_SENTENCE}(?:话)?(?:给我|帮我|也)?(?:都)?(?:删除|删掉|删了|删|去掉|去除|拿掉|划掉|改)"),
    re.compile(rf"(?:删除|删掉|删了|删|去掉|去除|拿掉|划掉)(?:掉|了)?(?P<w>{_WORDS}){_SENTENCE}"),
    re.compile(rf"(?<![把删掉去拿划])(?!把)(?P<w>{_WORDS}){_SENTENCE}(?:话)?(?:也|就|给我|帮我)?(?:能|可以)?{_DROP_VERB}"),
    re.compile(r"(?:不要|别|不想|不用)(?:再)?(?:写|提)(?:上|进去)?(?P<w>[^\s，。,.!！?？;；]{2,16}?)(?:了|吧|啦|的事|这件事|那句)*$"),
)
# 「…改成 打工的店倒閉了沒收入 就好」: the words that go in its place
_REPLACE_RE = re.compile(
    r"(?:改成|改为|换成|写成|改写成|替换成|改一下写)[\s,，:：]*(?P<new>[^\s,，。].*?)[\s,，。!！~～]*"
    r"(?:就好了?|就行了?|就可以了?|好了|吧|啦|就这样)?[\s,，。!！~～]*$")
# 「困難原因那句 改成…」「原因改成…」「把原因改为…」: the whole reason said again
# 「申请书里那句原因能改下不 改成：…」 (persona trial s9 N1 #10: the old reason shown again): asked as a question, the new
# words after 改成 in the same message
_WHOLE_RE = re.compile(r"(?:困难|还不上的?|逾期的?)?(?:原因|理由)(?:那句|这句|那段|这段|那里|那个|部分)?(?:话)?"
                       r"[\s,，]*(?:要|得|帮我|给我|请|麻烦)?(?:能|能不能|可以|可不可以|能否)?(?:帮我|给我)?"
                       r"(?:改成|改为|换成|写成|改写成|改一下|改下|改改|重写)")
# the letter named: 申请书, the reason, 那封信 (「不是投訴啦 是剛剛那封給招商的分期申請書」)
_LETTER_RE = re.compile(r"申请书|申请信|协商信|那封信|这封信|信里|信上|信中|(?:困难|还不上的?)?原因|理由")
# the complaint named, and not denied (「不是投诉啦」 names the letter it is not)
_COMPLAINT_RE = re.compile(r"投诉")
_NOT_COMPLAINT_RE = re.compile(r"(?:不是|不是说|没说|没要)(?:写|要)?(?:那个|这个|那份)?投诉")
# 「改原因」「原因写错了」「我要改一下困难原因」 alone: the reason asked for again (the summary card's button, typed)
_CORRECT_ONLY_RE = re.compile(
    r"^(?:我要|我想|帮我|请|麻烦|能不能|可以)?(?:改|修改|更正|重写|重新写|换)(?:一下|下)?(?:我的|那个|这个|申请书的|申请书里的)?"
    r"(?:困难|还不上的?)?(?:原因|理由)(?:吧|一下|吗|嘛)?$"
    r"|^(?:困难|还不上的?)?(?:原因|理由)(?:要|得|想)?(?:改|修改|改一下|改下|重写|写错了|写得不对|不对|记错了)(?:一下|吧|啦|了)?$")
_STRIP_RE = re.compile(r"[\s，。！？!?,.~～…、]+")
# 「原因改一下 就是收入低…」: the words that lead to the new reason
_LEAD_RE = re.compile(r"^[\s，,:：。]*(?:(?:就是|其实是|应该是|是|改成|写成|为)[\s，,:：]*)*")
# the clauses of a reason (as it is stored: the person's words, spaces between their clauses)
_CLAUSE_SPLIT_RE = re.compile(r"[，,。；;！!？?、\n\s]+")
# words that say nothing about which sentence (「那句」 alone is no name)
_EMPTY_NAME_RE = re.compile(r"^(?:那|这|那个|这个|最后|前面|后面|上面|刚才|第[一二三四五六七八九十\d]+)?$")


@dataclass(frozen=True)
class EditRequest:
    """words: the words that name the sentence to take out (None: the whole reason); new: the words to put in its
    place (None: nothing, the sentence is only taken out)."""

    words: str | None
    new: str | None


@dataclass(frozen=True)
class EditResult:
    """reason: the reason after the edit (None: nothing left, or nothing changed); found: some sentence held the
    words; changed: the reason is not the same any more."""

    reason: str | None
    found: bool
    changed: bool


def _bare(text: str) -> str:
    return _STRIP_RE.sub("", normalize(text or "").strip().lower())


def names_letter(text: str) -> bool:
    """The message names the letter or its reason (申请书, 那封信, 困难原因 …)."""
    norm = normalize(text or "")
    return bool(_LETTER_RE.search(norm))


def names_complaint(text: str) -> bool:
    """The message names the complaint, and not to say it is not about it (「不是投诉啦」)."""
    norm = normalize(text or "")
    return bool(_COMPLAINT_RE.search(_NOT_COMPLAINT_RE.sub("", norm)))


def asks_to_correct(text: str) -> bool:
    """「改原因」「原因写错了」: the reason to be given again, with no new words in the message."""
    return bool(_CORRECT_ONLY_RE.match(_bare(text)))


def _new_words(norm: str, start: int) -> str | None:
    found = _REPLACE_RE.search(norm, start)
    if found is None:
        return None
    new = found.group("new").strip()
    return new if len(_bare(new)) >= 2 else None


def parse(text: str) -> EditRequest | None:
    """The edit a message asks of the reason, or None (see the module docstring)."""
    norm = normalize(text or "").strip()
    if not norm:
        return None
    for pattern in _DROP_RES:
        found = pattern.search(norm)
        if found is None:
            continue
        words = (found.groupdict().get("q") or found.groupdict().get("w") or "").strip()
        if _EMPTY_NAME_RE.match(_bare(words)) or _LETTER_RE.fullmatch(_bare(words)):
            continue
        return EditRequest(words=words, new=_new_words(norm, found.end()))
    whole = _WHOLE_RE.search(norm)
    if whole is not None:
        new = _new_words(norm, whole.start())
        if new is None:
            rest = _LEAD_RE.sub("", norm[whole.end():])
            new = rest if len(_bare(rest)) >= 2 else None
        if new is not None:
            return EditRequest(words=None, new=new)
    return None


def clauses(reason: str | None) -> list[str]:
    """The clauses of a reason as said (its spaces and commas are where the person paused)."""
    return [c for c in _CLAUSE_SPLIT_RE.split(normalize(reason or "").strip()) if c]


def _holds(clause: str, words: str) -> bool:
    """The clause holds the words, or all their characters in order (「买手机那句」 for 「之前乱刷买了手机跟课程」)."""
    clause, words = _bare(clause), _bare(words)
    if len(words) < 1:
        return False
    if words in clause:
        return True
    if len(words) < 2:
        return False
    position = 0
    for char in words:
        position = clause.find(char, position)
        if position < 0:
            return False
        position += 1
    return True


def apply(request: EditRequest, reason: str | None) -> EditResult:
    """The reason after the edit: the sentences that hold the words taken out (the new words, when given, in the
    place of the first), the rest kept as said; the whole reason replaced when no sentence is named."""
    if request.words is None:
        new = normalize(request.new or "").strip()
        return EditResult(reason=new or None, found=True, changed=bool(new) and new != normalize(reason or "").strip())
    parts = clauses(reason)
    hits = [i for i, clause in enumerate(parts) if _holds(clause, request.words)]
    words = _bare(request.words)
    # 「信里可以乱刷那句删掉」: the name is the end of the words before 那句 (the longest end that a sentence holds)
    for size in range(len(words) - 1, 1, -1):
        if hits:
            break
        hits = [i for i, clause in enumerate(parts) if words[-size:] in _bare(clause)]
    if not hits:
        return EditResult(reason=None, found=False, changed=False)
    kept: list[str] = []
    for index, clause in enumerate(parts):
        if index not in hits:
            kept.append(clause)
        elif index == hits[0] and request.new:
            kept.append(normalize(request.new).strip())
    new_reason = "，".join(kept) or None
    return EditResult(reason=new_reason, found=True, changed=True)


# words that say the money went on the person's own spending (persona trial s7 L2 #13: 「之前亂刷買了手機跟課程」 went into
# the letter without a word): the summary points the sentence out once and asks whether to keep it (actions/plan.py)
_SPENDING_RE = re.compile(
    r"乱刷|瞎刷|乱花|瞎花|乱买|瞎买|乱消费|过度消费|超前消费|冲动消费|大手大脚|挥霍|败家|奢侈|"
    r"网赌|赌博|赌钱|赌球|赌输|赌|打赏|主播|游戏充值|充游戏|充值游戏|氪金|买彩票|彩票|炒币|套现|购物上瘾|网购上瘾|月光")


def spending_sentences(reason: str | None) -> list[tuple[str, str]]:
    """(sentence, word) for each clause of the reason that says the money went on the person's own spending."""
    found = []
    for clause in clauses(reason):
        word = _SPENDING_RE.search(clause)
        if word is not None:
            found.append((clause, word.group()))
    return found
