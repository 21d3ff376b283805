#!/usr/bin/env python3
"""bench/slowclients.py - issue 20's slow-client attack with honest clients beside it.

  slowclients.py HOST PORT SECONDS SLOW_PER_ADDR SLOW_ADDRS HONEST PROXY_ADDR

SLOW_ADDRS source addresses (127.0.0.11, .12, ...) each open SLOW_PER_ADDR
connections that send one header byte every 5 s and never finish; at the same
time HONEST clients, all from PROXY_ADDR (a trusted proxy) with their own
X-Forwarded-For, each ask GET /api/v1/status over and over on fresh
connections. Bounded in time; prints the honest requests answered and failed,
their p50/p99/max latency, and how many slow connections the server kept.
"""
import socket
import sys
import threading
import time

host, port, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
per, naddr, honest, proxy = int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), sys.argv[7]
stop = time.monotonic() + seconds
slow = []
lock = threading.Lock()
lat, failed = [], [0]


def slow_open():
    for a in range(naddr):
        src = "127.0.0.%d" % (11 + a)
        for _ in range(per):
            s = socket.socket()
            s.settimeout(2)
            try:
                s.bind((src, 0))
                s.connect((host, port))
                s.send(b"G")
                slow.append(s)
            except OSError:
                s.close()


def slow_drip():
    head = b"ET /api/v1/status HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 4000
    i = 0
    while time.monotonic() < stop:
        for s in list(slow):
            try:
                s.send(head[i:i + 1])
            except OSError:
                slow.remove(s)
        i += 1
        time.sleep(5)


def honest_client(k):
    xff = "10.%d.%d.%d" % (k // 65536 % 256, k // 256 % 256, k % 256)
    req = ("GET /api/v1/status HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: %s\r\n"
           "Connection: close\r\n\r\n" % xff).encode()
    while time.monotonic() < stop:
        t0 = time.monotonic()
        s = socket.socket()
        s.settimeout(10)
        try:
            s.bind((proxy, 0))
            s.connect((host, port))
            s.sendall(req)
            data = b""
            while True:
                b = s.recv(65536)
                if not b:
                    break
                data += b
            ok = data.startswith(b"HTTP/1.1 200")
        except OSError:
            ok = False
        finally:
            s.close()
        with lock:
            if ok:
                lat.append(time.monotonic() - t0)
            else:
                failed[0] += 1
        time.sleep(0.05)


slow_open()
opened = len(slow)
threading.Thread(target=slow_drip, daemon=True).start()
time.sleep(1)
ts = [threading.Thread(target=honest_client, args=(k,)) for k in range(honest)]
for t in ts:
    t.start()
for t in ts:
    t.join()
lat.sort()
n = len(lat)
pct = lambda p: lat[min(n - 1, int(p * n))] * 1000 if n else float("nan")
print("slow connections opened %d, still open at the end %d" % (opened, len(slow)))
print("honest: %d answered 200, %d failed; latency p50 %.1f ms, p99 %.1f ms, max %.1f ms"
      % (n, failed[0], pct(0.50), pct(0.99), (lat[-1] * 1000 if n else float("nan"))))
