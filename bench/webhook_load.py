#!/usr/bin/env python3
"""Writes people at a steady rate through the API, for the webhook bench: batches of 50
creates (`POST /v1/people/batch`), paced to RATE events a second for SECONDS.

    webhook_load.py PORT TOKEN RATE SECONDS   → prints the events written
"""

import http.client
import json
import sys
import time

port, token, rate, seconds = int(sys.argv[1]), sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
batch = 50
body = json.dumps({"items": [{"action": "create", "person": {"first_name": f"L{i}"}} for i in range(batch)]})
headers = {"Authorization": f"Bearer {token}", "content-type": "application/json"}
conn = http.client.HTTPConnection("127.0.0.1", port)
start = time.time()
sent = 0
while time.time() - start < seconds:
    due = start + sent / rate
    if due > time.time():
        time.sleep(due - time.time())
    conn.request("POST", "/v1/people/batch", body, headers)
    r = conn.getresponse()
    r.read()
    if r.status != 200:
        sys.exit(f"batch answered {r.status}")
    sent += batch
print(sent)
