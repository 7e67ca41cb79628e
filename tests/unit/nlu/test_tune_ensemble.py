"""The offline choice of IntentEnsemble's mix (bench/nlu_dev/tune_ensemble.py) reproduces what Rasa does."""
from __future__ import annotations

import json

import pytest

from bench.nlu_dev.tune_ensemble import deployed, mix, run


def test_mix_weights_diet_and_ngrams_and_keeps_the_runner_up() -> None:
    name, top, second = mix({"a": 0.9, "b": 0.1}, {"a": 0.2, "b": 0.8}, 0.2)
    assert name == "b"
    assert top == pytest.approx(0.2 * 0.1 + 0.8 * 0.8)
    assert second == pytest.approx(0.2 * 0.9 + 0.8 * 0.2)


def test_deployed_falls_back_below_the_threshold_or_within_the_ambiguity_margin() -> None:
    assert deployed(("a", 0.5, 0.1), 0.2) == "a"
    assert deployed(("a", 0.15, 0.01), 0.2) == "nlu_fallback"
    assert deployed(("a", 0.45, 0.40), 0.2) == "nlu_fallback"  # 0.05 apart: unsure between two


def test_the_rule_picks_the_mix_that_is_right_out_of_fold_and_keeps_chatter_out(tmp_path) -> None:
    train = [["t1", "a"], ["t2", "b"], ["t3", "a"], ["t4", "b"]]
    # DIET is wrong on every training example out of fold, the n-gram model right
    diet = {"train": train, "folds": [{"test": [0, 1, 2, 3], "rankings": [
        {"a": 0.3, "b": 0.7}, {"a": 0.7, "b": 0.3}, {"a": 0.3, "b": 0.7}, {"a": 0.7, "b": 0.3}]}],
        "dev": {name: {"pairs": [["x", "out_of_scope"]], "rankings": [{"out_of_scope": 0.9, "a": 0.1}]}
                for name in ("dev", "nlu_dev_real", "nlu_dev_oos")}}
    ngram = {"train": train, "v": {
        "oof": [{"a": 0.9, "b": 0.1}, {"a": 0.1, "b": 0.9}, {"a": 0.9, "b": 0.1}, {"a": 0.1, "b": 0.9}],
        "dev": {name: [{"out_of_scope": 0.8, "a": 0.2}] for name in ("dev", "nlu_dev_real", "nlu_dev_oos")}}}
    (tmp_path / "d.json").write_text(json.dumps(diet))
    (tmp_path / "n.json").write_text(json.dumps(ngram))
    result = run(tmp_path / "d.json", tmp_path / "n.json")
    assert result["chosen"]["variant"] == "v"
    assert result["chosen"]["diet_weight"] < 0.5
    assert result["chosen"]["threshold"] == 0.0  # the chatter is out_of_scope already
