"""Validation limits: the one home of the bounds a cardholder's figures must respect.

The forms (actions/forms.py), the per-turn case update (bot/nlu/case_update.py), the finance engine's
input checks (bot/finance/projection.py, consequences.py) and the staff console (its FIELD_LIMITS are
checked against these by tests/unit/test_catalogs.py) all use these values, so a figure accepted in
the chat is never refused by the engine and the other way round.
Units: 元 for money, days, periods (months), characters.
"""
from __future__ import annotations

from decimal import Decimal

# 1000万: beyond this a personal card debt is a typo or a pasted story, not a case
MAX_DEBT = Decimal("10000000")
# 100万 a month of income, essential expenses or budget
MAX_MONTHLY = Decimal("1000000")
# 10 years: older card debts are past every limitation period the answers speak about
MAX_OVERDUE_DAYS = 3650
# 第七十条 of the 2011 办法: a 个性化分期 runs at most 5 years
MAX_PERIODS = 60
# what the letter quotes of the hardship reason
MAX_REASON_CHARS = 200
# cards in one case: more than this in one conversation is a pasted story, not a person's cards
MAX_CARDS = 10
