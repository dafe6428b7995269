"""A real SMTP server on loopback for the email fault script and bench (aiosmtpd).

Usage: smtp_sink.py PORT LOG [MODE_FILE]

Every message accepted is appended to LOG as one JSON line: its Message-ID and
recipients. MODE_FILE, read at each recipient, says how to answer:
  accept     take every message (also when the file is absent)
  tempfail   answer 451 to the first attempt to each address, take the next
and any recipient listed on a line `reject ADDRESS` gets 550 (no such mailbox).
"""

import asyncio
import json
import sys

from aiosmtpd.controller import Controller

port, log = int(sys.argv[1]), sys.argv[2]
mode_file = sys.argv[3] if len(sys.argv) > 3 else None
seen = set()


def mode():
    if not mode_file:
        return "accept", set()
    try:
        lines = open(mode_file).read().split("\n")
    except FileNotFoundError:
        return "accept", set()
    rejected = {l.split()[1] for l in lines if l.startswith("reject ")}
    first = (lines[0].strip() or "accept") if lines else "accept"
    return first, rejected


class Sink:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        how, rejected = mode()
        if address in rejected:
            return "550 5.1.1 no such mailbox"
        # The Message-ID is not known before DATA: the first attempt to each address is
        # refused (the fault script sends one message per address in this mode).
        if how == "tempfail" and address not in seen:
            seen.add(address)
            return "451 4.3.0 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        text = envelope.content.decode("utf8", errors="replace")
        mid = next(
            (l.split(":", 1)[1].strip() for l in text.split("\r\n") if l.lower().startswith("message-id:")),
            None,
        )
        with open(log, "a") as f:
            f.write(json.dumps({"message_id": mid, "to": envelope.rcpt_tos}) + "\n")
        return "250 OK queued"


controller = Controller(Sink(), hostname="127.0.0.1", port=port)
controller.start()
try:
    asyncio.get_event_loop().run_forever()
except KeyboardInterrupt:
    pass
finally:
    controller.stop()
