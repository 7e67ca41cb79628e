"""Persona trial s10 P2 over REST against a real `rasa run` + action server: a wife whose husband's 建行 card is 8 months
overdue (about 4万); the collectors call her, called her workplace and threaten to come to her home and tell her
mother-in-law. Each new question is answered (never 「上面已经说过：您不是持卡人…」), a request to add the threat goes to the
complaint edit (never 「没有可靠的依据」), and money spent on the family gets the joint-debt answer with her husband as 他."""
from __future__ import annotations

import uuid

from bot import facts as F

SAID_ABOVE = F.labels()["said_above"]
NOT_COVERED = "没有可靠的依据"
TOLD_OTHERS = "不得向同事、单位等其他人透露欠款"


def sender() -> str:
    return f"e2e-spouse9-{uuid.uuid4().hex[:10]}"


def test_p2_a_wife_asked_what_she_asks(live_bot):
    s = sender()
    first = live_bot.texts(s, "你好 我老公的建行信用卡逾期了 现在催收天天打我电话")
    assert "您不是持卡人" in first, first
    live_bot.texts(s, "我们是夫妻 我是不是也要帮他还 钱他都拿去自己花了 我不知道")
    live_bot.texts(s, "那我自己的征信会不会受影响 我下个月还要办房贷")

    # #4, #6, #7: the workplace call, answered each time (「上面已经说过：您不是持卡人…」 three times in the trial)
    for text in ["他们还打到我单位去了 同事都听到了 我很丢脸 这个合法吗",
                 "我是问打到我单位这个事合不合法啊",
                 "你一直说一样的话 我问的是催收打电话到我上班的地方 告诉我同事我老公欠钱 这合法吗"]:
        reply = live_bot.texts(s, text)
        assert SAID_ABOVE not in reply and "不合规" in reply and TOLD_OTHERS in reply, (text, reply)

    # #8: her complaint
    written = live_bot.texts(s, "帮我写投诉 用我自己的名字 我叫李秀梅 是3月12号下午打到我单位的 对我同事说我老公欠建行钱不还")
    assert "投诉书写好了" in written, written

    # #11, #12 as in the trial (#9, #10, the complainant's name, are complaint10's)
    live_bot.texts(s, "算了 那我老公这个卡会不会影响我们孩子以后考公务员")
    live_bot.texts(s, "我怎么才能让他们不打我电话了")

    # #13: the threat to come to her home and tell her mother-in-law
    threat = live_bot.texts(s, "他们说如果我不帮他还就要去我家里找我 还要告诉我婆婆 这算威胁吗")
    assert SAID_ABOVE not in threat, threat
    assert threat.startswith("算违规") and "不得向家人" in threat and "12378" in threat and "110" in threat, threat

    # #14: add it to her complaint: the complaint edit, not a legal question without a basis
    added = live_bot.texts(s, "他们说要去我家找我 还要告诉我婆婆他欠钱 这个能投诉吗 能不能加到我的投诉里")
    assert NOT_COVERED not in added, added
    assert "现在共" in added, added  # the edit's reply: the complaint's items, to check

    # #17: money partly spent on the family → joint debt, her husband as 他 (#18: 「她自己花的」)
    joint = live_bot.texts(s, "我老公说那钱有一部分是给家里买东西了 那我是不是也得还")
    assert "晚还一两天" not in joint, joint
    assert "夫妻共同债务" in joint and "他自己花的" in joint and "她自己花的" not in joint, joint
