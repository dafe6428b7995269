#!/usr/bin/env python3
"""A fast webhook receiver for the bench: asyncio, HTTP/1.1 keep-alive, 204 to all.

    webhook_sink.py PORT SECRET OUT.jsonl

Records, per request, the time received, the `webhook-id` and the event's
`data.created_at`; checks the signature of every 50th request (HMAC-SHA256 as Standard
Webhooks says; a bad one is counted). Writes OUT.jsonl on SIGTERM.
"""

import asyncio
import base64
import hashlib
import hmac
import json
import os
import signal
import sys
import time

PORT, SECRET, OUT = int(sys.argv[1]), sys.argv[2], sys.argv[3]
KEY = base64.b64decode(SECRET.removeprefix("whsec_"))
rows = []
bad = 0


def check(headers, body):
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
    want = "v1," + base64.b64encode(hmac.new(KEY, signed, hashlib.sha256).digest()).decode()
    return want in headers.get("webhook-signature", "").split(" ")


async def serve(reader, writer):
    global bad
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            at = time.time()
            lines = head.decode("latin-1").split("\r\n")
            headers = {}
            for l in lines[1:]:
                if ":" in l:
                    k, v = l.split(":", 1)
                    headers[k.strip().lower()] = v.strip()
            body = await reader.readexactly(int(headers.get("content-length", "0")))
            if len(rows) % 50 == 0 and not check(headers, body):
                bad += 1
            created = json.loads(body).get("data", {}).get("created_at")
            rows.append((at, headers.get("webhook-id"), created))
            writer.write(b"HTTP/1.1 204 No Content\r\n\r\n")
    except (asyncio.IncompleteReadError, ConnectionResetError):
        pass
    finally:
        writer.close()


def dump(*_):
    with open(OUT, "w") as f:
        for at, wid, created in rows:
            f.write(json.dumps({"at": at, "id": wid, "created_at": created}) + "\n")
        f.write(json.dumps({"bad_signatures": bad}) + "\n")
    os._exit(0)


async def count():
    while True:
        with open(OUT + ".count.tmp", "w") as f:
            f.write(str(len(rows)))
        os.replace(OUT + ".count.tmp", OUT + ".count")  # never read half-written
        await asyncio.sleep(0.1)


async def main():
    signal.signal(signal.SIGTERM, dump)
    asyncio.get_running_loop().create_task(count())
    server = await asyncio.start_server(serve, "127.0.0.1", PORT, backlog=1024)
    async with server:
        await server.serve_forever()


asyncio.run(main())
