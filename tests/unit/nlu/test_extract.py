"""Entities and normalised values from Chinese text (bot.nlu.extract), CONTRACT.md §1."""
from __future__ import annotations

from decimal import Decimal

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.nlu.extract import (
    ENTITY_NAMES,
    bank_aliases,
    extract_entities,
    parse_amount,
    parse_bank,
    parse_days,
    parse_periods,
)
from bot.nlu.normalize import normalize


def pairs(text: str) -> list[tuple[str, object]]:
    return [(e["entity"], e["value"]) for e in extract_entities(text)]


BANK, DEBT, INCOME, EXPENSES, BUDGET, AMOUNT, DAYS, PERIODS = (
    "bank",
    "debt_amount",
    "monthly_income",
    "monthly_expenses",
    "monthly_budget",
    "amount",
    "overdue_days",
    "installments",
)

# Realistic messages → every entity, in text order.
CASES: list[tuple[str, list[tuple[str, object]]]] = [
    # the example: several facts and two questions in one message
    ("招行欠了两万五 逾期45天了 会不会坐牢 利息多少", [(BANK, "招商银行"), (DEBT, "25000"), (DAYS, "45")]),
    ("三万五行吗", [(AMOUNT, "35000")]),
    # CONTRACT §1: banks
    ("招商的卡逾期了怎么办", [(BANK, "招商银行")]),
    ("工行信用卡逾期了", [(BANK, "工商银行")]),
    ("建行的卡还不上了", [(BANK, "建设银行")]),
    ("交行买单吧天天催我", [(BANK, "交通银行")]),
    ("浦大喜奔上显示欠了3万", [(BANK, "浦发银行"), (DEBT, "30000")]),
    ("农行和中行各欠一万", [(BANK, "农业银行"), (BANK, "中国银行"), (DEBT, "10000")]),
    ("浦发逾期三个月", [(BANK, "浦发银行"), (DAYS, "90")]),
    ("中信欠款两万，平安欠了一万", [(BANK, "中信银行"), (DEBT, "20000"), (BANK, "平安银行"), (DEBT, "10000")]),
    ("广发、民生、兴业、光大、华夏都有欠款",
     [(BANK, "广发银行"), (BANK, "民生银行"), (BANK, "兴业银行"), (BANK, "光大银行"), (BANK, "华夏银行")]),
    ("邮储的信用卡能协商吗", [(BANK, "邮储银行")]),
    ("中国邮政储蓄银行的卡", [(BANK, "邮储银行")]),
    ("cmb欠了8K", [(BANK, "招商银行"), (DEBT, "8000")]),
    ("中国工商银行和中国银行都逾期了", [(BANK, "工商银行"), (BANK, "中国银行")]),
    ("平安", [(BANK, "平安银行")]),
    ("欠農行兩萬", [(BANK, "农业银行"), (DEBT, "20000")]),
    # CONTRACT §1: amounts and their roles
    ("欠了两万五", [(DEBT, "25000")]),
    ("信用卡欠款3.5万", [(DEBT, "35000")]),
    ("民生欠了五万二", [(BANK, "民生银行"), (DEBT, "52000")]),
    ("账单8k", [(DEBT, "8000")]),
    ("透支了一万二", [(DEBT, "12000")]),
    ("月薪5000", [(INCOME, "5000")]),
    ("工资五千", [(INCOME, "5000")]),
    ("月入四千五", [(INCOME, "4500")]),
    ("房租一千五 生活费一千", [(EXPENSES, "2500")]),
    ("每月最多能还2000", [(BUDGET, "2000")]),
    ("每个月能拿出一千来还", [(BUDGET, "1000")]),
    # CONTRACT §1: durations and periods
    ("逾期45天", [(DAYS, "45")]),
    ("已经两个月没还了", [(DAYS, "60")]),
    ("逾期三个月了", [(DAYS, "90")]),
    ("半年了", [(DAYS, "180")]),
    ("逾期一年", [(DAYS, "365")]),
    ("逾期一个星期会怎样", [(DAYS, "7")]),
    ("就晚了两天", [(DAYS, "2")]),
    ("能分60期吗", [(PERIODS, "60")]),
    ("12期手续费多少", [(PERIODS, "12")]),
    # numerals: shorthand, typos, mixed forms
    ("欠了2w5", [(DEBT, "25000")]),
    ("欠了两万伍", [(DEBT, "25000")]),
    ("欠款贰万", [(DEBT, "20000")]),
    ("欠了3W", [(DEBT, "30000")]),
    ("欠了1.2万", [(DEBT, "12000")]),
    ("欠了2,000", [(DEBT, "2000")]),
    ("欠了三千五", [(DEBT, "3500")]),
    ("欠了五千块", [(DEBT, "5000")]),
    ("欠了两千元", [(DEBT, "2000")]),
    ("欠了5000", [(DEBT, "5000")]),
    ("欠了２５０００元", [(DEBT, "25000")]),
    ("欠款¥12000", [(DEBT, "12000")]),
    ("欠了一点五万", [(DEBT, "15000")]),
    ("欠了20多万", [(DEBT, "200000")]),
    ("欠了两三万", [(DEBT, "20000")]),
    ("欠了3-5万", [(DEBT, "30000")]),
    ("欠了两万一直没还", [(DEBT, "20000")]),
    ("欠了一万一", [(DEBT, "11000")]),
    ("逾其两个月了", [(DAYS, "60")]),
    ("预期了半个月", [(DAYS, "15")]),
    # durations: the forms in the brief
    ("一个半月没还了", [(DAYS, "45")]),
    ("逾期十来天", [(DAYS, "10")]),
    ("逾期二十多天", [(DAYS, "20")]),
    ("一周了还没还", [(DAYS, "7")]),
    ("逾期3个月", [(DAYS, "90")]),
    ("逾期3月", [(DAYS, "90")]),
    ("两年半没还了", [(DAYS, "910")]),
    ("逾期一年半", [(DAYS, "545")]),
    ("大半年没还了", [(DAYS, "180")]),
    ("逾期三四个月", [(DAYS, "90")]),
    ("我现在M2了", [(DAYS, "60")]),
    ("还没逾期，但是下个月还不上了", [(DAYS, "0")]),
    # instalments vs overdue
    ("分五年还", [(PERIODS, "60")]),
    ("分三年还行吗", [(PERIODS, "36")]),
    ("36个月还清行吗", [(PERIODS, "36")]),
    ("逾期一年了，想分三年还清", [(DAYS, "365"), (PERIODS, "36")]),
    ("我想分期12期", [(PERIODS, "12")]),
    ("欠了两万 分十二期 每期多少", [(DEBT, "20000"), (PERIODS, "12")]),
    # several facts at once
    ("招商银行信用卡透支了五万二，逾期三个月了，能分60期吗",
     [(BANK, "招商银行"), (DEBT, "52000"), (DAYS, "90"), (PERIODS, "60")]),
    ("浦发欠款1.2万逾期一个星期", [(BANK, "浦发银行"), (DEBT, "12000"), (DAYS, "7")]),
    ("中行欠了1万8，逾期了40来天", [(BANK, "中国银行"), (DEBT, "18000"), (DAYS, "40")]),
    ("在招行办的卡，欠了三万，已经逾期快两个月了", [(BANK, "招商银行"), (DEBT, "30000"), (DAYS, "60")]),
    ("民生欠了52000，月收入3800，生活费1500，每月最多还900，分60期",
     [(BANK, "民生银行"), (DEBT, "52000"), (INCOME, "3800"), (EXPENSES, "1500"), (BUDGET, "900"), (PERIODS, "60")]),
    ("我欠了三万块钱，一个月工资才三千，房租八百，每个月最多还一千",
     [(DEBT, "30000"), (INCOME, "3000"), (EXPENSES, "800"), (BUDGET, "1000")]),
    ("我一个月工资四千五，房租一千五，吃饭一千，每个月能拿出一千来还",
     [(INCOME, "4500"), (EXPENSES, "2500"), (BUDGET, "1000")]),
    ("一个月能还1000", [(BUDGET, "1000")]),
    ("逾期一个月能还1000吗", [(DAYS, "30"), (BUDGET, "1000")]),
    ("每月收入3800 必要支出1500 每月能还900", [(INCOME, "3800"), (EXPENSES, "1500"), (BUDGET, "900")]),
    ("房租1500，水电200，吃饭800，总开销2500", [(EXPENSES, "2500")]),
    ("一个月到手4千5，房贷2000", [(INCOME, "4500"), (EXPENSES, "2000")]),
    ("交通费一个月500", [(EXPENSES, "500")]),
    ("工资5000 欠了3万", [(INCOME, "5000"), (DEBT, "30000")]),
    ("利息多少 欠了3万 逾期100天", [(DEBT, "30000"), (DAYS, "100")]),
    ("3万欠了半年了", [(DEBT, "30000"), (DAYS, "180")]),
    ("两万五的账单", [(DEBT, "25000")]),
    ("5000的工资", [(INCOME, "5000")]),
    ("2000能还吗", [(BUDGET, "2000")]),
    ("额度5万用了4万8", [(DEBT, "48000")]),
    ("欠招行2万，建行3万", [(BANK, "招商银行"), (DEBT, "20000"), (BANK, "建设银行"), (DEBT, "30000")]),
    ("建行4万 交行3万", [(BANK, "建设银行"), (DEBT, "40000"), (BANK, "交通银行"), (DEBT, "30000")]),
    ("欠招行两万五还有中信三万", [(BANK, "招商银行"), (DEBT, "25000"), (BANK, "中信银行"), (DEBT, "30000")]),
    ("我欠了5000 最低还500", [(DEBT, "5000")]),
    ("最低还款额是多少，我账单2万", [(DEBT, "20000")]),
    ("失业半年了，逾期两个月", [(DAYS, "60")]),
    ("我真的不想活了，欠了20多万", [(DEBT, "200000")]),
    ("欠了差不多两万", [(DEBT, "20000")]),
    ("我欠着3张卡，招行2万，建行1万5，交行8000",
     [(BANK, "招商银行"), (DEBT, "20000"), (BANK, "建设银行"), (DEBT, "15000"), (BANK, "交通银行"), (DEBT, "8000")]),
    ("招行三万 逾期80天 月薪4500 房租1000 每个月能还1500",
     [(BANK, "招商银行"), (DEBT, "30000"), (DAYS, "80"), (INCOME, "4500"), (EXPENSES, "1000"), (BUDGET, "1500")]),
    ("能不能帮我写个申请，招行欠了5万，失业了，每月只能还1000",
     [(BANK, "招商银行"), (DEBT, "50000"), (BUDGET, "1000")]),
    ("欠了一万，利息一个月多少", [(DEBT, "10000")]),
    ("逾期一个月多少违约金", [(DAYS, "30")]),
    ("我晚还了一天有没有事", [(DAYS, "1")]),
    ("一万多", [(AMOUNT, "10000")]),
    ("十万", [(AMOUNT, "100000")]),
]


@pytest.mark.parametrize("text, expected", CASES, ids=[c[0] for c in CASES])
def test_table(text: str, expected: list[tuple[str, object]]) -> None:
    assert pairs(text) == expected


def test_table_is_large() -> None:
    assert len(CASES) >= 60


# Messages where a number is not the slot it might look like.
NEGATIVES: list[tuple[str, list[tuple[str, object]]]] = [
    ("12期是多少钱", [(PERIODS, "12")]),  # 12期 is no overdue_days and no amount
    ("第3期没还", []),
    ("日息0.05%怎么算", []),
    ("年化18%合法吗", []),
    ("违约金是5%吗", []),
    ("日息万分之五", []),
    ("还款日是2024-04-23", []),
    ("2024年4月23日到期", []),
    ("4月23号到期，欠了5000", [(DEBT, "5000")]),
    ("每个月还款日是5号", []),
    ("我电话13812345678", []),
    ("卡号6225880123456789欠了2万", [(DEBT, "20000")]),
    ("欠了****6789", []),
    ("打12378投诉有用吗", []),
    ("招行95555打不通", [(BANK, "招商银行")]),
    ("我有两张卡", []),
    ("三个银行", []),
    ("我1990年出生", []),
    ("3月开始逾期的", []),
    ("三月份开始逾期", []),
    ("上半年开始逾期", []),
    ("征信记录保留5年吗", []),
    ("会判三年吗", []),
    ("诉讼时效是3年", []),
    ("宽限期3天吗", []),
    ("这张卡用了三年", []),
    ("工作了五年", []),
    ("催收一天打几十个电话", []),
    ("有一天催收打电话到我单位", []),
    ("三天两头打电话", []),
    ("千万别逾期", []),
    ("万一还不上怎么办", []),
    ("一次性还清", []),
    ("没逾期几天", []),
    ("利息500合理吗", []),
    ("滞纳金收了300", []),
    ("额度5万", []),
    ("差了5块钱没还会怎样", []),
    ("只差了几十块", []),
    ("违约金最低10元最高250元", []),
    ("几千块", []),
    ("一个月多少利息", []),
    # bank names that are ordinary words here
    ("其中信用卡欠了3万", [(DEBT, "30000")]),
    ("手中信用卡太多了", []),
    ("发扬光大，国计民生", []),
    ("集中行动", []),
    ("工商局查了", []),
    ("招商行业不景气", []),
    ("向中国银行业协会投诉", []),
    ("祝你平平安安", []),
    # junk
    ("", []),
    ("   ", []),
    ("😭😭😭", []),
    ("<script>alert(1)</script>", []),
    ("'; DROP TABLE users; --", []),
]


@pytest.mark.parametrize("text, expected", NEGATIVES, ids=[c[0] or "<empty>" for c in NEGATIVES])
def test_negatives(text: str, expected: list[tuple[str, object]]) -> None:
    assert pairs(text) == expected


def test_offsets_and_surface_text() -> None:
    text = "招行欠了两万五 逾期45天了"
    entities = extract_entities(text)
    assert entities == [
        {"entity": "bank", "value": "招商银行", "start": 0, "end": 2, "text": "招行"},
        {"entity": "debt_amount", "value": "25000", "start": 4, "end": 7, "text": "两万五"},
        {"entity": "overdue_days", "value": "45", "start": 10, "end": 13, "text": "45天"},
    ]
    for entity in entities:
        assert text[entity["start"] : entity["end"]] == entity["text"]
        assert entity["entity"] in ENTITY_NAMES


def test_expense_items_merge_into_one_entity_spanning_them() -> None:
    text = "房租一千五 生活费一千 每月能还800"
    entities = extract_entities(text)
    expenses = [e for e in entities if e["entity"] == "monthly_expenses"]
    assert len(expenses) == 1
    assert expenses[0]["value"] == "2500"
    assert expenses[0]["text"] == "一千五 生活费一千"
    assert text[expenses[0]["start"] : expenses[0]["end"]] == expenses[0]["text"]


def test_values_are_exact_decimal_strings() -> None:
    for entity in extract_entities("欠了5000 逾期45天 分12期 月薪8k 存了1.13万"):
        assert isinstance(entity["value"], str) and Decimal(entity["value"]) == Decimal(entity["value"]).normalize()
    assert pairs("欠了一点一三万") == [(DEBT, "11300")]
    assert pairs("欠了1.13万") == [(DEBT, "11300")]
    assert pairs("欠了0.35万") == [(DEBT, "3500")]


def test_every_alias_in_the_table_maps_to_a_canonical_name() -> None:
    aliases = bank_aliases()
    assert aliases["招行"] == "招商银行"
    assert aliases["邮储"] == "邮储银行"
    assert all(bank.endswith("银行") for bank in aliases.values())
    # each everyday-word alias still works when the reply is the name alone
    for alias, bank in aliases.items():
        assert parse_bank(alias) == bank, alias


def test_long_input_is_handled_quickly() -> None:
    text = ("招行欠了两万五 逾期45天了 " * 400)[:10_000]
    entities = extract_entities(text)
    assert entities and all(e["text"] == text[e["start"] : e["end"]] for e in entities)


# --- bare replies to a form's question ---------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("两万五", Decimal("25000")),
        ("3.5万", Decimal("35000")),
        ("8k", Decimal("8000")),
        ("五千块", Decimal("5000")),
        ("大概两万多吧", Decimal("20000")),
        ("12", Decimal("12")),
        ("2,000", Decimal("2000")),
        ("三万五行吗", Decimal("35000")),
        ("没有", Decimal("0")),
        ("没有收入", Decimal("0")),
        ("0", Decimal("0")),
        ("-500", Decimal("-500")),
        ("不知道", None),
        ("45天", None),
        ("", None),
    ],
)
def test_parse_amount(text: str, expected: Decimal | None) -> None:
    assert parse_amount(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("45天", Decimal("45")),
        ("45", Decimal("45")),
        ("两个月", Decimal("60")),
        ("一个月", Decimal("30")),
        ("半年", Decimal("180")),
        ("一年", Decimal("365")),
        ("一个星期", Decimal("7")),
        ("十来天吧", Decimal("10")),
        ("M3", Decimal("90")),
        ("还没逾期", Decimal("0")),
        ("不记得了", None),
        ("", None),
    ],
)
def test_parse_days(text: str, expected: Decimal | None) -> None:
    assert parse_days(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("60期", Decimal("60")),
        ("60", Decimal("60")),
        ("分60期", Decimal("60")),
        ("三年", Decimal("36")),
        ("5年", Decimal("60")),
        ("两年半", Decimal("30")),
        ("18个月", Decimal("18")),
        ("越长越好", None),
        ("", None),
    ],
)
def test_parse_periods(text: str, expected: Decimal | None) -> None:
    assert parse_periods(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("招行", "招商银行"),
        ("是建行的", "建设银行"),
        ("平安", "平安银行"),
        ("民生吧", "民生银行"),
        ("CMB", "招商银行"),
        ("中国银行", "中国银行"),
        ("不知道", None),
        ("", None),
    ],
)
def test_parse_bank(text: str, expected: str | None) -> None:
    assert parse_bank(text) == expected


# --- properties ----------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(n=st.integers(min_value=1, max_value=99_999_999), unit=st.sampled_from(["元", "块", "块钱", " 元"]))
def test_property_arabic_debt_round_trips(n: int, unit: str) -> None:
    assert pairs(f"欠了{n}{unit}") == [(DEBT, str(n))]
    assert pairs(f"欠了{n:,}{unit}") == [(DEBT, str(n))]


@settings(max_examples=200, deadline=None)
@given(n=st.integers(min_value=1, max_value=99_999_999))
def test_property_chinese_numeral_debt_round_trips(n: int) -> None:
    assert pairs(f"欠了{cn2an.an2cn(n)}元") == [(DEBT, str(n))]


@settings(max_examples=100, deadline=None)
@given(days=st.integers(min_value=1, max_value=999))
def test_property_overdue_days_round_trip(days: int) -> None:
    assert pairs(f"逾期{days}天了") == [(DAYS, str(days))]
    assert parse_days(f"{days}天") == Decimal(days)


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=60))
def test_property_never_crashes_and_spans_are_consistent(text: str) -> None:
    normalised = normalize(text)
    for entity in extract_entities(text):
        assert entity["entity"] in ENTITY_NAMES
        assert normalised[entity["start"] : entity["end"]] == entity["text"]
