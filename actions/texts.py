"""User-facing sentences built in code (the rest are domain.yml responses).

The intent descriptions of 「您是想问…吗？」 live in bot/topics/registry.yml (issue 11: one catalog per
vocabulary).
"""

# ---- what-ifs, the case recap and compound answers (issue 11; actions/whatif.py) ----------------------
# Each first line is the verdict or figure (the first bubble on a phone); details go to a second bubble.
RECAP = "我记下的情况：{items}。"
RECAP_CARD = "{bank} {amount}元{days}"
RECAP_DAYS = " 逾期{days}天"
RECAP_NOT_OVERDUE = " 未逾期"
RECAP_DAYS_AT_LEAST = " 逾期超过{days}天（按{days}天算）"
RECAP_BANK_UNKNOWN = "银行未知"
RECAP_PRINCIPAL = "（本金{principal}元）"
# a hypothetical (如果/要是/假如) is answered as such and never restated as the person's fact
HYPOTHETICAL = "如果{items}（只是假设，您记下的情况不变）："
HYPO_ITEMS = {
    "overdue_days": "逾期{value}天",
    "debt_amount": "欠款{value}元",
    "bank": "是{value}的卡",
    "monthly_budget": "每月能还{value}元",
    "installments": "分{value}期",
    "monthly_income": "月收入{value}元",
    "monthly_expenses": "每月必要支出{value}元",
}
WHATIF_PAY_LATER = "{label}再还（{delay}天后）比今天还清多付约 {extra} 元：利息多 {interest} 元，违约金多 {penalty} 元。"
WHATIF_PAY_LATER_GRACE = "{label}再还仍在容时期内（逾期{days}天，容时{grace}天），通常视同按时还款，不多付利息和违约金。"
WHATIF_PAY_LATER_CODE = "征信还款状态一般会从“{before}”变成“{after}”。"
WHATIF_PAY_LATER_DETAIL = "今天还清约 {today} 元；{label}还清约 {later} 元。"
# 「如果我就这样拖着不管 再拖三个月会怎么样」 (issue 19): today's days + the delay → what is reached; short first
WHATIF_DELAY = (
    "{label}再还（到逾期约{days}天）比今天还清多付约 {extra} 元（利息 {interest} 元、违约金 {penalty} 元，平均每月约 {per_month} 元）；"
    "征信还款状态一般从“{before}”变成“{after}”{worst}。逾期越久，通常越可能被银行起诉。"
)
WHATIF_DELAY_SAME_CODE = (
    "{label}再还（到逾期约{days}天）比今天还清多付约 {extra} 元（利息 {interest} 元、违约金 {penalty} 元，平均每月约 {per_month} 元）；"
    "征信还款状态一般仍是“{after}”{worst}，记录自还清之日起保存5年。逾期越久，通常越可能被银行起诉。"
)
WHATIF_DELAY_WORST = "（最重一档：逾期180天以上）"
WHATIF_DELAY_CRIMINAL_CROSSED = "本金合计{principal}元，达到5万元：最早约在逾期{earliest}天，恶意透支的时间条件就可能满足，就在这段时间之内。"
WHATIF_DELAY_CRIMINAL_ALREADY = "本金合计{principal}元，达到5万元：逾期已{days}天，恶意透支的时间条件可能已经满足（无法判断，看两次有效催收的时间）。"
WHATIF_DELAY_CRIMINAL_WHY = (
    "恶意透支（刑法第196条）要四个条件同时满足：本金5万元以上；两次有效催收、间隔至少30天；之后超过3个月仍不还；以非法占有为目的。"
    "时间条件最早约在逾期{earliest}天满足（到期次日起第一次催收，30天后第二次，再过3个月）。非法占有目的不能只凭还不上就认定，"
    "但逃避催收、换联系方式、转移财产会被推定有这个目的；接银行电话、保持联系、能还多少还多少，有助于说明没有这种目的，但不是保证。"
)
WHATIF_DELAY_SUIT = (
    "起诉：违约后银行任何时候都可以起诉，没有固定天数（诉讼时效3年，每次催收重新起算）；判决、调解书等生效后仍不还，"
    "法院可以限制高消费，列入失信被执行人要另有拒不履行等情形，不是自动的。"
)
WHATIF_DELAY_STAGES = "这段时间会进入：\n{lines}"
WHATIF_PAY_OFF = "今天一次还清约需 {owed} 元：本金 {principal} 元 + 利息 {interest} 元 + 违约金 {penalty} 元。"
WHATIF_PAY_OFF_GRACE = "今天一次还清需 {owed} 元：还在容时期内，通常视同按时还款，不计利息和违约金。"
WHATIF_PAY_OFF_WAIT = "比拖一个月再还少付约 {wait} 元。"
# 「先还一万有用吗」: the verdict first (有用 / 作用有限) with what the payment saves or stops, the rest on request
WHATIF_PAY_NOW_USEFUL = (
    "有用：先还 {amount} 元够补上目前到期的最低还款额（{estimated}约 {minimum} 元），下个还款日就不会再收新的违约金，"
    "逾期也不会继续往后累积；接下来30天利息约少 {interest} 元，违约金约少 {penalty} 元。还剩约 {remaining} 元，利息照算。")
# below the minimum it still helps: never 「作用有限」 as a verdict that discourages paying (persona trial s9 N3 #13)
WHATIF_PAY_NOW_LIMITED = (
    "有用，但还不够最低还款额：先还 {amount} 元，接下来30天利息约少 {interest} 元、违约金约少 {penalty} 元；目前到期的最低还款额"
    "（{estimated}约 {minimum} 元，还差 {shortfall} 元）没补上，下个还款日仍算逾期、还会收违约金。还剩约 {remaining} 元；"
    "凑够最低还款额，作用更大。")
# all of the payment settles 违约金 already charged (persona trial s9 N3 #13: 「利息约少0.00元」 with no reason, a year
# overdue): what it lowers, and why the interest does not fall at once (the engine's order, a practice: hedged)
WHATIF_PAY_NOW_FEES_FIRST = (
    "有用：先还 {amount} 元，欠款从约 {owed} 元降到约 {remaining} 元。接下来30天利息一般不会少：还款通常先抵已产生的违约金"
    "（约 {fees} 元，违约金本身不计利息），计息的欠款没变，以领用合约为准。")
WHATIF_PAY_NOW_PENALTY_SAVED = "下个还款日的违约金约少 {penalty} 元。"
# DOMAIN §4: every repayment counts as principal; the 5万 line said with the person's own figure
WHATIF_PAY_NOW_PRINCIPAL = "算恶意透支的本金时，每笔还款都算还本金（按您说的 {principal} 元，还后 {after} 元）；能还多少还多少，也说明您有还款意愿。"
WHATIF_PAY_NOW_PRINCIPAL_BELOW = (
    "算恶意透支的本金时，每笔还款都算还本金：按您说的 {principal} 元，还后 {after} 元，低于5万元的数额标准（这只是四个条件之一）。"
    "能还多少还多少，也说明您有还款意愿。")
WHATIF_PAY_NOW_GOODWILL = "能还多少还多少，也说明您有还款意愿，和银行协商时用得上。"
WHATIF_PAY_NOW_FEES_FIRST_MORE = (
    "如果银行先抵计息的欠款，接下来30天利息约少 {alt} 元。{amount} 元不够目前到期的最低还款额（{estimated}约 {minimum} 元），"
    "逾期不会因此结束；想少付利息和违约金，可以跟银行协商个性化分期、申请减免违约金。")
WHATIF_PAY_NOW_ALL = "有用：{amount} 元够今天一次还清（约 {owed} 元），之后不再产生利息和违约金；比拖30天少付约 {saved} 元。"
WHATIF_PAY_NOW_FEES = "还款通常先抵违约金等费用（约 {fees} 元，这部分本身不计息），其余才减少计息的欠款（以银行规定为准）。"
WHATIF_COVERS_YES = "够：{amount} 元不少于最低还款额约 {minimum} 元（{basis}）。"
WHATIF_COVERS_NO = "不够：最低还款额约 {minimum} 元（{basis}），{amount} 元还差 {shortfall} 元。"
WHATIF_COVERS_BASIS_GIVEN = "按您说的账单最低还款额"
WHATIF_COVERS_BASIS_RATIO = "按{bank}通常的本金{ratio}估算，以账单为准"
WHATIF_COVERS_BASIS_OVERDUE = "按{bank}的规则估算：逾期后最低还款额还包括此前未还的最低额、利息和违约金，以账单为准"
WHATIF_COVERS_NOTE = "要在到期还款日（含容时期）之前还上才算；还了最低一般不再收违约金（以领用合约为准），但利息照算，已有的逾期记录也不会消失。"
WHATIF_INSTALMENTS = (
    "分{periods}期，两种办法：① 个性化分期（停息挂账，假设停息）：{balance} 元每月约 {personal} 元，不多付利息；"
    "② 账单分期（每期手续费{rate}，{rate_note}）：本金 {principal} 元每月约 {bill} 元，手续费共 {fee} 元，真实年化约 {apr}。"
)
# 「每月多少 付得起吗」 (persona trial s7 L2 #10): the verdict on the 账单分期 monthly figure from the person's own figures
WHATIF_AFFORD_YES = "付得起：账单分期每月约 {pay} 元，{basis}，付完每月还剩约 {left} 元。"
WHATIF_AFFORD_NO = "按您的情况付不起：账单分期每月约 {pay} 元，{basis}，每月还差约 {short} 元。"
WHATIF_AFFORD_SURPLUS = "您每月收入 {income} 元、必要支出 {expenses} 元，剩 {room} 元"
WHATIF_AFFORD_SURPLUS_FAMILY = "家里每月给您 {income} 元、必要支出 {expenses} 元，剩 {room} 元"
WHATIF_AFFORD_DEFICIT = "您每月收入 {income} 元、必要支出 {expenses} 元，支出比收入多 {gap} 元"
WHATIF_AFFORD_DEFICIT_FAMILY = "家里每月给您 {income} 元、必要支出 {expenses} 元，支出比家里给的多 {gap} 元"
# 「付得起嗎」 alone after the plan's figure (persona trial s7 L2): the plan's monthly payment against the same room
AFFORD_PLAN_YES = "付得起：计划每月还 {pay} 元，{basis}，还完每月还剩约 {left} 元。"
AFFORD_PLAN_NO = "按您的情况付不起：计划每月还 {pay} 元，{basis}，每月还差约 {short} 元。"
AFFORD_PLAN_NOTHING = "按您的情况现在每月没有余钱还款（{basis}）：申请书写的是暂缓还款，不承诺每月还多少。"
AFFORD_NEEDS = "要看付不付得起，我需要您每月的收入和必要支出（或每月最多能还多少），例如“收入5000 支出3900”。"
AFFORD_WHICH = "您想看哪个每月还款额付不付得起？例如“分12期 每期手续费0.6% 每月多少 付得起吗”，或者说“帮我做还款计划”。"
WHATIF_AFFORD_BUDGET = "您说每月最多能还 {room} 元"
WHATIF_RATE_EXAMPLE = "常见示例费率"
WHATIF_RATE_SAID = "按您说的费率"
# not overdue, or not known to be (persona trial s10 P4 #3: 个性化分期 offered first, as the cheaper way, to someone due in
# 5 days who can pay): only the 账单分期 figure; 个性化分期 is for a debt beyond the ability to pay (DOMAIN §5)
WHATIF_INSTALMENTS_BILL = (
    "分{periods}期（账单分期，每期手续费{rate}，{rate_note}）：本金 {principal} 元每月约 {bill} 元，手续费共 {fee} 元，"
    "真实年化约 {apr}。"
)
WHATIF_INSTALMENTS_NOT_OVERDUE_NOTE = (
    "账单分期要向银行申请，能否办理、费率多少以银行为准；分期的部分每期按时还就不算逾期，没有最低还款。"
)
WHATIF_INSTALMENTS_UNKNOWN_NOTE = (
    "账单分期要向银行申请，能否办理、费率多少以银行为准；已经逾期的卡一般办不了账单分期。个性化分期（停息挂账）是逾期后确实还不上时向银行申请的，"
    "银行“可以”同意也可以不同意（2011办法第七十条）。"
)
WHATIF_INSTALMENTS_CAP = "最长60期（5年），以下按60期算。"
WHATIF_INSTALMENTS_NOTE = (
    "个性化分期要向银行申请，银行“可以”同意也可以不同意，是否停息要协商（2011办法第七十条）；已经逾期的卡一般办不了账单分期，能否办理、费率多少以银行为准。"
)
WHATIF_INSTALMENTS_ASK = "想分多少期？例如“分36期每月多少”，我把两种分期办法都算给您。"
WHATIF_MIN_ONLY = "连续{months}个月只还最低：利息共约 {interest} 元，{months}个月后仍欠约 {remaining} 元。"
WHATIF_MIN_ONLY_SAVED = "比一直不还少付约 {saved} 元利息和违约金，也不再新增违约金。"
WHATIF_MIN_ONLY_CATCH_UP = "补上之后按今天的欠款 {balance} 元估算，首月最低约 {first} 元。"
# 「只还最低的话征信会显示逾期吗」: the verdict before the figures (persona trial D4)
# DOMAIN §1 [practice]: said with 通常 and the contract, as bot/facts.yml min_payment_effect (audit s7)
WHATIF_MIN_ONLY_VERDICT = "按时还上最低还款额，通常不算逾期：征信一般显示正常（N），不收违约金，但利息照算（以领用合约为准）。"
WHATIF_MIN_ONLY_VERDICT_OVERDUE = (
    "按时还上最低还款额，通常不算逾期（征信一般显示N，利息照算，以领用合约为准）；但已经逾期，要先补上目前到期的最低还款额约 {catch_up} 元"
    "才恢复正常，已逾期的{days}天仍会记入征信。"
)
WHATIF_MIN_ONLY_FIRST = "首月最低约 {first} 元。"
WHATIF_FIRST_ONE_CARD = "您只告诉了我一张卡（{card}），就先还它。有几张卡的话一起告诉我，例如“招行两万、广发三万”。"
WHATIF_FIRST_RULE = "先还{first}：{why}"
# no income (persona trial s9 N5 #4: lost her job, 5,000 left, rent 2,000, got 「先还广发：欠得最少」): living money first
# (DOMAIN §5: what is paid never exceeds income − essential expenses; nothing to spare → hardship and deferment), the
# card with the smallest minimum kept current if money is left, the others negotiated
WHATIF_FIRST_LIVING = (
    "先留够房租、吃饭的钱，再说还卡：没有收入时，还款不该挤占生活费。留够之后还有余钱，先保住{keep}：还上它的最低还款"
    "（约{minimum}元，以账单为准），通常就不再收违约金；{others}打卡背面的客服电话说明困难，申请个性化分期或暂缓，只答应做得到的数。"
)
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
# 「我现在要还多少才能不让它越来越严重」 with the statement's figures (issue 19, persona trial C5): the figure first
STOP_LOSS_FIGURES_NOW = (
    "{card}现在至少要还约 {total} 元，才能不让它继续扩大：上期最低还差 {unpaid} 元（最低应还 {minimum} 元，已还 {paid} 元）"
    "+ 违约金约 {penalty} 元 + 到今天的利息约 {interest} 元（按逾期{days}天估算，以银行账单为准）。"
    "已经产生的逾期记录会保留；下期最低还款会把没还清的部分算进去，按时还上就不再添新的逾期。"
)
# 「每月1000要还几年」「13万 每月1000 60期够不够」 (issue 19): the verdict first, the gap as a matter for negotiation
WHATIF_BUDGET_SHORT = (
    "不够：{total} 元按每月 {monthly} 元要还{needed}期（约{years}年），银行的个性化分期一般最长{periods}期。"
    "{periods}期还清每月要约 {needed_monthly} 元，每月还差 {gap} 元；按每月 {monthly} 元，{periods}期共还 {covered} 元，还差 {total_gap} 元。"
)
# 「四万七要还多久」 with no monthly amount told (persona trial s7): what it depends on, and 60 periods' monthly figure
WHATIF_HOW_LONG_NEEDS_BUDGET = (
    "要看每月还多少：{total} 元如果银行同意个性化分期最长60期并停息，每月约 {per60} 元；利息照算的话每月要更多。"
    "告诉我每月能还多少（例如“每月还1000”），我算要多少期、共付多少利息。")
WHATIF_BUDGET_FITS = "够：{total} 元按每月 {monthly} 元，{needed}期（约{years}年）还清，在{periods}期之内。"
WHATIF_BUDGET_SHORT_NEXT = (
    "差额这部分要和银行谈：打卡背面的客服电话申请个性化分期，说清收入、必要开支和每月最多能还多少，"
    "请求减免利息和违约金（或就本金差额另行协商）；银行可以同意也可以不同意，不保证。已经逾期的卡一般办不了账单分期。"
    "说“帮我做还款计划”，我把差额写进给银行的申请书。"
)
WHATIF_BUDGET_FITS_NEXT = (
    "这要向银行申请个性化分期（最长60期），银行可以同意也可以不同意，是否停息要协商（2011办法第七十条）；"
    "已经逾期的卡一般办不了账单分期。说“帮我做还款计划”，我按这个数写申请书。"
)
# 「要是工资降到5000呢 还能按这个还吗」「如果收入只有5000 计划会变成怎样」 (issue 19): the plan recomputed for this
# answer only, after the 「如果…（只是假设，您记下的情况不变）：」 line; nothing is stored
WHATIF_PLAN = {
    "plan": "每月能还 {limit} 元，计划变成每月还 {monthly} 元、分{periods}期还清{than_now}。",
    "partial": "每月最多能还 {limit} 元（{limit_why}），60期（最长5年）共还 {covered} 元，比欠款 {total} 元还差 {shortfall} 元{than_now}。",
    "hardship": "扣除必要支出后每月没有余钱，按月还款排不出来，只能向银行说明困难、申请暂缓还款{than_now}。",
    "unknown": "计划是每月还 {monthly} 元、分{periods}期{than_now}。",
}
WHATIF_PLAN_LIMIT_WHY = "收入{income}元减必要支出{expenses}元"
WHATIF_PLAN_LIMIT_BUDGET = "您说的每月能还的数"
WHATIF_PLAN_THAN_NOW = "（按记下的情况是每月 {monthly} 元、{periods}期）"
WHATIF_PLAN_THAN_NOW_PARTIAL = "（按记下的情况每月最多 {offered} 元、60期还差 {shortfall} 元）"
WHATIF_PLAN_GAP = (
    "差额要和银行谈：申请个性化分期时说清收入变化，请求减免利息和违约金，仍不够的部分另行协商；银行可以同意也可以不同意。"
    "收入真的降了，再告诉我“收入是5000”，我按新收入改申请书；现在的申请书仍按您记下的收入写。"
)
WHATIF_PLAN_NOTE = "这只是假设，您记下的收入没有改，申请书仍按记下的情况写；收入真的变了，直接告诉我“收入是…”。"
WHATIF_PLAN_NEEDS = "要按这个假设算计划，我还需要知道{missing}。"
WHATIF_PLAN_MISSING = {"debt_amount": "您欠多少（各张卡）", "monthly_expenses": "每月必要支出大概多少"}
WHATIF_NEEDS = "要算这个，我还需要知道{missing}。例如“招行欠了两万五，逾期45天”。"
WHATIF_MISSING = {"debt_amount": "欠款金额", "overdue_days": "逾期多少天", "cards": "您有哪几张卡、各欠多少"}
WHATIF_MENU = "可以这样问我：“先还5000利息能少多少”“拖到下个月会多多少”“现在一次还清要多少”“分36期每月多少”“只还最低会怎样”“先还哪张”。"
WHATIF_ASSUMPTIONS = "计算假设：\n{lines}"
BRIEF_LEAD_REPEAT = "（上面已详细说过）"
# 「会不会坐牢啊 … 我好怕」 (ui-s7 A5): the fear heard in one line, then the verdict with her figures
WORRIED_ACK = "听得出您很担心，我们按您的情况一条条看："
REPEAT_FIGURE = "和上面算的一样："
CONSEQ_YOU = "您逾期{days}天，{owed}"
CONSEQ_NOT_DUE = "您还没逾期，{owed}"  # 0 days is 「未逾期」, never 「逾期0天」 (trial s7 K5 #4/#8)
CONSEQ_IF = "如果逾期{days}天（假设，您记下的情况不变），{owed}"
# figure answers (actions/finance_answers.py)
BANK_DEFAULT = "通用（默认）"
# what the cost counts, said (ui-s7 A2: 25.69 % silently held the 违约金): the same words as LONG_COST
ANNUALISED_COST = "利息和违约金合计折合年化成本约{cost}（按记账日到今天约{days}天折算）。"
# beside the total of a long projection (bot.finance.projection.LONG_PROJECTION_DAYS; issue 23 item 9)
LONG_COST = "利息和违约金合计折合年化约{cost}。"
LONG_COST_HIGH = "利息和违约金合计折合年化约{cost}，高于司法实践常用的24%参考线：被起诉时，您可以请求法院调减过高的部分。"
METHOD_UNVERIFIED = "不同银行计息方式不同（全额罚息或只对未还部分计息），请以您的账单为准。"
SAME_FIGURE_INTEREST = "利息约 {interest} 元"
SAME_FIGURE_TOTAL = "合计应还约 {total} 元"
SAME_FIGURE_DAYS = "逾期{days}天"
CARD_INTEREST_LINE = "{card}：按{bank}的规则，利息约{interest}元，违约金约{penalty}元"
THIS_CARD = "该卡"
# a card named by no bank in the unsure-figure question (actions/case_slots.py unsure_question)
THIS_CARD_SPOKEN = "这张卡"
PENALTY_ESTIMATE = (
    "{card}按欠款{principal}元、最低还款额约{minimum}元（{ratio}，通常值）估算，每错过一次到期还款日，违约金约{penalty}元。\n"
)
# a card overdue past one due date (ui-s7 B2: 75 for the first month only, after three months): each miss's 违约金 and
# what they add up to, since later minimums carry the unpaid ones
PENALTY_ESTIMATE_SO_FAR = (
    "{card}：到现在违约金合计约{total}元——逾期{days}天错过{count}次还款日，依次约{each}元（最低还款额按欠款{ratio}估算，"
    "后面的还含前面没还的部分，所以一次比一次多）。\n"
)
PENALTY_SO_FAR_ALL = "{count}张卡的违约金到现在合计约{total}元。\n"
# 「还了是不是就不算逾期了」 at a card already late past its grace days: the lateness stays (DOMAIN §3)
STILL_OVERDUE = ("现在还款不会让已经逾期的{days}天变成“不算逾期”：逾期已经发生，一般会在银行下一次报送时记入征信；"
                 "现在还上，能让逾期不再加深。")
STILL_OVERDUE_AT_LEAST = ("现在还款不会让已经逾期的{days}多天变成“不算逾期”：逾期已经发生，一般会在银行下一次报送时记入征信；"
                          "现在还上，能让逾期不再加深。")
# the minimum and what was already paid on it, as the person said them (「最低还款3000 我已还了500」)
# a budget of 0 in the facts noted (「一分都拿不出来」): never 「每月能还0元」
FACT_NO_BUDGET = "现在每月拿不出钱还款"
# the bank is not known: the floor and cap of each bank's rule may change the figure (DOMAIN §2 table)
PENALTY_BANK_LIMITS = "不少银行另有最低或最高金额（例如招商银行最低10元、工商银行最高500元），告诉我是哪家银行，我按该行的规则算。"
PENALTY_ESTIMATE_MIN = "{card}最低还款额{minimum}元未还：这次到期违约金约{penalty}元（未还部分×{rate}）。\n"
PENALTY_ESTIMATE_PAID = (
    "{card}最低还款额{minimum}元，已还{paid}元，未还的最低还款{unpaid}元：这次到期违约金约{penalty}元（未还部分×{rate}）。\n"
)
CARD_PREFIX = "{bank}："
# an overdue card: today's balance, the same basis as the 「只还最低会怎样」 what-if (persona trial D4: two figures)
MIN_ESTIMATE_TODAY = "今天的欠款{balance}元（本金{principal}元加已产生的利息和违约金）"
MIN_ESTIMATE_PRINCIPAL = "欠款{principal}元"
MIN_ESTIMATE = (
    "{card}按{basis}估算：第一期最低还款约{first}元；如果连续{months}个月只还最低，共付利息约{interest}元，"
    "{months}个月后仍欠约{remaining}元。\n"
)
# what paying the minimum does (utter_min_payment_result {status}): 「按时」 only when not yet overdue (persona trial F1:
# 20 days overdue and told 「不算逾期，征信显示正常（N）」); overdue, the overdue has happened, paying now stops it growing
MIN_STATUS_ON_TIME = "按时还足最低还款额，通常不算逾期：征信一般显示正常（N），也不收违约金；但利息照算，"
# several cards, some not yet due (persona trial s9 N5 #12: 「您已经逾期60天」 said of both cards): each card by its bank
MIN_STATUS_NOT_DUE_CARDS = "{banks}还没逾期：到期还款日前还足最低还款额，通常不算逾期，征信一般显示正常（N），也不收违约金。"
MIN_STATUS_OVERDUE_CARD_HEAD = "{bank}已经逾期{days}天，"
MIN_STATUS_OVERDUE_HEAD = "您已经逾期{days}天，"
MIN_STATUS_OVERDUE = (
    "{head}这次逾期已经发生：只有在到期还款日前（或银行给的容时期内）还足最低还款额，征信一般才显示正常（N），现在还也变不回“按时还款”；"
    "违约金已按上次没还足的最低额收过，逾期一般会在下次报送时记入征信。"
    "但现在先还上最低还款额（含上期没还足的部分）仍然有用，能让它不再变得更严重：下一个还款日前还足，就不会再收新的违约金，逾期也不会继续往后累积；"
    "利息照算，"
)
# 「广发的下周才到期 我先还广发最低还款可以吗 这样广发就不逾期了吧」: the yes/no first, for the card asked about (N5 #12–#13)
MIN_YES_NOT_DUE = (
    "是的：{bank}还没到还款日，到期还款日前还足{bank}的最低还款额，通常就不算逾期：征信一般显示正常（N），也不收违约金；"
    "但利息照算（多数银行按整笔账单计息，以领用合约为准）。"
)
MIN_OTHER_OVERDUE = "{bank}已经逾期{days}天，这次逾期已经发生：现在还上它的最低还款额（含上期没还足的部分）能让它不再变得更严重，但变不回“按时还款”。"
MIN_METHOD_FULL = "实行全额罚息的银行会对整笔账单自记账日起计息。"
MIN_METHOD_UNPAID = "该行通常只对未还部分计息。"
# a card not yet due asks whether it can take a 账单分期 (persona trial s9 N4 #9–#12: told 「已经逾期的卡…」 four times)
INSTALLMENT_NOT_DUE = (
    "可以申请：{bank}还没到还款日、还没逾期，到期还款日前可以向银行申请账单分期（要银行审批，手续费以银行报价为准）；"
    "办下来后按期还上每期的钱，通常就不算逾期。"
)
INSTALLMENT_EXAMPLE_NOTE = "（这是示例；告诉我金额和期数，例如“3万分12期”，我按您的情况算。）"
# the person's own amount with the example's periods (trial s7 K5 #17: 12,000 known, the 30,000 example given)
INSTALLMENT_YOURS_NOTE = "（按您的欠款、以{periods}期为例，每期费率0.6%是常见示例，以银行报价为准；想算别的期数，告诉我例如“分6期”。）"
INSTALLMENT_RATE_NOTE = "（每期费率0.6%为常见示例，请以银行报价为准。）"
# the fee the person said (persona trial s8 M5 #6/#7: 0.75 said, 0.6 used)
INSTALLMENT_SAID_RATE_NOTE = "（按您说的每期费率{rate}，以银行报价为准。）"
INSTALLMENT_YOURS_RATE_NOTE = "（按您的欠款、以{periods}期为例，按您说的每期费率{rate}，以银行报价为准；想算别的期数，告诉我例如“分6期”。）"
# 「跟只还最低比哪个划算」: the two costs over the same months
INSTALLMENT_COMPARE_CHEAPER = (
    "\n比一比这{months}个月：只还最低，利息约 {interest} 元，到时还欠约 {remaining} 元；账单分期手续费 {fee} 元，{months}期还清。"
    "分期少付约 {diff} 元，但每期要还 {per_period} 元。"
)
INSTALLMENT_COMPARE_DEARER = (
    "\n比一比这{months}个月：只还最低，利息约 {interest} 元，但到时还欠约 {remaining} 元；账单分期手续费 {fee} 元，{months}期还清，"
    "每期要还 {per_period} 元。"
)
CONSEQ_OWED = "欠款{principal}元"
CONSEQ_OWED_UNKNOWN = "欠款未知"
NONE_LINE = "· 暂无"

# consequences and criminal risk (actions/consequences.py); the facts themselves are in bot/facts.yml
STAGE_LINE = "【{title}】{text}（{certainty}：{source}）"
STATUS_MARK = {"met": "✔ 满足", "not_met": "✘ 不满足", "unknown": "？ 无法判断"}
CONDITION_LINE = "{label}：{mark}——{note}"
# the four conditions in a few words for the first bubble (the full labels: bot/finance/templates.py)
CONDITION_SHORT = {"principal": "本金5万元以上", "collections": "两次有效催收、间隔30天以上",
                   "three_months": "催收后超过3个月不还", "intent": "非法占有目的"}
CONSEQ_CRIMINAL = "是否涉及刑事：{summary}"
CONSEQ_CRIMINAL_NO_PRINCIPAL = "是否涉及刑事：须本金5万元以上等四个条件同时满足；告诉我欠款本金可以逐条对照。"
CONSEQ_BANKS = "（{banks}）"
MYTH_LINE = "“{myth}”——{correction}"
CRIMINAL_TOTAL = "{count}张卡的本金合计{total}元，按合计金额对照数额标准。\n"
# 「还了三千本金变成四万九 是不是就不够五万了」: a payment's what-if answered as one, and the verdict on what is owed now
# (persona trial G3: the what-if was stored and 「目前不符合」 drawn from it); DOMAIN §4: every repayment counts as principal
CRIMINAL_WHATIF_PAID = (
    "如果真的先还了{paid}元：本金约{then}元，{verdict}（每笔还款都算作还本金，看的是还款后还没还上的本金）。"
    "但您现在还没还，本金是{now}元，下面按现在的情况判断；其他条件照样要看。能还多少先还多少、保持联系，有助于说明没有非法占有目的，但不是保证。\n"
)
CRIMINAL_WHATIF_BELOW = "低于5万元，数额这一条就不满足了"
CRIMINAL_WHATIF_ABOVE = "仍在5万元以上，数额这一条仍然满足"
# another debt named beside the cards (persona trial H1: 「招行5万 建行3万 中信两万 还有个网贷4万…会不会坐牢」): 恶意透支 is
# a credit-card offence (刑法第196条), so only the cards' principal counts (DOMAIN §4)
CRIMINAL_OTHER_DEBT = "网贷、花呗这类不是信用卡欠款，不算进这个本金里。\n"
# 「一天多少利息」: the figure of one day from the stored principal (DOMAIN §1: 0.05 %/day is the default rate)
INTEREST_PER_DAY = ("按日利率万分之五（多数合约的约定，以您的领用合约为准）：本金{principal}元 × 0.05% ≈ 每天{daily}元利息，"
                    "一个月约{monthly}元。")
INTEREST_PER_DAY_CARD = "{bank}：本金{principal}元，每天约{daily}元"
# already repaid (「我已经还了5000」): interest on what is left (DOMAIN §1), the repayment day assumed and said
OWED_AFTER_PAID = "{principal}元，已还{paid}元，剩余{remaining}"
# how the figures were computed, in one line beside them (probe E01: 「利息现在是怎么算的 会不会越滚越多」 got bare figures)
INTEREST_HOW = (
    "怎么算的：按日息{rate}（{method}）从记账日起计息，已出账单的利息每月并入本金再计息（复利，通常做法）；"
    "违约金每次按最低还款未还部分的{penalty_rate}收，本身不计利息。"
)
INTEREST_SHORT = "利息约 {interest} 元，违约金约 {penalty} 元，合计应还约 {total} 元（计算假设见上文）。"
# The recap's change-a-fact buttons. Sent by the actions, not from domain.yml: Rasa would try to fill the
# payload's JSON braces as template slots (and log an error on every reply).
FACT_BUTTONS = [
    {"title": "改银行", "payload": '/correct_fact{"fact":"bank"}'},
    {"title": "改欠款", "payload": '/correct_fact{"fact":"debt_amount"}'},
    {"title": "改天数", "payload": '/correct_fact{"fact":"overdue_days"}'},
]

# ---- the summary card before the letter and the letter's delivery (issue 13; actions/plan.py) ---------
SUMMARY_TITLE = "我记下的情况（生成申请书前请核对）："
SUMMARY_TITLE_CHANGED = "已更新。我记下的情况（生成申请书前请再核对一次）："
SUMMARY_CARD = "· {bank}：欠款{amount}元（{basis}）{days}"
SUMMARY_CARD_DAYS = "，逾期{days}天"
SUMMARY_CARD_NOT_DUE = "，未逾期"
SUMMARY_BASIS_STATEMENT = "账单应还"
SUMMARY_BASIS_PRINCIPAL = "您说的数，以银行账务为准"
# 「本金3万」 / 「本金3万 现在欠3万4」 (issue 23): which figure is the principal
SUMMARY_BASIS_PRINCIPAL_ONLY = "您说的本金，以银行账务为准"
SUMMARY_BASIS_PRINCIPAL_WITHIN = "您说的数，其中本金{principal}元，以银行账务为准"
SUMMARY_BASIS_TOTAL = "您说的合计"
# the statement and what was paid on it or is owed now, each in its role (trial s6 I3 #14)
SUMMARY_BASIS_PAID = "账单应还{statement}元，已还{paid}元，以银行账务为准"
SUMMARY_TOTAL = "· 合计：{total}元"
SUMMARY_INCOME = "· 每月收入：{value}"
SUMMARY_EXPENSES = "· 每月必要支出：{value}"
# money said to go out every month besides (fix4): shown, and taken off what is left
SUMMARY_COMMITMENTS = "· 每月另外固定要付：{items}（从每月结余里扣掉，不算能还信用卡的钱）"
SUMMARY_COMMITMENT = {"set_aside": "留给家人{amount}元", "other_debt_payment": "其他借款月供{amount}元"}
SUMMARY_BUDGET = "· 每月能拿出来还款：{value}"
# a figure of the summary; a missing one is SUMMARY_MISSING alone (「未说」, never 「未说元」)
SUMMARY_YUAN = "{value}元"
SUMMARY_PERIODS = "· 想分：{value}期"
# a phone-sized summary (trials s6: 372–446 字 in one bubble): one short line per fact
SUMMARY_BELOW_COMMITTED = "· 扣掉固定要付的钱，每月结余{capacity}元，比您说的能还{budget}元多：申请书留空白写原因"
SUMMARY_BELOW = "· 每月结余{capacity}元，比您说的能还{budget}元多：申请书留空白写原因"
SUMMARY_MISSING = "未说"
SUMMARY_REASON = "· 困难原因：{sentence}（这句话会以您的名义写进申请书，请核对）"
# the card is a relative's (persona trial s7 L5): the letter is the cardholder's; the person's figures are theirs
SUMMARY_OWN = "您的"
SUMMARY_REASON_RELATIVE = "· 您说的情况：{sentence}（不写进申请书：困难原因留空白，由持卡人本人填写）"
SUMMARY_FOR_RELATIVE = (
    "· 申请书以持卡人（您{relation}）的名义写，由持卡人本人签字、向银行申请；您的收入和开销不写进去，"
    "只写“家人每月帮着还”您说的数"
)
SUMMARY_REASON_EMPTY = "（未说，申请书留空白，请手写）"
# a reason that says the money went on spending of one's own choosing (「之前乱刷买了手机跟课程」, persona trial s7 L2 #13–#14:
# printed in a bank letter without a word): said once, in the person's own words, never rewritten or taken out unasked
SUMMARY_REASON_SPENDING = (
    "· 请注意：“{sentences}”这句话会原样写进申请书，银行会看到（可能被看作自己过度消费）。是否保留？"
    "保留就直接确认；不想写，说“把{first}那句删掉”"
)
# the family's monthly allowance of a student (「家裡每月給我5000」, persona trial s7 L2 #14): not called 收入
SUMMARY_INCOME_FAMILY = "· 每月生活费（家里给）：{value}"
FACT_INCOME = "月收入{value}元"
FACT_INCOME_FAMILY = "家里每月给{value}元"
# 「把亂刷那句拿掉」 when no sentence of the reason holds the words (bot/nlu/letter_edit.py)
LETTER_EDIT_NOT_FOUND = (
    "申请书的困难原因里没有找到“{words}”这句。现在写的是：{reason}\n"
    "要删哪一句，可以说“把…那句删掉”；想整段重写，点“改原因”或说“原因改成…”。"
)
REASON_BUTTON = {"title": "改原因", "payload": '/correct_fact{"fact":"hardship_reason"}'}
SUMMARY_DAY_METHOD = "· 还款日：每月{day}日；还款方式：{method}"
SUMMARY_METHOD_OPEN = "未选（以协议为准）"
# the summary's first line: the figure the letter will ask for (a phone shows it before the list of facts)
SUMMARY_VERDICT = {
    "plan": "按这些数字：每月还{monthly}元，分{periods}期还清。",
    "partial": "按这些数字：每月最多能还{offered}元，60期还差{shortfall}元；申请书会写明差额，{ask}。",
    "hardship": "按这些数字：扣除必要支出后没有余钱；申请书会说明困难、申请暂缓还款，不承诺每月还款。",
    "unknown": "按这些数字：每月还{monthly}元，分{periods}期（没有收入和支出，无法核对是否负担得起）。",
}
SUMMARY_ASK = "都对就点“确认，生成申请书”（或回复“确认”）；哪项不对，直接说对的，例如“收入是5000”。"
SUMMARY_ASK_WECHAT = "都对就回复“确认”；哪项不对，直接说对的，例如“收入是5000”“每月15号还款”“自动扣款”。"
OPTION_DAY_INVALID = "银行一般只接受每月1日到28日作还款日（29至31日不是每个月都有），这个日子没法选；请换一个1到28之间的日子，例如“每月28号还款”。"
OPTION_DAY_INVALID_KEPT = "其他记下的情况都没变，都对的话回复“确认”。"
OPTIONS_ASK = "选一个每月还款日和还款方式（都可以之后再和银行商量）："
CONFIRM_BUTTON = {"title": "确认，生成申请书", "payload": "/affirm"}
SUMMARY_BUTTONS = [
    {"title": "改欠款", "payload": '/correct_fact{"fact":"debt_amount"}'},
    {"title": "改收入", "payload": '/correct_fact{"fact":"monthly_income"}'},
    {"title": "改支出", "payload": '/correct_fact{"fact":"monthly_expenses"}'},
    {"title": "改每月能还", "payload": '/correct_fact{"fact":"monthly_budget"}'},
    {"title": "改原因", "payload": '/correct_fact{"fact":"hardship_reason"}'},
    {"title": "选还款日/方式", "payload": '/request_plan_draft{"plan_option":"menu"}'},
]
OPTION_DAYS = (1, 5, 10, 15, 20, 25)
OPTION_DAY_BUTTON = "每月{day}日"
PLAN_RESULT = {
    "plan": "还款计划（{banks}，{total_label}{total}元）：每月还 {monthly} 元，共 {periods} 期，{start} 开始，{end} 还清{last_note}。不超过您每月能拿出的钱。",
    "partial": "还款计划（{banks}，{total_label}{total}元）：60期还不清。申请书按您每月最多能还的 {offered} 元申请，写明还差 {shortfall} 元，{ask}。",
    "hardship": "您扣除必要支出后没有余钱，现在不宜承诺每月还款。申请书写成“困难情况说明及延期还款申请”（{banks}，{total_label}{total}元）：说明困难，申请暂缓还款和停止计息。",
}
# what the plan's total is (issue 23 item 20): never a bare 「合计」 beside the 「今天一次还清」 figure
PLAN_TOTAL_LABEL = {
    "principal": "按您说的欠款合计",
    "statement_balance": "按账单应还合计",
    "mixed": "按账单应还和您说的欠款合计",
}
PLAN_TOTAL_NOTE = {
    "principal": "计划金额{total}元是您说的欠款，未含银行已经计收的利息、违约金；“今天一次还清”的金额另加了利息和违约金，以银行账务为准。",
    "statement_balance": "计划金额{total}元是账单应还（含账单上的利息、违约金）；账单日以后的利息和违约金未计入，以银行账务为准。",
    "mixed": "计划金额{total}元里，有的卡按账单应还，有的按您说的欠款（未含已计收的利息、违约金），以银行账务为准。",
}
PLAN_CARD_TOTAL = {  # the widget plan card's label of the total
    "principal": "计划金额（您说的欠款，未含已产生的利息、违约金）",
    "statement_balance": "计划金额（账单应还）",
    "mixed": "计划金额（账单应还＋您说的欠款）",
}
PLAN_LAST_NOTE = "，最后一期{last}元"
PLAN_NEXT = "申请书已按您确认的情况写好{where}。下一步：打卡背面的客服电话申请个性化分期；谈好的请银行签书面协议或发短信确认。"
PLAN_FOR_RELATIVE = "申请书以持卡人（您{relation}）的名义写：要持卡人本人签字、向银行申请，协议也由持卡人本人签。"
# 「申请书里说的是啥 我要签字的吧」 while the plan form waits (reading probe s4 E01)
PLAN_LETTER_HOLDS = ("申请书写的是：欠款、每月收入和必要支出、每月能还多少、还不上的原因，申请个性化分期；"
                     "生成前先给您核对全文，由持卡人本人签字后交给银行。")
PLAN_WHERE_WIDGET = "（下面可展开、复制、下载PDF打印签字）"
PLAN_WHERE_REST = "，下面的链接可下载PDF（{hours}小时内有效），或点“查看全文”"
PLAN_WHERE_TEXT = "（见下一条）"  # no link could be made (the case store or the signing failed): the text itself
PLAN_WHERE_WECHAT = "，下面的链接可下载PDF（{hours}小时内有效）"
PLAN_DOWNLOAD_LINK = "下载申请书和还款计划表（PDF/Word）：{url}"
# the letter is not pasted into the chat (issue 23 item 19): a button shows it on request
LETTER_FULL_BUTTON = {"title": "查看全文", "payload": '/request_plan_draft{"plan_option":"letter"}'}
LETTER_OPTION = "letter"  # the plan_option value of that button
LETTER_GONE = "这份申请书已经找不到了（可能已删除）。说“生成申请书”，我按您确认的情况重新写一份。"
PLAN_NOTES = "说明：\n{notes}"


# ---- issue 12b (care): the facts of the bank-call script (utter_script_bank_call; actions/scripts.py) -----------
# what the person says about their case, filled from the case model (bot/case.py); blanks when unknown
SCRIPT_BLANK = "＿＿"
SCRIPT_BANK_BLANK = "＿＿银行"
# 「打12378怎么说、准备什么」: the preparation asked for is sent with the words, not held behind 「详细」
SCRIPT_PREPARE_WORDS = ("准备", "材料", "带什么", "要带", "确认什么", "注意什么")  # 「我要投诉＿＿银行信用卡的催收行为」: no bank recorded
SCRIPT_DEBT_ONE = "我目前欠款约{amount}元"
SCRIPT_DEBT_MANY = "我一共有{count}张信用卡逾期（{items}），合计欠款约{total}元"
SCRIPT_DEBT_SOME = "我一共有{count}张信用卡，逾期的是{items}，{not_due}还没到还款日，合计欠款约{total}元"
SCRIPT_DEBT_UNKNOWN = "我目前欠款约＿＿元"
SCRIPT_DAYS = "，已经逾期约{days}天"
SCRIPT_REASON = "。{reason}，现在无力全额还款"
SCRIPT_REASON_UNKNOWN = "。因为＿＿（失业、生病、收入下降等），现在无力全额还款"
SCRIPT_MONTHLY = "。我每月收入约{income}元，必要开支约{expenses}元，每月最多能还{budget}元。"
# the ask comes from the same plan outcome as the letter (bot/finance/plan.py: plan / partial / hardship), so the
# two can never disagree (issue 23 item 1): never more than min(budget, income − expenses) a month
SCRIPT_MONTHLY_NONE = "。我每月收入约{income}元，必要开支约{expenses}元，扣除必要开支后没有余钱。"
SCRIPT_ASK_FITS = "分{periods}期、每月还{monthly}元{last_note}，并请考虑停收利息、减免违约金。"
SCRIPT_ASK_LAST = "（最后一期{last}元）"
SCRIPT_ASK_SHORT = "最长分60期、每月还{offered}元；按这个数60期还差约{shortfall}元，{gap}"
SCRIPT_GAP = {
    "principal": "这个差额是按我说的欠款算的，请停收利息、违约金，并和我商量差额怎么处理。",
    "fees": "请减免利息和违约金。",
    "fees_and_principal": "请减免利息和违约金，减免后还差的本金请和我商量怎么处理。",
    "unknown": "请减免利息和违约金，还不够的部分请和我商量怎么处理。",
}
SCRIPT_ASK_HARDSHIP = "暂缓（延期）还款，暂缓期间停收利息和违约金。我现在没法承诺每月还多少，收入恢复后会马上联系银行协商分期。"
SCRIPT_ASK_UNKNOWN = "分＿＿期、每月还＿＿元（说您确定能做到的数），并请考虑停收利息、减免违约金。"
# several banks (trial s7 K1 #12): a call to one bank offers that bank's share of the plan, the same as its letter
# (bot/finance/plan.py bank_shares), never the monthly total of all the banks; the others and the total are said
SCRIPT_DEBT_AT_BANK = "，其中在贵行欠约{amount}元"
SCRIPT_MONTHLY_SHARED = "。我每月收入约{income}元，必要开支约{expenses}元，每月最多能还{budget}元，要按欠款比例分给{count}家银行。"
SCRIPT_ASK_FITS_BANK = "分{periods}期、每月还贵行{monthly}元{last_note}，其他银行按同样比例、同样期数还；并请考虑停收利息、减免违约金。"
SCRIPT_ASK_SHORT_BANK = "最长分60期、每月还贵行{offered}元（其他银行按同样的比例还）；按这个数60期贵行这边还差约{shortfall}元，{gap}"
# several banks and none named: each bank's share, so that whichever is called gets its own figure
SCRIPT_ASK_FITS_EACH = "分{periods}期，按欠款比例每月还{items}（打给哪家就说哪家的数），并请考虑停收利息、减免违约金。"
SCRIPT_ASK_SHORT_EACH = "最长分60期，按欠款比例每月还{items}（打给哪家就说哪家的数）；按这个数60期合计还差约{shortfall}元，{gap}"
SCRIPT_SHARE_ITEM = "{bank}{monthly}元"
# a card not overdue yet (trial s7 K5 #7/#15: 「我还没逾期 提前跟农行说」 got 「已经逾期约0天」 and a 暂缓 request): the call
# before the due date; what can be asked is the bank's to grant (DOMAIN §5 账单分期, 第七十条; [practice] hedged)
SCRIPT_NOT_DUE = (
    "您还没逾期，可以在还款日前打卡背面的客服电话先说明，照着说：\n"
    "开头：“您好，我的{bank}信用卡现在还没有逾期，但这期账单到期可能还不上，想提前问一下有什么办法。”\n"
    "情况：“{facts}”\n"
    "请求：“这期账单能不能办账单分期？分期的手续费和年化利率是多少？如果以后确实还不上，能不能申请个性化分期或者其他还款安排？需要什么材料？”"
)
SCRIPT_NOT_DUE_DEBT = "这期账单约{amount}元，最低还款额约{minimum}元（按账单金额的10%估算，以账单为准）"
SCRIPT_NOT_DUE_DEBT_UNKNOWN = "这期账单约＿＿元，最低还款额约＿＿元"
SCRIPT_NOT_DUE_REASON = "。{reason}，这期可能还不上"
SCRIPT_NOT_DUE_REASON_UNKNOWN = "。因为＿＿（失业、生病、收入下降等），这期可能还不上"
SCRIPT_NOT_DUE_MONTHLY = "。我现在每月收入约{income}元，必要开支约{expenses}元。"
SCRIPT_NOT_DUE_END = "。"
# what the call is for and what missing the due date costs (bot/whatif.py pay_later from the due date; DOMAIN §1–3)
SCRIPT_NOT_DUE_NOTE = (
    "心里有数：账单分期一般要在到期还款日前申请（逾期后一般办不了），银行可以同意也可以不同意，以领用合约和银行答复为准。"
    "还不上全额时，到期前还足最低还款额（约{minimum}元）就不算逾期，征信一般显示正常，但利息照算。{missed}"
)
# a card not overdue yet: what missing its due date would cost (actions/consequences.py missed_due_line; the script's
# note and the consequences answer of 「下个月还不上会怎么样」, trial s7 K5 #2)
MISSED_DUE = (
    "如果到期连最低都没还上：{bank}一般有{grace}天容时期（以领用合约为准），过了就算逾期；拖到逾期30天约多付{extra}元"
    "（利息约{interest}元、违约金约{penalty}元），征信一般记“{code}”（以报告为准）。"
)
SCRIPT_THIS_BANK = "发卡银行"
# 「我还没逾期」 with no card recorded yet (actions/scripts.py not_due)
SCRIPT_NOT_DUE_WORDS = r"(?:还)?(?:没有|没|未)(?:逾期|到期|到还款日)"
# read9 (probes W08/X13): no budget said: the script leaves the amount blank and asks for it (never income − expenses)
SCRIPT_BUDGET_ASK = "您每月最多能拿出多少还款？告诉我（例如“每月能还800”），我把数填进话术；您没说的数，话术里不替您写。"
SCRIPT_MY_CARD = "信用卡"
# a person who can pay the shortfall and asks to waive the 违约金 / spare the record (persona trial E4): a short
# goodwill request, never the hardship script's 「无力全额还款」 (untrue for her); what the bank may do, hedged
SCRIPT_GOODWILL = (
    "您能补上差额，给银行打电话不用申请分期，简短说就行：\n"
    "开头：“您好，我的{bank}信用卡这期最低还款额还差{shortfall}元没还上{why}。”\n"
    "请求：“差的{shortfall}元我{when}。能不能帮我减免这次的违约金？另外想问一下，这次逾期能不能不报送征信，或者还上以后会怎么显示？”\n"
    "心里有数：减免违约金、征信怎么报，都由银行决定，可以同意也可以不同意；逾期一般会在下次报送时记入征信，银行报送前应当告知您。"
    "先把钱还上再打，记下客服工号和通话时间。"
)
SCRIPT_GOODWILL_WHY = "，是我忘了"
# a letter asked for a 违约金 waiver by a person who can pay (actions/plan.py waiver_asked; trial s6 I3 #15): no
# 个性化分期 letter (it would declare the debt beyond their means), the goodwill script instead; a button still gives it
PLAN_WAIVER_LEAD = "您每月能拿出{monthly}元，减免违约金不用写个性化分期申请书（那份申请要写明欠款超出还款能力）。\n"
PLAN_WAIVER_LEAD_NO_FIGURE = "减免违约金不用写个性化分期申请书（那份申请要写明欠款超出还款能力）。\n"
PLAN_WAIVER_LETTER_BUTTON = {"title": "还是要写分期申请书", "payload": '/request_plan_draft{"plan_option":"installment"}'}
# when the shortfall is paid, in the person's words only: 「今天」 when they said it (audit s4: 「我今天就还上」 was put
# in the mouth of someone who only said 「钱够 就是忘了」)
SCRIPT_GOODWILL_WHEN = {"today": "今天就还上", "said": "会尽快还上"}
GOODWILL_TODAY = r"今天|今儿|马上|现在就|立刻"
# the words of a goodwill request (actions/scripts.py goodwill): a waiver asked, able to pay, hardship, forgot, the shortfall
GOODWILL_WAIVER = (r"免(?:掉|除|了)?.{0,3}违约金|违约金.{0,6}(?:免|减免|退|不收|别收)"
                   r"|(?:别|不|不要|不会)(?:让他们)?(?:上|报|报送|记入?)征信|征信.{0,4}(?:别|不要|不)(?:上|报|记)")
GOODWILL_CAN_PAY = r"钱够|有钱|还得起|能还上|补上|补齐|补缴|补还|今天(?:就)?(?:还|补)|忘了|忘记|不要分期|不分期|不是还不起|一次还清"
GOODWILL_CANNOT_PAY = r"还不上|还不起|无力|没钱|失业|没收入|没有收入|没工作|拿不出"
GOODWILL_FORGOT = r"忘了|忘记"
GOODWILL_SHORTFALL = r"(?:差|补|少还|剩)(?:的|了|上|下)?(\d+(?:\.\d+)?)"


# ---- the collector-call script for a relative who is not the cardholder (actions/scripts.py, persona trial P3) --
# the cardholder gets domain.yml's utter_script_collector (the debtor's words); a relative never says the debtor's
# 「这笔欠款我知道…愿意还」. DOMAIN §6: collection goes to the debtor and guarantor only — the guarantor part is said
# 「如果确实不是」, and a spouse may be a 债务相关第三人 when the money went on family spending (never denied)
SCRIPT_COLLECTOR_RELATIVE = (
    "您不是持卡人，催收电话打来，可以照着念：\n"
    "①“请问您是哪家机构的？您叫什么名字、工号多少？”\n"
    "②“我不是持卡人，也不是担保人（如果确实不是），这笔欠款请直接找持卡人本人。”\n"
    "③“请不要再打给我，也不要向我透露或催讨他的欠款。”\n"
    "④“这通电话我在记录。”"
)
SCRIPT_COLLECTOR_SPOUSE_NOTE = (
    "注意：如果这笔钱用在了家里的共同开支上，银行可以把配偶当作“债务相关第三人”联系，这时不要说“和我无关”；"
    "拿不准的话，第②句只说“我不是持卡人，请直接找持卡人本人”。"
)
SPOUSES = ("丈夫", "妻子")  # the holder relations (bot/complaint.py relation_names) for which the note is given

# words that ask for the whole consequences block after distress (actions/consequences.py, issue 12b)
DETAIL_WORDS = ("详细", "具体", "每个阶段", "全部")

# words that ask for the words to say (actions/scripts.py): without them a specific answer is given instead
# 「确认」 typed while a plan summary waits, after a question in between (actions/plan.py)
# 「那我就1月1号开始还 对吧」 after the plan (ui-s7 A17): yes/no with the plan's first date and amount, and its condition
PLAN_CONFIRM_YES = (
    "对：计划第一期是{start}，还 {monthly} 元，以后每月{day}日还，共{periods}期。"
    "不过要银行同意才算数：先打卡背面的客服电话按申请书申请，谈好后按协议写的日期和金额还。"
)
PLAN_CONFIRM_NO = (
    "不是{said}：计划第一期是{start}，还 {monthly} 元，以后每月{day}日还，共{periods}期；想换每月还款日，说“每月15号还款”这样就行。"
    "计划要银行同意才算数：先打卡背面的客服电话按申请书申请，谈好后按协议写的日期和金额还。"
)
PLAN_CONFIRM_DATE = "{year}年{month}月{day}日"
PLAN_CONFIRM_SAID_MONTH = "{month}月{day}日"
PLAN_CONFIRM_SAID_DAY = "{day}日"
CONFIRM_WORDS = ("确认", "确定", "生成申请书", "出申请书", "写申请书")
# 「我还没说确认呢 怎么就生成了」 (persona trial s8 M1 #12): heard, and the summary to check again
PLAN_NOT_CONFIRMED_MADE = "抱歉，不该没等您说“确认”就生成。刚才那份先别用：请核对下面的情况，要加的、要改的直接说，都对了回复“确认”，我再生成新的。"
PLAN_NOT_CONFIRMED_WAITING = "还没生成：您说“确认”之前不会生成。请核对下面的情况，要加的、要改的直接说。"
SCRIPT_ASK_WORDS = ("怎么说", "咋说", "说什么", "话术", "怎么讲", "怎么开口", "怎么跟", "怎么和", "照着")


# ---- issue 12: the complaint as a download (actions/scripts.py; the same signed link as the letter) ----------
COMPLAINT_FILENAME = "违规催收投诉书"  # the PDF/DOCX file name, without its extension
COMPLAINT_NOUN = "投诉书"  # what the widget's document card calls it (查看投诉书全文, 下载投诉书 PDF)
COMPLAINT_CHECK = "这些内容会以您的名义写进投诉书，请核对"  # issue 23: every summary of the complaint says so
COMPLAINT_WIDGET_HINT = ("PDF 可直接打印签字（A4）；Word 可以修改。" + COMPLAINT_CHECK
                         + "，补上括号里的空白，签字后提交；哪里不对，直接告诉我改。")
COMPLAINT_SUMMARY = ("投诉书写好了，共{count}项：{acts}。" + COMPLAINT_CHECK
                     + "（只写您说过的事，哪里不对直接告诉我改）；想在这里看全文，点“查看全文”。")
COMPLAINT_EDITED = "现在共{count}项：{acts}。" + COMPLAINT_CHECK + "；点“查看全文”看全文。"  # after an edit (trial H2)
COMPLAINT_FULL_BUTTON = {"title": "查看全文", "payload": '/request_collection_complaint{"plan_option":"letter"}'}
COMPLAINT_DOWNLOAD_LINK = "下载投诉书（PDF打印用、Word可修改，链接{hours}小时内有效）：{url}"
# several banks and the collector's not said (ui session 7 finding 1): asked before writing; a bank or 「都有」 answers it
COMPLAINT_BANK_ASK_MARK = "催收是哪家银行的？"  # how the question is known again in the tracker
COMPLAINT_BANK_ASK = "您有{banks}的卡，" + COMPLAINT_BANK_ASK_MARK + "回复银行名；几家都有，回复“都有”，我每家各写一份。"
COMPLAINT_BANK_ALL = "都有"  # the button that asks for one complaint per bank (bot/complaint.yml all_banks reads it)
COMPLAINT_BANK_UNKNOWN = "不清楚"  # the button that writes it with the bank left to fill (bank_not_known reads it)
COMPLAINT_BANK_OPTION = "bank:"  # the plan_option value of the bank buttons: bank:<name> | bank:都有
COMPLAINT_PER_BANK = "按您说的，{banks}各一份投诉书（内容相同，分别交给各家银行）："
COMPLAINT_BANK_LINK = "{bank}：{link}"

# ---- visible changes of stored facts (issue 19; actions/case_slots.py → utter_fact_changed) -------------
FACT_LABELS = {
    "monthly_income": "月收入", "monthly_expenses": "月必要支出", "monthly_budget": "每月能还",
    "installments": "分期期数", "hardship_reason": "困难原因", "debt_amount": "欠款", "overdue_days": "逾期天数",
    "statement_balance": "账单应还", "paid": "已还", "debt_total": "合计欠款", "bank": "银行",
    "min_payment": "最低还款", "principal": "本金",
}
CHANGE_ITEM = "{bank}{label} {before} → {after}"
CHANGE_SETTLED = "{bank}的欠款记为已还清（不算当前欠款）"
CHANGE_NONE = "无"
# one expense item changed or added (「已改：给家里 1,000 → 500；加上交通费 300；月必要支出 4,300 → 4,100」), by the labels of
# bot.nlu.case_update._ITEM_LABELS
EXPENSE_ITEM_NAMES = {"房租": "房租", "房贷": "房贷", "车贷": "车贷", "吃饭": "吃饭", "交通": "交通费", "水电": "水电话费",
                      "孩子": "孩子的开销", "医药": "看病买药", "家里": "给家里"}
CHANGE_ITEM_ADDED = "加上{label} {after}"
# a figure read as something other than the budget, said so (persona trials s4, E3 and F2)
NOTED_OTHER_DEBT_PAYMENT = "每月还网贷/花呗等的{amount}元：记作另一笔债的月供，不算信用卡每月能还的钱；做还款计划时从每月结余里扣掉。"
NOTED_SET_ASIDE = "每月留给家人的{amount}元：不算信用卡每月能还的钱；做还款计划时从每月结余里扣掉。"
# 「还有花呗欠了1万2」 beside the cards (persona trial s6 J1 #5): another debt, kept out of the cards and their total
NOTED_OTHER_DEBT = ("{amount}元的花呗、网贷这类不是信用卡欠款，没有算进上面的卡和合计；它每月要还多少，可以说“花呗每月还1000”，"
                    "做还款计划时我从每月结余里扣掉。")
# the same figures said without 每月 (「500是给我妈的」): not the budget, and asked whether they go out every month (fix4)
NOTED_OTHER_DEBT_PAYMENT_ASK = (
    "还网贷/花呗等的{amount}元不算信用卡每月能还的钱。这是每个月都要还的吗？是的话说“网贷每月还{amount}”，"
    "做还款计划时我从每月结余里扣掉。")
NOTED_SET_ASIDE_ASK = (
    "给家人的{amount}元不算信用卡每月能还的钱。这是每个月都要留的吗？是的话说“每月留{amount}给家人”，"
    "做还款计划时我从每月结余里扣掉。")
CHANGE_DAYS = "{value}天"
# a reading the code is unsure of is asked, never stored (issue 19; persona trials s6, J1 #7, J2 #14, J3 #14)
UNSURE_ASKS = {
    "debt_total": (
        "您说一共{said}元，可我记下的各张卡加起来是{cards}元，差{gap}元，我先没改。哪个对？是某张卡的数不对，直接说那张卡的数，"
        "比如“招行是6万”；如果一共{said}元才对，请说“不对 一共是{said}元”。"),
    "overdue_days": "逾期天数我先没改。如果逾期天数变了，请直接说，比如“逾期90天”。",
    "per_month": "您说的每个月那个数，是月收入，还是每月能拿出来还款的钱？请说清楚一点，比如“收入3000”或“每月能还800”。",
    "card_amount": "您说的{value}元，是{bank}的欠款，还是每月能拿出来还款的钱？{bank}的欠款我先没改（还是{old}元）。"
                   "欠款变了请说“{bank}欠…”，是每月能还的请说“每月能还{value}”。",
}

# ---- 「你存了我哪些信息」: the stored facts, listed (issue 23 item 16; actions/answers.py stored_facts) -------
PRIVACY_STORED = "我为这次对话记着这些（没有卡号、身份证号、手机号）：\n{lines}"
PRIVACY_NOTHING = "这次对话我还没有记下您的任何情况（银行、金额、天数、收入都没有）。"
PRIVACY_CARD = "· {bank}：{items}"
PRIVACY_CARD_ITEMS = {"amount": "欠款{value}元", "statement_balance": "账单应还{value}元",
                      "min_payment": "最低应还{value}元", "paid": "已还{value}元", "overdue_days": "逾期{value}天"}
PRIVACY_SITUATION = "· {label}：{value}"
PRIVACY_SETTLED = "· 已还清（不算当前欠款）：{banks}"
PRIVACY_TOTAL = "· 您说的合计欠款：{value}元"
PRIVACY_YUAN = "{value}元"
PRIVACY_PERIODS = "{value}期"

# ---- a form's question never twice in a row (actions/forms.py ActionAskAgain; persona trials) -------------
# asked again right after it was asked (the person answered something else, or said 「我刚说了」): the fact that
# is missing, said exactly, with the shortest way to give it and a way out
ASK_AGAIN = "我这里还没有记下您的{label}。{hint}"
ASK_AGAIN_SAID = "您说过的话里我没找到{label}（以前的数不算现在的）。{hint}"
ASK_AGAIN_LABELS = {
    "monthly_income": "现在每月收入", "monthly_expenses": "每月必要支出", "monthly_budget": "每月能拿出来还款的钱",
    "hardship_reason": "还不上的原因", "bank": "发卡银行", "debt_amount": "欠款金额", "overdue_days": "逾期天数",
}
ASK_AGAIN_HINTS = {
    "monthly_income": "发一个数就行，例如“4500”；没有收入发“0”；不想说可以回复“别问收入了”。",
    "monthly_expenses": "发一个合计的数就行，例如“2500”；不想说可以回复“别问支出了”。",
    "monthly_budget": "发一个数就行，例如“1000”；不想说可以回复“别问了”。",
    "hardship_reason": "一句话就行，例如“公司降薪”；不想说可以回复“不想说原因”。",
    "bank": "说银行名就行，例如“招行”；不清楚回复“不知道”。",
    "debt_amount": "发一个数就行，例如“25000”。",
    "overdue_days": "发天数就行，例如“45天”。",
}

# ---- a what-if said card by card (actions/whatif.py card_plan_reply) ------------------------------------
PLAN_CARDS_HEAD = "按您记下的每张卡分别算："
PLAN_CARD_PAY_OFF = "· {bank} {amount}元：今天还清约 {owed} 元"
PLAN_CARD_PAY_NOW = "· {bank} {amount}元：今天还 {paid} 元，还剩约 {remaining} 元"
PLAN_CARD_LATER = "· {bank} {amount}元：{label}再还约 {later} 元（比今天多 {extra} 元）"
PLAN_CARD_KEPT = "· {bank} {amount}元：先不还，每拖一个月多约 {extra} 元"
PLAN_CARDS_TODAY = "今天一共要还约 {today} 元。"
PLAN_CARDS_SAVED = "比全部{label}再还少付约 {saved} 元。"
PLAN_CARDS_MISSING = "我还没有记下{banks}的欠款，先告诉我这张卡欠多少、逾期多久，例如“{example}欠一万 逾期20天”。"
# ---- 转人工 cancelled, and crisis signals in context (persona trials of 7 December; DOMAIN §7) -------------
# 「取消人工」: the waiting ticket withdrawn (actions/handoff.py cancel_handoff); with nothing waiting, none is filed
HANDOFF_CANCELLED = "好的，已取消转人工（编号 {ticket}），不用再排队了。我接着帮您，需要时再说“转人工”。"
HANDOFF_NOTHING_TO_CANCEL = "好的，不转人工。您现在没有在排队，我接着帮您，需要时再说“转人工”。"
# a plan with a time and a place (「这周末就去江边」) after a signal or with a farewell: not the same text again;
# 110/120 now, a person at once (the ticket, first in the queue, follows)
# {person}: CRISIS_PERSON — the ticket filed, or, when the person said they do not want to talk to people (「我不想跟人说话」,
# session-6 leftover), a person offered, not forced (DOMAIN §7: 「the offer of a human」; 110/120 come first either way)
CRISIS_PERSON = {
    "filed": "我已经为您转了真人，排在最前面（见下一条）。",
    "offered": "您说过不想跟人说话，我就不替您转真人；想找人的时候回复“转人工”，我马上帮您排在最前面。",
}
CRISIS_URGENT_OF = (
    "您说的这个打算让我非常担心。请现在就拨打110或120，或者马上告诉身边的家人、朋友，别一个人待着，先别去那里。"
    "心理援助热线 12356、400-161-9995（希望24热线，24小时）也可以打。{person}"
    "欠款的事可以慢慢谈，您的安全最重要。"
)
CRISIS_URGENT = CRISIS_URGENT_OF.format(person=CRISIS_PERSON["filed"])
# pills or poison named in the plan (persona trial s8 M6 #12: the same crisis text a third time, nothing about the pills):
# 120 if taken, the pills handed over or put away (DOMAIN §7: 110/120 in an emergency), the lines, a person
CRISIS_URGENT_PILLS_OF = (
    "您说到家里的药，我非常担心。如果已经吃了，请马上拨打120；还没吃的话，请现在就把药交给身边的家人保管，或者放远一点，"
    "别一个人待着。心理援助热线 12356、400-161-9995（希望24热线，24小时）也可以打，打不通请拨110或120。"
    "{person}欠款的事可以慢慢谈，您的安全最重要。"
)
CRISIS_URGENT_PILLS = CRISIS_URGENT_PILLS_OF.format(person=CRISIS_PERSON["filed"])
# after a signal (persona trial E5): a crisis line that did not answer, a mind in turmoil, a new signal — never the
# same crisis text word for word: the other line, 110/120, away from the height or the means, someone near, a person
CRISIS_LINE_UNANSWERED = (
    "没打通的话，请马上再打{other}；如果也打不通，直接拨110或120，那里随时有人接。"
    "{safety}到有人的地方去，或者马上打电话叫家人、朋友过来陪着您，别一个人待着。"
    "回复“转人工”，我帮您找真人：{handoff_when}。我在这里陪着您。"
)
# the safety step inside them (persona trial I2 #5, #7): away from the height only when the person named one (楼顶, 阳台,
# 跳 …; bot.nlu.distress.height_mentioned), else the means only
CRISIS_SAFETY = {
    "height": "现在请先离开阳台、窗边这些高的地方，把药、刀这类东西放远一点，",
    "generic": "现在请先把药、刀这类可能伤到自己的东西放远一点，",
}
CRISIS_OTHER_LINE = {"hope": "12356（心理援助热线）", "default": "400-161-9995（希望24热线，24小时）"}
CRISIS_STAY_LEAD = {"unsettled": "心里乱的时候，先别一个人扛着。", "again": "我还在这里，很担心您。"}
# 「刚跟我姐打了个电话 好点了」 after a signal (persona trial E5 #7): the better moment acknowledged, the lines kept open
CRISIS_CALMER = (
    "听到您好一点了，我很高兴。{check_in}难受又上来的时候，12356、400-161-9995（24小时）随时可以打，打不通就拨110或120；身边有人陪着更好。"
    "等您准备好，我们再一起看怎么和银行谈；回复“转人工”也可以找真人：{handoff_when}。"
)
CRISIS_STAY = (
    "{lead}{safety}打电话叫家人或朋友过来陪着您。"
    "想找人说说，可以打 12356 或 400-161-9995（24小时）；打不通、或者觉得自己撑不住，直接拨110或120。"
    "回复“转人工”，我帮您找真人：{handoff_when}。欠款的事不急，我们慢慢来。"
)
# after a signal, a message nobody could read, a bare 「嗯」「不是」「算了」 (persona trial H3 #10): never the topic menu, never
# a goodbye; the lines, and the way back to the debt questions in the person's own words
CRISIS_UNCLEAR = (
    "我在这儿听着。{check_in}心里难受的话，现在就可以打 12356 或 400-161-9995（24小时），打不通请拨110或120。"
    "想接着说欠款的事，直接告诉我想问什么就行；回复“转人工”找真人：{handoff_when}。"
)
# 「那我该怎么办」 after a signal (persona trial H3 #5): the practical first step from the case, said gently, nothing sold
DISTRESS_FIRST_STEP = (
    "先只做一件事就好：{call}，说明现在的困难，申请个性化分期；{amount}。"
    "想先知道电话里怎么说，回复“打客服协商怎么说”；要写成书面申请，说“帮我做还款计划”。{care}"
)
# the lines at its end; none once the person said they are safe or asked for no more numbers (persona trial s9 N5 #9–#11)
DISTRESS_FIRST_STEP_CARE = {
    "numbers": "不急，一步一步来；心里难受的时候，12356、400-161-9995 随时可以打，打不通请拨110或120。",
    "quiet": "不急，一步一步来。",
}
DISTRESS_FIRST_STEP_CALL = {"bank": "打{bank}信用卡背面的客服电话", "none": "打信用卡背面的客服电话"}
DISTRESS_FIRST_STEP_AMOUNT = {
    "budget": "按您每月能拿出的{budget}元来谈，超过这个数的不要答应",
    "nothing": "现在拿不出钱就照实说，申请暂缓还款，做不到的金额不要答应",
    "unknown": "只答应您确定每个月做得到的数，做不到的不要答应",
}
# the plan or the interest form taken up again after a crisis answer (persona trial H3 #12): one kind sentence with the
# lines before the question or the summary; the two wordings alternate so that a second resumption is not the same text
RESUME_CHECK_IN = (
    "好，我们接着来，您随时可以停下；心里再难受的时候，12356、400-161-9995（24小时）随时能打，打不通请拨110或120。",
    "先问一句您现在还好吗——难受的时候随时打 12356 或 400-161-9995（24小时），打不通请拨110或120，我们慢慢来。",
)
# ---- crisis signals in context (persona trial s7 L3: issue 19 item 6, issue 23 item 11) ----------------------------
# The safety check-in, asked once per conversation after the person's own signal (actions/distress.py check_in_line), inside
# the first kind reply (a 「谢谢」, 「我没事」, 「好点了」, 「说说而已」, a bare 「嗯」); its answer is read in context: not safe
# (「不安全」「不是」「不知道」) → the lines first and a person; safe (「安全」「还好」「嗯」) → acknowledged, the conversation goes
# on; no answer (a question, facts) → the question answered, never asked again
SAFETY_CHECK_IN = "想直接问一句：你现在安全吗？回我“安全”或“不安全”就行。"
SAFETY_WORD = "安全"  # a later reply that names it still answers the check-in
# {care}: CARE_LINE (the lines stay findable after a signal: persona trial H3 #10)
SAFETY_SAFE = "好，知道您现在安全，我就放心了。{care}想接着说欠款的事，直接告诉我想问什么就行。"
# {safety}: CRISIS_SAFETY (away from the height only when the person named one); the ticket line follows (actions/handoff.py)
SAFETY_UNSAFE = (
    "谢谢您告诉我。请现在就拨打110或120，或者马上叫家人、朋友过来陪着您，别一个人待着；{safety}到有人的地方去。"
    "心理援助热线 12356、400-161-9995（希望24热线，24小时）也可以打，打不通请拨110或120。"
    "{person}欠款的事先放一放，您的安全最重要。"
)
# one short care line after a signal (a practical answer, 「说说而已」, a call to the bank): both numbers and 110/120; once the
# person asked not to be given the numbers again (「你别老给我电话号码了」), the line says they are there, without them
CARE_LINE = {
    "numbers": "难受的时候 12356、400-161-9995（24小时）随时能打，打不通请拨110或120。",
    "no_numbers": "需要的时候，前面那两个热线一直都在，打不通请拨110或120。",
}
# 「说说而已」 after a signal: acknowledged in a few words, the check-in (once), the lines in one short line, then the question
# asked beside it — never the first crisis text word for word (L3 #13)
# once the person said they are safe, or asked for no more numbers (persona trial s9 N5 #9–#11: the lines four times on
# practical questions): no lines on a practical answer — they stay one tap away, this button (the lines come back with a
# new signal); the button's answer (actions/answers.py ActionAnswerDetails, answer_id CRISIS_LINES_ID) has them all
CRISIS_LINES_BUTTON = "心理援助热线"
CRISIS_LINES_TAPPED = "心理援助热线 12356、400-161-9995（希望24热线，24小时），难受的时候随时能打；打不通或情况紧急，请拨110或120。"
CRISIS_LINES_MARK = "110或120"  # in every crisis text and care line (issue 23 item 11): a reply that had the lines
CRISIS_DOWNPLAY = {"numbers": "好，明白了。", "no_numbers": "好，明白了，号码不再一遍遍发给您。"}
CRISIS_DOWNPLAY_GO_ON = "想接着说欠款的事，直接告诉我想问什么就行。"
# 「谢谢」 after a signal (L3 #2: 「您愿意打那个电话，我很高兴」 when nobody had said they would call): thanks, the check-in
# (once), the lines; the call is acknowledged only when the person said they would call the line (utter_crisis_thanks)
CRISIS_THANKS = "{lead}{check_in}{care}想找真人回复“转人工”。我一直在。"
CRISIS_THANKS_LEAD = {"default": "不客气。", "calmer": "不客气，听到您好一点了，我很高兴。"}
# 「我再想想」 (plan8 leftover: read as distress at the plan summary, the whole crisis answer): a pause — at the summary the
# draft stays, nothing is generated, no lines
HESITATION = {
    "summary": "好，不急，您慢慢想。申请书还没生成，上面核对的情况我都留着；想好了回复“确认”就生成，哪项要改直接说。",
    "default": "好，不急，您慢慢想。您告诉我的情况我都记着，想好了随时接着问。",
}
# 「我没事」 after a signal, before the check-in was asked
CRISIS_OK = "听您这么说，我稍微放心一点。{check_in}{care}"
# 「我明天先给招行打电话试试」 after a signal (L3 #15): a step of the plan, answered practically (what to say, the script), the
# lines in one line after it — never 「您愿意打那个电话」; {amount}: DISTRESS_FIRST_STEP_AMOUNT
BANK_CALL_STEP = "好，给{bank}打电话时{how}：先说想申请个性化分期（协商还款），{amount}；谈好的条件请对方发短信或书面确认。{script}"
BANK_CALL_STEP_HOW = {"shown": "照着上面那段话术说就行", "new": "可以这样说"}
BANK_CALL_STEP_SCRIPT = {"shown": "想再看一遍，回复“打客服协商怎么说”。", "new": "完整的话术，回复“打客服协商怎么说”。"}
BANK_CALL_STEP_ANY = "银行"
# everyday strain, no signal (widget trial UI s7 #8: 「压力好大天天睡不着」, 「丢人死了」 got 「请马上拨打…110或120」): one kind
# line before the answer or the form's next step; after the person's own signal earlier, the lines stay in it
STRAIN_ACK = {
    "stress": "欠着钱压力大、睡不好，很多人都这样，您不是一个人；我们一件件来。",
    "shame": "欠钱不丢人，很多人都遇到过，能解决的；我们一件件来。",
}
STRAIN_ACK_AFTER_SIGNAL = "听得出您还是很累；难受的时候 12356、400-161-9995（24小时）随时能打，打不通请拨110或120。"
# strain said with no question and no fact (「唉 丢人死了 老婆天天跟我吵」): after the kind line, the way on
STRAIN_GO_ON = "想接着算、问后果或者做还款计划，直接跟我说就行。"
# the debt after one's own death, asked with a signal: after the crisis lines, the fact said with care ([practice])
CRISIS_DEATH_DEBT = (
    "您问的事我照实说：欠款不会因为人不在了就一笔勾销，通常要先用留下的财产来还，家里人一般只在继承的遗产范围内还。"
    "对家里人来说，您比这些钱重要得多；欠款是能和银行一步步谈的事，我们可以一起想办法。"
)
# ---- another person's crisis (persona trial I2, trials-s6): a father whose adult daughter said 不想活 and cannot be reached.
# Answered for the one who asks, never as his own crisis: 110 now where she may be in danger and cannot be reached (the
# police can go and see), the people near her, the same lines for advice, his phone on; in force until he says she is safe.
# {who}: 「您女儿」 or 「对方」; {ta}: 她 / 他 / 对方
CRISIS_OTHER_LEAD = {
    "police": "要，马上打110。",
    "not_me": "明白，有危险的是{who}，不是您。",
    "unreachable": "{who}说过想不开的话、现在又联系不上，请现在就打110。",
    "default": "{who}要是现在可能有危险、或者联系不上，请马上打110；能联系上就先陪着{ta}、听{ta}说，别让{ta}一个人待着。",
}
CRISIS_OTHER = (
    "{lead}打110时说清楚{ta}在哪个城市、住在哪里、说过想不开的话，请警方上门看看{ta}是否安全。"
    "同时联系{ta}身边的人：室友、朋友、同事、单位或房东，请他们马上去看看{ta}。"
    "您也可以打 12356 或 400-161-9995（24小时）问问怎么帮{ta}；打不通就拨110或120。"
    "您的手机别关，保持能被联系到。欠款的事先放一放。"
)
CRISIS_OTHER_AGAIN = (
    "{lead}{call}再请{ta}身边的室友、朋友、单位或房东去看看{ta}。"
    "12356、400-161-9995（24小时）可以告诉您接下来怎么做，打不通就拨110或120。手机保持畅通；{ta}安全了告诉我一声。"
)
CRISIS_OTHER_AGAIN_CALL = {
    "police": "打通后说清楚{ta}在哪里、说过想不开的话，请警方上门确认{ta}的安全；",
    "default": "还没打110的话现在就打，请警方上门确认{ta}的安全；",
}
# 「我刚给杭州110打了 他们说去看看 …帮我写个投诉」 (persona trial I2 #10): the call acknowledged in one line before the
# document asked for
CRISIS_OTHER_CALLED_SHORT = "您已经打了110，做得对；等警方消息时手机保持畅通，{ta}安全了告诉我一声。"
# 「我刚给杭州110打了 他们说去看看」
CRISIS_OTHER_CALLED = (
    "您做得对。等警方消息的同时，继续打给{ta}身边的人（室友、朋友、单位、房东），手机保持畅通；"
    "12356、400-161-9995（24小时）也可以打，问问联系上{ta}以后怎么陪{ta}；打不通就拨110或120。{ta}安全了告诉我一声。"
)
# 「联系上了 她没事」: the crisis is over; the lines for her, the debt questions open again
CRISIS_OTHER_SAFE = (
    "太好了，{ta}平安就好。这几天多陪陪{ta}、多联系，先别提钱的事；{ta}难受的时候可以打 12356 或 400-161-9995（24小时），打不通就拨110或120。"
    "您想接着问欠款或催收的事，直接说就行。"
)
# a handoff while it is in force: the steps for her, not 「如果您有伤害自己的想法」
CRISIS_OTHER_HANDOFF = (
    "在等工作人员的时候：{who}要是可能有危险、联系不上，请现在就打110，请警方上门看看；"
    "12356、400-161-9995（24小时）可以问怎么帮{ta}，打不通就拨110或120。"
)
CRISIS_OTHER_WHO = {"named": "您{person}", "pronoun": "{person}", "none": "对方"}
CRISIS_OTHER_TA = {"she": "她", "he": "他", None: "对方"}
CRISIS_OTHER_MARK = "请警方上门"  # in both of its answers: the crisis was answered in this conversation
# ---- 转人工 outside working hours while an agent is at the desk (issue 21 trial; actions/handoff.py) ------
# never 「客服最早在明天…后回复」 when a person is online; {queue}: bot/handoff.py 「您排在第一位，」
HANDOFF_STAFFED = "已为您转人工（编号 {ticket}）。现在有客服在线，{queue}客服会直接在这个对话里回复您。"
# 「大概要等多久」 while waiting (persona trial s10 P5 t17): the place in the queue and the hours, never an invented time
HANDOFF_WAIT_UNKNOWN = "具体要等几分钟我没法保证：{queue}客服在工作时间（{hours}）按顺序回复。"
# the same fact inside the crisis texts (「回复“转人工”可以找真人：{handoff_when}」): one source with the sentence
# above, actions/handoff.py desk_availability (UI session 7, B6/B7: 「现在不在」 then 「现在有客服在线」)
HANDOFF_WHEN_STAFFED = "现在有客服在线，会直接在这个对话里回复您"


# ---- the one-off credit repair applied to the person's own record (probe B02; bot/credit_repair.py) --------
REPAIR_FAILED = {
    "year": "这笔逾期产生于{year}年，政策只管2020年1月1日至2025年12月31日产生的记录",
    "amount": "这笔{amount}元，超过单笔1万元（“单笔金额”指逾期金额还是整笔欠款，公开解读说法不一，可打征信中心400客服热线问清）",
    "repaid": "这笔是{repaid}才还清的，晚于政策要求的2026年3月31日",
    "not_repaid": "这笔还没有还清，政策要求2026年3月31日前全额还清，期限已过",
}
REPAIR_NOT_COVERED = "按您说的，{reasons}，所以不在一次性信用修复的范围内。"
REPAIR_STILL_REPAID = "仍然适用的：不良记录自还清之日起保存5年，也就是到{until}前后不再展示；记录本身有错，才是找报送的银行或征信中心提异议（20日内答复）。"
REPAIR_STILL_UNPAID = "仍然适用的：不良记录自还清之日起保存5年，越早还清，5年越早开始算；记录本身有错，才是找报送的银行或征信中心提异议（20日内答复）。"
REPAIR_SCAM = "收费说能帮您“办进政策”或删记录的，都是骗局。"
# the overdue of the person's case, still unpaid (persona trial s10 P3 t3): the verdict first, the policy in one clause
REPAIR_CASE_NOT_COVERED = (
    "这条记录不能提前消掉：您{bank}这笔现在逾期{days}天、还没还清，是{year}年产生的，不在一次性信用修复的范围内"
    "（政策只管2020–2025年产生、2026年3月31日前全额还清的记录）。"
)
# the same after 「花钱做征信修复」: the scam warning of repair_paid_apply (bot/answers.yml), for this case
REPAIR_PAID_SCAM = "花钱做“征信修复”、收费“帮您申请”的都是骗局，别交钱，别给身份证和验证码。"
REPAIR_QUALIFIES = (
    "按您说的（{year}年产生、{amount}元、{repaid}还清），符合条件：这条记录应已自动不再展示，免费、不用申请。"
    "仍在显示的，打征信中心400客服热线或到人民银行征信服务窗口申请，30日内办理。"
)
REPAIR_UNKNOWN_LEAD = "要看您的记录是否同时满足：{items}。"
REPAIR_UNKNOWN = {
    "year": "逾期在2020–2025年产生",
    "amount": "单笔不超过1万元",
    "repaid": "2026年3月31日前已全额还清",
}

# ---- the grace days, said once and computed from (answers6; persona trials I3, J5; DOMAIN §1 容时 [practice]) -------
# a card on its due date or within its bank's grace days: topping up the minimum is usually on time (no 违约金, no
# 征信 record); paying it all usually also costs no interest; what stays unpaid bears interest. Every answer below
# (stop-loss, 违约金, interest, grace, 先还X) says the same, with the one hedge GRACE_HEDGE.
GRACE_WHEN_DUE = "还没逾期（没过到期还款日）"
GRACE_WHEN_LAST = "今天是到期后第{days}天，是{grace}天容时期的最后一天"
GRACE_WHEN_IN = "今天是到期后第{days}天，还在{grace}天的容时期内（还剩{left}天）"
GRACE_HEDGE = "（容时期和免息是通常做法，以领用合约为准）"
# 「现在还要还多少」「还700就行还是要全还11500」 within grace: the figure first
STOP_LOSS_GRACE = (
    "{card}今天补足 {unpaid} 元就行（最低应还 {minimum} 元，已还 {paid} 元）：{when}，补足后通常视同按时还款，"
    "不收违约金、征信不记逾期{hedge}。不用今天全还 {remaining} 元；但没还的部分利息照算，想连利息也免，要在容时期内全部还清 {remaining} 元。"
)
# the same with the days not told: the bank's grace days decide (I3 #1: the days were asked instead)
STOP_LOSS_UNKNOWN_DAYS = (
    "{card}先补足 {unpaid} 元（最低应还 {minimum} 元，已还 {paid} 元）。{bank}通常有{grace}天容时期：到期后{grace}天内补足，"
    "通常视同按时还款，不收违约金、征信不记逾期{hedge}；过了容时期才补，另收违约金约 {penalty} 元，逾期记录会保留。"
    "不用一次全还 {remaining} 元，但没还的部分利息照算。"
)
# 违约金 within grace (I3 #5, #9): not charged when the minimum is topped up in time; the figure only if it is not
PENALTY_ESTIMATE_GRACE = (
    "{card}{when}：今天补足未还的最低还款 {unpaid} 元，通常不收违约金{hedge}；过了容时期仍没补足，才会收约 {penalty} 元（未还部分×{rate}）。\n"
)
# the interest of a card within grace (I3 #4/#7, J5 #8): never 「约0.00元」 while a part stays unpaid
INTEREST_GRACE = (
    "只还到最低还款的话，下期账单利息约 {next_interest} 元：{method}；之后没还的 {after} 元每天约 {daily} 元（一个月约 {monthly} 元）。"
    "{when}，把 {remaining} 元全部还清，通常不收利息{hedge}。"
)
INTEREST_GRACE_PAID_MIN = (
    "下期账单利息约 {next_interest} 元：最低还款已还足，但没有全额还清，{method}；之后没还的 {after} 元每天约 {daily} 元（一个月约 {monthly} 元）。"
    "{when}，把剩下的 {remaining} 元全部还清，通常不收利息{hedge}。"
)
INTEREST_GRACE_METHOD_FULL = "{bank}是全额计息，整笔 {principal} 元从记账日起计息（已还的部分算到还款前一天）"
INTEREST_GRACE_METHOD_UNPAID = "{bank}只对没还的部分自记账日起计息"
INTEREST_GRACE_UNVERIFIED = "（该行计息方式未核实，按全额计息估算，以账单为准）"
INTEREST_GRACE_HOW = "按日息{rate}估算（默认值，可以告诉我您合约上的利率）；账单日按记账日、下期账单在到期后第10天估算，以银行账单为准。"
# the grace answer for the person's own card (I3 #2, #6): the rule once, applied, with its hedge
GRACE_YOURS = (
    "{bank}：{when}。今天补足最低还款还差的 {unpaid} 元，通常视同按时还款：不收违约金、征信不记逾期；"
    "把 {remaining} 元全部还清，通常也不收利息{hedge}。只补最低的话，没还的部分照常计息。"
)
# not yet due (persona trial s8 M5 #14: 「中信有几天容时」 got no day count): the bank's grace days said, and what is still
# short of the minimum after the amount the person said they will pay
GRACE_YOURS_NOT_DUE = (
    "{bank}：还没逾期。{bank}一般有到期还款日后{grace}天的容时期：{grace}天内补足最低还款{short}，通常视同按时还款，"
    "不收违约金、征信不记逾期；过了这{grace}天才补就算逾期。把 {remaining} 元在容时期内全部还清，通常也不收利息{hedge}。"
)
GRACE_SHORT_LEFT = "还差的 {unpaid} 元"
GRACE_SHORT_AFTER_PLANNED = "（还 {planned} 元后还差 {unpaid} 元）"
GRACE_YOURS_PAID_MIN = (
    "{bank}：{when}。最低还款已还足，不算逾期、不收违约金；把剩下的 {remaining} 元在容时期内全部还清，通常也不收利息{hedge}。"
)
# 先还X within grace (I3 #8): the saving is X × rate × 30; the 违约金 is avoided, never 「少」 one already charged
WHATIF_PAY_NOW_GRACE = (
    "有用：先还 {amount} 元，够补上最低还款还差的 {minimum} 元；{when}，补足后通常视同按时还款，不收违约金、征信不记逾期{hedge}。"
    "接下来30天利息约少 {interest} 元（{amount} 元×日息{rate}×30天）。还剩约 {remaining} 元，利息照算。"
)
WHATIF_PAY_NOW_GRACE_SHORT = (
    "有用，但还不够最低还款：先还 {amount} 元，接下来30天利息约少 {interest} 元；最低还款还差 {shortfall} 元：{when}，"
    "容时期结束前补足才通常不收违约金，否则收约 {penalty} 元{hedge}。还剩约 {remaining} 元，利息照算。"
)
# 「如果利息照算 每个月还1000 要还多久」 (I1 #12–#13): the duration with interest running first when asked, the stop of
# interest said as such; never 27期 alone when interest keeps running
# ui-s7 A8/A18: with interest running, what is already charged stays owed: the figure starts from today's total
WHATIF_BUDGET_INTEREST = (
    "利息照算（按日息{rate}、每月计入欠款估算）：{base}每月还 {monthly} 元，约{months}期（约{years}年）还清，共付利息约 {interest} 元{limit}。"
)
WHATIF_BUDGET_INTEREST_NEVER = (
    "利息照算（按日息{rate}估算）：{base}第一个月利息就约 {first} 元，每月还 {monthly} 元连利息都不够，欠款会越还越多，还不完。"
)
WHATIF_BUDGET_BASE = "{total} 元"
WHATIF_BUDGET_BASE_CHARGED = "按今天应还约 {total} 元（含已产生的利息、违约金 {charged} 元），"
WHATIF_BUDGET_INTEREST_OVER = "，超过个性化分期一般最长的60期"
WHATIF_BUDGET_INTEREST_WITHIN = "，在60期之内"
WHATIF_BUDGET_STOPPED = "如果银行同意停息{waived}：{needed}期（约{years}年）还清。"
WHATIF_BUDGET_STOPPED_NOTE = "（前提是银行同意停息{waived}。）"
# the periods on the principal told hold only if what is already charged is waived too (ui-s7 A8: 19期 on 28,000
# beside 29,576.38 owed today)
WHATIF_BUDGET_WAIVED = "、并减免已产生的利息和违约金约 {charged} 元"
# 「只还最低 一个月利息多少」 (J5 #9): the first month's interest in the figure
WHATIF_MIN_ONLY_FIRST_INTEREST = "第一个月利息约 {interest} 元；"

# ---- less than the minimum by the due date (actions/shortfall.py; persona trial s8 M5; DOMAIN §1–§3) ---------------
# one answer wherever it is asked: overdue once the grace days pass with part of the minimum unpaid, 违约金 on that part,
# interest on the whole statement at a full-interest bank, reported; topped up within grace usually on time
SHORT_MIN_BANK_DEFAULT = "多数银行"
SHORT_MIN_LEAD = "只还{paid}元不够最低还款额{minimum}元，还差{unpaid}元。"
SHORT_MIN_LEAD_UNKNOWN = "没还足最低还款额的话："
SHORT_MIN_YES_BASIS = "对，按没还上的{unpaid}元算。"
SHORT_MIN_GENERAL = (
    "{grace_text}补上差的{unpaid}元，通常就不算逾期、不收违约金；过了还没补上就算逾期：{penalty}，利息{interest}，"
    "银行下次报送时会记入征信{hedge}。"
)
SHORT_MIN_GRACE = "到期还款日后{grace}天的容时期内（{bank}一般{grace}天）"
SHORT_MIN_NO_GRACE = "到期还款日当天（{bank}一般没有容时期）"
SHORT_MIN_PENALTY = "违约金约{penalty}元（没还上的{unpaid}元×{rate}{limit}）"
SHORT_MIN_PENALTY_RULE = "违约金一般按没还上的最低还款额的{rate}收"
SHORT_MIN_FLOOR = "，{bank}最低{floor}元"
SHORT_MIN_CAP = "，{bank}最高{cap}元"
SHORT_MIN_INTEREST_FULL = "按整笔账单{balance}元从记账日起算（全额计息），不只算没还的部分"
SHORT_MIN_INTEREST_FULL_UNKNOWN = "一般按整笔账单从记账日起算（全额计息），不只算没还的部分"
SHORT_MIN_INTEREST_UNPAID = "{bank}一般只对没还的部分从记账日起计"
SHORT_MIN_HEDGE = "（容时天数、计息方式是通常做法，以领用合约为准）"
SHORT_MIN_UNPAID_UNKNOWN = "没还足的部分"
SHORT_MIN_LATER_DAY = "{day}号"
SHORT_MIN_LATER_DAYS = "晚{days}天"
SHORT_MIN_LAST_DAY = "（最晚{day}号）"
SHORT_MIN_LATE_OVERDUE = (
    "{later}才补上算逾期：那是到期还款日后第{late}天，{past_grace}{hedge}。会收{penalty}，利息{interest}，"
    "银行下次报送时会记入征信。想不算逾期，{in_time}补上这{unpaid}元。"
)
SHORT_MIN_PAST_GRACE = "过了{bank}一般的{grace}天容时期"
SHORT_MIN_PAST_NO_GRACE = "{bank}一般没有容时期"
SHORT_MIN_IN_TIME = "要在到期后{grace}天内{last}"
SHORT_MIN_IN_TIME_NO_GRACE = "要在到期还款日当天"
# the minimum paid in parts before the due date (persona trial s10 P4 #15–#17: stored as 每月能还200, never answered)
SPLIT_OK = (
    "可以：到期还款日前一共还够最低还款额{minimum}元（{parts}），分几次还都算按时还了最低，不收违约金、征信不记逾期；"
    "但到期日没有全额还清，利息{interest}{hedge}。"
)
SPLIT_SHORT = "不够：{parts}一共{total}元，比最低还款额{minimum}元还差{unpaid}元。"
# 「先还400还是等凑够600再还」 (P4 #7, #8: answered as which card first): part now or all at once
SPLIT_WAIT = (
    "没区别：只要到期还款日前一共还够最低还款额{minimum}元，先还{first}元、再补上{rest}元，和凑够了一次还一样，都算按时还了最低，"
    "不收违约金、征信不记逾期。到期日没凑够的话，{grace_text}补上差的部分通常也视同按时，过了就算逾期：{penalty}。"
    "利息照算：没有全额还清，利息{interest}{hedge}。"
)
# 「过两天再还200」: the last part may fall after the due date
SPLIT_LATER = (
    "看最后那{rest}元哪天到账：到期还款日当天或之前一共还够最低还款额{minimum}元，就算按时还了最低；晚于到期日，"
    "在{grace_text}补上通常也视同按时、不收违约金，过了就算逾期：{penalty}。利息照算：没有全额还清，利息{interest}{hedge}。"
)
SPLIT_PART_JOIN = "+"
# 「分期以后还要还最低还款吗」「这536是不是每月要还的全部」 (P4 #9–#13: the minimum-payment bubble four times): DOMAIN §5
AFTER_INSTALMENT = (
    "分期的部分没有最低还款：每月按期还分期款{per_period}就行，按时还上通常不算逾期、征信正常；分期以外的部分（比如之后的新消费）"
    "照常出账单，按那期账单还（全额或最低）。具体以银行账单和领用合约为准。"
)
AFTER_INSTALMENT_FIGURE = "（{amount}元分{periods}期，约{per_period}元/期，每期费率{rate}为示例）"
SHORT_MIN_LATE_IN_GRACE = (
    "{later}补上一般不算逾期：那是到期还款日后第{late}天，还在{bank}一般的{grace}天容时期内，通常视同按时还款，"
    "不收违约金、征信不记逾期{hedge}；但到期日没有全额还清，利息{interest}。"
)

# the cardholder named in an answer by the relation the person said (actions/answers.py in_holder_words; persona trial s10 P2)
HOLDER_PRONOUN = {"丈夫": "他", "父亲": "他", "儿子": "他", "哥哥": "他", "弟弟": "他", "爷爷": "他", "外公": "他",
                  "妻子": "她", "母亲": "她", "女儿": "她", "姐姐": "她", "妹妹": "她", "奶奶": "她", "外婆": "她"}
HOLDER_PRONOUN_NONE = "对方"
