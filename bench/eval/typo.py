"""One pinyin-IME homophone per sentence, from pycorrector's same-pinyin table (bench/eval/data/).

A variant replaces exactly one Chinese character of the sentence that has entries in the table by a character
of the same pinyin: same tone when the table lists one (the usual IME slip), else another tone. Which
character and which replacement are drawn from a generator seeded with (SEED, sentence), so a sentence
always gets the same variant whatever the order or the set it is in.
"""
from __future__ import annotations

import hashlib
import random
from functools import lru_cache
from pathlib import Path

SAME_PINYIN = Path(__file__).resolve().parent / "data" / "same_pinyin.txt"
SEED = 20261207


def _is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


@lru_cache(maxsize=1)
def same_pinyin_table(path: Path = SAME_PINYIN) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """character → (same pinyin and tone, same pinyin other tone), each without the character itself."""
    table: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        char = parts[0].strip()
        same_tone = tuple(c for c in (parts[1] if len(parts) > 1 else "") if _is_han(c) and c != char)
        other_tone = tuple(c for c in (parts[2] if len(parts) > 2 else "") if _is_han(c) and c != char)
        if len(char) == 1 and (same_tone or other_tone):
            table[char] = (same_tone, other_tone)
    return table


def homophone_variant(text: str, seed: int = SEED) -> str:
    """The sentence with one character replaced by a homophone; unchanged when no character has entries."""
    table = same_pinyin_table()
    positions = [i for i, char in enumerate(text) if char in table]
    if not positions:
        return text
    digest = hashlib.sha256(f"{seed}\t{text}".encode()).digest()
    rng = random.Random(int.from_bytes(digest[:8], "big"))
    i = rng.choice(positions)
    same_tone, other_tone = table[text[i]]
    return text[:i] + rng.choice(same_tone or other_tone) + text[i + 1:]
