"""`make run`'s start script: URLs printed, a reply to 你好, Ctrl-C stops everything, busy ports explained;
and what it exposes (issue 14): Rasa's HTTP API closed, no CORS, both servers on loopback only, body
limits, bounded deflate, masked logs, private files. Everything here runs against scripts/run.sh itself.
"""
from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from tests.e2e.servers import ROOT, ensure_model, free_port

EVIL = "https://evil.example"


def port_open(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def listening_addresses(port: int) -> set[str]:
    """Local addresses with a listening TCP socket on `port`, from /proc/net/tcp{,6} (no `ss` needed)."""
    found: set[str] = set()
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            local, state = fields[1], fields[3]
            addr_hex, port_hex = local.split(":")
            if state != "0A" or int(port_hex, 16) != port:
                continue
            raw = bytes.fromhex(addr_hex)
            # the kernel prints each 32-bit word in host (little-endian) order
            words = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
            family = socket.AF_INET if width == 8 else socket.AF_INET6
            found.add(socket.inet_ntop(family, words))
    return found


def outside_address() -> str | None:
    """This machine's address on its default route (no packet is sent), or None without one."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.1", 9))
        except OSError:
            return None
        address = s.getsockname()[0]
    return None if address.startswith("127.") else address


def raw_http(port: int, head: str, body: bytes = b"", read_timeout: float = 10) -> tuple[int, bytes]:
    """One request over a plain socket (headers exactly as given); the status code and the response."""
    with socket.create_connection(("127.0.0.1", port), timeout=read_timeout) as s:
        s.sendall(head.replace("\n", "\r\n").encode() + b"\r\n" + body)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    return int(data.split(b" ", 2)[1]), data


@dataclass
class Running:
    rasa_port: int
    action_port: int
    var_dir: Path
    printed: str

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"


@contextmanager
def run_script(tmp_path: Path, **env: str) -> Iterator[Running]:
    ensure_model()
    rasa_port, action_port = free_port(), free_port()
    var_dir = tmp_path / "var"
    full_env = dict(os.environ, RASA_PORT=str(rasa_port), ACTION_PORT=str(action_port), KAYOU_VAR_DIR=str(var_dir))
    for name in ("KAYOU_ENABLE_API", "KAYOU_API_TOKEN", "KAYOU_HOST", "ACTION_HOST"):
        full_env.pop(name, None)
    full_env.update(env)
    out = tmp_path / "run.out"
    with open(out, "wb") as log:
        proc = subprocess.Popen(["scripts/run.sh"], cwd=ROOT, env=full_env, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
    try:
        deadline = time.monotonic() + 240
        while "Press Ctrl-C" not in out.read_text() and time.monotonic() < deadline:
            assert proc.poll() is None, out.read_text()
            time.sleep(1)
        yield Running(rasa_port, action_port, var_dir, out.read_text())
    finally:
        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole foreground group
        proc.wait(timeout=60)
    time.sleep(1)
    assert not port_open(rasa_port) and not port_open(action_port)
    leftovers = subprocess.run(["pgrep", "-f", f"--port {rasa_port}"], capture_output=True, text=True)
    assert leftovers.stdout.strip() == "", leftovers.stdout
    assert "stopped." in out.read_text()


def assert_loopback_only(port: int) -> None:
    addresses = listening_addresses(port)
    assert addresses == {"127.0.0.1"}, addresses
    outside = outside_address()
    if outside is not None:
        with socket.socket() as s:
            s.settimeout(3)
            assert s.connect_ex((outside, port)) != 0, f"port {port} answers on {outside}"


def test_run_script_serves_exposes_nothing_else_and_stops_cleanly_on_ctrl_c(tmp_path):
    with run_script(tmp_path) as run:
        printed = run.printed
        assert f"http://127.0.0.1:{run.rasa_port}/webhooks/rest/webhook" in printed
        assert f"http://127.0.0.1:{run.rasa_port}/webhooks/widget/" in printed
        assert f"http://127.0.0.1:{run.action_port}/webhook" in printed
        assert "Rasa HTTP API    off" in printed and "/conversations/" not in printed
        r = requests.post(f"{run.url}/webhooks/rest/webhook",
                          json={"sender": "make-run", "message": "你好"}, timeout=30)
        assert "卡友助手" in r.json()[0]["text"]

        # the API: no tracker, no model swap, no training, no status
        refused = {
            "GET tracker": requests.get(f"{run.url}/conversations/make-run/tracker", timeout=10),
            "DELETE /model": requests.delete(f"{run.url}/model", timeout=10),
            "PUT /model": requests.put(f"{run.url}/model", json={"model_file": "models/kayou.tar.gz"}, timeout=10),
            "POST /model/train": requests.post(f"{run.url}/model/train", data="version: '3.1'", timeout=10),
            "POST events": requests.post(f"{run.url}/conversations/make-run/tracker/events",
                                         json={"event": "slot", "name": "bank", "value": "x"}, timeout=10),
            "GET /status": requests.get(f"{run.url}/status", timeout=10),
        }
        assert {k: r.status_code for k, r in refused.items() if r.status_code not in (401, 403, 404)} == {}
        # the model is still there: the bot still answers
        assert "卡友助手" in requests.post(f"{run.url}/webhooks/rest/webhook",
                                          json={"sender": "make-run-2", "message": "你好"},
                                          timeout=30).json()[0]["text"]

        # no CORS for another site, on a simple request or a preflight
        simple = requests.post(f"{run.url}/webhooks/rest/webhook", json={"sender": "cors", "message": "你好"},
                               headers={"Origin": EVIL}, timeout=30)
        preflight = requests.options(f"{run.url}/webhooks/rest/webhook", timeout=10, headers={
            "Origin": EVIL, "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type"})
        for resp in (simple, preflight):
            assert "Access-Control-Allow-Origin" not in resp.headers, resp.headers
            assert "Access-Control-Allow-Credentials" not in resp.headers

        # both servers on loopback only, as printed
        assert_loopback_only(run.rasa_port)
        assert_loopback_only(run.action_port)

        # body limits: 1 MiB for the channels, 16 MiB for the action server (judged on Content-Length)
        code, _ = raw_http(run.rasa_port, "POST /webhooks/rest/webhook HTTP/1.1\nHost: x\n"
                           "Content-Type: application/json\nContent-Length: 1048577\n")
        assert code == 413
        code, _ = raw_http(run.action_port, "POST /webhook HTTP/1.1\nHost: x\n"
                           f"Content-Type: application/json\nContent-Length: {(16 << 20) + 1}\n")
        assert code == 413
        # a deflate bomb: 64 MiB of JSON in 64 KB, refused without inflating it
        bomb = zlib.compress(b'{"next_action": "' + b" " * (64 << 20) + b'"}', 9)
        started = time.monotonic()
        code, data = raw_http(run.action_port, "POST /webhook HTTP/1.1\nHost: x\nContent-Type: application/json\n"
                              f"Content-Encoding: deflate\nContent-Length: {len(bomb)}\n", bomb)
        assert code == 413 and b"inflated body exceeds" in data, data
        assert time.monotonic() - started < 5
        # a small deflate body still reaches rasa_sdk (the unknown action is its 404)
        small = zlib.compress(b'{"next_action": "action_13812345678", "tracker": {}, "domain": {}}')
        resp = requests.post(f"http://127.0.0.1:{run.action_port}/webhook", data=small, timeout=10,
                             headers={"Content-Encoding": "deflate", "Content-Type": "application/json"})
        assert resp.status_code == 404, resp.text
        assert requests.get(f"http://127.0.0.1:{run.action_port}/health", timeout=10).ok

    # the action server logged the unknown action name, with the phone number in it masked
    actions_log = (run.var_dir / "actions.log").read_text(errors="replace")
    assert "action_****5678" in actions_log and "13812345678" not in actions_log
    # everything under var/ (SQLite files, logs) for the service account only
    files = [p for p in run.var_dir.rglob("*")]
    assert {p.name for p in files} >= {"tracker.db", "rasa.log", "actions.log", "rasa.out"}
    assert {p.name: oct(p.stat().st_mode & 0o777) for p in [run.var_dir, *files]
            if p.stat().st_mode & 0o077} == {}


def test_api_switch_opens_it_on_loopback_behind_the_token(tmp_path):
    token = secrets.token_hex(32)
    with run_script(tmp_path, KAYOU_ENABLE_API="1", KAYOU_API_TOKEN=token) as run:
        assert "/conversations/{sender}/tracker?token=$KAYOU_API_TOKEN (loopback only)" in run.printed
        assert token not in run.printed
        requests.post(f"{run.url}/webhooks/rest/webhook", json={"sender": "api-on", "message": "你好"}, timeout=30)
        tracker = f"{run.url}/conversations/api-on/tracker"
        assert requests.get(tracker, timeout=10).status_code == 401
        assert requests.get(tracker, params={"token": token[:-1] + "x"}, timeout=10).status_code == 401
        assert requests.delete(f"{run.url}/model", timeout=10).status_code == 401
        assert requests.get(f"{run.url}/status", timeout=10).status_code == 401
        ok = requests.get(tracker, params={"token": token}, timeout=10)
        assert ok.status_code == 200 and ok.json()["events"]
        evil = requests.get(tracker, params={"token": token}, headers={"Origin": EVIL}, timeout=10)
        assert "Access-Control-Allow-Origin" not in evil.headers
        assert_loopback_only(run.rasa_port)
        # the token is on no command line (any local user can read /proc/*/cmdline)
        cmdlines = ""
        for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
            try:
                cmdlines += cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace") + "\n"
            except OSError:
                continue  # a process that ended meanwhile
        assert f"--port {run.rasa_port}" in cmdlines and token not in cmdlines
    for log in run.var_dir.glob("*"):
        assert token not in log.read_text(errors="replace"), log


@pytest.mark.parametrize(("env", "message"), [
    ({"KAYOU_ENABLE_API": "1"}, "needs KAYOU_API_TOKEN of at least 32 characters"),
    ({"KAYOU_ENABLE_API": "1", "KAYOU_API_TOKEN": "secret"}, "needs KAYOU_API_TOKEN of at least 32 characters"),
    ({"KAYOU_ENABLE_API": "1", "KAYOU_API_TOKEN": "k" * 40, "KAYOU_HOST": "0.0.0.0"}, "loopback only"),
])
def test_api_switch_refuses_to_start_without_a_token_or_off_loopback(tmp_path, env, message):
    full_env = dict(os.environ, RASA_PORT=str(free_port()), ACTION_PORT=str(free_port()),
                    KAYOU_VAR_DIR=str(tmp_path), **env)
    result = subprocess.run(["scripts/run.sh"], cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert message in result.stderr, result.stderr


def test_busy_port_gives_a_clear_message(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        env = dict(os.environ, RASA_PORT=str(port), ACTION_PORT=str(free_port()), KAYOU_VAR_DIR=str(tmp_path))
        result = subprocess.run(["scripts/run.sh"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert f"port {port}" in result.stderr and "already in use" in result.stderr
