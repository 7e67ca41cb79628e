# persistent playwright REPL over a unix socket: send python code, get stdout back
import socket, os, sys, io, traceback, contextlib
from playwright.sync_api import sync_playwright
SOCK = "/tmp/ui7-pw/drv.sock"
if os.path.exists(SOCK): os.unlink(SOCK)
pw = sync_playwright().start()
browser = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox"])
ns = {"pw": pw, "browser": browser}
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); s.bind(SOCK); s.listen(1)
print("ready", flush=True)
while True:
    c, _ = s.accept()
    data = b""
    while True:
        chunk = c.recv(65536)
        if not chunk: break
        data += chunk
        if data.endswith(b"\n#END\n"): break
    code = data.decode()[:-6]
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            exec(code, ns)
    except Exception:
        out.write(traceback.format_exc())
    c.sendall(out.getvalue().encode() or b"(ok)\n"); c.close()
