#!/usr/bin/env bash
# Prints the path of a Python 3.10 interpreter (rasa 3.6.21 refuses 3.11), or explains what to install.
set -u
for cand in python3.10 "$HOME/.pyenv/versions/3.10.13/bin/python3.10" /usr/bin/python3.10 /usr/local/bin/python3.10; do
  if command -v "$cand" >/dev/null 2>&1; then
    path=$(command -v "$cand")
    if "$path" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' 2>/dev/null; then
      echo "$path"; exit 0
    fi
  fi
done
if command -v pyenv >/dev/null 2>&1 && pyenv versions --bare 2>/dev/null | grep -qx '3.10.13'; then
  echo "$(pyenv root)/versions/3.10.13/bin/python3.10"; exit 0
fi
echo "error: Python 3.10 not found. rasa 3.6.21 needs Python 3.10: install it (e.g. 'pyenv install 3.10.13' or 'apt-get install python3.10') and run make again." >&2
exit 1
