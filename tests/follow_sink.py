#!/usr/bin/env python3
"""tests/follow_sink.py - a local SMTP sink and HTTP receiver for the 催报 tests.

usage: follow_sink.py DIR
Listens on 127.0.0.1 at two free ports, written to DIR/ports as
"SMTP_PORT HTTP_PORT" once both listen. Every mail received is saved as
DIR/mail-N.eml (the DATA, dot-unstuffed) with its envelope in DIR/mail-N.env;
every POST as DIR/hook-N.json (its body) and DIR/hook-N.path. A POST to a
path ending in /fail is answered 500 (a receiver that refuses). Runs until
killed. (smtpd left Python in 3.12: this is a plain socket state machine.)
"""
import http.server
import os
import socketserver
import sys
import threading

out = sys.argv[1]
lock = threading.Lock()
count = {"mail": 0, "hook": 0}


def next_name(kind):
    with lock:
        count[kind] += 1
        return os.path.join(out, "%s-%d" % (kind, count[kind]))


class SMTP(socketserver.StreamRequestHandler):
    timeout = 10

    def reply(self, line):
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self):
        self.reply("220 sink ESMTP")
        env = []
        while True:
            line = self.rfile.readline(4096)
            if not line:
                return
            cmd = line.decode("ascii", "replace").strip()
            verb = cmd[:4].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 sink")
            elif verb == "MAIL":
                env = [cmd]
                self.reply("250 OK")
            elif verb == "RCPT":
                env.append(cmd)
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 go ahead")
                data = []
                while True:
                    l = self.rfile.readline(65536)
                    if not l or l in (b".\r\n", b".\n"):
                        break
                    data.append(l[1:] if l.startswith(b"..") else l)
                name = next_name("mail")
                with open(name + ".eml", "wb") as f:
                    f.write(b"".join(data))
                with open(name + ".env", "w") as f:
                    f.write("\n".join(env) + "\n")
                self.reply("250 queued")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 OK")


class Hook(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(n)
        if self.path.endswith("/fail"):
            self.send_response(500)
            self.end_headers()
            return
        name = next_name("hook")
        with open(name + ".json", "wb") as f:
            f.write(body)
        with open(name + ".path", "w") as f:
            f.write(self.path + "\n" + self.headers.get("Content-Type", "") + "\n")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"errcode":0}')

    def log_message(self, *a):
        pass


class TS(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True


class HS(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


smtp = TS(("127.0.0.1", 0), SMTP)
hook = HS(("127.0.0.1", 0), Hook)
for s in (smtp, hook):
    threading.Thread(target=s.serve_forever, daemon=True).start()
with open(os.path.join(out, "ports.tmp"), "w") as f:
    f.write("%d %d\n" % (smtp.server_address[1], hook.server_address[1]))
os.rename(os.path.join(out, "ports.tmp"), os.path.join(out, "ports"))
threading.Event().wait()
