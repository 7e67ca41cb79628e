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
from dataclasses import dataclass, field
from datetime import date

from bot.documents.model import Block, Document
from bot.privacy import mask_text

# ---- the Chinese of the complaint, grouped so that the text home of issue 12 can take it as it is ------------
GUIDELINE = "中国银行业协会《金融机构个人消费类贷款催收工作指引（试行）》"
MEASURES_68 = "《商业银行信用卡业务监督管理办法》（2011）第六十八条"
BLANK = "＿＿＿＿"
TITLE = "关于{bank}信用卡违规催收的投诉"
TO = "致：{bank}信用卡中心（客户投诉部门）\n抄送：国家金融监督管理总局（12378 银行保险消费者投诉热线）"
COMPLAINANT = "投诉人：{blank}（姓名）　联系电话：{blank}　信用卡：{bank}，卡号后四位 {blank}。"
INTRO = "我是贵行信用卡持卡人。我的信用卡目前逾期，我愿意还款，但近期催收人员的下列行为违反了监管规定，特此投诉："
WHEN_WHO = "时间：{when}；来电/来人：{caller}。"
ACCOUNT = "经过（我的记录）：{account}"
ACT_LINE = "{n}、{act}（“{quote}”）。这违反了{rule}。"
CONTACTED = "被联系的其他人：{people}。他们不是这笔欠款的债务人或担保人。"
DEMANDS = (
    "我的请求：一、立即停止上述违规催收行为；二、不再联系与欠款无关的第三人；三、核实催收人员及所属机构"
    "（是否在贵行公布的合作催收机构名单内），并在规定时间内书面答复处理结果；四、我愿意还款，请由贵行直接与我"
    "协商个性化分期还款。"
)
EVIDENCE = "证据：通话记录截图、录音、短信截图（附后，请按实际补充）。"
ESCALATE = "如贵行未能妥善处理，我将向国家金融监督管理总局（12378）投诉；遇到人身威胁，我将报警（110）。"
SIGNATURE = ("投诉人（签名）：" + BLANK, "日期：{today}")
WHEN_UNKNOWN = BLANK + "（日期、几点）"
CALLER_UNKNOWN = BLANK + "（哪家机构、来电号码、对方自称什么）"
UNKNOWN_BANK_NAME = "发卡银行"
LIST_SEPARATOR = "、"


@dataclass(frozen=True)
class Rule:
    act: str  # the act, as the complaint states it
    rule: str  # the rule it breaks, with its source
    certainty: str  # DOMAIN's certainty of the rule: law | quoted | practice


RULES: dict[str, Rule] = {
    "violence": Rule("催收人员使用暴力", f"{MEASURES_68}（不得使用暴力）和《治安管理处罚法》（我已/将报警110）", "quoted"),
    "insult": Rule("催收人员辱骂、侮辱我", f"{MEASURES_68}（催收不得使用暴力、威胁、恐吓或侮辱的手段）", "quoted"),
    "threat": Rule("催收人员威胁、恐吓我", f"{MEASURES_68}（不得威胁、恐吓）和{GUIDELINE}（不得夸大法律后果）", "quoted"),
    "impersonation": Rule("催收人员冒充法院、公安等机关", f"{GUIDELINE}（不得冒充公检法等机关）", "quoted"),
    "false_consequence": Rule("催收人员编造“黑名单”或夸大法律后果",
                              f"{GUIDELINE}（不得编造“黑名单”、不得夸大法律后果）", "quoted"),
    "night": Rule("在晚上10点至早上8点之间催收", f"{GUIDELINE}（未经同意，不得在22:00至次日8:00催收）", "quoted"),
    "third_party": Rule(
        "向与欠款无关的第三人催收或透露我的欠款",
        f"{MEASURES_68}（只能向债务人和担保人催收）、{GUIDELINE}（只有联系不上债务人时才可联系第三人，且只能转告、"
        "不得透露欠款）以及《民法典》第一千零三十二至一千零三十三条、《个人信息保护法》（个人信息和隐私受保护）",
        "quoted"),
    "many_calls": Rule("一天之内反复呼叫", f"{GUIDELINE}（同一联系方式当天未接通的呼叫不宜超过6次）", "quoted"),
    "visit": Rule("未经同意上门或到我的单位催收",
                  f"{GUIDELINE}（未经同意不得进入住所或单位；上门须至少两名催收人员）", "quoted"),
    "public": Rule("张贴、群发或公开我的欠款信息", f"{GUIDELINE}（不得张贴公告、公开曝光）和《个人信息保护法》", "quoted"),
    "no_identity": Rule("催收人员不表明所属机构", f"{GUIDELINE}（首次联系应表明所属机构）", "quoted"),
}

# the person's words for each act (normalised simplified Chinese; order = the order of the complaint)
_ACT_PATTERNS: dict[str, str] = {
    "violence": r"打(?:了)?我|动手|推我|砸(?:了)?(?:我|门|东西)",
    "insult": r"骂|辱骂|侮辱|脏话|畜生|不要脸|人渣|王八蛋",
    "threat": r"威胁|恐吓|吓唬|弄死|收拾你|后果自负|让你好看|抓(?:你|我|人)|坐牢|拘留|判刑|去(?:你|我)(?:家|单位|公司)闹",
    "impersonation": r"冒充|(?:自称|说(?:他|她|自己)?是|假装)(?:是)?(?:法院|公安|警察|派出所|检察院|法官|律师)",
    "false_consequence": r"黑名单|移交公安|(?:马上|已经|准备)立案|通缉|(?:孩子|子女|儿子|女儿).{0,6}(?:上学|考公|政审|当兵)",
    "night": (r"凌晨|半夜|深夜|夜里|(?:晚上|夜间|晚)(?:十一|十二|十|1[0-2])点|(?<!\d)2[2-3](?:[:：]\d{2}|点)"
              r"|(?:早上|清晨|早晨)(?:五|六|七|[5-7])点"),
    "third_party": (r"(?:打给|打到|打电话给|联系(?:了)?|找(?:了)?|告诉(?:了)?|通知(?:了)?|发(?:短信|信息|微信)给|骚扰(?:了)?)"
                    r"(?:我的?)?(?:家人|爸|妈|父母|老婆|老公|妻子|丈夫|孩子|儿子|女儿|亲戚|朋友|同事|领导|老板|单位|公司"
                    r"|通讯录|紧急联系人|邻居|同学)"),
    "many_calls": (r"(?:一天|每天|天天|一上午|一下午|一晚上|一个晚上).{0,6}(?:\d{2,}|几十|十几|[七八九十]+)(?:个|次|通)"
                   r"|狂打|轰炸|不停地?打|一直打|打了?(?:\d{2,}|几十|十几)(?:个|次|通)"),
    "visit": r"上门|到我家|来我家|到家里|家里来|(?:到|来)(?:我(?:的)?)?(?:单位|公司)(?:找|闹|堵)|堵门|堵我",
    "public": r"张贴|大字报|群发|发朋友圈|曝光|发到(?:家族|亲戚|公司)?群|拉群",
    "no_identity": r"不说(?:是)?哪家|不(?:肯)?报(?:名字|姓名|工号)|不告诉(?:我)?(?:是)?哪家|不说名字",
}
_ACTS = {kind: re.compile(p) for kind, p in _ACT_PATTERNS.items()}
_PEOPLE = re.compile(
    r"家人|爸爸|妈妈|爸|妈|父母|老婆|老公|妻子|丈夫|孩子|儿子|女儿|亲戚|朋友|同事|领导|老板|单位|公司|通讯录|紧急联系人|邻居|同学")
_PEOPLE_NAMES = {"爸": "父亲", "爸爸": "父亲", "妈": "母亲", "妈妈": "母亲", "单位": "单位", "公司": "单位",
                 "通讯录": "通讯录里的联系人"}
_WHEN = re.compile(
    r"\d{1,2}月\d{1,2}[日号](?:(?:早上|上午|中午|下午|晚上|夜里|凌晨)?[\d一二三四五六七八九十]{1,3}点(?:半|多|\d{1,2}分)?)?"
    r"|(?:今天|昨天|前天|昨晚|今晚|前晚|上周[一二三四五六日天]?|这周[一二三四五六日天]?|上个月)"
    r"(?:(?:早上|上午|中午|下午|晚上|夜里|凌晨)?[\d一二三四五六七八九十]{1,3}点(?:半|多|\d{1,2}分)?)?"
    r"|(?:凌晨|半夜|深夜|早上|上午|中午|下午|晚上|夜里)[\d一二三四五六七八九十]{1,3}点(?:半|多|\d{1,2}分)?"
    r"|\d{1,2}[:：]\d{2}")
_CALLER = re.compile(
    r"[\u4e00-\u9fff]{2,10}?(?:催收公司|资产管理(?:有限)?公司|律师事务所|律所|外包公司|法务部|催收中心|信用卡中心)"
    r"|(?:自称|说是)[\u4e00-\u9fff]{2,12}?的(?:人|催收|工作人员)?|(?:委外|外包)(?:的)?(?:催收)?(?:公司|人员)?")
_NUMBER = re.compile(r"(?:\+?86)?[\d\- ]{7,}\d")
_SENTENCE = re.compile(r"[^。！？!?\n；;]+")
_CLAUSE = re.compile(r"[^。！？!?\n；;，,]+")
_MAX_QUOTE = 80
_MAX_ACCOUNT = 400


@dataclass(frozen=True)
class Act:
    kind: str  # a key of RULES
    quote: str  # the person's sentence that states it, masked


@dataclass(frozen=True)
class Incident:
    acts: tuple[Act, ...] = ()
    account: tuple[str, ...] = ()  # the person's messages that describe the acts, masked
    when: tuple[str, ...] = ()
    callers: tuple[str, ...] = ()
    contacted: tuple[str, ...] = ()

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


def _unique(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i for i in items if i))


def _quote_long(message: str) -> str:
    text = mask_text(message.strip())
    return text if len(text) <= _MAX_ACCOUNT else text[: _MAX_ACCOUNT - 1] + "…"


def _quote(sentence: str) -> str:
    text = mask_text(sentence.strip(" ，,"))
    return text if len(text) <= _MAX_QUOTE else text[: _MAX_QUOTE - 1] + "…"


def incident(messages: list[str]) -> Incident:
    """The acts of abusive collection in the person's ``messages`` (normalised text), with when, who called
    and who else was contacted, read from the sentences that state an act. Each act once, first quote kept."""
    acts: dict[str, Act] = {}
    account: list[str] = []
    when: list[str] = []
    callers: list[str] = []
    people: list[str] = []
    for message in messages:
        message = message or ""
        found = False
        for sentence in _SENTENCE.findall(message):
            for clause in _CLAUSE.findall(sentence):
                kinds = [k for k, p in _ACTS.items() if p.search(clause)]
                for kind in kinds:
                    # the night is often said in the clause before the act: quote the time itself
                    acts.setdefault(kind, Act(kind, _quote(clause)))
                if "third_party" in kinds:
                    people += [_PEOPLE_NAMES.get(m.group(0), m.group(0)) for m in _PEOPLE.finditer(clause)]
                found = found or bool(kinds)
        if not found:
            continue
        account.append(_quote_long(message))
        when += [m.group(0) for m in _WHEN.finditer(message)]
        callers += [mask_text(m.group(0)) for m in _CALLER.finditer(message)]
        callers += [mask_text(m.group(0).strip()) for m in _NUMBER.finditer(message)]
    ordered = tuple(acts[k] for k in RULES if k in acts)
    return Incident(acts=ordered, account=_unique(account), when=_unique(when), callers=_unique(callers),
                    contacted=_unique(people))


def complaint_document(found: Incident, bank: str | None, today: date) -> ComplaintDocument:
    """The complaint to the bank (copy to 12378) for ``found``; blanks for what was not said."""
    name = bank or UNKNOWN_BANK_NAME
    paragraphs = [
        TO.format(bank=name),
        COMPLAINANT.format(blank=BLANK, bank=name),
        INTRO,
        WHEN_WHO.format(when=LIST_SEPARATOR.join(found.when) or WHEN_UNKNOWN,
                        caller=LIST_SEPARATOR.join(found.callers) or CALLER_UNKNOWN),
        ACCOUNT.format(account="“" + "”“".join(found.account) + "”"),
    ]
    for n, act in enumerate(found.acts, start=1):
        rule = RULES[act.kind]
        paragraphs.append(ACT_LINE.format(n=_CHINESE_ORDINALS[n - 1] if n <= len(_CHINESE_ORDINALS) else n,
                                          act=rule.act, quote=act.quote, rule=rule.rule))
    if found.contacted:
        paragraphs.append(CONTACTED.format(people=LIST_SEPARATOR.join(found.contacted)))
    paragraphs += [DEMANDS, EVIDENCE, ESCALATE]
    signature = tuple(line.format(today=f"{today.year}年{today.month}月{today.day}日") for line in SIGNATURE)
    return ComplaintDocument(title=TITLE.format(bank=name), paragraphs=tuple(paragraphs), signature_lines=signature,
                             header_lines=_HEADER_LINES)


_CHINESE_ORDINALS = "一二三四五六七八九十"
_HEADER_LINES = 2  # TO and COMPLAINANT
