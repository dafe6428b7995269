"""Summarises `bench/ab.sh` rounds: for each workload, the median over rounds of the new
build's req/s and CPU per request divided by the old build's in the same round (a round
runs both back to back, so the machine's slow and fast spells cancel), and each round's
req/s change."""

import collections
import re
import statistics
import sys

rps = collections.defaultdict(dict)
cpu = collections.defaultdict(dict)
for line in open(sys.argv[1]):
    m = re.match(r"(old|new) r(\d+):(.*)", line)
    if not m:
        continue
    for work, r, c in re.findall(r"(\w+) (\d+)/(\d+)us", m.group(3)):
        rps[(m.group(1), work)][int(m.group(2))] = int(r)
        cpu[(m.group(1), work)][int(m.group(2))] = int(c)
for work in ["read", "page", "search", "create", "patch"]:
    old, new = rps[("old", work)], rps[("new", work)]
    rounds = sorted(set(old) & set(new))
    if not rounds:
        continue
    speed = [new[r] / old[r] for r in rounds]
    cost = [cpu[("new", work)][r] / cpu[("old", work)][r] for r in rounds]
    each = " ".join(f"{100 * (s - 1):+.0f}" for s in speed)
    print(
        f"{work:7} {len(rounds)} rounds: req/s {100 * (statistics.median(speed) - 1):+.1f}%, "
        f"CPU per request {100 * (statistics.median(cost) - 1):+.1f}% (medians); rounds {each}"
    )
