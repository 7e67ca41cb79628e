from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.finance import FinanceInputError, consequences, credit_code


@pytest.mark.parametrize(("days", "grace", "code"), [
    (0, 3, "N"), (3, 3, "N"), (4, 3, "1"), (1, 0, "1"), (30, 3, "1"), (31, 3, "2"), (60, 3, "2"), (61, 3, "3"),
    (180, 3, "6"), (181, 3, "7"), (1000, 3, "7"),
])
def test_credit_code(days, grace, code):
    assert credit_code(days, grace) == code


@given(st.integers(4, 5000))
def test_credit_code_formula(days):
    assert credit_code(days, 3) == str(min(7, -(-days // 30)))


def _status(report, key):
    return next(stage.status for stage in report.stages if stage.key == key)


def test_stages_follow_days():
    assert _status(consequences(2, 1000), "grace") == "current"
    early = consequences(20, 1000)
    assert _status(early, "m1") == "current" and _status(early, "credit_report") == "current"
    assert _status(early, "m2_m3") == "upcoming"
    mid = consequences(60, 1000)
    assert _status(mid, "m2_m3") == "current" and _status(mid, "m1") == "passed"
    late = consequences(120, 1000)
    assert _status(late, "outsourced") == "current" and _status(late, "civil_suit") == "possible"
    for stage in late.stages:
        assert stage.source and stage.certainty in ("law", "quoted", "practice")


def test_icbc_grace_zero():
    report = consequences(1, 1000, bank="工行")
    assert report.credit_code == "1" and not report.within_grace


def test_small_debt_is_not_criminal_and_myth_corrected():
    report = consequences(200, 20000, collections_received=3, collection_gap_days=40)
    crim = report.criminal
    assert crim.status == "not_met" and crim.tier is None
    assert {c.key: c.status for c in crim.conditions}["principal"] == "not_met"
    assert "不预测" in crim.intro
    myths = {m.key: m for m in report.myths}
    assert {"jail_small_debt", "auto_police", "credit_repair", "fee_cap_principal"} <= set(myths)
    assert "5万" in myths["jail_small_debt"].correction


def test_all_conditions_met_never_states_a_verdict():
    report = consequences(400, 80000, collections_received=2, collection_gap_days=35,
                          intent_signals=["changed_contact"])
    crim = report.criminal
    statuses = {c.key: c.status for c in crim.conditions}
    assert statuses == {"principal": "met", "collections": "met", "three_months": "unknown", "intent": "met"}
    assert crim.status == "unknown"
    assert crim.tier == "数额较大（5万元以上）"
    assert "司法机关" in crim.intro


def test_repayments_count_as_principal():
    report = consequences(300, 60000, repaid=15000)
    assert report.criminal.principal_counted == 45000
    assert report.criminal.conditions[0].status == "not_met"


@pytest.mark.parametrize(("principal", "tier"), [(50000, "较大"), (500000, "巨大"), (5000000, "特别巨大")])
def test_tiers(principal, tier):
    assert tier in consequences(300, principal).criminal.tier


def test_too_early_for_three_months():
    conditions = {c.key: c for c in consequences(100, 90000, collections_received=2, collection_gap_days=30).criminal.conditions}
    assert conditions["three_months"].status == "not_met"


def test_cooperative_signals():
    report = consequences(200, 90000, intent_signals=["willing_to_repay", "negotiating"])
    assert {c.key: c.status for c in report.criminal.conditions}["intent"] == "not_met"


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"overdue_days": -1, "principal": 1}, "overdue_days"),
    ({"overdue_days": 1.5, "principal": 1}, "overdue_days"),
    ({"overdue_days": 1, "principal": -1}, "principal"),
    ({"overdue_days": 1, "principal": 1, "collections_received": -1}, "collections_received"),
    ({"overdue_days": 1, "principal": 1, "intent_signals": ["bad"]}, "intent_signals[0]"),
])
def test_bad_input(kwargs, field):
    with pytest.raises(FinanceInputError) as info:
        consequences(**kwargs)
    assert info.value.field == field


def test_to_dict_is_json():
    import json

    json.dumps(consequences(45, 20000).to_dict(), ensure_ascii=False)
