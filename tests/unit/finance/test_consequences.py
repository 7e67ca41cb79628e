from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot import facts as F
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
        assert stage.source and stage.certainty in F.CERTAINTIES


def test_icbc_grace_zero():
    report = consequences(1, 1000, bank="工行")
    assert report.credit_code == "1" and not report.within_grace


def test_small_debt_is_not_criminal_and_myth_corrected():
    report = consequences(200, 20000, collections_received=3, collection_gap_days=40)
    crim = report.criminal
    assert crim.status == "not_met" and crim.tier is None
    assert {c.key: c.status for c in crim.conditions}["principal"] == "not_met"
    assert "只能由司法机关认定" in crim.intro
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


def test_cooperative_signals_help_but_never_rule_intent_out():
    # DOMAIN §4: staying in contact and repaying help show there is no such intent; never a guarantee
    report = consequences(200, 90000, intent_signals=["willing_to_repay", "negotiating"])
    intent = {c.key: c for c in report.criminal.conditions}["intent"]
    assert intent.status == "unknown" and "有助于表明" in intent.note and "不是保证" in intent.note
    assert report.criminal.status == "unknown"


def test_unknown_days_are_no_zero_days_the_time_condition_cannot_be_judged():
    from bot.finance import criminal_assessment

    crim = criminal_assessment(60000)  # 「欠6万会坐牢吗」: days unknown
    statuses = {c.key: c.status for c in crim.conditions}
    assert statuses == {"principal": "met", "collections": "unknown", "three_months": "unknown", "intent": "unknown"}
    assert crim.status == "unknown" and "无法判断" in crim.summary
    assert "不满足" not in crim.summary.replace("不能当作不满足", "")
    assert {c.key: c.note for c in crim.conditions}["three_months"] == "不知道逾期多久"
    assert criminal_assessment(60000, 60).status == "not_met"  # 60 days: the 3 months cannot have passed


@pytest.mark.parametrize(("principal", "promise"), [(60000, True), (499999, True), (500000, False), (6000000, False)])
def test_leniency_of_full_repayment_only_for_a_large_amount(principal, promise):
    # 2018 解释 第十条: 可以不起诉 / 免予刑事处罚 for 数额较大 (5万 to under 50万) only
    mitigation = consequences(400, principal).criminal.mitigation
    assert ("可以不起诉" in mitigation and "可以免予刑事处罚" in mitigation) is promise
    if not promise:
        assert "法律没有" in mitigation and "不会因此结案" in mitigation
    assert "免除处罚" not in mitigation


def test_no_leniency_text_below_the_threshold():
    assert consequences(400, 20000).criminal.mitigation == ""


def test_sources_never_carry_a_raw_certainty_tag():
    report = consequences(200, 60000, bank="招商银行")
    for source in report.sources + [report.criminal.source] + [s.source for s in report.stages]:
        assert "[" not in source and "]" not in source, source
    assert "《征信业管理条例》第十六条（法律规定）" in report.sources


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


def test_at_50000_or_more_the_time_condition_keeps_running():
    # issue 23 item 10: below the days threshold is "not yet", and it keeps running if nothing is paid
    big = {c.key: c for c in consequences(60, 60000, collections_received=2, collection_gap_days=30).criminal.conditions}
    assert big["three_months"].status == "not_met"
    note = big["three_months"].note
    assert "如果一直不还，这个时间条件会继续累积" in note and "最早约在逾期122天后" in note
    small = {c.key: c for c in consequences(60, 20000, collections_received=2, collection_gap_days=30).criminal.conditions}
    assert "继续累积" not in small["three_months"].note
    # the earliest day is the first one on which the condition is no longer "not met"
    assert {c.key: c.status for c in consequences(122, 60000).criminal.conditions}["three_months"] == "unknown"
    known = {"collections_received": 2, "collection_gap_days": 30}
    assert {c.key: c.status for c in consequences(121, 60000, **known).criminal.conditions}["three_months"] == "not_met"
    # the collection history unknown, a count within a month of it may be a rounded one: 「无法判断」 (care7)
    assert {c.key: c.status for c in consequences(121, 60000).criminal.conditions}["three_months"] == "unknown"
    assert {c.key: c.status for c in consequences(90, 60000).criminal.conditions}["three_months"] == "not_met"
