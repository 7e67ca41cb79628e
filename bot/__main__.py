"""``python -m bot``: the command line (see bot/cli.py and CONTRACT §2)."""
import sys

from bot.cli import main
from bot.config import make_private

if __name__ == "__main__":
    # var/ and cases.db (password hashes, audit log, complaints, letters) for the service account only,
    # whatever the shell's umask: as bot.serve does for the servers
    make_private()
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    sys.exit(main())
