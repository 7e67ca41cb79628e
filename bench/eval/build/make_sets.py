"""How bench/eval/{dev,sealed,chatter}.yml were made (kept as the record).

    python3 bench/eval/build/make_sets.py /tmp/evalraw            # batch 1 (2026-12-07, helper "eval")
    python3 bench/eval/build/make_sets.py --add /tmp/evalraw2     # batch 2 (2026-12-07, helper "realq")

The raw folder held what was copied from the `search` tool's stored pages and from two public dialogue
corpora; it is not kept (every item with its source address is in the three files). Only sources whose
address has an md5 hex digest starting with 0–7 were used (see bench/eval/README.md).

- card questions: ``q.tsv`` (url, text; labels in ``labels.py``) and ``q2.tsv`` (url, text, intent, note);
  shuffled once with SEED and cut in half: the first half is dev.yml, the second sealed.yml;
- chatter: ``c.tsv`` (url, text) from the same pages (other debts and other topics), RiSAWOZ first user turns
  (12 domains, PER_DOMAIN each) and CrossWOZ test user turns (CROSSWOZ_N dialogues, one turn each).

Batch 2 (``--add``) leaves batch 1 as it is: ``q3.tsv`` (url, text, intent, note; intent ``chatter`` for an
other-domain line) holds the new lines in the order they were gathered. The new card questions are
shuffled once with SEED2 and cut in half: the first half is appended to dev.yml, the second to sealed.yml;
the other-domain lines are appended to chatter.yml. Each file records how many items batch 1 had
(``batch1_items``), so running ``--add`` again on the same folder rebuilds the same files.
"""
from __future__ import annotations

import hashlib
import json
import random
import re
import sys
import zipfile
from pathlib import Path

import yaml

SEED = 20261207
SEED2 = 20261208
PER_DOMAIN = 11
CROSSWOZ_N = 80
EVAL_DIR = Path(__file__).resolve().parents[1]
RISAWOZ_URL = "https://github.com/alee2022/llm-xrisawoz/blob/main/full_results/dst_zh_results.json"
CROSSWOZ_URL = "https://github.com/thu-coai/CrossWOZ/blob/master/data/crosswoz/test.json.zip"
CLOSING = re.compile(r"^[^，,。]*(再见|谢谢|拜拜)[^，,。]*[。!！]?$")


def allowed(url: str) -> bool:
    return hashlib.md5(url.encode()).hexdigest()[0] in "01234567"


def card_questions(raw: Path) -> list[dict]:
    ns: dict = {}
    exec((raw / "labels.py").read_text(encoding="utf-8"), ns)
    items = []
    for i, line in enumerate((raw / "q.tsv").read_text(encoding="utf-8").splitlines(), 1):
        if i in ns["DROP"]:
            continue
        url, text = line.split("\t")[:2]
        intent, note = ns["L"][i]
        items.append({"text": ns["FIX"].get(i, text), "intent": intent, "source": url, "note": note})
    for line in (raw / "q2.tsv").read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if parts[1] in ns["DROP2"]:
            continue
        items.append({"text": parts[1], "intent": parts[2], "source": parts[0],
                      "note": parts[3] if len(parts) > 3 else ""})
    return items


def chatter(raw: Path, rng: random.Random) -> list[dict]:
    items = [{"text": text, "source": url, "corpus": "pages (other debts and other topics)"}
             for url, text in (line.split("\t")[:2]
                               for line in (raw / "c.tsv").read_text(encoding="utf-8").splitlines())]
    by_domain: dict[str, list[str]] = {}
    for row in json.loads((raw / "risawoz_dst_zh.json").read_text(encoding="utf-8")):
        if "<state> null <endofstate>" not in row["input"]:
            continue
        text = re.search(r"USER: (.*?) <endofhistory>", row["input"]).group(1).strip()
        domains = re.findall(r"\( (\w+) \)", row["output"])
        if domains and text not in by_domain.setdefault(domains[0], []):
            by_domain[domains[0]].append(text)
    for domain in sorted(by_domain):
        for text in rng.sample(by_domain[domain], min(PER_DOMAIN, len(by_domain[domain]))):
            items.append({"text": text, "source": RISAWOZ_URL, "corpus": f"RiSAWOZ ({domain})"})
    dialogues = json.loads(zipfile.ZipFile(raw / "cw" / "test.json.zip").read("test.json"))
    for key in rng.sample(sorted(dialogues), CROSSWOZ_N):
        turns = [m["content"].strip() for m in dialogues[key]["messages"]
                 if m["role"] == "usr" and not CLOSING.match(m["content"].strip())]
        items.append({"text": rng.choice(turns), "source": CROSSWOZ_URL,
                      "corpus": f"CrossWOZ test ({dialogues[key]['type']}, dialogue {key})"})
    assert all(allowed(item["source"]) for item in items)
    seen, unique = set(), []
    for item in items:
        if item["text"] not in seen:
            seen.add(item["text"])
            unique.append(item)
    return unique


def dump(path: Path, header: str, items: list[dict]) -> None:
    body = yaml.safe_dump({"seed": SEED, "items": items}, allow_unicode=True, sort_keys=False, width=1000)
    path.write_text(header + body, encoding="utf-8")


def normalise(text: str) -> str:
    """As bench.eval_nlu.normalise: NFKC, lower case, no punctuation, symbols or space."""
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKC", text).lower()
                   if not (c.isspace() or unicodedata.category(c).startswith(("P", "S"))))


def _load(path: Path) -> tuple[str, dict]:
    text = path.read_text(encoding="utf-8")
    header = "".join(line + "\n" for line in text.splitlines() if line.startswith("#"))
    return header, yaml.safe_load(text)


BATCH2_HEADER = (f"# Batch 2 (helper realq, 2026-12-07): the items after the first batch1_items were added later, "
                 f"their split drawn once with seed2 {SEED2}.\n")


def _dump2(path: Path, header: str, data: dict, items: list[dict]) -> None:
    if BATCH2_HEADER not in header:
        header += BATCH2_HEADER
    out = {"seed": data["seed"], "seed2": SEED2, "batch1_items": data.get("batch1_items", len(data["items"])),
           "items": items}
    path.write_text(header + yaml.safe_dump(out, allow_unicode=True, sort_keys=False, width=1000),
                    encoding="utf-8")


def add_batch2(raw: Path) -> None:
    """Batch 2: new card questions split with SEED2 and appended; batch 1 items kept unchanged."""
    files = {name: _load(EVAL_DIR / f"{name}.yml") for name in ("dev", "sealed", "chatter")}
    base = {name: data["items"][:data.get("batch1_items", len(data["items"]))]
            for name, (_, data) in files.items()}
    seen = {normalise(item["text"]) for items in base.values() for item in items}
    questions, others = [], []
    for line in (raw / "q3.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        url, text, intent = parts[:3]
        note = parts[3] if len(parts) > 3 else ""
        assert allowed(url), url
        key = normalise(text)
        assert key not in seen, f"duplicate: {text}"
        seen.add(key)
        if intent == "chatter":
            others.append({"text": text, "source": url, "corpus": "pages (other debts and other topics), batch 2"})
        else:
            item = {"text": text, "intent": intent, "source": url}
            if note:
                item["note"] = note
            questions.append(item)
    random.Random(SEED2).shuffle(questions)
    half = (len(questions) + 1) // 2
    new = {"dev": questions[:half], "sealed": questions[half:], "chatter": others}
    for name, (header, data) in files.items():
        _dump2(EVAL_DIR / f"{name}.yml", header, data, base[name] + new[name])
    print(f"batch 2: dev +{half}, sealed +{len(questions) - half}, chatter +{len(others)}")


def main(raw: Path) -> None:
    rng = random.Random(SEED)
    questions = card_questions(raw)
    assert all(allowed(q["source"]) for q in questions)
    for q in questions:
        if not q["note"]:
            del q["note"]
    rng.shuffle(questions)
    half = (len(questions) + 1) // 2
    common = ("# Real cardholder questions copied from public pages (search-query titles, headings, forum and\n"
              "# Q&A lines), each with its source address; labelled with one intent of the project\n"
              "# (other_card: a card question no intent fits; scored apart, not in macro-F1).\n"
              f"# Split once at random (seed {SEED}, bench/eval/build/make_sets.py); see bench/eval/README.md.\n")
    dump(EVAL_DIR / "dev.yml", common + "# DEV half: scored with a full miss listing; fine to read.\n",
         questions[:half])
    dump(EVAL_DIR / "sealed.yml",
         "# SEALED: this file is only scored (bench/eval_nlu.py prints aggregate figures only). Its misses are\n"
         "# never printed, read or used for training; do not open it to write training data.\n" + common,
         questions[half:])
    dump(EVAL_DIR / "chatter.yml",
         "# Messages from other domains (public corpora and pages, each with its source), scored as the share\n"
         "# the bot takes for a card question (bench/eval_nlu.py NOT_CARD_INTENTS). See bench/eval/README.md.\n",
         chatter(raw, rng))
    print(f"dev {half}, sealed {len(questions) - half}")


if __name__ == "__main__":
    if sys.argv[1] == "--add":
        add_batch2(Path(sys.argv[2]))
    else:
        main(Path(sys.argv[1]))
