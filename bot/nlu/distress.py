"""Self-harm and hopelessness signals in Chinese text, found by rule rather than by a classifier's confidence.

DOMAIN §7: a user who expresses hopelessness or self-harm gets empathy and a crisis line before any debt
content. The intent classifier learns ``express_distress`` from examples, but a sentence it has never seen
(「我刚才差点从阳台跳下去」, 「感觉活着好累 什么都做不好 现在还要多少钱」) can fall below the fallback
threshold or lose to the debt question in the same message. These phrases are unambiguous enough in this
domain that a match alone decides the intent (``bot.nlu.components.DistressGuard``).

What is matched (``PHRASES``, grouped): the explicit phrases of DOMAIN §7 (不想活了, 一死了之, 自我了断,
活腻了, 没脸活, 想喝药, 百草枯/敌敌畏/农药, 吃了一整瓶药, 跳楼 …), methods and places, and plain statements
of hopelessness about one's own life (活着好累, 活着没意思, 生无可恋). Variants:
  * the text is normalised first (``bot.nlu.normalize``: traditional → simplified, full-width → half-width),
    and spaces and filler marks between characters are removed (「不 想 活 了」, 「不.想.活」);
  * homophone typos of the key phrases (「不想或了」, 「自刹」, 「百草哭」) match by toneless pinyin
    (``HOMOPHONE_KEYS``) when at least one character is the phrase's own, at most half differ, the window
    is not itself a dictionary word and a changed edge character does not form a word with its neighbour
    (「不想或者」 is 不想 + 或者, not a typo of 不想活);
  * phrases typed in pinyin (buxianghuole, zisha) and the internet euphemism 紫砂 after a verb of intent.

What is not matched (decided per DOMAIN §7, which asks for self-harm signals about the user's life):
hyperbole about something else (吓死了, 烦死了, 累得要死, 利息高得要死, 笑死, 想死你了), idioms in which 死
means "stubbornly" or "dead" as an object (死活不还, 死磕到底, 死扛, 死缠烂打, 呆死账, 死卡), anger at
someone else (催收的都去死吧), and phrases that mean something else here (了结这笔账, 跳楼价, 跳槽, 紫砂壶).
General stress (压力好大, 睡不着, 撑不下去了) is left to the classifier, which answers it with the same
protocol when it is sure. A real signal next to hyperbole still matches (「吓死了 真不想活了」).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# 死 as "stubbornly", "fixed" or a dead object, never a wish to die: 死活不还, 死磕, 死扛, 死缠烂打 …
_NOT_DEATH = r"(?!活|磕|扛|缠|撑|守|等|板|机|卡|账|心|定|记|忠|党|硬|性|角|刑|囚)"

# means kept ready (DOMAIN §7: a plan with means): pills, poison, a rope, charcoal, blades — named before or
# after a verb of stockpiling (「我把安眠药都攒起来了」「药都攒好了」「攒了一个多月的药」「囤了几瓶农药」); buying
# medicine (「药店买药」「攒钱买药」) is not one
_MEANS = r"(?:安眠药|安定片|药片|农药|百草枯|敌敌畏|老鼠药|耗子药|绳子|木炭|炭|刀片|药)"
_STOCKPILE = (r"(?:攒|囤|藏|偷偷存)(?:了|着|下|起)?(?:一)?(?:些|点|堆|大堆|瓶|盒|板|把|整瓶|几瓶|几盒|几板|好多|不少|很多"
              r"|[^，。钱粮款]{1,6}的)?" + _MEANS
              + r"|(?<!医)" + _MEANS + r"(?:我|都|已经|全|全都|早就|偷偷)*(?:攒|囤|藏|存)(?:了|着|好|够|起来|下来|齐|下)"
              + r"|(?<!医)" + _MEANS + r"(?:我|都|已经|全|全都|早就|偷偷)*(?:买|准备|备)(?:好|够|齐)")
# the debt after one's own death, said as 「…一笔勾销」「…就不用还了」「人死债消」 (C04: 「我人要是没了 这些债是不是就
# 一笔勾销了」 was read as a goodbye); 没了 followed by what one has lost (工作, 收入 …) is not a death
_GONE = r"(?:不在了|没了(?!工作|收入|工资|办法|主意|信心|耐心|力气|精力|指望|着落|饭碗|活干|生意|住的地方)|死了|走了|去世了?)"
_DEBT_ENDS = r"(?:不用(?:再)?还|不用管|一笔勾销|勾销|清零|两清|作废|销账|就清了|就没了|了结|注销|免了|就算了)"
_OTHERS = r"家里别他她亲老病熟个有客穷伙工路犯夫公婆爸妈哥姐弟妹儿女子卡本某主恋爱男世证保债好坏富商古成"
# means at hand and the wish to take them at once (persona trial s8 M6 #12: 「家里还有半瓶安眠药 有时候想一次吃了算了」);
# a dose (「药一次吃两片」) is none
_MEANS_TAKEN = (r"(?:安眠药|安定片|农药|百草枯|敌敌畏|老鼠药|耗子药).{0,12}(?:一次|一口气|一下子)(?:全|都)?(?:吃|吞|喝)(?:了|掉|下去)"
                r"(?![0-9一两三几半]?(?:片|粒|颗))|(?<!医)" + _MEANS + r".{0,12}(?:吃|吞|喝)(?:了|掉)(?:就)?算了")
# a moment and a place of a plan (DOMAIN §7: a plan with means or a time)
_TIME = r"(?:今晚|今天晚上|今天|明天|后天|这周末?|周末|下周|月底|过几天|待会儿?|等会儿?|晚上|(?:这|下)?(?:周|星期|礼拜)[一二三四五六日天])"
_PLACE = r"(?:江边|河边|海边|湖边|水库|楼顶|天台|桥上|大桥|江里|河里|海里)"
# Each alternative is a phrase a worried reader would take as a self-harm or hopelessness signal.
PHRASES: dict[str, list[str]] = {
    # DOMAIN §7's explicit phrases and their close variants
    "wish": [
        r"不想(?:再)?活", r"活不下去", r"活不成了", r"没法(?:再)?活", r"不活了", r"活够了",
        r"活腻(?:了|歪)", r"没脸(?:再)?活", r"不配活", r"不如一死", r"一死了之", r"以死谢罪", r"以死明志",
        r"自我了断", r"一了百了", r"(?:伤害|结束|了结|了断)(?:掉)?(?:我)?自己", r"结束(?:我的|自己的)?生命",
        r"结束这一切", r"死了算了", r"死了(?:就)?(?:好了|解脱了|一了百了)", r"死掉算了", r"死路一条",
        r"(?:想|不如|只能|只有|只好|干脆|还不如|真想|好想)(?:去)?死" + _NOT_DEATH,
        r"(?:让|逼)(?:得)?我(?:去)?死", r"我(?:还是|只能|只好|就|干脆)?去死",
        r"不想(?:再)?醒(?:来|过来)", r"睡过去(?:就)?(?:好了|算了|不醒)", r"一睡不醒",
    ],
    # hopelessness about one's own life (DOMAIN §7: hopelessness gets the same protocol)
    "hopeless": [
        r"活着(?:还|也|都|真的|实在|真)?(?:有|没)(?:有)?(?:什么|啥)?(?:意思|意义|用|劲)", r"活着(?:真的|实在|好|太|真|很|也)?(?:累|苦|痛苦|没劲)",
        r"活得(?:真的|实在|好|太|真|很)(?:累|苦|痛苦|没意思)", r"生无可恋", r"了无生趣", r"没有活路",
        r"不想(?:再)?(?:待|呆|留|活)在这个世界", r"离开这个世界",
        # no way left for oneself (persona trial H3: 「我真的是一点路都没有了」 inside the plan form was taken as the
        # hardship reason): the way, not a road or a plan B (「没有退路了 只能跟银行谈」 is resolve)
        # (a question about the options, 「除了分期没有出路了吗」, is none)
        r"(?:一点|一条|任何)(?:活)?路都没(?:有)?了(?![吗么嘛])", r"没(?:有)?(?:路|出路|活路)(?:可走|能走|走)?了(?![吗么嘛])",
        r"没(?:有)?路可走(?!了?[吗么嘛])",
        r"无路可走", r"走投无路", r"走到(?:了)?(?:绝路|尽头)", r"(?:逼|走)(?:上|到)(?:了)?绝路",
        r"看不到(?:任何|一点|一丝)?(?:希望|出路|活路|未来)",
        # a life that will not last, said of oneself (H3: 「反正我也撑不了多久了」); 钱/积蓄/公司 … 撑不了多久 is money
        r"(?:我|自己)(?:这个人|这条命)?(?:也|都|真的|实在|可能|估计|怕是|恐怕|是|就|快|反正)*(?:撑|熬|挺|扛|活)不(?:了|过)"
        r"(?:多久|几天|太久|多长时间)",
        r"(?<![钱蓄款司店意资金粮厂])反正(?:也|都)?(?:撑|熬|挺|扛|活)不了(?:多久|几天|太久)", r"没几天(?:好)?活(?:头)?了",
    ],
    # methods, named or implied
    "method": [
        r"自杀", r"自尽", r"轻生", r"寻死", r"寻短见", r"自残", r"割腕", r"上吊", r"烧炭", r"卧轨",
        r"(?:想|要|准备|打算|去|只能|干脆|偷偷)喝药", r"喝(?:了)?农药",
        r"农药", r"百草枯", r"敌敌畏", r"老鼠药", r"耗子药",
        r"(?:吃|喝|买|吞|攒)(?:了)?(?:一)?(?:整|大)?(?:瓶|把|堆)?(?:的)?安眠药",
        r"(?:吃|吞|喝)(?:了|掉)?(?:一|整)(?:整)?(?:瓶|板|盒|把)(?:\w{0,3})?药",
        r"跳(?:楼|河|江|海|湖|桥)(?!价|机|大甩卖|盘)", r"跳下去", r"从.{1,6}跳(?:下|出)",
        r"(?:想|要|去|准备)紫砂(?!壶)",
        r"遗书", r"遗言",
    ],
    # DOMAIN §7 indirect signals: the debt after one's own death (bot/answers: the careful fact follows the lines)
    "death_debt": [
        r"我(?:人)?(?:要是|如果|万一|假如|哪天|真的)?(?:人)?" + _GONE + r"(?:以后|之后|的话)?.{0,12}(?:债|欠款|欠的钱|信用卡|卡|钱)",
        r"(?:(?<![" + _OTHERS + r"])人|我|这条命|我的命)(?:要是|如果|万一|假如|哪天|真的)?(?:人)?" + _GONE
        + r"(?:以后|之后|的话)?.{0,14}" + _DEBT_ENDS,
        r"(?<![" + _OTHERS + r"人])(?:要是|如果|万一|假如)?(?:死了|不在了)(?:以后|之后|的话)?.{0,10}" + _DEBT_ENDS,
        r"(?<![" + _OTHERS + r"])人死(?:了)?(?:债|账)(?:消|清|灭|没|了|烂|就)",
        r"(?:我)?死(?:了)?(?:以后|之后|后).{0,10}(?:债|欠款|欠的钱|信用卡)",
        # said without 「我」 after a signal (persona trial): 「人没了 债是不是就清了」「人不在了 家里要还吗」, also
        # behind a preface (「真没事 就是想问问 人死了…」: spaces are gone here, so no separator is required);
        # 家里人/别人/他人… name someone else
        r"(?<![家里别他她亲老病熟个有客穷伙工路犯夫公婆爸妈哥姐弟妹儿女子卡本某主恋爱男世证保债好坏富商古成])(?:那)?(?:要是|如果|万一|假如)?人(?:要是|如果)?(?:不在了|没了|死了|走了)(?:以后|之后|的话)?.{0,12}(?:债|欠款|欠的钱|信用卡|卡|家里|家人).{0,6}(?:还|清|没了|不用)",
        r"(?:债|欠款|欠的钱|信用卡).{0,12}我(?:要是|如果|万一|假如)?(?:人)?(?:不在了|没了|死了|走了)",
        r"我(?:要是|如果|万一|假如|哪天)?(?:人)?(?:不在了|没了|死了|去世了?)(?:以后|之后|的话)?.{0,8}(?:家人|家里|孩子|老婆|老公|父母|爸妈).{0,4}(?:还|替我还|要还)",
    ],
    # DOMAIN §7 indirect signals: a plan with means or a time, a farewell
    "indirect": [
        r"(?:今晚|今天晚上|今天|明天|这周|周末|月底|过几天|等.{1,8}(?:以后|之后))(?:就)?(?:去)?(?:解脱|了结|结束(?:自己|一切|生命)|离开这个世界|走了算了|跳下去)",
        r"(?:买好|准备好|攒够|攒好|藏好|备好)了?.{0,4}(?:药|绳子|木炭|炭|刀片)", _STOCKPILE, _MEANS_TAKEN,
        r"(?:药|绳子|木炭|刀片)(?:都|已经)?(?:买好|准备好|备好|攒够)",
        r"(?:遗书|遗言)(?:都|已经)?写好", r"想好(?:了)?(?:怎么|怎样)(?:死|走|结束)",
        r"再见了?(?:这个)?世界", r"永别了", r"下辈子再(?:还|见)", r"来生再(?:还|见)",
    ],
    # being at a height or by water, said as the situation of the moment
    "place": [r"(?:站在|坐在|在)(?:楼顶|天台|桥上|江边|河边)(?:上)?(?:了|呢|不想|想)",
              # persona trial D3: 「我去滨江那个大桥上吹吹风 到时候就都不用还了」 (a place, and the debt ending with it)
              _PLACE + r".{0,16}(?:就|都)(?:都)?不用(?:再)?还了"],
    # a life called a burden to the family, a farewell to everyone
    "burden": [r"活着(?:也|就|只)?(?:是|会)?(?:在)?拖累", r"(?:我)?(?:就是|只会|只是)?(?:个)?拖累(?:家里|家人|大家|你们|他们)",
               r"不(?:再)?(?:麻烦|拖累)(?:大家|你们|家里|家人)了",
               # 「家里人要是没有我这个拖累可能还好过点」「没有我他们会过得更好」 (persona trial H3)
               r"(?:我|自己)(?:就|只|真)?是(?:个|一个)?(?:累赘|拖累)", r"没(?:有)?(?:了)?我(?:这个)?(?:拖累|累赘)",
               r"没(?:有)?(?:了)?我.{0,6}(?:会|可能|也许|反而|就|才)(?:更|还)?(?:好过|过得更好|更好|轻松|解脱)"],
}
# typed in pinyin (letters only, spaces removed)
_PINYIN_TYPED = [
    "buxianghuo", "huobuxiaqu", "yisiliaozhi", "zisha", "zijinliaoduan", "zijiliaoduan", "huonile",
    "tiaolou", "baicaoku",
]
# phrases whose homophone typos are matched by pinyin (see the module docstring)
HOMOPHONE_KEYS = (
    "不想活", "活不下去", "一死了之", "不如一死", "自我了断", "活腻了", "没脸活", "想喝药", "百草枯",
    "敌敌畏", "安眠药", "自杀", "跳楼", "活着好累", "生无可恋",
)

# hyperbole that is not about the user's life: cut out before searching
_HYPERBOLE = re.compile(
    r"想死你|(?:吓|笑|烦|愁|急|气|累|困|忙|热|冷|饿|痛|疼|馋|美|穷|丑|难受|郁闷|丢人|丢脸|尴尬|羞|臊|憋屈|闹心|糟心)死"
    r"|得要死|要死要活|死去活来|(?:你|你们|他|他们|她|她们|都|催收的?|那帮人)(?:都)?去死"
)
_SIGNAL = re.compile("|".join(f"(?:{p})" for group in PHRASES.values() for p in group))
# whitespace, zero-width characters and filler marks people put between characters
_FILLER = re.compile(r"[\s\u200b-\u200d\ufeff.·•*_\-~/|]+")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[^a-z]")


@lru_cache(maxsize=4096)
def _syllable(ch: str) -> str:
    from pypinyin import lazy_pinyin

    return lazy_pinyin(ch)[0] if _CJK.match(ch) else ch


@lru_cache(maxsize=1)
def _homophone_table() -> dict[int, dict[tuple[str, ...], str]]:
    table: dict[int, dict[tuple[str, ...], str]] = {}
    for key in HOMOPHONE_KEYS:
        table.setdefault(len(key), {})[tuple(_syllable(ch) for ch in key)] = key
    return table


def _clean(text: str) -> str:
    from bot.nlu.normalize import normalize

    return _FILLER.sub("", normalize(unicodedata.normalize("NFKC", text)))


def _homophone(text: str) -> str | None:
    """A window of ``text`` that sounds like a key phrase and is a typo of it, or None."""
    from bot.nlu.normalize import _is_word

    syllables = [_syllable(ch) for ch in text]
    for length, keys in _homophone_table().items():
        for i in range(len(text) - length + 1):
            window = text[i : i + length]
            key = keys.get(tuple(syllables[i : i + length]))
            if key is None or key == window:
                continue
            differ = sum(1 for a, b in zip(window, key, strict=False) if a != b)
            if differ == length or 2 * differ > max(length, 2) or _is_word(window):
                continue
            # a changed character at the edge that forms a word outside: 「不想或者」 is 不想 + 或者
            if window[0] != key[0] and i > 0 and _is_word(text[i - 1] + window[0]):
                continue
            end = i + length
            if window[-1] != key[-1] and end < len(text) and _is_word(window[-1] + text[end]):
                continue
            return window
    return None


# 「说说而已」 right after a signal (DOMAIN §7): taking it back is read in context by actions/distress.py
DOWNPLAY = re.compile(r"说说而已|随便说说|开玩笑的?|别当真|不用当真|没事了|我没事|逗你(?:的|玩)|不会真的")


# the narrow part that can only take a signal back, read as distress by bot.nlu.topic_guard
TAKEN_BACK = re.compile(r"说说而已|随口(?:一)?说(?:说)?(?:的|而已)?|随便说说(?:的|而已)?$|(?:我)?(?:只是|就是)?开玩笑的?(?:啦|了|而已)?$|别当真|不用当真")


def downplays(text: str) -> bool:
    """``text`` takes a signal back (「说说而已」); only a signal in context when one came before."""
    return bool(text and isinstance(text, str) and DOWNPLAY.search(_clean(text)))


def hyperbole_only(text: str) -> bool:
    """``text`` has hyperbole (利息高得要死, 烦死了) and no signal: the classifier's unsure 「distress」 on it is
    the hyperbole's 死, not a signal (bot.nlu.topics.guarded_intent then answers the topic asked)."""
    if not text or not isinstance(text, str):
        return False
    return bool(_HYPERBOLE.search(_clean(text))) and matches(text) is None


# the body worrying (「我心脏不好都睡不着觉」), said with a question about the collection: no signal of DOMAIN §7 (persona
# trial C2: a mother asking whether 11 pm calls are legal got the crisis script); any hopelessness word keeps it
_HEALTH = re.compile(r"睡不着|失眠|心脏|血压|心慌|头疼|头痛|身体(?:不好|受不了)|吃不下")
_LOW_MOOD = re.compile(r"撑不下去|扛不住|熬不下去|崩溃|绝望|没希望|没意思|没意义|好累|太累|很累|累了|活着|解脱|想哭|受不了了|不想")


def health_worry_only(text: str) -> bool:
    """``text`` worries about sleep or health (「心脏不好都睡不着觉」) and has no signal and no word of low mood: the
    question asked is answered, with a kind word (bot/answers.yml `calls_health`), not the crisis script."""
    if not text or not isinstance(text, str):
        return False
    clean = _clean(text)
    return bool(_HEALTH.search(clean)) and not _LOW_MOOD.search(clean) and matches(text) is None \
        and plan(text) is None and not farewell(text) and not about_debt_after_death(text)


_DEATH_DEBT = re.compile("|".join(f"(?:{p})" for p in PHRASES["death_debt"]))
# a time and a place by water or at a height (「这周末就去江边走走」, persona trial A4): a signal unless the
# message says it is an outing (「周末去江边烧烤」); a plan with a time or means made ready is escalated
# (actions/distress.py: 110/120 now, a person at once)
_TIME_PLACE = re.compile(_TIME + r"(?:晚上|早上|夜里)?(?:就|我)?(?:要)?(?:去|到|上)(?:一趟)?.{0,6}" + _PLACE)
_OUTING = re.compile(r"玩|烧烤|旅游|旅行|钓鱼|拍照|吃|野餐|游泳|度假|露营|看海|日出|日落|冲浪|刷卡|消费|出差|上班|跑步|散步锻炼")
_PLAN = re.compile(r"(?:买好|准备好|攒够|攒好|藏好|备好)了?.{0,4}(?:药|绳子|木炭|炭|刀片)|" + _STOCKPILE + "|" + _MEANS_TAKEN +
                   r"|(?:药|绳子|木炭|刀片)(?:都|已经)?(?:买好|准备好|备好|攒够)"
                   r"|(?:遗书|遗言)(?:都|已经)?写好|想好(?:了)?(?:怎么|怎样)(?:死|走|结束)"
                   r"|" + _TIME + r"(?:就)?(?:去)?(?:解脱|了结|结束(?:自己|一切|生命)|离开这个世界|跳下去)")
_FAREWELL = re.compile("|".join(f"(?:{p})" for p in PHRASES["burden"])
                       + r"|想清楚了|再见了|永别|最后一次|交代好|后事")


def about_debt_after_death(text: str) -> bool:
    """``text`` asks what happens to the debt after one's own death (DOMAIN §7: an indirect signal; the
    crisis lines come first, then the fact, said with care)."""
    return bool(text and isinstance(text, str) and _DEATH_DEBT.search(_HYPERBOLE.sub("，", _clean(text))))


def plan(text: str) -> str | None:
    """A plan with a time and a place, or means made ready (「这周末就去江边」「药都买好了」), or None."""
    if not text or not isinstance(text, str):
        return None
    clean = _HYPERBOLE.sub("，", _clean(text))
    found = _PLAN.search(clean) or (None if _OUTING.search(clean) else _TIME_PLACE.search(clean))
    return found.group(0) if found else None


_PILLS = re.compile(r"安眠药|安定片|药片|农药|百草枯|敌敌畏|老鼠药|耗子药|药")


def pills_in_plan(text: str) -> bool:
    """The plan names pills or poison at hand (「家里还有半瓶安眠药 有时候想一次吃了算了」, persona trial s8 M6 #12): the
    urgent answer says 120 if taken, and to hand them to someone or put them out of reach (actions/texts.py)."""
    found = plan(text)
    return bool(found and _PILLS.search(found))


def farewell(text: str) -> bool:
    """A goodbye to the family or a life called a burden (「想清楚了就不麻烦大家了」)."""
    return bool(text and isinstance(text, str) and _FAREWELL.search(_clean(text)))


def matches(text: str) -> str | None:
    """The self-harm or hopelessness phrase found in ``text``, or None.

    Hyperbole is cut out before searching, so 「吓死我了」 does not match 「想死」-style patterns
    through its 「死」, while 「吓死了 真不想活了」 still matches on 「不想活」.
    """
    if not text or not isinstance(text, str):
        return None
    clean = _HYPERBOLE.sub("，", _clean(text))
    found = _SIGNAL.search(clean) or (None if _OUTING.search(clean) else _TIME_PLACE.search(clean))
    if found:
        return found.group(0)
    latin = _LATIN.sub("", clean.lower())
    for typed in _PINYIN_TYPED:
        if typed.replace(" ", "") in latin:
            return typed
    return _homophone(clean)


def signal_in(text: str) -> bool:
    """A signal of DOMAIN §7 in ``text``: a phrase (a life called a burden among them), the debt after one's death, a
    plan. Not the wider farewell words (最后一次, 后事, 交代好): 「处理父亲的后事花光了积蓄」 is a hardship reason."""
    return bool(text and isinstance(text, str)) and (
        matches(text) is not None or about_debt_after_death(text) or plan(text) is not None)


_CLAUSE_SPLIT = re.compile(r"([，,。；;！!？?、\n\s]+)")


def without_signals(text: str) -> str:
    """``text`` without its clauses of despair (「做生意赔了 …孩子都不让见 我真的是一点路都没有了」 → 「做生意赔了 …孩子都不让
    见」): a hardship reason is never a despair sentence (persona trial H3 #9, #12: the letter opened with it). ""
    when nothing else is left, or when the signal spans clauses that cannot be told apart (the reason is asked)."""
    if not text or not isinstance(text, str):
        return ""
    parts = _CLAUSE_SPLIT.split(text)
    kept = "".join(p for i, p in enumerate(parts) if i % 2 == 1 or not signal_in(p))
    kept = kept.strip("，,。；;！!？?、 \n")
    kept = re.sub(r"([，,。；;！!？?、\s])[，,。；;！!？?、\s]+", r"\1", kept)
    return "" if signal_in(kept) else kept


# ---- after a signal: a crisis line that did not answer, a mind in turmoil (persona trial E5) ------------------
# 「12356打了 没人接」「心理热线没人接」: a crisis line named, said not to answer — a crisis turn whatever came before
# (bot.nlu.components.DistressGuard routes it to express_distress); a line not named (「电话打了没人接」) is one only
# after a signal (actions/distress.py reads it in context)
_CRISIS_LINE = r"(?:12356|4001619995|希望24|希望热线|心理(?:援助|危机|咨询)?(?:热线|电话)|援助热线|危机热线|救助热线)"
_ANY_LINE = r"(?:热线|400|你(?:给|说)的(?:电话|号码)|那个(?:电话|号码)|这个(?:电话|号码)|电话|号码)"
_NO_ANSWER = (r"(?:没人接|没有人接|无人接听?|打不通|没打通|没通|没接通|接不通|打不进去?|占线|一直(?:在)?忙|忙音|没人理"
              r"|没人回|(?:一直|都)?没(?:有)?接)")
_LINE_UNANSWERED = re.compile(_CRISIS_LINE + r".{0,10}" + _NO_ANSWER + "|" + _NO_ANSWER + r".{0,4}" + _CRISIS_LINE)
# 「打了 没人接」「打过了 打不通」 after a signal: the line is the one just given (persona trial J3 #10)
_ANY_UNANSWERED = re.compile(_ANY_LINE + r".{0,10}" + _NO_ANSWER + r"|^(?:我|都|也)?打(?:了|过|过了)\s?(?:但是?|可是?|还是)?\s?(?:一直|都)?"
                             + _NO_ANSWER)
# the person after a signal: 心里很乱, 好怕, 不知道怎么办 (a crisis follow-up, never a debt menu)
_UNSETTLED = re.compile(
    r"心里?(?:很|好|特别|太|真的|有点|非常|一团)?(?:乱|慌|堵|难受|发慌)|脑子(?:很|好|一片|一团)?(?:乱|空白)|好乱|很乱"
    r"|(?:好|很|特别|真的)?(?:害怕|怕)|慌得|好慌|很慌|不知道(?:该)?(?:怎么办|咋办|怎么做)|崩溃|撑不住|受不了|难受|想哭|哭")


# the person after a signal: giving up on everything (「无所谓了 随便吧」, persona trial H3 #10): a crisis turn in
# context only (「随便吧」 alone before any signal is an answer, 「无所谓」 a shrug)
_RESIGNED = re.compile(
    r"无所谓了?|都无所谓|随便(?:吧|了|你|啦)|怎(?:么)?样都(?:行|好|可以)|怎么都(?:行|好)|管他(?:呢|的)|爱咋(?:咋|样)"
    r"|不重要了|没(?:什么|啥)?意思|没(?:什么|啥)?意义|没用(?:的|了)|(?:好|太|真的|很)?累了|不想(?:说|管|弄|问|算|再)了?"
    r"|撑不(?:下去|住)|熬不(?:下去|住)|扛不(?:下去|住)|坚持不(?:下去|住)|不想坚持|不想努力|放弃了|认命")


def resigned(text: str) -> bool:
    """``text`` gives up (「无所谓了 随便吧」「不想管了」): after a signal, a crisis turn (the classifier may call it a
    fallback, an 「好的」 or a goodbye)."""
    return bool(text and isinstance(text, str) and _RESIGNED.search(_clean(text)))


# 「那我该怎么办」 after a signal (persona trial H3 #5): a practical question, answered with the first step
_WHAT_TO_DO = re.compile(r"怎么办|咋办|怎么弄|咋弄|咋整|怎么整|怎么做|该做什么|能做什么|(?:有|还有)(?:什么|啥)(?:办法|法子)|从哪(?:里)?(?:开始|下手)")


def asks_what_to_do(text: str) -> bool:
    """``text`` asks what to do now (「那我该怎么办」「现在咋整」), with no signal of its own."""
    return bool(text and isinstance(text, str) and _WHAT_TO_DO.search(_clean(text))) and matches(text) is None


def crisis_line_unanswered(text: str) -> str | None:
    """What in ``text`` says a crisis line (12356, 400-161-9995, 心理热线) did not answer, or None."""
    if not text or not isinstance(text, str):
        return None
    found = _LINE_UNANSWERED.search(_clean(text))
    return found.group(0) if found else None


def line_unanswered(text: str) -> bool:
    """``text`` says a line (any, named or not: 「电话打了没人接」) did not answer: a crisis turn after a signal."""
    return bool(text and isinstance(text, str) and (crisis_line_unanswered(text) or _ANY_UNANSWERED.search(_clean(text))))


def unsettled(text: str) -> bool:
    """``text`` says the person is in turmoil (「我现在心里很乱」): after a signal, a crisis turn."""
    return bool(text and isinstance(text, str) and _UNSETTLED.search(_clean(text)))


_CALMER = re.compile(r"好(?:一)?点了|好多了|好(?:一)?些了|平静(?:一)?些|平静下来|缓过来|冷静下来|没那么难受")


def calmer(text: str) -> bool:
    """``text`` says the person feels a little better (「刚跟我姐打了个电话 好点了」)."""
    return bool(text and isinstance(text, str) and _CALMER.search(_clean(text)))


def names_the_hope_line(text: str) -> bool:
    """The unanswered line is 400-161-9995 (希望24热线): the other one to try is 12356."""
    clean = _clean(text or "")
    return "4001619995" in clean or "希望" in clean


# ---- a fear said beside a question (「会不会坐牢啊 … 我好怕」, ui-s7 A5): no signal, acknowledged in one line -------
# 「恐怕」「哪怕」「不怕」「别怕」「怕不是」 are no fear of the person's own
_WORRIED = re.compile(r"(?<![恐哪不别])(?:害怕|怕(?!不是)|担心|吓死|吓坏|好慌|很慌|慌了|心慌|慌死)")


def worried(text: str) -> bool:
    """``text`` says the person is afraid or worried (「我好怕」「好担心」「吓死了」), with no self-harm signal: the answer
    acknowledges it in one short line before its verdict."""
    if not text or not isinstance(text, str):
        return False
    return bool(_WORRIED.search(_clean(text))) and matches(text) is None and plan(text) is None \
        and not farewell(text)


# ---- fear of a collector's visit is not a self-harm signal (persona trial E2) ----------------------------------
# 「他们要是真上门来了我咋办 我一个人在家害怕」: the home-visit rules, said kindly (bot/answers.yml visit_fear)
_VISIT = re.compile(r"上门|来家|到家|来我家|找上门|堵门|堵我|敲门|家门口|来找我")
_FEAR = re.compile(r"害怕|怕|吓|担心|不敢|一个人在家|慌")


def visit_fear_only(text: str) -> bool:
    """``text`` is afraid of a collector's visit and holds no self-harm signal, plan, farewell or question about
    the debt after death: the visit is answered, not the crisis script."""
    if not text or not isinstance(text, str):
        return False
    clean = _clean(text)
    return bool(_VISIT.search(clean) and _FEAR.search(clean)) and matches(text) is None and plan(text) is None \
        and not farewell(text) and not about_debt_after_death(text)


# ---- whose crisis (persona trial I2, trials-s6): the person's own, another person's, or words quoted ------------------
# A father whose adult daughter said 不想活 and is unreachable was answered as if he were at risk (「请离开阳台…」), then
# sold a negotiation, then told the bot is a program. The signal's speaker decides: the subject before a verb of saying
# (「她上个月给我打电话说不想活了」: 她), else the subject nearest before the signal in its clause (「我儿子要自杀」), else in
# the clauses just before. A collector quoted (「催收说让我去死」) is their words, not the person's wish; a line of a
# document quoted (「我女儿说不想活那句不要写进去」) is about the document. The person's own signal anywhere wins.
_PERSON_WORDS = (r"(?:女儿|闺女|儿子|孩子|小孩|老公|老婆|丈夫|妻子|媳妇|爱人|对象|男朋友|女朋友"
                 r"|前妻|前夫|妈妈|爸爸|母亲|父亲|老妈|老爸|妈|爸|婆婆|公公|岳母|岳父|弟弟|妹妹|哥哥|姐姐|朋友|同事|同学"
                 r"|室友|舍友|闺蜜|兄弟|亲戚|邻居|表弟|表妹|表哥|表姐|侄子|外甥|她|他(?!们))")
_OTHER_PERSON = r"(?:我|俺)?(?:的)?" + _PERSON_WORDS
_QUOTER = r"催收(?:员|的人|的)?|他们|对方|客服|银行的人|那边的人|那帮人|那个人|中介"
# 给我/跟她/对我女儿 …: an object, never the subject of what follows
_OBJECT = r"(?<![给跟对和向找问叫让逼打骂])(?<![给跟对和向找问叫让逼打骂][我俺])"
_SUBJECT = re.compile(f"(?P<quoter>{_QUOTER})|{_OBJECT}(?P<other>(?:我|俺)?(?:的)?(?P<who>{_PERSON_WORDS}))|{_OBJECT}(?P<self>(?:我|俺)(?!们))")
_SAYS = re.compile(r"说|讲|告诉|留言|嚷着|闹着|喊着|吵着|骂|威胁|吼|发(?:消息|信息|微信|短信)")
_QUOTE_REF = re.compile(r"那句|这句|那段|这段|那条|这条|写进|写上|写到|删掉|删了|删去|去掉|投诉书|投诉信|申请书")
_DANGER = r"(?:想不开|做傻事|寻短见|出事|有危险|危险|自杀|轻生|不想活|寻死)"
# 「我不会想不开 是我女儿」「有危险的是我女儿 不是我」「我怕我儿子想不开」: another person at risk, said without a phrase
_NOT_ME = re.compile(r"不是我|我(?:不会|没有?|没)(?:想不开|事|做傻事|危险)|我没想")
_OTHER_AT_RISK = re.compile(_DANGER + r"的(?:人)?是" + _OTHER_PERSON + "|" + _OTHER_PERSON + r"(?:会|要|可能|真的)?" + _DANGER)
_IS_OTHER = re.compile(r"是" + _OTHER_PERSON)
_WORRY = re.compile(r"怕|担心|万一|会不会|联系不上|找不到|关机|失联|报警|怎么办")
_CLAUSES = re.compile(r"[\s，,。；;！!？?、…\n]+")


def _speaker(prefix: str, earlier: list[str]) -> str | None:
    """'quoter', 'other', 'self' or None: who says or feels what follows ``prefix`` (its clause's words before the
    signal); ``earlier``: the clauses before it, for a clause without a subject (「我女儿打电话 说不想活了」)."""
    says = list(_SAYS.finditer(prefix))
    if says:
        subjects = list(_SUBJECT.finditer(prefix[:says[-1].start()]))
        if subjects:
            return _kind(subjects[-1])
    else:
        subjects = list(_SUBJECT.finditer(prefix))
        if subjects:
            kind = _kind(subjects[-1])
            return "self" if kind == "quoter" else kind  # 「催收逼得我不想活了」 is the person's own
    for clause in reversed(earlier[-2:]):
        subjects = list(_SUBJECT.finditer(clause))
        if subjects:
            kind = _kind(subjects[-1])
            return kind if kind != "quoter" or _SAYS.search(clause) else None
    return None


def _kind(found: re.Match) -> str:
    return next(k for k in ("quoter", "other", "self") if found.group(k))


def _clauses(text: str) -> list[str]:
    from bot.nlu.normalize import normalize

    parts = _CLAUSES.split(normalize(unicodedata.normalize("NFKC", text)))
    return [c for c in (_HYPERBOLE.sub("，", _clean(p)) for p in parts) if c]


def whose_signal(text: str) -> str | None:
    """Whose crisis ``text`` speaks of: 'self'; 'other' (a relative's or a friend's: 「她说不想活了」「我儿子要自杀」「有危险的是
    我女儿 不是我」); 'quote' (a collector's words, 「催收说让我去死」, or a document's line, 「她说不想活那句别写进去」: nobody's
    crisis to answer); None (no signal)."""
    if not text or not isinstance(text, str):
        return None
    owners = []
    clauses = _clauses(text)
    for i, clause in enumerate(clauses):
        for found in _SIGNAL.finditer(clause):
            owners.append(_speaker(clause[:found.start()], clauses[:i]) or "self")
    whole = _HYPERBOLE.sub("，", _clean(text))
    if not owners:
        if signal_in(text):
            return "self"  # pinyin, a homophone, the debt after one's death, a plan
        if (_OTHER_AT_RISK.search(whole) and (_NOT_ME.search(whole) or _WORRY.search(whole))) \
                or (_NOT_ME.search(whole) and _IS_OTHER.search(whole) and re.search(_DANGER, whole)):
            return "other"
        return None
    if "self" in owners:
        return "self"
    if "other" in owners:
        return "quote" if _QUOTE_REF.search(whole) else "other"
    return "quote"


def person_named(text: str) -> str | None:
    """The other person ``text`` names (「女儿」, 「她」), the last one named, or None."""
    if not text or not isinstance(text, str):
        return None
    found = [m.group("who") for m in _SUBJECT.finditer(_clean(text)) if m.group("other")]
    named = [w for w in found if not is_pronoun(w)]  # 「我老公说他想死」: 老公
    return (named or found or [None])[-1]


_SHE = frozenset("女儿 闺女 老婆 妻子 媳妇 女朋友 前妻 妈妈 母亲 老妈 妈 婆婆 岳母 妹妹 姐姐 闺蜜 表妹 表姐 她".split())
_HE = frozenset("儿子 老公 丈夫 男朋友 前夫 爸爸 父亲 老爸 爸 公公 岳父 弟弟 哥哥 兄弟 表弟 表哥 侄子 外甥 他".split())


def gender_of(person: str | None) -> str | None:
    """'she', 'he' or None (孩子, 朋友, 同事: not said) for a word of ``person_named``."""
    return "she" if person in _SHE else "he" if person in _HE else None


def is_pronoun(person: str | None) -> bool:
    return person in ("她", "他")


# after another person's crisis: what the person says of it
_UNREACHABLE = re.compile(r"联系不上|找不到|关机|失联|打不通|不接|不回|没回|没接|没消息|不知道(?:她|他)在哪")
_ASKS_POLICE = re.compile(r"(?:要不要|该不该|用不用|能不能|可不可以|可以|应该|需要)(?:先)?(?:报警|打110|报案)|报警(?:吗|有用|管用|行吗|可以吗)")
_CALLED_POLICE = re.compile(r"(?:已经|刚|刚刚|刚才)?(?:报(?:了)?警|打了110|110(?:已经|我)?打了|给.{0,4}110打了|打过110|警察(?:说|已经|去了|过去|在)"
                            r"|民警(?:说|已经|去了|过去))")
_SAFE = re.compile(r"(?:联系上|找到|见到|接(?:电话)?了|回(?:消息|电话|我)了).{0,6}(?:没事|平安|安全|还好)?|(?:她|他|人|孩子|女儿|儿子)"
                   r"(?:现在)?(?:没事|平安|安全)(?:了|的)|(?:平安|安全)(?:了|的)|没事了|虚惊一场")
_ABOUT_IT = re.compile(_DANGER + r"|联系不上|找不到|关机|失联|报警|110|怎么办|咋办|该怎么做|做什么|怎么做|没听懂|不是我|听不懂")


def unreachable(text: str) -> bool:
    return bool(text and isinstance(text, str) and _UNREACHABLE.search(_clean(text)))


def asks_police(text: str) -> bool:
    """「我要不要报警」「报警有用吗」."""
    return bool(text and isinstance(text, str) and _ASKS_POLICE.search(_clean(text)))


def called_police(text: str) -> bool:
    """「我刚给杭州110打了 他们说去看看」: the police are told."""
    return bool(text and isinstance(text, str) and _CALLED_POLICE.search(_clean(text))) and not asks_police(text)


def safe_now(text: str) -> bool:
    """「联系上了 她没事」「找到她了」: the other person is safe."""
    return bool(text and isinstance(text, str) and _SAFE.search(_clean(text)))


def about_other_crisis(text: str) -> bool:
    """``text`` goes on about another person's crisis (「你没听懂 有危险的是我女儿」「我要不要报警」「我现在该做什么」)."""
    return bool(text and isinstance(text, str) and _ABOUT_IT.search(_clean(text)))


# a height named (「站在楼顶」「阳台」「想跳下去」): only then is the person told to leave the balcony and the windows
_HEIGHT = re.compile(r"楼顶|天台|阳台|窗户|窗台|窗边|窗外|高楼|屋顶|悬崖|桥|跳(?:下|楼|河|江|海|湖|桥)|往下跳|江边|河边|海边|湖边")


def height_mentioned(text: str) -> bool:
    return bool(text and isinstance(text, str) and _HEIGHT.search(_clean(text)))


# ---- everyday strain is no signal (widget trial UI s7 #8, A10 and B6) -----------------------------------------------
# 「厂里效益不好工资降了 还要养娃 压力好大天天睡不着」 and 「唉 丢人死了 老婆天天跟我吵」 each got the whole crisis text with
# 「请马上拨打…110或120」, a paused letter and a ticket flagged 情绪危机. Stress, sleeplessness, shame and …死了 as an
# intensifier are not in DOMAIN §7's list nor an indirect signal: one kind line, then what was asked. Any signal, any word
# of hopelessness, turmoil or giving up beside them keeps the crisis answer (「压力好大 撑不下去了」).
_STRAIN = re.compile(
    r"压力(?:好|很|太|特别|真的|挺|超|非常|山)?大|压得(?:我)?喘不过气|睡不着|睡不好|失眠|焦虑|心烦|好烦|很烦|烦人|烦躁|郁闷|闹心"
    r"|(?:丢人|丢脸|尴尬|烦|急|吓|愁|气|羞|臊|憋屈|闹心|糟心)死(?:了|人|我了)?|丢人|丢脸|没面子|抬不起头|(?:天天|老是|总是|又|跟我|在)吵(?:架)?")
_SHAME = re.compile(r"丢人|丢脸|没面子|抬不起头|羞|臊|尴尬")


def everyday_strain(text: str) -> bool:
    """``text`` speaks of stress, sleeplessness or shame (「压力好大天天睡不着」「丢人死了」) and of nothing DOMAIN §7 counts:
    no signal, farewell, plan or question about the debt after death, no other person's crisis, no hopelessness, turmoil
    or giving up (``_LOW_MOOD``, ``unsettled``, ``resigned``), no crisis line unanswered."""
    if not text or not isinstance(text, str):
        return False
    clean = _clean(text)
    return bool(_STRAIN.search(clean)) and not signal_in(text) and not farewell(text) \
        and not _LOW_MOOD.search(_HYPERBOLE.sub("，", clean)) and not unsettled(text) and not resigned(text) \
        and not line_unanswered(text) and whose_signal(text) is None and not _OTHER_AT_RISK.search(clean)


def strain_kind(text: str) -> str:
    """'shame' (丢人, 丢脸, 没面子) or 'stress': which kind line acknowledges ``text``."""
    return "shame" if _SHAME.search(_clean(text or "")) else "stress"


# 「没那么严重 就是烦 继续吧」 (UI s7 A11): the person says they are all right. Taking a signal back (「说说而已」) is not
# this: right after a signal it counts as one (DOMAIN §7)
_OK_NOW = re.compile(r"没(?:有)?(?:那么|这么)?严重|不严重|我没事|没事的|没事了|没什么事|我挺好|我还好|还好啦|不用担心|别担心"
                     r"|没想不开|不会想不开|不会做傻事|(?:就是|只是)(?:有点|有些)?(?:烦|心烦|压力大|累)|发发牢骚|吐槽(?:一下)?")


def says_ok(text: str) -> bool:
    """``text`` says the person is all right (「没那么严重 就是烦」「我没事」) and holds no signal of its own."""
    return bool(text and isinstance(text, str) and _OK_NOW.search(_clean(text))) and not signal_in(text) \
        and not TAKEN_BACK.search(_clean(text))


# words heavier than a bad mood, though no phrase of DOMAIN §7: never taken back by 「我没事」
_HEAVY = re.compile(r"抑郁|无助|崩|想不开|轻生|自残|没人在乎|活|死")


def mild(text: str) -> bool:
    """A distress turn the classifier alone called one, with no rule signal, farewell, hopelessness, turmoil, giving up
    or unanswered line in it (「我心情很差」): the only kind a later 「我没事」 takes back (a real signal stays flagged)."""
    if not text or not isinstance(text, str):
        return False
    clean = _HYPERBOLE.sub("，", _clean(text))
    return not signal_in(text) and not farewell(text) and not _LOW_MOOD.search(clean) and not resigned(text) \
        and not unsettled(text) and not line_unanswered(text) and whose_signal(text) is None \
        and not DOWNPLAY.search(clean) and not _HEAVY.search(clean)


# ---- after a signal: the safety check-in and its answer, a call to the bank, 「别老给我电话号码」 (persona trial s7 L3) -----
# The check-in (「你现在安全吗」, actions/distress.py) is asked once per conversation after the person's own signal; the
# reply is read in context there. Only a person saying they are not safe (「不安全」「我现在不太安全」) is a crisis turn
# whatever came before (DistressGuard); 安全 felt as a trait (「没有安全感」) is not.
_REPLY_FILLER = r"(?:嗯|恩|哦|噢|啊|呀|吧|呢|啦|哈|额|呃|唉|诶|了|的|说实话|其实|真的|现在|目前|暂时|应该)"
_NOT_SAFE = r"(?:(?:我|俺)?(?:现在|真的|其实|好像|感觉|觉得)*(?:不太|不是很|不是太|不怎么|不算|不|没那么|有点不|有些不|一点都不|很不)安全(?!感))"
_UNSAFE_NOW = re.compile(rf"^{_REPLY_FILLER}*{_NOT_SAFE}{_REPLY_FILLER}*$|(?:我|俺)(?:现在|真的|其实|好像|感觉|觉得)*"
                         r"(?:不太|不是很|不怎么|不|有点不|一点都不|很不)安全(?!感)")
# a whole reply to 「你现在安全吗？」: yes / no words as well (「嗯」「不是」「不知道」), read only when the check-in was asked
_SAFE_PART = (r"(?:是(?:的)?|对(?:的)?|(?:我|俺)?(?:很|挺|还|还算|是|都|蛮|比较)?安全|还好|还行|还可以|挺好|(?:我|俺)?没事(?:儿)?"
              r"|没什么事|放心|好多了|好(?:一)?点了|好些了|平静(?:一)?些了|我很好|我挺好|我还好)")
_UNSAFE_PART = (_NOT_SAFE + r"|(?:我|俺)?(?:也)?(?:不是|不(?:太|怎么)?好|不知道|说不好|说不清|不确定|不清楚|不太行|不行|不怎么样|很难说|难说)")
_CHECK_SAFE = re.compile(rf"^(?:{_REPLY_FILLER}|{_SAFE_PART})*{_SAFE_PART}(?:{_REPLY_FILLER}|{_SAFE_PART})*$")
_CHECK_UNSAFE = re.compile(rf"^{_REPLY_FILLER}*(?:{_UNSAFE_PART})(?:{_REPLY_FILLER}|{_UNSAFE_PART})*$")
_PUNCT = re.compile(r"[，,。.！!？?、~～…]+")
_YES = re.compile(r"嗯|恩")  # 「嗯」 to a yes-no question is yes
_ONLY_FILLER = re.compile(rf"^{_REPLY_FILLER}+$")


# the `distress_signal` of such a message in the parse result
UNSAFE_SIGNAL = "unsafe"


def unsafe_now(text: str) -> bool:
    """``text`` says the person is not safe now (「不安全」「我现在不太安全」): a crisis turn whatever came before."""
    if not text or not isinstance(text, str):
        return False
    return bool(_UNSAFE_NOW.search(_PUNCT.sub("", _clean(text))))


def check_in_reply(text: str) -> str | None:
    """The reply to 「你现在安全吗？」 when ``text`` is only that: 'unsafe' (「不安全」「不是」「不知道」), 'safe' (「安全」「还好」
    「嗯」「我没事」), or None (anything else: a question, facts — the person did not answer, and is not asked again)."""
    if not text or not isinstance(text, str):
        return None
    clean = _PUNCT.sub("", _clean(text))
    if not clean or signal_in(text):
        return None
    if unsafe_now(text) or _CHECK_UNSAFE.match(clean):
        return "unsafe"
    if _CHECK_SAFE.match(clean) or (_YES.search(clean) and _ONLY_FILLER.match(clean)):
        return "safe"
    return None


# 「安全 我真没事 刚才那个暂停还款 银行会同意吗」 (persona trial s9 N5 #7): safety said in one clause of a longer message, or
# later than the reply right after the check-in (「我安全」 two turns on, session-6 leftover) — the person is safe now
_SAFE_CLAUSE = re.compile(rf"^{_REPLY_FILLER}*(?:我|俺)?(?:现在|真的|真|其实|目前)*(?:很|挺|还|是|都|蛮|比较|绝对)?安全(?:的|了|啦|呢|着呢)?"
                          rf"{_REPLY_FILLER}*$")


def says_safe(text: str) -> bool:
    """``text`` says the person is safe or all right now (「安全」「我安全」「安全 我真没事 …银行会同意吗」「我没事了 真的 …」),
    holds no signal and does not say they are not safe."""
    if not text or not isinstance(text, str) or signal_in(text) or unsafe_now(text):
        return False
    if check_in_reply(text) == "safe" or says_ok(text):
        return True
    return any(_SAFE_CLAUSE.match(_PUNCT.sub("", c)) for c in _clauses(text))


# 「我再想想」 (plan8 leftover: said at the plan summary before 「确认」, the classifier's express_distress 0.51 got the whole
# crisis answer): a hesitation about what was just shown, no signal of DOMAIN §7. Only a message that is nothing but the
# hesitation: a signal or a word of low mood beside it keeps the crisis answer (「想想还是算了 活着没意思」)
_HESITATION = re.compile(
    r"^(?:嗯|恩|哦|噢|那|那我|好|好吧|行|行吧|这样啊|等等|等下|等一下|容我|让我|我|先|还是|要不|不急|先不确认|先不生成|先不弄)*"
    r"(?:再|先|好好|仔细|回去)*(?:想想|想一想|想一下|考虑考虑|考虑一下|考虑下|琢磨琢磨|琢磨一下|斟酌一下)"
    r"(?:吧|啊|呀|哈|呢|先|再说|看|看看|一下|好了|再定|再决定|再确认|再看|明天再说|改天再说)*$")


def hesitates(text: str) -> bool:
    """``text`` is only a hesitation (「我再想想」「让我考虑一下吧」), with no signal and no word of low mood."""
    if not text or not isinstance(text, str):
        return False
    clean = _PUNCT.sub("", _clean(text))
    return bool(clean and _HESITATION.match(clean)) and not signal_in(text) and not _LOW_MOOD.search(clean) \
        and not resigned(text) and not unsettled(text)


# 「你别老给我电话号码了」: the person asks not to be given the numbers again — the lines stay, in one short line without them
_NO_NUMBERS = re.compile(
    r"别(?:老|再|总|总是|一直|老是)?(?:给我|跟我|对我)?(?:发|给|说|报|提|甩|贴)?(?:我)?(?:这些|那些|那个|这个|那几个)?(?:电话号码|电话号|号码|热线|电话(?=了|啦|$))"
    r"|不(?:用|要|需要|必)(?:再)?(?:给我|跟我)?(?:发|给|说|报|提)?(?:这些|那些|那个)?(?:电话号码|号码|热线)"
    r"|(?:电话号码|号码|热线)(?:就)?(?:别|不用|不要)(?:再)?(?:发|给|说|报|提)")


def asks_no_numbers(text: str) -> bool:
    """``text`` asks not to be given the crisis numbers again (「你别老给我电话号码了」)."""
    return bool(text and isinstance(text, str) and _NO_NUMBERS.search(_clean(text)))


# 「我明天先给招行打电话试试」 (L3 #15): a call to the bank is a step of the plan, never a call to a crisis line
_TO_BANK = re.compile(
    r"(?:给|跟|和|找|打给|打电话给|打到|联系)(?P<who>[^，,。！!？?]{1,10}?)(?:的)?(?:客服)?"
    r"(?:打(?:个|一个|一通)?电话|通(?:个)?电话|打过去|谈|协商|商量|问问|说说)"
    r"|打(?P<call>[^，,。！!？?那这]{1,8}?)(?:的)?(?:客服)?电话"
    r"|打给(?P<to>[^，,。！!？?]{1,8}?)(?:试试|看看|问问|说说|谈谈|吧|$)")
_HOW = re.compile(r"怎么|如何|什么|咋|吗|哪|要不要|该不该")
_BANK_WORDS = re.compile(r"银行|客服|信用卡中心")
# a call already made (「给招行打电话了 他们说不行」) is news of it, not a step to take
_CALLED = re.compile(r"打了|打过|已经|刚才|刚刚|昨天|前天|电话了")
# 「谢谢你 我会打那个电话」 (persona trial D3): the person says they will call (or called) the line just given
_WILL_CALL_LINE = re.compile(r"(?:会|去|就|马上|现在|这就|等下|等会|待会|一会儿?|也)(?:去)?打(?:一下)?(?:那个|这个|你说的|你给的)?(?:电话|热线|号码|12356|400)"
                             r"|打了(?:那个|这个|你说的|你给的)?(?:电话|热线|12356|400)")


def says_will_call_line(text: str) -> bool:
    """``text`` says the person will call (or called) the crisis line (「谢谢你 我会打那个电话」), not their bank."""
    return bool(text and isinstance(text, str) and _WILL_CALL_LINE.search(_clean(text))) and bank_call(text) is None \
        and not _BANK_WORDS.search(_clean(text))


def bank_call(text: str) -> str | None:
    """Who the person says they will call or talk to when it is their bank (「明天先给招行打电话试试」 → 招行), or None;
    a question how to do it (「打电话给银行该怎么说」) is the script's, not this."""
    if not text or not isinstance(text, str):
        return None
    clean = _clean(text)
    if _HOW.search(clean) or _CALLED.search(clean):
        return None
    from bot.nlu.extract import extract_entities

    for found in _TO_BANK.finditer(clean):
        who = found.group("who") or found.group("call") or found.group("to") or ""
        if _BANK_WORDS.search(who) or any(e.get("entity") == "bank" for e in extract_entities(who)):
            return who
    return None
