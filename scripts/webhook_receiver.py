#!/usr/bin/env python3
"""A webhook receiver on loopback for the fault script and the bench.

Checks every request's signature with the `standardwebhooks` package (an implementation
independent of the server's), answers by path, and appends one JSON line per request to
a log: path, webhook-id, event type, whether the signature verified, the status given,
the time received and the event's `data.created_at`.

    webhook_receiver.py PORT SECRETS.json LOG.jsonl

SECRETS.json maps a path to its endpoint's secret and is read again when it changes.
Paths: /ok… answer 200; /flaky 500 to an event's first attempt; /busy 429 with
`Retry-After: 1` to the first attempt; /slow sleeps 17 s (past the server's 15 s
timeout) on the first attempt; /gone answers 410.
"""

import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks.webhooks import Webhook

PORT, SECRETS, LOG = int(sys.argv[1]), sys.argv[2], sys.argv[3]
lock = threading.Lock()
seen = set()
secrets = {"mtime": None, "map": {}}


def secret_for(path):
    try:
        m = os.path.getmtime(SECRETS)
    except OSError:
        return None
    if m != secrets["mtime"]:
        with open(SECRETS) as f:
            secrets["map"] = json.load(f)
        secrets["mtime"] = m
    return secrets["map"].get(path)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", 0)))
        at = time.time()
        headers = {k.lower(): v for k, v in self.headers.items()}
        wid = headers.get("webhook-id", "")
        secret = secret_for(self.path)
        try:
            event = Webhook(secret).verify(body, headers) if secret else None
            verified = event is not None
        except Exception:
            event, verified = None, False
        with lock:
            first = (self.path, wid) not in seen
            seen.add((self.path, wid))
        status, extra = 200, {}
        if not verified:
            status = 401
        elif self.path == "/flaky" and first:
            status = 500
        elif self.path == "/busy" and first:
            status, extra = 429, {"Retry-After": "1"}
        elif self.path == "/slow" and first:
            time.sleep(17)
        elif self.path == "/gone":
            status = 410
        data = (event or {}).get("data") or {}
        line = {
            "path": self.path,
            "id": wid,
            "type": (event or {}).get("type"),
            "verified": verified,
            "status": status,
            "at": at,
            "created_at": data.get("created_at"),
        }
        with lock, open(LOG, "a") as f:
            f.write(json.dumps(line) + "\n")
        try:
            self.send_response(status)
            for k, v in extra.items():
                self.send_header(k, v)
            self.send_header("content-length", "2")
            self.end_headers()
            self.wfile.write(b"ok")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server gave up waiting (the /slow case)


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A connection the server dropped (a timeout, a SIGKILL) is not a receiver error.
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)


Server(("127.0.0.1", PORT), Handler).serve_forever()
