"""Chinese texts of the finance engine: assumptions, sources, consequences, myths and the letter.

Kept in one module (STYLE.md) so that wording can be reviewed without reading the arithmetic. Every
``{placeholder}`` is filled by the engine with already formatted values (see ``yuan``, ``rate_text``).
Certainty: what the source is (bot/facts.yml): law, official, self_regulation, reported, practice
(secondary sources, said as 通常/一般).
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from bot import facts as f
from bot.finance.money import round_money, round_places

# ── formatting ────────────────────────────────────────────────────────────────────────────────────
_CN_DIGITS = "零一二三四五六七八九十"


def yuan(amount: Decimal) -> str:
    """``Decimal("1234.5")`` → ``"1,234.50"`` (元 not appended)."""
    return f"{round_money(amount):,.2f}"


def plain(amount: Decimal) -> str:
    """Whole amounts without decimals (10 → ``"10"``), others with two (10.5 → ``"10.50"``)."""
    rounded = round_money(amount)
    return f"{rounded:,.0f}" if rounded == rounded.to_integral_value() else f"{rounded:,.2f}"


def percent(rate: Decimal, places: int = 2) -> str:
    """``Decimal("0.1303")`` → ``"13.03%"``."""
    return f"{round_places(rate * 100, places)}%"


def rate_text(daily_rate: Decimal) -> str:
    """Daily rate as said in Chinese: 0.0005 → 万分之五; otherwise a percentage (0.035%)."""
    per_10k = daily_rate * 10000
    if per_10k == per_10k.to_integral_value() and 1 <= per_10k <= 10:
        return f"万分之{_CN_DIGITS[int(per_10k)]}"
    return f"{(daily_rate * 100).normalize():f}%"


def date_text(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


STATUS_TEXT = {
    "verified": "已核实",
    "practice": "通常做法，可能已调整，以领用合约为准",
    "default": "默认值，以您的领用合约为准",
    "user": "按您提供的信息",
}
METHOD_TEXT = {"full": "全额罚息", "unpaid_only": "按未还部分计息"}

# ── sources ───────────────────────────────────────────────────────────────────────────────────────
# A source is shown as 「<source>（<certainty label>）」, never with a raw [law] / [practice] tag (issue 12).


def sourced(source: str, certainty: str) -> str:
    """「《征信业管理条例》第十六条（法律规定）」: a source with its certainty said in words."""
    return f"{source}（{f.certainty_label(certainty)}）"


def fact_source(key: str) -> str:
    """The source of fact ``key`` of bot/facts.yml, with its certainty in words."""
    return f"{f.fact(key).source}（{f.fact_label(f.fact(key))}）"


SOURCE_DAY_COUNT = sourced("银行公布的计息示例（招商银行1000元还100元计17.85元、建设银行1万元还8000元计122元）", "practice")
SOURCE_NO_INTEREST_ON_FEES = sourced("银发〔2016〕111号：违约金和服务费用不计收利息", "reported")
SOURCE_RATE_2021 = sourced("银发〔2020〕327号：2021年起透支利率由双方协商确定，须明示年化利率", "reported")
SOURCE_INSTALLMENT_RULES = sourced("2022年信用卡业务新规：分期须以利息形式明示年化利率，期限不超过5年", "reported")
SOURCE_ARTICLE_70 = fact_source("plan_article70")
SOURCE_CREDIT_CODES = fact_source("credit_codes")
SOURCE_CRIMINAL = fact_source("criminal_conditions")

# ── quote (one statement cycle) ──────────────────────────────────────────────────────────────────
A_DAY_COUNT = (
    "计息天数按银行示例口径：记账日和账单日都计入，还款当日按还款后的余额计息"
    "（记账日至还款前一日按还款前余额，还款日至下一账单日按还款后余额）；网上不少计算器直接用日期相减，结果会略有出入"
)
A_RATE_DEFAULT = "按日利率{rate}计息（默认值，以您的领用合约为准）"
A_RATE_USER = "按您提供的日利率{rate}计息"
A_SCHEDULE_DEFAULT = (
    "未识别发卡银行，使用默认规则：全额罚息、容时3天、容差10元、违约金为最低还款额未还部分的5%（以您的领用合约为准）"
)
A_METHOD = "计息方式：{method}（{status}）"
A_METHOD_FULL_RULE = "全额罚息：到期（含容时）未全额还款时，整笔账单自记账日起计息，已还部分只计到还款前一日"
A_METHOD_UNPAID_RULE = "按未还部分计息：按时还上的部分仍免息，只对未还部分自记账日起计息"
A_METHOD_OTHER = "如该行实际{other}，利息为{amount}元；请以账单或领用合约为准"
A_PAID_IN_FULL = "已在到期还款日（含容时）前全额还款，消费部分享受免息期"
A_TOLERANCE = "未还金额{unpaid}元不超过容差{tolerance}元，视同全额还款，差额转入下期账单"
A_GRACE = "到期还款日后{days}天内还款视同按时还款（容时，{status}）"
A_NO_GRACE = "该行通常不提供容时，须在到期还款日当天或之前还款（{status}）"
# the chat's grace answer (domain.yml utter_grace_result {grace_rule}): a bank without grace says it has none
# (issue 23 item 8), never 「到期还款日后0天内…视同按时还款」
GRACE_RULE = (
    "到期还款日后{days}天内全额还款，通常视同按时还款：不收违约金、征信不记逾期，通常也不计利息（{status}）。"
    "只还足最低还款额的，同样不收违约金、不算逾期，但没还清的部分从记账日起计息；过了容时期仍没还足最低，才算逾期。"
)
NO_GRACE_RULE = (
    "通常没有容时期（{status}）：要在到期还款日当天或之前全额还款，晚一天就算逾期，会收违约金并从记账日起计息。"
)


def grace_rule(days: int, status: str) -> str:
    """The grace sentence for ``days`` calendar days of grace after the due date (0 = none), with the
    value's status in words."""
    return (GRACE_RULE if days > 0 else NO_GRACE_RULE).format(days=days, status=status)

A_MIN_COMPUTED = "最低还款额按消费金额的{ratio}加取现金额的100%估算为{amount}元（以账单为准）"
A_PENALTY_CHARGED = "到期（含容时）未还足最低还款额，未还部分{unpaid}元，收取违约金{penalty}元；违约金不计利息"
A_PENALTY_NONE = "已按时还足最低还款额，不收违约金"
A_CASH = "取现没有免息期，自记账日起计息；取现手续费未计入"
A_ALLOCATION = "还款先冲抵取现、再冲抵消费（实际冲抵顺序以领用合约为准）"
A_OVERPAID = "还款超过账单金额，多还的{amount}元为溢缴款，不计入应还"
A_TOTAL_DUE = "下期账单应还＝未还本金＋本期利息＋违约金，未含下期新增消费、年费等其他费用"

# ── penalty ──────────────────────────────────────────────────────────────────────────────────────
A_PENALTY_RULE = "{bank}违约金按最低还款额未还部分的{rate}收取{limits}（{status}），每个到期还款日最多一次"
A_PENALTY_FLOOR = "，最低{floor}元"
A_PENALTY_CAP = "，最高{cap}元"
A_PENALTY_CAP_PRINCIPAL = "，不超过透支本金"
A_PENALTY_CAP_PRINCIPAL_UNKNOWN = "该行违约金以透支本金为上限，未提供本金，未按上限核算"
A_PENALTY_ZERO = "最低还款额没有未还部分，不收违约金"
A_PENALTY_NOT_INTEREST = "违约金不计利息，与计息本金分开记账"

# ── installment ──────────────────────────────────────────────────────────────────────────────────
A_INSTALLMENT_FORMULA = "每期还款＝本金÷期数＋本金×每期费率；手续费总额＝本金×每期费率×期数（手续费按原始本金收取）"
A_INSTALLMENT_APR = "真实年化利率按内部收益率计算：月利率r满足 本金＝Σ每期还款÷(1＋r)^k，年化＝12×r，实际年利率＝(1＋r)^12−1"
W_INSTALLMENT_NOT_APR = (
    "注意：每期费率{rate}×12＝{nominal}并不是年化利率。手续费始终按原始本金收取，而欠款逐月减少，"
    "实际年化利率约为{apr}（复利计实际年利率{ear}）"
)
A_INSTALLMENT_ROUNDING = "每期金额四舍五入到分，尾差计入最后一期"
A_INSTALLMENT_RULES = "分期期限不超过5年；取现分期不超过5万元、不超过2年；分期部分不计入最低还款额（通常）"

# ── projection ───────────────────────────────────────────────────────────────────────────────────
A_PROJ_CYCLE = "按每{cycle}天一个账单周期、账单日后{due_gap}天为到期还款日估算"
A_PROJ_POSTING = "具体记账日未知，按全部欠款在逾期那期的账单日记账估算（实际记账日更早时利息略高）"
A_PROJ_COMPOUND = "每个账单日把当期利息并入计息本金，下期起对利息再计息（按月计收复利）"
A_PROJ_PENALTY = (
    "每错过一个到期还款日，按最低还款额未还部分收一次违约金，不少银行另设最低或最高金额；最低还款额按本金的{ratio}"
    "＋当期利息＋以前各期未还的最低还款额估算，已收的违约金不再计入下一次违约金的基数"
)
A_PROJ_FEE_STOP = (
    "违约金只估算到逾期约{days}天（这是本估算的假设，不是规定）：账户核销或被起诉后，银行一般不再按卡片规则每月收违约金，"
    "而是按起诉的金额主张（通常做法，从哪天起各行不同，以账单或起诉状为准）"
)
A_PROJ_TWO_BUCKETS = "违约金单独记账、不计利息（银发〔2016〕111号）"
A_PROJ_COURT_ADJUST = (
    "利息和违约金合计折合年化约{cost}，高于司法实践常用的年利率24%参考线：协商时可以请求减免；被起诉时，经您请求，"
    "法院可以对利息、复利、违约金合计过高的部分予以调减"
    "（最高法2021年银行卡规定第二条、《民法典》第五百八十五条；实践中常以年利率24%为参考，不是法定上限）"
)
A_PROJ_PAY_TODAY = "合计为今天一次还清的估算；从今天起每天继续计息"
A_PROJ_WITHIN_GRACE = "逾期{days}天仍在容时期（{grace}天）内，今天还清通常视同按时还款，不计利息和违约金"
A_PROJ_DUE_TODAY = "今天是到期还款日，今天全额还清就是按时还款，不计利息和违约金"
A_PROJ_METHOD_SAME = "到期后未还任何款项，全额罚息与按未还部分计息结果相同"
# already repaid (DOMAIN §1): the day of the repayment is not known; taken as the missed due date, and said
A_PROJ_PAID = "已还的{paid}元按在到期还款日当天还入估算（还款日期您没说；实际更晚的话，这部分在还款前的利息会多一些）：{rule}"
A_PROJ_PAID_RULE = {
    "full": "全额罚息银行对已还部分计息到还款前一日，未还部分自记账日起一直计息",
    "unpaid_only": "按未还部分计息的银行，按时还上的部分仍免息，只对未还部分自记账日起计息",
}
A_MIN_ONLY_RULE = "每月只在到期还款日还最低还款额（本金部分的{ratio}＋当期利息）"
A_MIN_ONLY_FULL = "只还最低不算全额还款：全额罚息银行对整笔账单自记账日起计息，已还部分计到还款前一日"
A_MIN_ONLY_UNPAID = "按未还部分计息：第一期已还的最低额免息，其余部分自记账日起计息"
A_MIN_ONLY_REVOLVING = "第二期起上期结转的欠款没有免息期，每天计息"
A_MIN_ONLY_NO_PENALTY = "按时还足最低还款额，通常不收违约金，征信一般显示正常（N）"

# ── plan ─────────────────────────────────────────────────────────────────────────────────────────
A_PLAN_INTEREST_STOPPED = "按停息挂账（协议期间停止计息和违约金）计算；是否停息、能否减免由银行决定，不保证"
A_PLAN_ALLOCATION = "多张卡按各卡欠款余额比例分配每月还款额，各卡期数相同、同时还清"
A_PLAN_ROUNDING = "每期金额四舍五入到分，尾差计入最后一期"
A_PLAN_MAX = "个性化分期最长不超过5年（60期），银行可以同意也可以拒绝"
A_PLAN_PERIODS_FROM_BUDGET = "按每月预算{budget}元，需分{periods}期（最多60期）"
A_PLAN_PERIODS_FROM_CAPACITY = "按收入减必要支出后的结余{capacity}元，需分{periods}期（最多60期）"
A_PLAN_START = "第一期定于{start}，以后每月同一日还款"
# the gap is only said to be negotiated: what can close it depends on what the amount is (GAP_ASK; issue 23 item 4 —
# on a principal basis a waiver of interest and 违约金 cannot close it, and DOMAIN says nothing of what is 「更容易」)
N_PLAN_BUDGET_RISE = "即使分60期，每月也需还{payment}元，比每月预算{budget}元多{gap}元：需提高预算，或就约{reduction}元的差额与银行协商"
N_PLAN_REDUCTION = "收入减必要支出后每月只余{capacity}元，60期内还不清，还差约{reduction}元，要和银行协商"
N_PLAN_NO_CAPACITY = "收入减必要支出后没有结余，暂时无法制定可行的分期计划；请先向银行说明困难，协商减免或延期"
N_PLAN_BUDGET_ABOVE_CAPACITY = "每月预算{budget}元高于收入减必要支出后的结余{capacity}元，计划可能难以坚持"
N_PLAN_PAYMENT_ABOVE_LIMIT = "分{periods}期每月需还{payment}元，超过每月可用于还款的{limit}元；按{limit}元每月需分{suggested}期"
N_PLAN_PARTIAL = (
    "每月最多能还{limit}元，分60期共{paid}元，比欠款{total}元少{shortfall}元：申请书按每月{limit}元申请，"
    "写明差额，{ask}"
)
# what a partial letter asks for its gap, in a few words (notes, summary card, chat verdict; issue 23 item 4)
GAP_ASK = {
    "principal": "差额是按您说的欠款算的，减免利息、违约金补不上：申请书请银行停止计息，并就差额另行协商",
    "fees": "并请求银行减免利息和违约金",
    "fees_and_principal": "请求减免利息和违约金，并就仍差的本金另行协商",
    "unknown": "请求减免利息和违约金，仍不够的部分另行协商",
}
N_PLAN_HARDSHIP = "扣除必要支出后没有余钱：申请书不作每月还款的承诺，而是说明困难、申请暂缓（延期）还款并停止计息"
N_PLAN_PERIODS_EXTENDED = "您想分{wanted}期，每月需还{payment}元，超过每月能拿出的{limit}元；计划按{periods}期排，每月{monthly}元"
N_PLAN_PRINCIPAL_ONLY = "欠款按您说的{total}元计算，申请书写“约{total}元（以贵行账务为准）”；有账单的话请告诉我“账单应还多少”，申请书会用账单金额"
N_PLAN_DIRECT = "请直接拨打信用卡背面的客服电话向银行申请，免费；申请被拒可以再次协商，也可投诉至12378"
N_PLAN_AGENTS = "不要找收费的“代理停息挂账”“债务优化”“反催收”机构：收费高，可能泄露个人信息、伪造材料，反而耽误协商"

PLAN_DOCUMENT_SCHEDULE = "附件：还款计划表（每月还款额、期数、开始日期）"
PLAN_DOCUMENTS = (
    "身份证复印件",
    "困难情况说明（写明收入下降、失业、疾病等原因和时间）",
    "收入证明或近3至6个月的工资流水",
    "失业证明、医疗诊断证明或住院记录等（如适用）",
    PLAN_DOCUMENT_SCHEDULE,
)

HARDSHIP_PLACEHOLDER = "____（请填写：如失业、疾病、收入下降等）"
NAME_PLACEHOLDER = "________"
REASON_PLACEHOLDER = "____（请填写：如需偿还其他欠款、赡养家人、医疗费用等）"

# the hardship reason in the letter's register (bot/finance/hardship.py): who said it is about, and the few
# causes rewritten when a clause is exactly one of them; {when} is a time or empty. Nothing here may add a fact,
# a degree (严重) or a consequence (没有稳定收入) the person did not say (issue 23).
HARDSHIP_SUBJECTS = {
    "self": "本人", "spouse": "本人配偶", "father": "本人父亲", "mother": "本人母亲", "parents": "本人父母",
    "son": "本人儿子", "daughter": "本人女儿", "child": "本人子女", "family": "本人家人",
}
HARDSHIP_PHRASES = {
    "laid_off": "{who}{when}因裁员失业",
    "unemployed": "{who}{when}失业",
    "dismissed": "{who}{when}被辞退",
    "pay_cut": "{who}{when}收入下降",
    "unpaid_wages": "{who}{when}被拖欠工资",
    "business_loss": "{who}{when}做生意亏损",
    "business_failed": "{who}{when}做生意失败",
    "serious_illness": "{who}{when}患重病",
    "hospital": "{who}{when}患病住院",
    "hospital_only": "{who}{when}住院",
    "surgery": "{who}{when}做了手术",
    "ill": "{who}{when}患病",
    "divorce": "{who}{when}离婚",
    "died": "{who}{when}去世",
}

# how the user pays each month (a choice; the letter states the one chosen, or asks the bank)
PAYMENT_METHODS = {
    "auto_debit": "由贵行每月从本人名下的借记卡自动扣款",
    "self": "本人每月通过贵行App、网上银行或柜面主动还款",
}
PAYMENT_METHOD_OPEN = "本人每月主动还款或由贵行按月自动扣款，以协议约定的方式为准"
PAYMENT_METHOD_LABELS = {"auto_debit": "自动扣款", "self": "自己按月还"}

# ── the letter (2011 办法 第七十条: 欠款余额、结构、币种; 还款周期、方式、币种、日期和每期金额; 是否继续计收年费、
#    利息和其他费用; 不再申请新卡的承诺; 双方的权利义务和违约责任; 其他事项) ────────────────────────────────
LETTER_TITLE = "个性化分期还款申请书"
LETTER_TITLE_HARDSHIP = "困难情况说明及延期还款申请书"
LETTER_FILENAME = "个性化分期申请书"
SCHEDULE_TITLE = "附件：还款计划表"
SCHEDULE_FILENAME = "还款计划表"
L_TO = "致：{bank}信用卡中心"
L_APPLICANT = "申请人：{name}"
L_ID = "身份证号：____________（递交时当面填写）"
L_LAST4 = "信用卡卡号末四位：{last4}"
L_PHONE = "联系电话：____________"
L_OPENING = (
    "{hardship}{claim}"
    "本人没有逃避债务的意图，{willing}。根据2011年《商业银行信用卡业务监督管理办法》第七十条，"
    "特向贵行申请签订个性化分期还款协议，具体如下："
)
# the hardship claim of the opening, only when it comes from what the person said (trial s6 I3 #15: a bill 3 days
# late with 2,500 a month to spare was declared 「超出了本人的实际还款能力」): income below needs, 60 periods that
# cannot clear the debt, or the person's own words that they cannot pay (bot/finance/hardship.py says_cannot_pay)
CANNOT_PAY_WORDS = (r"还不上|还不起|还不了|没(?:有)?(?:钱|能力)还|拿不出|无力|失业|下岗|没(?:了)?工作|丢了工作|没(?:有)?收入|"
                    r"收入没了|裁员|被裁|辞退|开除|破产|倒闭|资不抵债|入不敷出")
NOT_CANNOT_PAY_WORDS = r"不是(?:还不上|还不起|还不了|没钱还|拿不出)"
L_OPENING_CLAIM = "目前的收入已无法按原约定偿还信用卡欠款，本人的全部信用卡欠款已超出了本人的实际还款能力。"
L_WILLING = "愿意继续偿还全部欠款"
L_WILLING_PARTIAL = "愿意在本人的能力范围内尽最大努力偿还欠款"
L_WILLING_HARDSHIP = "愿意在收入恢复后继续偿还欠款"
L_H_DEBT = "一、欠款余额、结构和币种"
L_DEBT = "截至{today}，本人在贵行的信用卡欠款为人民币{amount}元。"
# the amount the person said they owe, not known to be principal or the statement's balance (issue 23)
L_DEBT_SAID = "截至{today}，本人在贵行的信用卡欠款约人民币{amount}元（以贵行账务为准）。"
L_BASIS_SAID = "该金额是本人自己估计的数字，恳请贵行提供截至目前的欠款明细（本金、利息、违约金、年费等）。"
# a letter drafted from what a relative said (persona trial s7 L5): the amount is an estimate, nobody's in particular
L_BASIS_SAID_FAMILY = "该金额是估计的数字，恳请贵行提供截至目前的欠款明细（本金、利息、违约金、年费等）。"
# 「本金3万 现在欠3万4」: both figures as the person said them (issue 23)
L_BASIS_SAID_SPLIT = (
    "其中本人所知的透支本金约{principal}元，其余约{other}元为利息、违约金等费用；以上都是本人估计的数字，"
    "恳请贵行提供截至目前的欠款明细（本金、利息、违约金、年费等）。"
)
L_BASIS_STATEMENT = "该金额为账单应还总额（含本金、利息、违约金等），具体余额和结构以贵行账务为准。"
L_BASIS_STATEMENT_SPLIT = "该金额为账单应还总额，其中透支本金约{principal}元，利息、违约金及其他费用约{other}元，以贵行账务为准。"
# a statement the person gave, and what they paid on it or say they owe now (trial s6 I3 #15, s5 G5 #14: a repayment
# of 500 became 「利息、违约金及其他费用约500.00元」): each figure in the role it was said, nothing split
L_BASIS_STATEMENT_PAID = "本人所知的账单应还金额约{statement}元，本人已还{paid}元。"
L_BASIS_OWED_NOW = "上述欠款是本人按自己所知的数字计算的，恳请贵行提供截至目前的欠款明细（本金、利息、违约金、年费等）。"
L_BASIS_PRINCIPAL = (
    "该金额为本人所知的透支本金，不含利息、违约金和其他费用；实际欠款余额及其结构（本金、利息、违约金、年费等）"
    "以贵行账务为准，恳请贵行提供截至目前的欠款明细。"
)
L_OTHER_DEBTS = "本人共在{count}家银行有信用卡欠款，合计人民币{total}元：{items}。其中在贵行的欠款为{amount}元，占全部欠款的{share}。"
L_INCOME = "本人目前每月收入约{income}元，必要生活支出约{expenses}元，每月结余约{capacity}元。"
L_INCOME_NONE = "本人目前每月收入约{income}元，必要生活支出约{expenses}元，收支相抵，没有结余。"
L_INCOME_DEFICIT = "本人目前每月收入约{income}元，必要生活支出约{expenses}元，必要生活支出超过收入约{gap}元，没有结余。"
L_INCOME_ONLY = "本人目前每月收入约{income}元。"
# what the monthly income is when the person said it is not earned (plan ``income_source``): a student's allowance from
# the family (「家裡每月給我5000」, persona trial s7 L2 #14) is named so in every income sentence above
INCOME_SOURCES = ("family",)
L_INCOME_WORDS = {
    "family": (("本人目前每月收入约", "本人目前每月的生活费由家里给，约"),
               ("超过收入约", "超过家里给的生活费约")),
}
# the cardholder's letter drafted from what a relative said: their help, never their income as the cardholder's
L_FAMILY_HELP = "本人的家人自愿帮助本人还款，每月最多能拿出约{budget}元。"
# money that goes out every month besides the essential expenses (fix4): inserted after the expenses of L_INCOME*
L_EXPENSES_SAID = "必要生活支出约{expenses}元，"
L_COMMITMENTS = "另外每月固定要付{items}，"
L_INCOME_DEFICIT_TOTAL = "本人目前每月收入约{income}元，必要生活支出约{expenses}元，支出合计超过收入约{gap}元，没有结余。"
LIST_SEPARATOR = "、"
L_COMMITMENT = {"set_aside": "留给家人的钱约{amount}元", "other_debt_payment": "其他借款的月供约{amount}元"}
L_H_PLAN = "二、还款周期、方式、币种、日期和每期还款金额"
L_H_PLAN_HARDSHIP = "二、还款安排"
L_PLAN = (
    "本人申请将上述欠款分{periods}期按月偿还（{years}，不超过5年），币种为人民币，每期还款{monthly}元{last_note}；"
    "自{start}起，每月{day}日前还款，至{end}还清。"
)
L_LAST_NOTE = "，最后一期{last}元"
L_PARTIAL = (
    "本人每月最多能拿出{limit}元还款，即使分60期（5年）共可偿还{paid}元，与上述欠款相差{shortfall}元。"
    "本人申请分60期按月还款，币种为人民币，每期还款{offered}元，自{start}起每月{day}日前还款。"
)
L_PARTIAL_SEVERAL = (
    "本人每月最多能拿出{limit}元偿还全部信用卡欠款，即使分60期（5年）共可偿还{paid_total}元，与全部欠款{total}元"
    "相差{shortfall_total}元。按各银行欠款余额的比例，本人申请每月向贵行还款{share}元，分60期按月还款，币种为人民币，"
    "60期共{paid}元，与在贵行的欠款相差{gap}元；自{start}起每月{day}日前还款。"
)
# how the letter asks to close the gap of a partial plan (issue 23, item 4): waiving interest and 违约金 closes
# only the part of the gap that is interest and 违约金; a gap on the amount the person said is principal
L_GAP_PRINCIPAL = (
    "上述欠款是按本人所说的金额计算的，这部分差额无法靠减免利息、违约金弥补；恳请贵行在协议期间停止计收利息和违约金，"
    "并就这{gap}元差额与本人另行协商解决办法。"
)
L_GAP_FEES = "恳请贵行减免利息、违约金及相关费用（约{fees}元），使剩余欠款能在60期内还清。"
L_GAP_FEES_AND_PRINCIPAL = (
    "即使贵行减免全部利息、违约金及相关费用（约{fees}元），仍相差本金约{principal}元；恳请贵行减免上述费用，"
    "并就这部分本金差额与本人另行协商解决办法。"
)
L_GAP_UNKNOWN = "恳请贵行减免利息、违约金及相关费用；如减免后仍不能在60期内还清，恳请就剩余差额与本人另行协商解决办法。"
# a plan on the amount the person said: the end date holds only if the bank also waives what it already charged
L_PLAN_SAID_BASIS = (
    "上述期数和金额是按本人所说的欠款金额计算的；如贵行账上另有已产生的利息、违约金等费用，需贵行一并减免，"
    "才能按上述安排于{end}还清，否则恳请贵行告知差额，本人再与贵行协商。"
)
# a deferment asks; it promises nothing the person did not say (issue 23 / truth4 audit #23: 「本人将立即与贵行联系」)
L_HARDSHIP = (
    "本人目前扣除必要生活支出后没有余钱，暂时无力按月还款，现在无法作出每月还款的承诺。本人申请暂缓（延期）还款，"
    "暂缓期间停止计收利息、违约金及其他费用；恳请贵行在暂缓期满前与本人联系，按届时的还款能力协商分期还款方案。"
)
# a budget of 0 with income above expenses: the letter says no more than the person did (no 「没有余钱」)
L_HARDSHIP_NO_BUDGET = (
    "本人目前暂时拿不出钱按月还款，现在无法作出每月还款的承诺。本人申请暂缓（延期）还款，"
    "暂缓期间停止计收利息、违约金及其他费用；恳请贵行在暂缓期满前与本人联系，按届时的还款能力协商分期还款方案。"
)
L_DAY_CHOICE = "如贵行需要另定每月还款日，本人可以配合。"
L_METHOD = "还款方式：{method}。"
L_ALLOCATION = (
    "本人每月可用于还款的{offered}元，按各银行欠款余额的比例分配给各银行，各银行期数相同、同时还清；"
    "其中每月向贵行还款{share}元。"
)
L_ALLOCATION_PARTIAL = "本人每月最多能拿出的{offered}元，按各银行欠款余额的比例分配给各银行；其中每月向贵行还款{share}元。"
L_BELOW_REASON = "本人每月结余约{capacity}元，每月还款定为{offered}元，原因是：{reason}。"
L_BELOW_CLEARS = "本人每月结余约{capacity}元；按每月{offered}元，{periods}期即可还清，因此每月还款低于每月结余。"
L_H_FEES = "三、年费、利息和其他费用"
L_FEES = (
    "恳请贵行在协议期间停止计收利息、违约金、年费及其他费用。如贵行决定部分继续计收，"
    "请在协议中写明继续计收的项目、标准和金额。"
)
L_FEES_PARTIAL = "因本人的还款能力不足以还清全部欠款，恳请贵行同时减免已产生的利息和违约金。"
L_H_PROMISE = "四、本人承诺"
# the agreement's content (四) under 2011 办法 第七十条, said as the condition it is, not as a promise the person
# volunteered (issue 23: nothing in the letter the person did not say)
L_PROMISE = "本人知悉：按《商业银行信用卡业务监督管理办法》第七十条，协议须写明在欠款全部还清之前本人不再向任何银行申请新的信用卡；本人同意这一条件。"
L_PROMISE_PAY = "协议达成后，本人将按协议约定的金额和日期按时还款。"
L_PROMISE_HARDSHIP = "贵行可以通过上面的联系电话与本人联系。"
L_H_DUTIES = "五、双方的权利义务和违约责任"
L_DUTIES = (
    "恳请在协议中写明双方的权利义务和违约责任。本人理解：如本人未按协议还款，贵行可以依约恢复催收或采取其他措施；"
    "协议签订并按约履行期间，恳请贵行停止催收。"
)
L_H_OTHER = "六、其他事项"
L_WRITTEN = (
    "恳请贵行与本人签订书面协议。如协议通过电话达成，请贵行以短信或书面函件向本人确认协议内容"
    "（欠款余额、期数、每期金额、还款日、还款方式以及是否停止计收利息和费用），并保存通话录音至协议履行完毕。"
)
L_ENCLOSED = "随附材料："
L_CLOSING = ("此致", "敬礼")
L_SIGNATURE = ("申请人（签字）：________________", "日期：________年____月____日")
SCHEDULE_INTRO = "申请人：{name}　　欠款合计：人民币{total}元　　共{periods}期，每月{day}日前还款"
SCHEDULE_PARTIAL_NOTE = "按每月最多能还的金额排列；60期后仍差{shortfall}元，已申请减免利息和违约金。"
SCHEDULE_HEADER = ("期数", "还款日", "还款金额（元）", "剩余欠款（元）")
SCHEDULE_PERIOD = "第{period}期"
LETTER_SEPARATOR = "\n" + "—" * 20 + "\n\n"

# ── consequences ─────────────────────────────────────────────────────────────────────────────────
CREDIT_CODE_TEXT = {
    "N": "正常（未逾期或在容时期内）",
    "1": "逾期1–30天",
    "2": "逾期31–60天",
    "3": "逾期61–90天",
    "4": "逾期91–120天",
    "5": "逾期121–150天",
    "6": "逾期151–180天",
    "7": "逾期180天以上",
}


def _stage(key: str, title: str, *facts: str, prefix: str = "", suffix: str = "") -> tuple[str, str, str, str, str]:
    """A stage of DOMAIN §3 told by the facts of bot/facts.yml (source and certainty of the first)."""
    first = f.fact(facts[0])
    return key, title, prefix + "".join(f.text(k) for k in facts) + suffix, first.source, first.certainty


# key, title, text, source, certainty
STAGES = (
    ("before_due", "到期前", "银行应在到期还款日前提醒还款", "2011《商业银行信用卡业务监督管理办法》第六十七条", "reported"),
    _stage("grace", "容时期内", "grace", prefix="{grace_estimate}"),
    ("m1", "逾期1–30天（M1）", "已属逾期：通常每个到期还款日收违约金，欠款继续按月复利计息；一般会收到短信、电话提醒（以领用合约为准）",
     "各行领用合约和收费表", "practice"),
    _stage("credit_report", "上报征信", "credit_reporting", suffix="还款状态一般为{code}（{code_text}）。"),
    _stage("m2_m3", "逾期31–90天（M2–M3）", "limit_cut"),
    _stage("outsourced", "逾期约90天以上", "outsourced"),
    _stage("civil_suit", "违约后任何时候", "lawsuit_civil", "limitation"),
    _stage("enforcement", "生效法律文书确定后仍不履行", "enforcement_limit", "enforcement_dishonest"),
    _stage("credit_retention", "征信记录保存期", "credit_retention"),
    _stage("credit_rights", "查询与异议", "credit_objection", "credit_free_report"),
)

CRIMINAL_INTRO = f.text("criminal_conditions") + f.text("criminal_unknown")
CRIMINAL_CONDITIONS = {
    "principal": "透支本金达到5万元（利息、违约金、手续费不计入，已还的钱先算还本金）",
    "collections": "经发卡银行两次有效催收，且两次间隔至少30天",
    "three_months": "两次有效催收后超过3个月仍不归还",
    "intent": "以非法占有为目的（不能仅凭还不上就认定）",
}
CRIMINAL_NOTES = {
    "principal_met": "按您说的本金{principal}元，已达到5万元",
    "principal_not_met": "按您说的本金{principal}元，不足5万元，达不到恶意透支的数额标准",
    "collections_unknown": "您没有说明收到过几次有效催收",
    "collections_few": "目前有效催收为{count}次，不足两次",
    "collections_gap_unknown": "已有{count}次催收，但间隔是否满30天不清楚",
    "collections_gap_short": "两次催收间隔{gap}天，不满30天",
    "collections_met": "已有{count}次有效催收，间隔{gap}天",
    "three_months_too_early": "逾期{days}天，按时间推算，第二次有效催收后还不满3个月",
    # 5万 or more: "not yet" is not "never" (issue 23 item 10)
    "three_months_running": (
        "逾期{days}天，按时间推算，第二次有效催收后还不满3个月；但本金已达5万元，如果一直不还，这个时间条件会继续累积，"
        "最早约在逾期{earliest}天后就可能满足"
    ),
    "three_months_near": (
        "逾期约{days}天，已接近最早可能满足的时间（约逾期{earliest}天）：实际天数如果更长（例如“一百多天”“4个多月”），"
        "这一条可能已满足；要看两次有效催收的具体时间，无法判断"
    ),
    "three_months_no_second": "还没有两次有效催收，“超过3个月”尚未开始计算",
    "three_months_unknown": "逾期已较久，取决于两次有效催收的具体时间",
    "three_months_days_unknown": "不知道逾期多久",
    "three_months_met": "按您说的时间，第二次有效催收后已超过3个月",
    "intent_unknown": "法律不允许仅凭还不上就认定",
    "intent_signals": "存在可能被推定为非法占有目的的情形：{signals}",
    "intent_cooperative": "您{signals}，有助于表明没有非法占有目的，但不是保证",
}
INTENT_SIGNAL_TEXT = {
    # presumption signals (2018 解释 第六条)
    "fled": "携款逃匿",
    "changed_contact": "为逃避催收变更联系方式",
    "hid_assets": "隐匿、转移财产",
    "illegal_use": "透支款用于违法犯罪活动",
    "false_documents": "用虚假资信证明申领信用卡",
    "knowingly_overspent": "明知没有还款能力仍大量透支",
    # cooperative facts
    "contactable": "保持联系方式畅通",
    "willing_to_repay": "愿意还款",
    "negotiating": "正在与银行协商",
    "partial_repayment": "有部分还款",
}
INTENT_PRESUMPTION_SIGNALS = frozenset(
    {"fled", "changed_contact", "hid_assets", "illegal_use", "false_documents", "knowingly_overspent"}
)
CRIMINAL_TIERS = (
    (Decimal(5_000_000), "数额特别巨大（500万元以上）"),
    (Decimal(500_000), "数额巨大（50万元以上）"),
    (Decimal(50_000), "数额较大（5万元以上）"),
)
CRIMINAL_TIER_TEXT = "如其他条件全部满足，本金{principal}元属于{tier}"
# 2018 解释 第十条: the leniency of full repayment is for 数额较大 (5万 to under 50万) only; above it, none
CRIMINAL_MITIGATION = {
    "数额较大（5万元以上）": f.text("leniency_large"),
    "数额巨大（50万元以上）": f.text("leniency_huge"),
    "数额特别巨大（500万元以上）": f.text("leniency_huge"),
}
CRIMINAL_SUMMARY = {
    "not_met": "按您提供的信息，至少有一项法定条件明确不满足（见下），目前不符合恶意透支的全部条件。主动与银行协商还款最重要。",
    "unknown": "按您说的情况无法判断：标“无法判断”的条件取决于您还没说的情况，不能当作不满足。",
    "met": "按您提供的信息，各项条件可能都已具备，存在刑事风险：请尽快还款或与银行协商，并咨询律师。是否构成犯罪由司法机关认定。",
}

# key, myth, correction, source, certainty
MYTHS = (
    ("jail_small_debt", "欠两万（或几万）还不上就会坐牢",
     "恶意透支的门槛是本金5万元以上，而且还要两次有效催收、超过3个月不还、以非法占有为目的等全部条件同时满足；单纯还不上不等于犯罪",
     "《刑法》第一百九十六条；2018年司法解释", "law"),
    ("auto_police", "逾期6个月会自动移交公安", f.text("criminal_myths") + f.text("guideline_no_fakes"),
     f.fact("criminal_myths").source, f.fact("criminal_myths").certainty),
    ("credit_repair", "花钱“征信修复”可以删掉逾期记录", f.text("credit_repair_scam") + f.text("credit_repair_policy"),
     f.fact("credit_repair_scam").source, f.fact("credit_repair_scam").certainty),
    ("fee_cap_principal", "新规规定利息加违约金不能超过本金", f.text("fee_cap_myth") + f.text("court_reduce"),
     f.fact("fee_cap_myth").source, f.fact("fee_cap_myth").certainty),
    ("debt_expires", "拖过3年就不用还了，逾期记录也会自己消失",
     "每次催收短信、信函都会让3年诉讼时效重新计算；不良记录从还清之日起才开始算5年，不还就一直保留",
     "《民法典》第一百八十八条；最高法2021年规定第三条；《征信业管理条例》第十六条", "law"),
    ("paid_agents", "找代理办“停息挂账”“债务优化”更容易成功",
     "个性化分期可以自己免费向银行申请（拨打卡背面的客服电话）；收费代理费用高，可能泄露个人信息、伪造材料，反而妨碍协商",
     "2011《商业银行信用卡业务监督管理办法》第七十条；监管部门风险提示", "practice"),
)
A_CONSEQ_GRACE_DEFAULT = "按容时{grace}天判断是否仍视同按时还款（以发卡银行规定为准）"
A_CONSEQ_NO_GRACE = "该行通常没有容时期，到期还款日后未还足即算逾期（以发卡银行规定为准）"
GRACE_ESTIMATE = "按容时{grace}天估算。"
NO_GRACE_ESTIMATE = "该行通常没有容时期，按到期还款日后即算逾期估算。"
A_CONSEQ_NO_VERDICT = "以上为法律规定和通常做法的说明，不是对个案结果的预测"
