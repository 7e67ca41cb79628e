#!/bin/bash
# usage: say.sh N "message"
id=$1; shift
f=$(mktemp); printf '%s\n' "$*" > $f
echo ">>> $*" >> /tmp/trials-s7/raw-L/L$id.log
python3 /work/shared/tools/chat.py --url http://127.0.0.1:5900 --sender l-s7-L$id $f 2>&1 | tee -a /tmp/trials-s7/raw-L/L$id.log
rm $f
