"""The question topics asked in one message (「利息和违约金一共多少 会不会上征信」 → interest, penalty,
credit_report), so that an answer covers every part of a compound question and nothing else.

The topics, their keywords and their order come from the registry (bot/topics/registry.yml). Keyword matching
runs after the project's normaliser (bot/nlu/normalize.normalize), without spaces and in lower case. A topic
mentioned only to say it was not asked (「我没问坐牢」, 「不是问征信」) is not asked. Keep every caller on
``topics_in``.
"""
from __future__ import annotations

import re

from bot import topics as registry
from bot.nlu.char_pinyin import BANK_WITH_AMOUNT
from bot.nlu.distress import health_worry_only, hyperbole_only, visit_fear_only
from bot.nlu.normalize import normalize

INTEREST = "interest"
PENALTY = "penalty"
MIN_PAYMENT = "min_payment"
INSTALLMENT = "installment"
NEGOTIATE = "negotiate"

# Figures first, then rules: the order in which a compound answer is given (STYLE: figure first).
ANSWER_ORDER = registry.answer_order()
FIGURE_TOPICS = registry.figure_topics()
# the intent whose answer covers the topic (the registry's `intents`)
TOPIC_OF_INTENT = {intent: t.name for t in registry.topics() for intent in t.intents}

# 「没问坐牢」「不是问征信」「别说起诉了」「不用管利息」: the word right after is not a question asked
_NEGATION = re.compile(r"(?:没|没有|不是|并没|我没|别|不用|不要|不必|用不着)(?:在)?(?:问|说|提|讲|管|扯|聊)(?:你|过|到)?(?:什么|啥)?$")


def normalise(text: str) -> str:
    # the project's one normaliser (traditional → simplified, full-width, English card terms, homophone
    # typos such as 争信 → 征信), then no spaces and lower case for the keyword patterns
    return re.sub(r"\s+", "", normalize(text or "")).lower()


def _asked(pattern: re.Pattern, norm: str) -> bool:
    """``pattern`` occurs in ``norm`` at least once not right after a negation of asking."""
    return any(not _NEGATION.search(norm[max(0, m.start() - 6):m.start()]) for m in pattern.finditer(norm))


def _negated(pattern: re.Pattern, norm: str) -> bool:
    return any(_NEGATION.search(norm[max(0, m.start() - 6):m.start()]) for m in pattern.finditer(norm))


def topics_in(text: str) -> list[str]:
    """The topics asked in ``text``, each once, in ``ANSWER_ORDER`` (figures before rules)."""
    norm = normalise(text)
    found = {t.name for t in registry.topics() if _asked(t.keywords, norm)}
    if NEGOTIATE in found:
        found.discard(INSTALLMENT)  # 个性化分期 is the negotiation, not 账单分期
    return [name for name in ANSWER_ORDER if name in found]


def negated_topics(text: str) -> list[str]:
    """The topics ``text`` says were not asked (「我没问坐牢」 → criminal)."""
    norm = normalise(text)
    return [t.name for t in registry.topics() if _negated(t.keywords, norm) and not _asked(t.keywords, norm)]


def decided_intent(text: str) -> str | None:
    """The intent a registry `decide` phrase sets whatever the classifier said (「记住我卡号」 → ask_privacy),
    or None. The first topic in registry order whose phrase matches and whose `unless` does not."""
    norm = normalise(text)
    for t in registry.topics():
        if not t.decide or (t.unless is not None and t.unless.search(norm)):
            continue
        for intent, phrase in t.decide:
            if _asked(phrase, norm):
                return intent
    return None


# 「不是网贷 是信用卡！」: another debt named only to say the question is about the card; card banks named with
# amounts (「招行5万 建行3万 中信两万 还有个网贷4万…会不会坐牢」, persona trial H1) are cards too
_CARD = re.compile(r"信用卡|卡债|卡奴|刷卡|(?:招行|工行|建行|农行|中行|交行|银行)的?卡|" + BANK_WITH_AMOUNT.pattern,
                   re.IGNORECASE)
# collectors contacting or telling a third party (school, counsellor, employer, relatives): a collection-conduct
# question (DOMAIN §6), never out of scope (persona trial H2: 「那通知学校呢 他们能打给我辅导员吗」); said of the
# collectors (他们, 催收, an SMS, a visit), and no other debt product named (网贷 collection stays out of scope)
_THIRD_PARTY_CONTACT = re.compile(
    r"(?:通知|告诉|打给|打到|打电话给|打电话到|联系|找到|找上|闹到|去|到|来|打)(?:我|我们)?(?:的|们)?"
    r"(?:学校|辅导员|班主任|老师|同学|室友|学院|单位|公司|领导|同事|老板|家人|家里|父母|爸妈|亲戚|朋友|通讯录|紧急联系人)")
_COLLECTOR_SAID = re.compile(r"他们|催收|催债|短信|上门|银行|欠钱|欠款|还款|逾期")
_NOT_OTHER_DEBT = re.compile(r"不是(?:网贷|花呗|借呗|贷款|借的钱|微粒贷|白条)")
NOT_A_TOPIC_INTENT = "vague_card_question"  # 「信用卡」 alone: the topic menu asks what about it
# the classifier's own pick is kept when it is this sure, even if the keywords name other topics
SURE = 0.7


def guarded_intent(text: str, intent: str | None, confidence: float | None = None,
                   ranking: list[str] | None = None) -> str | None:
    """The intent the message asks when the classifier's ``intent`` answers something it did not ask, else
    None (keep the classifier's). In order:
      1. a registry `decide` phrase (「记住我卡号」 → ask_privacy, 「会不会被限制出境」 → ask_exit_ban);
      2. the classified topic is one the message says it did not ask (「我没问坐牢 我问征信」) → the topic
         it does ask, else the topic menu;
      3. out of scope, but about a credit card (「不是网贷 是信用卡！」, 「借网贷还信用卡 利息怎么算」) → the
         card topic asked, else the topic menu;
      4. the classifier is unsure (< ``SURE``) and its topic is not among the topics the words ask → the first
         topic asked that is also among the classifier's best ``TIE_CANDIDATES`` guesses (``ranking``, its
         intent names best first; None: not known, any topic asked): a message that merely mentions a keyword
         (「我跟银行打电话能不能说我失业了」, 「征信不好会影响子女考公吗」) keeps the classifier's pick unless the classifier
         itself considered the keyword's topic; an unsure 「distress」 on hyperbole with no signal (「利息高得要死」)
         → the topic asked."""
    decided = decided_intent(text)
    if decided:
        return decided if decided != intent else None
    if intent not in WHAT_NOW_KEPT and bare_what_now(text):
        # 「现在咋整」「那咋办」 (nlu8): no topic in the words, so any topic the classifier picks is a guess (with the scope
        # detector on, ask_consequences 0.15 gave the consequences after 「不想拖累家人了」, tests/e2e/test_care8_e2e.py);
        # the clarifying path answers it from the conversation (after a signal: the first step, actions/distress.py)
        return WHAT_NOW_INTENT
    norm = normalise(text)
    asked = topics_in(text)
    first = TOPIC_HOME.get(asked[0]) if asked else None
    if intent == "express_distress" and (confidence or 0) < SURE and first and hyperbole_only(text):
        return first  # 「利息高得要死 能少一点吗」: hyperbole, not a signal (bot/nlu/distress.py); a signal never gets here
    if intent == "express_distress" and health_worry_only(text) and _QUESTION_CUE.search(norm):
        # 「晚上十一点打电话合法吗 …我心脏不好都睡不着觉」: no signal, a question (persona trial C2): answered
        return first or (COLLECTION_INTENT if _CALLS.search(norm) else None)
    if intent == "express_distress" and visit_fear_only(text):
        # 「他们要是真上门来了我咋办 我一个人在家害怕」 (persona trial E2): fear of a visit, no signal — the visit rules
        return COLLECTION_INTENT
    current = TOPIC_OF_INTENT.get(intent or "")
    if current and current in negated_topics(text):
        return first or NOT_A_TOPIC_INTENT
    if intent in ("out_of_scope", "nlu_fallback") and _CARD.search(norm) and (asked or _NOT_OTHER_DEBT.search(norm)):
        return first or NOT_A_TOPIC_INTENT
    if intent in ("out_of_scope", "nlu_fallback") and not asked and _WHAT_TO_DO.search(norm) \
            and _OWN_MONEY.search(norm) and _FIGURE.search(norm) and not _OTHER_DEBT.search(norm):
        # 「那我该怎么办 房租吃饭扣完一个月最多剩800」 (persona trial H3: 「不在我能回答的范围」): what to do, said with the
        # person's own month, is how to get out of the card debt — the negotiation; 花呗/网贷 named stays out of scope
        return NEGOTIATE_INTENT
    if intent in ("out_of_scope", "nlu_fallback") and third_party_contact(text):
        return COLLECTION_INTENT
    if intent in ("out_of_scope", "nlu_fallback") and not asked and (_CARD.search(norm) or _CARD_COUNT.search(norm)) \
            and _OTHER_DEBT.search(norm) and _FIGURE.search(norm):
        # 「一共四张卡 大概16万 还有花呗欠了1万2」「我是说四张信用卡加起来16万左右 花呗是另外的」 (persona trial s6 J1 #5/#6:
        # 「不在我能回答的范围」, 「没能理解」): the cards' figures with another debt named beside them are facts of the card
        # case; the other debt is context (the case hook keeps it out of the cards)
        return INFORM_INTENT
    if intent == "inform" and third_party_contact(text) and not topics_in_questions(text):
        # 「是招商的 欠了两万三 逾期快三个月了 他还说要打我单位电话」 (persona trial s6 I5 #2: only 「记下了」): a collector's
        # threat to call the workplace, told with the facts, asks whether they may; the facts are stored all the same
        return COLLECTION_INTENT
    if intent == "inform" and _CARD.search(norm):
        # facts and a question in one message (「招行5万 建行3万 … 会不会坐牢啊」): the question is answered; the facts
        # are stored by the case hook all the same
        asking = topics_in_questions(text)
        if asking:
            return TOPIC_HOME.get(asking[0])
    questioned = topics_questioned(text)
    if current and questioned and current not in questioned and (confidence or 0) < SURE and first != intent:
        first = TOPIC_HOME.get(questioned[0])
        if ranking is None:
            return first
        considered = [TOPIC_OF_INTENT.get(name) for name in [n for n in ranking if n != intent][:TIE_CANDIDATES]]
        return next((TOPIC_HOME[name] for name in questioned if name in considered and TOPIC_HOME.get(name) != intent),
                    None)
    return None


COLLECTION_INTENT = "ask_collection_harassment"
# a bare what-now question goes to the clarifying path; kept: that path itself, the negotiation (its answer is the
# way out, and after a signal the same first step), the topic menu and a distress reading (DistressGuard decides)
WHAT_NOW_INTENT = "nlu_fallback"
WHAT_NOW_KEPT = frozenset({WHAT_NOW_INTENT, NOT_A_TOPIC_INTENT, "ask_negotiate_plan", "express_distress"})
# what a bare what-now question may say beside the question: who, when, particles (「那我现在该咋整啊」) and a subject
# that names no topic (「银行的事咋整」, tests/e2e/test_repair.py: with the scope detector on, ask_consequences)
_WHAT_NOW_FILLER = re.compile(r"银行|信用卡|卡|这件|这个|这种|这|事情|事儿|事|情况|的|"
                              r"那么|那|现在|接下来|下一步|然后|今后|以后|之后|到底|究竟|我们|我|咱们|咱|该|应该|应当|要|得|可|可以|能|"
                              r"又|还|再|呢|啊|呀|吧|啦|了|嘛|哎|唉|诶|呃|额|哦|喔|阿|捏|哇|[?？!！,，.。~～…、\s]")


def bare_what_now(text: str) -> bool:
    """``text`` asks only what to do now (「现在咋整」「那咋办」「怎么办啊」「接下来怎么弄」): a what-to-do phrase and,
    beside it, nothing but who, when and particles — no topic, card, figure or other debt."""
    norm = normalise(text)
    if not norm or not _WHAT_TO_DO.search(norm) or topics_in(text):
        return False
    return not _WHAT_NOW_FILLER.sub("", _WHAT_TO_DO.sub("", norm))
INFORM_INTENT = "inform"
# 「四张卡」「两张信用卡」: the cards counted (in this assistant a card is a credit card)
_CARD_COUNT = re.compile(r"(?:[两三四五六七八九十几多2-9]|好几)张(?:信用)?卡")
NEGOTIATE_INTENT = "ask_negotiate_plan"
_WHAT_TO_DO = re.compile(r"怎么办|咋办|咋个办|怎么弄|咋弄|怎么整|咋整|如何是好|怎么处理|咋处理")
_OWN_MONEY = re.compile(r"剩|工资|收入|房租|吃饭|生活费|开销|还不上|还不起|还不了|退休金|每个?月|一个月")
_FIGURE = re.compile(r"\d|[一二两三四五六七八九十][十百千万块元]")
_OTHER_DEBT = re.compile(r"网贷|花呗|借呗|白条|金条|房贷|车贷|贷款|微粒贷|借款|欠朋友|欠亲戚|借的钱|高利贷")
_CALLS = re.compile(r"打电话|来电|电话|催收|打给我|打我")
# a clause that asks something (「那我还能协商吗」); 「银行说违约金不能免」 only mentions 违约金
_CLAUSE_SPLIT = re.compile(r"[\s，,。.！!；;：:、]+")
_QUESTION_CUE = re.compile(r"[?？吗呢么]|多少|几|怎么|咋|如何|会不会|能不能|可不可以|是不是|有没有|要不要|算不算|行不行|哪|啥|什么|为什么")


def third_party_contact(text: str) -> bool:
    """The message asks about collectors contacting or telling a third party (school, employer, family), and
    names no other debt product (bot.nlu.char_pinyin: 网贷/花呗 alone stay out of scope)."""
    from bot.nlu.char_pinyin import OTHER_DEBT

    norm = normalise(text)
    return bool(_THIRD_PARTY_CONTACT.search(norm) and _COLLECTOR_SAID.search(norm) and not OTHER_DEBT.search(norm))


def topics_in_questions(text: str) -> list[str]:
    """The topics named in the clauses of ``text`` that ask something (a question cue), in ``ANSWER_ORDER``; none
    when no clause asks (unlike ``topics_questioned``, which then takes every topic named)."""
    clauses = [c for c in _CLAUSE_SPLIT.split(normalize(text or "")) if c]
    found = {name for clause in clauses if _QUESTION_CUE.search(clause) for name in topics_in(clause)}
    return [name for name in ANSWER_ORDER if name in found]


def topics_questioned(text: str) -> list[str]:
    """The topics asked in the clauses of ``text`` that ask something (a question cue), in ``ANSWER_ORDER``; a
    message with no question cue at all (「征信 利息」, typed as keywords) asks every topic it names."""
    clauses = [c for c in _CLAUSE_SPLIT.split(normalize(text or "")) if c]
    asking = [c for c in clauses if _QUESTION_CUE.search(c)]
    if not asking:
        return topics_in(text)
    found = {name for clause in asking for name in topics_in(clause)}
    return [name for name in ANSWER_ORDER if name in found]


TOPIC_HOME = {t.name: t.home_intent for t in registry.topics()}
# how many of the classifier's best guesses the words may choose among when it is unsure
TIE_CANDIDATES = 3


def tie_break(text: str, ranking: list[str]) -> str | None:
    """Below the fallback threshold: the first of the classifier's best ``TIE_CANDIDATES`` intents whose
    topic the words ask (「会上征信吗？银行会起诉我吗？」 between ask_lawsuit and ask_exit_ban → ask_lawsuit),
    else None (the bot asks 「您是想问…吗？」)."""
    asked = set(topics_in(text))
    for intent in ranking[:TIE_CANDIDATES]:
        if TOPIC_OF_INTENT.get(intent) in asked:
            return intent
    return None


# 「我没逾期」「还会算逾期吗」 deny it or ask about it (persona trial s9 N4 #10–#12: 「已经逾期的卡…」 after 「我没逾期！！！」)
_OVERDUE = re.compile(r"(?<!没)(?<!没有)(?<!未)(?<!不)(?<!算)(?<!不算)逾期|还不上|没还上|过了还款日")


# 「这样广发就不逾期了吧」「广发就不会上征信吧」「先还广发最低还款可以吗」: a yes/no asked about keeping a card out of overdue
_KEEPS_CURRENT_ASKED = re.compile(
    r"(?:不|没)(?:会|算|就)?(?:再)?(?:逾期|上征信|影响征信|算逾期)(?:了)?(?:吧|吗|么|对吧|是吧)|(?:可以|行)(?:吗|吧|么)")


# 「能不能办账单分期」「还会算逾期吗」「没逾期 能办吗」: whether a card can take the instalment (and what it does to being late)
_INSTALMENT_ALLOWED = re.compile(r"能不能办|能办|可以办|可不可以办|办得了|能申请|可以申请|逾期")


def asks_instalment_allowed(text: str) -> bool:
    """The instalment question asks whether it can be had (or whether it counts as overdue), not only its figures."""
    return bool(_INSTALMENT_ALLOWED.search(normalise(text)))


def asks_keeps_current(text: str) -> bool:
    """The message asks whether something keeps a card from being overdue (a yes/no, actions/finance_answers.py)."""
    return bool(_KEEPS_CURRENT_ASKED.search(normalise(text)))


def says_overdue(text: str) -> bool:
    """The message says the card is overdue (「逾期的卡能分期吗」): 账单分期 is then generally not available."""
    return bool(_OVERDUE.search(normalise(text)))


# a figure of the statement stated, not asked about (probe B09: 「上个月最低还款700我一分没还 违约金要交多少」 got the
# minimum-payment answer too): cut before the other topics of the message are looked for
_FIGURE_STATED = re.compile(
    r"(?:上(?:个)?(?:月|期)的?)?(?:账单)?(?:最低还款额?|最低应还|最低还)(?:是|为|有|要还|应还)?"
    r"[0-9一二三四五六七八九十两百千万.,，]+(?:元|块钱?)?")


def others_text(text: str) -> str:
    """``text`` without the statement's figures it states (「最低还款700」): what is left to look for other topics."""
    return _FIGURE_STATED.sub("，", text or "")


# ---- which question gets which answer (persona trials s6) ----------------------------------------------------------
# 「我问的是怎么才不会被抓 不是娃娃上学」: the message says what it asks; what follows 「不是」 in it is not asked (bot/facts.py)
# 「你还没回答我 被起诉了银行还肯协商吗」 (persona trial s9 N3 #10): the question again because it went unanswered
INSISTS = re.compile(r"(?:问的是|我是问|是问|说的是|想问的是|要问的是|想知道的是|还没回答|没回答我|你没回答|没有回答)")
NOT_BEFORE = re.compile(r"(?:不是|而不是|并不是|没问|不是问|不是说)(?:我|问)?$")
# 「不是 我问失业证明 …去哪里开 公司不给开怎么办」 (persona trial s9 N5 #9: the negotiation's general answer): the answer just
# given was not taken as an answer — the same question again, whatever its clauses look like (actions/answers.py)
REASKED = re.compile(r"^(?:不是|不对|没问这个)(?:啊|呀|的|吧)?(?:我|俺)(?:是)?(?:问|说)(?!你|一下|下)")


def reasked(text: str) -> bool:
    """``text`` says the last answer missed and asks again (「不是 我问失业证明 …」)."""
    from bot.nlu.normalize import normalize

    return bool(REASKED.search(re.sub(r"\s+", "", normalize(text or ""))))
# 「这两个都不合法吧」: one question about each thing named before it (actions/answers.py give_specifics)
ABOUT_ALL = re.compile(r"这两个|两个都|这几个|这些|都(?:不)?(?:合法|违法|违规|算|行|可以|正常)")
# the facts the 坐牢 checklist turns on (DOMAIN §4): the days, the collections, the principal
CRIMINAL_FACT_WORDS = re.compile(r"逾期|催收|催了|本金|欠了?")
# 「每个月要还多少 付得起吗」 beside a quote (persona trial s7 L2 #10): whether the person can afford it, asked of a monthly
# figure the answer computes (actions/whatif.py: 够/不够 first, from the person's own income − expenses or budget)
AFFORD_ASKED = re.compile(
    r"(?:付|还|供|负担|承担)(?:得|不)起|(?:付|还)(?:得)?(?:了|上)吗|吃得消|扛得住|够不够|够吗|够用吗|"
    r"能不能(?:付|还|负担)(?:得)?(?:起|上|了)")
# a clause that itself asks (「那我到底会不会坐牢嘛」); 「十几个电话」 counts, it does not ask
ASKING_CLAUSE = re.compile(r"[?？吗呢么嘛]|会不会|能不能|可不可以|是不是|有没有|要不要|算不算|行不行|怎么|咋|如何|为什么|多少")


# any question word: a message without one that carries facts is said back, not guessed at (actions.fallback.facts_only)
# 「大概要等多久」「还要等多长时间」「什么时候有人回我」: how long the wait for a person is (persona trial s10 P5 t17)
WAIT_ASKED_RE = re.compile(r"等(?:多久|多长时间|几分钟|多少分钟|到什么时候|到几点)|(?:什么时候|啥时候|多久|多长时间)(?:才)?(?:能)?(?:有人|轮到|回我|回复)")


def asks_wait(text: str) -> bool:
    """The message asks how long the wait for a person is."""
    return bool(WAIT_ASKED_RE.search(re.sub(r"\s+", "", text or "")))


ASKS_RE = re.compile(r"[吗嘛么？?]|怎么|多少|多久|咋|啥|什么|会不会|能不能|要不要|是不是|可不可以|行不行|有没有|哪")
# the letter to the bank named (「申请书里说的是啥」): a question about it inside the plan form is no hardship reason
LETTER_NAMED_RE = re.compile(r"申请书|申请信|协商信|那封信|这封信|信里|信上")
# a supposition: words asked under it are a what-if, not the question (actions.answers._asked_not_supposed)
SUPPOSED_RE = re.compile(r"如果|要是|假如|万一|假设|的话")
