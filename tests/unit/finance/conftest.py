from __future__ import annotations

from typing import Any

import pytest

CMB_CASE: dict[str, Any] = {
    "bank": "招商银行",
    "statement_date": "2024-04-05",
    "due_date": "2024-04-23",
    "next_statement_date": "2024-05-05",
    "min_payment": 100,
    "transactions": [{"posted": "2024-03-30", "amount": 1000, "kind": "purchase"}],
    "payments": [{"date": "2024-04-23", "amount": 100}],
    "method": "full",
    "daily_rate": 0.0005,
}

CCB_CASE: dict[str, Any] = {
    "bank": "建设银行",
    "statement_date": "2024-01-07",
    "due_date": "2024-01-27",
    "next_statement_date": "2024-02-07",
    "transactions": [{"posted": "2024-01-05", "amount": 10000}],
    "payments": [{"date": "2024-01-27", "amount": 8000}],
}


@pytest.fixture
def cmb_case() -> dict[str, Any]:
    return {**CMB_CASE, "transactions": list(CMB_CASE["transactions"]), "payments": list(CMB_CASE["payments"])}


@pytest.fixture
def ccb_case() -> dict[str, Any]:
    return {**CCB_CASE, "transactions": list(CCB_CASE["transactions"]), "payments": list(CCB_CASE["payments"])}
