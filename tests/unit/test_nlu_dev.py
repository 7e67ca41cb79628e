"""The gathered NLU data and its development sets (bench/nlu_dev/, issue 19): the source rule, the split, the typos."""
from __future__ import annotations

import random
from pathlib import Path

from pypinyin import Style, lazy_pinyin

from bench.common import read_nlu_examples
from bench.nlu_dev import build

ROOT = Path(__file__).resolve().parents[2]


def _gathered() -> list[tuple[str, str, str]]:
    rows = []
    for line in build.GATHERED.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            intent, text, address = line.split("\t")
            rows.append((intent, text, address))
    return rows


def test_the_source_rule_is_the_md5_first_hex_digit_8_to_f() -> None:
    assert build.allowed("https://github.com/gunthercox/chatterbot-corpus")  # md5 starts with f
    assert not build.allowed("https://github.com/RasaHQ/rasa")  # md5 starts with 0
    assert build.github_allowed(build.SMP_REPO, "master", build.SMP_PATH)


def test_only_sentences_of_allowed_sources_are_in_the_training_and_development_files() -> None:
    allowed_texts = {text for _, text, address in _gathered() if build.allowed(address)}
    refused = {text for _, text, address in _gathered() if not build.allowed(address)} - allowed_texts
    assert refused, "the rule must have refused some pages"
    used = {t for t, i in read_nlu_examples(build.TRAIN_OUT) if i != "out_of_scope"}
    used |= {t for t, _ in read_nlu_examples(build.DEV_REAL)}
    assert used <= allowed_texts
    assert not used & refused


def test_development_sets_share_no_sentence_with_any_training_file() -> None:
    training = {t for path in (ROOT / "data").glob("nlu*.yml") for t, _ in read_nlu_examples(path)}
    for path in (build.DEV_REAL, build.DEV_OOS, build.DEV_TYPO):
        dev = [t for t, _ in read_nlu_examples(path)]
        assert dev and not set(dev) & training, path.name


def test_the_split_depends_on_the_text_only() -> None:
    assert build.is_dev("信用卡逾期会坐牢吗") == build.is_dev("信用卡逾期会坐牢吗")
    texts = [f"问题{n}" for n in range(400)]
    assert 150 < sum(map(build.is_dev, texts)) < 250


def test_a_homophone_typo_changes_one_character_and_keeps_the_pinyin() -> None:
    table = {"zheng": ["征", "正", "争"], "xin": ["信", "心", "新"], "yu": ["逾", "于"], "qi": ["期", "其"]}
    rng = random.Random(19)
    for text in ("征信逾期", "逾期上征信"):
        typo = build.homophone_typo(text, table, rng)
        changed = [(a, b) for a, b in zip(text, typo, strict=False) if a != b]
        assert len(typo) == len(text) and len(changed) == 1
        assert lazy_pinyin(typo, style=Style.NORMAL) == lazy_pinyin(text, style=Style.NORMAL)
    assert build.homophone_typo("abc", table, rng) == "abc"


def test_the_typo_set_is_the_development_set_with_one_change_per_sentence() -> None:
    real = read_nlu_examples(build.DEV_REAL)
    typo = read_nlu_examples(build.DEV_TYPO)
    assert [i for _, i in real] == [i for _, i in typo]
    changed = sum(a != b for (a, _), (b, _) in zip(real, typo, strict=False))
    assert changed >= 0.9 * len(real)
    for (a, _), (b, _) in zip(real, typo, strict=False):
        assert len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=False)) <= 1
