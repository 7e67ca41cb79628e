"""`make run`'s start script: URLs printed, a reply to 你好, Ctrl-C stops everything, busy ports explained."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import time

import requests

from tests.e2e.servers import ROOT, ensure_model, free_port


def port_open(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def test_run_script_serves_and_stops_cleanly_on_ctrl_c(tmp_path):
    ensure_model()
    rasa_port, action_port = free_port(), free_port()
    env = dict(os.environ, RASA_PORT=str(rasa_port), ACTION_PORT=str(action_port), KAYOU_VAR_DIR=str(tmp_path))
    out = tmp_path / "run.out"
    with open(out, "wb") as log:
        proc = subprocess.Popen(["scripts/run.sh"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
    try:
        deadline = time.monotonic() + 240
        while "Press Ctrl-C" not in out.read_text() and time.monotonic() < deadline:
            assert proc.poll() is None, out.read_text()
            time.sleep(1)
        printed = out.read_text()
        assert f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook" in printed
        assert f"http://127.0.0.1:{rasa_port}/webhooks/widget/" in printed
        r = requests.post(f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook",
                          json={"sender": "make-run", "message": "你好"}, timeout=30)
        assert "卡友助手" in r.json()[0]["text"]
    finally:
        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole foreground group
        proc.wait(timeout=60)
    time.sleep(1)
    assert not port_open(rasa_port) and not port_open(action_port)
    leftovers = subprocess.run(["pgrep", "-f", f"--port {rasa_port}"], capture_output=True, text=True)
    assert leftovers.stdout.strip() == "", leftovers.stdout
    assert "stopped." in out.read_text()


def test_busy_port_gives_a_clear_message(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        env = dict(os.environ, RASA_PORT=str(port), ACTION_PORT=str(free_port()), KAYOU_VAR_DIR=str(tmp_path))
        result = subprocess.run(["scripts/run.sh"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert f"port {port}" in result.stderr and "already in use" in result.stderr
