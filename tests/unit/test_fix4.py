"""Leftovers of session 3 (fix4): one home for the nothing-to-spare words, one row per question topic, the
pending letter's typed confirmation, interest after a partial payment, 「先还一万有用吗」's verdict, and a monthly
commitment subtracted from what is available."""
from __future__ import annotations

import ast
import re
from dataclasses import replace
from decimal import Decimal as D
from pathlib import Path

import pytest

from bot import facts as F
from bot.case import Case
from bot.nlu import case_update
from bot.nlu.case_update import update_case

ROOT = Path(__file__).resolve().parents[2]


# ---- item 6: the nothing-to-spare words have one home (bot/answers.yml `nothing_to_spare`) ------------------------


def test_the_case_update_holds_no_copy_of_the_nothing_to_spare_words():
    tree = ast.parse((ROOT / "bot/nlu/case_update.py").read_text(encoding="utf-8"))
    literals = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    assert not [s for s in literals if "拿不出" in s or "掏不出" in s]


@pytest.mark.parametrize("text", F.by_id("nothing_to_spare").examples)
def test_each_example_of_the_answer_stores_a_budget_of_zero(text):
    assert update_case(Case(), text).case.situation.monthly_budget == D(0)


def test_the_case_update_reads_the_answers_patterns(monkeypatch):
    answer = F.by_id("nothing_to_spare")
    widened = replace(answer, patterns=answer.patterns + (re.compile("穷得叮当响"),))
    monkeypatch.setattr(F, "by_id", lambda answer_id: widened if answer_id == "nothing_to_spare" else None)
    assert update_case(Case(), "我现在穷得叮当响").case.situation.monthly_budget == D(0)
    assert case_update.NOTHING_TO_SPARE_ANSWER == "nothing_to_spare"
