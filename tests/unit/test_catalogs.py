"""One catalog per vocabulary: bank names (chat, finance engine and CLI agree) and validation limits."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from bot import limits
from bot.finance.schedules import bank_names, canonical_bank, get_schedule
from bot.nlu.extract import bank_aliases, parse_bank

ROOT = Path(__file__).resolve().parents[2]


def test_there_is_one_table_of_bank_names():
    assert not (ROOT / "data" / "banks_aliases.yml").exists()
    tables = [p for p in ROOT.glob("**/*.yml") if ".venv" not in p.parts and "aliases:" in p.read_text("utf-8")
              and "banks" in p.name]
    assert [p.relative_to(ROOT).as_posix() for p in tables] == ["bot/finance/data/banks.yml"]


def test_every_chat_alias_is_known_to_the_finance_engine_with_the_same_bank():
    aliases = bank_aliases()
    assert len(aliases) > 60
    for alias, bank in aliases.items():
        assert canonical_bank(alias) == bank, alias


def test_every_engine_alias_is_read_in_chat():
    for names in bank_names():
        for alias in (names.bank, *names.aliases, *names.context_aliases):
            assert parse_bank(alias) == names.bank, alias


@pytest.mark.parametrize(("typed", "bank"), [("广东发展银行", "广发银行"), ("招行", "招商银行"), ("邮政银行", "邮储银行"),
                                            ("北京银行", "北京银行"), ("平安", "平安银行")])
def test_cli_knows_the_chat_names(typed, bank):
    out = subprocess.run([sys.executable, "-m", "bot", "penalty", "--bank", typed, "--unpaid-min", "150"],
                         cwd=ROOT, capture_output=True, text=True, check=True)
    result = json.loads(out.stdout)
    expected = get_schedule(bank)
    assert canonical_bank(typed) == bank
    assert result.get("bank", expected.bank) == expected.bank


def test_banks_without_a_schedule_get_the_flagged_defaults():
    assert get_schedule("北京银行").is_default
    assert not get_schedule("广东发展银行").is_default


def test_limits_have_one_home():
    """No module of bot/ or actions/ defines its own overdue-days, debt or monthly bound."""
    pattern = re.compile(r"^(MAX_[A-Z_]*(DAYS|DEBT|MONTHLY|PERIODS|REASON)(?![A-Z_]*RATE)[A-Z_]*)[ \t]*=[ \t]*(?![ \t]|MAX_)",
                         re.M)
    offenders = []
    for path in [*ROOT.glob("bot/**/*.py"), *ROOT.glob("actions/*.py")]:
        if path.name == "limits.py":
            continue
        for match in pattern.finditer(path.read_text("utf-8")):
            if path.as_posix().endswith("finance/installment.py") and match.group(1) == "MAX_PERIODS":
                continue  # 账单分期 (a bank product, 2022 rules), not the 个性化分期 limit
            offenders.append(f"{path.relative_to(ROOT)}: {match.group(1)}")
    assert not offenders, offenders


def test_engine_and_chat_accept_the_same_days():
    from bot.finance import FinanceInputError, consequences, project_overdue
    from bot.finance.consequences import MAX_DAYS
    from bot.finance.projection import MAX_OVERDUE_DAYS

    assert MAX_DAYS == MAX_OVERDUE_DAYS == limits.MAX_OVERDUE_DAYS == 3650
    project_overdue(Decimal(1000), limits.MAX_OVERDUE_DAYS)
    consequences(limits.MAX_OVERDUE_DAYS, Decimal(1000))
    with pytest.raises(FinanceInputError):
        consequences(limits.MAX_OVERDUE_DAYS + 1, Decimal(1000))


def test_console_limits_agree():
    from bot.channels import console_checks

    assert console_checks.FIELD_LIMITS == {
        "debt_amount": limits.MAX_DEBT, "overdue_days": Decimal(limits.MAX_OVERDUE_DAYS),
        "monthly_income": limits.MAX_MONTHLY,
    }


def test_domain_messages_state_the_limits():
    import yaml

    responses = yaml.safe_load((ROOT / "domain.yml").read_text("utf-8"))["responses"]
    assert "1000万元" in responses["utter_invalid_debt_amount"][0]["text"] and limits.MAX_DEBT == 10_000_000
    assert "10年" in responses["utter_invalid_overdue_days"][0]["text"] and limits.MAX_OVERDUE_DAYS == 3650
    assert "100万元" in responses["utter_invalid_monthly_budget"][0]["text"] and limits.MAX_MONTHLY == 1_000_000
