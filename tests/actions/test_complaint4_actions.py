"""complaint4 (persona trial H2, 7 December): an edit of the complaint over REST answers with what changed and the
new list in a few words — never the whole reply again (342–401 字 after each of three edits)."""
from __future__ import annotations

import pytest

EARLIER = ["我收到一条短信说要上门 我是学生", "帮我写个投诉"]


def _tracker(make_tracker, text: str):
    tracker = make_tracker(text=text, intent="request_collection_complaint")
    earlier = [{"event": "user", "text": t, "parse_data": {"intent": {"name": "inform"}}} for t in EARLIER]
    earlier.append({"event": "action", "name": "action_collection_complaint"})
    tracker.events[:0] = earlier
    return tracker


@pytest.mark.asyncio
async def test_an_item_added_gets_the_change_the_new_link_and_the_short_list(make_tracker, dispatcher, domain):
    from actions.scripts import ActionCollectionComplaint
    from tests.actions.conftest import opened

    await ActionCollectionComplaint().run(dispatcher, _tracker(make_tracker, "催收发短信说要通知我学校辅导员"), domain)
    messages = opened(dispatcher)
    texts = [m.get("text") or "" for m in messages]
    assert texts[0].startswith("投诉书已改：加上“催收人员扬言要把欠款的事告诉他人”一条"), texts
    assert not any(m.get("response") == "utter_complaint_next" for m in messages), messages
    short = messages[-1]
    assert short["text"].startswith("现在共2项：催收人员扬言要把欠款的事告诉他人；催收人员说要上门。"), short
    assert "这些内容会以您的名义写进投诉书，请核对" in short["text"] and short.get("buttons")
    assert len(messages) <= 3
    # the words said to the person, without the link's address
    said = "".join(t for t in texts if "http" not in t)
    assert len(said) <= 160, (len(said), said)


@pytest.mark.asyncio
async def test_an_edit_that_changes_nothing_gets_one_line_and_the_list_no_new_link(make_tracker, dispatcher, domain):
    from actions.scripts import ActionCollectionComplaint
    from tests.actions.conftest import opened

    await ActionCollectionComplaint().run(dispatcher, _tracker(make_tracker, "第五条删掉"), domain)
    messages = opened(dispatcher)
    texts = [m.get("text") or "" for m in messages]
    assert texts[0].startswith(("投诉书没有改动", "投诉书里已经是这样写的")), texts
    assert not any("http" in t for t in texts) and len(messages) == 2, messages
    assert texts[1].startswith("现在共1项：催收人员说要上门。"), texts
