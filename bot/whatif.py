"""What-if answers (issue 11): read the scenario in one message and compute it with the finance engine
as a difference against the current path (keep not paying).

Pure: no Rasa. Money is ``Decimal`` in 元; amounts leave this module rounded half-up to the fen by the
engine (``round_money``). Scenarios:

    PAY_NOW      「先还5000利息能少多少」       pay X today
    PAY_LATER    「拖到下个月会多多少」「下周再还呢」 settle k days later instead of today
    PAY_OFF      「现在一次还清要多少」         everything today
    INSTALMENTS  「分36期每月多少」             账单分期 at an example fee rate, and 个性化分期 at 0 interest
    MIN_ONLY     「只还最低会怎样」             the minimum every month for 12 months
    COVERS_MIN   「月底还3000够最低吗」         is X at least the minimum payment
    WHICH_FIRST  「先还哪张」                   the order for several cards, with the rule and why
    BUDGET_FIT   「每月1000要还几年」「每月1000 60期够不够」 does a monthly amount repay the debt within 60 periods

The current path is `bot.finance.project_overdue`: nothing repaid, interest billed and compounded every
30 days, 违约金 at each missed due date (its stylised calendar is stated in its assumptions).
"""
from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from bot import finance
from bot.finance.consequences import CRIMINAL_PRINCIPAL
from bot.finance.money import ZERO, round_money
from bot.finance.penalty import penalty_amount
from bot.finance.projection import CYCLE_DAYS, MAX_MONTHS, MAX_OVERDUE_DAYS, Projection
from bot.finance.schedules import BankSchedule
from bot.limits import MAX_PERIODS  # 账单分期 ≤ 5 years (2022 rules); 个性化分期 ≤ 60 periods (第70条)
from bot.nlu.extract import LATE_BY_RE, SPLIT_PARTS_RE, small_number  # the one reader of small counts (36, 三十六, 两)

PAY_NOW = "pay_now"
PAY_LATER = "pay_later"
PAY_OFF = "pay_off"
INSTALMENTS = "instalments"
MIN_ONLY = "min_only"
COVERS_MIN = "covers_min"
WHICH_FIRST = "which_first"
BUDGET_FIT = "budget_fit"
KINDS = (PAY_NOW, PAY_LATER, PAY_OFF, INSTALMENTS, MIN_ONLY, COVERS_MIN, WHICH_FIRST, BUDGET_FIT)

# 账单分期 fee per period when the user gives none: a common quote (DOMAIN §8 uses 0.6%), said to be an example
EXAMPLE_INSTALMENT_RATE = Decimal("0.006")
HORIZON_DAYS = CYCLE_DAYS  # "pay X now" is compared over the next statement cycle
MIN_ONLY_MONTHS = 12
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Scenario:
    """A what-if read from one message. ``amount`` 元 (PAY_NOW, COVERS_MIN); ``delay_days`` and its words
    (PAY_LATER); ``periods`` (INSTALMENTS; None when the message names none; ``amount`` then the sum to
    instalment when the message names one); ``minimum`` the statement's minimum when the message states it
    (「最低还款额2000 我还了1500够吗」)."""

    kind: str
    amount: Decimal | None = None
    delay_days: int | None = None
    delay_label: str | None = None
    periods: int | None = None
    minimum: Decimal | None = None
    rate: Decimal | None = None  # INSTALMENTS: the fee per period the message states (「手续费每期0.6%」 → 0.006)


# ---- parsing -----------------------------------------------------------------------------------------

_SMALL_NUMBER = r"(?:\d{1,3}|[一二两三四五六七八九十]{1,3})"
_AMOUNT_RE = re.compile(
    r"(?P<num>\d+(?:\.\d+)?\s?(?:万|w|千|k)?|[零一二两三四五六七八九十百千万点]{1,8})\s?(?:块钱|块|元)?"
)
_MAGNITUDE_RE = re.compile(r"[百千万wk]")
# 「账单上最低还款写的是520不是500」 (persona trial s11 Q4 #14: 520 taken for the payment, 「够」): the minimum stated
_STATED_MINIMUM_RE = re.compile(
    r"最低(?:还款)?(?:额)?(?:写的是|写着|写的|显示的是|显示|应该是|其实是|是|为|有|要|要还)?(?=[\d零一二两三四五六七八九十])")
# 「…520不是500」: a figure said to be wrong is neither the minimum nor the payment
_NOT_THIS_BEFORE_RE = re.compile(r"(?:不是|并不是|而不是)$")
# 「先还招行还是建行」 asks which card; 「先还400还是等凑够600再还」 (persona trial s10 P4 #7) asks about an amount, no card
_WHICH_FIRST_RE = re.compile(
    r"先还哪|哪[张个家]卡?先还|先还谁|优先还哪|还哪[张个家]|哪[张个家]卡?优先"
    r"|先还(?![\d零一二两三四五六七八九十百千万]|进去|上|一部分|点|些).{0,4}还是")
_MINIMUM_RE = re.compile(r"最低|最少还款|min ?payment")
_COVERS_RE = re.compile(r"够|足够|满足|达到|达不到|行不行|可以吗|行吗|算不算")
_MIN_ONLY_RE = re.compile(r"(?:只|光|仅|就|一直|每个?月|每期)(?:还|交|付)?(?:个|那个)?最低")
_PERIODS_RE = re.compile(rf"(?:分|分成|分个|做)?(?P<n>{_SMALL_NUMBER})\s?期")
_YEARS_RE = re.compile(rf"分(?P<n>{_SMALL_NUMBER})\s?年")
_INSTALMENT_WORD_RE = re.compile(r"分期|月供")
_PER_PERIOD_RE = re.compile(r"每[月期个]|月供|多少|几|怎么样|怎样|划算|呢|要还")
_PAY_OFF_RE = re.compile(
    r"(?:一次性?|全部|全额|一下子|一口气|现在|今天|马上|立刻|立即)(?:都|就|给)?(?:还清|结清|还完|还掉|还上|全还|清掉)"
    r"|(?:还清|结清)(?:要|需要|得)?(?:多少|几)"
)
# future only: 「晚了两天」 states a fact (days overdue), 「晚两天还」 is a grace question
_LATER_CUE_RE = re.compile(r"拖|推迟|延后|延迟|再还|过.{0,4}再|等到|晚点还|晚些还|再晚|" + LATE_BY_RE.pattern)
# 「今天还了1000」 is a payment made (the reading's already_paid), not a what-if
# 「现在还要还多少」「现在还欠多少」: 还 as "still" (还要/还得/还欠/还差/还有) asks what is due, it pays nothing (persona
# trial I3 #1: read as paying the 12,000 of the statement, then the days were asked)
_PAY_NOW_CUE_RE = re.compile(
    r"(?:先|现在|马上|今天|立刻|立即|提前|这个月|本月)(?:就)?(?:还上|还掉|还|存)(?!了|过|要|得|需|欠|差|有|是|剩|在)")
_SAVE_RE = re.compile(r"少多少|能少|省多少|能省|减少|少点|少一些|少付")
# 「每月1000」「每个月最多还1000」「一个月只能拿出一千」: a monthly amount (its start is the amount's)
_MONTHLY_AMOUNT_RE = re.compile(
    r"(?:每个?月|一个月|每期|月供)(?:就|只|最多|顶多|只能|能|可以|大概|也就)*(?:还|拿出|拿得出|出|付|供)?(?:个|得出)?(?=[\d一二两三四五六七八九十])")
# how long, or whether it is enough: 「分几年」「要还多少年」「多久还完」「够不够」「还得完吗」
_HOW_LONG_RE = re.compile(r"几年|多少年|多久|多长时间|几个月|多少个月|几期|多少期|够不够|够吗|够不|够了吗|够用|还得完|还不完|还完|能还清|还清吗|可以吗|行不行|行吗")
# 「四万七要还多久」「多久能还完」 with no monthly amount (persona trial s7, read10's leftover: only 银行会同意吗 answered):
# how long is asked; the stored budget answers it, else the answer says it depends on the monthly amount
_HOW_LONG_TO_REPAY_RE = re.compile(
    r"还(?:完|清)?(?:要|得|需要)?(?:多久|多长时间|几年|多少年|几个月|多少个月)|(?:多久|多长时间|几年|多少年)(?:能|可以|才能)?还(?:完|清)")
_DELAYS = (
    (re.compile(r"明天"), 1, "明天"),
    (re.compile(r"后天"), 2, "后天"),
    (re.compile(r"下(?:个)?(?:周|星期|礼拜)"), 7, "下周"),
    (re.compile(r"下(?:个)?月"), 30, "下个月"),
)
_DELAY_COUNT_RE = re.compile(rf"(?P<n>{_SMALL_NUMBER})\s?(?P<unit>天|日|周|个星期|星期|个礼拜|礼拜|个月|月)")
_UNIT_DAYS = {"天": 1, "日": 1, "周": 7, "个星期": 7, "星期": 7, "个礼拜": 7, "礼拜": 7, "个月": 30, "月": 30}


# 「手续费每期0.6%」, 「费率百分之零点六」: the fee per period of an instalment, as a fraction
_RATE_RE = re.compile(r"(?:手续费|费率|每期|利率)[^\d%，,。]{0,6}?(?P<n>\d+(?:\.\d+)?)\s?%|百分之(?P<cn>[零一二三四五六七八九点]{1,6})")
_CN_DIGIT = {c: str(i) for i, c in enumerate("零一二三四五六七八九")}
MAX_INSTALMENT_RATE = Decimal("0.03")  # 3 % a period: above this the figure is no fee per period (a typo, an APR)


# 「中信分期手续费好像是0.75」 (persona trial s8 M5 #6, no % sign): a fee per period said as a bare figure of percent
_RATE_BARE_RE = re.compile(
    r"(?:手续费|费率)(?:率)?(?:好像|大概|应该|可能|据说|听说|差不多)?(?:是|为|有|要|收)?(?:每期|一期|每个月|每月)?"
    r"(?P<n>\d?\.\d+|[0-3])(?![\d.]|\s?(?:元|块|万|千|期|天|个月|年|w|k))")
# 「我说的是0.75不是0.6 按0.75算一下」 (M5 #7: 「没能理解」): a fee rate said again as the figure to use
_RATE_AGAIN_RE = re.compile(
    r"(?:说的是|应该是|是|按|用)(?:每期)?(?P<n>\d?\.\d+)(?:%|个点)?(?:的?(?:费率|手续费))?"
    r"(?=不是\d?\.\d+|(?:来|去|再|重新)?(?:算|计算|重算)|$)")
MIN_SAID_RATE = Decimal("0.001")  # 0.1 % a period: below it a bare figure is no fee per period (a daily rate, 0.05)


def _rate(norm: str) -> Decimal | None:
    match = _RATE_RE.search(norm)
    if match is None:
        bare = _RATE_BARE_RE.search(norm)
        return _percent(bare.group("n")) if bare else None
    raw = match.group("n") or "".join("." if c == "点" else _CN_DIGIT[c] for c in match.group("cn"))
    try:
        rate = Decimal(raw) / 100
    except ArithmeticError:
        return None
    return rate if 0 < rate <= MAX_INSTALMENT_RATE else None


def _percent(raw: str) -> Decimal | None:
    try:
        rate = Decimal(raw) / 100
    except ArithmeticError:
        return None
    return rate if MIN_SAID_RATE <= rate <= MAX_INSTALMENT_RATE else None


def _without_rates(norm: str) -> str:
    """``norm`` with the figure of a bare fee rate (「手续费好像是0.75」) masked, so that it is never read as 0.75 元."""
    return _RATE_BARE_RE.sub(lambda m: m.group(0)[:m.start("n") - m.start()] + "#" * len(m.group("n")), norm)


def rate_said(text: str) -> Decimal | None:
    """The instalment fee per period a message states (「手续费每期0.6%」「手续费好像是0.75」), as a fraction, or None."""
    return _rate(normalise(text))


def rate_said_again(text: str) -> Decimal | None:
    """A fee rate said again as the one to use (「我说的是0.75不是0.6 按0.75算一下」), as a fraction, or None: read only
    where a fee rate is being talked about (a rate said or shown before)."""
    norm = normalise(text)
    stated = _rate(norm)
    if stated is not None:
        return stated
    match = _RATE_AGAIN_RE.search(norm)
    return _percent(match.group("n")) if match else None


def normalise(text: str) -> str:
    """Full-width → half-width (NFKC), lower case, no spaces: what the patterns here expect."""
    text = unicodedata.normalize("NFKC", text or "")
    # 「每月1000 60期」: two figures apart stay apart (never 100060)
    # 「每个月能还一千 四万七要还多久」: so do figures in Chinese numerals (never 10,047,000: persona trial G4 #12)
    text = re.sub(r"(?<=[\d零一二两三四五六七八九十百千万])\s+(?=[\d零一二两三四五六七八九十])", ",", text)
    return re.sub(r"\s+", "", text).lower()


def _amounts(norm: str) -> list[tuple[int, Decimal]]:
    """The money amounts in the message (start, 元), through the project's Chinese numeral reader."""
    from bot.nlu.extract import parse_amount  # the one reader of Chinese amounts (两万五, 3k, 1.2万)

    found = []
    for match in _AMOUNT_RE.finditer(norm):
        raw = match.group("num").strip()
        if raw.isdigit() and len(raw) <= 2:
            continue  # "3期", "45天": counts, not money
        if not raw[0].isdigit() and not _MAGNITUDE_RE.search(raw):
            continue  # 「先还一部分」: a bare 一 is not money
        tail = norm[match.end():match.end() + 2]
        if tail[:1] in ("期", "天", "日", "周", "个", "年", "号") or tail.startswith("星期"):
            continue
        if tail[:1] in ("%", "％", "‰") or norm[max(0, match.start() - 3):match.start()].endswith(("百分之", "千分之")):
            continue  # 「手续费每期0.6%」: a rate, never 0.60 元 of principal
        if re.search(r"不是\s?$", norm[max(0, match.start() - 3):match.start()]):
            continue  # 「不是0.6元」: the figure said to be wrong
        value = parse_amount(raw)
        if value is not None and value > 0:
            found.append((match.start(), Decimal(str(value)).quantize(CENT)))
    return found


def _delay(norm: str, today: date | None) -> tuple[int, str] | None:
    # 「不是30天 我问的是晚5天」: the count after 晚 is the delay, never a figure said before it
    late_by = _counted_delay(LATE_BY_RE.search(norm))
    if late_by:
        return late_by
    for pattern, days, label in _DELAYS:
        if pattern.search(norm):
            return days, label
    if "月底" in norm and today is not None:
        last = calendar.monthrange(today.year, today.month)[1]
        return max(1, last - today.day), "月底"
    return _counted_delay(_DELAY_COUNT_RE.search(norm))


def _counted_delay(match: re.Match[str] | None) -> tuple[int, str] | None:
    """Days and label of a delay counted in words (groups ``n`` and ``unit``), None without a count."""
    count = small_number(match.group("n")) if match else None
    if not count:
        return None
    unit = match.group("unit")
    return count * _UNIT_DAYS[unit], f"{count}{'个月' if unit in ('月', '个月') else unit}后"


def _periods(norm: str) -> int | None:
    match = _PERIODS_RE.search(norm)
    if match:
        return small_number(match.group("n"))
    match = _YEARS_RE.search(norm)
    if match:
        years = small_number(match.group("n"))
        return None if years is None else years * 12
    return None


def parse_scenario(text: str, today: date | None = None) -> Scenario | None:
    """The what-if asked in ``text``, or None when the message asks none. ``today`` only resolves 「月底」
    in a delay. The first matching kind wins, in the order of the module docstring's table read from the
    most specific: which card first, covers the minimum, minimum only, instalments, pay off, later, now."""
    norm = normalise(text)
    if not norm:
        return None
    if asks_pay_or_wait(text):
        return None  # 「先还一点好还是等协商好了再还」: whether to pay before a deal, no figure (bot/answers.yml)
    if _WHICH_FIRST_RE.search(norm):
        return Scenario(WHICH_FIRST)
    amounts = _amounts(_without_rates(norm))
    stated = _STATED_MINIMUM_RE.search(norm)
    minimum = next((value for start, value in amounts if stated and start == stated.end()), None)
    paid = [value for start, value in amounts
            if not (stated and start == stated.end()) and not _NOT_THIS_BEFORE_RE.search(norm[:start])]
    amount = paid[0] if paid else None
    if _MINIMUM_RE.search(norm) and amount is not None and _COVERS_RE.search(norm):
        return Scenario(COVERS_MIN, amount=amount, minimum=minimum)
    if _MIN_ONLY_RE.search(norm):
        return Scenario(MIN_ONLY)
    periods = _periods(norm)
    monthly = _MONTHLY_AMOUNT_RE.search(norm)
    if monthly is not None and _HOW_LONG_RE.search(norm):
        amount_said = next((value for start, value in amounts if start == monthly.end()), None)
        if amount_said is not None:
            # 「每月1000 60期够不够」: the periods asked for, else the most a bank grants (60)
            return Scenario(BUDGET_FIT, amount=amount_said, periods=periods)
    if periods is not None and _PER_PERIOD_RE.search(norm):
        # 「0.6元每月？？是12000分12期」: the principal is the largest figure said (a per-period figure is smaller)
        return Scenario(INSTALMENTS, periods=periods, amount=max(paid) if paid else None, rate=_rate(norm))
    if monthly is None and _HOW_LONG_TO_REPAY_RE.search(norm):
        return Scenario(BUDGET_FIT, amount=None, periods=periods)  # the monthly amount: the stored budget, else asked
    if _PAY_OFF_RE.search(norm) and "分期" not in norm:
        return Scenario(PAY_OFF)
    delay = _delay(norm, today)
    if delay is not None and _LATER_CUE_RE.search(norm):
        return Scenario(PAY_LATER, delay_days=delay[0], delay_label=delay[1])
    if amount is not None and (_PAY_NOW_CUE_RE.search(norm) or _SAVE_RE.search(norm)):
        return Scenario(PAY_NOW, amount=amount)
    if _INSTALMENT_WORD_RE.search(norm) and _PER_PERIOD_RE.search(norm) and "每" in norm:
        return Scenario(INSTALMENTS)
    return None


PAY_OR_WAIT_ANSWER = "pay_before_deal"


def asks_pay_or_wait(text: str) -> bool:
    """「先还一点好还是等协商好了再还」「先打给建行表个态 还是等谈好分期再还 先还了会不会白还」 (persona trial s9 N3 #11–#12:
    read as 「先还哪张」, then the example menu): whether to pay something now or wait for the deal. Its words have their
    home in the answer (bot/answers.yml ``pay_before_deal``); no what-if is computed for it."""
    from bot import facts

    return facts.matches(PAY_OR_WAIT_ANSWER, text)


# 「工作丢了」「失业了」「没收入」: no income now (persona trial s9 N5 #4: 「先还广发」 to someone who had lost her job and
# had 5,000 left for rent); a supposition (「要是失业了」) is no statement
_NO_INCOME_SAID_RE = re.compile(
    r"(?<!要是)(?<!如果)(?<!万一)(?<!假如)(?:失业|工作(?:也)?(?:丢|没)了|丢了?工作|没(?:有)?了?工作|没(?:有)?(?:任何)?收入|"
    r"没(?:有)?工资|收入(?:也)?没了|被(?:公司|单位|老板|厂里)?(?:辞退|开除|裁)|下岗)")


def says_no_income(text: str) -> bool:
    """The text says the person has no income now (lost the job, no wages)."""
    return bool(_NO_INCOME_SAID_RE.search(normalise(text)))


# ---- several cards, each with its own what-if (「招行那张先还5000 建行的拖3个月呢」) -----------------------

# 「其他两张」「另外的」「剩下那张」: every recorded card the message does not name
_REST_RE = re.compile(r"(?:其他|其余|另外|剩下|别的)(?:的|那)?(?:[两三四五六七八九几一]?[张个家])?(?:卡)?")
# what may stand between two banks of one group (「工行建行」「工行和建行」「工行、建行的」)
_JOIN_RE = re.compile(r"^(?:[\s和跟与及、]|还有|的|那张|这张|两张|卡)*$")
_CLAUSE_RE = re.compile(r"[，,。；;！!？?\s]+")


@dataclass(frozen=True)
class CardStep:
    """One part of a per-card what-if: the ``banks`` named (canonical names), or ``rest`` (the cards not named
    elsewhere), and their ``scenario`` (None: nothing said for them, 「其他两张慢慢还」: they stay as they are)."""

    banks: tuple[str, ...]
    rest: bool
    scenario: Scenario | None


def parse_card_plan(text: str, today: date | None = None) -> tuple[CardStep, ...] | None:
    """A what-if said card by card, or None: two or more groups of cards (banks, or 「其他」) with words of their
    own, at least one of them a scenario (「先还浦发8000 工行建行下个月再还」 → 浦发 pays 8,000 now; 工行, 建行 30
    days later). The words before the first group of a clause, and after each group up to the next one, are
    that group's. One group only (「招行和建行都拖3个月」) is the ordinary what-if of every card."""
    from bot.nlu.extract import extract_entities

    text = unicodedata.normalize("NFKC", text or "")
    mentions = sorted([(e["start"], e["end"], e["value"]) for e in extract_entities(text) if e.get("entity") == "bank"
                       and isinstance(e.get("start"), int)] + [(m.start(), m.end(), None) for m in _REST_RE.finditer(text)])
    if len({bank for _, _, bank in mentions}) < 2:
        return None
    clause_ends = [m.start() for m in _CLAUSE_RE.finditer(text)] + [len(text)]
    clause_starts = [0] + [m.end() for m in _CLAUSE_RE.finditer(text)]

    def clause_of(position: int) -> int:
        return next(i for i, end in enumerate(clause_ends) if position <= end)

    groups: list[list[tuple[int, int, str | None]]] = []
    for mention in mentions:
        if groups and clause_of(groups[-1][-1][0]) == clause_of(mention[0]) and _JOIN_RE.match(
                text[groups[-1][-1][1]:mention[0]]):
            groups[-1].append(mention)
        else:
            groups.append([mention])
    if len(groups) < 2:
        return None
    steps = []
    for index, group in enumerate(groups):
        clause = clause_of(group[0][0])
        first_in_clause = index == 0 or clause_of(groups[index - 1][0][0]) != clause
        start = clause_starts[clause] if first_in_clause else group[0][0]
        following = groups[index + 1][0][0] if index + 1 < len(groups) else len(text)
        end = min(following, clause_ends[clause]) if index + 1 < len(groups) and clause_of(following) == clause \
            else clause_ends[clause]
        words = text[start:end]
        for s_, e_, _ in sorted(group, reverse=True):  # the bank names themselves are no amounts or cues
            if start <= s_ < end:
                words = words[:s_ - start] + " " + words[e_ - start:]
        scenario = parse_scenario(words, today)
        delay = _delay(normalise(words), today)
        if scenario is None and delay is not None and "还" in words:
            # beside another card's payment today, 「工行和建行下个月还」 is a delay, without 拖/再
            scenario = Scenario(PAY_LATER, delay_days=delay[0], delay_label=delay[1])
        if scenario is not None and scenario.kind not in (PAY_NOW, PAY_LATER, PAY_OFF):
            scenario = None
        steps.append(CardStep(banks=tuple(dict.fromkeys(b for _, _, b in group if b)),
                              rest=any(b is None for _, _, b in group), scenario=scenario))
    if not any(step.scenario for step in steps):
        return None
    return tuple(steps)


# ---- the facts a what-if rests on --------------------------------------------------------------------


@dataclass(frozen=True)
class CardFacts:
    """One card as the answer uses it: ``principal`` 元 owed (本金), ``overdue_days`` after the due date
    (None = unknown), ``min_payment`` the statement's minimum when the user gave it (元)."""

    bank: str | None
    principal: Decimal
    overdue_days: int | None = None
    min_payment: Decimal | None = None
    paid: Decimal | None = None  # 元 already repaid since it fell due (「我之前还了500」)
    days_at_least: bool = False  # ``overdue_days`` is the lower bound the person gave (「一百多天」 → 100)

    @property
    def schedule(self) -> BankSchedule:
        return finance.get_schedule(self.bank)

    @property
    def remaining(self) -> Decimal:
        """What is left of ``principal`` after what the person already repaid (never below 0)."""
        return max(ZERO, self.principal - (self.paid or ZERO))


def case_card(c: Any, slot_days: int | None) -> CardFacts:
    """A card of the case model (bot.case) as the answers use it. 「逾期一百多天」 (only a lower bound known) is
    priced at that bound and said so (「逾期超过100天（按100天算）」): the days are never asked again (persona trial
    C3). 「六万里面本金大概五万二 其他是利息」: the principal said apart is what bears interest and what the criminal
    threshold counts (DOMAIN §4: interest and fees excluded); the interest already in the 60,000 is never charged
    again (persona trial G3). The chat's answers (actions/whatif.py) and the console's ticket figures use this one
    reading (UI session 7 C14: the two differed by one fen)."""
    from bot.case import UNKNOWN_BANK

    days, at_least = c.overdue_days, False
    if days is None and slot_days is not None:
        days = slot_days
    if days is None and c.overdue_more_than is not None:
        days, at_least = c.overdue_more_than, True
    base = c.principal if c.principal is not None and c.amount is not None and 0 < c.principal < c.amount else c.amount
    bank = None if not c.bank or c.bank == UNKNOWN_BANK else str(c.bank)
    return CardFacts(bank=bank, principal=base, overdue_days=days, min_payment=c.min_payment,
                     paid=c.paid, days_at_least=at_least)


def case_cards(case: Any, slot_days: int | None = None) -> list[CardFacts]:
    """The case's cards with an amount, each with its own bank and days (the slot's days stand in for a lone card's)."""
    cards = [c for c in case.cards if c.amount is not None and c.amount > 0]
    return [case_card(c, slot_days if len(cards) == 1 else None) for c in cards]


@dataclass(frozen=True)
class Totals:
    """Interest, 违约金 and today's total over several cards: the sum of each card's own projection (each rounded
    to the fen as the card's line says it), as the chat says 「利息约…，违约金约…」."""

    interest: Decimal
    penalty: Decimal
    owed: Decimal
    projections: tuple[Projection, ...]


def totals(cards: Sequence[CardFacts]) -> Totals:
    projections = tuple(projection(card) for card in cards)
    return Totals(sum((p.total_interest for p in projections), ZERO), sum((p.total_penalty for p in projections), ZERO),
                  sum((p.total_owed for p in projections), ZERO), projections)


def projection(card: CardFacts, extra_days: int = 0) -> Projection:
    """The current path: nothing more repaid, settled ``extra_days`` after today (engine: project_overdue). The 违约金 of
    the first missed due date is 5 % of the statement's minimum left unpaid after what the person paid (DOMAIN §2),
    when the minimum or a payment is known: the same figure as the 违约金 answer (persona trial E4: 「我还了600」 on a
    minimum of 1,000 is 20, never 50 in one answer and 20 in the next)."""
    days = (card.overdue_days or 0) + extra_days
    # what was already repaid is off the balance that bears interest from its repayment on (DOMAIN §1; the engine
    # takes it as repaid on the due date and says so), and off the minimum the first 违约金 is charged on
    result = finance.project_overdue(card.principal, min(days, MAX_OVERDUE_DAYS), bank=card.schedule,
                                     paid=card.paid)
    return _first_penalty_on_the_unpaid_minimum(card, result)


def _first_penalty_on_the_unpaid_minimum(card: CardFacts, result: Projection) -> Projection:
    """The statement's own minimum, when the person gave it, replaces the engine's share of the principal as the
    base of the first 违约金 (what was paid already off it: the engine did the same for its share)."""
    if card.min_payment is None or not result.rows:
        return result
    first = 0  # the fee of the missed due date opens the first row (a projection past the grace days has one)
    row = result.rows[first]
    unpaid = max(ZERO, card.min_payment - (card.paid or ZERO))
    penalty = penalty_amount(card.schedule, unpaid, principal=card.principal) if unpaid > ZERO else ZERO
    delta = penalty - row.penalty
    if delta == ZERO:
        return result
    from dataclasses import replace as _replace

    rows = list(result.rows)
    rows[first] = _replace(row, penalty=penalty, penalty_base=unpaid)
    return _replace(result, rows=rows, total_penalty=result.total_penalty + delta,
                    total_owed=result.total_owed + delta)


def current_minimum(card: CardFacts) -> tuple[Decimal, bool]:
    """(minimum due now in 元, estimated?). The statement's minimum when given; otherwise the engine's:
    the last statement's minimum on the current path (it carries the past-due minimums, interest and
    违约金), or the bank's ratio of the principal when no statement has been missed yet."""
    if card.min_payment is not None:
        return card.min_payment, False
    ratio = card.schedule.min_payment_ratio.value
    if card.overdue_days is not None:
        billed = [row for row in projection(card).rows if row.billed and row.min_payment is not None]
        if billed:
            return billed[-1].min_payment, True
    return round_money(card.principal * ratio), True


def minimum_due_now(card: CardFacts) -> tuple[Decimal, bool]:
    """(what is still due of the minimum now, estimated?): the statement's minimum less what the person already paid
    on it (persona trial G5: 800 paid of 1,560 leaves 760, never 「补上…约1,560元」); the engine's estimate as it is."""
    minimum, estimated = current_minimum(card)
    if estimated or not card.paid:
        return minimum, estimated
    return max(ZERO, minimum - card.paid), False


@dataclass(frozen=True)
class GraceState:
    """A card on its due date or within its bank's grace days (容时, DOMAIN §1 [practice]): the one rule every
    answer computes from. Topping up the minimum within grace is usually on time (no 违约金, no 征信 record);
    paying all of it within grace usually also costs no interest; anything left unpaid bears interest (a
    full-interest bank: the whole statement from the posting date). Money 元.

    ``days`` after the due date (0 = due today), ``days_left`` of grace after today (0 = today is the last day);
    ``unpaid_minimum`` what is still due of the minimum after ``paid``; ``remaining`` what pays it all;
    ``penalty_if_missed`` the 违约金 once the grace days pass without the minimum; ``next_interest`` the interest
    the next statement bills when the minimum is topped up today and nothing more is paid; ``balance_after`` what
    then still bears interest, ``daily_after`` its interest a day."""

    days: int
    grace: int
    days_left: int
    minimum: Decimal
    minimum_estimated: bool
    paid: Decimal
    unpaid_minimum: Decimal
    remaining: Decimal
    penalty_if_missed: Decimal
    method: str
    next_interest: Decimal
    balance_after: Decimal
    daily_after: Decimal


def grace_state(card: CardFacts) -> GraceState | None:
    """The card's grace state, or None when its days are unknown or past the bank's grace days.

    Next statement's interest on the module's stylised calendar (statement = posting day, due date ``DUE_GAP_DAYS``
    later, next statement ``CYCLE_DAYS`` after the first) and DOMAIN §1's day count (the repayment day at the
    balance after it): ``paid`` repaid on the due date (as project_overdue takes it), the rest of the minimum today.
    Full interest: principal × 20 days + (principal − paid) × days + (principal − paid − top-up) × (11 − days);
    unpaid part only: what stays unpaid × 31 days (the repaid parts keep their free period). DOMAIN §8's CMB
    example (1,000, 100 paid on the due date) gives 1000×20 + 900×11 at this calendar."""
    from bot.finance.projection import DUE_GAP_DAYS
    from bot.finance.schedules import FULL

    schedule = card.schedule
    if card.overdue_days is None or card.overdue_days > schedule.grace:
        return None
    days, principal = card.overdue_days, card.principal
    paid = min(principal, card.paid or ZERO)
    if card.min_payment is not None:
        minimum, estimated = card.min_payment, False
    else:
        minimum, estimated = round_money(principal * schedule.min_payment_ratio.value), True
    unpaid = min(max(ZERO, minimum - paid), principal - paid)
    after = principal - paid - unpaid
    to_statement = CYCLE_DAYS - DUE_GAP_DAYS + 1  # due date .. next statement, both counted
    if schedule.method == FULL:
        day_balances = principal * DUE_GAP_DAYS + (principal - paid) * days + after * (to_statement - days)
    else:
        day_balances = after * (DUE_GAP_DAYS + to_statement)
    return GraceState(
        days=days, grace=schedule.grace, days_left=schedule.grace - days, minimum=minimum,
        minimum_estimated=estimated, paid=paid, unpaid_minimum=unpaid, remaining=principal - paid,
        penalty_if_missed=penalty_amount(schedule, unpaid, principal=principal) if unpaid > ZERO else ZERO,
        method=schedule.method, next_interest=round_money(day_balances * schedule.rate) if after > ZERO else ZERO,
        balance_after=after, daily_after=round_money(after * schedule.rate),
    )


# ---- results -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PayLater:
    """Settling ``delay_days`` later instead of today. Money 元; codes are 征信 repayment codes."""

    delay_days: int
    owed_today: Decimal
    owed_later: Decimal
    extra_interest: Decimal
    extra_penalty: Decimal
    extra_total: Decimal
    code_today: str
    code_later: str
    within_grace_today: bool
    within_grace_later: bool


def pay_later(card: CardFacts, delay_days: int) -> PayLater:
    now, later = projection(card), projection(card, delay_days)
    grace = card.schedule.grace
    return PayLater(
        delay_days=delay_days,
        owed_today=now.total_owed,
        owed_later=later.total_owed,
        extra_interest=later.total_interest - now.total_interest,
        extra_penalty=later.total_penalty - now.total_penalty,
        extra_total=later.total_owed - now.total_owed,
        code_today=finance.credit_code(now.overdue_days, grace),
        code_later=finance.credit_code(later.overdue_days, grace),
        within_grace_today=now.within_grace,
        within_grace_later=later.within_grace,
    )


@dataclass(frozen=True)
class PayOff:
    """Everything today (``owed`` = principal + interest + 违约金, 元) and what a month's wait would add."""

    principal: Decimal
    interest: Decimal
    penalty: Decimal
    owed: Decimal
    wait_cost: Decimal
    within_grace: bool


def pay_off(card: CardFacts) -> PayOff:
    now = projection(card)
    return PayOff(
        principal=now.principal, interest=now.total_interest, penalty=now.total_penalty, owed=now.total_owed,
        wait_cost=projection(card, HORIZON_DAYS).total_owed - now.total_owed, within_grace=now.within_grace,
    )


@dataclass(frozen=True)
class PayNow:
    """Paying ``amount`` 元 today, against paying nothing, over the next ``HORIZON_DAYS`` days.

    ``to_fees``: the part that first settles 违约金 (bears no interest); ``interest_saved``: the current
    path's interest over the horizon times the share of the interest-bearing balance repaid;
    ``penalty_saved``: the 违约金 of the next due date avoided (all when ``amount`` ≥ the minimum due)."""

    amount: Decimal
    clears_all: bool
    owed_today: Decimal
    remaining: Decimal
    to_fees: Decimal
    interest_saved: Decimal
    penalty_saved: Decimal
    minimum: Decimal
    minimum_estimated: bool
    covers_minimum: bool
    within_grace: bool
    minimum_shortfall: Decimal = ZERO  # what this payment leaves unpaid of the minimum due now (0: covered)
    # the interest saved over the horizon if the bank applied the payment to the interest-bearing balance first
    # (persona trial s9 N3 #13: 5,000 all on the 违约金 saves no interest; the other order is said beside it)
    interest_saved_bearing_first: Decimal = ZERO
    penalty_charged: Decimal = ZERO  # the 违约金 charged so far on the current path (元), what ``to_fees`` comes out of


def pay_now(card: CardFacts, amount: Decimal) -> PayNow:
    now, later = projection(card), projection(card, HORIZON_DAYS)
    minimum, estimated = minimum_due_now(card)  # what is still due of it: the figure the answer says
    if amount >= now.total_owed:
        return PayNow(
            amount=amount, clears_all=True, owed_today=now.total_owed, remaining=ZERO, to_fees=now.total_penalty,
            interest_saved=later.total_interest - now.total_interest,
            penalty_saved=later.total_penalty - now.total_penalty, minimum=minimum,
            minimum_estimated=estimated, covers_minimum=True, within_grace=now.within_grace,
        )
    # repayments usually settle fees first (DOMAIN §1 keeps them in a bucket without interest)
    to_fees = min(amount, now.total_penalty)
    bearing = now.rows[-1].opening_balance if now.rows else now.principal
    repaid_bearing = min(amount - to_fees, bearing)
    if now.within_grace:
        # within grace the path of paying nothing loses the free period, so its interest from the posting date
        # comes whether this payment is made or not (DOMAIN §1): what the payment saves is its own interest over
        # the window, amount × rate × 30 (persona trial I3 #8: 5,000 → 75.00, never 129.90)
        interest_saved = round_money(repaid_bearing * card.schedule.rate * HORIZON_DAYS)
        bearing_first = round_money(min(amount, bearing) * card.schedule.rate * HORIZON_DAYS)
    else:
        window_interest = later.total_interest - now.total_interest
        interest_saved = round_money(window_interest * repaid_bearing / bearing)
        bearing_first = round_money(window_interest * min(amount, bearing) / bearing)
    due_in_window = later.total_penalty > now.total_penalty  # a due date falls in the horizon
    # DOMAIN §2: the 违约金 is 5 % of the *unpaid part of the minimum* (bank floor and cap), whatever the
    # projection's own bookkeeping: what the payment avoids is that fee on the minimum still unpaid (after
    # what the person already paid on it) less the fee on what this payment leaves unpaid (persona trial C5:
    # 「违约金约少496.10」 beside a minimum of 3,000, whose fee cannot exceed 150)
    unpaid_before = minimum
    unpaid_after = max(ZERO, unpaid_before - amount)
    penalty_saved = ZERO
    if due_in_window:
        penalty_saved = max(ZERO, penalty_amount(card.schedule, unpaid_before, principal=card.principal)
                            - penalty_amount(card.schedule, unpaid_after, principal=card.principal))
    return PayNow(
        amount=amount, clears_all=False, owed_today=now.total_owed, remaining=now.total_owed - amount,
        to_fees=to_fees, interest_saved=interest_saved, penalty_saved=penalty_saved,
        minimum=minimum, minimum_estimated=estimated, covers_minimum=unpaid_after == 0,
        within_grace=now.within_grace, minimum_shortfall=unpaid_after, interest_saved_bearing_first=bearing_first,
        penalty_charged=now.total_penalty,
    )


@dataclass(frozen=True)
class Instalments:
    """``periods`` periods on what is owed: 账单分期 of the principal at ``rate`` a period (an example rate),
    and 个性化分期 of the whole balance with interest stopped (to be negotiated). Money 元 a month."""

    periods: int
    requested_periods: int
    capped: bool
    principal: Decimal
    balance: Decimal
    rate: Decimal
    bill: finance.InstallmentResult
    personal_monthly: Decimal
    personal_last: Decimal


def instalments(card: CardFacts, periods: int, today: date, rate: Decimal = EXAMPLE_INSTALMENT_RATE) -> Instalments:
    n = max(1, min(periods, MAX_PERIODS))
    balance = projection(card).total_owed if card.overdue_days is not None else card.principal
    bill = finance.installment(card.principal, n, rate)
    personal = finance.plan([finance.Debt(amount=balance, bank=card.bank)], periods=n, today=today)
    return Instalments(
        periods=n, requested_periods=periods, capped=n != periods, principal=card.principal, balance=balance,
        rate=rate, bill=bill, personal_monthly=personal.monthly_payment, personal_last=personal.last_payment,
    )


@dataclass(frozen=True)
class MinimumOnly:
    """The minimum every month for ``months`` months on today's balance, against paying nothing."""

    balance: Decimal
    months: int
    first_minimum: Decimal
    total_interest: Decimal
    total_paid: Decimal
    remaining: Decimal
    unpaid_path_owed: Decimal
    saved_against_unpaid: Decimal
    overdue: bool


def minimum_only(card: CardFacts, months: int = MIN_ONLY_MONTHS) -> MinimumOnly:
    now = projection(card) if card.overdue_days is not None else None
    balance = now.total_owed if now is not None else card.principal
    result = finance.project_minimum_only(balance, months, bank=card.schedule)
    unpaid = projection(card, months * CYCLE_DAYS).total_owed
    return MinimumOnly(
        balance=balance, months=result.months, first_minimum=result.first_min_payment,
        total_interest=result.total_interest, total_paid=result.total_paid, remaining=result.remaining_balance,
        unpaid_path_owed=unpaid, saved_against_unpaid=unpaid - result.total_paid - result.remaining_balance,
        overdue=now is not None and not now.within_grace and now.overdue_days > 0,
    )


@dataclass(frozen=True)
class CoversMinimum:
    """Whether ``amount`` 元 pays the minimum; ``estimated`` False when the user gave the statement's."""

    amount: Decimal
    minimum: Decimal
    estimated: bool
    covers: bool
    shortfall: Decimal
    ratio: Decimal
    overdue: bool


def covers_minimum(card: CardFacts, amount: Decimal) -> CoversMinimum:
    minimum, estimated = minimum_due_now(card)
    grace = card.schedule.grace
    return CoversMinimum(
        amount=amount, minimum=minimum, estimated=estimated, covers=amount >= minimum,
        shortfall=max(ZERO, minimum - amount), ratio=card.schedule.min_payment_ratio.value,
        overdue=card.overdue_days is not None and card.overdue_days > grace,
    )


@dataclass(frozen=True)
class BudgetFit:
    """Whether ``monthly`` 元 a month repays ``total`` 元 within ``periods`` periods (the ones asked for, else
    the 60 of a 个性化分期, DOMAIN §5). ``needed_monthly`` = total / periods; ``periods_needed`` =
    ceil(total / monthly); when it does not fit, ``monthly_gap`` a month and ``total_gap`` over the periods."""

    total: Decimal
    monthly: Decimal
    periods: int
    fits: bool
    needed_monthly: Decimal
    periods_needed: int
    years_needed: Decimal
    monthly_gap: Decimal
    covered: Decimal
    total_gap: Decimal


# 「如果利息照算」「银行不同意停息」: the repayment asked with interest running (persona trial I1 #12–#13)
WITH_INTEREST_RE = re.compile(
    r"利息照算|照算利息|利息(?:还|也|都)?(?:继续|照|要|得|会)(?:算|收|计|有)|(?:不|没|没有)(?:同意|给|肯)?停息|不停(?:止)?计息"
    r"|继续计息|有利息|带利息|算上利息|加上利息|连本带息|算利息的话|含利息")


def asks_with_interest(text: str) -> bool:
    """Whether the message asks the duration with interest running (「如果利息照算 每个月还1000 要还多久」)."""
    return bool(WITH_INTEREST_RE.search(normalise(text)))


@dataclass(frozen=True)
class Repayment:
    """``monthly`` 元 a month on ``total`` 元 with interest running: ``months`` to repay (None: the payment does
    not cover the interest, the debt never goes down), ``total_interest`` paid, ``first_interest`` of month one."""

    total: Decimal
    monthly: Decimal
    daily_rate: Decimal
    months: int | None
    total_interest: Decimal
    first_interest: Decimal
    years: Decimal


def repay_with_interest(total: Decimal, monthly: Decimal, daily_rate: Decimal,
                        max_months: int = MAX_MONTHS, fees: Decimal = ZERO) -> Repayment:
    """The balance bears interest at ``daily_rate`` for ``CYCLE_DAYS`` days a month, billed and added to the balance
    each month (按月计收复利, DOMAIN §1), then ``monthly`` is paid (the last payment only what is left). Interest of
    a month = balance × rate × 30, half-up to the fen; no new 违约金 (none while the plan is kept).

    ``fees``: 违约金 already charged, a second bucket that bears no interest (DOMAIN §1: two buckets); the payments
    clear it first, so the interest-bearing ``total`` goes down later (the longer, safer estimate: the order a bank
    applies a payment in is its 领用合约's). ``Repayment.total`` is what is owed in all (``total`` + ``fees``)."""
    balance, unpaid_fees, paid_interest = total, fees, ZERO
    first = round_money(total * daily_rate * CYCLE_DAYS)
    if monthly <= first:
        return Repayment(total + fees, monthly, daily_rate, None, ZERO, first, ZERO)
    for month in range(1, max_months + 1):
        interest = round_money(balance * daily_rate * CYCLE_DAYS)
        paid_interest += interest
        payment = monthly
        to_fees = min(payment, unpaid_fees)
        unpaid_fees -= to_fees
        payment -= to_fees
        balance = balance + interest - min(payment, balance + interest)
        if balance <= ZERO and unpaid_fees <= ZERO:
            years = (Decimal(month) / 12).quantize(Decimal("0.1"), rounding="ROUND_HALF_UP")
            return Repayment(total + fees, monthly, daily_rate, month, paid_interest, first, years)
    return Repayment(total + fees, monthly, daily_rate, None, paid_interest, first, ZERO)


def budget_fit(total: Decimal, monthly: Decimal, periods: int | None = None) -> BudgetFit:
    n = max(1, min(periods or MAX_PERIODS, MAX_PERIODS))
    needed = round_money(total / n)
    periods_needed = int((total / monthly).to_integral_value(rounding="ROUND_CEILING")) if monthly > 0 else 0
    fits = monthly > 0 and periods_needed <= n
    covered = min(total, monthly * n)
    return BudgetFit(
        total=total, monthly=monthly, periods=n, fits=fits, needed_monthly=needed, periods_needed=periods_needed,
        years_needed=(Decimal(periods_needed) / 12).quantize(Decimal("0.1"), rounding="ROUND_HALF_UP"),
        monthly_gap=ZERO if fits else max(ZERO, needed - monthly), covered=round_money(covered),
        total_gap=ZERO if fits else round_money(total - covered),
    )


REASON_MOST_OVERDUE = "most_overdue"
REASON_SMALLEST = "smallest"
REASON_REST = "rest"


@dataclass(frozen=True)
class CardPriority:
    """One card in the order: its own bank's minimum and the 违约金 a missed minimum would cost (元)."""

    card: CardFacts
    minimum: Decimal
    minimum_estimated: bool
    penalty_if_missed: Decimal
    reason: str


@dataclass(frozen=True)
class WhichFirst:
    """The order for several cards. ``total_principal`` is compared with the 5万 criminal threshold
    (DOMAIN §4: the total over all cards); ``below_threshold_gap`` is what brings it under 5万 (元)."""

    order: list[CardPriority]
    total_minimum: Decimal
    total_principal: Decimal
    below_threshold_gap: Decimal | None
    days_differ: bool


def which_first(cards: Sequence[CardFacts]) -> WhichFirst:
    """Rule (DOMAIN §1–§4): every card's minimum first (no 违约金, 征信 stops worsening); then the card
    most overdue (its 征信 code is highest and 90+ days brings 委外); at equal days the smallest balance
    (clearing it ends its interest and 违约金, and its 5-year record starts at settlement). Interest per
    元 is the same on each card at the same daily rate, so it does not decide the order."""
    days = {c.overdue_days for c in cards if c.overdue_days is not None}
    days_differ = len(days) > 1
    ordered = sorted(cards, key=lambda c: (-(c.overdue_days or 0) if days_differ else 0, c.principal))
    order = []
    for i, card in enumerate(ordered):
        minimum, estimated = minimum_due_now(card)
        fee = penalty_amount(card.schedule, minimum, principal=card.principal)
        reason = REASON_REST if i else (REASON_MOST_OVERDUE if days_differ else REASON_SMALLEST)
        order.append(CardPriority(card, minimum, estimated, fee, reason))
    total = sum((c.principal for c in cards), ZERO)
    gap = total - CRIMINAL_PRINCIPAL + CENT if total >= CRIMINAL_PRINCIPAL else None
    return WhichFirst(
        order=order, total_minimum=sum((p.minimum for p in order), ZERO), total_principal=total,
        below_threshold_gap=gap, days_differ=days_differ,
    )


def _worst_code(codes: Sequence[str]) -> str:
    numeric = [int(c) for c in codes if c != "N"]
    return str(max(numeric)) if numeric else "N"


def pay_later_all(cards: Sequence[CardFacts], delay_days: int) -> PayLater:
    """`pay_later` for several cards, each priced with its own bank's rules, summed (征信: the worst card)."""
    parts = [pay_later(card, delay_days) for card in cards]
    return PayLater(
        delay_days=delay_days,
        owed_today=sum((p.owed_today for p in parts), ZERO),
        owed_later=sum((p.owed_later for p in parts), ZERO),
        extra_interest=sum((p.extra_interest for p in parts), ZERO),
        extra_penalty=sum((p.extra_penalty for p in parts), ZERO),
        extra_total=sum((p.extra_total for p in parts), ZERO),
        code_today=_worst_code([p.code_today for p in parts]),
        code_later=_worst_code([p.code_later for p in parts]),
        within_grace_today=all(p.within_grace_today for p in parts),
        within_grace_later=all(p.within_grace_later for p in parts),
    )


@dataclass(frozen=True)
class DelayReport:
    """「再拖三个月会怎么样」: what keeping on not paying for ``delay_days`` more days adds, for all cards.
    ``days_now`` / ``days_later`` the (largest) days overdue; money 元 (``per_month`` the average a month of the
    interest and 违约金 added); ``new_stages`` the stage keys of bot.finance.consequences reached only later;
    ``criminal_time``: for a total principal ≥ 5万, ``crossed`` when the earliest day the statutory time condition
    can be met (``earliest_day``, DOMAIN §4: two collections ≥ 30 days apart, then more than 3 months) falls
    within the delay, ``already`` when it fell before today, else None (below 5万: None)."""

    delay_days: int
    days_now: int
    days_later: int
    later: PayLater
    per_month: Decimal
    new_stages: tuple[str, ...]
    principal: Decimal
    criminal_time: str | None
    earliest_day: int


def delay_report(cards: Sequence[CardFacts], delay_days: int) -> DelayReport:
    from bot.finance.consequences import AFTER_COLLECTION_DAYS, COLLECTION_GAP_DAYS, consequences

    later = pay_later_all(cards, delay_days)
    days_now = max(c.overdue_days or 0 for c in cards)
    days_later = min(days_now + delay_days, MAX_OVERDUE_DAYS)
    principal = sum((c.principal for c in cards), ZERO)
    before = {s.key: s.status for s in consequences(days_now, principal, bank=cards[0].schedule).stages}
    after = consequences(days_later, principal, bank=cards[0].schedule).stages
    new_stages = tuple(s.key for s in after if s.status == "current" and before.get(s.key) != "current")
    earliest = 1 + COLLECTION_GAP_DAYS + AFTER_COLLECTION_DAYS + 1  # the first day it can be met (day 122)
    criminal_time = None
    if principal >= CRIMINAL_PRINCIPAL:
        criminal_time = "already" if days_now >= earliest else ("crossed" if days_later >= earliest else None)
    months = Decimal(delay_days) / CYCLE_DAYS
    extra = later.extra_interest + later.extra_penalty
    return DelayReport(
        delay_days=delay_days, days_now=days_now, days_later=days_later, later=later,
        per_month=round_money(extra / months) if months > 0 else ZERO, new_stages=new_stages, principal=principal,
        criminal_time=criminal_time, earliest_day=earliest,
    )


def pay_off_all(cards: Sequence[CardFacts]) -> PayOff:
    """`pay_off` for several cards, each with its own bank's rules, summed."""
    parts = [pay_off(card) for card in cards]
    return PayOff(
        principal=sum((p.principal for p in parts), ZERO), interest=sum((p.interest for p in parts), ZERO),
        penalty=sum((p.penalty for p in parts), ZERO), owed=sum((p.owed for p in parts), ZERO),
        wait_cost=sum((p.wait_cost for p in parts), ZERO), within_grace=all(p.within_grace for p in parts),
    )


# ---- less than the minimum by the due date (persona trial s8 M5) ---------------------------------------------
# 「最低还款1800 我只凑得出900」「13号还900 20号再补900 算不算逾期」「晚7天补上最低还款 会不会上征信」: the minimum is not
# paid in full by the due date. Once the bank's grace days pass with part of it unpaid the card is overdue: 违约金 on
# the unpaid part of the minimum (DOMAIN §2, the bank's floor and cap), interest on the whole statement at a
# full-interest bank (DOMAIN §1), and the overdue may be reported (DOMAIN §3). Topped up within the grace days it is
# usually on time. One computation, so that every answer says the same figure (M5 #5: 45 and 90 in one reply).

_DAY_WORD = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
# 「13号还900」「13号我只还900」「20号再补900」「20号发工资能补上」: a dated payment (its amount when said)
_DATED_PAYMENT_RE = re.compile(
    rf"(?<![\d月.])(?P<day>{_DAY_WORD})(?:号|日)(?:之前|前|那天|当天)?[^，,。；;？?]{{0,10}}?"
    r"(?P<verb>补齐|补足|补上|补完|补|还上|还清|还|存|交|付)"
    r"(?:了|上|齐|足)?(?P<amount>\d+(?:\.\d+)?(?:万|千|k|w)?|[一二两三四五六七八九十百千万]{1,6}(?=块|元|$|[，,。？?]))?")
# 「晚7天补上」「过了还款日7天再补」「7天后再补最低」「晚一个星期补上」: days after the due date
_LATE_RE = re.compile(
    rf"(?:晚|迟|拖|过了?(?:还款日|到期日|到期还款日)?|到期后|还款日后)(?P<n>{_DAY_WORD}|两)\s?(?P<unit>天|日|周|个星期|星期)"
    r"(?:再|才|以后|之后|后)?(?:补|还)"
    rf"|(?P<n2>{_DAY_WORD}|两)\s?(?P<unit2>天|周|个星期|星期)(?:以后|之后|后)(?:再|才)?补")
# the question: is it overdue, what does it cost, is it reported
_TOP_UP_ASKS_RE = re.compile(r"逾期|征信|违约金|罚息|利息|怎么办|咋办|会怎样|会怎么样|会不会|算不算|行不行|可以吗|行吗|有事吗|有影响|影响")
# 「还款日是12月13号」「12月13号还款」「13号是还款日」: the due date said
_DUE_SAID_RE = re.compile(
    rf"(?:还款日|到期日|到期还款日|最后还款日)(?:是|在|为)?(?:(?P<month>{_DAY_WORD})月)?(?P<day>{_DAY_WORD})(?:号|日)"
    rf"|(?:(?P<month2>{_DAY_WORD})月)?(?P<day2>{_DAY_WORD})(?:号|日)(?:是|为)?(?:还款日|到期|最后还款日)")
_UNIT_TO_DAYS = {"天": 1, "日": 1, "周": 7, "个星期": 7, "星期": 7}


@dataclass(frozen=True)
class TopUp:
    """What a message says about paying the minimum in two parts: ``first`` 元 paid by the due date (None: not said),
    ``late_days`` after the due date the rest is paid (None: not said), ``rest`` 元 paid then (None: not said),
    ``due_day``/``later_day`` the days of the month said (None: not said)."""

    first: Decimal | None = None
    late_days: int | None = None
    rest: Decimal | None = None
    due_day: int | None = None
    later_day: int | None = None


def due_said(text: str) -> tuple[int | None, int] | None:
    """(month, day) of the due date a message states (「还款日是12月13号」), or None."""
    match = _DUE_SAID_RE.search(normalise(text))
    if match is None:
        return None
    month = match.group("month") or match.group("month2")
    day = small_number(match.group("day") or match.group("day2"))
    month_n = small_number(month) if month else None
    if day is None or not 1 <= day <= 31 or (month_n is not None and not 1 <= month_n <= 12):
        return None
    return month_n, day


def _day_gap(due: tuple[int | None, int], later_day: int, today: date | None) -> int | None:
    """Days from the due date to ``later_day`` of the same month, or of the next when it is earlier in the month."""
    month, day = due
    if later_day > day:
        return later_day - day
    if later_day == day:
        return 0
    today = today or date.today()
    month = month or today.month
    year = today.year
    length = calendar.monthrange(year, month)[1]
    return length - day + later_day


def parse_top_up(text: str, today: date | None = None, due: tuple[int | None, int] | None = None) -> TopUp | None:
    """The minimum paid in two parts, as a message asks about it (「13号还900 剩下900我20号发工资能补上 这样算逾期吗」,
    「晚7天补上最低还款 会不会上征信」); None when the message says no such thing or asks nothing about it. ``due``: the
    due date said earlier in the conversation ((month, day)); without it the first dated payment is taken as made on
    the due date."""
    from bot.nlu.extract import parse_amount

    norm = normalise(text)
    if not norm or not _TOP_UP_ASKS_RE.search(norm):
        return None
    late = _LATE_RE.search(norm)
    if late is not None and ("最低" in norm or "补" in late.group(0)):
        n = small_number(late.group("n") or late.group("n2") or "") if (late.group("n") or late.group("n2")) != "两" else 2
        unit = late.group("unit") or late.group("unit2")
        if n:
            return TopUp(late_days=n * _UNIT_TO_DAYS[unit])
    said_due = due_said(norm)
    payments = []
    for m in _DATED_PAYMENT_RE.finditer(norm):
        day = small_number(m.group("day"))
        if day is None or not 1 <= day <= 31:
            continue
        raw = m.group("amount")
        amount = parse_amount(raw) if raw else None
        payments.append((day, Decimal(str(amount)).quantize(CENT) if amount else None, m.group("verb")))
    if len(payments) < 2 or not any(verb.startswith("补") for _, _, verb in payments[1:]):
        return None
    (first_day, first, _), (later_day, rest, _) = payments[0], payments[-1]
    due = said_due or due or (None, first_day)
    gap = _day_gap(due, later_day, today)
    if gap is None:
        return None
    if rest is None:
        # 「13号还900 剩下900我20号发工资能补上」: the rest is the figure said with 剩下
        left = re.search(r"剩(?:下)?(?:的)?(\d+(?:\.\d+)?(?:万|千|k|w)?)", norm)
        value = parse_amount(left.group(1)) if left else None
        rest = Decimal(str(value)).quantize(CENT) if value else None
    return TopUp(first=first, late_days=gap, rest=rest, due_day=due[1], later_day=later_day)


@dataclass(frozen=True)
class ShortOfMinimum:
    """The minimum (``minimum`` 元, None when not known) not paid in full by the due date: ``paid`` 元 by then,
    ``unpaid`` the part of the minimum left, ``late_days`` after the due date the rest is paid (None: not said);
    ``overdue`` True when that is past the bank's ``grace`` days (None when no date is known: overdue once the grace
    days pass without it); ``penalty`` the 违约金 then (5 % of ``unpaid`` within the bank's floor and cap; None when the
    minimum is unknown); ``floor_applied``/``cap_applied`` whether the bank's limit set it; ``method`` the bank's
    interest method (full: the whole statement from its posting date); ``balance`` the statement's amount when known."""

    minimum: Decimal | None
    paid: Decimal
    unpaid: Decimal | None
    grace: int
    late_days: int | None
    overdue: bool | None
    penalty: Decimal | None
    floor_applied: bool
    cap_applied: bool
    method: str
    balance: Decimal | None
    schedule: BankSchedule


def short_of_minimum(bank: str | None, minimum: Decimal | None, paid: Decimal | None, late_days: int | None = None,
                     balance: Decimal | None = None) -> ShortOfMinimum:
    """The 违约金 and the status of a statement whose minimum ``minimum`` 元 gets only ``paid`` 元 by the due date, the
    rest ``late_days`` after it (None: not said). ``balance``: the statement's amount (元), for the interest's base."""
    schedule = finance.get_schedule(bank)
    paid = paid or ZERO
    unpaid = max(ZERO, minimum - paid) if minimum is not None else None
    penalty = result = None
    if unpaid is not None:
        result = finance.penalty(schedule, unpaid, principal=balance)
        penalty = result.penalty
    overdue = None if late_days is None else late_days > schedule.grace
    return ShortOfMinimum(
        minimum=minimum, paid=paid, unpaid=unpaid, grace=schedule.grace, late_days=late_days, overdue=overdue,
        penalty=penalty, floor_applied=bool(result and result.floor_applied), cap_applied=bool(result and result.cap_applied),
        method=schedule.method, balance=balance, schedule=schedule)


# 「怎么办」「违约金多少」「会上征信吗」: a payment short of the minimum said with a question about it (actions/shortfall.py)
_SHORT_ASKS_RE = re.compile(r"怎么办|咋办|会怎样|会怎么样|怎么样|违约金|逾期|征信|利息|罚息|多少|吗|呢|[?？]|行不行|可以吗|算不算|影响")
# 「违约金要多少」「会不会逾期」「上征信吗」: what that answer says, asked with the amount said in an earlier message
_SHORT_HISTORY_ASKS_RE = re.compile(r"违约金|滞纳金|逾期|征信|罚息")
# 「跟只还最低比哪个划算」「哪个省钱」: which of two ways costs less
_COMPARE_RE = re.compile(r"划算|哪个(?:好|省|便宜|合适|更)|比较|对比|还是.{0,8}(?:好|省|划算)")


def asks_about_shortfall(text: str, amount_said_before: bool = False) -> bool:
    """The message asks about paying less than the minimum (its cost, whether it is overdue); with the amount said
    in an earlier message only a 违约金, 逾期 or 征信 question counts."""
    norm = normalise(text)
    return bool((_SHORT_HISTORY_ASKS_RE if amount_said_before else _SHORT_ASKS_RE).search(norm))


def asks_which_costs_less(text: str) -> bool:
    return bool(_COMPARE_RE.search(normalise(text)))


def periods_said(text: str) -> int | None:
    """The number of periods a message names for an instalment (「分12期」「12期」), 1–60, or None."""
    norm = normalise(text)
    match = _PERIODS_RE.search(norm)
    n = small_number(match.group("n")) if match else None
    return n if n is not None and 1 <= n <= MAX_PERIODS else None


# 「违约金不是应该按900算吗」: the basis the person says the fee is computed on
_BASIS_ASKED_RE = re.compile(r"按(?P<n>\d+(?:\.\d+)?)(?:块钱|块|元)?(?:来)?算")


def basis_asked(text: str) -> Decimal | None:
    """The amount a message says a fee is computed on (「违约金不是应该按900算吗」 → 900), or None."""
    match = _BASIS_ASKED_RE.search(normalise(text))
    return Decimal(match.group("n")) if match else None


_MONTHLY_SAID_RE = re.compile(r"每个?月|一个月|每期|月供")


def says_monthly(text: str) -> bool:
    """The message speaks of a monthly amount (「每月能还1000」): a plan's budget, not one statement's payment."""
    return bool(_MONTHLY_SAID_RE.search(normalise(text)))


# ---- the statement's minimum paid in parts (persona trial s10 P4 #7, #8, #15–#17) -----------------------------------

_SPLIT_WAIT_RE = re.compile(r"先还[^。？?！!]{0,12}还是[^。？?！!]{0,4}(?:凑够|凑齐|凑满|一起还|一次还|一块还)"
                            r"|还是(?:等)?(?:凑够|凑齐|凑满)")
_SPLIT_ASKS_RE = re.compile(r"[?？吗么呢吧]|可以|行不行|算不算|有没有区别|有区别|区别|一样|怎么样|好不好|哪个好")
_SPLIT_BEFORE_DUE_RE = re.compile(r"(?:还款日|到期日|到期还款日|到期)(?:之前|以前|前)|还款日那天")
_SPLIT_LATER_RE = re.compile(r"过(?P<n>两|几|[0-9一二三四五六七])天(?:再|才|又)?(?:还|补|凑|存|交)")
_SPLIT_NOT_PART_RE = re.compile(r"(?:欠|欠了|欠款|账单|应还|最低|最低还款额?|最低还|最低是|每个?月(?:能)?还?|有|只有|手上|手里)\s?$")
_SPLIT_HELD_RE = re.compile(r"(?:有|只有|手上|手里|手头)(?:只有|就|还)?\s?$")
_SPLIT_SUM_RE = re.compile(r"(?:总共|一共|合计|加起来)\s?$")
_SPLIT_TARGET_RE = re.compile(r"(?:凑够|凑齐|凑满|凑到)\s?$")


@dataclass(frozen=True)
class SplitPayment:
    """「先还400 再凑200 在还款日前还上」: ``parts`` paid one after the other (元, in order); ``wait`` the question whether
    to pay part now or wait until ``target`` is together (「先还400还是等凑够600再还」); ``before_due`` every part said to
    be paid before the due date; ``later_days`` the days after the first part the last comes (「过两天再还200」, None:
    not said)."""

    parts: tuple[Decimal, ...]
    wait: bool = False
    target: Decimal | None = None
    before_due: bool = False
    later_days: int | None = None

    @property
    def total(self) -> Decimal:
        return sum(self.parts, ZERO)


def parse_split(text: str) -> SplitPayment | None:
    """The statement's payment split in parts as a message asks about it, or None (a question is required)."""
    norm = normalise(text)
    wait = _SPLIT_WAIT_RE.search(norm or "") is not None  # 「…还是等凑够600再还」 asks by itself
    if not norm or not (wait or _SPLIT_ASKS_RE.search(norm)):
        return None
    if not wait and not SPLIT_PARTS_RE.search(norm):
        return None
    parts: list[Decimal] = []
    held: list[Decimal] = []  # 「手上400块」: what the person has, the part paid now when no 先还X is said
    target = total = None
    for start, value in _amounts(_without_rates(norm)):
        before = norm[max(0, start - 6):start]
        if _SPLIT_TARGET_RE.search(before):
            target = value
        elif _SPLIT_SUM_RE.search(before):
            total = value
        elif _SPLIT_HELD_RE.search(before):
            held.append(value)
        elif not _SPLIT_NOT_PART_RE.search(before) and value not in parts:
            parts.append(value)
    if wait:
        parts = parts or held
        if not parts:
            return None
        return SplitPayment(parts=(parts[0],), wait=True, target=target)
    if total is not None and not parts:
        return None
    if len(parts) < 2:
        return None
    later = _SPLIT_LATER_RE.search(norm)
    days = None
    if later is not None and later.group("n") != "几":
        days = 2 if later.group("n") == "两" else small_number(later.group("n"))
    return SplitPayment(parts=tuple(parts), before_due=_SPLIT_BEFORE_DUE_RE.search(norm) is not None and later is None,
                        later_days=days)


# 「分期以后还要还最低还款吗」「分期的部分还有没有最低还款」「这536是不是就是我每个月要还的全部了」 (persona trial s10 P4 #9–#13):
# what is due each month once the bill is in instalments
_AFTER_INSTALMENT_RE = re.compile(
    r"分期(?:以后|之后|后|的话|的部分|那部分|部分)[^。？?！!]{0,30}(?:最低|全部|另外还|只还|就行|都要还|还要还|还用还)"
    r"|分期(?:以后|之后|后)(?:还|要|用)")
_AFTER_INSTALMENT_ASKS_RE = re.compile(r"[?？吗么呢]|是不是|要不要|用不用|有没有|还用|还要")


def asks_after_instalment(text: str) -> bool:
    """The message asks what is still due each month once the bill is in instalments (the minimum, the whole)."""
    norm = normalise(text)
    return bool(_AFTER_INSTALMENT_RE.search(norm) and _AFTER_INSTALMENT_ASKS_RE.search(norm))
