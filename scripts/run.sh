#!/usr/bin/env bash
# Starts the action server and the Rasa server on the embedded defaults, prints the URLs and stops both
# on Ctrl-C. Called by `make run` after install and train.
# Both servers start through bot/serve.py: log masking from the first line, request size limits, umask 077,
# Rasa's HTTP API off (KAYOU_ENABLE_API=1 + KAYOU_API_TOKEN: on, loopback only), action server on loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
umask 077  # the logs this script creates and everything under var/: service account only

RASA_PORT=${RASA_PORT:-5005}
ACTION_PORT=${ACTION_PORT:-5055}
HOST=${KAYOU_HOST:-127.0.0.1}
export ACTION_HOST=${ACTION_HOST:-127.0.0.1}
export KAYOU_VAR_DIR=${KAYOU_VAR_DIR:-$PWD/var}
export ACTION_SERVER_URL=${ACTION_SERVER_URL:-http://127.0.0.1:$ACTION_PORT/webhook}
export RASA_TELEMETRY_ENABLED=false SQLALCHEMY_SILENCE_UBER_WARNING=1 TF_CPP_MIN_LOG_LEVEL=2
mkdir -p "$KAYOU_VAR_DIR"

port_free() {
  .venv/bin/python - "$1" "$2" <<'PY'
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind((sys.argv[2], int(sys.argv[1])))
except OSError:
    sys.exit(1)
PY
}
for hp in "$HOST:$RASA_PORT" "$ACTION_HOST:$ACTION_PORT"; do
  h=${hp%:*} p=${hp##*:}
  if ! port_free "$p" "$h"; then
    echo "error: port $p on $h is already in use. Stop what uses it (e.g. 'ss -ltnp | grep :$p') or choose other ports: RASA_PORT=5006 ACTION_PORT=5056 make run" >&2
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

.venv/bin/python -m bot.serve actions --actions actions --port "$ACTION_PORT" >"$KAYOU_VAR_DIR/actions.log" 2>&1 &
pids+=($!)
.venv/bin/python -m bot.serve rasa --model models/kayou.tar.gz -i "$HOST" --port "$RASA_PORT" \
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
  if curl -fsS "http://$HOST:$RASA_PORT/" >/dev/null 2>&1 && curl -fsS "http://$ACTION_HOST:$ACTION_PORT/health" >/dev/null 2>&1; then
    break
  fi
  sleep 1
done

case "${KAYOU_ENABLE_API:-0}" in
  1|true|yes|on) API="http://$HOST:$RASA_PORT/conversations/{sender}/tracker?token=\$KAYOU_API_TOKEN (loopback only)" ;;
  *) API="off (KAYOU_ENABLE_API=1 with KAYOU_API_TOKEN switches it on, loopback only)" ;;
esac
cat <<MSG

卡友助手 is running.
  REST channel     POST http://$HOST:$RASA_PORT/webhooks/rest/webhook   {"sender": "me", "message": "你好"}
  Web chat widget  http://$HOST:$RASA_PORT/webhooks/widget/
  Staff console    http://$HOST:$RASA_PORT/webhooks/console/
  WeChat webhook   http://$HOST:$RASA_PORT/webhooks/wechat/webhook   (needs WECHAT_TOKEN)
  Rasa HTTP API    $API
  Action server    http://$ACTION_HOST:$ACTION_PORT/webhook   (called by the Rasa server only)
Press Ctrl-C to stop both.
MSG
wait -n "${pids[@]}" || true
echo "a server stopped; see $KAYOU_VAR_DIR/rasa.out and $KAYOU_VAR_DIR/actions.log" >&2
