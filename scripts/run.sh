#!/usr/bin/env bash
# Starts the action server and the Rasa server on the embedded defaults, prints the URLs and stops both
# on Ctrl-C. Called by `make run` after install and train.
set -euo pipefail
cd "$(dirname "$0")/.."

RASA_PORT=${RASA_PORT:-5005}
ACTION_PORT=${ACTION_PORT:-5055}
HOST=${KAYOU_HOST:-127.0.0.1}
export KAYOU_VAR_DIR=${KAYOU_VAR_DIR:-$PWD/var}
export ACTION_SERVER_URL=${ACTION_SERVER_URL:-http://127.0.0.1:$ACTION_PORT/webhook}
export RASA_TELEMETRY_ENABLED=false SQLALCHEMY_SILENCE_UBER_WARNING=1 TF_CPP_MIN_LOG_LEVEL=2
mkdir -p "$KAYOU_VAR_DIR"

port_free() {
  .venv/bin/python - "$1" "$HOST" <<'PY'
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind((sys.argv[2], int(sys.argv[1])))
except OSError:
    sys.exit(1)
PY
}
for p in "$RASA_PORT" "$ACTION_PORT"; do
  if ! port_free "$p"; then
    echo "error: port $p on $HOST is already in use. Stop what uses it (e.g. 'ss -ltnp | grep :$p') or choose other ports: RASA_PORT=5006 ACTION_PORT=5056 make run" >&2
    exit 1
  fi
done

pids=()
cleanup() {
  trap - INT TERM EXIT
  echo; echo "stopping…"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  echo "stopped."
}
trap cleanup INT TERM EXIT

.venv/bin/rasa run actions --actions actions --port "$ACTION_PORT" >"$KAYOU_VAR_DIR/actions.log" 2>&1 &
pids+=($!)
.venv/bin/rasa run --model models/kayou.tar.gz --enable-api --cors "*" -i "$HOST" --port "$RASA_PORT" \
  --credentials credentials.yml --endpoints endpoints.yml --log-file "$KAYOU_VAR_DIR/rasa.log" \
  >"$KAYOU_VAR_DIR/rasa.out" 2>&1 &
pids+=($!)

echo "starting (about 40 s)… logs: $KAYOU_VAR_DIR/rasa.log, $KAYOU_VAR_DIR/actions.log"
for _ in $(seq 1 180); do
  for pid in "${pids[@]}"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "error: a server exited during start-up; see $KAYOU_VAR_DIR/rasa.out and $KAYOU_VAR_DIR/actions.log" >&2
      tail -n 20 "$KAYOU_VAR_DIR/rasa.out" "$KAYOU_VAR_DIR/actions.log" >&2 || true
      exit 1
    fi
  done
  if curl -fsS "http://$HOST:$RASA_PORT/status" >/dev/null 2>&1 && curl -fsS "http://127.0.0.1:$ACTION_PORT/health" >/dev/null 2>&1; then
    break
  fi
  sleep 1
done

cat <<MSG

卡友助手 is running.
  REST channel     POST http://$HOST:$RASA_PORT/webhooks/rest/webhook   {"sender": "me", "message": "你好"}
  Web chat widget  http://$HOST:$RASA_PORT/webhooks/widget/
  Staff console    http://$HOST:$RASA_PORT/webhooks/console/
  WeChat webhook   http://$HOST:$RASA_PORT/webhooks/wechat/webhook   (needs WECHAT_TOKEN)
  Tracker API      http://$HOST:$RASA_PORT/conversations/{sender}/tracker
  Action server    http://127.0.0.1:$ACTION_PORT/webhook
Press Ctrl-C to stop both.
MSG
wait -n "${pids[@]}" || true
echo "a server stopped; see $KAYOU_VAR_DIR/rasa.out and $KAYOU_VAR_DIR/actions.log" >&2
