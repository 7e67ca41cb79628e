"""bot/serve.py: the launcher's policy for Rasa's command line, the bounded inflate, the process set-up."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
import zlib

import pytest

from bot import serve
from bot.config import PROJECT_ROOT, Settings

TOKEN = "t" * serve.MIN_API_TOKEN_LENGTH


def cfg(monkeypatch, **env: str) -> Settings:
    for name in ("KAYOU_ENABLE_API", "KAYOU_API_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return Settings()


BASE = ["--model", "models/kayou.tar.gz", "--port", "5005", "--credentials", "credentials.yml"]


def test_default_is_loopback_without_api(monkeypatch):
    argv = serve.rasa_argv(BASE, cfg(monkeypatch))
    assert argv == ["run", "-i", "127.0.0.1", *BASE]
    assert "--enable-api" not in argv and "--cors" not in argv


def test_an_explicit_interface_is_kept_when_the_api_is_off(monkeypatch):
    for form in (["-i", "0.0.0.0"], ["--interface", "0.0.0.0"], ["--interface=0.0.0.0"]):
        argv = serve.rasa_argv([*BASE, *form], cfg(monkeypatch))
        assert argv == ["run", *BASE, *form]


def test_leading_run_is_accepted_and_actions_refused(monkeypatch):
    assert serve.rasa_argv(["run", *BASE], cfg(monkeypatch)) == serve.rasa_argv(BASE, cfg(monkeypatch))
    with pytest.raises(serve.StartRefused, match="bot.serve actions"):
        serve.rasa_argv(["run", "actions"], cfg(monkeypatch))


@pytest.mark.parametrize("args", [["--enable-api"], ["--auth-token", TOKEN], [f"--auth-token={TOKEN}"]])
def test_api_flags_on_the_command_line_are_refused(monkeypatch, args):
    with pytest.raises(serve.StartRefused, match="KAYOU_API_TOKEN"):
        serve.rasa_argv([*BASE, *args], cfg(monkeypatch, KAYOU_ENABLE_API="1", KAYOU_API_TOKEN=TOKEN))


@pytest.mark.parametrize("args", [["--cors", "*"], ["--cors=*"], ["--cors", "https://bank.example", "*"],
                                  ["--cors", "https://*.example"]])
def test_wildcard_cors_is_refused(monkeypatch, args):
    with pytest.raises(serve.StartRefused, match="cors"):
        serve.rasa_argv([*BASE, *args], cfg(monkeypatch))


def test_named_cors_origins_pass_and_end_at_the_next_option(monkeypatch):
    args = [*BASE, "--cors", "https://bank.example", "--debug", "*.tar.gz"]
    assert serve.rasa_argv(args, cfg(monkeypatch))[-4:] == ["--cors", "https://bank.example", "--debug", "*.tar.gz"]


def test_api_on_adds_the_token_on_loopback(monkeypatch):
    argv = serve.rasa_argv(BASE, cfg(monkeypatch, KAYOU_ENABLE_API="1", KAYOU_API_TOKEN=TOKEN))
    assert argv == ["run", "-i", "127.0.0.1", *BASE, "--enable-api", "--auth-token", TOKEN]


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost"])
def test_api_on_accepts_every_loopback_interface(monkeypatch, host):
    argv = serve.rasa_argv([*BASE, "-i", host], cfg(monkeypatch, KAYOU_ENABLE_API="yes", KAYOU_API_TOKEN=TOKEN))
    assert argv[-3:] == ["--enable-api", "--auth-token", TOKEN]


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "10.1.2.3", "192.168.0.5", "bot.example.com", "128.0.0.1"])
def test_api_on_refuses_other_interfaces(monkeypatch, host):
    with pytest.raises(serve.StartRefused, match="loopback only"):
        serve.rasa_argv([*BASE, "--interface", host], cfg(monkeypatch, KAYOU_ENABLE_API="1", KAYOU_API_TOKEN=TOKEN))


@pytest.mark.parametrize("token", [None, "", "x" * (serve.MIN_API_TOKEN_LENGTH - 1), " " + "x" * 40, "x" * 40 + "\n"])
def test_api_on_refuses_a_missing_or_short_token(monkeypatch, token):
    env = {"KAYOU_ENABLE_API": "1"} if token is None else {"KAYOU_ENABLE_API": "1", "KAYOU_API_TOKEN": token}
    with pytest.raises(serve.StartRefused, match="at least 32 characters"):
        serve.rasa_argv(BASE, cfg(monkeypatch, **env))


def test_api_switch_values(monkeypatch):
    assert cfg(monkeypatch, KAYOU_ENABLE_API="0").enable_api is False
    assert cfg(monkeypatch).enable_api is False
    assert cfg(monkeypatch, KAYOU_ENABLE_API="true").enable_api is True
    with pytest.raises(ValueError, match="KAYOU_ENABLE_API must be 1 or 0"):
        cfg(monkeypatch, KAYOU_ENABLE_API="2")


def test_option_without_value_is_refused(monkeypatch):
    with pytest.raises(serve.StartRefused, match="-i needs a value"):
        serve.rasa_argv([*BASE, "-i"], cfg(monkeypatch))


def test_main_usage_and_refusals_exit_2(monkeypatch, capsys):
    assert serve.main([]) == 2
    assert "usage" in capsys.readouterr().err
    monkeypatch.setenv("KAYOU_ENABLE_API", "1")
    monkeypatch.setenv("KAYOU_API_TOKEN", "short")
    assert serve.main(["rasa", *BASE]) == 2
    assert capsys.readouterr().err.startswith("error: KAYOU_ENABLE_API=1 needs KAYOU_API_TOKEN")
    monkeypatch.setenv("KAYOU_ENABLE_API", "maybe")
    assert serve.main(["rasa", *BASE]) == 2
    assert "KAYOU_ENABLE_API must be 1 or 0" in capsys.readouterr().err


def test_limits_from_the_environment(monkeypatch):
    monkeypatch.delenv("KAYOU_MAX_REQUEST_BYTES", raising=False)
    monkeypatch.delenv("ACTION_MAX_REQUEST_BYTES", raising=False)
    monkeypatch.delenv("ACTION_HOST", raising=False)
    s = Settings()
    assert (s.max_request_bytes, s.action_max_request_bytes, s.action_host) == (1 << 20, 16 << 20, "127.0.0.1")
    monkeypatch.setenv("KAYOU_MAX_REQUEST_BYTES", "2048")
    monkeypatch.setenv("ACTION_HOST", "10.0.0.7")
    assert (Settings().max_request_bytes, Settings().action_host) == (2048, "10.0.0.7")


# --- inflate ----------------------------------------------------------------------------------


def test_inflate_within_the_limit_returns_the_body():
    body = b'{"next_action": "action_x"}' * 10
    assert serve.inflate_limited(zlib.compress(body), len(body)) == body


def test_inflate_one_byte_over_the_limit_is_refused():
    body = b"a" * 1001
    with pytest.raises(serve.BodyTooLarge, match="1000 bytes"):
        serve.inflate_limited(zlib.compress(body), 1000)


def test_a_deflate_bomb_is_refused_without_inflating_it():
    bomb = zlib.compress(b" " * (256 << 20), 9)  # 256 MiB of spaces in ~250 KB
    started = time.perf_counter()
    with pytest.raises(serve.BodyTooLarge):
        serve.inflate_limited(bomb, 1 << 20)
    # inflating the whole 256 MiB takes ~0.5 s and 256 MiB; stopping at the limit takes milliseconds
    assert time.perf_counter() - started < 0.2


def test_garbage_is_not_a_deflate_body():
    with pytest.raises(ValueError, match="not a deflate body"):
        serve.inflate_limited(b"not compressed at all", 1000)


# --- the process set-up, in a fresh interpreter ---------------------------------------------


def test_prepare_process_masks_logs_before_any_channel_sets_umask_and_the_body_limit(tmp_path):
    script = textwrap.dedent("""
        import logging, os, sys
        from bot import serve
        serve.prepare_process(4096)
        logging.basicConfig(level=logging.INFO, stream=sys.stdout, format="%(name)s %(message)s")
        logging.getLogger("rasa.core.x").warning("phone %s id 11010519491231002X card 6222021234567894",
                                                 "13812345678")
        assert not any(m.startswith("bot.channels") for m in sys.modules), "a channel was imported"
        open(sys.argv[1] + "/f.db", "w").close()
        os.mkdir(sys.argv[1] + "/d")
        from sanic import Sanic
        print("max", Sanic("probe").config.REQUEST_MAX_SIZE)
    """)
    env = dict(os.environ, PYTHONPATH=str(PROJECT_ROOT))
    env.pop("SANIC_REQUEST_MAX_SIZE", None)
    out = subprocess.run([sys.executable, "-c", script, str(tmp_path)], cwd=PROJECT_ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "13812345678" not in out.stdout and "11010519491231002X" not in out.stdout
    assert "6222021234567894" not in out.stdout
    assert "phone ****5678 id ****002X card ****7894" in out.stdout
    assert "max 4096" in out.stdout
    assert (tmp_path / "f.db").stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "d").stat().st_mode & 0o777 == 0o700


def test_run_rasa_hands_rasa_the_checked_command_line_after_the_set_up(monkeypatch, tmp_path):
    """run_rasa calls Rasa's own CLI in this process (same pid, signals, CPU accounting) with our argv."""
    import types

    seen = {}

    def fake_main():
        seen["argv"] = list(sys.argv)
        seen["max"] = os.environ.get("SANIC_REQUEST_MAX_SIZE")
        (tmp_path / "probe").write_text("x")

    monkeypatch.setitem(sys.modules, "rasa.__main__", types.SimpleNamespace(main=fake_main))
    monkeypatch.setattr(sys, "argv", ["python"])
    monkeypatch.setenv("KAYOU_ENABLE_API", "1")
    monkeypatch.setenv("KAYOU_API_TOKEN", TOKEN)
    monkeypatch.setenv("KAYOU_MAX_REQUEST_BYTES", "5000")
    monkeypatch.delenv("SANIC_REQUEST_MAX_SIZE", raising=False)
    old_umask = os.umask(0o022)
    try:
        assert serve.main(["rasa", *BASE]) == 0
    finally:
        os.umask(old_umask)
    assert seen["argv"] == ["rasa", "run", "-i", "127.0.0.1", *BASE, "--enable-api", "--auth-token", TOKEN]
    assert seen["max"] == "5000"
    assert (tmp_path / "probe").stat().st_mode & 0o777 == 0o600


def test_enable_api_with_a_value_is_refused_too(monkeypatch):
    with pytest.raises(serve.StartRefused, match="not with --enable-api"):
        serve.rasa_argv([*BASE, "--enable-api=true"], cfg(monkeypatch))
