"""A complaint about abusive collection, from what the cardholder said (DOMAIN §6). Pure: no Rasa, no I/O.

``incident(messages)`` reads the acts out of the person's own words — when, who called, what was said, who
else was contacted — and ``complaint_document(incident, bank, today)`` writes the complaint to the bank
(copy to 12378) as a plain ``ComplaintDocument``: a title, paragraphs and signature lines, the shape the
document renderer (PDF/DOCX, ``bot/documents/``) takes, and ``as_text()`` for one copyable chat message.

Each act names the rule it breaks (``RULES``, from DOMAIN §6, with its certainty): 2011《商业银行信用卡业务
监督管理办法》第六十八条 [quoted], 中国银行业协会《金融机构个人消费类贷款催收工作指引（试行）》(2026, self-
regulation) [quoted], 民法典 第1032–1033条 and 个人信息保护法 for third parties, 治安管理处罚法 for threats
repeated. Every text taken from the person is masked with ``bot.privacy.mask_text`` (a card, ID or mobile
number never reaches the document in full); what the person did not say is left as a blank to fill in.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Callable

import yaml

from bot.documents.model import Block, Document
from bot.finance.hardship import strip_acknowledgements
from bot.nlu.distress import signal_in
from bot.privacy import mask_text

_DATA = yaml.safe_load((Path(__file__).with_name("complaint.yml")).read_text(encoding="utf-8"))
_T: dict[str, Any] = _DATA["text"]
_SOURCES: dict[str, str] = _DATA["sources"]
BLANK = _T["blank"]
LIST_SEPARATOR = _T["list_separator"]
NOTHING_CHANGED = (_T["already"], _T["unchanged"])  # the lines of an edit that changed nothing (``edit_line``)


def changed_nothing(line: str | None) -> bool:
    """``line`` (``edit_line``) says the edit changed nothing: already so, not found, or no such sentence."""
    return line in NOTHING_CHANGED or bool(line and line.startswith(_T["not_there"].split("“")[0]))


@dataclass(frozen=True)
class Rule:
    act: str  # the act, as the complaint states it
    rule: str  # the rule it breaks, with its source
    certainty: str  # DOMAIN's certainty of the rule: law | quoted | practice
    verdict: str = "breaks"  # breaks: the act is against the rule | check: allowed in itself, the bank checks it


RULES: dict[str, Rule] = {
    kind: Rule(raw["act"], raw["rule"].format(**_SOURCES), raw.get("certainty", "quoted"), raw.get("verdict", "breaks"))
    for kind, raw in _DATA["rules"].items()
}
_ACTS = {kind: re.compile(p.replace("<CALLS_OTHER>", _DATA["calls_other"]).replace("<OBJ>", _DATA["object"]))
         for kind, p in _DATA["patterns"].items()}
_TELL = re.compile(_DATA["tell"])
_INSULT_WHOM = re.compile(_DATA["insult_whom"])
_THREAT_WHOM = re.compile(_DATA["threat_whom"])
_SAID = re.compile(_DATA["said"])
_VISIT_KINDS = ("visit", "visit_threat", "visit_block")  # read together, in _clause_kinds
_VISIT_SAID = ("visit_threat", "visit_announced")  # a visit only said: never what 「他们没来过」 denies
_NOT_A_REPORT = re.compile(_DATA["not_a_report"])
_HYPOTHETICAL = re.compile(_DATA["hypothetical"])
_SPEECH_BEFORE = re.compile(_DATA["speech_before"])
_SPEECH_OPEN = re.compile(_DATA["speech_open"])
_REDATE = re.compile(_DATA["redate"])
_QUESTION = re.compile(_DATA["question"])
_ASKING = re.compile(_DATA["asking"])
_QUESTION_END = re.compile(_DATA["question_end"])
_DISOWN = re.compile(_DATA["disown"])
_DISOWN_EDGES = re.compile(_DATA["disown_edges"])
_QUOTED = re.compile(_DATA["quoted"])
_CORRECTION = re.compile(_DATA["correction"])
_NOT_HAPPENED = re.compile(_DATA["not_happened"])
_NEGATION = re.compile(_DATA["negation"])
_THIRD_PARTY_SAID = re.compile(_DATA["third_party_said"])
_DELETE = re.compile(_DATA["delete"])
_WROTE = re.compile(_DATA["wrote"])
_REATTRIBUTED = re.compile(_DATA["reattributed"])
_HOLDER_RELATIVE = (re.compile(_DATA["holder_relative"]), re.compile(_DATA["holder_asked_for"]),
                    re.compile(_DATA["holder_card_of"]))
_SPEAKER_RELATION = re.compile(_DATA["speaker_relation"])
_HOLDER_OF_SPEAKER: dict[str, dict[str, str]] = _DATA["holder_of_speaker"]
_CONTACTS_ME = re.compile(_DATA["contacts_me"])
_VIOLENCE_UNSURE = re.compile(_DATA["violence_unsure"])
_NEGATED_BEFORE = re.compile(_DATA["negated_before"])
_DEMAND_PAY_RELATIVE = re.compile(_DATA["demand_pay_relative"])
_NOT_GUARANTOR = re.compile(_DATA["not_guarantor"])
_HOLDER_SUBJECT = re.compile(_DATA["holder_subject"])
_REPEAT_FILLERS = re.compile(_DATA["repeat_fillers"])
_LINE_NAMED = re.compile(_DATA["line_named"])
_COMPLAINANT_ASKED = re.compile(_DATA["complainant_asked"])
_UNSURE_ANSWERED = re.compile(_DATA["unsure_answered"])
_ABOUT_DOCUMENT = re.compile(_DATA["about_document"].replace("<FIELD_EDIT>", _DATA["field_edit"]))
_FIELD_EDIT = re.compile(_DATA["field_edit"])
_NAME_FIELD = re.compile(_DATA["name_field"])
_NAME_SAID = re.compile(_DATA["name_said"].replace("<SURNAMES>", _DATA["surnames"]))
_TIME_FIX = re.compile(_DATA["time_fix"])
_TIME_NAMED = re.compile(_DATA["time_named"].replace("<WHEN>", _DATA["when"]))
_RELATIVE_DAYS: dict[str, int] = _DATA["relative_days"]
_RELATIVE_DAY = re.compile("|".join(sorted(_RELATIVE_DAYS, key=len, reverse=True)))
_WEEKDAY = re.compile(_DATA["weekday"])
_DATE_WRITTEN = _DATA["date_written"]
_CONTINUES = re.compile(_DATA["continues"])
_CONTINUED = re.compile(_DATA["continued"])
_DETAIL = re.compile(_DATA["detail"])
_QUALIFIER_FILLERS = re.compile(_DATA["qualifier_fillers"])
# the holder's relation as the stored complaint's header line has it (complainant_relative: 持卡人：＿＿（我的女儿）)
_STORED_HOLDER = re.compile(re.escape(_T["complainant_relative"].split("{relation}")[0].split("　")[-1]).replace(
    re.escape("{blank}"), ".*?") + r"(.+?)）")
_TOLD_DEBT = re.compile(_DATA["told_debt"])
_HOLDER_UNREACHABLE = re.compile(_DATA["holder_unreachable"])
_PEOPLE_SPOUSE = frozenset(_DATA["people_spouse"])
_WILLING = re.compile(_DATA["willing"])
_PEOPLE = re.compile(_DATA["people"])
_PEOPLE_NAMES: dict[str, str] = _DATA["people_names"]
_PEOPLE_FAMILY = frozenset(_DATA["people_family"])
# the acts that are words said (a threat, an insult …), each with the pattern that finds its words in a clause
_TOLD_KINDS: dict[str, str] = _DATA["told_kinds"]
# the words a person names a line of the complaint by (「删掉骂人那条」 → the insult), per kind
_LINE_WORDS: dict[str, list[str]] = _DATA["line_words"]
_LINE_FILLERS = re.compile(_DATA["line_fillers"])
_RELATION_NAMES: dict[str, str] = _DATA["relation_names"]
_WHEN = re.compile(_DATA["when"])
_CALLER = re.compile(_DATA["caller"])
_INSTRUCTION = re.compile(_DATA["instruction"])
_EDIT_VERB = re.compile(_DATA["edit_verb"])
_ADD = re.compile(_DATA["add"])
_EDGE_WORDS = re.compile(rf"^(?:{_DATA['instruction_words']})+|(?:{_DATA['instruction_words']})+$")
_CALL_COUNT = re.compile(_DATA["call_count"])
_COUNT_ALONE = re.compile(_DATA["count_alone"])
_CALL_KINDS = ("many_calls", "frequent_calls")
_CALLS_OTHER = re.compile(_DATA["calls_other"].replace("<OBJ>", _DATA["object"]))
_DIGITS: dict[str, int] = _DATA["digits"]
_TEN = _DATA["ten"]
_SAID_THEN = re.compile(_DATA["said_then"])
_PUBLIC_SAID = re.compile(_DATA["public_said"])
_PUBLIC_WHERE: dict[str, str] = _DATA["public_where"]
_CALL_TO = re.compile(_DATA["call_to"])
_UNANSWERED = re.compile(_DATA["unanswered"])
_ORDINAL = re.compile(_DATA["ordinal"])
_NOT_WRITTEN = re.compile(_DATA["not_written"])
_TIME = re.compile(_DATA["time_of_day"])
_NEW_TIME = re.compile(_DATA["new_time"] + "(?P<time>" + _DATA["time_of_day"] + ")")
_RANGE = re.compile(r"到|至|~|-|－|—")
_CHANNELS = {name: re.compile(p) for name, p in _DATA["channels"].items()}
_CHANNEL_CALL = re.compile(_DATA["channel_call"])
_REPORTED_SPEECH = re.compile(_DATA["reported_speech"])
_NUMBER = re.compile(r"(?:\+?86)?[\d\- ]{7,}\d")
# a chat message separates its sentences with spaces too (「他们说要上门 说下周就来我家 这合法吗」)
_SENTENCE = re.compile(r"[^。！？!?\n；;\s]+[。！？!?]?")
# 「修改投诉书：一天打4到5个」: a full-width colon ends a clause, except inside a time (23：30)
_CLAUSE = re.compile(r"(?:[^。！？!?\n；;，,：]|：(?=\d))+")
_MAX_QUOTE = 80
_MAX_ACCOUNT = 400
@dataclass(frozen=True)
class Act:
    kind: str  # a key of RULES
    quote: str  # the person's sentence that states it, masked
    # the people it was said to, when the person said so in the same clause (「打我妈电话说我…要坐牢」: the threat was
    # told to his mother, not to him; persona trial J4): the people as ``contacted`` names them
    told: tuple[str, ...] = ()
    # the words were said to the writer, a relative of the holder (「打我电话…还说要让我爸坐牢」): aimed at the writer
    # (persona trial s9 N2 #6: 「威胁、恐吓我的父亲」 for words said to the daughter)
    to_writer: bool = False


@dataclass(frozen=True)
class Incident:
    acts: tuple[Act, ...] = ()
    account: tuple[str, ...] = ()  # the person's sentences that report the acts, masked
    when: tuple[str, ...] = ()
    callers: tuple[str, ...] = ()
    contacted: tuple[str, ...] = ()
    holder: str | None = None  # the card holder's relation to the writer (儿子 …), None: the writer's own card
    willing: bool = False  # the person said they want to repay (only then does the complaint say so)
    # (when, callers) as said together in one message: a time is never paired with a caller of another message
    events: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = ()
    fixes: tuple[tuple[str, str], ...] = ()  # times put right by a correction (「是十二点半 不是十一点半」): (old, new)
    channels: tuple[str, ...] = ()  # how the acts came, as said (短信, 微信, 来电 beside them); () when none was named
    holder_unreachable: bool = False  # the person said the holder could not be reached (「联系不上他」)
    # the writer, a relative of the holder, was contacted (「催收天天打我电话」 by a father): listed first among the people
    # contacted, and never one of ``contacted`` (review note: the spouse rule read it off a formatted string)
    writer_contacted: bool = False
    not_guarantor: bool = False  # the person said they are no guarantor (a demand to pay them is then a breach)
    unsure: tuple[str, ...] = ()  # quotes of acts whose reading is unsure (「他们打我了」): asked about, never written
    name: str | None = None  # the complainant's name as the person gave it (「我叫李娟」「投诉人写李娟」), None: a blank
    # the day each of ``events`` was said (a relative day, 「昨天晚上11点」, is written as the date it meant), None: unknown
    event_dates: tuple[date | None, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.acts


@dataclass(frozen=True)
class ComplaintDocument:
    """The plain structure of a document: title, paragraphs and signature lines (bot/documents/ renders it)."""

    title: str
    paragraphs: tuple[str, ...]
    signature_lines: tuple[str, ...] = field(default_factory=tuple)
    header_lines: int = 0  # the first paragraphs that are lines as written (致：…, 投诉人：…), not body text

    def as_text(self) -> str:
        return "\n\n".join([self.title, *self.paragraphs, "\n".join(self.signature_lines)]).strip()

    def to_dict(self) -> dict[str, object]:
        return {"title": self.title, "paragraphs": list(self.paragraphs), "signature_lines": list(self.signature_lines)}

    def to_document(self, filename: str = "complaint") -> Document:
        """The same complaint as the renderer's `Document` (bot/documents/render.py: PDF, DOCX): the header
        paragraphs as lines (one block per line), the rest as indented paragraphs, the signature lines."""
        blocks: list[Block] = []
        for index, paragraph in enumerate(self.paragraphs):
            if index < self.header_lines:
                blocks += [Block("line", line) for line in paragraph.split("\n") if line]
            else:
                blocks.append(Block("paragraph", paragraph))
        return Document(title=self.title, blocks=tuple(blocks), signature=self.signature_lines, filename=filename)


def act_title(act: Act, holder: str | None = None) -> str:
    """The act as the complaint names it: a threat to post the debt names where, if the person said so
    (「发到朋友圈」), and stays a threat; an insult names whom it was said of (``_whom``)."""
    if act.kind == "threat" and act.to_writer and not act.told:
        whom = _whom(act.quote, holder, _THREAT_WHOM)
        if whom != _T["whom_me"]:  # 「还说要让我爸坐牢」 said to the daughter: aimed at her (persona trial s9 N2 #6)
            return _T["threat_to_writer"].format(whom=whom)
    title = _told(act, RULES[act.kind].act)
    if "{whom}" in title:  # an insult: of whom; a threat: whom it concerned (「让她坐牢」, probe W05)
        return title.format(whom=_whom(act.quote, holder, _THREAT_WHOM if act.kind == "threat" else _INSULT_WHOM))
    if "{where}" not in title:
        return title
    where = next((said for word, said in _PUBLIC_WHERE.items() if word in act.quote), "")
    return title.format(where=where)


def _told(act: Act, title: str) -> str:
    """The title with whom the words were said to, when not the person (「…，是对母亲说的」, persona trial J4)."""
    return _T["told_to"].format(act=title, people=LIST_SEPARATOR.join(act.told)) if act.told else title


def _told_to(clause: str, kind: str) -> tuple[str, ...]:
    """The people a speech act of ``clause`` was said to: those a contact made earlier in the same clause reached
    (「催收打我妈电话说我欠钱不还要坐牢」 → 母亲); () when the clause names no contact before the words (said to the
    person, or not said to whom)."""
    pattern = _ACTS.get(_TOLD_KINDS.get(kind, ""))
    contact = _ACTS["third_party"].search(clause)
    if pattern is None or contact is None or _THIRD_PARTY_SAID.search(contact.group(0)):
        return ()
    if not any(m.end() > contact.end() for m in pattern.finditer(clause)):
        return ()
    named = list(_PEOPLE.finditer(contact.group(0)))
    # 「跟我老婆同事说」: the colleagues were told, 老婆 only says whose (a name right before another names its owner)
    told = [m.group(0) for m, after in zip(named, [*named[1:], None])
            if after is None or not re.fullmatch(_DATA["possessive"], contact.group(0)[m.end():after.start()])]
    return _unique([_PEOPLE_NAMES.get(word, word) for word in told])


def _whom(quote: str, holder: str | None, pattern: re.Pattern[str] = _INSULT_WHOM) -> str:
    """Whom an insult was said of, as said: 「说我老公欠钱不还是老赖」 → 我的丈夫; 「说他是老赖」 → the holder a relative
    writes for (我的丈夫), else 他人; 「骂我」 or nobody named → 我 (persona trial G4: the slur was of her husband)."""
    match = pattern.search(quote)
    if not match:
        return _T["whom_me"]
    relation = match.group("rel")
    if relation:
        return _T["whom_relative"].format(relation=_RELATION_NAMES.get(relation, _PEOPLE_NAMES.get(relation, relation)))
    if match.group("who") in _DATA["pronouns_other"]:
        return _T["whom_relative"].format(relation=holder) if holder else _T["whom_other"]
    return _T["whom_me"]


def _tells(text: str) -> bool:
    """The third party was told (「跟我们主任说…」「告诉了我同事」), not only called."""
    match = _ACTS["third_party"].search(text)
    # 「打我妈电话说我欠钱不还」: the call told her of the debt (persona trial J4)
    return bool(match and (_TELL.search(match.group(0)) or _TOLD_DEBT.match(text, match.end())))


def _unique(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i for i in items if i))


def _quote_long(message: str) -> str:
    # 「好的，」「嗯 」 are no part of what happened (probe D01: fillers never enter a complaint sentence)
    text = mask_text(strip_acknowledgements(message.strip()))
    return text if len(text) <= _MAX_ACCOUNT else text[: _MAX_ACCOUNT - 1] + "…"


def _quote(sentence: str) -> str:
    text = mask_text(strip_acknowledgements(sentence.strip(" ，,")))
    return text if len(text) <= _MAX_QUOTE else text[: _MAX_QUOTE - 1] + "…"


def _count_value(count: str) -> int | None:
    """The most calls a count says (「七八」 → 8, 「四五」 → 5, 「二十几」 → 20 or more), None for 「几」."""
    parts = [p for p in _RANGE.split(count) if p]
    if len(parts) > 1:  # 「4到5」「四到五」: a range counts by its top
        values = [_count_value(p) for p in parts]
        return max((v for v in values if v is not None), default=None)
    if count.isdigit():
        return int(count)
    if _TEN in count:
        return 10  # 十, 十几, 二十几, 几十: ten or more
    values = [_DIGITS[c] for c in count if c in _DIGITS]
    return max(values) if values else None


def calls_a_day(clause: str) -> int | None:
    """The number of calls a day a clause states (「一天打四五个」 → 5), None when it states none."""
    match = _CALL_COUNT.search(clause)
    return _count_value(match.group("count")) if match else None


def _clause_kinds(clause: str, holder: str | None, unanswered: bool = False) -> list[str]:
    """The acts a clause reports, as said: a threat to visit is a threat, an announced visit is not a visit, a
    call to the employer is a call to a third party (never a visit), a threat to post the debt is a threat, and
    calls are 「more than 6 unanswered」 only when the person said they went unanswered (``unanswered``: said
    elsewhere in the same message)."""
    if _NOT_A_REPORT.search(clause) or _QUESTION.search(clause) or _NOT_HAPPENED.search(clause) or _supposes(clause):
        return []
    if holder and _HOLDER_SUBJECT.search(clause.strip()):
        return []  # 「她上个月给我打电话…」: the holder's own act, never the collector's (persona trial I2 #10)
    kinds = list(dict.fromkeys(k for k, p in _ACTS.items() if k not in _VISIT_KINDS and _said_done(p, clause)))
    if holder and "demand_pay" not in kinds and _DEMAND_PAY_RELATIVE.search(clause):
        kinds.append("demand_pay")  # 「说我是紧急联系人要我还」 to a father: a demand to pay made of a non-holder
    if "third_party" in kinds and _CALLS_OTHER.search(clause) and not _CONTACTS_ME.search(clause):
        # 「天天打我妈电话」: the calls went to his mother — a third party, not the person's own line (persona trial J4)
        kinds = [k for k in kinds if k not in _CALL_KINDS]
    unanswered = unanswered or bool(_UNANSWERED.search(clause))
    count = calls_a_day(clause)
    if count is not None:  # a count said decides: more than 6 unanswered is the guideline's line, else checked
        kinds = [k for k in kinds if k not in _CALL_KINDS] + [
            "many_calls" if count > 6 and unanswered else "frequent_calls"]
    elif "many_calls" in kinds and not unanswered:  # 「狂打」「一直打」: frequent calls, checked
        kinds[kinds.index("many_calls")] = "frequent_calls"
    kinds = list(dict.fromkeys(kinds))
    if "many_calls" in kinds and "frequent_calls" in kinds:
        kinds.remove("frequent_calls")  # a count said is the stronger point
    if "public" in kinds and _PUBLIC_SAID.search(clause):
        kinds[kinds.index("public")] = "public_threat"  # 「说要发到朋友圈曝光」: threatened, not done
    visit_text = _CALL_TO.sub("", clause)  # 「打到我单位去了」: a call, not a visit
    if _ACTS["visit_threat"].search(visit_text):
        kinds.append("visit_threat")
    elif _ACTS["visit"].search(visit_text):
        announced = _SAID.search(visit_text)
        blocked = _ACTS["visit_block"].search(visit_text)
        # a visit is allowed in itself (DOMAIN §6); 堵门 or 闹 is not, and announcing it is a threat
        kinds.append(("visit_threat" if blocked else "visit_announced") if announced
                     else ("visit_block" if blocked else "visit"))
        if announced:  # 「还说要找我单位」「说要去单位找我」: a visit announced, nobody contacted yet
            told = _ACTS["third_party"].search(clause)
            if told and _THIRD_PARTY_SAID.search(clause):
                # 「说要上门还要通知我学校」: the threat to tell the school is a point of its own (persona trial H2)
                kinds[kinds.index("third_party")] = _threat_kind(clause)
            return list(dict.fromkeys(k for k in kinds if k != "third_party"))
    if "third_party" in kinds and _THIRD_PARTY_SAID.search(clause):
        # 「还说要告诉我单位领导」: a threat to tell them, quoted as said; nobody was contacted (yet); 「说要打我单位电话」:
        # a threat to call them, never a call made (persona trial I5 #5)
        kinds[kinds.index("third_party")] = _threat_kind(clause)
    kinds = list(dict.fromkeys(kinds))
    if holder and "third_party" not in kinds and "visit_threat" not in kinds and _CONTACTS_ME.search(clause):
        kinds.append("third_party")  # a relative of the holder is a third party (「再不还就去单位找我」: a threat only)
    return kinds


def _supposes(clause: str) -> bool:
    """The clause supposes (「他们要是真跑到我单位来闹」「万一他们去我单位」): wherever 要是/如果/万一 stands, unless the
    words before it say what the collector said (「催收说要是不还就上门」 is a threat, quoted as said). Persona trial s8 M2
    #16: his what-if was written as 「催收人员说不还钱就要上门」."""
    match = _HYPOTHETICAL.search(clause)
    return bool(match) and not _SPEECH_BEFORE.search(clause[:match.start()])


def _said_done(pattern: re.Pattern[str], clause: str) -> bool:
    """The clause states the act and does not deny it: 「没有人动手」「他们没骂我」 state none (persona trial I2 #13)."""
    return any(not _NEGATED_BEFORE.search(clause[:m.start()]) for m in pattern.finditer(clause))


def _threat_kind(clause: str) -> str:
    """A contact of others only threatened: to tell them of the debt (「说要告诉我们领导」) or to contact them
    (「说要打我单位电话」: a call threatened tells nobody anything yet)."""
    told = _ACTS["third_party"].search(clause)
    return "disclose_threat" if told and _TELL.search(told.group(0)) else "contact_threat"


def _unsure(clause: str, holder: str | None = None) -> bool:
    """An act whose reading is unsure (「他们打我了」: a blow or a call) in a clause that reports nothing surer."""
    clause = clause.strip()
    match = _VIOLENCE_UNSURE.search(clause)
    return bool(match) and not _NEGATED_BEFORE.search(clause[:match.start()]) and not (
        _NOT_A_REPORT.search(clause) or _QUESTION.search(clause) or _supposes(clause)) and not _clause_kinds(clause, holder)


def holder_of(messages: list[str]) -> str | None:
    """The holder's relation to the writer when the person writes for a relative (「我儿子的信用卡…」)."""
    for message in messages:
        for pattern in _HOLDER_RELATIVE:
            match = pattern.search(message or "")
            if match:
                relation = match.groupdict().get("relation") or match.group("relation2")
                return _RELATION_NAMES.get(relation, relation)
        speaker = _SPEAKER_RELATION.search(message or "")
        if speaker:  # 「我是她妈」: the holder is her daughter (persona trial s7 L5)
            return _HOLDER_OF_SPEAKER[speaker.group("pron")].get(speaker.group("speaker"))
    return None


def _retract(message: str, acts: dict[str, Act], account: list[str], sources: dict[str, set[int]],
             withdrawn: set[str]) -> None:
    """A correction (「不对 他们还没上门 你那个写错了」) takes back the acts it denies: a visit said not to have
    happened, or an act in a clause it negates (「我没说他们骂我」); their account entries are blanked. A call
    given to someone else (「不是法院的那个晚上十一点打的」) denies nothing. The people a correction says were not
    contacted (「他们还没真的给我单位打电话」「你写成联系了单位领导」) go into ``withdrawn``; a line it asks to
    delete (「把单位领导那句删了」) goes with every act and account entry that names them."""
    denied: set[str] = set()
    partial: list[tuple[set[str], str]] = []  # (kinds, the words naming the lines they are denied of)
    clauses = _CLAUSE.findall(message.replace(" ", "，"))
    for position, clause in enumerate(clauses):
        before = clauses[position - 1] if position else ""
        if _NOT_WRITTEN.search(clause):
            continue  # 「投诉书里没写他们跟我妈说…」 asks for a line, it denies nothing (persona trial J4 #10)
        named = [m.group(0) for m in _PEOPLE.finditer(clause)]
        if _NOT_HAPPENED.search(clause):
            denied |= {"visit", "visit_block"}
        if _DELETE.search(clause) and named:
            for index, entry in enumerate(account):
                if any(word in entry for word in named):
                    account[index] = ""
            denied |= {k for k, act in acts.items() if any(word in act.quote for word in named)}
        if named and (_WROTE.search(clause) or _DELETE.search(clause) or (
                _NEGATION.search(clause) and not _REATTRIBUTED.search(clause))):
            withdrawn |= set(named) | {_PEOPLE_NAMES.get(word, word) for word in named}
        negation = _NEGATION.search(clause)
        if negation and not _REATTRIBUTED.search(clause):
            # the acts said after the negation are denied (「骂我那个也不是天天」 denies no insult: trial s7 L4 #5)
            kinds = {k for k, p in _ACTS.items() if k not in _VISIT_KINDS and p.search(clause[negation.start():])}
            head = _QUALIFIER_FILLERS.sub("", clause[:negation.start()])
            # 「天天打的那个没骂人」「天天打电话的是另外一个号 没骂人」: denied of the lines that name that caller only
            qualifier = head or (_QUALIFIER_FILLERS.sub("", before) if before and not _NEGATION.search(before) else "")
            if qualifier and _qualified(qualifier, account):
                partial.append((kinds, qualifier))
            else:
                denied |= kinds
    for kinds, qualifier in partial:
        _deny_of(kinds, _qualified(qualifier, account), acts, account, sources)
    for kind in denied:
        acts.pop(kind, None)
        others = set().union(*(v for k, v in sources.items() if k != kind and k in acts))
        for index in sources.pop(kind, set()) - others:
            account[index] = ""


def _qualified(qualifier: str, account: list[str]) -> set[int]:
    """The account entries a denial's words name (「天天打」 → 「催收的天天打电话骂我」): those that share the most word
    pairs with them, at least two; none when no entry does."""
    words = _bigrams(qualifier)
    shared = {index: len(words & _bigrams(entry)) for index, entry in enumerate(account) if entry}
    best = max(shared.values(), default=0)
    return {index for index, n in shared.items() if n == best} if best >= 2 else set()


def _deny_of(kinds: set[str], entries: set[int], acts: dict[str, Act], account: list[str],
             sources: dict[str, set[int]]) -> None:
    """Acts denied of some lines only (「天天打的那个没骂人」: the daily caller did not insult; the one who called three
    times did): those lines stop reporting them; an act quoted from them is quoted from another line that reports it,
    or goes when none does (persona trial s7 L4 #7: 「说我是老赖」「骂的可难听了」 went with the denial)."""
    for kind in kinds & set(acts):
        left = sources.get(kind, set()) - entries
        sources[kind] = left
        if not any(acts[kind].quote in account[i] for i in entries):
            continue
        again = next((account[i] for i in sorted(left) if account[i]
                      and kind in _clause_kinds(account[i], None, unanswered=kind == "many_calls")), None)
        if again is None:
            _drop(kind, acts, account, sources)
        else:
            acts[kind] = replace(acts[kind], quote=_quote(again))
    reported = set().union(*(v for k, v in sources.items() if k in acts)) if acts else set()
    for index in entries - reported:
        account[index] = ""


def _drop(kind: str, acts: dict[str, Act], account: list[str], sources: dict[str, set[int]]) -> None:
    """An act taken out with the account entries that report nothing else."""
    acts.pop(kind, None)
    others = set().union(*(v for k, v in sources.items() if k != kind and k in acts))
    for index in sources.pop(kind, set()) - others:
        account[index] = ""


def _ordinal_value(n: str) -> int:
    if n.isdigit():
        return int(n)
    ordinals = _T["ordinals"]
    if len(n) == 1:
        return ordinals.index(n) + 1
    if n.startswith(ordinals[9]):  # 十一, 十二 …
        return 10 + ordinals.index(n[1]) + 1
    return 0


def _delete_numbered(clauses: list[str], acts: dict[str, Act], account: list[str],
                     sources: dict[str, set[int]], shown: list[str] | None = None) -> bool:
    """「第三条删掉」「删掉第2条」「最后一条删了」: the act with that number in the complaint as written (the order of
    RULES, as ``complaint_document`` numbers them) goes, with the account entries that report only it."""
    order = [k for k in RULES if k in acts] if shown is None else shown
    targets: list[str] = []
    for clause in clauses:
        if not _DELETE.search(clause):
            continue
        for match in _ORDINAL.finditer(clause):
            index = len(order) if match.group("last") else _ordinal_value(match.group("n"))
            if 1 <= index <= len(order):
                targets.append(order[index - 1])
    for kind in targets:
        _drop(kind, acts, account, sources)
    return bool(targets)


def _same_time(a: str, b: str) -> bool:
    """「十一点」 and 「11点」 are one time."""
    def hour(n: str) -> int | None:
        if n.isdigit():
            return int(n)
        tens, ten, units = n.rpartition(_TEN)
        if not ten:
            return _DIGITS.get(n)
        return (_DIGITS.get(tens, 0) if tens else 1) * 10 + (_DIGITS.get(units, 0) if units else 0)

    def value(t: str) -> str:
        head, _, rest = t.partition("点")
        return f"{hour(head)}点{rest}"
    return value(a) == value(b)


def _time_core(time: str) -> str:
    match = _TIME.search(time)
    text = match.group(0) if match else time
    return re.sub(r"^(?:凌晨|半夜|深夜|早上|上午|中午|下午|晚上|夜里)", "", text)


def _retime(clauses: list[str], acts: dict[str, Act], account: list[str], when: list[str],
            events: list[tuple[tuple[str, ...], tuple[str, ...]]], fixes: list[tuple[str, str]],
            sources: dict[str, set[int]]) -> list[str]:
    """A corrected time (「昨天那个是十二点半 不是十一点半」「投诉书里的时间帮我改成十二点半」) replaces the old one in
    the account, the acts' quotes and the times; with no old time said, the one time of the complaint that it
    can mean (the only one, or the only one of the same form: 「…点半」). An act whose quote no longer states it
    (a call put right from 23:00 to 21:00 is no night call) goes. Returns the clauses that said the times."""
    new, old, said, asked = None, None, [], False
    for clause in clauses:
        head, negated, tail = clause.partition("不是")
        found_old = [m.group(0) for m in _TIME.finditer(tail)] if negated else []
        found_new = _NEW_TIME.search(head)
        if found_new and _TIME.fullmatch(found_new.group("time")):
            new, said = found_new.group("time"), said + [clause]
            asked = asked or found_new.group(0).startswith(("改成", "改为"))
        if found_old:
            old, said = found_old[0], said + [clause]
    if new is None or (old is None and not asked):
        return []  # 「我要的是晚上11点…」 restates a time, it corrects none
    new = _time_core(new)
    texts = [a.quote for a in acts.values()] + [e for e in account if e] + when
    if old is None:
        if any(new in t for t in texts):
            return said  # already so
        present = list(dict.fromkeys(_time_core(m.group(0)) for t in texts for m in _TIME.finditer(t)))
        form = re.sub(r"^.*点", "", new)
        same = [t for t in present if re.sub(r"^.*点", "", t) == form] if len(present) > 1 else present
        if len(same) != 1:
            return said
        old = same[0]
    old = _time_core(old)
    if _same_time(old, new) or not any(old in t for t in texts):
        return said
    fixes.append((old, new))
    when[:] = [w.replace(old, new) for w in when]
    events[:] = [(tuple(w.replace(old, new) for w in times), by) for times, by in events]
    _requote(old, new, acts, account, sources)
    return said


def _requote(old: str, new: str, acts: dict[str, Act], account: list[str], sources: dict[str, set[int]]) -> None:
    """The time `old` written as `new` in the account and in every act's quote; an act whose quote no longer states it
    goes."""
    for index, entry in enumerate(account):
        account[index] = entry.replace(old, new)
    for kind, act in list(acts.items()):
        if old in act.quote:
            quote = act.quote.replace(old, new)
            if kind in _clause_kinds(quote, None, unanswered=kind == "many_calls"):
                acts[kind] = replace(act, quote=quote)
            else:
                _drop(kind, acts, account, sources)


def _fixes_time(message: str) -> bool:
    """A clause of the message puts the complaint's time right (「应该是12月7号晚上11点」「时间写12月7日23点左右」)."""
    return any(_TIME_FIX.search(c.strip()) for c in _CLAUSE.findall(message.replace(" ", "，")))


def _refix_time(clauses: list[str], acts: dict[str, Act], account: list[str], when: list[str],
                events: list[tuple[tuple[str, ...], tuple[str, ...]]], event_dates: list[date | None],
                fixes: list[tuple[str, str]], sources: dict[str, set[int]]) -> list[str]:
    """A date and time put right (「还有那个昨天晚上11点 应该是12月7号晚上11点」「时间写12月7日23点左右」) replaces the time
    of the complaint — the one named just before it, else the only one, else the one at the same hour — in the times,
    the account and the quotes: one 时间 line, never a second (persona trial s9 N2 #7–#8: two, then three 时间 lines,
    and the instruction quoted as the collectors' words). No time written yet: it becomes the time. An act whose quote
    no longer states it goes (as ``_retime``). Returns the clauses that said it (never evidence)."""
    said: list[str] = []
    new = old = None
    for index, clause in enumerate(clauses):
        match = _TIME_FIX.search(clause.strip())
        if match is None:
            continue
        new = match.group("new")
        said.append(clause)
        named = _TIME_NAMED.search(clauses[index - 1].strip()) if index else None
        if named:
            old = named.group("old")
            said.append(clauses[index - 1])
    if new is None:
        return []
    present = list(dict.fromkeys(when))
    if old is not None:
        targets = [w for w in present if old in w or w in old]
    elif len(present) <= 1:
        targets = present
    else:
        hour = _time_core(new)
        targets = [w for w in present if _TIME.search(w) and _TIME.search(hour)
                   and _same_time(_time_core(w), _time_core(_TIME.search(hour).group(0)))]
    if not present:
        when.append(new)
        events.append(((new,), ()))
        event_dates.append(None)
        return said
    for target in [t for t in targets if t != new]:
        fixes.append((target, new))
        when[:] = [new if w == target else w for w in when]
        events[:] = [(tuple(new if w == target else w for w in times), by) for times, by in events]
        _requote(target, new, acts, account, sources)
    return said


def complainant_name(messages: list[str]) -> str | None:
    """The name the person gave for the complaint (「我叫李娟」「投诉人写李娟」「名字写…」), the last one given; None when
    none was (the complaint leaves a blank)."""
    names = [name for message in messages for name in _names_in(message)]
    return names[-1] if names else None


def _names_in(message: str) -> list[str]:
    """The names a message gives for the complaint, in the order said."""
    found = [(m.start(), m.group("name")) for pattern in (_NAME_FIELD, _NAME_SAID) for m in pattern.finditer(message or "")]
    return [name for _, name in sorted(found)]


def _dated(when: str, said_on: date) -> str:
    """A time said with a relative day (「昨天晚上11点」「昨晚」「上周三上午」) as the date it meant, from the day it was said
    (「12月7日晚上11点」): the complaint is a dated letter, read days later (persona trial s9 N2 #6); any other time as said
    (「上周」「上个月」 name no day)."""
    match = _RELATIVE_DAY.match(when)
    if match:
        day = said_on - timedelta(days=_RELATIVE_DAYS[match.group(0)])
        rest = when[match.end():]
        if match.group(0) in _DATA["relative_evening"] and not rest.startswith(tuple(_DATA["day_periods"])):
            rest = _DATA["evening"] + rest  # 「昨晚11点」: the evening it said
        return _DATE_WRITTEN.format(month=day.month, day=day.day) + rest
    match = _WEEKDAY.match(when)
    if match:
        monday = said_on - timedelta(days=said_on.weekday() + (7 if match.group("week") == _DATA["last_week"] else 0))
        day = monday + timedelta(days=min(_DATA["weekday_days"].index(match.group("day")), 6))
        return _DATE_WRITTEN.format(month=day.month, day=day.day) + when[match.end():]
    return when


def _content(clause: str) -> str:
    """What an instruction refers to, without its words to the bot: 「加上说要让我儿子坐牢那句」 → 说要让我儿子坐牢,
    「七八个那条删掉」 → 七八个, 「把那句删了吧」 → ''."""
    previous = None
    while previous != clause:
        previous, clause = clause, _EDGE_WORDS.sub("", clause)
    return clause


def _new_details(clause: str, written: list[str]) -> list[str]:
    """The counts and times a clause says that none of ``written`` (the complaint's texts) has: 「上礼拜」「三回」 in
    「是上礼拜打了三回电话骂我」 beside 「催收的天天打电话骂我」 (persona trial s7 L4 #5)."""
    return [m.group(0) for m in _DETAIL.finditer(clause) if not any(m.group(0) in text for text in written)]


def _bigrams(text: str) -> set[str]:
    text = re.sub(r"[^\u4e00-\u9fff\d]", "", text)
    return {text[i:i + 2] for i in range(len(text) - 1)} or ({text} if text else set())


def _report_candidate(clause: str) -> bool:
    """A clause of a correction or an edit that tells what happened (「一天是打四五个」「说不还就让我儿子坐牢」), not
    what the bot wrote, what did not happen, what to add or delete, nor a question."""
    return not any(p.search(clause) for p in (_NEGATION, _NOT_HAPPENED, _INSTRUCTION, _CORRECTION, _REATTRIBUTED,
                                              _QUESTION, _NOT_A_REPORT)) and not _supposes(clause)


def _recount(clauses: list[str], acts: dict[str, Act], account: list[str], sources: dict[str, set[int]],
             fixes: list[tuple[str, str]] | None = None) -> bool:
    """A corrected count of calls (「一天是打四五个 不是七八个」「投诉书写错了 催收一天打四五个电话」) replaces the old one
    in the account and in the act's quote; the act follows the new count (4–5 a day is no longer 「more than 6」).
    True when a count was replaced."""
    new = next((m.group("count") for c in clauses if _report_candidate(c)
                for m in [_CALL_COUNT.search(c) or _COUNT_ALONE.search(c)] if m), None)
    if new is None:
        return False
    old = [m.group("count") for c in clauses if not _report_candidate(c) for m in _COUNT_ALONE.finditer(c)]
    old += [m.group("count") for k in _CALL_KINDS if k in acts for m in [_CALL_COUNT.search(acts[k].quote)] if m]
    if any(m and m.group("count") == new for k in _CALL_KINDS if k in acts
           for m in [_CALL_COUNT.search(acts[k].quote)]):
        return True  # the complaint has that count already (「投诉书写错了 催收一天打四五个电话」 said again)
    old = [o for o in dict.fromkeys(old) if o != new]
    if not old:
        return False

    def fix(text: str) -> str:
        for count in old:
            text = re.sub(re.escape(count) + _DATA["count_unit_after"], new, text)
        return text

    changed = False
    for index, entry in enumerate(account):
        if entry and fix(entry) != entry:
            if fixes is not None:
                fixes.append((entry, fix(entry)))  # the change line names it (「一天打七八个」改为「一天打4到5个」)
            account[index], changed = fix(entry), True
    for kind in [k for k in _CALL_KINDS if k in acts and fix(acts[k].quote) != acts[k].quote]:
        quote, entries = fix(acts.pop(kind).quote), sources.pop(kind, set())
        for again in (k for k in _clause_kinds(quote, None) if k in _CALL_KINDS):
            acts[again] = Act(again, quote)
            sources[again] = sources.get(again, set()) | entries
        changed = True
    return changed


def _delete_lines(clauses: list[str], acts: dict[str, Act], account: list[str],
                  sources: dict[str, set[int]], written: list[str] | None = None) -> None:
    """「删掉那要是他们真上门了那句」「七八个那条删掉」: the lines that hold what it names go; 「把那句删了吧」 names
    nothing: it means the people the rest of the message names (「其实他们没真的打到我单位 …把那句删了吧」)."""
    named = [m.group(0) for c in clauses if not _DELETE.search(c) for m in _PEOPLE.finditer(c)]
    deletes = any(_DELETE.search(c) for c in clauses)
    not_happened = any(_NOT_HAPPENED.search(c) for c in clauses)
    for clause in clauses:
        # 「删掉动手那条 还有上门那条」: a line named with no verb, in a message that deletes, goes too (persona trial I2 #14)
        if not (_DELETE.search(clause) or (deletes and _LINE_NAMED.search(clause))) or _ORDINAL.search(clause):
            continue
        content = _content(clause)
        words = [content] if len(content) >= 2 else ([] if content else named)
        if not words:
            continue
        for index, entry in enumerate(account):
            if entry and any(w in entry or (len(w) >= 4 and entry in w) for w in words):
                account[index] = ""
        # 「把上门那条删了」: the act named by its title too (「催收人员上门或到我的单位催收」), not by 「催收」 alone
        cores = {k: _strip_words(act_title(act), _DATA["title_common_words"]) for k, act in acts.items()}
        meant = [k for k, act in acts.items() if any(w in act.quote or (len(w) >= 4 and act.quote in w)
                                                    or (len(w) >= 2 and w in cores[k]) for w in words)]
        # 「删掉骂人那条」 for 「催收骂我」: no line held the words (``written``: the complaint before this message), a
        # word of a line's kind names it (ui session 7)
        if not meant and not any(w in text for w in words for text in (written or [])):
            meant = [k for k in acts if any(names_line(w, k) for w in words)]
        if not_happened:
            # 「删掉上门那条 他们没来过」: the visit said to have happened goes, the threat to visit stays (persona trial I2
            # #13–#14: 「只是说不然就上门」)
            meant = [k for k in meant if k not in _VISIT_SAID]
        for kind in meant:
            _drop(kind, acts, account, sources)


def names_line(words: str, kind: str) -> bool:
    """「骂人」「动手」「同事」「我妈」 name the line of ``kind`` by a word of its kind (``line_words``, one table), not
    by its quote (「删掉骂人那条」 for 「催收骂我」): nothing but fillers (我, 她, 的 …) is left once the kind's words
    and the words every title shares are taken out."""
    left = _strip_words(words, [*_LINE_WORDS.get(kind, ()), *_DATA["title_common_words"]])
    return left != words and not _LINE_FILLERS.sub("", left)


def _outside_questions(sentences: list[str]) -> list[str]:
    """The sentences of a message outside its questions to the bot: a question opened by 「我是问」「我想问」 runs on
    to the sentence that ends it (「我是问他说上门 通知学校 这个合法吗」: 「通知学校」 is what she asks about, not a
    report; persona trial H2); with no end in the message the opening sentence is read clause by clause as any other
    (「我想问一下，他们骂我」: the report stays)."""
    kept: list[str] = []
    index = 0
    while index < len(sentences):
        opens = _ASKING.search(sentences[index])
        if not opens:
            kept.append(sentences[index])
            index += 1
            continue
        rest = [sentences[index][opens.end():], *sentences[index + 1:]]
        end = next((n for n, sentence in enumerate(rest) if _QUESTION_END.search(sentence)), None)
        if end is None:  # its clauses are read one by one (「我想问一下，他们骂我」: the report stays)
            kept.append(sentences[index])
            end = 0
        index += end + 1
    return kept


def _joined(sentences: list[str]) -> list[str]:
    """The sentences of a message, a sentence with no subject of its own that finishes the open one before it joined
    to it (「还说要去我老家 找我爸妈要钱」: the threat to go to his parents, never a contact made; 「催收还给俺媳妇打电话
    把欠钱的事都说了」: the disclosure quoted with the call — persona trial s7 L4 #3, probe s5 W03)."""
    joined: list[str] = []
    for sentence in sentences:
        if joined and _CONTINUES.search(sentence) and _CONTINUED.search(joined[-1].rstrip("。！!")):
            joined[-1] = joined[-1] + " " + sentence
        else:
            joined.append(sentence)
    return joined


def _strip_words(text: str, words: list[str]) -> str:
    """``text`` without each of ``words``, longest first (「催收人员上门」 → 「上门」)."""
    for word in sorted(words, key=len, reverse=True):
        text = text.replace(word, "")
    return text


def _rechannel(message: str, channels: list[str]) -> None:
    """「还有是短信不是打电话」: the channel said after 不是 is replaced by the one said before it (persona trial H2)."""
    call = _DATA["channel_call_name"]
    for sentence in _SENTENCE.findall(message):
        head, negated, tail = sentence.partition(_DATA["channel_not"])
        if not negated:
            continue
        new = [name for name, pattern in _CHANNELS.items() if pattern.search(head)] or (
            [call] if _CHANNEL_CALL.search(head) else [])
        old = [name for name, pattern in _CHANNELS.items() if pattern.search(tail)] or (
            [call] if _CHANNEL_CALL.search(tail) or _DATA["channel_phone_word"] in tail else [])
        if new and old:
            channels[:] = [c for c in channels if c not in old] + new


def channel_label(found: Incident) -> str:
    """How the collector reached the person, as said: 「短信」, 「短信/来电」; 「来电/来人」 when nothing was named (a
    call alone keeps it: a call may come with a visit)."""
    written = [c for c in found.channels if c in _CHANNELS]
    if not written:
        return _T["channel_unknown"]
    return _T["channel_separator"].join(list(dict.fromkeys(found.channels)))


def _disown(message: str, acts: dict[str, Act], account: list[str], sources: dict[str, set[int]]) -> None:
    """「“那就算能找我”是我问你的话 不是催收说的」: words the person quotes as their own (a question to the bot, not
    what the collector said) leave the account, with every act quoted from them (persona trial G4)."""
    if not _DISOWN.search(message):
        return
    for match in _QUOTED.finditer(message):
        said = match.group("said").strip()
        for index, entry in enumerate(account):
            if entry and said in entry:
                account[index] = ""
        for kind in [k for k, act in acts.items() if said in act.quote]:
            _drop(kind, acts, account, sources)


_SENTENCE_TARGET = 6  # an unquoted 「删掉…这一句」 this long names a sentence, never a line by one of its words
_MARK = "\x00"  # a quoted span taken out of a message


def sentence_targets(message: str) -> tuple[list[str], str]:
    """The sentences a correction takes out by their words: quoted in a message that deletes or disowns (「删掉“他们要是真
    跑到我单位来闹”这一句」, with “”「」『』 or "…"), said without quotes after the delete verb and long enough to be a
    sentence (「删掉他们要是真跑到我单位来闹这一句」), or disowned without quotes (「跑单位来闹那是我假设的」); and the
    message without those clauses, so that no word of them (单位) takes any other line with it (persona trial s8 M2
    #18: the real threat 「还说再不还就去单位找我」 and 单位 among the people contacted went with a sentence quoted)."""
    if not (_DELETE.search(message) or _DISOWN.search(message)):
        return [], message
    targets = [m.group("said").strip() for m in _QUOTED.finditer(message)]
    text = _QUOTED.sub(_MARK, message) if targets else message
    kept: list[str] = []
    for clause in _CLAUSE.findall(text.replace(" ", "，")):
        if _MARK in clause:
            continue
        content = _content(clause) if _DELETE.search(clause) and not _ORDINAL.search(clause) else ""
        if len(content) >= _SENTENCE_TARGET:
            targets.append(content)
            continue
        disowned = _DISOWN.search(clause)
        words = _DISOWN_EDGES.sub("", clause[:disowned.start()]) if disowned else ""
        if len(words) >= 2:
            targets.append(words)
            continue
        kept.append(clause)
    if targets:  # 「跑单位来闹那是我假设的 … 删掉」: a bare 「删掉」 means the sentence named, never the people of another clause
        kept = [c for c in kept if not (_DELETE.search(c) and not _content(c))]
    return list(dict.fromkeys(t for t in targets if t)), "，".join(kept)


def _holds(text: str, target: str, near: bool = False) -> bool:
    """``text`` (a line of the complaint) holds the sentence ``target`` names: has it, or is part of it; ``near``: shares
    most of its word pairs (「跑单位来闹」 in 「他们要是真跑到我单位来闹」)."""
    if not text:
        return False
    if not near:
        return target in text or (len(text) >= 4 and text in target)
    words = _bigrams(target)
    shared = len(words & _bigrams(text))
    return shared >= 2 and shared >= 0.6 * len(words)


def _remove_sentences(targets: list[str], acts: dict[str, Act], account: list[str], sources: dict[str, set[int]],
                      withdrawn: set[str], holder: str | None) -> list[str]:
    """Takes out exactly the lines that hold each of ``targets`` (``sentence_targets``): the account entries, and the acts
    quoted from them unless another entry still reports the act (then quoted from it); people named only in what went
    are no longer listed as contacted. Returns the targets no line holds (nothing is deleted in their place)."""
    missing: list[str] = []
    for target in targets:
        hits: set[int] = set()
        quoted: set[str] = set()
        for near in (False, True):  # the words as said first; near them only when no line has them
            hits = {i for i, entry in enumerate(account) if _holds(entry, target, near)}
            quoted = {k for k, act in acts.items() if _holds(act.quote, target, near)}
            if hits or quoted:
                break
        if not hits and not quoted:
            missing.append(target)
            continue
        gone = {_PEOPLE_NAMES.get(m.group(0), m.group(0)) for i in hits for m in _PEOPLE.finditer(account[i])}
        for index in hits:
            account[index] = ""
        for kind in list(acts):
            left = sources.get(kind, set()) - hits
            if kind not in quoted and (left or not sources.get(kind)):
                sources[kind] = left
                continue
            sources[kind] = left
            again = next((c.strip() for i in sorted(left) if account[i] for c in _CLAUSE.findall(account[i])
                          if kind in _clause_kinds(c, holder)), None)
            if again is None:
                acts.pop(kind)
                sources.pop(kind, None)
            else:
                acts[kind] = replace(acts[kind], quote=_quote(again))
        staying = {_PEOPLE_NAMES.get(m.group(0), m.group(0)) for entry in account if entry
                   for m in _PEOPLE.finditer(entry)}
        withdrawn |= gone - staying
    return missing


def _redate(clauses: list[str], acts: dict[str, Act], account: list[str], when: list[str],
            events: list[tuple[tuple[str, ...], tuple[str, ...]]], fixes: list[tuple[str, str]]) -> list[str]:
    """「投诉书里那个上周三是12月2号」: the day written becomes the date said, in the times, the account and the quotes
    (persona trial s8 M2 #9: the edit was refused). Returns the clauses that said it."""
    said: list[str] = []
    for clause in clauses:
        match = _REDATE.search(clause)
        if not match or not any(match.group("old") in w for w in when):
            continue
        old, new = match.group("old"), match.group("new")
        said.append(clause)
        fixes.append((old, new))
        account[:] = [e.replace(old, new) for e in account]
        when[:] = [w.replace(old, new) for w in when]
        events[:] = [(tuple(w.replace(old, new) for w in times), by) for times, by in events]
        for kind, act in list(acts.items()):
            acts[kind] = replace(act, quote=act.quote.replace(old, new))
    return said


def _spoken(clauses: list[str]) -> list[str]:
    """「催收说，要是不还就上门」: a clause that only opens what was said is read with the supposition after it, so that
    what the collector said is never taken for the person's own what-if (``_supposes``)."""
    merged: list[str] = []
    for clause in clauses:
        if merged and _SPEECH_OPEN.search(merged[-1].strip()) and _HYPOTHETICAL.match(clause.strip()):
            merged[-1] += clause
        else:
            merged.append(clause)
    return merged


def _meant(clause: str, clauses: list[str], earlier: list[str]) -> str | None:
    """The earlier sentence an 「加上…」 clause means; 「帮我加上去」 names nothing itself: the line it means is named by
    another clause of the message (「辅导员那条呢 帮我加上去」, persona trial H2)."""
    meant = _referred(clause, earlier)
    if meant is not None or _content(clause):
        return meant
    # 「他们没来过 … 这个要写上」: a clause that denies is never what is meant (persona trial I2 #13 put 「他们没打我」 back)
    return next((found for other in clauses if other != clause and not _DELETE.search(other)
                 and not _NEGATION.search(other) and not _NOT_HAPPENED.search(other) for found in [_referred(other, earlier)] if found is not None), None)


def _referred(clause: str, earlier: list[str]) -> str | None:
    """The sentence of an earlier message that an 「加上…」 means (「加上短信这个事」 → 「催收还发短信说，再不还就通知…」):
    the one that shares most of its words, None when none shares half."""
    words = _bigrams(_content(clause))
    if not words:
        return None
    best, score = None, 0.0
    for message in earlier:
        for sentence in _outside_questions(_SENTENCE.findall(_SAID_THEN.sub("，", message))):
            shared = len(words & _bigrams(sentence)) / len(words)
            if shared > score:
                best, score = sentence, shared
    return best if score >= 0.5 else None


def incident(messages: list[str], shown: int | None = None, dates: list[date | None] | None = None) -> Incident:
    """The acts of abusive collection in the person's ``messages`` (normalised text), with when, who called
    and who else was contacted, read from the clauses that report an act (a question, a supposition or a
    button's payload reports none). Each act once, first quote kept; the account is the reporting sentences.

    A correction or an edit of the complaint (「不对 一天是打四五个 不是七八个 帮我改一下投诉」「这个也写进去」
    「删掉…那句」「加上…那句」) is never quoted itself: what it denies is taken back, a corrected count replaces the
    old one, a line it names is deleted, what it reports is added (its instructions left out), and an 「加上…」
    adds the act the person described earlier in the conversation.

    ``shown``: how many of ``messages`` the complaint the person last saw was written from; a line named by its
    number (「请删掉第一条」) in a later message is the line of that complaint (persona trial I2 #12: an edit the bot had
    read but never shown moved the numbers, and the valid item went).

    ``dates``: the day each of ``messages`` was said (a relative day in it, 「昨天晚上11点」, is written as a date)."""
    if shown is not None:  # counted among the messages as given, the button payloads included
        shown = len([m for m in (m or "" for m in messages[:shown]) if not m.startswith("/")])
    said_on = [d for m, d in zip(messages, dates or [None] * len(messages), strict=False) if not (m or "").startswith("/")]
    messages = [m for m in (m or "" for m in messages) if not m.startswith("/")]
    holder = holder_of(messages)
    acts: dict[str, Act] = {}
    account: list[str] = []
    when: list[str] = []
    callers: list[str] = []
    people: list[str] = []
    sources: dict[str, set[int]] = {}  # act kind -> the account entries that report it
    events: list[tuple[tuple[str, ...], tuple[str, ...]]] = []  # (when, callers) of each message that reports
    event_dates: list[date | None] = []  # the day each of ``events`` was said
    withdrawn: set[str] = set()  # people a correction says were not contacted
    fixes: list[tuple[str, str]] = []  # times put right
    state = {"unanswered": False}  # the message being read says the calls went unanswered
    channels: list[str] = []  # the channels the reporting sentences name (短信, 微信, 来电)
    unsure: list[tuple[int, str]] = []  # (message position, quote) of acts whose reading is unsure
    order_shown: list[str] | None = None  # the acts of the complaint last shown, in its order
    writer = {"contacted": False}

    def report(sentence: str, keep) -> bool:  # noqa: ANN001 - a clause filter
        reported: list[str] = []
        kept: list[str] = []
        if signal_in(sentence):
            return False  # 「她…说不想活了」: words of despair are private, never quoted to a bank (persona trial I2 #10)
        clauses = _spoken(_CLAUSE.findall(sentence))
        asks = sentence.rstrip().endswith(("？", "?"))
        for index, clause in enumerate(clauses):
            if asks and index == len(clauses) - 1:
                continue  # 「他们上门了？」: the last clause of a question
            if _NOT_A_REPORT.search(clause) or _QUESTION.search(clause) or _supposes(clause) or not keep(clause):
                continue
            if _ABOUT_DOCUMENT.search(clause):
                continue  # 「可是全文里第一条还是写的…」: a sentence about the complaint is never evidence (trial s7 L4 #7)
            if _unsure(clause, holder):
                unsure.append((state["position"], _quote(clause)))
                continue
            kept.append(clause.strip())
            kinds = _clause_kinds(clause, holder, state["unanswered"])
            for kind in kinds:
                told = _told_to(clause, kind) if "third_party" in kinds else ()
                if told and kind in acts and not acts[kind].told:
                    acts[kind] = Act(kind, _quote(clause), told)  # 「打我妈电话说…要坐牢」 says to whom (trial J4)
                to_writer = kind == "threat" and not told and state["to_writer"]
                if kind in _CALL_KINDS and kind in acts and calls_a_day(acts[kind].quote) is None and (
                        calls_a_day(clause) is not None):
                    acts[kind] = Act(kind, _quote(clause))  # 「一天打七八个」 says more than 「天天打电话」
                if kind == "third_party" and kind in acts and _tells(clause) and not _tells(acts[kind].quote):
                    acts[kind] = Act(kind, _quote(clause))  # 「跟我们主任说…」 says more than 「打我单位电话」
                acts.setdefault(kind, Act(kind, _quote(clause), told, to_writer))
            if "third_party" in kinds:
                people.extend(_PEOPLE_NAMES.get(m.group(0), m.group(0)) for m in _PEOPLE.finditer(clause))
                if holder and _CONTACTS_ME.search(clause):
                    writer["contacted"] = True
            reported.extend(kinds)
        if not reported:
            return False
        channels.extend(name for name, pattern in _CHANNELS.items() if pattern.search(sentence))
        if _CHANNEL_CALL.search(sentence):
            channels.append(_DATA["channel_call_name"])
        whole = len(kept) == len(clauses) and not asks
        entry = _quote_long(sentence.strip() if whole else "，".join(kept))
        # said again in fewer words (「说我老公欠钱不还是老赖」 after 「跟我们主任说我老公欠钱不还是老赖」): one entry
        # 「他说要打我单位电话」 after 「他还说要打我单位电话」: one entry (persona trial I5 #5: listed twice)
        core = _REPEAT_FILLERS.sub("", entry)
        within = next((i for i, e in enumerate(account) if e and core in _REPEAT_FILLERS.sub("", e)), None)
        if within is None:
            account.append(entry)
            within = len(account) - 1
        for kind in reported:
            sources.setdefault(kind, set()).add(within)
        return True

    for position, message in enumerate(messages):
        if position == shown:
            order_shown = [k for k in RULES if k in acts]
        state["position"] = position
        # words said in a message that reports a call to the writer, a relative of the holder, were said to the writer
        state["to_writer"] = bool(holder and _CONTACTS_ME.search(message))
        message = _SAID_THEN.sub("，", message)
        state["unanswered"] = bool(_UNANSWERED.search(message))
        _rechannel(message, channels)  # 「还有是短信不是打电话」, a correction or not
        found = False
        # 「他们没上门」 alone takes the visit back as a correction does (persona trial F3-10)
        if _CORRECTION.search(message) or _EDIT_VERB.search(message) or _NOT_HAPPENED.search(message) or (
                _NEW_TIME.search(message) and "不是" in message and len(_TIME.findall(message)) >= 2) or (
                _DISOWN.search(message)) or _REDATE.search(message) or _fixes_time(message) or (
                _NAME_FIELD.search(message)):
            targets, rest = sentence_targets(message)
            clauses = [c.strip() for c in _CLAUSE.findall(rest.replace(" ", "，")) if c.strip()]
            written = [a.quote for a in acts.values()] + [e for e in account if e]
            # 「删掉“…”这一句」: that sentence and nothing else (persona trial s8 M2 #18)
            _remove_sentences(targets, acts, account, sources, withdrawn, holder)
            timed = _refix_time(clauses, acts, account, when, events, event_dates, fixes, sources)
            timed += _retime([c for c in clauses if c not in timed], acts, account, when, events, fixes, sources)
            timed += _redate(clauses, acts, account, when, events, fixes)
            clauses = [c for c in clauses if c not in timed]
            recounted = _recount(clauses, acts, account, sources, fixes)
            # a correction is never part of the account
            _retract("，".join(clauses), acts, account, sources, withdrawn)
            _delete_numbered(clauses, acts, account, sources, order_shown)
            _delete_lines(clauses, acts, account, sources, written)
            _disown(message, acts, account, sources)
            for clause in clauses:
                if recounted and (calls_a_day(clause) is not None or _COUNT_ALONE.fullmatch(_content(clause))):
                    continue  # the count was put right in place
                if _report_candidate(clause):
                    named = {_PEOPLE_NAMES.get(m.group(0), m.group(0)) for m in _PEOPLE.finditer(clause)}
                    kinds = set(_clause_kinds(clause, holder))
                    adds = bool(_ADD.search(message)) and not _DELETE.search(message)
                    if kinds <= set(acts) and not (adds and "third_party" in kinds and named - set(people)) and not (
                            _new_details(clause, written)):
                        continue  # said again (「加一条 催收发短信说…」 already in it): no second line; a third party
                        # not yet named, in a message that adds, is news (「加上这件事：催收给我单位主任打电话」 beside
                        # 「打我单位电话」, trial G4); a correction that deletes only says what stays (「只是打电话到我单位」);
                        # a count or a time the complaint does not have is news (「是上礼拜打了三回电话骂我」, trial s7 L4)
                    found = report(clause, _report_candidate) or found
                elif _NOT_WRITTEN.search(clause) and _report_candidate(_content(_NOT_WRITTEN.sub("", clause))):
                    # 「投诉书里没写他们跟我妈说我欠钱的事」: what it misses is added, as said (persona trial J4 #10)
                    found = report(_content(_NOT_WRITTEN.sub("", clause)), _report_candidate) or found
                elif _ADD.search(clause) and not _DELETE.search(clause):
                    meant = _meant(clause, clauses, messages[:position])
                    if meant is not None:
                        report(meant, lambda c: True)
                    elif _report_candidate(_content(clause)) and not set(
                            _clause_kinds(_content(clause), holder)) <= set(acts):
                        found = report(_content(clause), _report_candidate) or found
        else:
            for sentence in _joined(_outside_questions(_SENTENCE.findall(message))):
                found = report(sentence, lambda c: not _INSTRUCTION.search(c)) or found
        if found:  # the time and the caller may be said in another sentence of the same message
            said_when = [m.group(0) for m in _WHEN.finditer(_REPORTED_SPEECH.sub("", message))]
            said_by = [mask_text(m.group(0)) for m in _CALLER.finditer(message)]
            said_by += [mask_text(m.group(0).strip()) for m in _NUMBER.finditer(message)]
            when += said_when
            callers += said_by
            if said_when or said_by:
                events.append((_unique(said_when), _unique(said_by)))
                event_dates.append(said_on[position] if position < len(said_on) else None)
    if holder:  # the cardholder is the debtor, never one of the "other people contacted"
        people = [p for p in people if p != holder]
    asked = [(position, quote) for position, quote in unsure if "violence" not in acts and not any(
        _UNSURE_ANSWERED.search(m) for m in messages[position + 1:])]
    people = [p for p in people if p not in withdrawn]
    if "third_party" in acts and not people and not holder and any(
            word in acts["third_party"].quote for word in withdrawn):
        acts.pop("third_party")  # its only people were withdrawn
    if "many_calls" in acts:
        acts.pop("frequent_calls", None)  # a count said is the stronger point (one line, not two)
    if "visit_threat" in acts:
        acts.pop("visit_announced", None)  # the visit said twice is one point (persona trial s8 M2 #16: 上门 listed twice)
    account = [entry for entry in account if entry]
    # 「晚上十一点」 asked about after 「晚上十一点多还在打」 was reported: one time, not two lines (persona trial C2)
    said = set(when)
    within = {w for w in said if any(w != other and w in other for other in said)}
    when = [w for w in when if w not in within]
    dated: dict[tuple[tuple[str, ...], tuple[str, ...]], date | None] = {}  # each event once, with its day
    for (times, by), day in zip(events, event_dates, strict=True):
        times = tuple(w for w in times if w not in within)
        if times or by:
            dated.setdefault((times, by), day)
    ordered = tuple(acts[k] for k in RULES if k in acts)
    return Incident(acts=ordered, account=_unique(account), when=_unique(when), callers=_unique(callers),
                    contacted=_unique(people), holder=holder,
                    willing=any(_WILLING.search(m) for m in messages), events=tuple(dated),
                    event_dates=tuple(dated.values()), name=complainant_name(messages),
                    fixes=tuple(dict.fromkeys(fixes)), channels=_unique(channels),
                    holder_unreachable=any(_HOLDER_UNREACHABLE.search(m) for m in messages),
                    writer_contacted=writer["contacted"], not_guarantor=any(_NOT_GUARANTOR.search(m) for m in messages),
                    unsure=_unique([quote for _, quote in asked]))


_COLLECTOR_WORD = re.compile(_DATA["collector_word"])
_ALL_BANKS = re.compile(_DATA["all_banks"])
_BANK_NOT_KNOWN = re.compile(_DATA["bank_not_known"])


def collector_banks(messages: list[str], known: list[str], banks_in: Callable[[str], list[str]],
                    reply: str | None = None) -> tuple[str, ...] | None:
    """The banks the complaint goes to, one complaint each (ui session 7 finding 1: 「发卡银行」 for a man with 建行 and
    广发): the one bank of the case; else the banks the person named the collector by (「建行的催收」, a sentence that names
    the collector or reports an act), or the answer ``reply`` to the question which bank's collector it was (a bank
    named, 「都有」: every bank of the case; 「不知道」 or no answer: the bank left to fill); None when it is unclear and
    was not asked (the bot asks, once). ``banks_in``: the banks a text
    names (bot/nlu/extract.py)."""
    if len(known) <= 1:
        return tuple(known)
    if reply is not None:
        said = _unique(banks_in(reply))
        if said:
            return said
        if says_all_banks(reply):
            return tuple(known)
    named: list[str] = []
    for message in messages:
        if message.startswith("/"):
            continue
        for sentence in _SENTENCE.findall(_SAID_THEN.sub("，", message)):
            if _COLLECTOR_WORD.search(sentence) or not incident([sentence]).empty:
                named += banks_in(sentence)
    # asked once and not answered (「不知道」, or another question): never asked again, the bank is left to fill —
    # never a bank the person did not name
    return _unique(named) or (None if reply is None else ())


def says_all_banks(reply: str) -> bool:
    """「都有」「两家都有」: the answer to which bank's collector it was names every bank (one complaint each)."""
    return bool(_ALL_BANKS.search(reply or ""))


def says_bank_not_known(reply: str) -> bool:
    """「不知道」「不清楚」: the person cannot say which bank's collector it was."""
    return bool(_BANK_NOT_KNOWN.search(reply or ""))


def unsure_question(found: Incident) -> str | None:
    """The one short question about an act whose reading is unsure (「他们打我了」: a blow or a call), None when none."""
    return _T["unsure_violence"].format(quote=found.unsure[0]) if found.unsure else None


def asks_complainant(message: str) -> bool:
    """「投诉书里写的是我还是我妈」「投诉人是谁」: the person asks in whose name the complaint is (probe W05)."""
    return bool(_COMPLAINANT_ASKED.search(message or ""))


def complainant_line(texts: list[str] | None) -> str:
    """Who the complainant is, as the stored complaint's lines say (its blocks' texts): a relative writing for the
    holder (持卡人：＿＿（我的母亲）), or the holder; nothing stored: the complaint is not written yet."""
    if not texts:
        return _T["complainant_none"]
    relation = next((m.group(1) for text in texts for m in [_STORED_HOLDER.search(text or "")] if m), None)
    return _T["complainant_is_writer"].format(relation=relation) if relation else _T["complainant_is_holder"]


def is_edit(message: str) -> bool:
    """The message corrects the complaint or tells the bot what to put in it or take out."""
    return bool(_CORRECTION.search(message or "") or _EDIT_VERB.search(message or ""))


def edit_line(messages: list[str], written: int | None = None) -> str | None:
    """The one line above a complaint written again: what changed since it was last written (from the first
    ``written`` messages; default: all but the last), or (when the last message asked for a change and nothing
    changed) that it is already so or that nothing was found; None when it asked for nothing."""
    messages = [m or "" for m in messages]
    if not [m for m in messages if m and not m.startswith("/")]:
        return None
    written = len(messages) - 1 if written is None else written
    before, after = incident(messages[:written]), incident(messages, shown=written)
    if before.empty:
        return None  # the complaint asked for the details last time: this is its first text
    line = changes(before, after)
    if line is None and _DELETE.search(messages[-1]):
        # 「删掉“…”这一句」 with no such line: said so, nothing deleted in its place (persona trial s8 M2 #18); words only
        # disowned (「“那就算能找我”是我问你的话」 never written) keep 「已经是这样写的」 (persona trial G4)
        texts = [a.quote for a in before.acts] + list(before.account)
        missing = [t for t in sentence_targets(_SAID_THEN.sub("，", messages[-1]))[0]
                   if not any(_holds(text, t, near) for text in texts for near in (False, True))]
        if missing:
            return _T["not_there"].format(quote=missing[0])
    has = _text_has(messages[-1], before)
    if line is None and is_edit(messages[-1]):
        return _T["already"] if has and _already_in(messages, after) else _T["unchanged"]
    if line is None and not incident(messages[-1:]).empty:
        # 「催收发短信说要通知我学校辅导员」 said again: it is in (not the whole reply again) — only when the complaint's
        # text has what it says (probe s5 W05 t8: 「一天打了二十多个电话」 was called written when it was not)
        return _T["already"] if has else _T["unchanged"]
    return line


def _text_has(message: str, before: Incident) -> bool:
    """The complaint as it was written has what ``message`` says: every count and time of its clauses that report (a
    sentence about the complaint, 「第一条还是写的…」, reports nothing) is in its text — checked on the text, never on the
    kinds of act alone (persona trial s7 L4 #5, #9)."""
    written = [a.quote for a in before.acts] + list(before.account) + list(before.when)
    clauses = [c for c in _CLAUSE.findall(_SAID_THEN.sub("，", message).replace(" ", "，"))
               if c.strip() and not _ABOUT_DOCUMENT.search(c) and not _NEGATION.search(c)]
    return not any(_new_details(_NOT_WRITTEN.sub("", c), written) for c in clauses)


def _already_in(messages: list[str], after: Incident) -> bool:
    """What an edit that changed nothing asks for is already so: the act it adds or restates is in the
    complaint (「加上说要让我儿子坐牢那句」 after it was added), or the count it gives is the one written."""
    messages = [m for m in messages if m and not m.startswith("/")]
    clauses = [c.strip() for c in _CLAUSE.findall(_SAID_THEN.sub("，", messages[-1]).replace(" ", "，")) if c.strip()]
    kinds = {a.kind for a in after.acts}
    written = [a.quote for a in after.acts] + list(after.account)
    withdrawn = {_PEOPLE_NAMES.get(m.group(0), m.group(0)) for c in clauses if _WROTE.search(c) or _NEGATION.search(c)
                 for m in _PEOPLE.finditer(c)}
    if any(_NOT_HAPPENED.search(c) for c in clauses) and not kinds & {"visit", "visit_block"}:
        return True  # 「删掉上门那条 他们没来过」 when no visit is written (only the threat, as said)
    if withdrawn and not withdrawn & set(after.contacted):
        return True  # 「投诉书里写单位被联系了 但其实他还没打」 when no one is listed as contacted (persona trial I5 #6)
    for clause in clauses:
        new_time = _NEW_TIME.search(clause.partition("不是")[0])
        if new_time and any(_time_core(new_time.group("time")) in text for text in written):
            return True  # 「改成十二点半」: the time written
        if _ORDINAL.search(clause):
            continue  # 「第五条删掉」 with no fifth line: nothing found
        missed = _NOT_WRITTEN.sub("", clause) if _NOT_WRITTEN.search(clause) else ""
        if missed and set(_clause_kinds(missed, holder_of(messages))) & kinds:
            return True  # 「投诉里没写他们说要发朋友圈的事」 when it is written
        count = _COUNT_ALONE.search(clause) if _report_candidate(clause) else None
        if count and any(count.group(0) in text for text in written):
            return True  # 「是四五个啊」: the count written
        if _DELETE.search(clause) and len(_content(clause)) >= 2 and not any(_content(clause) in t for t in written):
            return True  # 「七八个那条删掉」: no such line any more
        if _report_candidate(clause) and _clause_kinds(clause, holder_of(messages)):
            return True
        if _ADD.search(clause) and not _DELETE.search(clause):
            meant = _meant(clause, clauses, messages[:-1])
            if meant and any(k in kinds for c in _CLAUSE.findall(meant) for k in _clause_kinds(c, holder_of(messages))):
                return True
    return False


def changes(before: Incident, after: Incident) -> str | None:
    """The one line said above a complaint written again: what an edit changed (a count put right, an act
    added or deleted, a line of the account deleted), or None when nothing changed."""
    was = {a.kind: a.quote for a in before.acts}
    now = {a.kind: a.quote for a in after.acts}
    titles = {a.kind: act_title(a, after.holder) for a in (*before.acts, *after.acts)}
    new_fixes = [f for f in after.fixes if f not in before.fixes]

    def fixed(text: str) -> str:
        for old, new in new_fixes:
            text = text.replace(old, new)
        return text

    old_calls = [was[k] for k in _CALL_KINDS if k in was]
    new_calls = [now[k] for k in _CALL_KINDS if k in now]
    items: list[str] = [_T["changed_time"].format(old=old, new=new) for old, new in new_fixes
                        if not (old_calls and new_calls and (old, new) == (old_calls[0], new_calls[0]))]
    if old_calls and new_calls and old_calls[0] != new_calls[0]:
        # the note on 「请贵行核实」 only when the point went from the breach to a check
        demoted = "many_calls" in was and "many_calls" not in now
        items.append(_T["changed_quote" if demoted else "changed_time"].format(old=old_calls[0], new=new_calls[0]))
    for kind, quote in now.items():
        if kind not in was and not (kind in _CALL_KINDS and old_calls):
            items.append(_T["changed_added"].format(act=titles[kind], quote=quote))
        elif kind in was and kind not in _CALL_KINDS and was[kind] != quote and fixed(was[kind]) != quote:
            if any(was[kind] in entry for entry in after.account):  # the old words stand: a detail added
                items.append(_T["changed_detail"].format(act=titles[kind], quote=quote))
            else:
                items.append(_T["changed_time"].format(old=was[kind], new=quote))
    items += [_T["changed_removed"].format(act=titles[kind], quote=was[kind]) for kind in was if kind not in now]
    if after.name and after.name != before.name:  # 「投诉人写李娟」 (persona trial s9 N2 #7–#8)
        items.append(_T["changed_name"].format(name=after.name))
    if channel_label(before) != channel_label(after):  # 「是短信不是打电话」
        items.append(_T["changed_time"].format(old=channel_label(before), new=channel_label(after)))
    items += [_T["changed_account_removed"].format(entry=e) for e in before.account
              if fixed(e) not in after.account and e not in was.values() and calls_a_day(e) is None]
    # a line of the account added (a count or a time said of an act already written: 「是上礼拜打了三回电话骂我」); an
    # entry quoted by a line added or changed above is said there
    said = "".join(items)
    written = [a.quote for a in before.acts] + list(before.account) + list(before.when)
    items += [_T["changed_account_added"].format(entry=e) for e in after.account
              if e not in before.account and e not in said and not any(fixed(old) == e for old in before.account)
              and _new_details(e, written)]
    if not items:
        return None
    return _T["changed"].format(changes=_T["changed_separator"].join(dict.fromkeys(items)))


def _contacted_lines(found: Incident) -> list[str]:
    """Who else was contacted; only people who cannot be a debtor or guarantor are said to be unrelated — a
    spouse, parent or child may be a guarantor or a 债务相关第三人 (DOMAIN §6), so that is left to fill in."""
    others = list(found.contacted)
    me = [_T["me_relative"].format(relation=found.holder)] if found.writer_contacted and found.holder else []
    if not others and not me:
        return []
    family = [p for p in others if p in _PEOPLE_FAMILY]
    unrelated = [p for p in others if p not in _PEOPLE_FAMILY]
    text = _T["contacted"].format(people=LIST_SEPARATOR.join(me + others))
    if unrelated:
        text += _T["contacted_unrelated"].format(people=LIST_SEPARATOR.join(unrelated))
    if family:
        text += _T["contacted_family"].format(people=LIST_SEPARATOR.join(family), blank=BLANK)
    return [text]


def _rule_of(found: Incident, act: Act) -> Rule:
    """The rule an act is measured by. A contact of others is a breach unless the ones contacted may lawfully be:
    the holder's spouse and nobody else (a 债务相关第三人 when the money went on the family; probe X30 — a boss or a
    colleague told is no such person: persona trial G4), or anyone once the holder could not be reached (probe E07):
    then the bank is asked to check (DOMAIN §6)."""
    if act.kind == "demand_pay" and found.not_guarantor:
        return RULES["demand_pay_breach"]  # 「我是她爸 不是担保人」: no guarantor asked to pay (persona trial I2)
    if act.kind == "third_party":
        others = list(found.contacted)
        spouse_only = set(others) <= _PEOPLE_SPOUSE and bool(others or found.holder in _PEOPLE_SPOUSE)
        if spouse_only or found.holder_unreachable:
            return RULES["third_party_check"]
    return RULES[act.kind]


def _only_checks(found: Incident) -> bool:
    """Every act is one the bank is asked to check (allowed in itself): the complaint calls none a breach."""
    return all(_rule_of(found, act).verdict == "check" for act in found.acts)


# acts that involve people other than the debtor: only then is the bank asked to stop contacting third parties
THIRD_PARTY_KINDS = frozenset({"third_party", "disclose_threat", "contact_threat", "public", "public_threat"})


def _demands(found: Incident) -> str:
    items = list(_T["demands_relative"] if found.holder else _T["demands"])
    if not found.contacted and not found.writer_contacted and not any(
            act.kind in THIRD_PARTY_KINDS for act in found.acts):
        items = [item for item in items if item != _T["demand_third_party"]]
    if _only_checks(found):
        items[0] = _T["demand_check_first"]
    if found.willing and not found.holder:
        items.append(_T["demand_willing"])
    numbered = [f"{_T['ordinals'][i]}、{item}" for i, item in enumerate(items)]
    return _T["demands_head"] + _T["sentence_separator"].join(numbered) + "。"


def _when_who(found: Incident, today: date) -> str:
    """「时间：…；来电/来人：…。」, one line per message that said them (persona trial A2: the 11 pm calls were the
    collectors', the 「法院」 caller rang in the daytime: never one line for both); a relative day as the date it meant
    (from the day it was said, else ``today``: 「昨天晚上11点」 → 「12月7日晚上11点」, persona trial s9 N2 #6)."""
    events = found.events or ((found.when, found.callers),)
    days = list(found.event_dates) if found.events else []
    channel = channel_label(found)
    unknown = _T["caller_unknown" if channel == _T["channel_unknown"] else "caller_unknown_written"]
    lines: list[str] = []
    for index, (when, callers) in enumerate(events):
        said_on = (days[index] if index < len(days) else None) or today
        times = list(dict.fromkeys(_dated(w, said_on) for w in when))
        line = _T["when_who"].format(when=LIST_SEPARATOR.join(times) or _T["when_unknown"], channel=channel,
                                     caller=LIST_SEPARATOR.join(callers) or unknown)
        if line not in lines:
            lines.append(line)
    return "\n".join(lines)


def complaint_document(found: Incident, bank: str | None, today: date) -> ComplaintDocument:
    """The complaint to the bank (copy to 12378) for ``found``; blanks for what was not said."""
    name = bank or _T["unknown_bank"]
    check = "_check" if _only_checks(found) else ""
    if found.holder:
        who = (_T["name_relative"].format(name=found.name) if found.name
               else _T["name_unknown_relative"].format(blank=BLANK))
        complainant = _T["complainant_relative"].format(name=who, blank=BLANK, bank=name, relation=found.holder)
        intro = _T["intro_relative" + check].format(relation=found.holder)
    else:
        who = found.name or _T["name_unknown"].format(blank=BLANK)
        complainant = _T["complainant"].format(name=who, blank=BLANK, bank=name)
        intro = _T["intro" + check]
    paragraphs = [
        _T["to"].format(bank=name),
        complainant,
        intro,
        _when_who(found, today),
        _T["account"].format(account="“" + "”“".join(found.account) + "”"),
    ]
    ordinals = _T["ordinals"]
    for n, act in enumerate(found.acts, start=1):
        rule = _rule_of(found, act)
        verdict = _T["check" if rule.verdict == "check" else "breaks"].format(rule=rule.rule)
        paragraphs.append(_T["act_line"].format(n=ordinals[n - 1] if n <= len(ordinals) else n,
                                                act=act_title(act, found.holder), quote=act.quote, verdict=verdict))
    paragraphs += _contacted_lines(found)
    paragraphs += [_demands(found), _T["evidence"], _T["escalate"]]
    dated = _T["date"].format(year=today.year, month=today.month, day=today.day)
    signature = tuple(line.format(today=dated) for line in _T["signature"])
    return ComplaintDocument(title=_T["title" + check].format(bank=name), paragraphs=tuple(paragraphs),
                             signature_lines=signature, header_lines=_HEADER_LINES)


_HEADER_LINES = 2  # TO and COMPLAINANT
