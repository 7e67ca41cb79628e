from __future__ import annotations

from decimal import Decimal

import pytest

from bot.finance.schedules import (
    CAP_PRINCIPAL,
    FULL,
    STATUSES,
    UNPAID_ONLY,
    canonical_bank,
    get_schedule,
    known_banks,
)

DOMAIN_BANKS = (
    "工商银行", "农业银行", "中国银行", "建设银行", "交通银行", "招商银行", "浦发银行", "中信银行",
    "平安银行", "广发银行", "民生银行", "兴业银行", "光大银行", "华夏银行", "邮储银行",
)
FIELDS = ("interest_method", "daily_rate", "grace_days", "tolerance", "penalty_rate", "penalty_floor",
          "penalty_cap", "min_payment_ratio")


def test_all_domain_banks_have_a_schedule():
    assert set(DOMAIN_BANKS) <= set(known_banks())
    for bank in DOMAIN_BANKS:
        schedule = get_schedule(bank)
        assert schedule.bank == bank and not schedule.is_default


@pytest.mark.parametrize("bank", [*DOMAIN_BANKS, None])
def test_every_value_has_a_source_and_status(bank):
    schedule = get_schedule(bank)
    for name in FIELDS:
        value = getattr(schedule, name)
        assert value.status in STATUSES
        assert value.source
    assert schedule.sources()


@pytest.mark.parametrize(("alias", "canonical"), [
    ("招行", "招商银行"), ("招商", "招商银行"), ("工行", "工商银行"), ("建行", "建设银行"), ("交行", "交通银行"),
    ("农行", "农业银行"), ("中行", "中国银行"), ("浦发", "浦发银行"), ("中信", "中信银行"), ("平安", "平安银行"),
    ("广发", "广发银行"), ("民生", "民生银行"), ("兴业", "兴业银行"), ("光大", "光大银行"), ("华夏", "华夏银行"),
    ("邮储", "邮储银行"), ("中国邮政储蓄银行", "邮储银行"), ("招商银行信用卡中心", "招商银行"), (" 工商 银行 ", "工商银行"),
])
def test_aliases(alias, canonical):
    assert canonical_bank(alias) == canonical


@pytest.mark.parametrize("bank", [None, "", "花呗", "某某银行", 123])
def test_unknown_bank_gets_the_flagged_default(bank):
    schedule = get_schedule(bank)
    assert schedule.is_default
    assert schedule.method == FULL
    assert schedule.rate == Decimal("0.0005")
    assert schedule.grace == 3
    assert schedule.tolerance.value == Decimal(10)
    assert schedule.penalty_floor.value is None and schedule.penalty_cap.value is None


def test_domain_table_values():
    assert get_schedule("工商银行").method == UNPAID_ONLY
    for bank in ("招商银行", "建设银行", "交通银行", "农业银行"):
        assert get_schedule(bank).method == FULL
        assert get_schedule(bank).interest_method.status == "practice"
    assert get_schedule("中国银行").interest_method.status == "default"
    assert {b: get_schedule(b).grace for b in ("工商银行", "农业银行", "广发银行", "招商银行")} == {
        "工商银行": 0, "农业银行": 2, "广发银行": 1, "招商银行": 3,
    }
    floors = {"农业银行": 1, "建设银行": 5, "交通银行": 10, "招商银行": 10, "中信银行": 20, "民生银行": 10,
              "兴业银行": 20, "广发银行": 20}
    for bank, floor in floors.items():
        assert get_schedule(bank).penalty_floor.value == Decimal(floor)
    assert get_schedule("工商银行").penalty_cap.value == Decimal(500)
    assert get_schedule("华夏银行").penalty_cap.value == Decimal(2000)
    assert get_schedule("浦发银行").penalty_cap.value == CAP_PRINCIPAL


def test_schedule_is_data_loaded_once():
    assert get_schedule("招商银行") is get_schedule("招行")
