"""Finance engine of 卡友助手: pure Python, ``Decimal`` money, no Rasa, no I/O but the packaged
bank-schedule file (data/banks.yml, read lazily once).

Public API (results have ``to_dict()`` for JSON; money there is a float with 2 decimals):
    get_schedule, known_banks, canonical_bank  bank rules as data (default schedule for unknown banks)
    quote(case)                                one statement cycle (CONTRACT §2)
    penalty(bank, unpaid_min)                  违约金
    installment(amount, periods, monthly_rate) 账单分期 with true APR
    project_overdue(principal, overdue_days)   month-by-month interest + 违约金 while overdue
    project_minimum_only(principal, months)    paying only the minimum
    plan(debts, …, today=…)                    个性化分期 plan and application letter
    consequences(overdue_days, principal, …)   stages, 征信 code, criminal threshold, myths
Errors: FinanceInputError(field, message), a ValueError.
"""
from bot.finance.consequences import ConsequenceReport, consequences, credit_code, criminal_assessment
from bot.finance.errors import FinanceInputError
from bot.finance.installment import InstallmentResult, installment
from bot.finance.penalty import PenaltyResult, penalty
from bot.finance.plan import Debt, PlanResult, plan, plan_from_dict
from bot.finance.projection import MinimumOnlyResult, Projection, project_minimum_only, project_overdue
from bot.finance.schedules import BankSchedule, canonical_bank, get_schedule, known_banks
from bot.finance.statement import Payment, QuoteResult, StatementCase, Transaction, quote

__all__ = [
    "BankSchedule",
    "ConsequenceReport",
    "Debt",
    "FinanceInputError",
    "InstallmentResult",
    "MinimumOnlyResult",
    "Payment",
    "PenaltyResult",
    "PlanResult",
    "Projection",
    "QuoteResult",
    "StatementCase",
    "Transaction",
    "canonical_bank",
    "consequences",
    "criminal_assessment",
    "credit_code",
    "get_schedule",
    "installment",
    "known_banks",
    "penalty",
    "plan",
    "plan_from_dict",
    "project_minimum_only",
    "project_overdue",
    "quote",
]
