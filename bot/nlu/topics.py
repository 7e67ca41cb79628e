"""The question topics asked in one message (「利息和违约金一共多少 会不会上征信」 → interest, penalty,
credit_report), so that an answer can cover every part of a compound question.

Keyword matching after the project's normaliser (bot/nlu/normalize.normalize), without spaces and in
lower case. Keep every caller on ``topics_in``.
"""
from __future__ import annotations

import re

from bot.nlu.normalize import normalize

INTEREST = "interest"
PENALTY = "penalty"
MIN_PAYMENT = "min_payment"
GRACE = "grace"
INSTALLMENT = "installment"
CONSEQUENCES = "consequences"
CREDIT_REPORT = "credit_report"
COLLECTION = "collection"
COMPLAINT = "complaint"
LAWSUIT = "lawsuit"
CRIMINAL = "criminal"
NEGOTIATE = "negotiate"
AGENCY = "agency"

# Figures first, then rules: the order in which a compound answer is given (STYLE: figure first).
ANSWER_ORDER = (
    INTEREST, PENALTY, MIN_PAYMENT, INSTALLMENT, GRACE, CREDIT_REPORT, CRIMINAL, LAWSUIT, CONSEQUENCES,
    COLLECTION, COMPLAINT, NEGOTIATE, AGENCY,
)
FIGURE_TOPICS = frozenset({INTEREST, PENALTY, MIN_PAYMENT, INSTALLMENT})

# the intent whose answer covers the topic (CONTRACT §1)
TOPIC_OF_INTENT = {
    "ask_interest": INTEREST,
    "ask_penalty_fee": PENALTY,
    "ask_min_payment": MIN_PAYMENT,
    "ask_grace_period": GRACE,
    "ask_installment": INSTALLMENT,
    "ask_consequences": CONSEQUENCES,
    "ask_credit_report": CREDIT_REPORT,
    "ask_collection_harassment": COLLECTION,
    "ask_complaint_channel": COMPLAINT,
    "ask_lawsuit": LAWSUIT,
    "ask_criminal_risk": CRIMINAL,
    "ask_negotiate_plan": NEGOTIATE,
    "ask_third_party_agency": AGENCY,
    # issue 12b (care): the scripts to say belong to the topic they are said in
    "ask_collector_script": COLLECTION,
    "ask_bank_call_script": NEGOTIATE,
    "ask_12378_script": COMPLAINT,
}

_KEYWORDS = {
    INTEREST: r"利息|罚息|计息|复利|年化|利率|apr",
    PENALTY: r"违约金|滞纳金|late ?fee",
    MIN_PAYMENT: r"最低还款|最低还|还最低|最低额|min ?payment",
    GRACE: r"宽限期|容时|容差|晚还[一两1-3]天|差几块",
    INSTALLMENT: r"账单分期|现金分期|分期手续费|分\d+期|分[一二两三四五六七八九十]+期|instal?ment",
    CONSEQUENCES: r"后果|会怎样|会怎么样|冻结|降额|停卡|封卡|委外",
    CREDIT_REPORT: r"征信|信用报告|信用记录|黑名单|上报",
    COLLECTION: r"催收|爆通讯录|打电话给(?:我)?(?:家人|父母|单位|同事|朋友)|上门",
    COMPLAINT: r"投诉|12378|举报",
    LAWSUIT: r"起诉|传票|法院|诉讼|强制执行|失信|限高|限制消费",
    CRIMINAL: r"坐牢|判刑|恶意透支|诈骗罪|刑事|立案|公安|抓|拘留",
    NEGOTIATE: r"停息挂账|个性化分期|协商还款|协商分期|怎么协商|和银行协商|跟银行协商",
    AGENCY: r"代理|中介|债务优化|征信修复|反催收",
}
_PATTERNS = {topic: re.compile(pattern) for topic, pattern in _KEYWORDS.items()}


def _normalise(text: str) -> str:
    # the project's one normaliser (traditional → simplified, full-width, English card terms, homophone
    # typos such as 争信 → 征信), then no spaces and lower case for the keyword patterns
    return re.sub(r"\s+", "", normalize(text or "")).lower()


def topics_in(text: str) -> list[str]:
    """The topics asked in ``text``, each once, in ``ANSWER_ORDER`` (figures before rules)."""
    norm = _normalise(text)
    found = {topic for topic, pattern in _PATTERNS.items() if pattern.search(norm)}
    if NEGOTIATE in found:
        found.discard(INSTALLMENT)  # 个性化分期 is the negotiation, not 账单分期
    return [topic for topic in ANSWER_ORDER if topic in found]
