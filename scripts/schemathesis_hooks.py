"""schemathesis hooks (loaded by scripts/schemathesis.sh through SCHEMATHESIS_HOOKS).

Inbound email bodies (`message/rfc822`) are sent as text, the way `text/plain` is.

Every request that carries a valid Idempotency-Key gets a fresh one just before it is
sent, whatever phase made it. Hypothesis draws tiny keys ("0", "00"…) and reuses them
across test cases, so a later request with the same key is, correctly, answered with
the first one's stored response (or a 422 if its body differs): a key this API already
saw is state no schema can describe, so the hook keeps schemathesis from inventing one.
Negative cases are left alone: they must be refused anyway, and editing one makes
schemathesis revalidate it as positive (a request meant to lack `Authorization` would
then be sent with it).
"""

import re
import uuid

import schemathesis

KEY = re.compile(r"[!-~]{1,255}")


@schemathesis.hook
def before_call(ctx, case, **kwargs):
    if case.meta is not None and case.meta.generation.mode.is_negative:
        return
    headers = case.headers or {}
    for name in list(headers):
        if name.lower() == "idempotency-key" and KEY.fullmatch(str(headers[name])):
            headers[name] = str(uuid.uuid4())


# Inbound email is a raw RFC 5322 message (`message/rfc822`), a string in the document:
# sent as its UTF-8 bytes, as a mail relay would.
schemathesis.serializer.alias("message/rfc822", "text/plain")
