#!/usr/bin/env python3
"""GEOSEARCH against a real Redis 7.0 (issue 5): 1000 seeded random points.

The same GEOADDs go to `redsim serve` and to `redis-server`; then a few hundred seeded
searches (BYRADIUS and BYBOX, around coordinates and around members, in every unit,
with ASC/DESC, COUNT and WITHCOORD/WITHDIST/WITHHASH) must give byte-identical replies,
and GEOPOS/GEOHASH/GEODIST of every point must agree too. Results are sorted by
distance (ASC/DESC) or, for unsorted searches, compared in the servers' own scan order,
which is deterministic (it is the geohash cell order).

Usage: geo_points.py --redsim BIN --redis-server BIN [--seed 1] [--searches 400]
Exit 77 (skipped) when redis-server is absent.
"""

import argparse
import os
import random
import shutil
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "server"))

from serverutil import Conn, Server  # noqa: E402


def random_point(rng):
    # Mostly a cluster (dense cells), some anywhere, some near the poles and the
    # antimeridian where the cell logic has its edge cases.
    kind = rng.random()
    if kind < 0.5:
        return rng.uniform(12.0, 16.0), rng.uniform(36.0, 39.0)
    if kind < 0.8:
        return rng.uniform(-180, 180), rng.uniform(-85.05112878, 85.05112878)
    if kind < 0.9:
        return rng.uniform(-180, 180), rng.choice([1, -1]) * rng.uniform(75, 85.05)
    return rng.choice([1, -1]) * rng.uniform(175, 180), rng.uniform(-60, 60)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--redsim", required=True)
    ap.add_argument("--redis-server", default=shutil.which("redis-server"))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--points", type=int, default=1000)
    ap.add_argument("--searches", type=int, default=400)
    args = ap.parse_args()
    if not args.redis_server or not os.path.exists(args.redis_server):
        print("geo_points: redis-server not found: skipped")
        return 77

    rng = random.Random(args.seed)
    points = [random_point(rng) for _ in range(args.points)]
    failures = 0
    with Server(args.redsim) as ours, Server(args.redis_server, real=True) as real:
        a, b = Conn(ours.port), Conn(real.port)

        def both(*cmd):
            nonlocal failures
            ra, rb = a.call(*cmd), b.call(*cmd)
            if ra != rb:
                failures += 1
                if failures <= 5:
                    print("MISMATCH", " ".join(str(c) for c in cmd))
                    print("  redsim:", repr(ra)[:600])
                    print("  redis: ", repr(rb)[:600])
            return rb

        for i, (lon, lat) in enumerate(points):
            both("GEOADD", "pts", repr(lon), repr(lat), "p%d" % i)
        names = ["p%d" % i for i in range(args.points)]
        both("GEOPOS", "pts", *names)
        both("GEOHASH", "pts", *names)
        for _ in range(200):
            both("GEODIST", "pts", rng.choice(names), rng.choice(names), rng.choice(["m", "km", "ft", "mi"]))

        units = {"m": 1, "km": 1000, "ft": 0.3048, "mi": 1609.34}
        for _ in range(args.searches):
            unit = rng.choice(list(units))
            meters = 10 ** rng.uniform(2, 6.5)  # 100 m .. 3000 km
            if rng.random() < 0.5:
                lon, lat = random_point(rng)
                cmd = ["GEOSEARCH", "pts", "FROMLONLAT", repr(lon), repr(lat)]
            else:
                cmd = ["GEOSEARCH", "pts", "FROMMEMBER", rng.choice(names)]
            if rng.random() < 0.5:
                cmd += ["BYRADIUS", "%.3f" % (meters / units[unit]), unit]
            else:
                cmd += ["BYBOX", "%.3f" % (meters * rng.uniform(0.3, 2) / units[unit]),
                        "%.3f" % (meters * rng.uniform(0.3, 2) / units[unit]), unit]
            cmd += [rng.choice(["ASC", "DESC", "ASC"])]
            if rng.random() < 0.3:
                cmd += ["COUNT", str(rng.randint(1, 50))]
            cmd += ["WITHDIST", "WITHCOORD", "WITHHASH"]
            both(*cmd)
        # Unsorted: the raw scan order of the cells must agree as well.
        for _ in range(50):
            lon, lat = random_point(rng)
            both("GEOSEARCH", "pts", "FROMLONLAT", repr(lon), repr(lat), "BYRADIUS", "500", "km")
    if failures:
        print("geo_points: %d mismatches" % failures)
        return 1
    print("geo_points: %d points, %d searches identical" % (args.points, args.searches))
    return 0


if __name__ == "__main__":
    sys.exit(main())
