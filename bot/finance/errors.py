"""The one exception the finance engine raises for bad input."""
from __future__ import annotations


class FinanceInputError(ValueError):
    """Bad input, with the path of the offending field (e.g. ``debts[0].amount``).

    The command line prints it as ``error: <field>: <message>`` and exits with status 2; chat actions
    turn it into a polite question. ``str(err)`` is exactly ``"<field>: <message>"``.
    """

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")
