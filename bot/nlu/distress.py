"""Self-harm signals in Chinese text, found by rule rather than by a classifier's confidence.

DOMAIN §7: a user who expresses self-harm gets empathy and a crisis line before any debt content. The
intent classifier learns ``express_distress`` from examples, but a sentence it has never seen (「我刚才差
点从阳台跳下去」) can fall below the fallback threshold and get 「您是想问…吗？」 instead. These phrases
are unambiguous enough in this domain that a match alone decides the intent
(``bot.nlu.components.DistressGuard``).

Only explicit self-harm phrases are listed. Hyperbole that is not about the user's life (吓死了, 烦死了,
笑死, 愁死了) and phrases that mean something else here (了结这笔账, 跳楼价) do not match; general stress
(压力好大, 睡不着) is left to the classifier, which answers it with the same protocol when it is sure.
"""
from __future__ import annotations

import re
import unicodedata

# Each alternative is a phrase a worried reader would take as a self-harm signal.
_PATTERNS = [
    r"自杀", r"自尽", r"轻生", r"寻死", r"寻短见", r"自残", r"割腕", r"上吊", r"烧炭",
    r"(?:伤害|结束|了结|了断)(?:我)?自己", r"结束(?:我的)?生命", r"结束这一切", r"一了百了",
    r"(?:喝|吃|买)(?:了)?(?:农药|安眠药|老鼠药)", r"遗书", r"遗言",
    r"跳(?:楼|河|江|海|湖|桥)(?!价)", r"跳下去", r"从.{1,6}跳(?:下|出)",
    r"卧轨", r"(?:站在|坐在|在)(?:楼顶|天台|桥上|江边|河边|楼顶上|天台上)",
    r"不想活", r"活不下去", r"活不成了", r"没法活", r"不活了", r"活着(?:还)?(?:有|没)(?:什么)?意思",
    r"(?:想|不如|只能|只有)(?:去)?死", r"去死", r"死了算了", r"死了(?:就)?好了", r"死掉算了",
    r"干脆死", r"(?:让|逼)我去?死",
]
# hyperbole that is not about the user's life: cut out before searching
_HYPERBOLE = re.compile(r"想死你|(?:吓|笑|烦|愁|急|气|累|困|忙|热|冷|饿|痛|疼|馋|美)死")
_SIGNAL = re.compile("|".join(f"(?:{p})" for p in _PATTERNS))
_SPACE = re.compile(r"\s+")


def _normalise(text: str) -> str:
    # full-width letters and digits to half-width; whitespace out, so 「不 想 活 了」 is one phrase
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


def matches(text: str) -> str | None:
    """The self-harm phrase found in ``text``, or None.

    Hyperbole is cut out before searching, so 「吓死我了」 does not match 「想死」-style patterns
    through its 「死」, while 「吓死了 真不想活了」 still matches on 「不想活」.
    """
    if not text:
        return None
    clean = _HYPERBOLE.sub("，", _normalise(text))
    found = _SIGNAL.search(clean)
    return found.group(0) if found else None
