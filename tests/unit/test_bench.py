"""Helpers of bench/ that its figures depend on."""
from __future__ import annotations

import yaml

from bench.common import percentile
from bench.latency import config_with_ted


def test_percentile_interpolates_like_numpy() -> None:
    values = [10.0, 20.0, 30.0, 40.0]
    assert percentile(values, 50) == 25.0
    assert percentile(values, 0) == 10.0 and percentile(values, 100) == 40.0
    assert abs(percentile(values, 99) - 39.7) < 1e-9
    assert percentile([7.0], 99) == 7.0


def test_before_run_model_is_the_project_config_plus_ted() -> None:
    shipped = yaml.safe_load(open("config.yml", encoding="utf-8"))
    before = yaml.safe_load(config_with_ted())
    assert before["pipeline"] == shipped["pipeline"]
    assert before["policies"][:-1] == shipped["policies"]
    assert before["policies"][-1]["name"] == "TEDPolicy"
