"""Issue 23 (truth2) over REST against a real `rasa run` + action server: 「查看全文」 typed works like the button,
and a principal said apart from what is owed (「本金3万 现在欠3万4」) is recorded and named in the letter."""
from __future__ import annotations

import uuid


def sender() -> str:
    return f"e2e-truth2-{uuid.uuid4().hex[:10]}"


def test_principal_and_owed_reach_the_letter_and_typed_full_text_shows_it(live_bot):
    s = sender()
    live_bot.texts(s, "帮我写个协商还款的申请")
    live_bot.texts(s, "招行本金3万 现在欠3万4")
    live_bot.texts(s, "月收入5000")
    live_bot.texts(s, "每月必要开支3000")
    live_bot.texts(s, "每月最多能还1000")
    summary = live_bot.texts(s, "我生病住院了")
    assert "招商银行：欠款34,000.00元（您说的数，其中本金30,000.00元，以银行账务为准）" in summary, summary

    messages = live_bot.say(s, "确认")
    texts = "\n".join(m.get("text", "") for m in messages)
    assert "个性化分期还款申请书" not in texts  # the letter is not pasted unasked (item 19)
    custom = next(m["custom"] for m in messages if "custom" in m)

    for typed in ("看全文", "查看全文"):
        letter = "\n".join(m.get("text", "") for m in live_bot.say(s, typed))
        assert letter.startswith("个性化分期还款申请书"), (typed, letter[:200])
        assert letter == custom["letter"].strip()
        flat = "".join(letter.split())
        assert "约人民币34,000.00元（以贵行账务为准）" in flat and "透支本金约30,000.00元" in flat
        assert "本人患病住院。" in flat
