"""Builds the nlu helper's gathered training data and its DEVELOPMENT sets (issue 19, item 4).

    .venv/bin/python -m bench.nlu_dev.build [--smp PATH] [--chatterbot DIR]

Sources (rule against contamination with the sealed evaluation sets: a source is used only when the md5 hex
digest of its address starts with 8–f; for a file of a GitHub repository both the repository address and the
file's address https://github.com/<repo>/blob/<branch>/<path> must pass):

* bench/nlu_dev/gathered_real.tsv: cardholder questions from public pages (each with its address).
* SMP2019 ECDT domain/intent data (31 task domains: cookbook, train, flight, map, music, weather, stock …) as
  hyperter96/bert-intent-slot-detector/data/SMP2019/split_train.json (commit 879a062): other-domain messages.
* gunthercox/chatterbot-corpus chatterbot_corpus/data/chinese/{sports,history,movies,humor,literature,
  conversations}.yml: the opening line of each small-talk exchange.

Each source is split once, by a fixed hash of the text, into a training part (data/nlu_real.yml) and a
development part (bench/nlu_dev/dev_*.yml). Development sets are for choosing features and thresholds; they
are not the sealed evaluation of issue 19 (another helper builds that from other pages), and a model
choice tuned on them is reported as a development figure.

Also writes bench/nlu_dev/dev_real_typo.yml: each development question with one character replaced by a
same-pinyin (toneless) character from the training data's vocabulary (random.Random(19), first pick).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import subprocess
from pathlib import Path

import yaml

from bench.common import ROOT, read_nlu_examples, write_nlu_yaml

HERE = Path(__file__).resolve().parent
GATHERED = HERE / "gathered_real.tsv"
TRAIN_OUT = ROOT / "data" / "nlu_real.yml"
DEV_REAL = HERE / "dev_real.yml"
DEV_OOS = HERE / "dev_oos.yml"
DEV_TYPO = HERE / "dev_real_typo.yml"
SOURCES = HERE / "sources.json"

SMP_REPO = "hyperter96/bert-intent-slot-detector"
SMP_PATH = "data/SMP2019/split_train.json"
SMP_MIRROR = Path("/work/.mirror/hyperter96+bert-intent-slot-detector/repo")
CHAT_REPO = "gunthercox/chatterbot-corpus"
CHAT_MIRROR = Path("/work/.mirror/gunthercox+chatterbot-corpus/repo")
CHAT_FILES = ("sports", "history", "movies", "humor", "literature", "conversations")

# an other-domain message that names a bank or card term would teach "bank → out_of_scope": left out
CARD_WORDS = re.compile(r"^你是|^你[爱喜]|银行|信用|卡|贷|欠|还款|逾期|利息|催|征信|借|钱|机器人|你是谁|你好|谢谢|再见|人工")
PER_DOMAIN_TRAIN = 9
PER_DOMAIN_DEV = 5


def allowed(address: str) -> bool:
    return hashlib.md5(address.encode()).hexdigest()[0] in "89abcdef"


def github_allowed(repo: str, branch: str, path: str) -> bool:
    return allowed(f"https://github.com/{repo}") and allowed(f"https://github.com/{repo}/blob/{branch}/{path}")


def is_dev(text: str) -> bool:
    """The fixed split: about half of every source goes to development."""
    return int(hashlib.sha1(text.encode()).hexdigest(), 16) % 2 == 0


def gathered() -> tuple[list[tuple[str, str]], list[tuple[str, str]], dict]:
    train, dev, dropped = [], [], 0
    for line in GATHERED.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        intent, text, address = line.split("\t")
        if not allowed(address):
            dropped += 1
            continue
        (dev if is_dev(text) else train).append((text, intent))
    return train, dev, {"gathered_kept": len(train) + len(dev), "gathered_dropped_by_md5_rule": dropped}


def git_show(mirror: Path, path: str) -> str:
    return subprocess.run(["git", "--git-dir", str(mirror), "show", f"HEAD:{path}"], check=True,
                          capture_output=True, text=True).stdout


def smp_messages() -> list[tuple[str, str]]:
    assert github_allowed(SMP_REPO, "master", SMP_PATH)
    items = json.loads(git_show(SMP_MIRROR, SMP_PATH))
    out = []
    for item in items:
        text = re.sub(r"\s+", " ", item["text"]).strip()
        if 3 <= len(text) <= 40 and not CARD_WORDS.search(text):
            out.append((text, item["domain"]))
    return out


def chatterbot_messages() -> list[tuple[str, str]]:
    out = []
    for name in CHAT_FILES:
        path = f"chatterbot_corpus/data/chinese/{name}.yml"
        if not github_allowed(CHAT_REPO, "master", path):
            continue
        data = yaml.safe_load(git_show(CHAT_MIRROR, path))
        for exchange in data.get("conversations") or []:
            text = str(exchange[0]).strip()
            if 3 <= len(text) <= 40 and not CARD_WORDS.search(text):
                out.append((text, "chat:" + name))
    return out


def other_domain_split() -> tuple[list[str], list[str], dict]:
    rng = random.Random(42)
    by_domain: dict[str, list[str]] = {}
    for text, domain in smp_messages() + chatterbot_messages():
        by_domain.setdefault(domain, [])
        if text not in by_domain[domain]:
            by_domain[domain].append(text)
    train, dev = [], []
    for domain in sorted(by_domain):
        texts = sorted(by_domain[domain])
        rng.shuffle(texts)
        dev_part = [t for t in texts if is_dev(t)][:PER_DOMAIN_DEV]
        train_part = [t for t in texts if not is_dev(t)][:PER_DOMAIN_TRAIN]
        train += train_part
        dev += dev_part
    return train, dev, {"other_domain_train": len(train), "other_domain_dev": len(dev),
                        "domains": sorted(by_domain)}


def vocabulary() -> dict[str, list[str]]:
    """Toneless pinyin → characters of the training data (data/*.yml)."""
    from pypinyin import Style, lazy_pinyin

    chars: set[str] = set()
    for path in sorted((ROOT / "data").glob("nlu*.yml")):
        for text, _ in read_nlu_examples(path):
            chars.update(c for c in text if "\u4e00" <= c <= "\u9fff")
    table: dict[str, list[str]] = {}
    for ch in sorted(chars):
        table.setdefault(lazy_pinyin(ch, style=Style.NORMAL)[0], []).append(ch)
    return table


def homophone_typo(text: str, table: dict[str, list[str]], rng: random.Random) -> str:
    from pypinyin import Style, lazy_pinyin

    positions = [i for i, c in enumerate(text) if "\u4e00" <= c <= "\u9fff"]
    rng.shuffle(positions)
    for i in positions:
        others = [c for c in table.get(lazy_pinyin(text[i], style=Style.NORMAL)[0], []) if c != text[i]]
        if others:
            return text[:i] + rng.choice(others) + text[i + 1:]
    return text


def write_train(card: list[tuple[str, str]], other: list[str]) -> None:
    pairs = card + [(t, "out_of_scope") for t in other]
    write_nlu_yaml(pairs, TRAIN_OUT)
    body = TRAIN_OUT.read_text(encoding="utf-8")
    TRAIN_OUT.write_text(
        "# Gathered from public pages and corpora by bench/nlu_dev/build.py (issue 19): cardholder questions as\n"
        "# people typed them (bench/nlu_dev/gathered_real.tsv lists each with its address) and other-domain messages\n"
        "# (SMP2019 ECDT via hyperter96/bert-intent-slot-detector; gunthercox/chatterbot-corpus, chinese). Generated:\n"
        "# edit the sources and rerun, not this file. The other half of each source is bench/nlu_dev/ (development).\n"
        + body, encoding="utf-8")


def main() -> None:
    argparse.ArgumentParser(description=__doc__).parse_args()
    card_train, card_dev, info = gathered()
    other_train, other_dev, other_info = other_domain_split()
    write_train(card_train, other_train)
    write_nlu_yaml(card_dev, DEV_REAL)
    write_nlu_yaml([(t, "out_of_scope") for t in other_dev], DEV_OOS)
    table = vocabulary()
    rng = random.Random(19)
    write_nlu_yaml([(homophone_typo(t, table, rng), i) for t, i in card_dev], DEV_TYPO)
    info.update(other_info, card_train=len(card_train), card_dev=len(card_dev))
    SOURCES.write_text(json.dumps(info, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in info.items() if k != "domains"}, ensure_ascii=False))


if __name__ == "__main__":
    main()
