"""User-facing Chinese has its homes (issue 12): domain.yml responses (Rasa's home of utter_ texts),
bot/facts.yml + bot/answers.yml (legal facts and specific answers), actions/texts.py and
bot/finance/templates.py (sentences built in code), the console's YAML. This test fails when a Chinese string
literal appears in Python outside them.

Allowed elsewhere: vocabularies the NLU matches (bot/nlu, the what-if parser, the fact words of a correction),
bench output. Files that still hold sentences from before issue 12 are listed with their count: the count may
only go down (move a sentence into a text home, then lower the number here).
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CJK = re.compile(r"[\u4e00-\u9fff]")
HOMES = {"actions/texts.py", "bot/finance/templates.py"}
# vocabularies and patterns that classify what people type, not what the bot says
VOCABULARY = {"bot/nlu/extract.py", "bot/nlu/normalize.py", "bot/nlu/distress.py", "bot/nlu/topics.py",
              "bot/nlu/case_update.py", "bot/nlu/components.py", "bot/nlu/reading.py", "bot/whatif.py",
              "bot/privacy.py", "bot/nlu/credit_repair.py", "bot/nlu/char_pinyin.py", "bot/nlu/letter_edit.py"}
# not shown to cardholders
NOT_USER_FACING_PREFIXES = ("bench/", "tests/")
# sentences that predate issue 12, per file: may only decrease
LEGACY = {
    "actions/case_slots.py": 1, "actions/facts.py": 16, "actions/fallback.py": 3, "actions/forms.py": 2,
    "actions/plan.py": 5, "actions/repair.py": 1, "actions/whatif.py": 25, "bot/case.py": 1,
    "bot/channels/common.py": 7, "bot/channels/console.py": 19, "bot/channels/console_checks.py": 23,
    "bot/channels/staff_policy.py": 16, "bot/channels/wechat.py": 14, "bot/channels/wechat_protocol.py": 8,
    "bot/channels/widget.py": 2, "bot/cli.py": 10, "bot/finance/penalty.py": 1, "bot/finance/plan.py": 8,
    "bot/finance/projection.py": 1, "bot/finance/schedules.py": 3, "bot/finance/statement.py": 1,
    "bot/store/models.py": 1, "bot/store/repository.py": 18, "bot/store/staff_cli.py": 4,
    # written in parallel with issue 12 (issues 13 and 15, same session): to move into the homes, so the
    # counts may only go down as well
    "bot/channels/console_handoff.py": 33, "bot/documents/page.py": 9, "bot/documents/render.py": 4,
    "bot/finance/hardship.py": 61, "bot/handoff.py": 44, "bot/spoken.py": 7,
    # the complaint's sentences and its date format live in bot/complaint.yml; what is left are the pieces of the
    # patterns that read the messages (点, 不是, 改成, 催收人员 …): no sentence may join them
    "bot/complaint.py": 11,
}


def chinese_literals(path: Path) -> int:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    return sum(1 for node in ast.walk(tree)
               if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
               and CJK.search(node.value))


def python_files() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for d in ("actions", "bot") for p in (ROOT / d).rglob("*.py"))


def test_no_chinese_string_outside_the_text_homes():
    grown = {}
    for rel in python_files():
        if rel in HOMES or rel in VOCABULARY or rel.startswith(NOT_USER_FACING_PREFIXES):
            continue
        count = chinese_literals(ROOT / rel)
        if count > LEGACY.get(rel, 0):
            grown[rel] = (count, LEGACY.get(rel, 0))
    assert not grown, f"Chinese strings outside the text homes (found, allowed): {grown}"


def test_the_actions_that_answer_questions_hold_no_chinese():
    for rel in ("actions/answers.py", "actions/consequences.py", "actions/finance_answers.py", "bot/facts.py"):
        assert chinese_literals(ROOT / rel) == 0, rel


def test_no_legal_fact_is_restated_in_another_home():
    from bot import facts as F

    others = {rel: (ROOT / rel).read_text(encoding="utf-8") for rel in (
        "domain.yml", "actions/texts.py", "bot/finance/templates.py", "bot/channels/console_scripts.yml",
        "bot/channels/console_forbidden.yml", "bot/answers.yml")}
    for fact in F.all_facts().values():
        if len(fact.text) < 40:  # a short rule may be a verdict's own words (bot/answers.yml `short`)
            continue
        for rel, text in others.items():
            assert fact.text not in text, (fact.key, rel)


def test_the_detector_sees_a_chinese_literal(tmp_path):
    sample = tmp_path / "x.py"
    sample.write_text('"""文档"""\nA = "中文"\nB = f"欠{1}元"\n# 注释\n', encoding="utf-8")
    assert chinese_literals(sample) == 3  # A, and the two pieces of the f-string
