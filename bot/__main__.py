"""``python -m bot``: the command line (see bot/cli.py and CONTRACT §2)."""
import sys

from bot.cli import main

if __name__ == "__main__":
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    sys.exit(main())
