#!/usr/bin/env python3
"""run.py ID [lines-file|-m msg...]: send messages as sender s5-ID-<suffix>, append to out/ID.txt and out/ID.jsonl"""
import json, sys, time, urllib.request, re, os
URL="http://127.0.0.1:5900"
def send(sender, text):
    body=json.dumps({"sender":sender,"message":text},ensure_ascii=False).encode()
    req=urllib.request.Request(URL+"/webhooks/rest/webhook",data=body,method="POST",headers={"Content-Type":"application/json"})
    t=time.time()
    with urllib.request.urlopen(req,timeout=120) as r: return json.loads(r.read() or b"[]"), time.time()-t
pid=sys.argv[1]; args=sys.argv[2:]
sender_file=f"out/{pid}.sender"
if os.path.exists(sender_file): sender=open(sender_file).read().strip()
else:
    sender=f"s5-{pid}-{int(time.time())%100000}"; open(sender_file,"w").write(sender)
if args and args[0]=="-m": msgs=args[1:]
else: msgs=[l for l in open(args[0] if args else f"cases/{pid}.txt",encoding="utf-8").read().splitlines() if l.strip()]
out=open(f"out/{pid}.txt","a"); js=open(f"out/{pid}.jsonl","a")
for m in msgs:
    rep,dt=send(sender,m)
    s=f"> {m}\n"
    for i,b in enumerate(rep):
        s+=f"  [{i+1}] {b.get('text') or ''}\n"
        for bt in b.get("buttons") or []: s+=f"      [{bt.get('title')} -> {bt.get('payload')}]\n"
        if b.get("custom"):
            c=b["custom"]; s+=f"      custom: {json.dumps({k:v for k,v in c.items() if k not in ('schedule','letter','documents','comparison')},ensure_ascii=False)[:600]}\n"
            for d in c.get("documents") or []: s+=f"      doc: {d.get('title')} {d.get('format')} {d.get('url')}\n"
    s+=f"  -- {len(rep)} bubbles {dt:.1f}s\n"
    out.write(s); out.flush(); js.write(json.dumps({"in":m,"out":rep},ensure_ascii=False)+"\n"); js.flush()
    print(s,end="")
