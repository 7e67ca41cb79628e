"""Money in the store is integer fen: exact both ways, never rounded, never a float."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.store.models import fen_to_yuan, yuan_to_fen

FEN = st.integers(min_value=0, max_value=99_999_999_999_999)  # Numeric(14, 2) range


@settings(max_examples=200, deadline=None)
@given(FEN)
def test_fen_round_trip_is_exact(fen):
    yuan = fen_to_yuan(fen)
    assert isinstance(yuan, Decimal) and yuan.as_tuple().exponent == -2
    assert yuan_to_fen(yuan) == fen
    assert yuan_to_fen(str(yuan)) == fen


@settings(max_examples=200, deadline=None)
@given(FEN, st.integers(min_value=1, max_value=9))
def test_sub_fen_amounts_are_refused(fen, tenth_of_a_fen):
    amount = fen_to_yuan(fen) + Decimal(tenth_of_a_fen) / 1000
    with pytest.raises(ValueError):
        yuan_to_fen(amount)


@pytest.mark.parametrize(
    ("amount", "fen"),
    [(866.67, 86667), (0.1, 10), (52000, 5_200_000), ("52000.10", 5_200_010), (Decimal("1E+2"), 10_000)],
)
def test_accepted_inputs(amount, fen):
    assert yuan_to_fen(amount) == fen


@pytest.mark.parametrize("amount", [0.1 + 0.2, float("nan"), float("inf"), "1,000", None, True])
def test_refused_inputs(amount):
    with pytest.raises((ValueError, TypeError)):
        yuan_to_fen(amount)
