"""Starting real servers for the end-to-end tests: `rasa run actions` and `rasa run` over HTTP.

Both start through bot/serve.py, as `make run` does. The Rasa server has its HTTP API switched on
(KAYOU_ENABLE_API=1) on 127.0.0.1 with a random token per server (`Server.api_token`): read trackers
only through `LiveBot.tracker(...)` / `Server.tracker(...)`, which pass it.
"""
from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

from tests.e2e import settings as e2e_settings

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
MODEL = ROOT / "models" / "kayou.tar.gz"
START_TIMEOUT_S = 240


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ensure_model() -> Path:
    """Trains through `make train` (which retrains only when data, domain or config changed)."""
    subprocess.run(["make", "--no-print-directory", "train"], cwd=ROOT, check=True)
    assert MODEL.exists(), "make train did not produce models/kayou.tar.gz"
    return MODEL


def base_env(var_dir: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        RASA_TELEMETRY_ENABLED="false",
        SQLALCHEMY_SILENCE_UBER_WARNING="1",
        TF_CPP_MIN_LOG_LEVEL="2",
        KAYOU_VAR_DIR=str(var_dir),
        WECHAT_TOKEN=e2e_settings.WECHAT_TOKEN,
        WECHAT_APP_ID=e2e_settings.WECHAT_APP_ID,
        WECHAT_AES_KEY=e2e_settings.WECHAT_AES_KEY,
        WECHAT_APP_SECRET=e2e_settings.WECHAT_APP_SECRET,
        WECHAT_API_BASE=f"http://127.0.0.1:{e2e_settings.WECHAT_API_PORT}",
        WECHAT_REPLY_TIMEOUT="4.5",
        KAYOU_STAFF_USER=e2e_settings.STAFF_USER,
        KAYOU_STAFF_PASSWORD=e2e_settings.STAFF_PASSWORD,
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


@dataclass
class Server:
    name: str
    args: list[str]
    env: dict[str, str]
    health_url: str
    log_path: Path
    proc: subprocess.Popen | None = None
    api_token: str | None = None  # Rasa's --auth-token (the Rasa server only)

    @property
    def url(self) -> str:
        return self.health_url.rsplit("/", 1)[0]

    def api_get(self, path: str, timeout: float = 10) -> requests.Response:
        """GET on Rasa's HTTP API with this server's token."""
        return requests.get(f"{self.url}{path}", params={"token": self.api_token}, timeout=timeout)

    def tracker(self, conversation_id: str) -> dict:
        """The tracker of one conversation id, exactly as stored (no channel prefix added)."""
        r = self.api_get(f"/conversations/{conversation_id}/tracker")
        r.raise_for_status()
        return r.json()

    def start(self) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "ab")  # noqa: SIM115 — kept open for the child's lifetime
        self.proc = subprocess.Popen(self.args, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)

    def wait_ready(self, timeout: float = START_TIMEOUT_S) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited ({self.proc.returncode}):\n{self.tail()}")
            try:
                if requests.get(self.health_url, timeout=2).ok:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"{self.name} not ready after {timeout} s:\n{self.tail()}")

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def action_server(var_dir: Path, port: int | None = None, **env: str) -> Server:
    port = port or free_port()
    return Server(
        name="action server",
        args=[sys.executable, "-m", "bot.serve", "actions", "--actions", "actions", "--port", str(port)],
        env=base_env(var_dir, **env),
        health_url=f"http://127.0.0.1:{port}/health",
        log_path=var_dir / f"actions-{port}.log",
    )


def rasa_server(var_dir: Path, action_url: str, port: int | None = None, debug: bool = True, **env: str) -> Server:
    """`debug`: Rasa's debug log into a file (the tests grep it); benchmarks switch it off."""
    port = port or free_port()
    log = var_dir / f"rasa-{port}.log"
    debug_args = ["--log-file", str(var_dir / f"rasa-{port}.debug.log"), "--debug"] if debug else []
    # the API on, with a fresh token; a test may override both (e.g. KAYOU_ENABLE_API="0")
    env = {"KAYOU_ENABLE_API": "1", "KAYOU_API_TOKEN": secrets.token_hex(24), **env}
    token = env["KAYOU_API_TOKEN"] if env["KAYOU_ENABLE_API"] == "1" else None
    return Server(
        name="rasa server",
        args=[
            sys.executable, "-m", "bot.serve", "rasa", "--model", str(MODEL),
            "-i", "127.0.0.1", "--port", str(port),
            "--credentials", "credentials.yml", "--endpoints", "endpoints.yml", *debug_args,
        ],
        env=base_env(var_dir, ACTION_SERVER_URL=action_url, **env),
        # `/` is open and answers once the model is loaded (Rasa loads it before it listens)
        health_url=f"http://127.0.0.1:{port}/",
        log_path=log,
        api_token=token,
    )


@dataclass
class LiveBot:
    """A running action server + Rasa server pair."""

    var_dir: Path
    actions: Server
    rasa: Server
    extra: dict = field(default_factory=dict)

    @property
    def url(self) -> str:
        return self.rasa.url

    @property
    def api_token(self) -> str:
        assert self.rasa.api_token, "this Rasa server was started without its API"
        return self.rasa.api_token

    @property
    def action_url(self) -> str:
        return self.actions.health_url.rsplit("/", 1)[0] + "/webhook"

    def say(self, sender: str, text: str, timeout: float = 30) -> list[dict]:
        r = requests.post(
            f"{self.url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=timeout
        )
        assert r.status_code == 200, (r.status_code, r.text)
        return r.json()

    def texts(self, sender: str, text: str) -> str:
        return "\n".join(m.get("text", "") for m in self.say(sender, text))

    def tracker(self, sender: str, channel: str = "rest") -> dict:
        """The tracker of `sender`'s conversation on `channel`: Rasa's id is "<channel>:<sender>"."""
        return self.rasa.tracker(f"{channel}:{sender}")

    def start(self) -> LiveBot:
        self.actions.start()
        self.rasa.start()
        self.actions.wait_ready()
        self.rasa.wait_ready()
        return self

    def stop(self) -> None:
        self.rasa.stop()
        self.actions.stop()


def start_live_bot(var_dir: Path, debug: bool = True, **env: str) -> LiveBot:
    ensure_model()
    port = free_port()
    # document links are absolute (issue 23): they must point at this very server unless a test says otherwise
    env = {"KAYOU_PUBLIC_URL": f"http://127.0.0.1:{port}", **env}
    actions = action_server(var_dir, **env)
    action_url = actions.health_url.rsplit("/", 1)[0] + "/webhook"
    rasa = rasa_server(var_dir, action_url, port=port, debug=debug, **env)
    return LiveBot(var_dir=var_dir, actions=actions, rasa=rasa).start()
