"""The one per-turn update of the case model: what the person said this turn → the new `Case`.

`update_case(case, text, *, requested_slot=None, pending_correction=None) -> TurnResult` is pure (no
Rasa); `actions/case_slots.py` (`action_validate_slot_mappings`, run by Rasa 3.6 inside
`action_extract_slots` on every user turn) calls it and sets the slots `case`, `hypothetical`,
`case_notes` and every contract slot from `Case.contract_slots()`.

How a message is read
---------------------
The text is normalised (`bot.nlu.normalize`), its entities extracted (`bot.nlu.extract`) and cut into
clauses at punctuation and spaces. The entities are applied in text order:

* **A card named again is the same card.** A bank with an amount, days, or a bare bank updates that
  bank's card (or the first card without a bank) and never adds a second one. An amount or days with
  no bank goes to the card named last in this message, else to the only card, else (several cards)
  an amount is the declared total and days go to every card.
* **Later wins, and corrections say which value they replace.** 不对/说错了/是X不是Y/X不是Y是Z/改成/
  应该是/哦不对 mark their clause and the next: a value without a bank there replaces the fact it
  names — the fact whose value is negated (「是三万不是两万」: the card owing 20,000), else the fact
  the bot asked for, else the debt; a bank there renames the card of the negated bank (「是建行不是
  工行」) or the only card. 「一共/总共/合计 …」 is the total debt, also while the bot asks for income.
* **A negated value is dropped** (「不是两万」); it only selects what is being corrected.
* **Hypotheticals never change the facts.** Values in a clause with 如果/要是/假如/万一/假设/假使/倘若/
  …的话 go to `TurnResult.hypothetical` (contract slot names) for this turn only.
* **「超过3天」 is not 3 days**: the card keeps `overdue_days` unknown and `overdue_more_than` = 3
  (note ``overdue_days_more_than:3``), so the bot asks for the exact days instead of computing a
  grace-period answer.
* **Bounds and sanity** (`bot.limits`): an amount, days, income … outside the limits is not stored
  (note ``invalid:<slot>``); at most `MAX_CARDS` cards (note ``too_many_cards``); at most three new
  cards of a bank alone per message (a pasted story names banks that are no debts of the person).
* **The statement balance** (「账单应还三万二」, 「账单上写的应还款32000」, 「本期应还32,000.50」): a figure after
  应还/应缴/账单金额/本期账单 (not 最低应还) is the card's `statement_balance`, not its principal: the card of
  the bank named with it, else the card named last, else the only (or last) card; corrected like the other
  facts (「账单应还不是三万是三万二」). A card with no principal takes the figure as its amount too (the one debt
  known, what the answers computed from before), and keeps following the balance until a principal is said.
* **Plan choices** (`TurnResult.plan_options`, values as the option buttons': ``day:15``, ``method:self``):
  「每月15号还」, 「15号还款」, 「还款日改成20号」, 「每月20日」 → ``day:N`` (the day phrase is taken out of the text,
  so its number is no amount; 1–28 is checked by `bot.plan_options.apply`); 「自动扣款」 → ``method:auto_debit``,
  「自己还/主动还款」 → ``method:self``. Not in a clause about the past or about being late (「上个月15号还款日没
  还上」), not negated, not hypothetical. 「分15期」 stays periods and 「逾期15天」 days.
* **What-ifs and history are no facts** (issue 19): 「先还5000」 (an amount offered now) is the what-if's payment,
  never the debt nor a form's answer; 「拖3个月」 / 「拖到130天」 (a delay not yet lived) are hypothetical days,
  today's days + 90 for a delay (note ``delay_days:90``), 130 in total for 「拖到」; 「交通银行的2022年已经还清了」 is
  settled: the card is removed (or never added) and the bank kept in `Case.settled` (note ``settled:<bank>``).
* **Other debts are no card's** (「网贷还有3万多」, 「信用卡是中信的 欠1万5 网贷欠3万多」): a figure whose debt named last
  before it in its clause is 网贷/花呗/借呗/贷款 … (no 信用卡/卡/bank after that word) is fact ``other_debt``, note
  ``other_debt``: never a card's amount, the total, nor the answer to the debt question.
* **Now beats before** (「收入现在4500 以前8000多」, 「不对 收入是4500 8000是以前的」): a figure whose nearest time word
  is 以前/之前/原来/过去 … (not 现在/目前 …), or followed by 是以前的, is history (fact ``past``, note ``past:<entity>``)
  when the message also says a figure of now, or it is an income, expenses or budget; never stored.
* **Bounds, thresholds and someone else's figures are no facts** (issue 19 trials): 「超过5万就要坐牢」, 「三张加起来超过
  5万了会坐牢吗」, 「5万以上」 (fact ``threshold``), 「那个公司说我欠5万」, 「5万是那个公司吓唬我说的」 (fact ``hearsay``) change
  nothing; 「一百多天」 is a lower bound (`overdue_more_than` 100: past 100 a vague count may cross the 121 days of the
  恶意透支 time condition), below 100 the count stays (「二十多天」 → 20).
* **A what-if's payment** (「先还招行5000」, 「要是我先借点钱还招行5000」) is offered, never the card's debt; 「还了是不是就不算
  逾期了」 says no 0 days (`bot.nlu.extract`).
* **Expenses**: the answer to the expenses question given as items (「房租1200 吃饭两千五 给我妈寄500」) is their sum; a
  「一共…」 in a message that lists or corrects the expenses is their total, not the debt.
* **The statement's minimum** (「最低还款3000」, 「最低是1200」) is `Card.min_payment` of the card named, else the only card.
* **Already paid** (「还款日那天已经还了1000」, 「我之前还了500」): `Card.paid` of the card named, else of the only card (several
  cards and none named: note ``unsure:paid``, nothing stored).
* **Relative changes** (「工资降了一半」): computed from the stored figure (9,000 → 4,500), else the fact is
  listed in `TurnResult.unsure` (asked by the hook), never stored as 1 元. 「从九千多降到六千五」: the new figure.
* **Dates** (「3月5号账单日 23号还款日 今天4月10号」): with today's date said (or `today` and a word of being
  late), the days overdue are counted from the last due date (18), note ``overdue_days_from_dates``.
* **Persona trials s3** (bench/records/2026-12-07/trials-s3): 「招行和建行两张卡 一共欠了大概5万」 is the declared total
  of the cards named (no card's balance); cards named with their amounts replace a total said before (a declared
  one, or a bankless card's 「欠了13万」), said as 「合计欠款 … → …」; 「不对 三千五是我收入」 moves the figure to the fact named
  and clears the other fact that held it (never the debt); 「欠款怎么变成3500了」 negates the stored figure like 不是;
  denied days held by several cards are corrected on all of them; a duration said in the hardship reason without a
  word of being late is no days, and a reason with figures is still the reason; 「手里能凑一万」「就这一次」 (no 每月)
  is offered, not the budget; 「不是每个月能还一万」 negates the budget (cleared when no new one is said); 「我上个月还了500」
  is paid; 「按收入5000算一下」 is a what-if when 5,000 differs from the stored figure; a bare figure after 每月/一个月 is the
  monthly budget (hypothetical in a what-if), never a debt; 「十几万」「十来万」 are asked (`unsure` ``debt_amount``),
  never stored as 100,000. Relative changes, 「没收入」, the minimum and already paid go through the same clause-level
  what-if check as the entities (`_hypothetical_at`): 「要是工资降了一半」 never changes the income.
* **Independent probes** (/work/probes, 2026-12-07): a figure with no role word takes the role of the figure right
  before it when the words say it is the same fact — 「工资原来九千多 现在降到六千五了」 (after 降到/涨到/变成, or said as now
  after a figure of before) is the income now; 「支出是4500不是6500 … 反正是4500」 keeps both figures expenses (never the
  debt or the total); 「我23号只还了300」 is paid; a relative change told in the hardship reason (the reason asked, or
  因为/所以/还不上 in the message) leaves a stored figure as it is; days said after a list of two or more cards in a
  clause of their own (「招行32000 建行16000 逾期40天」) are the days of every card in the list.
* **Persona trials s6** (bench/records/2026-12-07/trials-s6): a figure said as now a few words after a figure of before
  (「我以前工资九千 现在科室调岗只有5500了」) takes its role (the income, never the card named last); a duration with no
  word of being late in the message never replaces the days stored (「有一个月实在还不上 会怎样」: nothing stored; said as a
  statement it is asked, `unsure` ``overdue_days``); a total said alone that the cards, each with its amount, do not add
  up to is asked (`unsure` ``debt_total``, note ``unsure_total:said:cards``), never stored; a bare monthly figure equal
  to the income stored is the income said again, and beside a question about what to pay each month it is asked
  (`unsure` ``per_month``), never the budget; a figure after 「12个月后」 is of a time to come; the expenses said as items
  are kept as items (`Situation.expense_items`), so that one item is corrected (「给我妈的是500不是1000」) and one added
  (「还有每月交通费300」); 「谢谢」 is no hardship reason; 「到期日3月5号 今天3月20号」 counts the days.
* **Persona trials s7** (K1, K5, 2026-12-08): the figure right after a negated one replaces it, never one more expense
  item, and a figure named by a word of the expenses as a whole (支出/开销 …, not 其他开销) is their total, so 「支出不是6千
  是4千 我说了开销4千」 sets the expenses to 4,000 (never 8,000); a figure with another fact's word between it and an item
  (「开销要4千左右 一个月最多拿2千出来」) is no item (the budget); a figure after the items said with 大概/差不多 and at least
  their sum is their total (「房租2500 吃饭什么的1500 大概4000」: 4,000); 「现在0」 (the income asked or named) and 「下个月开始
  就没工资了」 are an income of 0, and 「上个月是8000」 beside them is history; 「最后一个月」「下一个月」 are no duration; a due
  date said with 下个月 (「下个月15号还款日 …还不上」) is not overdue (0 days), never the days since this month's date; a bank
  that names the bankless card keeps its stored days from a duration with no word of being late.
* **Plan facts (helper plan8, 2026-12-08)**: a bare amount is never the hardship reason (「2千」 asked the reason: note
  ``invalid:hardship_reason``, asked again); a drop told in the reason, or after an income said as now (「店里现在一个月也就
  挣6千」, `Situation.income_now`), is how the income came to be, not a second drop (「又少了一半」 is one); a figure said as
  the most right after a lower budget (「能拿出一千吧 最多一千二」, 「俺说一千 一千二是最多」) is a bound, the lower one the
  budget (note ``budget_most:N``), and 「一千二是俺每月最多能拿的钱」 keeps a lower budget stored; a bare figure more than one
  clause after the bank named, whose card owes another amount, is asked (`unsure` ``card_amount``, note
  ``unsure_card:<bank>:<figure>:<debt>``), never written over the debt; money a spouse or the family gives the person
  (「老公一个月给我一千五生活费」) is income (added to an own income said with it; asked when another income is stored),
  never an expense (note ``support:N``).
* **Facts with roles** (`TurnResult.facts`, for `bot.nlu.reading`): owed, total, statement_balance,
  already_paid, income, essential_expenses, budget, amount_offered, overdue_days, periods, bank; each with its
  bank, whose it is (user/spouse/child/parent), hypothetical, corrected, negated.
* `requested_slot` (the form's question): a bare value answers it (「45」 → days, 「没有」 → 0 income,
  「不知道」 → bank unknown, any words → the hardship reason). `pending_correction` (a fact name such as
  ``debt_amount`` or ``debt_amount:招商银行``, set by the 「改一下」 button flow): the next bare value
  replaces that fact; the slot is cleared after the turn (`TurnResult.clear_pending`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from bot.case import UNKNOWN_BANK, Card, Case
from bot.limits import MAX_CARDS, MAX_DEBT, MAX_MONTHLY, MAX_OVERDUE_DAYS, MAX_PERIODS, MAX_REASON_CHARS
from bot.nlu.extract import (
    FAMILY_GIVES_AFTER_RE,
    FAMILY_GIVES_BEFORE_RE,
    LATE_BY_RE,
    SPLIT_PARTS_RE,
    extract_entities,
    parse_amount,
    parse_bank,
    parse_days,
    parse_periods,
    small_number,
    support_before,
)
from bot.nlu.normalize import normalize

__all__ = ["CONTRACT_FACTS", "TurnResult", "update_case"]

# the facts a correction or a form question may name (contract slot names)
CONTRACT_FACTS = (
    "bank", "debt_amount", "overdue_days", "monthly_income", "monthly_expenses", "monthly_budget",
    "installments", "hardship_reason",
)
_MONEY_SITUATION = ("monthly_income", "monthly_expenses", "monthly_budget")
MAX_NEW_BARE_BANKS = 3


@dataclass(frozen=True)
class TurnResult:
    """case: the case after this turn; hypothetical: this turn's 如果… values in contract slot names
    (None when there are none); changed: contract slots whose value changed; notes: codes for the
    actions (``overdue_days_more_than:3``, ``invalid:debt_amount``, ``corrected:bank``,
    ``negated:debt_amount``, ``too_many_cards``, ``bank_unknown``, ``invalid:statement_balance``); clear_pending: the
    `pending_correction` slot is to be cleared; plan_options: the payment day / method typed this turn, as
    option values (``day:15``, ``method:auto_debit``) for `bot.plan_options.apply`."""

    case: Case
    hypothetical: dict[str, Any] | None = None
    changed: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    clear_pending: bool = False
    plan_options: tuple[str, ...] = ()
    facts: tuple[dict[str, Any], ...] = ()
    unsure: tuple[str, ...] = ()


# the role of a figure as the reading reports it (issue 19): owed, statement balance, … (contract names kept
# for the slots); ``amount`` is the bare figure, whose role the context decided
ROLES = {
    "debt_amount": "owed", "amount": "owed", "statement_balance": "statement_balance", "monthly_income": "income",
    "monthly_expenses": "essential_expenses", "monthly_budget": "budget", "overdue_days": "overdue_days",
    "overdue_days_more_than": "overdue_more_than", "installments": "periods", "bank": "bank",
}


def _fact(m: _Mention, bank: str | None, role: str | None = None) -> dict[str, Any]:
    if role is None and (m.threshold or m.hearsay):
        role = "threshold" if m.threshold else "hearsay"  # no role of the person's: no slot, no form answer
    if role is None and (m.quoted or m.not_paid):
        role = "quoted" if m.quoted else "not_paid"  # the bot's figure asked about, a payment not made: no fact
    if role is None and m.most:
        role = "budget_most"
    if role is None and m.offered:
        role = "amount_offered"
    if role is None and m.other_debt:
        role = "other_debt"
    if role is None and m.principal:
        role = "principal"
    if role is None:
        role = "statement_balance" if m.statement else ("total" if m.total and m.entity in ("amount", "debt_amount")
                                                        else ROLES.get(m.entity, m.entity))
    return {"role": role, "value": str(m.value), "bank": bank, "whose": m.whose,
            "hypothetical": m.hypothetical or m.offered, "corrected": m.correction, "negated": m.negated,
            **({"settled": True} if m.settled else {}), **({"past": True} if m.past else {}),
            **({"other_debt": True} if m.other_debt else {}), **({"support": True} if m.support else {})}


_CLAUSE_SPLIT_RE = re.compile(r"[，,。！!？?；;\n、~～…]+|\s+|(?<!\d)\.(?!\d)")
# 「工资从一万降到七千」: the figure now is the one after the change; the old one is no fact (a letter that
# said 「每月收入约10,000元」 here was harmful)
_CHANGE_FROM_RE = re.compile(
    r"(?:从|由)[\d零一二两三四五六七八九十百千万点.,kKwW]+(?:多|来|左右|出头)?(?:块钱|块|元)?(?=(?:降|减|跌|掉|少|变|涨|升|增|加|调)\w{0,2}?(?:到|成|为|至))")
# hearsay (听说欠五万以上就要坐牢) is a rule someone stated, not the person's debt: treated like 如果
_HYPOTHETICAL_RE = re.compile(r"如果|要是|假如|假设|假使|倘若|若是|如若|万一|设想|假定|听说|据说|听人说|听别人说|网上说|有人说|传言")
_IF_TAIL_RE = re.compile(r"的话")
_CORRECTION_RE = re.compile(
    r"不对|说错|错了|打错|写错|搞错|记错|弄错|更正|纠正|改成|改为|改一下|应该是|其实是|准确地?说|哦不|噢不|喔不|额不|呃不"
)
_NEGATION_RE = re.compile(
    r"(?:不是|并非|而不是|并不是|没有欠|没欠)\s?(?:欠了|欠|是|有)?\s?$|(?:没说|没有说|没讲)(?:过)?(?:逾期|欠了|欠)?\s?$"
    # 「不是每个月能还一万」: the monthly figure is negated, not only 「不是一万」
    r"|不是(?:每个?月|一个月|每期)?(?:都)?(?:能还|可以还|还|能拿出|拿出|能凑|凑)\s?$"
    # 「欠款怎么变成3500了」「收入咋成了0」: the value the bot stored, questioned: the one being corrected
    r"|(?:怎么|咋|为什么|为啥|怎么会)(?:又|就)?(?:变成了?|成了|写成|记成|算成|改成)\s?$")
# a bound or a rule's threshold, never an exact figure of the person's: 「超过5万就要坐牢」, 「三张加起来超过5万了会坐牢吗」,
# 「5万以上算不算」
_THRESHOLD_BEFORE_RE = re.compile(r"(?:超过|超出|达到|满|不到|不足|不够|够不够|低于|高于|大于|小于|多于|少于|封顶|上限|上限是|最高收)了?\s?$")
_THRESHOLD_AFTER_RE = re.compile(r"^\s?(?:块钱|块|元)?(?:以上|以下|以内|就要|就会|就得|就算|就能|就可以|才)")
# what someone else said (a collector, an agent): 「那个公司说我欠的超过5万」, 「5万是那个公司吓唬我说的」
_HEARSAY_BEFORE_RE = re.compile(
    r"(?:公司|中介|催收|他们|她们|对方|别人|人家|律师|那人)(?:的人)?(?:说|讲|告诉我|跟我说|威胁|吓唬|骗我说)")
_HEARSAY_AFTER_RE = re.compile(r"^\s?(?:块钱|块|元)?(?:是|都是)?[^，,。；;\d]{0,10}?(?:说的|讲的|吓唬|骗我|编的)")
# 「逾期不是30天 是55天左右 两张都是」: the days said belong to every card
_EVERY_CARD_AFTER_RE = re.compile(r"^(?:[两二三四五六七八九]张|每张|所有)?(?:卡)?(?:都是|都一样|全都是|都这样)")
# 「一百多天」: at least 100 days; a vague count past 100 may cross the 121 days of the 恶意透支 time condition, so it is
# stored as a lower bound (「超过100天」), never as exactly 100 with a confident 「不满足」 drawn from it
_VAGUE_DAYS_RE = re.compile(r"[多余]\s?天")
_TOTAL_RE = re.compile(r"一共|总共|合计|加起来|加一起|总额|总欠|总的|全部|总计|共欠|共")
# 「那就按收入5000算一下」: a figure to compute with; a what-if when it differs from the stored one (persona C4: the
# letters printed a what-if income of 5,000 as the person's)
_CALC_AS_RE = re.compile(r"按(?:照)?[^，,。；;]{0,10}?(?:来算|算|计算|估算|测算)|^\s?(?:那)?(?:就)?(?:算|当)(?:是|成)?(?=[\d一二两三四五六七八九])")
# 「我现在手里能凑一万」「就这一次凑一万」: a sum available once, never a monthly budget (persona C3)
_ONE_OFF_RE = re.compile(r"手里|手上|手头|这一次|一次性|一下子|这次|就一次|只有一次|(?<!每)(?<!每个)一次")
_MONTHLY_WORD_RE = re.compile(r"每个?月|一个月|每期|按月|月均|月供")
# 「每月1000的话」「每个月1000」: a figure per month is no debt; in a plan question it is the monthly budget
_PER_MONTH_BEFORE_RE = re.compile(r"(?:每个?月|一个月|每期|月均)(?:的|就|大概|差不多|大约|能|才|只|也就|就是|都|给)*\s?$")
# 「十几万」「十来万」: between 10 and 20 (× the unit), far from its lower bound: asked, never stored as 100,000
_VAGUE_AMOUNT_RE = re.compile(r"十[几来]")
# a duration said while giving the hardship reason (「摔车休息了半个月」) is days overdue only with a word of being late
_LATE_WORD_RE = re.compile(r"逾期|逾其|拖了|拖欠|晚了|晚还|没还|未还|超期|过期|欠了")
_MINUS_RE = re.compile(r"(?:^|[^\d\w])[-−负]\s?$|^[-−负]$")
_EACH_RE = re.compile(r"各(?:欠|有|是)?\s?$")
# 「三张卡都逾期40天」, 「全都逾期两个月了」: the days belong to every card, not to the last one named
_EVERY_CARD_RE = re.compile(r"(?:都|全都|全部|每张卡?都?)(?:是|已经|已)?(?:逾期|过期|超期|拖了|欠了)?(?:了)?\s?$")

# 「账单应还三万二」, 「账单上写的应还款32000」, 「本期应还32,000.50」: the statement's 应还 (never 最低应还)
_STATEMENT_RE = re.compile(r"(?<!最低)(?:应还|应缴)|账单(?:金额|总额)|本期账单|账单上|账单(?:是|有|为)?\s?$")

# 「本金3万」「其中本金是3万」「透支本金三万」: the principal, said as such (issue 23); never the amount owed
# 「只还本金那三万二」 (persona trial s8 M3 #7: the debt of 38,000 became 32,000): 本金 with a demonstrative names it too
_PRINCIPAL_RE = re.compile(r"本金(?:是|为|有|约|大概|大约|才|就|就是|那|这|那个|这个)?\s?$")

# 「拖3个月呢」, 「拖到130天会怎样」, 「再拖一个月」: a delay not yet lived is a what-if, never the real days (「已经拖了
# 3个月」 is the past: 拖了 is read by extract as days overdue)
_FUTURE_DELAY_RE = re.compile(r"(?<!已经)(?<!已)(?:再)?拖(?!了|欠)|推迟|延后|晚点还|晚些还|等到|过.{0,4}再还|" + LATE_BY_RE.pattern)
# 「先还5000」, 「这个月先还两千行吗」: an amount offered now is a what-if payment, never the debt nor a form's answer
_OFFER_RE = re.compile(r"(?:先|现在|马上|今天|立刻|立即|这个月|本月|月底|下个?月)(?:就|能|可以|只能)?(?:还|还上|还掉|存|凑|拿出)(?!了|过|清|剩|有|欠|差|是|在)")
# 「交通银行的2022年已经还清了」: a settled debt is history, not a current card
_SETTLED_RE = re.compile(
    r"(?:已经|早就|早已|早|都|\d{4}年|去年|前年)[^，,。；;]{0,8}?(?:还清|结清|还完|销户|销卡|清了)|(?:还清|结清|还完)了")
# 「还款日那天已经还了1000」, 「已还2000」: repaid already, recorded as paid (extract blocks 还了 figures)
_PAID_RE = re.compile(
    r"(?:(?:已经|已|都|那天|当天|刚|刚刚|之前|前面|先前|上次|前几天|昨天)(?:先)?(?:还|存|转|打|交)(?:了|过|进去了?|上了?|款)?"
    r"|(?:今天|今儿|上午|下午)(?:先)?(?:还|存|转|交)(?:了|过|上了)"
    # 「我上个月还了500」「我还了500的」: said with 了/过 (「我还500行吗」 offers)
    # 「我23号只还了300」: a day of the month and 只/才 between the person and the verb (probe D11)
    r"|(?:我|上个?月|这个月|本月|上期)(?:(?:\d{1,2}|[一二三四五六七八九十]{1,3})[号日]|那天|当天)?"
    r"(?:已经|都|也|就|只|才)?(?:先)?(?:还|存|转|交)(?:了|过)(?:进去了?)?"
    r"|(?:只|才)(?:还|存|转|交)了)\s?"
    r"(?P<n>\d[\d,.]*\s?(?:万|千|k|w)?|[零一二两三四五六七八九十百千万点]{2,8})\s?(?:块钱|块|元)?")
# 「最低还款3000」, 「最低是1200」: the statement's minimum (`Card.min_payment`), never the debt (「最低还款是多少」 asks)
_MINIMUM_RE = re.compile(
    r"最低(?:还款额?|应还款?额?|还款金额|还)?(?:是|为|要|得|有|就)?\s?"
    r"(?P<n>\d[\d,.]*\s?(?:万|千|k|w)?|[零一二两三四五六七八九十百千万点]{2,8})(?![\d期天个号日%])\s?(?:块钱|块|元)?")
# 「收入现在4500 以前8000多」, 「8000是以前的」: a figure of before is history, the one of now is the fact
_PAST_WORDS = r"以前|之前|原来|原先|过去|本来|去年|早先|从前"
_NOW_WORDS = r"现在|目前|如今|眼下|这个月|这阵子|最近"
_TIME_WORD_RE = re.compile(rf"(?P<past>{_PAST_WORDS})|(?P<now>{_NOW_WORDS})")
_PAST_TAIL_RE = re.compile(rf"^\s?(?:多|左右|来)?(?:块钱|块|元)?(?:那是|是|都是)?(?:{_PAST_WORDS})(?:的|的事|的工资|的收入)")
# 「网贷还有3万多」, 「花呗欠两千」: a figure about another debt is never a card's amount (fact ``other_debt``, note)
_OTHER_DEBT_RE = re.compile(
    r"网贷|花呗|借呗|白条|金条|微粒贷|借款|贷款|房贷|车贷|消费贷|信用贷|小贷|高利贷|借条|安逸花|度小满|有钱花|分期乐|"
    r"放心借|美团借钱|借的钱|欠朋友|欠亲戚|朋友的钱|亲戚的钱")
_CARD_WORD_RE = re.compile(r"信用卡|卡|银行")
# nothing to spare (probe E06: 「能还多少 现在真的一分都拿不出来」): a budget of 0, which makes the letter a hardship
# and deferment request (DOMAIN §5); never said of the interest or the minimum (「利息一分都不能少」). Its words have
# their one home in the answer they get (bot/answers.yml `nothing_to_spare`)
NOTHING_TO_SPARE_ANSWER = "nothing_to_spare"


def _nothing_to_spare(norm: str) -> re.Match[str] | None:
    """Where ``norm`` says the person has nothing to spare (the patterns of bot/answers.yml `nothing_to_spare`)."""
    from bot import facts

    answer = facts.by_id(NOTHING_TO_SPARE_ANSWER)
    return next((m for p in (answer.patterns if answer else ()) if (m := p.search(norm))), None)


# 「以前月薪8000 现在没收入」, 「失业了 没收入」: no income now is an income of 0 (the past figure is history);
# someone else's (「老婆没收入」) or a document (「没收入证明」) is not
_NO_INCOME_RE = re.compile(
    r"(?:(?:现在|目前|如今|眼下|暂时|已经|这个月|最近|(?:从)?下个?月(?:开始|起)?)(?:也|都|就|完全|一点)?|失业了?|没工作了?"
    r"|没有工作了?)[\s，,、]*"
    r"(?:没有|没|无|零)(?:任何|什么)?(?:收入|工资|进账)(?!证明|流水)"
    r"|(?:收入|工资)(?:现在|目前)?(?:是|为|就是)?(?:0|零|没有了|没了)(?![\d.])"
    r"|^(?:我)?(?:现在|目前)?(?:没有|没|无)(?:任何)?(?:收入|工资)(?:了)?$")
# 「现在0 上个月是8000」 answering the income (persona trial s7 K5 #10: 8,000 was stored): 0 now is the income
_NOW_ZERO_RE = re.compile(r"(?:现在|目前|如今|眼下|这个月|(?:从)?下个?月(?:开始|起)?)(?:也|都|就)?(?:是|只有|就是)?\s?(?:0|零)"
                          r"(?![\d.万千块元天个期号])")
_INCOME_WORD_RE = re.compile(r"收入|工资|薪水|月薪|进账")
# the family's allowance said to have stopped (「家里也不给了」「爸妈不给生活费了」)
_FAMILY_STOPPED_RE = re.compile(r"(?:家里|家人|爸妈|父母|我爸|我妈)[^，,。；;]{0,4}(?:不给|没给|不再给|停了|断了)")
# 「上个月是8000」 beside an income of now: last month's figure is history (K5 #10)
_LAST_MONTH_RE = re.compile(r"上个?月|上月")
_NOT_MINE_RE = re.compile(r"老公|老婆|丈夫|妻子|爱人|媳妇|对象|配偶|儿子|女儿|孩子|爸|妈|父母|家里")
# 「工资降了一半」: a change relative to a figure, computed from the stored one, else asked
_RELATIVE_RE = re.compile(
    r"(?P<what>工资|收入|薪水|月薪|薪资|到手|支出|开支|花销|开销)[^，,。；;\d]{0,4}?"
    r"(?P<dir>降|减|少|砍|扣|只剩|剩|涨|多|加)了?(?P<part>一半|一大半|一多半|三分之一|三分之二|四分之一|"
    r"[一二两三四五六七八九]成|\d{1,2}\s?%|百分之[一二三四五六七八九十]{1,3})")
_RELATIVE_SLOT = {"工资": "monthly_income", "收入": "monthly_income", "薪水": "monthly_income",
                  "月薪": "monthly_income", "薪资": "monthly_income", "到手": "monthly_income",
                  "支出": "monthly_expenses", "开支": "monthly_expenses", "花销": "monthly_expenses",
                  "开销": "monthly_expenses"}
_FRACTIONS = {"一半": Decimal("0.5"), "一大半": Decimal("0.6"), "一多半": Decimal("0.6"),
              "三分之一": Decimal(1) / 3, "三分之二": Decimal(2) / 3, "四分之一": Decimal("0.25")}
# whose figure it is: a spouse's income is not the person's
_WHOSE_RES = (
    ("spouse", re.compile(r"老公|老婆|丈夫|妻子|爱人|媳妇|对象|配偶|老伴")),
    ("child", re.compile(r"儿子|女儿|闺女|孩子|小孩")),
    ("parent", re.compile(r"爸爸|妈妈|父亲|母亲|父母|我爸|我妈|老人")),
)
# 「三千是闺女挣的」: the person named after the figure; 「闺女在外地打工 一个月挣三千来块」: a clause about a relative's
# pay whose subject is the clause before (persona trial s7 L5 #11–#12: the daughter's pay became the mother's income,
# then was added to her expenses)
_WHOSE_AFTER_RE = re.compile(r"^\s?(?:块钱|块|元)?(?:来|多|左右)?(?:是|为|那是)(?:我)?(?:的)?(?P<who>[\u4e00-\u9fff]{1,3}?)(?:的|挣|赚|拿|工资|收入)")
_OTHERS = ("child", "parent")
_OWN_MONEY = ("monthly_income",)  # money sent to a parent (「给我妈寄1000」) stays an expense
_EARNS_RE = re.compile(r"挣|赚|工资|收入|打工|上班|到手|月薪")
_SELF_RE = re.compile(r"我|俺|本人|自己的")


def _whose(norm: str, clauses: list[tuple[int, int]], index: int, start: int, end: int, before: str) -> str:
    """Whose figure it is: a relation named before it in its clause, or right after it (「三千是闺女挣的」), or the
    subject of the clause before when this one says someone's pay with no subject of its own (「闺女在外地打工 一个月挣
    三千来块」); else the person's own ("user")."""
    named = next((who for who, pattern in _WHOSE_RES if pattern.search(before)), None)
    if named:
        return named
    after = _WHOSE_AFTER_RE.match(norm[end:end + 12])
    if after:
        named = next((who for who, pattern in _WHOSE_RES if pattern.search(after.group("who"))), None)
        if named:
            return named
    clause = norm[clauses[index][0]:clauses[index][1]]
    if index > 0 and _EARNS_RE.search(clause) and not _SELF_RE.search(clause):
        prev = norm[clauses[index - 1][0]:clauses[index - 1][1]]
        if not _SELF_RE.search(prev):
            named = next((who for who, pattern in _WHOSE_RES if pattern.match(prev.strip())), None)
            if named:
                return named
    return "user"


# dates: 「3月5号账单日 23号还款日 今天4月10号」 → the days overdue, counted from the due date to today
_N = r"(\d{1,2}|[一二两三四五六七八九十]{1,3})"
_STATEMENT_DAY_RE = re.compile(rf"(?:{_N}月)?{_N}[号日]是?账单日|账单日(?:是|为|在)?(?:每月)?(?:{_N}月)?{_N}[号日]")
_DUE_DAY_RE = re.compile(
    rf"(?:{_N}月)?{_N}[号日]是?(?:最后)?(?:还款日|到期日|到期)|(?:最后)?(?:还款日|到期日)(?:是|为|在)?(?:每月)?(?:{_N}月)?{_N}[号日]")
_UNPAID_RE = re.compile(r"逾期|没还|没有还|未还|还不上|还不起|过了|超过")
_TODAY_RE = re.compile(rf"今天(?:是)?(?:(\d{{4}})年)?{_N}月{_N}[号日]?")
_NEXT_MONTH_RE = re.compile(r"(?:下个?月|下月)的?\s?$")
# a due date said with its month up to this many days after today is still to come (a statement cycle is about a month)
DUE_AHEAD_DAYS = 31


_FIGURE_CHAR_RE = re.compile(r"\d|[一二两三四五六七八九十][十百千万块元天期个]")


def _hypothetical_at(norm: str, start: int, end: int) -> bool:
    """The words at start–end are said in a what-if, by the clause rule of `_mentions`: a marker (如果/要是/万一 …)
    before them in their clause or 的话 after them, or a marker clause with no figure right before theirs. Every
    reading of a fact outside `extract_entities` (relative changes, no income, already paid, the minimum) goes
    through it, so that 「要是工资降了一半」 or 「万一我失业了没收入」 never changes the stored income."""
    clauses = _clauses(norm)
    index = next((i for i, (s, e) in enumerate(clauses) if s <= start < e), len(clauses) - 1)
    c_start, c_end = clauses[index]
    if _HYPOTHETICAL_RE.search(norm[c_start:start]) or _IF_TAIL_RE.search(norm[end:c_end]):
        return True
    if index > 0:
        prev = norm[clauses[index - 1][0]:clauses[index - 1][1]]
        return bool(_HYPOTHETICAL_RE.search(prev) and not _IF_TAIL_RE.search(prev) and not _FIGURE_CHAR_RE.search(prev))
    return False


# 「因为收入降了一大半 还不上了」: a change told as the reason for being late
_REASON_CUE_RE = re.compile(r"因为|由于|原因|导致|所以|才(?:还不上|逾期|没还)|还不上|还不起|还不了|没法还|没钱还")


# 「收入又少了一半」「工资再降三成」: a drop after the figure said, not how it came to be
_AGAIN_RE = re.compile(r"又|再|还要|还得|还会|下个?月|以后|将来|马上|快要|要(?:降|减|少)")


def _relative(norm: str, case: Case, in_reason: bool = False) -> tuple[str, list[tuple[str, Decimal | None, bool]]]:
    """The text without its relative changes, and (slot, new value or None when no base is known, said in a
    what-if). A change told as background of the hardship reason (`in_reason`: the reason asked, or words of a
    reason in the message) with the figure already stored leaves it as it is: 「收入降了一大半」 in the reason is how
    the income came to be what the person said, not a second drop (3,500 → 1,400 was wrong)."""
    found: list[tuple[str, Decimal | None, bool]] = []
    in_reason = in_reason or bool(_REASON_CUE_RE.search(norm))
    for match in _RELATIVE_RE.finditer(norm):
        hypothetical = _hypothetical_at(norm, match.start(), match.end())
        slot = _RELATIVE_SLOT[match.group("what")]
        if in_reason and not hypothetical and getattr(case.situation, slot) is not None:
            continue  # the stored figure stays (the fact is not given again: no change, no question)
        if slot == "monthly_income" and case.situation.income_now and case.situation.monthly_income is not None \
                and not hypothetical and not _AGAIN_RE.search(norm[max(0, match.start() - 4):match.end()]):
            # 「店里现在一个月也就挣6千」 then 「生意不好 收入少了一半」 (persona trial s7 K1 #4): the income said as now is
            # the one after the drop; 「又少了一半」 is a new drop
            continue
        part = match.group("part").replace(" ", "")
        if part in _FRACTIONS:
            ratio = _FRACTIONS[part]
        elif part.endswith("成"):
            ratio = Decimal(small_number(part[0]) or 0) / 10
        elif part.endswith("%"):
            ratio = Decimal(part[:-1]) / 100
        else:
            ratio = Decimal(small_number(part[3:]) or 0) / 100
        base = getattr(case.situation, slot)
        if base is None or not 0 < ratio < 1:
            found.append((slot, None, hypothetical))
            continue
        direction = match.group("dir")
        factor = ratio if direction in ("只剩", "剩") else (1 + ratio if direction in ("涨", "多", "加") else 1 - ratio)
        found.append((slot, (base * factor).quantize(Decimal(1)), hypothetical))
    return _RELATIVE_RE.sub("，", norm), found


def _date_days(norm: str, today: date | None) -> tuple[str, int | None]:
    """The text without its dates, and the days overdue they give (None when they give none)."""
    due = _DUE_DAY_RE.search(norm)
    stated_today = _TODAY_RE.search(norm)
    statement = _STATEMENT_DAY_RE.search(norm)
    stripped = norm
    for pattern in (_DUE_DAY_RE, _TODAY_RE, _STATEMENT_DAY_RE):
        stripped = pattern.sub("，", stripped)
    # 「23号还款日」 alone may be a card not yet due: the days are counted only with today's date said or
    # the person saying it is unpaid
    if due is None or (stated_today is None and (today is None or not _UNPAID_RE.search(norm))):
        return norm, None  # 「还款日是每月8号」 in the plan flow is the day chosen (`_plan_choices`)
    if _NEXT_MONTH_RE.search(norm[:due.start()]):
        # 「下个月15号还款日 … 下个月还不上会怎么样」: a due date still to come is not overdue (trial s7 K5 #2: 23 days)
        return stripped, 0

    def num(raw: str | None) -> int | None:
        return None if raw is None else small_number(raw)

    try:
        if stated_today:
            # no year said nor known: a common year (a 2月29日 then gives no days rather than a guess)
            year = int(stated_today.group(1)) if stated_today.group(1) else (today.year if today else 2001)
            now = date(year, num(stated_today.group(2)), num(stated_today.group(3)))
        else:
            now = today
        due_month, due_day = num(due.group(1) or due.group(3)), num(due.group(2) or due.group(4))
        if due_month is None and statement is not None:
            s_month, s_day = num(statement.group(1) or statement.group(3)), num(statement.group(2) or statement.group(4))
            if s_month is not None:
                due_month = s_month if due_day > s_day else s_month % 12 + 1
        if due_month is not None:
            due_date = date(now.year, due_month, due_day)
            ahead = [d for d in (due_date, date(now.year + 1, due_month, due_day)) if 0 < (d - now).days <= DUE_AHEAD_DAYS]
            if ahead:
                # 「还款日12月11号 今天12月8号」: a due date a few days ahead is a card not yet due (persona trial s9 N4 #12
                # was counted from 12月11日 of the year before: 362 days), never a year back
                return stripped, 0
            if due_date > now:
                due_date = date(now.year - 1, due_month, due_day)
        else:
            due_date = date(now.year, now.month, due_day)
            if due_date > now:
                due_date = date(now.year - (now.month == 1), (now.month - 2) % 12 + 1, due_day)
    except (TypeError, ValueError):
        return stripped, None
    days = (now - due_date).days
    return stripped, days if 0 < days <= MAX_OVERDUE_DAYS else None


# ---- plan choices: the payment day and method -------------------------------------------------------
_DAY_N = r"(?<![\d.,一二两三四五六七八九十百千万])(?P<d>\d{1,2}|[一二两三四五六七八九十]{1,3})(?:号|日)"
# 「3月15号还款」 is one date, not a day of every month
_DATE_MONTH_RE = re.compile(r"(?<!每)(?<!每个)月的?$")
_MONTHLY = r"(?:每月|每个月|每月的|每个月的)"
_DAY_RES = (
    re.compile(rf"还款日期?(?:就|也)?(?:是|为|改成|改为|改到|换成|换到|定在|定成|定为|设为|设在|设成|选|要|放在|调到|调成)?"
               rf"{_MONTHLY}?{_DAY_N}"),
    re.compile(rf"(?:改成|改为|改到|换成|换到|定在|调到|选){_MONTHLY}?{_DAY_N}"),
    re.compile(rf"{_MONTHLY}?{_DAY_N}(?:前|之前)?(?:还款|还钱|还|扣款|扣钱|扣)(?![不没上完清过了款钱日])"),
    re.compile(rf"{_MONTHLY}{_DAY_N}(?=$|[\s，,。！!？?；;]|吧|可以|行|好|就)"),
)
# a day said about the past or about being late is the old due day, not the one chosen
_DAY_PAST_RE = re.compile(r"逾期|没还|未还|没有还|忘|过了|上个?月|上期|昨天|前天|已经|工资|发薪|到账")
_OPTION_NEGATED_RE = re.compile(r"(?:不是|不要|不用|别|不想|不|没有?)$")
_METHOD_RES = (
    ("auto_debit", re.compile(r"自动扣款|自动扣|自动还款|代扣|绑卡扣|银行扣")),
    ("self", re.compile(r"(?:自己|主动|手动)(?:按月)?(?:去|来)?(?:还款|还钱|还)(?![不没上完清过了款钱])")),
)


def _plan_choices(norm: str) -> tuple[str, tuple[str, ...]]:
    """The text without its payment-day phrases, and the option values said (in text order)."""
    clauses = _clauses(norm)

    def clause_of(pos: int) -> str:
        return next((norm[s:e] for s, e in clauses if s <= pos < e), "")

    def usable(start: int) -> bool:
        clause = clause_of(start)
        return not (_DAY_PAST_RE.search(clause) or _HYPOTHETICAL_RE.search(clause) or _IF_TAIL_RE.search(clause)
                    or _OPTION_NEGATED_RE.search(norm[max(0, start - 2):start]))

    found: list[tuple[int, int, str]] = []
    for pattern in _DAY_RES:
        for match in pattern.finditer(norm):
            if any(s < match.end() and match.start() < e for s, e, _ in found):
                continue
            day = small_number(match.group("d"))
            if day is not None and usable(match.start()) and not _DATE_MONTH_RE.search(norm[:match.start()]):
                found.append((match.start(), match.end(), f"day:{day}"))
    spans = sorted(found)
    for method, pattern in _METHOD_RES:
        for match in pattern.finditer(norm):
            if usable(match.start()):
                found.append((match.start(), match.end(), f"method:{method}"))
    values = tuple(v for _, _, v in sorted(found))
    for start, end, _ in reversed(spans):  # the day's number is no amount, no days, no answer
        norm = norm[:start] + "，" + norm[end:]
    return norm, values


_NUMERIC = {
    "debt_amount", "monthly_income", "monthly_expenses", "monthly_budget", "amount", "overdue_days",
    "overdue_days_more_than", "installments",
}


@dataclass
class _Mention:
    entity: str
    value: Any
    start: int
    end: int
    clause: int
    negated: bool
    hypothetical: bool
    correction: bool
    total: bool
    each: bool
    every_card: bool
    statement: bool = False
    settled: bool = False
    whose: str = "user"
    delay: bool = False  # 「拖3个月」: days from now on, not the days in total (「拖到130天」)
    other_debt: bool = False  # 「网贷还有3万多」: a debt that is no card's (a note, never a card's amount)
    past: bool = False  # 「以前8000多」, 「8000是以前的」: a figure of before (history when a figure of now is said)
    offered: bool = False  # 「先还5000」: a payment asked about (the what-if), no fact
    principal: bool = False  # 「本金3万」: the card's principal, not what is owed now
    threshold: bool = False  # 「超过5万就要坐牢」: a rule's threshold, no fact
    hearsay: bool = False  # 「那个公司说我欠5万」: someone else's figure, no fact of the person's
    vague: bool = False  # 「一百多天」: a lower bound
    every_after: bool = False  # 「是55天 两张都是」: days for every card, said after them
    calc_as: bool = False  # 「按收入5000算一下」: a figure to compute with (a what-if when it differs from the stored one)
    per_month: bool = False  # 「每月1000的话」: a bare figure per month (no debt)
    vague_amount: bool = False  # 「十几万」: asked, never stored as its lower bound
    quoted: bool = False  # 「怎么算出来189的」: the bot's own figure asked about, no fact (persona trial H5)
    not_paid: bool = False  # 「我还没还那三千」: a payment not made, no debt (persona trial G3)
    with_fees: bool = False  # 「本金4万8加利息违约金一共6万2」: the 6万2 is owed on the principal's card (trial s8 M4 #2)
    most: bool = False  # 「最多一千二」 after 「能拿出一千」: the most there is, a bound of the budget said before it (L1)
    most_after: bool = False  # 「一千二是最多」: said as the ceiling (a lower budget stored stays)
    support: bool = False  # 「老公一个月给我一千五」: money the family gives the person, toward the person's income (W06)


def _clauses(norm: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for match in _CLAUSE_SPLIT_RE.finditer(norm):
        if match.start() > pos:
            spans.append((pos, match.start()))
        pos = match.end()
    if pos < len(norm):
        spans.append((pos, len(norm)))
    return spans or [(0, len(norm))]


def _mentions(norm: str) -> list[_Mention]:
    clauses = _clauses(norm)
    hypothetical = [bool(_HYPOTHETICAL_RE.search(norm[s:e]) or _IF_TAIL_RE.search(norm[s:e])) for s, e in clauses]
    correcting = [bool(_CORRECTION_RE.search(norm[s:e])) for s, e in clauses]
    future = [bool(_FUTURE_DELAY_RE.search(norm[s:e])) for s, e in clauses]
    settled = [bool(_SETTLED_RE.search(norm[s:e])) for s, e in clauses]
    offered = [bool(_OFFER_RE.search(norm[s:e])) for s, e in clauses]
    calc_as = [bool(_CALC_AS_RE.search(norm[s:e])) for s, e in clauses]
    out: list[_Mention] = []
    for entity in extract_entities(norm):
        start, end = entity["start"], entity["end"]
        index = next((i for i, (s, e) in enumerate(clauses) if s <= start < e), len(clauses) - 1)
        c_start = clauses[index][0]
        before = norm[c_start:start]
        # a hypothetical marker reaches the clause after it when its own clause holds no figure
        hypo = hypothetical[index] and (
            _HYPOTHETICAL_RE.search(before) is not None or _IF_TAIL_RE.search(norm[end : clauses[index][1]]) is not None
        )
        if not hypo and index > 0 and hypothetical[index - 1]:
            prev_s, prev_e = clauses[index - 1]
            prev_has_figure = any(prev_s <= m.start < prev_e for m in out)
            hypo = not prev_has_figure and _IF_TAIL_RE.search(norm[prev_s:prev_e]) is None
        if future[index] and entity["entity"] in ("overdue_days", "overdue_days_more_than"):
            hypo = True  # 「拖到130天会怎样」: a what-if, not the days lived
        value: Any = entity["value"]
        if entity["entity"] in _NUMERIC:
            value = Decimal(value)
            if _MINUS_RE.search(norm[max(0, start - 2) : start]):
                value = -value  # 「-500」: refused with its reason, never read as 500
        out.append(
            _Mention(
                entity=entity["entity"],
                value=value,
                start=start,
                end=end,
                clause=index,
                negated=_NEGATION_RE.search(before[-8:]) is not None,
                hypothetical=hypo,
                correction=correcting[index] or (index > 0 and correcting[index - 1]),
                total=_TOTAL_RE.search(before[-6:]) is not None,
                each=_EACH_RE.search(norm[max(c_start, start - 3) : start]) is not None,
                every_card=_EVERY_CARD_RE.search(norm[max(c_start, start - 6) : start]) is not None,
                statement=entity["entity"] in ("amount", "debt_amount")
                and _STATEMENT_RE.search(before[-12:]) is not None,
                principal=entity["entity"] in ("amount", "debt_amount") and _PRINCIPAL_RE.search(before[-8:]) is not None,
                settled=settled[index] and not hypo,
                # 「老公一个月给我一千五」: the spouse gives it, the person has it
                whose="user" if entity["entity"] == "monthly_income" and support_before(norm, start)
                else _whose(norm, clauses, index, start, end, before),
                support=entity["entity"] == "monthly_income" and support_before(norm, start),
                delay=future[index] and entity["entity"] == "overdue_days" and not re.search(r"到\s?$", before),
                offered=(entity["entity"] in ("amount", "debt_amount") and (
                    (offered[index] and _offered_before(before)) or (hypo and (_PAY_BEFORE_RE.search(before) is not None
                                                       or _PAY_AFTER_RE.match(norm[end : clauses[index][1]]) is not None))))
                # 「我现在手里能凑一万」: a sum available once is offered, never the monthly budget
                or (entity["entity"] == "monthly_budget" and _ONE_OFF_RE.search(norm[c_start : clauses[index][1]]) is not None
                    and _MONTHLY_WORD_RE.search(norm[c_start : clauses[index][1]]) is None),
                calc_as=calc_as[index],
                per_month=entity["entity"] == "amount" and _PER_MONTH_BEFORE_RE.search(before) is not None,
                vague_amount=entity["entity"] in ("amount", "debt_amount")
                and _VAGUE_AMOUNT_RE.search(norm[start:end]) is not None,
                threshold=entity["entity"] in _MONEY_NUMERIC and _is_threshold(norm, start, end, clauses[index]),
                hearsay=entity["entity"] in _NUMERIC and (
                    _HEARSAY_BEFORE_RE.search(before) is not None
                    or _HEARSAY_AFTER_RE.match(norm[end : clauses[index][1]]) is not None),
                vague=entity["entity"] == "overdue_days" and value >= 100
                and _VAGUE_DAYS_RE.search(norm[start:end]) is not None,
                past=entity["entity"] in _NUMERIC and _said_of_before(before, norm[end : clauses[index][1]]),
                other_debt=entity["entity"] in ("amount", "debt_amount")
                and _about_other_debt(before, c_start, [m for m in out if m.clause == index and m.entity == "bank"]),
            )
        )
    _roles_of_bare_figures(norm, clauses, out)
    for prev, m in zip(out, out[1:]):
        if prev.principal and m.entity in ("amount", "debt_amount") and not (m.negated or m.hypothetical) \
                and _WITH_FEES_BETWEEN_RE.fullmatch(norm[prev.end:m.start]):
            m.with_fees, m.total = True, False
    _offer_and_most(norm, out)
    # a figure of before is history when the message says one of now, or it is income, expenses or budget
    # (「以前工资8000」 is not today's income); 「之前欠了两万」 alone stays the debt
    now_said = any(not m.past for m in out if m.entity in _NUMERIC)
    for m in out:
        if m.past and not (now_said or m.entity in _MONEY_SITUATION):
            m.past = False
    for m in out:
        if m.entity == "overdue_days" and m.clause + 1 < len(clauses):
            s, e = clauses[m.clause + 1]
            if _EVERY_CARD_AFTER_RE.match(norm[s:e]) and not any(o.clause == m.clause + 1 for o in out):
                m.every_after = True
    late_by = [m for m in out if m.delay and LATE_BY_RE.search(norm[clauses[m.clause][0]:clauses[m.clause][1]])]
    for m in out:
        if late_by and m.entity == "overdue_days" and not m.hypothetical and not m.negated \
                and any(o.value == m.value for o in late_by):
            # 「我问的是晚5天 就5天 会不会上征信」: the same days said again are the what-if's, never the days lived
            m.hypothetical, m.delay = True, True
    # 「是建行不是工行」, 「不是两万，是三万」: a negated value makes its clause and the next a correction
    negated_clauses = {m.clause for m in out if m.negated}
    for m in out:
        if m.clause in negated_clauses or m.clause - 1 in negated_clauses:
            m.correction = True
    return out


_MONEY_NUMERIC = ("debt_amount", "amount", "monthly_income", "monthly_expenses", "monthly_budget")
# 「本金4万8加利息违约金一共6万2」: between a principal and the figure owed with its interest and fees
_WITH_FEES_BETWEEN_RE = re.compile(
    r"[\s的]*(?:再)?(?:加上?|和|连同?|外加|另加|算上)(?:[\s的、和及跟与还有上]*(?:利息|罚息|复利|违约金|滞纳金|手续费|年费|费用|"
    r"各种费用|其他费用|别的费用))+[\s的]*(?:一共|总共|合计|共计|总计|加起来|共|总额|总的)(?:是|有|为|要|欠|起诉)?\s?")
# 「现在降到六千五了」「涨到7000」「变成了5000」: the figure a change ends at
_CHANGED_TO_RE = re.compile(r"(?:降|减|跌|掉|少|涨|升|增|加|变|调|剩)\w{0,2}?(?:到|成|为|至)了?\s?$")
_NEGATED_AFTER_RE = re.compile(r"\s?(?:块钱|块|元)?[\s,，]?(?:而|并)?不是\s?")
# 「我以前工资九千 现在科室调岗只有5500了」: the words between 现在 and the figure name no debt or card (I1 #2)
_NOW_BEFORE_RE = re.compile(rf"(?:{_NOW_WORDS})[^\d欠卡行债还]{{0,8}}$")


def _roles_of_bare_figures(norm: str, clauses: list[tuple[int, int]], out: list[_Mention]) -> None:
    """A figure with no role word of its own takes the role of the figure said right before it when the words say
    it is the same fact: 「工资原来九千多 现在降到六千五了」 (the income after a change, or said as now after a figure
    of before: probe E02 stored no income and said 「记下了」), and in a correction 「支出是4500不是6500 … 反正是4500」
    (the expenses said again, never the debt: probe E02 made the total 4,500)."""
    for i, m in enumerate(out):
        if m.entity != "amount":
            continue
        prev = next((o for o in reversed(out[:i]) if o.entity in _NUMERIC), None)
        if m.correction and not m.negated:
            # 「反正是4500」 in a correction that named the fact with this very figure
            same = [o for o in out[:i] if o.entity in _MONEY_SITUATION and not o.negated and o.value == m.value]
            if same:
                m.entity = same[-1].entity
                continue
        if prev is None or prev.entity not in _MONEY_SITUATION or prev.hypothetical != m.hypothetical:
            continue
        if m.calc_as and not m.negated and _within_range(norm[prev.start:prev.end + 2], prev.value, m.value):
            # 「开销我说七八千 按八千算吧」 (persona trial H1): the range said is settled at the figure chosen — the fact
            # corrected to it, never a what-if, and the range's lower bound no longer the value
            m.entity, m.calc_as, m.correction = prev.entity, False, True
            prev.negated = True
            continue
        between = norm[prev.end:m.start]
        if m.negated and _NEGATED_AFTER_RE.fullmatch(between):
            m.entity = prev.entity  # 「支出是4500不是6500」: 6,500 is the expenses denied
            continue
        before = norm[clauses[m.clause][0]:m.start]
        if not m.negated and (_CHANGED_TO_RE.search(before) or (prev.past and _NOW_BEFORE_RE.search(before))):
            m.entity = prev.entity


# 「最多一千二」「顶多能拿一千二」 / 「一千二是最多」: a figure said as the most the person can pay
_MOST_BEFORE_RE = re.compile(r"(?:最多|顶多|至多|最高)(?:也就|就|只)?(?:能|可以|只能)?(?:拿出来|拿出|拿|还|出|给)?(?:个)?\s?$")
_MOST_AFTER_RE = re.compile(r"^\s?(?:块钱|块|元)?(?:就|也)?(?:是|算)?(?:俺|我)?(?:每个?月|一个月)?(?:最多|顶多|至多|封顶|最高)(?!的)")
_SENTENCE_STOP_RE = re.compile(r"[。！!？?；;\n]")


def _offer_and_most(norm: str, out: list[_Mention]) -> None:
    """「一个月能拿出一千吧 最多一千二」, 「俺说一千 一千二是最多 别给俺写多了」 (persona trial s7 L1 #8, #10): a budget said as
    the most right after a lower figure of the budget (or a bare figure) is a bound; the lower figure is the budget (the
    letter commits to what the person offers, never to the stretch; L1's 1,200 was written in, then 1,200 became 建行's
    debt). A figure said as the most alone is the budget."""
    for i, m in enumerate(out):
        if m.entity not in ("monthly_budget", "amount") or m.negated or m.hypothetical:
            continue
        before = norm[out[i - 1].end if i else 0:m.start]
        m.most_after = _MOST_AFTER_RE.match(norm[m.end:m.end + 16]) is not None
        if not (_MOST_BEFORE_RE.search(before) or m.most_after):
            continue
        prev = out[i - 1] if i else None
        if m.entity == "amount":
            m.entity = "monthly_budget"  # 「一千二是最多」: the most the person can pay is a budget
        if prev is None or prev.entity not in ("monthly_budget", "amount") or prev.negated or prev.hypothetical \
                or prev.most or not prev.value < m.value or _SENTENCE_STOP_RE.search(norm[prev.end:m.start]) \
                or m.start - prev.end > 16:
            continue
        prev.entity = "monthly_budget"
        m.most = True


_ABOUT_RE = re.compile(r"出头|多(?!少)|来块|来(?=[块元])|左右|上下")
_RANGE_DIGIT = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2}


def _within_range(raw: str, low: Any, value: Any) -> bool:
    """``value`` lies in the range said as ``raw`` (「七八千」: 7,000–8,000; ``low`` is the value read from it)."""
    pair = raw.replace(" ", "")[:2]
    if _ABOUT_RE.search(raw) and isinstance(low, Decimal) and isinstance(value, Decimal):
        # 「两千出头吧 就算两千二」 (persona trial s7 L5 #10: 4,200 stored): an approximate figure settled just above it
        return low <= value < low * Decimal("1.5")
    if len(pair) < 2 or pair[0] not in _RANGE_DIGIT or pair[1] not in _RANGE_DIGIT or not isinstance(low, Decimal) \
            or not isinstance(value, Decimal) or _RANGE_DIGIT[pair[1]] != _RANGE_DIGIT[pair[0]] + 1 and pair not in ("三五",):
        return False
    high = low / _RANGE_DIGIT[pair[0]] * _RANGE_DIGIT[pair[1]]
    return low <= value <= high


def _cards_listed_before(m: _Mention, mentions: list[_Mention], norm: str | None = None) -> list[str]:
    """The banks of a card list said right before days (「招行32000 建行16000 逾期40天」): two or more banks named
    in this message before the days, no days said since the first of them, and the days in a clause of their own
    (「招行32000 建行16000逾期40天」 stays 建行's). [] when the days follow no such list, or when the last bank's own
    clause says it is late (「交行是8600 … 浦发是上个月才开始逾期的 大概35天」: 浦发's days, persona trial s8 M1 #4)."""
    i = mentions.index(m)
    banks = [o for o in mentions[:i] if o.entity == "bank" and not (o.negated or o.settled or o.hypothetical)]
    if len({b.value for b in banks}) < 2 or any(b.clause == m.clause for b in banks):
        return []
    if norm is not None and _late_said_of(norm, banks[-1], mentions):
        return []
    first = mentions.index(banks[0])
    if any(o.entity in ("overdue_days", "overdue_days_more_than") for o in mentions[first:i]):
        return []
    if any(o.entity == "bank" for o in mentions[i + 1:]):
        return []  # 「招行32000 逾期40天 建行16000」-like orders: the days stay the card named last
    return list(dict.fromkeys(b.value for b in banks))


def _late_said_of(norm: str, bank: _Mention, mentions: list[_Mention]) -> bool:
    """The bank's clause says that card is late (「浦发是上个月才开始逾期的」), with no other bank or figure in it: days said
    right after belong to that bank, not to a list of cards."""
    s, e = _clauses(norm)[bank.clause]
    if any(o is not bank and o.clause == bank.clause for o in mentions):
        return False
    return _LATE_WORD_RE.search(norm[bank.end:e]) is not None


def _expenses_listed(mentions: list[_Mention], negated_targets: list[tuple[str, int | None]]) -> bool:
    """The message lists or corrects the monthly expenses, so its 「一共…」 is their total, not the debt."""
    return any(m.entity == "monthly_expenses" for m in mentions) or bool(
        negated_targets and negated_targets[0][0] == "monthly_expenses")


def _expense_items_sum(mentions: list[_Mention]) -> Decimal | None:
    """The expenses question answered with several items (「房租1200 吃饭加电池差不多两千五 每个月给我妈寄500」): their
    sum; None when the message holds one figure, a total, or figures that are no items (negated, past, …)."""
    items = [m for m in mentions if m.entity in ("amount", "monthly_expenses")]
    if len(items) < 2 or any(m.total or m.negated or m.hypothetical or m.past or m.offered or m.threshold
                             or m.hearsay or m.other_debt for m in items):
        return None
    if any(m.entity not in ("amount", "monthly_expenses", "bank") for m in mentions):
        return None
    return sum((m.value for m in items), Decimal(0))


# 「要是我先借点钱还招行5000呢」: in a what-if, a figure right after 还 (repay) is the payment, not the debt
_PAY_AFTER_RE = re.compile(r"^\s?(?:块钱|块|元)?(?:来|去|先)?还(?!有|欠|剩|差|是|不|没|要|得|能|会|在|了|算|款日)")  # 「要是我找我姐借5000还中信」
_PAY_BEFORE_RE = re.compile(r"还(?:上|掉)?(?!了|过|清|剩|有|欠|差|是|在|款日|要|得)[^\d，,欠剩还是]{0,5}$")


def _offered_before(before: str) -> bool:
    """「先还5000」, 「先还招行5000」: the offer verb is the last verb before the figure (a bank may sit between)."""
    offer = list(_OFFER_RE.finditer(before))
    return bool(offer) and re.search(r"欠|还有|剩|是", before[offer[-1].end():]) is None


def _is_threshold(norm: str, start: int, end: int, clause: tuple[int, int]) -> bool:
    """The figure at start–end is a threshold asked about (「超过5万了会坐牢吗」), not a figure of the person's."""
    before, after = norm[clause[0]:start], norm[end:clause[1]]
    return bool(_THRESHOLD_BEFORE_RE.search(before) or _THRESHOLD_AFTER_RE.match(after))


def _about_other_debt(before: str, c_start: int, banks: list[_Mention]) -> bool:
    """The figure after `before` (its clause up to it, from `c_start`) is about 网贷/花呗/借呗 …: such a word
    is the debt named last before it (no 信用卡/卡/bank named after it)."""
    other = [m.end() for m in _OTHER_DEBT_RE.finditer(before)]
    if not other:
        return False
    if any(m.end() > other[-1] for m in _CARD_WORD_RE.finditer(before)):
        return False
    return not any(b.start >= c_start + other[-1] for b in banks)


def _said_of_before(before: str, after: str) -> bool:
    """The figure between `before` and `after` (its clause) is said of before: the time word nearest before
    it is 以前/之前/原来 … (not 现在/目前 …), or it is followed by 是以前的."""
    words = list(_TIME_WORD_RE.finditer(before))
    if words and words[-1].group("past"):
        return True
    return _PAST_TAIL_RE.match(after) is not None


def _plain(value: Any) -> Any:
    """A value in the shape of the contract slots: floats for figures, text for the bank."""
    return float(value) if isinstance(value, Decimal) else value


class _Turn:
    """The mutable state of one update: the cards, the card named last, the notes."""

    def __init__(self, case: Case) -> None:
        self.cards: list[Card] = list(case.cards)
        self.situation = case.situation
        self.declared_total = case.declared_total
        self.current: int | None = None
        self.notes: list[str] = []
        self.new_bare_banks = 0
        self.new_cards = 0
        self.settled = case.settled

    # ---- cards --------------------------------------------------------------------------------
    def index_of(self, bank: str | None) -> int | None:
        for index, card in enumerate(self.cards):
            if card.bank == bank:
                return index
        return None

    def card_for_bank(self, bank: str, *, create: bool) -> int | None:
        index = self.index_of(bank)
        if index is None:
            index = self.index_of(None)  # 「欠了两万五」, then 「招行的」: the bankless card gets the bank
            if index is not None:
                self.cards[index] = replace(self.cards[index], bank=bank)
        if index is None and create:
            index = self.add(Card(bank=bank))
        return index

    def add(self, card: Card) -> int | None:
        if len(self.cards) >= MAX_CARDS:
            self.note("too_many_cards")
            return None
        self.cards.append(card)
        self.new_cards += 1
        return len(self.cards) - 1

    def target(self, *, create: bool = True) -> int | None:
        """The card a figure without a bank belongs to (None: several cards and none named)."""
        if self.current is not None:
            return self.current
        if len(self.cards) == 1:
            return 0
        if not self.cards and create:
            return self.add(Card())
        return None

    def set_card(self, index: int, **changes: Any) -> None:
        before = self.cards[index]
        self.cards[index] = replace(before, **changes)
        if "amount" in changes and changes["amount"] != before.amount:
            self.declared_total = None

    def note(self, code: str) -> None:
        if code not in self.notes:
            self.notes.append(code)

    # ---- facts --------------------------------------------------------------------------------
    def debt(self, amount: Decimal, *, total: bool, index: int | None = None) -> None:
        if not 0 < amount <= MAX_DEBT:
            self.note("invalid:debt_amount")
            return
        if index is None and total and len(self.cards) > 1:
            self.declared_total = amount
            return
        index = index if index is not None else self.target()
        if index is None and not total and any(card.amount == amount for card in self.cards):
            return  # 「是欠32000」 with several cards: the card that owes 32,000, said again (no new total)
        if index is None:  # several cards, none named: the person restates the total
            self.declared_total = amount
            return
        self.set_card(index, amount=amount)

    def days(self, days: Decimal, *, more_than: bool, index: int | None = None) -> None:
        if not 0 <= days <= MAX_OVERDUE_DAYS:
            self.note("invalid:overdue_days")
            return
        whole = int(days)
        indices = [index] if index is not None else ([self.target()] if self.target(create=False) is not None
                                                    or not self.cards else list(range(len(self.cards))))
        if index is None and len(indices) > 1 and whole == 0:
            # 「民生下周才到期」 with 民生 already not overdue: a 0 said of no card found never becomes the days of another
            # card (persona trial s11 Q1 #2: 交行 40 → 0)
            self.note("unsure_days:0")
            return
        if index is None and len(indices) > 1 and any(self.cards[i].overdue_days != 0 for i in indices):
            indices = [i for i in indices if self.cards[i].overdue_days != 0]  # 「建行没到还款日」 stays 0
        if indices == [None]:
            indices = [self.add(Card())]
        for i in indices:
            if i is None:
                continue
            if more_than:
                self.set_card(i, overdue_days=None, overdue_more_than=whole)
                self.note(f"overdue_days_more_than:{whole}")
            else:
                self.set_card(i, overdue_days=whole, overdue_more_than=None)

    def _target(self, index: int | None) -> int | None:
        """The card at `index`, else the card named last, else the only (or last) card; a first card when
        there is none (None when no card can be added)."""
        if index is None:
            index = self.current if self.current is not None else (len(self.cards) - 1 if self.cards else None)
        return self.add(Card()) if index is None else index

    def statement(self, amount: Decimal, *, index: int | None = None) -> None:
        """The statement balance of the card at `index`, else of the card named last, else of the only
        (or last) card; a first card when there is none."""
        if not 0 < amount <= MAX_DEBT:
            self.note("invalid:statement_balance")
            return
        index = self._target(index)
        if index is None:
            return
        card = self.cards[index]
        if card.amount is None or card.amount == card.statement_balance:
            # no principal said: the statement's figure is the one debt known (as 「欠三万二」 would be), and it
            # follows the balance when that is corrected; a principal said before or after stays its own
            self.set_card(index, amount=amount, statement_balance=amount)
        else:
            self.set_card(index, statement_balance=amount)

    def principal(self, amount: Decimal, *, index: int | None = None) -> None:
        """The principal (「本金3万」) of the card at `index`, else of the card named last, else of the only (or
        last) card; a first card when there is none. A card whose amount is unknown, or only followed the
        principal or the statement balance, takes it as its amount too; an amount owed said apart
        (「现在欠3万4」) stays the amount."""
        if not 0 < amount <= MAX_DEBT:
            self.note("invalid:debt_amount")
            return
        index = self._target(index)
        if index is None:
            return
        card = self.cards[index]
        if card.amount is None or card.amount in (card.principal, card.statement_balance):
            self.set_card(index, amount=amount, principal=amount)
        else:
            self.set_card(index, principal=amount)

    def situation_value(self, slot: str, value: Decimal) -> None:
        # 0 is an answer for every figure, the budget too: nothing to spare makes the letter a hardship and
        # deferment request (DOMAIN §5; probe E06: 「一分都拿不出来 0」 was refused)
        if value < 0 or value > MAX_MONTHLY:
            self.note(f"invalid:{slot}")
            return
        self.situation = replace(self.situation, **{slot: value})

    def installments(self, value: Decimal) -> None:
        if value % 1 != 0 or not 1 <= value <= MAX_PERIODS:
            self.note("invalid:installments")
            return
        self.situation = replace(self.situation, installments=int(value))

    def reason(self, text: str) -> None:
        from bot.nlu.distress import without_signals

        # a despair sentence is never the hardship reason (persona trial H3 #9): its clauses are left out, and a
        # reason that is only despair is asked again (DOMAIN §7: the crisis answer comes first)
        reason = without_stress_remarks(without_signals(text.strip()))
        if len(reason) < 2:
            self.note("invalid:hardship_reason")
            return
        self.situation = replace(self.situation, hardship_reason=reason[:MAX_REASON_CHARS])

    def settle(self, bank: str) -> None:
        """A debt said to be paid off: history (`Case.settled`), and no longer a current card."""
        index = self.index_of(bank)
        if index is not None:
            del self.cards[index]
            self.current = None
        if bank not in self.settled:
            self.settled = (*self.settled, bank)
        self.note(f"settled:{bank}")

    def minimum(self, amount: Decimal) -> None:
        """The statement's minimum of the card named, else of the only card (several and none named: unsure)."""
        if not 0 < amount <= MAX_DEBT:
            self.note("invalid:min_payment")
            return
        index = self.current if self.current is not None else self.target()
        if index is None:
            self.note("unsure:min_payment")
            return
        self.set_card(index, min_payment=amount)

    def paid(self, amount: Decimal) -> None:
        if not 0 < amount <= MAX_DEBT:
            self.note("invalid:paid")
            return
        index = self.current if self.current is not None else self.target()
        if index is None:  # several cards, none named: which card was paid is asked, not guessed
            self.note("unsure:paid")
            return
        self.set_card(index, paid=amount)

    def case(self) -> Case:
        return Case(cards=tuple(self.cards), situation=self.situation, declared_total=self.declared_total,
                    settled=self.settled)


_REASON_FILLER_RE = re.compile(r"[\s，,。.！!？?、；;~～…的了吧啊呀呢嘛就还也都是我]+")


# the words a figure is said with when it is only a figure (「2千」「就2千吧」「每个月最多能拿两千出来」): no reason in them
_FIGURE_TALK_RE = re.compile(
    r"每个?月|一个月|一月|每期|最多|顶多|至多|大概|差不多|大约|左右|上下|出头|可以|能|拿得?出来?|拿|出来|凑|还|给|只有|只|也就|"
    r"就|是|吧|啊|呀|呢|嘛|哈|了|的|块钱|块|元|我|都|这么多|那么多|这些|那|这|嗯|哦|噢|呃")


def _figure_only(said: str, mentions: list[_Mention], relative: list[Any]) -> bool:
    """The message is a figure and nothing else (「2千」, 「就两千吧」, 「每月能拿2千出来」): no hardship reason, whatever the
    form asked (persona trial s7 K1 #3: 「困难原因：2千。」 went into the letter)."""
    if relative or not any(m.entity in _NUMERIC for m in mentions):
        return False
    words = re.sub(r"[\d.,，。！!？?、；;~～…\s万千百十几多kKwW零一二两三四五六七八九半]+", "", _FIGURE_TALK_RE.sub("", said))
    return not words


def _reason_said(said: str, mentions: list[_Mention]) -> bool:
    """The message says a reason in words beside its figures: at least 6 characters that are no figure, bank or
    filler (「欠3万」 or 「逾期60天」 alone is no reason)."""
    words = _REASON_FILLER_RE.sub("", re.sub(r"[\d.,万千百十几多kw元块天个月期一二两三四五六七八九半]+", "", said))
    return len(words) >= 6 and not any(m.entity == "bank" for m in mentions)


def _income_zero_now(norm: str, answer_slot: str | None) -> re.Match[str] | None:
    """Where the message says there is no income now (「现在没收入」, 「下个月开始就没工资了」, and 「现在0」 while the
    income is asked or named)."""
    no_income = _NO_INCOME_RE.search(norm)
    if no_income is None and (answer_slot == "monthly_income" or _INCOME_WORD_RE.search(norm)):
        no_income = _NOW_ZERO_RE.search(norm)
    return no_income


def _income_source(norm: str, mentions: list[_Mention], case: Case, turn: "_Turn") -> None:
    """What the income said this turn is (persona trial s7 L2): 「家裡每月給我5000」「5000是家裡給我的」 is the family's
    allowance (``family``: the summary and the letter say 生活费（家里给）, not 收入); an income said again with the
    same figure (「收入5000」) keeps what it was; another figure said with no such words is earned income (None)."""
    for m in mentions:
        if m.entity != "monthly_income" or m.negated or m.hypothetical or m.past or m.whose != "user":
            continue
        family = FAMILY_GIVES_BEFORE_RE.search(norm[max(0, m.start - 16):m.start]) is not None \
            or FAMILY_GIVES_AFTER_RE.match(norm, m.end) is not None
        if family:
            turn.situation = replace(turn.situation, income_source="family")
        elif m.value != case.situation.monthly_income:
            turn.situation = replace(turn.situation, income_source=None)


def _trial_s7_roles(norm: str, mentions: list[_Mention], answer_slot: str | None,
                    income_zero_now: re.Match[str] | None) -> None:
    """Persona trials s7: 「现在0 上个月是8000」 (the income asked): last month's figure is history beside a figure or no
    income of now."""
    clauses = _clauses(norm)
    money = [m for m in mentions if m.entity in _MONEY_NUMERIC and not m.negated]
    for m in money:
        s, _ = clauses[m.clause]
        if not (m.entity in _MONEY_SITUATION or (m.entity == "amount" and answer_slot in _MONEY_SITUATION)):
            continue
        if not _LAST_MONTH_RE.search(norm[s:m.start]):
            continue
        if income_zero_now is not None or any(o is not m and not o.past and o.entity == m.entity for o in money):
            m.past = True


def _adjust(mentions: list[_Mention], case: Case, answer_slot: str | None, norm: str) -> None:
    """What the stored case and the question asked decide about the figures of this message."""
    for m in mentions:
        if m.calc_as and not m.hypothetical and isinstance(m.value, Decimal):
            # 「那就按收入5000算一下」 with 6,500 stored: compute with 5,000, keep 6,500 (a what-if)
            stored = getattr(case.situation, m.entity) if m.entity in _MONEY_SITUATION else (
                case.total_debt() if m.entity == "debt_amount" and case.cards else None)
            if stored is not None and stored != m.value:
                m.hypothetical = True
        if m.per_month and answer_slot in _MONEY_SITUATION and not m.hypothetical:
            m.per_month = False  # 「每月3500」 answering the income question is the income


def _bankless_total(case: Case, mentions: list[_Mention]) -> Card | None:
    """The one card of a case whose amount was said with no bank (「欠了13万」), when this message lists two or more
    banks with their amounts (「招行8万 建行5万」): that amount was the total of the cards now named."""
    if len(case.cards) != 1 or case.cards[0].bank is not None or case.cards[0].amount is None:
        return None
    live = [m for m in mentions if not (m.negated or m.hypothetical or m.offered or m.past or m.other_debt
                                        or m.threshold or m.hearsay or m.settled or m.vague_amount)]
    banks = {m.value for m in live if m.entity == "bank"}
    figures = [m for m in live if m.entity in ("amount", "debt_amount") and not m.total and not m.statement]
    return case.cards[0] if len(banks) >= 2 and len(figures) >= 2 else None


# 「每个月能还多少合适」「一个月还多少比较好」: the budget asked for (a figure said beside it is no budget)
_BUDGET_ASKED_RE = re.compile(r"(?:能|可以|该|应该|要)?还多少(?:合适|比较好|好|才行|才够|呢|啊|吗|[?？])|还多少合适|能还多少")
_ASKS_RE = re.compile(r"[?？吗呢么]|怎么|怎样|会怎|咋|多少|几|是不是|会不会|能不能|可不可以|要不要")
# the words of being late that let a duration change the days stored
_LATE_CUE_RE = re.compile(r"逾期|逾其|预期|愈期|拖了|拖欠|晚了|晚还|没还|没有还|未还|超期|过期|欠了|断供|停还|m[1-9]")


def _uncued_days_change(case: Case, value: Decimal, norm: str, mentions: list[_Mention]) -> bool:
    """Days read from a duration with no word of being late in the message, different from every card's days stored,
    and no card named in the message without days (「建行欠1万 10天」 gives a new card its days)."""
    stored = {Decimal(c.overdue_days) for c in case.cards if c.overdue_days is not None}
    if not stored or value in stored or _LATE_CUE_RE.search(norm):
        return False
    named = {m.value for m in mentions if m.entity == "bank"}
    # 「还没逾期」 then 「农行的卡 …」: the bank names the bankless card, whose days are stored (K5 #2)
    bankless = next((c for c in case.cards if c.bank is None), None)
    return all(((card := case.card_for(bank)) or bankless) is not None and (card or bankless).overdue_days is not None
               for bank in named)


def _usable(m: _Mention) -> bool:
    """A figure that may become a fact: not negated, hypothetical, of before, offered, a bound or someone's words."""
    return not (m.negated or m.hypothetical or m.past or m.offered or m.other_debt or m.threshold or m.hearsay
                or m.settled or m.quoted or m.not_paid or m.most)


def _far_from_its_bank(m: _Mention, mentions: list[_Mention], card: Card) -> bool:
    """A bare figure more than one clause after the bank last named, whose card already owes another amount."""
    clauses = [o.clause for o in mentions if o.entity == "bank" and o.start < m.start]
    return bool(clauses) and card.amount is not None and card.amount != m.value and max(clauses) < m.clause - 1


def _total_disputed(turn: _Turn, value: Decimal) -> bool:
    """A total said that the cards, each with its amount, do not add up to (and not the total stored already)."""
    cards = turn.cards
    return len(cards) > 1 and all(c.amount is not None for c in cards) and turn.declared_total != value \
        and sum(c.amount for c in cards) != value


def _restated_monthly(turn: _Turn, value: Decimal) -> str | None:
    """The income or expenses stored with this value (a bare monthly figure said again is that fact), else None."""
    return next((slot for slot in ("monthly_income", "monthly_expenses")
                 if getattr(turn.situation, slot) == value and turn.situation.monthly_budget != value), None)


def _situation_holding(turn: _Turn, value: Decimal) -> bool:
    """A monthly figure (income, expenses, budget) of the case has this value and no card owes it."""
    return any(getattr(turn.situation, slot) == value for slot in _MONEY_SITUATION) and not any(
        card.amount == value for card in turn.cards)


def _fact_of(case: Case, value: Decimal, entity: str | None = None) -> tuple[str, int | None] | None:
    """Which stored fact has this value (the negated one of 「是三万不是两万」); a fact of the entity negated first
    (「欠款怎么变成3500了」 is the debt of 3,500, also when the income is 3,500)."""
    if entity in _MONEY_SITUATION:
        # 「支出是4500不是6500」 with the income 6,500: the figure denied is the expenses', never another fact (read9,
        # probe E02 cleared the income)
        return (entity, None) if getattr(case.situation, entity) == value else None
    if entity == "debt_amount" and case.declared_total == value and not any(c.amount == value for c in case.cards):
        return "debt_amount", None
    for index, card in enumerate(case.cards):
        if card.amount == value:
            return "debt_amount", index
    for index, card in enumerate(case.cards):
        if card.statement_balance == value:
            return "statement_balance", index
    for index, card in enumerate(case.cards):
        if card.overdue_days is not None and Decimal(card.overdue_days) == value:
            return "overdue_days", index
    for slot in _MONEY_SITUATION:
        if getattr(case.situation, slot) == value:
            return slot, None
    if case.declared_total == value:
        return "debt_amount", None
    return None


def _split_pending(pending: str | None) -> tuple[str | None, str | None]:
    if not pending or not isinstance(pending, str):
        return None, None
    fact, _, bank = pending.partition(":")
    fact = fact.strip()
    return (fact if fact in CONTRACT_FACTS else None), (bank.strip() or None)


def _apply_bare(turn: _Turn, slot: str, value: Decimal, *, index: int | None = None, total: bool = False) -> None:
    if slot == "debt_amount":
        turn.debt(value, total=total, index=index)
    elif slot == "statement_balance":
        turn.statement(value, index=index)
    elif slot == "overdue_days":
        turn.days(value, more_than=False, index=index)
    elif slot in _MONEY_SITUATION:
        turn.situation_value(slot, value)
    elif slot == "installments":
        turn.installments(value)


# 「行 那就确认 生成申请书」「确认」: a confirmation, never an answer to a form question (read by bot/nlu/reading.py)
CONFIRM_RE = re.compile(r"^(?:行|好|好的|嗯|对|可以|没问题)?(?:那就|那|就)?(?:确认|确定)(?:无误|没问题)?(?:了|吧)?"
                        r"(?:生成|出|写|开)?(?:申请书|申请|信)?(?:吧|了)?$")


def update_case(
    case: Case,
    text: str,
    *,
    requested_slot: str | None = None,
    pending_correction: str | None = None,
    today: date | None = None,
    last_reply: str | None = None,
) -> TurnResult:
    """The case after the person said `text` (see the module docstring for the rules).

    requested_slot: the contract slot the bot has just asked for (a form's ``requested_slot``), so that
    a bare value answers it; pending_correction: the fact the person chose to change (``debt_amount``
    or ``debt_amount:招商银行``), which the next bare value replaces; today: the date that 「23号还款日」
    counts the days overdue to when the message states no 「今天4月10号」 (None: dates give no days);
    last_reply: the bot's text since the person's previous message (its figures, quoted back in a question, are no
    facts: `_trial_s5_roles`).
    """
    pending_fact, pending_bank = _split_pending(pending_correction)
    clear_pending = pending_correction is not None
    said = normalize(text or "").strip()
    norm = _CHANGE_FROM_RE.sub("", said)
    if not norm or norm.startswith("/"):  # nothing said, or a button's intent payload
        return TurnResult(case=case, clear_pending=clear_pending)

    filled = filled_reason(said)
    if filled is not None:
        # 「申请书里原因那里空着 帮我填上 要养老家爸妈 每月寄五百」 (persona trial s10 P1 #3): a request to fill the reason
        # is a reason edit; its figures change no fact (they stored 月必要支出 3,000 → 500)
        turn = _Turn(case)
        turn.reason(filled)
        turn.note("corrected:hardship_reason")
        new_case = turn.case()
        before, after = case.contract_slots(), new_case.contract_slots()
        return TurnResult(case=new_case, changed=tuple(k for k in after if after[k] != before.get(k)),
                          notes=tuple(turn.notes), clear_pending=clear_pending)
    norm, relative = _relative(norm, case, in_reason=(pending_fact or requested_slot) == "hardship_reason")
    norm, date_days = _date_days(norm, today)
    paid = [(match.start(), parse_amount(match.group("n"))) for match in _PAID_RE.finditer(norm)
            if not (_HYPOTHETICAL_RE.search(norm[:match.start()]) or _IF_TAIL_RE.search(norm[match.end():])
                    or _hypothetical_at(norm, match.start(), match.end())
                    or re.search(r"(?:不是|并非|没有?)\s?$", norm[max(0, match.start() - 3):match.start()]))]
    paid = _paid_said(norm, paid)
    minimums = [parse_amount(match.group("n")) for match in _MINIMUM_RE.finditer(norm)
                if not (_HYPOTHETICAL_RE.search(norm[:match.start()]) or _IF_TAIL_RE.search(norm[match.end():])
                        or _hypothetical_at(norm, match.start(), match.end()))]
    norm, choices = _plan_choices(norm)
    turn = _Turn(case)
    mentions = _mentions(norm)
    facts: list[dict[str, Any]] = []
    unsure: list[str] = []
    hypothetical: dict[str, Any] = {}
    answer_slot = pending_fact or (requested_slot if requested_slot in CONTRACT_FACTS else None)
    used_answer = False
    _trial_s5_roles(norm, mentions, last_reply)
    _trial_s10_roles(norm, mentions)
    _adjust(mentions, case, answer_slot, norm)
    income_zero_now = _income_zero_now(norm, answer_slot)
    _trial_s7_roles(norm, mentions, answer_slot, income_zero_now)
    mentions, s4_facts, s4_notes = _trial_s4_roles(norm, mentions, case)
    mentions, past_facts, past_notes = settled_history(norm, mentions)
    # a child's or a parent's pay is not the person's income (「闺女一个月挣三千」, persona trial s7 L5 #11; 「三千是闺女挣的」
    # fills no slot at all: bot.nlu.extract)
    mentions = [m for m in mentions if not (m.whose in _OTHERS and m.entity in _OWN_MONEY)]
    s4_facts, s4_notes = [*s4_facts, *past_facts], [*s4_notes, *past_notes]
    paid += [(0, Decimal(f["value"])) for f in s4_facts if f["role"] == "already_paid"]
    for code in s4_notes:
        turn.note(code)
    for f in s4_facts:
        if f["role"] in ("set_aside", "other_debt_payment") and f.get("monthly"):
            # money that goes out every month besides the essential expenses: the plan takes it off (fix4)
            turn.situation_value(f["role"], Decimal(f["value"]))
    negated_targets: list[tuple[str, int | None]] = []
    negated_values: list[Decimal] = []
    negated_banks: list[str] = []
    for m in mentions:
        if m.negated:
            if m.entity == "bank":
                negated_banks.append(m.value)
            elif isinstance(m.value, Decimal):
                found = _fact_of(case, m.value, m.entity)
                if found:
                    negated_targets.append(found)
                    negated_values.append(m.value)
            turn.note(f"negated:{m.entity}")
    situation_set: set[str] = set()  # the situation facts given a value this turn
    named_amounts: set[int] = set()  # the cards given an amount with their bank named this turn
    bankless_total = _bankless_total(case, mentions)
    if bankless_total is not None:
        # 「欠了13万」 then 「招行8万 建行5万」: the figure said before the banks was the total; the cards replace it
        turn.cards, turn.declared_total = [], bankless_total.amount

    pending_banks: list[str] = []  # banks named alone so far (「招行、平安和民生都欠了」)
    principal_at: int | None = None  # the card given a principal in this message
    last_bank: dict[int, str] = {}
    for m in mentions:
        if m.entity == "bank":
            last_bank[m.clause] = m.value
        facts.append(_fact(m, m.value if m.entity == "bank" else last_bank.get(m.clause)))
    facts.extend(f for f in s4_facts if f["role"] != "already_paid")
    for m in mentions:
        if m.settled:
            if m.entity == "bank":
                turn.settle(m.value)
            continue  # figures of a settled debt are history too
        if m.vague_amount and not (m.negated or m.offered or m.past or m.other_debt or m.hypothetical
                                   or m.threshold or m.hearsay):
            # 「十几万」: between 100,000 and 200,000; asked (「大概多少？」), never stored as 100,000
            if "debt_amount" not in unsure:
                unsure.append("debt_amount")
            turn.note("vague:debt_amount")
            if answer_slot == "debt_amount":
                used_answer = True
            continue
        if m.threshold or m.hearsay:
            turn.note("threshold" if m.threshold else "hearsay")
            continue
        if m.quoted or m.not_paid:
            turn.note("quoted" if m.quoted else "not_paid")
            continue
        if m.most or (m.most_after and m.entity == "monthly_budget"
                      and turn.situation.monthly_budget is not None and turn.situation.monthly_budget < m.value):
            # the bound of the budget said before it, or 「一千二是俺每月最多能拿的钱」 with 1,000 stored (L1 #11): the
            # ceiling, no budget of its own
            turn.note(f"budget_most:{m.value}")
            continue
        if m.negated or m.offered or m.past or m.other_debt:
            if m.past:
                turn.note(f"past:{m.entity}")
            if m.other_debt:
                turn.note("other_debt")
            continue
        if m.hypothetical:
            key = {"amount": "debt_amount", "overdue_days_more_than": "overdue_days"}.get(m.entity, m.entity)
            if m.per_month and m.entity == "amount":
                key = "monthly_budget"  # 「每月1000的话」: a monthly payment, never a debt of 1,000
            value = m.value
            days_now = [c.overdue_days for c in case.cards if c.overdue_days is not None]
            if m.delay and days_now:
                value = m.value + max(days_now)  # 「拖3个月」 at 20 days overdue: 110 days, not 90
                turn.note(f"delay_days:{int(m.value)}")
            hypothetical[key] = _plain(value)
            continue
        if m.entity == "bank":
            if m.correction and negated_banks:
                index = turn.index_of(negated_banks[0])
                if index is not None and turn.index_of(m.value) is None:
                    turn.set_card(index, bank=m.value)
                    turn.current = index
                    turn.note("corrected:bank")
                    continue
            if m.correction and len(turn.cards) == 1 and turn.cards[0].bank not in (None, m.value):
                turn.set_card(0, bank=m.value)
                turn.current = 0
                turn.note("corrected:bank")
                continue
            index = turn.index_of(m.value)
            if index is None and turn.index_of(None) is not None:
                index = turn.card_for_bank(m.value, create=False)
            if index is None:
                pending_banks.append(m.value)
                turn.current = None
                continue
            turn.current = index
            continue
        if m.entity in ("amount", "debt_amount") and m.total and not m.correction \
                and not _expenses_listed(mentions, negated_targets) and _total_disputed(turn, m.value) \
                and not any(o.entity in ("amount", "debt_amount") and not o.total for o in mentions):
            # 「信用卡总共16万」 said alone, with four cards adding to 118,000: which is right is asked, nothing changes
            # (J1 #7); said with the cards (「招行2万 建行3万 一共6万」) the total is kept (trials s3)
            if "debt_total" not in unsure:
                unsure.append("debt_total")
            turn.note(f"unsure_total:{m.value}:{sum(c.amount for c in turn.cards)}")
            continue
        if m.entity in ("overdue_days", "overdue_days_more_than") and not (m.correction or m.negated) \
                and answer_slot != "overdue_days" and _uncued_days_change(case, m.value, norm, mentions):
            # 「有一个月实在还不上 会怎样」: a duration with no word of being late never replaces the days stored (J2 #14,
            # I4 #10); said as a statement it is asked
            turn.note(f"unsure_days:{int(m.value)}")
            if not _ASKS_RE.search(norm) and "overdue_days" not in unsure:
                unsure.append("overdue_days")
            continue
        # a figure: its card is the last bank named (created now), else the rules of `target`
        index: int | None = None
        if pending_banks and m.entity in ("debt_amount", "amount", "overdue_days", "overdue_days_more_than"):
            if m.total and len(pending_banks) > 1 and m.entity in ("debt_amount", "amount"):
                # 「招行和建行两张卡 一共欠了大概5万」: a total across the cards named, no card's balance
                for bank in pending_banks:
                    turn.card_for_bank(bank, create=True)
                pending_banks.clear()
                turn.debt(m.value, total=True, index=None)
                continue
            if m.each and len(pending_banks) > 1:
                for bank in pending_banks:
                    i = turn.card_for_bank(bank, create=True)
                    if i is not None and m.entity in ("debt_amount", "amount"):
                        turn.debt(m.value, total=False, index=i)
                pending_banks.clear()
                continue
            for bank in pending_banks[:-1]:  # banks listed before the one the figure follows
                turn.card_for_bank(bank, create=True)
            index = turn.card_for_bank(pending_banks[-1], create=True)
            pending_banks.clear()
            turn.current = index
            if index is None:
                continue
        elif turn.current is not None:
            index = turn.current
        if m.entity in ("amount", "debt_amount") and m.statement and m.correction and negated_targets \
                and negated_targets[0][0] == "debt_amount":
            # 「招行不是三万 我看了下账单是35800」: the statement's figure replaces the debt said to be wrong, at once (persona
            # trial s9 N1 #3 kept 30,000 until the correction was said alone)
            target = negated_targets[0][1] if negated_targets[0][1] is not None else index
            turn.debt(m.value, total=False, index=target)
            turn.statement(m.value, index=turn.current if target is None else target)
            turn.note("corrected:debt_amount")
            if target is not None:
                named_amounts.add(target)
            continue
        if m.entity in ("amount", "debt_amount") and (
                m.statement or (m.correction and negated_targets and negated_targets[0][0] == "statement_balance")):
            if not m.statement:  # 「账单应还不是三万，是三万二」: the figure replaces the negated balance
                index = negated_targets[0][1] if index is None else index
                turn.note("corrected:statement_balance")
            turn.statement(m.value, index=index)
            continue
        if m.entity in ("amount", "debt_amount") and m.principal and not m.negated and not m.correction:
            principal_at = turn._target(index)
            turn.principal(m.value, index=principal_at)
            continue
        if m.with_fees and principal_at is not None:
            # 「本金4万8加利息违约金一共6万2」: the amount owed on the principal's card (its 「欠5万多」 said before was a rough
            # figure of it), the principal kept apart (persona trial s8 M4 #2 kept 50,000 beside the principal 48,000)
            turn.debt(m.value, total=False, index=principal_at)
            named_amounts.add(principal_at)
            continue
        if m.entity == "amount":
            if m.correction and negated_targets:
                slot, target = negated_targets[0]
                _apply_bare(turn, slot, m.value, index=target if target is not None else index)
                turn.note(f"corrected:{slot}")
            elif m.total and _expenses_listed(mentions, negated_targets):
                # 「支出不是500 房租1200加吃饭两千五加寄给我妈500 一共四千二」: the total of the expenses listed, no debt
                turn.situation_value("monthly_expenses", m.value)
                turn.note("corrected:monthly_expenses")
            elif m.total:  # 「一共15万」 is the debt, also while the bot asks for expenses (never 150,000 a month)
                turn.debt(m.value, total=True, index=index if index is not None and len(turn.cards) == 1 else None)
            elif answer_slot in ("overdue_days", "installments") and _money_list(mentions):
                turn.note("unsure:amount")  # 「工资4000 房租1500 其它1000」 asked the days: no days of 1,000 (read9)
            elif answer_slot in ("debt_amount", "overdue_days", "installments", *_MONEY_SITUATION):
                target = turn.index_of(pending_bank) if pending_bank else index
                value = m.value
                if answer_slot == "monthly_expenses" and not pending_fact:
                    value = _expense_items_sum(mentions) or value  # 「房租1200 吃饭两千五 给我妈寄500」: 4,200
                _apply_bare(turn, answer_slot, value, index=target)
                used_answer = True
                if pending_fact:
                    turn.note(f"corrected:{answer_slot}")
            elif m.correction and _situation_holding(turn, m.value):
                # 「不对 三千五是…」 with 3,500 stored as income or budget: a figure re-roled, never written into the debt
                turn.note("unsure:amount")
            elif m.correction:
                turn.debt(m.value, total=m.total, index=index)
                turn.note("corrected:debt_amount")
            elif m.per_month and (restated := _restated_monthly(turn, m.value)) is not None:
                turn.note(f"restated:{restated}")  # 「我现在一个月3000」 with the income 3,000: the income again (J3 #14)
            elif m.per_month and _BUDGET_ASKED_RE.search(norm):
                # 「一个月3000 每个月能还多少合适」: the budget is what is asked, so the figure is not it; asked, not stored
                if "per_month" not in unsure:
                    unsure.append("per_month")
                turn.note("unsure:per_month")
            elif m.per_month:
                turn.situation_value("monthly_budget", m.value)  # 「每个月1000」: a monthly payment, never a debt
                situation_set.add("monthly_budget")
            elif index is not None and _far_from_its_bank(m, mentions, turn.cards[index]):
                # 「还能跟建行谈分期不 还是得找法院 还有俺说一千」 (persona trial s7 L1 #10): a bare figure clauses away from
                # the bank, with the card's debt known, is asked, never written over the debt
                card = turn.cards[index]
                turn.note(f"unsure_card:{card.bank or ''}:{m.value}:{card.amount}")
                if "card_amount" not in unsure:
                    unsure.append("card_amount")
            elif index is not None:
                turn.debt(m.value, total=False, index=index)  # 「招行两万五」 said as a bare figure
                named_amounts.add(index)
            continue
        if m.entity == "debt_amount":
            if m.correction and negated_targets and index is None:
                slot, target = negated_targets[0]
                index = target if slot == "debt_amount" else index
                turn.note("corrected:debt_amount")
            if index is None and pending_bank and pending_fact == "debt_amount":
                index = turn.index_of(pending_bank)
            if index is None and not (m.correction or m.total) and turn.target(create=False) is None \
                    and _total_disputed(turn, m.value) and not any(c.amount == m.value for c in turn.cards):
                # 「欠了X」 with no card named, beside cards that each have their amount and do not add up to X: which is
                # right is asked, the cards' sum stays (persona trial s8 M4 #15 made the total 1 元 and the letter said so)
                if "debt_total" not in unsure:
                    unsure.append("debt_total")
                turn.note(f"unsure_total:{m.value}:{sum(c.amount for c in turn.cards)}")
                continue
            turn.debt(m.value, total=m.total, index=index)
            if index is not None and not m.total:
                named_amounts.add(index)
            continue
        if m.entity in ("overdue_days", "overdue_days_more_than"):
            if answer_slot == "hardship_reason" and not _LATE_WORD_RE.search(norm):
                continue  # 「摔车休息了半个月」 as the reason: a rest, not 15 days overdue
            if m.correction and negated_targets and index is None:
                slot, target = negated_targets[0]
                index = target if slot == "overdue_days" else None
                held = [i for i, c in enumerate(turn.cards) if slot == "overdue_days" and c.overdue_days is not None
                        and Decimal(c.overdue_days) == negated_values[0]]
                if len(held) > 1:
                    # 「我没说逾期15天啊 是40多天」 with 15 stored on both cards: every card that had it
                    for i in held:
                        turn.days(m.value, more_than=m.entity == "overdue_days_more_than" or m.vague, index=i)
                    continue
            listed = _cards_listed_before(m, mentions, norm)
            if listed and not (m.correction and negated_targets):
                # 「招行32000 建行16000 逾期40天」: days said after a list of cards are the days of every card in it
                indices = [turn.index_of(bank) for bank in listed]
                for i in indices:
                    if i is not None:
                        turn.days(m.value, more_than=m.entity == "overdue_days_more_than" or m.vague, index=i)
                if any(i is not None for i in indices):
                    continue
            if (m.every_card and not (m.correction and negated_targets) or m.every_after) and len(turn.cards) > 1:
                for i in range(len(turn.cards)):
                    turn.days(m.value, more_than=m.entity == "overdue_days_more_than" or m.vague, index=i)
                continue
            turn.days(m.value, more_than=m.entity == "overdue_days_more_than" or m.vague, index=index)
            continue
        if m.entity == "monthly_income" and (m.support or any(o.support for o in mentions)):
            # 「工资3000 老公每月给我1500」: the support adds to the person's own income; said alone it is the income, or
            # asked when another income is stored (W06)
            own = [o for o in mentions if o.entity == "monthly_income" and not o.support and _usable(o)]
            given = [o for o in mentions if o.support and _usable(o)]
            if m.support and (own or not given or m is not given[0]):
                continue  # counted once, with the own income or with the first support said
            support = sum((o.value for o in given), Decimal(0))
            value = support if m.support else m.value + support
            if m.support:
                stored = case.situation.monthly_income
                if stored is not None and stored != value and "monthly_income" not in situation_set \
                        and answer_slot != "monthly_income":
                    turn.note(f"support:{value}")
                    if "monthly_income" not in unsure:
                        unsure.append("monthly_income")
                    continue
            turn.situation_value("monthly_income", value)
            situation_set.add("monthly_income")
            turn.note(f"support:{support}")
            continue
        if m.entity in _MONEY_SITUATION:
            turn.situation_value(m.entity, m.value)
            situation_set.add(m.entity)
            if m.correction and _ROLE_AFTER_FIGURE_RE.match(norm[m.end:]):
                # 「不对 三千五是我收入 不是能还的」: the same figure stored under another fact was the misreading; only
                # a figure said first and then given its fact is moved (「是每月最多还两千」 with expenses of 2,000 stored
                # is the budget, and the expenses stay: persona trial G2 had them wiped)
                for other in _MONEY_SITUATION:
                    if other != m.entity and other not in situation_set and getattr(turn.situation, other) == m.value:
                        turn.situation = replace(turn.situation, **{other: None})
                        turn.note(f"corrected:{other}")
        elif m.entity == "installments":
            turn.installments(m.value)

    _income_source(norm, mentions, case, turn)
    for (slot, _), value in zip(negated_targets, negated_values, strict=True):
        if slot in _MONEY_SITUATION and slot not in situation_set and getattr(turn.situation, slot) == value:
            # 「不是每个月能还一万 就这一次凑一万」 with no new monthly figure: the negated one is no longer known
            turn.situation = replace(turn.situation, **{slot: None})
            turn.note(f"corrected:{slot}")
    if bankless_total is not None:
        for i, card in enumerate(turn.cards):  # the days said of the debt before stay the days of its cards
            if card.overdue_days is None and card.overdue_more_than is None:
                turn.cards[i] = replace(card, overdue_days=bankless_total.overdue_days,
                                        overdue_more_than=bankless_total.overdue_more_than)
    if turn.declared_total is not None and len(turn.cards) > 1 and all(c.amount is not None for c in turn.cards):
        total_said = any(m.total and m.entity in ("amount", "debt_amount") and not (
            m.negated or m.hypothetical or m.offered or m.threshold or m.hearsay) for m in mentions)
        if (len(named_amounts) == len(turn.cards) and not total_said) \
                or sum(c.amount for c in turn.cards) == turn.declared_total:
            # 「招行32000 建行16000」 after a total: every card has its amount now, so the cards are the total
            turn.declared_total = None

    _not_yet_due(norm, mentions, turn)
    # banks named with no figure: the bankless card takes the first, a few more become cards
    for bank in pending_banks:
        if turn.index_of(bank) is not None:
            continue
        if turn.index_of(None) is not None:
            turn.card_for_bank(bank, create=False)
        elif turn.new_bare_banks < MAX_NEW_BARE_BANKS:
            turn.new_bare_banks += 1
            turn.card_for_bank(bank, create=True)
        else:
            turn.note("too_many_cards")

    for amount in minimums:
        if amount is not None:
            turn.minimum(amount)
            facts.append({"role": "min_payment", "value": str(amount), "bank": None, "whose": "user",
                          "hypothetical": False, "corrected": False, "negated": False})
    for _, amount in paid:
        if amount is not None:
            turn.paid(amount)
            facts.append({"role": "already_paid", "value": str(amount), "bank": None, "whose": "user",
                          "hypothetical": False, "corrected": False, "negated": False})
    for slot, value, if_said in relative:
        if if_said:  # 「要是工资降了一半呢」: a what-if, computed from the stored figure, never stored
            if value is not None:
                hypothetical[slot] = _plain(value)
                facts.append({"role": ROLES[slot], "value": str(value), "bank": None, "whose": "user",
                              "hypothetical": True, "corrected": False, "negated": False})
            continue
        if value is None:
            unsure.append(slot)  # 「工资降了一半」 with no income known: asked, never stored as 1 元
            continue
        turn.situation_value(slot, value)
        facts.append({"role": ROLES[slot], "value": str(value), "bank": None, "whose": "user",
                      "hypothetical": False, "corrected": True, "negated": False})
    days_said = any(m.entity in ("overdue_days", "overdue_days_more_than") and not m.hypothetical for m in mentions)
    if date_days is not None and not days_said:
        turn.days(Decimal(date_days), more_than=False, index=turn.current)
        turn.note("overdue_days_from_dates")
        facts.append({"role": "overdue_days", "value": str(date_days), "bank": None, "whose": "user",
                      "hypothetical": False, "corrected": False, "negated": False})

    no_income = income_zero_now
    income_now = any(m.entity == "monthly_income" and not (m.past or m.hypothetical or m.negated) for m in mentions)
    if no_income and _hypothetical_at(norm, no_income.start(), no_income.end()):
        hypothetical.setdefault("monthly_income", 0.0)  # 「万一我失业了没收入」: a what-if, never the income
    elif no_income and not income_now and not _NOT_MINE_RE.search(
            norm[max(0, no_income.start() - 6):no_income.start()]) \
            and not (case.situation.income_source == "family" and not _FAMILY_STOPPED_RE.search(norm)):
        # (a student whose family gives her 5,000 a month has no income of her own: 「打工的店倒閉了 現在沒有收入」 is her
        # reason, and the allowance stays — persona trial s7 L2; 「家里也不给了」 ends it)
        # 「以前月薪8000 现在没收入」: an answer (0), never the question again (persona trial)
        turn.situation_value("monthly_income", Decimal(0))
        facts.append({"role": "income", "value": "0", "bank": None, "whose": "user",
                      "hypothetical": False, "corrected": False, "negated": False})
        if answer_slot == "monthly_income":
            used_answer = True
    spare_none = _nothing_to_spare(norm)
    budget_now = any(m.entity == "monthly_budget" and not (m.hypothetical or m.negated) for m in mentions)
    if spare_none and not budget_now and not _HYPOTHETICAL_RE.search(norm[:spare_none.start()]):
        turn.situation_value("monthly_budget", Decimal(0))
        facts.append({"role": ROLES["monthly_budget"], "value": "0", "bank": None, "whose": "user",
                      "hypothetical": False, "corrected": False, "negated": False})
        if answer_slot == "monthly_budget":
            used_answer = True
    # a figure of before or of another debt counts as said: it answers no form question (「网贷还有3万多」)
    facts_said = any(not m.hypothetical and not m.negated and not m.offered for m in mentions) or bool(paid or relative or s4_facts)
    offered_said = any(m.offered for m in mentions)
    reason_typed = typed_reason(said)
    if reason_typed is not None:
        # 「原因改一下 就是收入低 房租贵 攒不下钱」: the reason typed again replaces it (probe E01: ignored twice)
        turn.reason(reason_typed)
        turn.note("corrected:hardship_reason")
        used_answer = True
    if answer_slot == "hardship_reason" and CONFIRM_RE.match(re.sub(r"\s+", "", norm)):
        answer_slot = None  # 「行 那就确认 生成申请书」 is no reason (persona trial C4)
    if answer_slot == "hardship_reason" and not used_answer and _figure_only(said, mentions, relative):
        # 「2千」 while the reason is asked (persona trial s7 K1 #3): a bare amount is never the reason; the form asks
        # again (the figure itself is read as any figure is: a budget said again changes nothing)
        turn.note("invalid:hardship_reason")
        answer_slot = None
    if answer_slot == "hardship_reason" and not used_answer and not hypothetical and (facts_said or offered_said):
        # 「平台单量少了好多 收入降了一大半 还摔了一次车」: a reason that names figures is still the reason (persona
        # trial C1: rejected three times)
        turn.reason(normalize(text or "").strip())  # the words as said (norm has the figures cut out)
        used_answer = True
    banks_said = [m for m in mentions if m.entity == "bank"]
    if not facts_said and _about_other_debt(norm, 0, banks_said) and parse_amount(norm) is not None:
        # 「借呗那边还有一万」 (no entity: extract drops 借呗 figures): another debt, never the answer to a question
        value = parse_amount(norm)
        if _OTHER_MONTHLY_PAYMENT_RE.search(norm):
            # 「还有花呗每月要还1000多」 (persona trial s6 J1 #16): what goes out to it every month, kept off the budget
            # as another debt's monthly payment (fix4), never a card
            turn.situation_value("other_debt_payment", Decimal(value))
            turn.note(f"other_debt_payment:{value}")
            facts.append({"role": "other_debt_payment", "value": str(value), "bank": None, "whose": "user",
                          "hypothetical": False, "corrected": False, "negated": False, "other_debt": True,
                          "monthly": True})
        else:
            turn.note("other_debt")
            facts.append({"role": "other_debt", "value": str(value), "bank": None, "whose": "user",
                          "hypothetical": False, "corrected": False, "negated": False, "other_debt": True})
    elif answer_slot and not used_answer and not facts_said and not hypothetical and not offered_said:
        # the reason as said (never the text with its relative changes or dates taken out for the figures)
        _answer_bare(turn, answer_slot, said if answer_slot == "hardship_reason" else norm, pending_bank)
        if pending_fact:
            turn.note(f"corrected:{answer_slot}")
    elif answer_slot == "hardship_reason" and not used_answer and not hypothetical and not offered_said \
            and _reason_said(said, mentions):
        # 「收入降了一大半 还摔了一次车休息了半个月」: a reason that holds figures is still the reason (persona C1 was
        # asked for it three times); the whole message, as said
        turn.reason(said)
        if pending_fact:
            turn.note(f"corrected:{answer_slot}")

    _expense_items(norm, mentions, case, turn, hypothetical)
    _income_said_now(norm, mentions, case, turn)
    new_case = turn.case()
    before, after = case.contract_slots(), new_case.contract_slots()
    changed = tuple(k for k in after if after[k] != before.get(k))
    return TurnResult(
        case=new_case,
        hypothetical=hypothetical or None,
        changed=changed,
        notes=tuple(turn.notes),
        clear_pending=clear_pending,
        plan_options=choices,
        facts=tuple(facts),
        unsure=tuple(unsure),
    )


def _income_said_now(norm: str, mentions: list[_Mention], case: Case, turn: _Turn) -> None:
    """Marks the income stored this turn as said of now (`Situation.income_now`: 「店里现在一个月也就挣6千」, a time word of
    now and none of before in the figure's clause); an income set any other way clears the mark."""
    income = turn.situation.monthly_income
    said = [m for m in mentions if m.entity in ("monthly_income", "amount") and m.value == income
            and not (m.past or m.hypothetical or m.negated or m.offered or m.other_debt or m.threshold or m.hearsay)]
    if income == case.situation.monthly_income and not any(m.entity == "monthly_income" for m in said):
        return
    clauses = _clauses(norm)
    now = False
    for m in said:
        words = {k for match in _TIME_WORD_RE.finditer(norm[clauses[m.clause][0]:clauses[m.clause][1]])
                 for k, v in match.groupdict().items() if v}
        now = now or words == {"now"}
    if now != turn.situation.income_now:
        turn.situation = replace(turn.situation, income_now=now)


# 「谢谢」「好的谢谢」「嗯嗯 好的」「ok」: thanks or a nod, never the hardship reason (a resumed form question got 「谢谢」 as it)
_COURTESY_RE = re.compile(
    r"(?:好的?|好吧|嗯+|恩+|哦+|噢+|ok|okay|行|收到|知道了|明白了?|了解了?|可以)*"
    r"(?:谢谢|多谢|感谢|谢了|谢啦|谢谢你|谢谢您|谢谢啦|thx|thanks|thankyou)*(?:你|您|啦|了|哈|呀|啊)*")


def _answer_bare(turn: _Turn, slot: str, norm: str, pending_bank: str | None) -> None:
    """A reply that holds no entity, read as the answer to the question asked."""
    index = turn.index_of(pending_bank) if pending_bank else None
    if slot == "bank":
        bank = parse_bank(norm)
        target = index if index is not None else turn.index_of(None)
        if bank is None:
            if target is None and not turn.cards:
                target = turn.add(Card())
            if target is not None and turn.cards[target].bank is None:
                turn.set_card(target, bank=UNKNOWN_BANK)
                turn.note("bank_unknown")
            return
        if target is not None:
            turn.set_card(target, bank=bank)
        elif turn.index_of(bank) is None:
            turn.add(Card(bank=bank))
    elif slot == "hardship_reason":
        if _COURTESY_RE.fullmatch(re.sub(r"[\s，,。.！!~～…、]+", "", norm.lower())):
            turn.note("courtesy:hardship_reason")  # 「好的谢谢」 as the form asks again: no reason (asked again)
            return
        if _question_not_reason(norm):
            turn.note("question:hardship_reason")  # 「申请书里说的是啥 我要签字的吧」: a question, never the reason (read9)
            return
        turn.reason(norm)
    elif slot == "overdue_days":
        if _ASKS_RE.search(norm) and not _LATE_CUE_RE.search(norm):
            # 「为什么还了一年还欠那么多」 while the days are asked: a question, never 365 days (persona trial J5 #6)
            turn.note("question:overdue_days")
            return
        days = parse_days(norm)
        if days is not None:
            turn.days(days, more_than=False, index=index)
    elif slot == "installments":
        periods = parse_periods(norm)
        if periods is not None:
            turn.installments(periods)
    elif slot in ("debt_amount", *_MONEY_SITUATION):
        amount = parse_amount(_NOT_AMOUNT_RE.sub("，", norm))
        if amount is None:
            return
        if slot == "debt_amount":
            turn.debt(amount, total=False, index=index)
        else:
            turn.situation_value(slot, amount)


# ---- persona trials s6 (I1 #6): the expenses kept item by item ---------------------------------------------------
# an item of the essential expenses and its figure (「房租1800」「吃饭一千五」「给我妈寄1000」「给我妈的是500」「交通费300」);
# the label's canonical name is the first of its group
_ITEM_LABELS = (
    ("房租", ("房租", "租房", "租金")), ("房贷", ("房贷", "月供")), ("车贷", ("车贷",)),
    ("吃饭", ("吃饭", "伙食", "饭钱", "生活费")), ("交通", ("交通费", "交通", "车费", "油费", "路费")),
    ("水电", ("水电费", "水电", "物业费", "物业", "话费")), ("孩子", ("学费", "孩子", "奶粉", "养孩子")),
    ("医药", ("医药费", "药费", "看病")),
    ("家里", ("给我妈妈", "给我爸爸", "给我妈", "给我爸", "给爸妈", "给父母", "给老人", "给家里", "给妈", "给爸",
            "孝敬", "赡养")),
)
_ITEM_WORD = {word: label for label, words in _ITEM_LABELS for word in words}
_ITEM_RE = re.compile(
    "(?P<w>" + "|".join(sorted(map(re.escape, _ITEM_WORD), key=len, reverse=True)) + ")"
    r"(?:的|是|要|得|就|也|都|寄|打|转|给|花|大概|差不多|大约|约|每月|每个月|一个月|一月|涨到|降到|变成|改成|现在|什么|啥|之类|这些|"
    r"\s)*"
    r"(?P<n>\d[\d,]*(?:\.\d+)?\s?(?:万|千|k|w)?|[零一二两三四五六七八九十百千万点]{1,8})(?![\d期天个号日%])")
_ITEM_NEW_RE = re.compile(r"还有|另外|再加|加上|外加|以及|还要")


def _items_said(norm: str, mentions: list[_Mention]) -> list[tuple[str, Decimal, int]]:
    """The expense items said (canonical label, 元, position): a figure the entities read as expenses or a bare amount
    (「孩子3岁」 is none), not negated (「不是1000」), not hypothetical."""
    spans = [(m.start, m.end) for m in mentions if m.entity in ("monthly_expenses", "amount")
             and not (m.negated or m.hypothetical or m.past or m.offered or m.other_debt)]
    found = []
    for match in _ITEM_RE.finditer(norm):
        value = parse_amount(match.group("n"))
        if value is None or value <= 0 or _NEGATION_RE.search(norm[max(0, match.start("n") - 4):match.start("n")]) \
                or not any(s <= match.start("n") < e for s, e in spans):
            continue
        found.append((_ITEM_WORD[match.group("w")], value, match.start()))
    return found


def _expense_items(norm: str, mentions: list[_Mention], case: Case, turn: _Turn, hypothetical: dict[str, Any]) -> None:
    """Keeps the expenses item by item: a list of items said is stored with its sum; with items stored, an item said
    again replaces that item (「给我妈的是500不是1000」) and a new one is added (「还有每月交通费300」), the expenses being
    their sum (never the figures of this message alone: I1 #6 made 4,300 → 800). Items that no longer add up to the
    expenses are dropped."""
    said = [] if hypothetical.get("monthly_expenses") is not None else _items_said(norm, mentions)
    stored = list(case.situation.expense_items)
    total_said = any(m.total and m.entity in ("monthly_expenses", "amount") and not m.negated for m in mentions)
    now = turn.situation.monthly_expenses
    if stored and said and not total_said and sum(v for _, v in stored) == case.situation.monthly_expenses:
        items = list(stored)
        for label, value, _ in said:
            at = next((i for i, (old, _) in enumerate(items) if old == label), None)
            if at is None:
                items.append((label, value))  # 「还有每月交通费300」: one more item
            else:
                items[at] = (label, value)  # 「给我妈的是500不是1000」: that item corrected
        turn.situation = replace(turn.situation, expense_items=tuple(items),
                                 monthly_expenses=sum((v for _, v in items), Decimal(0)))
        turn.note("expense_items")
        return
    if len(said) >= 2 and now is not None and now != case.situation.monthly_expenses \
            and sum(v for _, v, _ in said) == now and len({label for label, _, _ in said}) == len(said):
        turn.situation = replace(turn.situation, expense_items=tuple((label, value) for label, value, _ in said))
        return
    if turn.situation.expense_items and sum(v for _, v in turn.situation.expense_items) != now:
        turn.situation = replace(turn.situation, expense_items=())


# ---- persona trials s4 (2026-12-07, personas E and F): roles the clause rules above miss ----------------------
# 「三个月后能跑单」「大概7天后」「一周后一次还清」: a time from now (recovery, a payment date) is never days overdue;
# 「前三个月先缓一缓」「第四个月开始」: months of a plan, neither
_FUTURE_AFTER_RE = re.compile(r"^\s?(?:以后|之后|后|以内|内|左右以后|左右后)(?!悔|来|面|果|续|期|边|头)")
_PLAN_MONTH_BEFORE_RE = re.compile(r"(?:前|第|头|最初|开始)\s?$")
# 「6000是三个月以后的」: a figure of the future (not now)
_FUTURE_TAIL_RE = re.compile(r"^\s?(?:块钱|块|元)?(?:是|那是|都是)?[^，,。；;\d]{0,6}?(?:以后|之后|后|将来|到时候)的")
# 「12个月后还欠3444」「一年以后还剩多少」: a figure of a time to come (the bot's projection said back), not now (J5 #4)
_FUTURE_BEFORE_RE = re.compile(
    r"(?:\d{1,3}|[一二两三四五六七八九十半]{1,3})\s?(?:个)?(?:月|年|天|周|星期)(?:以后|之后|后)[^，,。；;\d]{0,6}$")
# 「2022那张当时欠了1万2 协商还了8千就结清了」: a card of before, settled: every figure said of it is history
_HISTORY_CARD_RE = re.compile(r"(?:以前|之前|原来|过去|当时|那时|老)(?:的)?那张|(?:19|20)\d\d(?:年)?(?:的)?那张|那张.{0,6}当时|当时")
_SETTLED_WORD_RE = re.compile(r"结清|还清|还完|销户|销卡")
_PAST_CARD_TAIL_RE = re.compile(r"^\s?(?:块钱|块|元)?(?:是|那是|都是)(?:以前|之前|原来|过去|当时|老)(?:的)?(?:那张|那个|那笔|卡)")
_YEAR_AFTER_RE = re.compile(r"^\s?(?:年|那张|那会|那时)")
# 「每月还要留500给我妈看病买药」「500是给我妈的」: money kept for someone (a parent's medicine) is no budget
# (「每月能留2000还卡」 is the budget: 留 counts only with whom or what it is kept for)
_SET_ASIDE_BEFORE_RE = re.compile(r"留(?:出|下|着)?(?:个|大概|差不多)?\s?$")
_SET_ASIDE_FOR_RE = re.compile(r"看病|买药|治病|医药|药费|老人|我妈|我爸|父母|爸妈|家用|孩子|老妈|老爸|家人|家里人|老伴")
# 「剩下的要给老伴看病买药 每个月要五百多」: money from what is left, kept for someone, is a commitment beside the
# expenses, never their new value (persona trial G1: 「已改：月必要支出 1,800 → 500」)
_REMAINDER_FOR_RE = re.compile(
    r"(?:剩下|剩余|余下|多出来|剩)的?(?:钱)?(?:都|还|也)?(?:要|得|需要|是)?(?:留)?(?:给|拿去|用来|用于|拿来)")
_EXPENSES_NAMED_RE = re.compile(r"支出|开支|开销|花销|必要|一共|总共|合计|加起来")
_SET_ASIDE_AFTER_RE = re.compile(
    r"^\s?(?:块钱|块|元)?(?:是|要)?(?:留)?给(?:我妈|我爸|老人|父母|爸妈|我父母|家里老人|我奶奶|我爷爷|孩子|老妈|老爸|家人|家里人)"
    r"|^\s?(?:块钱|块|元)?(?:给[^，,。；;\d]{0,4})?(?:看病|买药|治病|医药费|药费)")
# 「网贷每个月还得还800」「800是每个月还网贷的」: another debt's payment, never the card budget
_OTHER_PAYMENT_TAIL_RE = re.compile(
    rf"^\s?(?:块钱|块|元)?(?:是|都是)?(?:每个?月|一个月)?(?:要|得)?(?:还|给|交)(?:{_OTHER_DEBT_RE.pattern})")
# 「每月还要留500」「网贷每个月还得还800」「800是每个月还网贷的」: said as going out every month (stored); without it
# (「500是给我妈的」) the bot asks whether it is monthly (fix4)
_MONTHLY_RE = re.compile(r"每个?月|一个月|月供|按月|月月")
# 「网贷每月要还800」「花呗一个月还600」「网贷月供800」: the figure right after a monthly payment word
# 「花呗每月要还1000多」「网贷一个月还800」: another debt's payment said as monthly
_OTHER_MONTHLY_PAYMENT_RE = re.compile(r"(?:每个?月|一个月|按月|月月)(?:都|也)?(?:要|得|还得|还要|需要)?(?:还|交|扣)|月供")
_MONTHLY_PAYMENT_BEFORE_RE = re.compile(r"(?:每个?月|一个月|按月|月月)(?:都|也)?(?:要|得|还得|还要|需要)?(?:还|交|扣)\s?$|月供\s?$")
# 「600是11月23号已经还掉的」: a figure said as already paid
_PAID_TAIL_RE = re.compile(r"^\s?(?:块钱|块|元)?是[^，,。；;]{0,10}?(?:已经|早就)?(?:还掉|还了|还过|还上|交了|存进去)的")
# 「600哪够1000啊」: a comparison, no figure of the case
_COMPARE_RE = re.compile(r"哪够|够不够|哪里够|怎么够")
# 「一张建行欠4万多 准确说是42000 一张广发18000」: a card listed, never a correction of the card before
_LISTED_CARD_BEFORE_RE = re.compile(r"(?:一张|另一张|还有一张|第二张|第三张|另外一张|再一张)(?:是)?\s?$")
# 「他们说已经帮我跟银行谈好了 停息分60期」: what someone else said reaches their next clauses (no 我 in them)
_FIRST_PERSON_RE = re.compile(r"我|欠|逾期|工资|收入|能还")
# 「你怎么写已还0」: the bot's figure quoted back, not a payment
_QUOTED_BOT_RE = re.compile(r"(?:写|写成|记成|记的|显示|说)(?:的|了|是)?\s?$")


_NAMED_FACT_WORDS = (("支出", "monthly_expenses"), ("开支", "monthly_expenses"), ("开销", "monthly_expenses"),
                     ("花销", "monthly_expenses"), ("收入", "monthly_income"), ("工资", "monthly_income"),
                     ("能还", "monthly_budget"), ("预算", "monthly_budget"))
# 「建行还没到还款日」: a card not yet due is not overdue (0 days), never given the days of the others
_NOT_YET_DUE_RE = re.compile(r"^[^，,。；;\d]{0,4}?(?:还)?(?:没|没有|未|不)到(?:最后)?(?:还款日|还款期|还款的日子|期)")


def _not_yet_due(norm: str, mentions: list[_Mention], turn: "_Turn") -> None:
    for m in mentions:
        if m.entity == "bank" and _NOT_YET_DUE_RE.match(norm[m.end:]):
            index = turn.index_of(m.value)
            if index is not None and turn.cards[index].overdue_days is None:
                turn.set_card(index, overdue_days=0, overdue_more_than=None)


def _trial_s4_roles(norm: str, mentions: list[_Mention], case: Case) -> tuple[list[_Mention], list[dict[str, Any]], list[str]]:
    """The mentions that remain facts, the facts read here instead (role ``set_aside``, ``other_debt_payment``,
    ``already_paid``, history) and their notes. Runs after `_mentions`/`_adjust`, before the figures are applied."""
    clauses = _clauses(norm)
    history_card = bool(_SETTLED_WORD_RE.search(norm) and _HISTORY_CARD_RE.search(norm))
    hearsay_from = next((i for i, (s, e) in enumerate(clauses) if _HEARSAY_BEFORE_RE.search(norm[s:e])), None)
    kept: list[_Mention] = []
    extra: list[dict[str, Any]] = []
    notes: list[str] = []

    def fact(role: str, m: _Mention, **more: Any) -> dict[str, Any]:
        return {"role": role, "value": str(m.value), "bank": None, "whose": m.whose, "hypothetical": False,
                "corrected": False, "negated": False, **more}

    listed_clauses: set[int] = set()
    for m in mentions:
        s, e = clauses[m.clause]
        before, after = norm[s:m.start], norm[m.end:e]
        if m.entity == "bank" and _LISTED_CARD_BEFORE_RE.search(before):
            listed_clauses.add(m.clause)
        if m.entity in ("overdue_days", "overdue_days_more_than") and (
                _FUTURE_AFTER_RE.match(after) or _PLAN_MONTH_BEFORE_RE.search(before)):
            notes.append(f"future_days:{int(m.value)}")  # 「7天后还清」: when the person will pay, not the days late
            continue
        if m.entity in _MONEY_NUMERIC and isinstance(m.value, Decimal):
            if m.entity == "amount" and 1990 <= m.value <= 2035 and m.value % 1 == 0 and _YEAR_AFTER_RE.match(after):
                continue  # 「2022那张」: a year
            if _FUTURE_TAIL_RE.match(after) or _FUTURE_BEFORE_RE.search(before):
                notes.append(f"future:{m.entity}")
                continue
            if history_card and m.entity in ("amount", "debt_amount") and (
                    _HISTORY_CARD_RE.search(norm[s:e]) or _SETTLED_WORD_RE.search(norm[s:e])) \
                    or m.entity in ("amount", "debt_amount") and _PAST_CARD_TAIL_RE.match(after):
                extra.append(fact("owed", m, past=True, settled=True))
                notes.append("past:debt_amount")
                continue
            remainder = _REMAINDER_FOR_RE.search(norm[:m.start])
            if (_SET_ASIDE_BEFORE_RE.search(before) and _SET_ASIDE_FOR_RE.search(norm[s:e])) \
                    or _SET_ASIDE_AFTER_RE.match(after) or (
                        remainder is not None and m.entity in ("amount", "monthly_expenses", "monthly_budget")
                        and _SET_ASIDE_FOR_RE.search(norm[remainder.start():m.end]) is not None
                        and not _EXPENSES_NAMED_RE.search(norm[remainder.start():m.end])):
                said = norm[remainder.start():m.end] if remainder is not None else norm[s:e]
                monthly = bool(_MONTHLY_RE.search(said) or _MONTHLY_RE.search(norm[s:e]))
                whose = next((who for who, pattern in _WHOSE_RES if who != "child" and pattern.search(said)), None)
                extra.append(fact("set_aside", m, whose=whose or (
                    "parent" if _WHOSE_RES[2][1].search(norm[s:e]) else m.whose), monthly=monthly))
                notes.append(f"set_aside{'' if monthly else '_ask'}:{m.value}")
                continue
            if m.entity in ("amount", "monthly_budget", "monthly_expenses") and (not m.other_debt and (
                    _about_other_debt(before, s, []) or _OTHER_PAYMENT_TAIL_RE.match(after))
                    or m.other_debt and _MONTHLY_PAYMENT_BEFORE_RE.search(before)) \
                    and not _housing_expense(m, before):
                monthly = bool(_MONTHLY_RE.search(norm[s:e]))
                extra.append(fact("other_debt_payment", m, other_debt=True, monthly=monthly))
                notes.append(f"other_debt_payment{'' if monthly else '_ask'}:{m.value}")
                continue
            if m.entity == "amount" and _PAID_TAIL_RE.match(after):
                extra.append(fact("already_paid", m))
                notes.append(f"paid:{m.value}")
                continue
            if _COMPARE_RE.search(norm[s:e]) and sum(
                    1 for o in mentions if o.clause == m.clause and o.entity in _MONEY_NUMERIC) >= 2:
                continue
        if hearsay_from is not None and hearsay_from < m.clause <= hearsay_from + 2 and m.entity in _NUMERIC \
                and not _FIRST_PERSON_RE.search(norm[s:e]):
            m.hearsay = True  # 「他们说…谈好了 停息分60期」: the agency's figure, not the person's wish
        kept.append(m)
    for m in kept:
        if m.clause in listed_clauses and not m.negated:
            m.correction = False
        if m.negated and m.entity == "amount":
            # 「支出是2500不是4500」: the figure negated is the expenses', never the income that has the same value
            s, _ = clauses[m.clause]
            named = [slot for word, slot in _NAMED_FACT_WORDS if word in norm[s:m.start]]
            if named:
                m.entity = named[0]
    return kept, extra, notes


def _paid_said(norm: str, paid: list[tuple[int, Decimal | None]]) -> list[tuple[int, Decimal | None]]:
    """The payments said, without the bot's own figure quoted back (「你怎么写已还0」)."""
    return [(start, amount) for start, amount in paid
            if not (amount == 0 and _QUOTED_BOT_RE.search(norm[max(0, start - 4):start]))]


# ---- independent probes s4 (read9, bench/records/2026-12-07/probes-s4) ------------------------------------------
# 「生了二胎」「两个孩子」「老二」: a count of people is no amount (an income of 2 元 went into the call script)
_NOT_AMOUNT_RE = re.compile(
    r"[\d一二两三四五六七八九十仨俩]{1,2}\s?(?:胎|宝|娃|孩|个(?:孩子|小孩|娃|人|老人|闺女|儿子|女儿)|口人|口子|岁|年级|号楼|楼|层|次|遍|趟)"
    r"|老[大二三四]|[大二三]宝|双胞胎")
# a mortgage or car-loan payment said among the expenses is an expense (DOMAIN §5: essential expenses), never
# 「网贷/花呗等的月供」 (probe W04: 「我工资7000 房贷2500 生活费2000」)
_HOUSING_RE = re.compile(r"房贷|车贷|月供")


def _housing_expense(m: _Mention, before: str) -> bool:
    other = list(_OTHER_DEBT_RE.finditer(before))
    return m.entity == "monthly_expenses" and bool(other) and _HOUSING_RE.fullmatch(other[-1].group(0)) is not None


def _money_list(mentions: list[_Mention]) -> bool:
    """The message gives income, expenses or a budget (a list of money a month): its bare figures are no days."""
    return any(m.entity in _MONEY_SITUATION and not (m.negated or m.hypothetical) for m in mentions)


# 「申请书里说的是啥 我要签字的吧」: a question about the letter, never the hardship reason; 「不知道怎么办」 in a reason is
# no question (only a question mark, a final 吗/呢, or a question word said of the letter or the bot)
_QUESTION_END_RE = re.compile(r"[?？]|[吗呢么]\s*$")
_QUESTION_WORD_RE = re.compile(r"啥|什么|怎么|咋|哪|是不是|要不要|能不能|可不可以|会不会|吧\s*$")
_ABOUT_LETTER_RE = re.compile(r"申请书|申请|这封信|信里|签字|签名|写的|写了|写啥|内容|你|这个|那个")


def _question_not_reason(text: str) -> bool:
    return bool(_QUESTION_END_RE.search(text) or (_QUESTION_WORD_RE.search(text) and _ABOUT_LETTER_RE.search(text)))


# 「原因改一下 就是收入低 房租贵」「原因改成生病住院」「把原因改为…」「原因是收入低…」: the reason typed again replaces it
_REASON_TYPED_RE = re.compile(
    r"^(?:把|那)?(?:困难|还不上的?|逾期的?)?(?:原因|理由)(?:要|得|帮我|给我)?"
    r"(?:改一下|改下|改成|改为|换成|换一下|重写|写成|应该是|其实是|就是|是)[\s，,:：。]*(?:改成|就是|写成|是)?[\s，,:：]*"
    r"(?P<reason>\S.*)$")


# 「申请书里原因那里空着 帮我填上 要养老家爸妈 每月寄五百」: a request to fill the reason blank, then the reason
_REASON_FILL_RE = re.compile(
    r"(?:原因|理由)[^，,。？?]{0,8}?(?:空着|空的|没写|没填|是空)?[^。？?]{0,6}?(?:帮我|给我|你)?"
    r"(?:填上|填一下|写上|补上|填进去|写进去)[\s，,:：]*(?P<reason>\S.*)$")
_FILL_FILLER_RE = re.compile(r"(?:^|(?<=[\s，,]))(?:就是|嗯+|呃+|那个)")


def filled_reason(said: str) -> str | None:
    """The reason of 「原因那里空着 帮我填上 要养老家爸妈 每月寄五百」 as the letter gives it (「要养老家爸妈，每月寄五百」);
    None: no request to fill the reason, or no reason after it."""
    text = normalize(said or "").strip()
    match = _REASON_FILL_RE.search(text)
    if match is None or _QUESTION_WORD_RE.search(match.group("reason")):
        return None
    parts = [p for p in re.split(r"[\s，,]+", _FILL_FILLER_RE.sub("", match.group("reason"))) if p]
    reason = "，".join(parts).rstrip("。")
    return reason if len(reason) >= 2 else None


# a clause that only says how the person feels (「压力好大天天睡不着」「烦死了」) is no hardship reason: the letter gives
# the cause (ui-s7 A10: said beside 「厂里效益不好工资降了 还要养娃」); an illness (「失眠住院」) keeps its clause
_STRESS_REMARK_RE = re.compile(
    r"^(?:我|真的|最近|现在|感觉|每天|天天|整天|整晚|晚上|整夜|都|也|好|很|太|特别|有点|压力|心里|心|觉|快)*"
    r"(?:(?:压力|心里|心)(?:好|很|太|特别|真的|有点)?(?:大|累|烦|难受|乱)|睡不着(?:觉)?|失眠|睡不好|焦虑|烦(?:死了|透了)?|心累|好累|很累"
    r"|(?:好|很|太|特别)?(?:大|累|烦)|(?:天天|每天|整晚|晚上|整夜)(?:都)?)+"
    r"(?:了|啊|呀|的|哦|呢)*$")
_REASON_CLAUSE_SPLIT = re.compile(r"([，,。；;！!？?、\n\s]+)")


def without_stress_remarks(text: str) -> str:
    """``text`` without its clauses that only say how the person feels (「厂里效益不好工资降了 还要养娃 压力好大天天睡不着」
    → 「厂里效益不好工资降了 还要养娃」); the whole text when nothing else would be left."""
    parts = _REASON_CLAUSE_SPLIT.split(text or "")
    kept = "".join(p for i, p in enumerate(parts) if i % 2 == 1 or not _STRESS_REMARK_RE.match(p.strip()))
    kept = re.sub(r"([，,。；;！!？?、\s])[，,。；;！!？?、\s]+", r"\1", kept).strip("，,。；;！!？?、 \n")
    return kept if len(kept) >= 2 else text


def typed_reason(said: str) -> str | None:
    """The new hardship reason of 「原因改一下 就是收入低…」 (None: the message gives none, or asks something)."""
    text = normalize(said or "").strip()
    match = _REASON_TYPED_RE.match(text)
    if match is None:
        return None
    reason = match.group("reason").strip()
    asks = _question_not_reason(text) or _QUESTION_WORD_RE.search(text) is not None  # 「原因是啥」「原因是不是…」 ask
    return None if len(reason) < 2 or asks else reason


# 「2023年有一笔逾期1.5万 去年还清了」: a debt of a past year said settled is history, not a current card (probe N08);
# the figure's clause says the past (a year, 以前 …), the settlement is in its clause or the next one
_PAST_DEBT_RE = re.compile(r"(?:19|20)\d\d年|去年|前年|以前|之前|那时|当时|早年|那笔|一笔")
_SETTLED_DONE_RE = re.compile(r"(?:已经|早就|早已|都|去年|前年|(?:19|20)\d\d年|后来|上个?月|今年)[^，,。；;?？]{0,8}?"
                              r"(?:还清|结清|还完|还上)(?:了)?|(?:还清|结清|还完)了")


def settled_history(norm: str, mentions: list[_Mention]) -> tuple[list[_Mention], list[dict[str, Any]], list[str]]:
    """The mentions that stay facts, the figures of a settled past debt as history (role ``owed``, settled, past)
    and their notes."""
    clauses = _clauses(norm)
    settled_at = [bool(_SETTLED_DONE_RE.search(norm[s:e])) and not _HYPOTHETICAL_RE.search(norm[s:e])
                  and not re.search(r"[吗?？]|没|能不能|什么时候", norm[s:e]) for s, e in clauses]
    kept: list[_Mention] = []
    extra: list[dict[str, Any]] = []
    notes: list[str] = []
    for m in mentions:
        s, e = clauses[m.clause]
        own_bank = any(o.entity == "bank" and o.clause == m.clause for o in mentions)
        near = settled_at[m.clause] or (m.clause + 1 < len(clauses) and settled_at[m.clause + 1]
                                        and not any(o.clause == m.clause + 1 for o in mentions))
        if m.entity in ("amount", "debt_amount") and not own_bank and near and _PAST_DEBT_RE.search(norm[s:m.start]) \
                and not (m.hypothetical or m.negated):
            extra.append({"role": "owed", "value": str(m.value), "bank": None, "whose": m.whose, "hypothetical": False,
                          "corrected": False, "negated": False, "settled": True, "past": True})
            notes.append("past:debt_amount")
            continue
        kept.append(m)
    return kept, extra, notes


# ---- persona trials s5 (2026-12-07, personas G and H): figures that are no facts of the person's --------------------
# 「怎么算出来189的」「189是怎么算的」「为什么是189」: how a figure was computed is asked; the figure is the bot's (H5: the
# 违约金 of its own answer became the debt); 「欠12000利息怎么算」 asks how the interest on a debt said is computed
_HOW_BEFORE_RE = re.compile(
    r"(?:怎么|咋|如何|凭什么)(?:就|会)?(?:算出来|算出|算成|算到|得出|得来|弄出来|出来)(?:了|的|是)?(?:这个|这)?\s?$"
    r"|(?:为什么|为啥|凭什么)(?:会|就)?是\s?$")
_HOW_AFTER_RE = re.compile(
    r"^\s?(?:多)?(?:块钱|块|元)?(?:是|这个数|这个)?(?:怎么|咋|如何)(?:算|来|得|出)|^\s?(?:多)?(?:块钱|块|元)?(?:是)?(?:从)?(?:哪来|哪里来|哪儿来)")
# 「189是你刚算的违约金」「15887是你说的合计」: the bot's figure named as the bot's
_BOT_FIGURE_TAIL_RE = re.compile(
    r"^\s?(?:多)?(?:块钱|块|元)?(?:是|就是|那是|不是)?(?:你|您)(?:们)?(?:刚才?|刚刚|上面|前面|之前|自己)?(?:算|说|写|报|给|记|列)")
_SENTENCE_RE = re.compile(r"[^。！？!?；;\n]+")
# a sentence that asks (「合计15887是不是没减掉我还的800？」): a figure of the bot's last reply in it is quoted back
_ASK_CUE_RE = re.compile(r"[?？吗呢]|怎么|咋|为什么|为啥|是不是|对不对|哪来|凭什么|算不算|没减|没算|没扣")
_REPLY_FIGURE_RE = re.compile(r"\d[\d,]*(?:\.\d+)?")


def _reply_figures(reply: str | None) -> set[Decimal]:
    """The figures of the bot's last reply, each also as its whole part (「189.30」 is quoted as 「189」)."""
    found: set[Decimal] = set()
    for match in _REPLY_FIGURE_RE.finditer(reply or ""):
        value = Decimal(match.group().replace(",", ""))
        found.update((value, value.to_integral_value(rounding="ROUND_DOWN")))
    return found


# 「开销我说七八千 按八千算吧」: a figure to compute with that lies in a range the person gave for a fact is that fact's
# value (a visible correction), never a what-if (H1: the expenses corrected to 8,000 were dropped)
_RANGE_PAIR_RE = re.compile(r"([一二两三四五六七八九])([一二两三四五六七八九])[十百千万]")
_APPROX_AROUND_RE = re.compile(r"大概|大约|差不多|左右|估计|将近")
_DIGIT = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _range_top(norm: str, m: _Mention) -> Decimal | None:
    """The upper end of an approximate figure (「七八千」 → 8000, 「七千多」 → 8000, 「七千左右」 → 8750), or None."""
    raw = norm[m.start:m.end]
    pair = _RANGE_PAIR_RE.search(raw)
    if pair and pair.group(1) + pair.group(2) in {"一两", "两三", "二三", "三四", "三五", "四五", "五六", "六七", "七八", "八九"}:
        return m.value / _DIGIT[pair.group(1)] * _DIGIT[pair.group(2)]
    if raw.endswith(("多", "来")) or norm[m.end:m.end + 1] in ("多", "来"):
        unit = Decimal(10) ** (len(str(int(m.value))) - 1)
        return m.value + unit
    if _APPROX_AROUND_RE.search(norm[max(0, m.start - 4):m.end + 3]):
        return m.value * Decimal("1.25")
    return None


# 「还了三千本金变成四万九 是不是就不够五万了」: a payment and what it would leave, asked as a consequence, is a what-if
# (G3: stored as a debt of 49,000 and a 「不符合」 verdict drawn from it); 「还了三千 现在欠四万九」 states it
_RESULT_BEFORE_RE = re.compile(r"(?:变成|变为|变到|降到|降为|减到|减为|只剩|就剩|剩下|还剩)了?\s?$")
_PAY_BEFORE_RESULT_RE = re.compile(r"(?:还|交|补|存)(?:了|掉|上|完)|先还|要是还|如果还")
_CONSEQUENCE_ASK_RE = re.compile(
    r"(?:是不是|会不会|能不能|是否|可不可以)(?:就|也|都)|就(?:不|能|可以|够|安全|没事|算)[^，,。；;]{0,14}(?:吗|吧|呢|[?？])")
# 「我还没还那三千」: a payment not made (a what-if spoken of before), never a debt of 3,000 (G3#8)
_NOT_PAID_BEFORE_RE = re.compile(
    r"(?:还没(?:有)?|并没(?:有)?|没(?:有)?|未)(?:还|交|付|存|转|补)(?:上|掉)?(?:那|这)(?:个|笔)?\s?$"
    r"|还没(?:有)?(?:还|交|付|补)(?:上|掉)?\s?$")


# 「不对 三千五是我收入」: a figure said first, then given its fact (a figure moved from another fact)
_ROLE_AFTER_FIGURE_RE = re.compile(r"^\s?(?:多)?(?:块钱|块|元)?\s?(?:才|就|那|这)?(?:是|算|为|就是|那是)")
# 「一个月三千多我还不起」: what the person cannot pay is no budget (G2: stored as the budget); it selects the figure
# being corrected like 不是
_CANNOT_PAY_AFTER_RE = re.compile(
    r"^\s?(?:多)?(?:块钱|块|元)?(?:的话)?(?:我|也|都|真|实在|根本|真的|肯定)*"
    r"(?:还不起|还不上|还不了|拿不出|付不起|给不起|负担不起|承担不起|掏不出|凑不出|还不动)")


def _trial_s5_roles(norm: str, mentions: list[_Mention], last_reply: str | None) -> None:
    """Persona trials s5: figures of a message that are no facts of the person's as they are read (the rules above).
    Runs after `_mentions`, before `_adjust` (which makes other 「按…算」 figures what-ifs)."""
    clauses = _clauses(norm)
    shown = _reply_figures(last_reply)
    sentences = [(s.start(), s.end()) for s in _SENTENCE_RE.finditer(norm)]

    def sentence_of(pos: int) -> tuple[int, int]:
        return next(((s, e) for s, e in sentences if s <= pos < e), (0, len(norm)))

    for i, m in enumerate(mentions):
        if m.entity not in _MONEY_NUMERIC or not isinstance(m.value, Decimal):
            continue
        c_start, c_end = clauses[m.clause]
        before, after = norm[c_start:m.start], norm[m.end:c_end]
        s_start, s_end = sentence_of(m.start)
        sentence = norm[s_start:s_end + 1]  # with its end mark: 「那我还了一年还欠这么多？」 asks (J5 #4)
        if _HOW_BEFORE_RE.search(before) or _HOW_AFTER_RE.match(after) or _BOT_FIGURE_TAIL_RE.match(after) or (
                m.entity in ("amount", "debt_amount") and m.value in shown and _ASK_CUE_RE.search(sentence)):
            m.quoted = True
            continue
        if _NOT_PAID_BEFORE_RE.search(before):
            m.not_paid = True
            continue
        if m.entity in ("amount", "monthly_budget") and _CANNOT_PAY_AFTER_RE.match(norm[m.end:s_end]):
            m.negated = True
            continue
        if _RESULT_BEFORE_RE.search(before) and _PAY_BEFORE_RESULT_RE.search(norm[s_start:m.start]) \
                and _CONSEQUENCE_ASK_RE.search(norm[m.end:s_end]):
            for other in mentions:
                if s_start <= other.start < s_end and other.entity in _MONEY_NUMERIC and not other.threshold:
                    other.hypothetical = True
            continue
        if m.calc_as and not m.hypothetical:
            ranged = next((p for p in reversed(mentions[:i])
                           if p.entity in (*_MONEY_SITUATION, "amount") and isinstance(p.value, Decimal)
                           and (top := _range_top(norm, p)) is not None and p.value < m.value <= top), None)
            if ranged is not None:
                m.entity, m.calc_as, m.correction = ranged.entity, False, True


# ---- persona trial s10 P4 (issue 19): a payment plan of today's bill and a question about a figure are no facts -----
# 「先还400 再想办法凑200 在还款日前还上」「分两次还 400和200」「先还400 过两天再还200 总共600」「先还400还是等凑够600再还」:
# the statement's minimum paid in parts (P4 #15–#17: stored as 每月能还200, then a debt of 600): payments asked about
SPLIT_PAYMENT_RE = re.compile(SPLIT_PARTS_RE.pattern + r"|凑够|凑齐|凑满|凑到\d|一起还")
_DEBT_CUE_BEFORE_RE = re.compile(r"(?:欠|欠了|欠款|账单|应还|本期|最低|最低还款|最低还|最低是)\s?$")
_MONTHLY_BEFORE_RE = re.compile(r"(?:每个?月|一个月|月供)[^，,。；;\s]{0,6}$")
# 「这536是不是就是我每个月要还的全部了」「是不是只还536就行了」 (P4 #12, #13: stored as 每月能还536): a figure asked about
_ASKED_THIS_BEFORE_RE = re.compile(r"(?:这|那)(?:个|笔)?\s?$")
_ASKED_THIS_AFTER_RE = re.compile(
    r"^\s?(?:块钱|块|元)?\s?(?:是不是|就是|是|算不算|算|够不够|够|包不包括|包括|包含|含不含)")
_ASKED_ONLY_BEFORE_RE = re.compile(r"(?:是不是|是否)(?:就)?(?:只|只要|只用|只需要?)(?:还|交|付)\s?$")
_ASKED_ONLY_AFTER_RE = re.compile(r"^\s?(?:块钱|块|元)?\s?(?:就行|就可以|就够|就好|就完|就没事)")
_QUESTION_CUE_RE = re.compile(r"[?？吗么呢]|是不是|算不算|够不够|包不包括|要不要|有没有|可以吧|行吧|对吧")
# 「我没说每月能还536」: a figure the person says they never said
_NEVER_SAID_BEFORE_RE = re.compile(r"(?:没|没有|从没|并没)(?:说|讲)(?:过)?[^，,。；;]{0,8}$")


def _trial_s10_roles(norm: str, mentions: list[_Mention]) -> None:
    """Persona trial s10 P4: figures that are no new facts as they are read (the rules above); runs after
    `_trial_s5_roles`."""
    clauses = _clauses(norm)
    asked: set[Decimal] = set()
    for m in mentions:
        if m.entity not in _MONEY_NUMERIC or not isinstance(m.value, Decimal) or m.negated:
            continue
        c_start, c_end = clauses[m.clause]
        before, after = norm[c_start:m.start], norm[m.end:c_end]
        if _NEVER_SAID_BEFORE_RE.search(before):
            m.negated = True
            continue
        sentence = next((norm[s.start():s.end() + 1] for s in _SENTENCE_RE.finditer(norm) if s.start() <= m.start < s.end()),
                        norm)
        if not _QUESTION_CUE_RE.search(sentence):
            continue
        if (_ASKED_THIS_BEFORE_RE.search(before) and _ASKED_THIS_AFTER_RE.match(after)) or (
                _ASKED_ONLY_BEFORE_RE.search(before) and _ASKED_ONLY_AFTER_RE.match(after)):
            m.quoted = True
            asked.add(m.value)
    for m in mentions:  # 「每个月536 这536是不是…」: the same figure said again in the question is asked about too
        if m.value in asked and m.entity in _MONEY_NUMERIC and not m.negated:
            m.quoted = True
    if not SPLIT_PAYMENT_RE.search(norm):
        return
    for m in mentions:
        if m.entity not in ("amount", "monthly_budget") or not isinstance(m.value, Decimal) or m.negated or m.quoted \
                or m.statement:
            continue
        before = norm[clauses[m.clause][0]:m.start]
        if _DEBT_CUE_BEFORE_RE.search(before) or _MONTHLY_BEFORE_RE.search(before):
            continue
        m.offered, m.total, m.hypothetical = True, False, False
