"""Posts email-to-case traffic for bench/inbound.sh: THREADS new conversations from
SENDERS addresses, then replies (the rest of COUNT) each naming an earlier message of
a random conversation in References, from CONCURRENCY workers on kept-alive
connections. Prints JSON: the seconds taken, outcomes, and failures."""

import http.client
import json
import random
import sys
import threading
import time

host, port, key, count, threads, senders, concurrency = sys.argv[1:8]
port, count, threads, senders, concurrency = (
    int(port), int(count), int(threads), int(senders), int(concurrency))


def message(i, answers):
    sender = f"customer{i % senders}@example.com"
    refs = ""
    subject = f"Problem number {i}"
    if answers:
        refs = f"In-Reply-To: <{answers}>\r\nReferences: <{answers}>\r\n"
        subject = "Re: " + subject
    return (f"From: Customer {i % senders} <{sender}>\r\nTo: support@acme.test\r\n"
            f"Subject: {subject}\r\nMessage-ID: <bench-{i}@example.com>\r\n{refs}"
            f"Date: Mon, 7 Dec 2026 09:30:00 +0100\r\nContent-Type: text/plain\r\n\r\n"
            f"Message {i}: the invoice is wrong again.\r\n").encode()


outcomes, failures, lock = {}, [], threading.Lock()


def run(items):
    c = http.client.HTTPConnection(host, port)
    for i, answers in items:
        c.request("POST", "/v1/inbound/email", body=message(i, answers), headers={
            "Authorization": f"Bearer {key}", "Content-Type": "message/rfc822"})
        r = c.getresponse()
        body = r.read()
        with lock:
            if r.status in (200, 201):
                o = json.loads(body)["outcome"]
                outcomes[o] = outcomes.get(o, 0) + 1
            else:
                failures.append((r.status, body[:200].decode(errors="replace")))


def phase(items):
    chunks = [items[k::concurrency] for k in range(concurrency)]
    workers = [threading.Thread(target=run, args=(ch,)) for ch in chunks]
    for w in workers:
        w.start()
    for w in workers:
        w.join()


random.seed(1)
started = time.monotonic()
phase([(i, None) for i in range(threads)])
opened = time.monotonic() - started
phase([(i, f"bench-{random.randrange(threads)}@example.com") for i in range(threads, count)])
total = time.monotonic() - started
print(json.dumps({"seconds": round(total, 2), "opening_seconds": round(opened, 2),
                  "per_second": round(count / total, 1), "outcomes": outcomes,
                  "failures": len(failures), "first_failure": failures[:1]}))
