#!/usr/bin/env python3
"""HyperLogLog against a real Redis 7.0: the same PFADDs, the same numbers and bytes.

Distinct elements are added in batches (growing from 1 to --batch elements, so the
sparse phase is checked often) to `redsim serve` and to `redis-server`. After every
batch PFCOUNT must be equal (exact equality: same hash, same registers, same
estimator); while the key is sparse its bytes (GET) are compared too, and at the end
for the dense form. A second key gets every third element, so PFCOUNT of the union
and PFMERGE (sparse and dense destinations) are compared as well.

  hll_diff.py --redsim BIN --redis-server BIN [--elements 1000000] [--batch 1000]
Exit status 77 (skipped) when redis-server is not given or missing.
"""
import argparse
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "server"))

from serverutil import Conn, Pair, Server, install_signal_exit  # noqa: E402


def main():
    install_signal_exit()
    ap = argparse.ArgumentParser()
    ap.add_argument("--redsim", required=True)
    ap.add_argument("--redis-server", default="")
    ap.add_argument("--elements", type=int, default=200000)
    ap.add_argument("--batch", type=int, default=1000)
    opts = ap.parse_args()
    if not opts.redis_server or not os.path.exists(opts.redis_server):
        print("hll_diff: redis-server not found: skipped")
        return 77
    start = time.monotonic()
    with Server(opts.redis_server, real=True) as real, Server(os.path.abspath(opts.redsim)) as sim:
        p = Pair(Conn(real.port, timeout=60), Conn(sim.port, timeout=60))
        added = 0
        size = 1
        steps = 0
        while added < opts.elements:
            n = min(size, opts.elements - added)
            batch = [b"e:%d" % i for i in range(added, added + n)]
            p.same("PFADD", "PFADD", "h", *batch)
            p.same("PFADD (second key)", "PFADD", "h2", *batch[::3])
            added += n
            steps += 1
            p.same("PFCOUNT", "PFCOUNT", "h")
            if steps % 7 == 0:
                p.same("PFCOUNT union", "PFCOUNT", "h", "h2")
            enc = p.same("PFDEBUG ENCODING", "PFDEBUG", "ENCODING", "h")
            if enc == b"sparse" or steps % 50 == 0:
                p.same("GET", "GET", "h")
            size = min(size * 2, opts.batch)
        p.same("GET (final)", "GET", "h")
        p.same("GET (second key)", "GET", "h2")
        p.same("PFMERGE", "PFMERGE", "m", "h2", "h")
        p.same("GET merged", "GET", "m")
        p.same("PFCOUNT merged", "PFCOUNT", "m")
        # A sparse destination merged from sparse sources only stays sparse.
        p.same("PFADD", "PFADD", "s1", "a", "b", "c")
        p.same("PFADD", "PFADD", "s2", "c", "d", "e", "f")
        p.same("PFMERGE", "PFMERGE", "s3", "s1", "s2")
        p.same("GET", "GET", "s3")
        p.same("PFDEBUG GETREG", "PFDEBUG", "GETREG", "s3")
        final = p.same("PFCOUNT", "PFCOUNT", "h")
    print(f"hll_diff: {opts.elements} elements in {steps} batches, PFCOUNT {final} "
          f"(equal at every step, bytes equal), {time.monotonic() - start:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
