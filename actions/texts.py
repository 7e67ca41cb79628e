"""Short descriptions of the intents, for 「您是想问…吗？」 (two-stage fallback)."""

INTENT_DESCRIPTIONS = {
    "ask_interest": ("逾期利息和违约金是多少、怎么算", "招行欠两万，逾期一个月，利息多少"),
    "ask_penalty_fee": ("违约金（滞纳金）怎么收、能不能减免", "违约金怎么算"),
    "ask_min_payment": ("最低还款额是多少、只还最低会怎样", "只还最低还款行不行"),
    "ask_grace_period": ("晚还一两天或差几块钱算不算逾期（宽限期、容差）", "晚还两天算逾期吗"),
    "ask_installment": ("账单分期、现金分期的手续费和真实年化利率", "分12期手续费多少"),
    "ask_consequences": ("逾期以后会发生什么", "逾期三个月会怎样"),
    "ask_credit_report": ("征信什么时候上报、记录保留多久", "逾期多久上征信"),
    "ask_collection_harassment": ("催收打扰家人、单位或威胁是否合法", "催收打电话给我家人合法吗"),
    "ask_complaint_channel": ("去哪里投诉催收或银行", "去哪里投诉催收"),
    "ask_lawsuit": ("会不会被银行起诉、收到传票怎么办", "银行会起诉我吗"),
    "ask_criminal_risk": ("会不会坐牢、恶意透支的立案标准", "欠五万会坐牢吗"),
    "ask_negotiate_plan": ("怎样和银行协商个性化分期（停息挂账）", "怎么申请停息挂账"),
    "request_plan_draft": ("帮您做还款计划、写协商申请书", "帮我做个还款计划"),
    "ask_third_party_agency": ("收费的代理协商、债务优化中介靠不靠谱", "代理停息挂账靠谱吗"),
    "express_distress": ("压力很大，想找人聊聊", "我压力很大"),
    "request_human": ("转人工客服", "转人工"),
    "inform": ("告诉我您的欠款情况", "招行欠两万五，逾期45天"),
    "greet": ("打招呼", "你好"),
    "goodbye": ("结束对话", "再见"),
    "thanks": ("表示感谢", "谢谢"),
    "bot_challenge": ("问我是不是机器人", "你是机器人吗"),
}
DEFAULT_DESCRIPTION = ("信用卡逾期的相关问题", "利息怎么算")
