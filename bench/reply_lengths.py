"""Whole-reply lengths over REST against a live bot (care4, persona trials of 2026-12-07): every intent's example
of bot/topics/registry.yml and the trial questions, in a fresh conversation and after a stored case; prints the
characters of each bubble and of the whole reply, then the longest replies.

Run from the repository root against a running bot (scripts/run.sh):
    .venv/bin/python bench/reply_lengths.py http://127.0.0.1:5005 > lengths.txt
"""
import json
import sys
import urllib.request
import uuid

import yaml

URL = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:5005"
reg = yaml.safe_load(open("bot/topics/registry.yml", encoding="utf-8"))
extra = ["先还浦发8千 其他两张慢慢还 会怎样", "会不会坐牢", "逾期了会怎么样", "利息多少", "违约金多少", "只还最低行不行",
         "会上征信吗", "催收天天打电话合法吗", "怎么投诉", "会被起诉吗", "怎么跟银行协商", "找中介停息挂账靠谱吗",
         "分12期每月多少", "还款日过了两天算逾期吗", "我打银行电话的时候该怎么说啊", "催收打电话来我怎么说",
         "现在还多少才不算逾期", "你存了我哪些信息", "会不会被限制出境", "人要是不在了 欠的债谁还"]
def send(sender, text):
    body = json.dumps({"sender": sender, "message": text}, ensure_ascii=False).encode()
    req = urllib.request.Request(URL + "/webhooks/rest/webhook", data=body, headers={"Content-Type": "application/json"})
    return json.loads(urllib.request.urlopen(req, timeout=90).read() or b"[]")
examples = [(i["name"], i.get("example")) for i in reg["intents"] if i.get("example") and i.get("question", True) is not False]
examples += [("extra", e) for e in extra]
rows = []
for ctx in ("fresh", "case"):
    for name, ex in examples:
        s = f"len-{uuid.uuid4().hex[:8]}"
        if ctx == "case":
            send(s, "我有三张卡 工行1万 建行2万8 浦发8千 都逾期40天" if name == "extra" and "浦发" in ex else "招行欠5万2 逾期60天 月收入4500")
        reply = send(s, ex)
        lens = [len(m.get("text") or "") for m in reply]
        rows.append((sum(lens), ctx, name, ex, lens))
        print(f"{sum(lens):5d} {lens[0] if lens else 0:5d} {ctx:5s} {name:28s} {ex} {lens}", flush=True)
rows.sort(reverse=True)
print("\nLONGEST")
for r in rows[:25]:
    print(r)
