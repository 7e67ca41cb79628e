import socket, sys
code = sys.stdin.read()
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); s.connect("/tmp/ui7-pw/drv.sock")
s.sendall((code + "\n#END\n").encode()); 
buf=b""
while True:
    d = s.recv(65536)
    if not d: break
    buf += d
print(buf.decode())
