#!/usr/bin/env python3
"""tests/cli/slowloris.py - a bounded slow-client attack for tests/cli/harden.sh.

  slowloris.py HOST PORT SECONDS N SRC [SRC...]

Opens N connections from each source address (127.0.0.x), each sending a
request head one header line every 0.5 s and never finishing it, for at most
SECONDS. Prints one line: "accepted A held_max H" where A is how many were
still open 1 s after connecting (two checks, so that a
connection the server refuses under load has had time to be closed) (the rest were refused or reset) and H the
longest any was held open by the server, in whole seconds.
"""
import socket
import sys
import time

host, port, seconds, n = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
srcs = sys.argv[5:]
conns = []
for src in srcs:
    for _ in range(n):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(True)
        s.settimeout(2)
        try:
            s.bind((src, 0))
            s.connect((host, port))
            s.sendall(b"GET /api/v1/status HTTP/1.1\r\nHost: x\r\n")
            conns.append([s, time.monotonic(), None])
        except OSError:
            s.close()


def alive(c):
    s = c[0]
    try:
        s.settimeout(0)
        data = s.recv(4096)
        if data == b"":
            return False
        return False  # an answer (e.g. 4xx) means the head was refused
    except BlockingIOError:
        pass
    except OSError:
        return False
    try:
        s.send(b"X-Slow: 1\r\n")
    except OSError:
        return False
    return True


start = time.monotonic()
accepted = None
checks = 0
while time.monotonic() - start < seconds:
    time.sleep(0.5)
    checks += 1
    now = time.monotonic()
    for c in conns:
        if c[2] is None and not alive(c):
            c[2] = now
    if accepted is None and checks >= 2:
        accepted = sum(1 for c in conns if c[2] is None)
    if all(c[2] is not None for c in conns):
        break
end = time.monotonic()
held = max([((c[2] or end) - c[1]) for c in conns] or [0])
print("accepted %d held_max %d" % (accepted or 0, int(held)))
for c in conns:
    c[0].close()
