"""schemathesis hooks (loaded by scripts/schemathesis.sh through SCHEMATHESIS_HOOKS).

Every generated request that carries a valid Idempotency-Key gets a fresh one. Hypothesis
draws tiny keys ("0", "00"…) and reuses them across test cases, so a later request with
the same key and body is, correctly, answered with the first one's stored response; the
stateful checks then see a "created" resource that an earlier case already deleted.
Keys that break the header's pattern are left alone, so negative cases stay negative.
"""

import re
import uuid

import schemathesis

KEY = re.compile(r"[!-~]{1,255}")


@schemathesis.hook
def map_headers(ctx, headers):
    if headers:
        for name in list(headers):
            if name.lower() == "idempotency-key" and KEY.fullmatch(str(headers[name])):
                headers[name] = str(uuid.uuid4())
    return headers
