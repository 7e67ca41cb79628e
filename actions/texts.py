"""User-facing sentences built in code (the rest are domain.yml responses).

The intent descriptions of 「您是想问…吗？」 live in bot/intent_catalog.yml (issue 11: one catalog per
vocabulary).
"""

# ---- what-ifs, the case recap and compound answers (issue 11; actions/whatif.py) ----------------------
# Each first line is the verdict or figure (the first bubble on a phone); details go to a second bubble.
RECAP = "我记下的情况：{items}。"
RECAP_CARD = "{bank} {amount}元{days}"
RECAP_DAYS = " 逾期{days}天"
RECAP_BANK_UNKNOWN = "银行未知"
# a hypothetical (如果/要是/假如) is answered as such and never restated as the person's fact
HYPOTHETICAL = "如果{items}（只是假设，您记下的情况不变）："
HYPO_ITEMS = {
    "overdue_days": "逾期{value}天",
    "debt_amount": "欠款{value}元",
    "bank": "是{value}的卡",
    "monthly_budget": "每月能还{value}元",
    "installments": "分{value}期",
}
WHATIF_PAY_LATER = "{label}再还（{delay}天后）比今天还清多付约 {extra} 元：利息多 {interest} 元，违约金多 {penalty} 元。"
WHATIF_PAY_LATER_GRACE = "{label}再还仍在容时期内（逾期{days}天，容时{grace}天），通常视同按时还款，不多付利息和违约金。"
WHATIF_PAY_LATER_CODE = "征信还款状态一般会从“{before}”变成“{after}”。"
WHATIF_PAY_LATER_DETAIL = "今天还清约 {today} 元；{label}还清约 {later} 元。"
WHATIF_PAY_OFF = "今天一次还清约需 {owed} 元：本金 {principal} 元 + 利息 {interest} 元 + 违约金 {penalty} 元。"
WHATIF_PAY_OFF_GRACE = "今天一次还清需 {owed} 元：还在容时期内，通常视同按时还款，不计利息和违约金。"
WHATIF_PAY_OFF_WAIT = "比拖一个月再还少付约 {wait} 元。"
WHATIF_PAY_NOW = "现在先还 {amount} 元，接下来30天利息约少 {interest} 元，违约金约少 {penalty} 元；还剩约 {remaining} 元。"
WHATIF_PAY_NOW_ALL = "{amount} 元够今天一次还清（约 {owed} 元），之后不再产生利息和违约金；比拖30天少付约 {saved} 元。"
WHATIF_PAY_NOW_FEES = "还款通常先抵违约金等费用（约 {fees} 元，这部分本身不计息），其余才减少计息的欠款（以银行规定为准）。"
WHATIF_PAY_NOW_MIN = "这笔钱{verdict}目前到期的最低还款额（{estimated}约 {minimum} 元）。"
WHATIF_COVERS_YES = "够：{amount} 元不少于最低还款额约 {minimum} 元（{basis}）。"
WHATIF_COVERS_NO = "不够：最低还款额约 {minimum} 元（{basis}），{amount} 元还差 {shortfall} 元。"
WHATIF_COVERS_BASIS_GIVEN = "按您说的账单最低还款额"
WHATIF_COVERS_BASIS_RATIO = "按{bank}通常的本金{ratio}估算，以账单为准"
WHATIF_COVERS_BASIS_OVERDUE = "按{bank}的规则估算：逾期后最低还款额还包括此前未还的最低额、利息和违约金，以账单为准"
WHATIF_COVERS_NOTE = "要在到期还款日（含容时期）之前还上才算；还了最低不再收违约金，但利息照算，已有的逾期记录也不会消失。"
WHATIF_INSTALMENTS = (
    "分{periods}期，两种办法：① 个性化分期（停息挂账，假设停息）：{balance} 元每月约 {personal} 元，不多付利息；"
    "② 账单分期（每期手续费{rate}，常见示例费率）：本金 {principal} 元每月约 {bill} 元，手续费共 {fee} 元，真实年化约 {apr}。"
)
WHATIF_INSTALMENTS_CAP = "最长60期（5年），以下按60期算。"
WHATIF_INSTALMENTS_NOTE = (
    "个性化分期要向银行申请，银行“可以”同意也可以不同意，是否停息要协商（2011办法第七十条）；账单分期能否办理、费率多少以银行报价为准。"
)
WHATIF_INSTALMENTS_ASK = "想分多少期？例如“分36期每月多少”，我把两种分期办法都算给您。"
WHATIF_MIN_ONLY = (
    "连续{months}个月只还最低：利息共约 {interest} 元，{months}个月后仍欠约 {remaining} 元；"
    "比一直不还少付约 {saved} 元利息和违约金，也不再新增违约金。"
)
WHATIF_MIN_ONLY_CATCH_UP = "已经逾期，要先补上目前到期的最低还款额约 {catch_up} 元，账户才恢复正常（之后按今天的欠款 {balance} 元估算，首月最低约 {first} 元）。"
WHATIF_MIN_ONLY_FIRST = "首月最低约 {first} 元。"
WHATIF_FIRST_ONE_CARD = "您只告诉了我一张卡（{card}），就先还它。有几张卡的话一起告诉我，例如“招行两万、广发三万”。"
WHATIF_FIRST_RULE = "先还{first}：{why}"
WHATIF_FIRST_WHY = {
    "most_overdue": "它逾期最久（{days}天），征信状态最差，超过90天通常会委外催收。",
    "smallest": "它欠得最少，还清后这张卡的利息和违约金就停了，不良记录也从还清之日起算5年。",
}
WHATIF_FIRST_STEPS = (
    "顺序：① 先保证每张卡的最低还款额（逐卡计算，共约 {total_min} 元），避免每张卡再收违约金；"
    "② 余下的钱集中还：{order}。各卡日利率相同（万分之五）时，利息不决定先后。"
)
WHATIF_FIRST_CARD = "{bank} 欠{amount}元，最低约{minimum}元（不还最低，违约金约{fee}元）"
WHATIF_FIRST_THRESHOLD = (
    "另外：几张卡的本金合计 {total} 元，达到恶意透支的5万元数额标准（这只是四个条件之一）；"
    "每笔还款都算还本金，再还 {gap} 元（还哪张都算）就降到5万元以下。"
)
WHATIF_NEEDS = "要算这个，我还需要知道{missing}。例如“招行欠了两万五，逾期45天”。"
WHATIF_MISSING = {"debt_amount": "欠款金额", "overdue_days": "逾期多少天", "cards": "您有哪几张卡、各欠多少"}
WHATIF_MENU = "可以这样问我：“先还5000利息能少多少”“拖到下个月会多多少”“现在一次还清要多少”“分36期每月多少”“只还最低会怎样”“先还哪张”。"
WHATIF_ASSUMPTIONS = "计算假设：\n{lines}"
BRIEF_LEAD_REPEAT = "（上面已详细说过）"
REPEAT_FIGURE = "和上面算的一样："
CONSEQ_YOU = "您逾期{days}天，{owed}"
CONSEQ_IF = "如果逾期{days}天（假设，您记下的情况不变），{owed}"
CRIMINAL_TOTAL = "{count}张卡的本金合计{total}元，按合计金额对照数额标准。\n"
INTEREST_SHORT = "利息约 {interest} 元，违约金约 {penalty} 元，合计应还约 {total} 元（计算假设见上文）。"
# The recap's change-a-fact buttons. Sent by the actions, not from domain.yml: Rasa would try to fill the
# payload's JSON braces as template slots (and log an error on every reply).
FACT_BUTTONS = [
    {"title": "改银行", "payload": '/correct_fact{"fact":"bank"}'},
    {"title": "改欠款", "payload": '/correct_fact{"fact":"debt_amount"}'},
    {"title": "改天数", "payload": '/correct_fact{"fact":"overdue_days"}'},
]

# ---- issue 12b (care): the facts of the bank-call script (utter_script_bank_call; actions/scripts.py) -----------
# what the person says about their case, filled from the case model (bot/case.py); blanks when unknown
SCRIPT_BLANK = "＿＿"
SCRIPT_DEBT_ONE = "我目前欠款约{amount}元"
SCRIPT_DEBT_MANY = "我一共有{count}张信用卡逾期（{items}），合计欠款约{total}元"
SCRIPT_DEBT_UNKNOWN = "我目前欠款约＿＿元"
SCRIPT_DAYS = "，已经逾期约{days}天"
SCRIPT_REASON = "。{reason}，现在无力全额还款"
SCRIPT_REASON_UNKNOWN = "。因为＿＿（失业、生病、收入下降等），现在无力全额还款"
SCRIPT_MONTHLY = "。我每月收入约{income}元，必要开支约{expenses}元，每月最多能还{budget}元。"
SCRIPT_ASK_FITS = "分{periods}期、每月还{budget}元，并请考虑停收利息、减免违约金。"
SCRIPT_ASK_SHORT = "最长分60期、每月还{budget}元；按这个数60期还不完，请减免部分利息和违约金。"
SCRIPT_ASK_UNKNOWN = "分＿＿期、每月还＿＿元（说您确定能做到的数），并请考虑停收利息、减免违约金。"
SCRIPT_MY_CARD = "信用卡"
