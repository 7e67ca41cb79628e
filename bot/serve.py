"""Starting the two servers the safe way: ``python -m bot.serve rasa …`` and ``python -m bot.serve actions …``.

Before either server logs its first line, this process
- masks personal numbers in every log record (`bot.privacy.install_log_masking`, record factory
  included), whatever channels credentials.yml names: our REST channel also installs it, but only
  when Rasa imports it, after Rasa has already logged its start-up;
- sets umask 077, so the SQLite files and logs under KAYOU_VAR_DIR are readable by the service
  account only;
- caps request bodies (Sanic's REQUEST_MAX_SIZE, 100 MB by default): KAYOU_MAX_REQUEST_BYTES for
  the Rasa server, ACTION_MAX_REQUEST_BYTES for the action server (raw and inflated).

``rasa ARGS``: ARGS are those of ``rasa run`` (model, port, credentials, endpoints, logging). The
server listens on 127.0.0.1 unless ``-i`` says otherwise. Rasa's HTTP API (trackers, /model …) is
off; with KAYOU_ENABLE_API=1 it is switched on only on a loopback interface and only with
KAYOU_API_TOKEN (at least 32 characters) as Rasa's ``--auth-token``. The token is added inside this
process, so it never shows in ``ps``. Refused on the command line: ``--enable-api``,
``--auth-token`` (use the variables), and ``--cors *``.

``actions [--actions PKG] [--port N] [-v|-vv|--quiet] [--log-file F]``: rasa_sdk's action server on
ACTION_HOST (127.0.0.1) without CORS; a deflate body is inflated at most to the limit, a bigger one
is refused with 413 (rasa_sdk 3.6 itself calls ``zlib.decompress`` on any size).
"""
from __future__ import annotations

import argparse
import ipaddress
import logging
import os
import sys
import zlib
from collections.abc import Sequence

from bot.config import Settings, settings
from bot.privacy import install_log_masking

logger = logging.getLogger(__name__)

MIN_API_TOKEN_LENGTH = 32
UMASK = 0o077
DEFAULT_ACTION_PORT = 5055


class StartRefused(Exception):
    """A configuration this launcher will not start with; the message says what to change."""


class BodyTooLarge(Exception):
    pass


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def prepare_process(max_request_bytes: int) -> None:
    """What both servers need before anything else runs (see the module docstring)."""
    from bot.config import make_private

    make_private()  # umask 077, and var/ files an earlier tool left readable are chmod-ed
    install_log_masking()
    # Sanic reads SANIC_* variables into every app's config when the app is created (after this)
    os.environ["SANIC_REQUEST_MAX_SIZE"] = str(max_request_bytes)


def _option_value(args: Sequence[str], names: tuple[str, ...]) -> str | None:
    """The value of the last `--name value` / `--name=value` / `-i value` among `args`, or None."""
    value = None
    for i, arg in enumerate(args):
        for name in names:
            if arg == name:
                if i + 1 >= len(args):
                    raise StartRefused(f"{name} needs a value")
                value = args[i + 1]
            elif arg.startswith(name + "=") and name.startswith("--"):
                value = arg.split("=", 1)[1]
    return value


def _cors_origins(args: Sequence[str]) -> list[str]:
    origins: list[str] = []
    for i, arg in enumerate(args):
        if arg.startswith("--cors="):
            origins.append(arg.split("=", 1)[1])
        elif arg == "--cors":
            for value in args[i + 1:]:
                if value.startswith("-"):
                    break
                origins.append(value)
    return origins


def rasa_argv(args: Sequence[str], cfg: Settings) -> list[str]:
    """The `rasa` command line (without the program name) for `rasa run ARGS` under our policy."""
    args = list(args)
    if args and args[0] == "run":
        args = args[1:]
    if args and args[0] == "actions":
        raise StartRefused("start the action server with `python -m bot.serve actions`")
    for arg in args:
        if arg == "--enable-api" or arg.startswith("--enable-api="):
            raise StartRefused("Rasa's HTTP API is switched on with KAYOU_ENABLE_API=1 and KAYOU_API_TOKEN, "
                               "not with --enable-api")
        if arg == "--auth-token" or arg.startswith("--auth-token="):
            raise StartRefused("put the API token in KAYOU_API_TOKEN, not on the command line (ps shows it)")
    if any("*" in origin for origin in _cors_origins(args)):
        raise StartRefused("--cors '*' lets any web page use the bot; name the origins (no channel needs CORS)")
    interface = _option_value(args, ("-i", "--interface"))
    if interface is None:
        interface = "127.0.0.1"
        args = ["-i", interface, *args]
    if cfg.enable_api:
        token = cfg.api_token or ""
        if len(token) < MIN_API_TOKEN_LENGTH or token.strip() != token:
            raise StartRefused(
                f"KAYOU_ENABLE_API=1 needs KAYOU_API_TOKEN of at least {MIN_API_TOKEN_LENGTH} characters "
                "without spaces (e.g. `openssl rand -hex 32`)")
        if not is_loopback(interface):
            raise StartRefused(f"KAYOU_ENABLE_API=1 serves the API on loopback only; the interface is {interface} "
                               "(use -i 127.0.0.1 and put nginx in front, see deploy/nginx/kayou.conf)")
        args += ["--enable-api", "--auth-token", token]
    return ["run", *args]


def _settings() -> Settings:
    try:
        return settings()
    except ValueError as exc:
        raise StartRefused(str(exc)) from None


def run_rasa(args: Sequence[str]) -> None:
    cfg = _settings()
    argv = rasa_argv(args, cfg)
    prepare_process(cfg.max_request_bytes)
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *argv]
    rasa_main()


def inflate_limited(body: bytes, limit: int) -> bytes:
    """`body` inflated (zlib or raw deflate, as rasa_sdk's zlib.decompress reads) but never past `limit`."""
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(body, limit + 1)
    except zlib.error as exc:
        raise ValueError(f"not a deflate body: {exc}") from None
    if len(out) > limit or inflater.unconsumed_tail:
        raise BodyTooLarge(f"the inflated body exceeds {limit} bytes")
    return out


def action_app(package: str, max_request_bytes: int):
    """rasa_sdk's Sanic app for `package`, without CORS, with the body limits."""
    from rasa_sdk.endpoint import create_app
    from sanic import response
    from sanic.exceptions import SanicException

    app = create_app(package, cors_origins=None)
    app.config.REQUEST_MAX_SIZE = max_request_bytes

    # rasa_sdk answers every exception with 500 and the request body; Sanic's own (413 body too large,
    # 404, 405) keep their status. Sanic picks the handler of the most specific class.
    @app.exception(SanicException)
    async def http_error(request, exc: SanicException):
        return response.json({"error": str(exc)}, status=getattr(exc, "status_code", 500) or 500)

    @app.middleware("request")
    async def bounded_deflate(request):
        if request.headers.get("Content-Encoding", "").strip().lower() != "deflate":
            return None
        try:
            inflate_limited(request.body or b"", max_request_bytes)
        except BodyTooLarge as exc:
            logger.warning("refused a deflate body from %s: %s", request.ip, exc)
            return response.json({"error": str(exc)}, status=413)
        except ValueError as exc:
            return response.json({"error": str(exc)}, status=400)
        return None  # within the limit: rasa_sdk inflates it again, now bounded

    return app


def run_actions(args: Sequence[str]) -> None:
    from rasa_sdk import utils
    from rasa_sdk.constants import APPLICATION_ROOT_LOGGER_NAME

    parser = argparse.ArgumentParser(prog="python -m bot.serve actions",
                                     description="rasa_sdk action server on ACTION_HOST (127.0.0.1)")
    parser.add_argument("--actions", default="actions", help="package of the custom actions")
    parser.add_argument("-p", "--port", type=int,
                        default=int(os.environ.get("ACTION_PORT") or DEFAULT_ACTION_PORT))
    utils.add_logging_level_option_arguments(parser)
    utils.add_logging_file_arguments(parser)
    opts = parser.parse_args(list(args))
    cfg = _settings()
    prepare_process(cfg.action_max_request_bytes)

    logging.getLogger("matplotlib").setLevel(logging.WARN)
    utils.configure_colored_logging(opts.loglevel)
    utils.configure_file_logging(logging.getLogger(APPLICATION_ROOT_LOGGER_NAME), opts.log_file,
                                 opts.loglevel, opts.logging_config_file)
    utils.update_sanic_log_level()
    install_log_masking()  # again: the handlers configured just now get the filter as well

    app = action_app(opts.actions, cfg.action_max_request_bytes)
    from rasa_sdk.plugin import plugin_manager

    plugin_manager().hook.attach_sanic_app_extensions(app=app)
    logger.info("action server on http://%s:%d/webhook (bodies up to %d bytes)",
                cfg.action_host, opts.port, cfg.action_max_request_bytes)
    app.run(cfg.action_host, opts.port, workers=utils.number_of_sanic_workers())


USAGE = "usage: python -m bot.serve rasa [rasa run options] | python -m bot.serve actions [options]"


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in ("rasa", "actions"):
        sys.stderr.write(USAGE + "\n")
        return 2
    try:
        if argv[0] == "rasa":
            run_rasa(argv[1:])
        else:
            run_actions(argv[1:])
    except StartRefused as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
