"""User-facing sentences built in code (the rest are domain.yml responses).

The intent descriptions of 「您是想问…吗？」 moved to bot/intent_catalog.yml (issue 11: one catalog per
vocabulary).
"""
