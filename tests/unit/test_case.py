"""The case model itself (bot/case.py): pure data, the slot shape, the contract slots."""
from __future__ import annotations

from decimal import Decimal

import yaml

from bot.case import CASE_SLOT, UNKNOWN_BANK, Card, Case, Situation, _int
from bot.case import to_decimal as _dec

D = Decimal


def test_names_shared_with_the_domain_and_the_actions():
    from pathlib import Path

    domain = yaml.safe_load((Path(__file__).resolve().parents[2] / "domain.yml").read_text("utf-8"))
    assert CASE_SLOT == "case" and domain["slots"][CASE_SLOT]["type"] == "any"
    from actions.common import UNKNOWN_BANK as ACTIONS_UNKNOWN

    assert UNKNOWN_BANK == ACTIONS_UNKNOWN == "其他银行"


def test_decimal_reading():
    assert _dec(None) is None and _dec(True) is None and _dec(False) is None
    assert _dec("1,234.50") == D("1234.50") and _dec(" 7 ") == D(7) and _dec(2.5) == D("2.5")
    assert _dec("abc") is None and _dec("NaN") is None and _dec("Infinity") is None
    assert _int("45") == 45 and _int(None) is None and _int("4.9") == 4


def test_card_dict_round_trip_and_absent_fields():
    card = Card(bank="招商银行", amount=D("52000.5"), overdue_days=45, statement_balance=D(53000), min_payment=D(5300),
                overdue_more_than=3)
    raw = card.to_dict()
    assert raw == {"bank": "招商银行", "amount": "52000.5", "overdue_days": 45, "statement_balance": "53000",
                   "min_payment": "5300", "overdue_more_than": 3}
    assert Card.from_dict(raw) == card
    assert Card().to_dict() == {} and Card.from_dict({"bank": ""}) == Card()


def test_situation_round_trip():
    s = Situation(D(4500), D(1500), D(900), 36, "失业")
    assert Situation.from_dict(s.to_dict()) == s
    assert s.to_dict() == {"monthly_income": "4500", "monthly_expenses": "1500", "monthly_budget": "900",
                           "installments": 36, "hardship_reason": "失业"}
    assert Situation.from_dict({"hardship_reason": ""}).hardship_reason is None


def test_from_slot_tolerates_bad_values():
    assert Case.from_slot(None) == Case() and Case.from_slot("x") == Case() and Case.from_slot([]) == Case()
    assert Case.from_slot({"cards": [1, {"bank": "建设银行"}], "situation": "x"}) == Case(cards=(Card(bank="建设银行"),))
    assert Case().to_slot() == {"cards": [], "situation": {}}
    assert Case(declared_total=D(80000)).to_slot()["declared_total"] == "80000"
    assert Case.from_slot({"cards": [], "declared_total": "80000"}).declared_total == D(80000)


def test_totals():
    two = Case(cards=(Card(bank="招商银行", amount=D(52000)), Card(bank="广发银行", amount=D(28000)), Card(bank="建设银行")))
    assert two.total_principal() == D(80000) and two.total_debt() == D(80000)
    assert Case().total_principal() is None and Case().total_debt() is None
    declared = Case(cards=two.cards, declared_total=D(90000))
    assert declared.total_debt() == D(90000) and declared.total_principal() == D(80000)
    assert Case(cards=(Card(bank="招商银行"),)).total_principal() is None


def test_lookup_and_changes():
    case = Case(cards=(Card(bank="招商银行", amount=D(1)), Card(amount=D(2)), Card(bank="招商银行", amount=D(3))))
    assert case.card_for("招商银行").amount == D(1) and case.card_for("建设银行") is None
    assert case.card_index("招商银行") == 0 and case.card_index(None) == 1 and case.card_index("x") is None
    assert case.banks() == ["招商银行"]
    assert case.with_card(Card(bank="x")).cards[-1].bank == "x" and len(case.with_card(Card()).cards) == 4
    assert case.with_card(Card(bank="y"), 1).cards[1].bank == "y"
    assert case.without_card(0).cards[0].amount == D(2)
    assert case.with_situation(monthly_income=D(5)).situation.monthly_income == D(5)
    assert Case().is_empty() and not case.is_empty() and not Case(situation=Situation(installments=3)).is_empty()


def test_more_than_bound_only_where_the_days_are_unknown():
    case = Case(cards=(Card(overdue_more_than=3), Card(overdue_more_than=10, overdue_days=12), Card(overdue_more_than=5)))
    assert case.overdue_more_than() == 5
    assert Case(cards=(Card(overdue_days=4),)).overdue_more_than() is None


def test_contract_slots():
    case = Case(
        cards=(Card(bank="招商银行", amount=D(52000), overdue_days=30), Card(bank="广发银行", amount=D(28000), overdue_days=60),
               Card(bank="招商银行")),
        situation=Situation(D(4500), D(1500), D(900), 36, "失业"),
    )
    assert case.contract_slots() == {
        "bank": "招商银行、广发银行", "debt_amount": 80000.0, "overdue_days": 60.0, "monthly_income": 4500.0,
        "monthly_expenses": 1500.0, "monthly_budget": 900.0, "installments": 36.0, "hardship_reason": "失业",
        "debts": [{"bank": "招商银行", "amount": 52000.0}, {"bank": "广发银行", "amount": 28000.0}],
    }
    one = Case(cards=(Card(bank="招商银行", amount=D(1)),))
    assert one.contract_slots()["debts"] is None
    assert Case().contract_slots() == dict.fromkeys(case.contract_slots())
    assert Case(cards=(Card(bank="x", amount=D(1)),), declared_total=D(7)).contract_slots()["debt_amount"] == 7.0


def test_a_boolean_is_no_amount():
    """True/False are ints to Python: a stored flag must never become 1 元 or 1 day (mutation found it)."""
    from bot.case import to_decimal

    assert to_decimal(True) is None and to_decimal(False) is None
    assert to_decimal(None) is None and to_decimal("25000") == to_decimal(25000)
