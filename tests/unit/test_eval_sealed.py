"""The evaluation the team cannot tune to (bench/eval, issue 19): kept out of the training data, and its
sealed half never printed.

The training sentences are read here, by the test only; a collision names the training file and line (the
example to delete), never the evaluation sentence.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from bench.eval.typo import homophone_variant, same_pinyin_table
from bench.eval_nlu import (
    CHATTER,
    DEV,
    NOT_CARD_INTENTS,
    OTHER_CARD,
    RECORDS,
    SEALED,
    load_chatter,
    load_questions,
    markdown,
    normalise,
    report,
    score_system,
    taken_as_card,
)

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")
EXAMPLE_LINE = re.compile(r"^\s*- (.+?)\s*$")


def training_examples(data_dir: Path = DATA) -> list[tuple[str, int, str]]:
    """(file, line number, example text without entity annotations) of every NLU file of data/."""
    out = []
    for path in sorted(data_dir.glob("*.yml")):
        text = path.read_text(encoding="utf-8")
        if not (yaml.safe_load(text) or {}).get("nlu"):
            continue
        for number, line in enumerate(text.splitlines(), 1):
            match = EXAMPLE_LINE.match(line)
            if match and not match.group(1).startswith(("intent:", "synonym:", "regex:", "lookup:")):
                out.append((path.name, number, ANNOTATION.sub(r"\1", match.group(1))))
    return out


def collisions(eval_texts: list[str], examples: list[tuple[str, int, str]]) -> list[str]:
    """Where a training example equals an evaluation sentence after normalising: 'file:line' only."""
    wanted = {normalise(t) for t in eval_texts}
    return [f"{name}:{number}" for name, number, text in examples if normalise(text) in wanted]


def eval_texts() -> dict[str, list[str]]:
    return {
        "dev": [q["text"] for q in load_questions(DEV)],
        "sealed": [q["text"] for q in load_questions(SEALED)],
        "chatter": [c["text"] for c in load_chatter(CHATTER)],
    }


@pytest.mark.parametrize("set_name", ["dev", "sealed", "chatter"])
def test_no_evaluation_sentence_is_in_the_training_data(set_name: str) -> None:
    examples = training_examples()
    assert len(examples) > 500, "the training examples were not found"
    found = collisions(eval_texts()[set_name], examples)
    assert not found, (f"{len(found)} training example(s) equal a {set_name} sentence of bench/eval after "
                       f"normalising; delete them from the training data: {', '.join(found)}")


def test_the_collision_check_finds_a_copied_sentence() -> None:
    dev = eval_texts()["dev"]
    copied = [("nlu_new.yml", 7, dev[0] + "！ "), ("nlu_new.yml", 8, "完全不同的一句话")]
    assert collisions(dev, copied) == ["nlu_new.yml:7"]


def test_normalising_ignores_punctuation_space_and_case() -> None:
    assert normalise("信用卡 逾期，会坐牢吗?") == normalise("信用卡逾期会坐牢吗")
    assert normalise("ＡＢＣ额度") == normalise("abc额度")


def test_sets_are_big_enough_and_every_item_has_a_source() -> None:
    dev, sealed, chatter = load_questions(DEV), load_questions(SEALED), load_chatter(CHATTER)
    assert len(dev) + len(sealed) >= 130 and len(chatter) >= 220
    for item in dev + sealed + chatter:
        assert item["source"].startswith("http")
    assert not {q["text"] for q in dev} & {q["text"] for q in sealed}


def test_labels_are_intents_of_the_project() -> None:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    intents = {i if isinstance(i, str) else next(iter(i)) for i in domain["intents"]}
    labels = {q["intent"] for q in load_questions(DEV) + load_questions(SEALED)}
    assert labels - {OTHER_CARD} <= intents


def _fake_result(predict: str) -> dict:
    """A result as bench.eval_nlu.run builds it, from predictions that are all `predict`."""
    dev = [(q["text"], q["intent"]) for q in load_questions(DEV)]
    sealed = [(q["text"], q["intent"]) for q in load_questions(SEALED)]
    sets = {"dev": dev, "sealed": sealed, "independent": dev[:5]}
    for name in list(sets):
        sets[f"{name}_typo"] = [(homophone_variant(t), g) for t, g in sets[name]]
    chatter = load_chatter(CHATTER)
    predicted = {name: [predict] * len(pairs) for name, pairs in sets.items()}
    predicted["chatter"] = [predict] * len(chatter)
    system = score_system(sets, chatter, predicted)
    sizes = {name: len(pairs) for name, pairs in sets.items()} | {"chatter": len(chatter)}
    return {"data": {"sets": sizes}, "systems": {"fake": system}, "cross_validation": {}}


def _sealed_fragments() -> set[str]:
    texts = [q["text"] for q in load_questions(SEALED)]
    return {t for t in texts + [homophone_variant(t) for t in texts] if len(normalise(t)) >= 4}


@pytest.mark.parametrize("predict", ["greet", "ask_lawsuit"])
def test_the_report_and_the_json_hold_no_sealed_sentence(predict: str) -> None:
    result = _fake_result(predict)
    printed = report(result, listing=True)
    stored = json.dumps(result, ensure_ascii=False)
    leaked = [t for t in _sealed_fragments() if t in printed or t in stored]
    assert not leaked, f"{len(leaked)} sealed sentence(s) in the report or its JSON"
    # the dev half is listed (the check above would see a listing of the sealed half)
    dev_misses = result["systems"]["fake"]["dev"]["misses"]
    assert dev_misses and dev_misses[0]["text"] in printed
    assert "sealed" in markdown(result)


def test_recorded_results_hold_no_sealed_sentence() -> None:
    records = list(RECORDS.glob("*/eval_nlu*.json"))
    fragments = _sealed_fragments()
    for path in records:
        text = path.read_text(encoding="utf-8")
        assert not [t for t in fragments if t in text], f"{path.name} holds sealed sentences"


def test_a_homophone_variant_changes_exactly_one_character_to_a_same_pinyin_one() -> None:
    table = same_pinyin_table()
    for text in [q["text"] for q in load_questions(DEV)]:
        variant = homophone_variant(text)
        assert variant == homophone_variant(text)  # fixed seed: always the same variant
        diff = [(a, b) for a, b in zip(text, variant, strict=True) if a != b]
        if any(c in table for c in text):
            assert len(diff) == 1
            original, new = diff[0]
            same_tone, other_tone = table[original]
            assert new in (same_tone or other_tone)
        else:
            assert not diff


def test_taken_as_card_is_any_intent_but_the_listed_ones() -> None:
    assert NOT_CARD_INTENTS == {"out_of_scope", "nlu_fallback", "greet", "goodbye", "thanks", "bot_challenge",
                                "affirm", "deny"}
    assert taken_as_card("ask_interest") and taken_as_card("vague_card_question") and taken_as_card("inform")
    assert not taken_as_card("out_of_scope") and not taken_as_card("nlu_fallback") and not taken_as_card(None)


def test_no_sealed_run_does_not_read_the_sealed_half(monkeypatch) -> None:
    """nlu7: `bench.eval_nlu --no-sealed` (a helper's run) neither reads nor scores the sealed half, and its table
    still prints (the sealed cells say so)."""
    import bench.eval_nlu as eval_nlu

    read = []
    original = eval_nlu.load_questions
    monkeypatch.setattr(eval_nlu, "load_questions", lambda path: read.append(path) or original(path))
    sets = eval_nlu.labelled_sets(sealed=False)
    assert SEALED not in read and DEV in read
    assert not [name for name in sets if name.startswith("sealed")]
    chatter = load_chatter(CHATTER)
    predicted = {name: ["greet"] * len(pairs) for name, pairs in sets.items()} | {"chatter": ["greet"] * len(chatter)}
    result = {"data": {"sets": {name: len(p) for name, p in sets.items()} | {"chatter": len(chatter)}},
              "systems": {"fake": score_system(sets, chatter, predicted)}, "cross_validation": {}}
    assert "not scored" in markdown(result)
