"""Exact two-sample KS statistics for 1 000 simulated pairs, to check that the KS interval a profile
computes from its bins always holds the exact D (test/unit/profile/ks-interval.test.ts).

Run with a python3 that has scipy:
    python3 scripts/reference/ks_interval_reference.py > test/fixtures/reference/ks-interval.json

The samples are not stored: each pair is regenerated from its seed by the same 32-bit generator as
test/helpers/rng.ts, and built only with operations that are exact in binary floating point (sums of
four uniforms k/2^32, a dyadic shift, a power-of-two scale, an optional grid of 1/8), so the TypeScript
test rebuilds bit-identical samples. Half the pairs come from one distribution, half are shifted by
c·sd·sqrt((n+m)/(n·m)) with c in [0.5, 2.5]: near the edge where KS starts to detect the shift.
"""
import json
import math

from scipy import stats

PAIRS = 1000
MASK = 0xFFFFFFFF


def rng(seed):
    s = seed & MASK

    def next_value():
        nonlocal s
        x = (s ^ (s >> 15)) & MASK
        s = (((x * 0x2C1B3C6D) & MASK) + 0x6D2B79F5) & MASK
        return s / 2**32

    return next_value


def sample(r, count, shift, scale, grid):
    out = []
    for _ in range(count):
        v = ((r() + r()) + r()) + r() - 2.0
        v = v * scale + shift
        if grid:
            v = math.floor(v * 8) / 8
        out.append(v)
    return out


def params(i):
    r = rng(1_000_003 * (i + 1))
    n = 50 + int(r() * 950)
    m = 50 + int(r() * 950)
    scale = 2.0 ** (int(r() * 5) - 2)
    grid = r() < 0.2
    shifted = i % 2 == 1
    c = 0.5 + 2.0 * r()
    # sd of the sum of four uniforms is sqrt(4/12); the shift is rounded to a multiple of 2^-12
    raw = c * scale * math.sqrt(4 / 12) * math.sqrt((n + m) / (n * m)) if shifted else 0.0
    shift = round(raw * 4096) / 4096
    return {"seed": 7919 * (i + 1), "n": n, "m": m, "scale": scale, "grid": grid, "shift": shift}


def main():
    pairs = []
    for i in range(PAIRS):
        p = params(i)
        r = rng(p["seed"])
        a = sample(r, p["n"], 0.0, p["scale"], p["grid"])
        b = sample(r, p["m"], p["shift"], p["scale"], p["grid"])
        res = stats.ks_2samp(a, b, method="auto")
        pairs.append([p["seed"], p["n"], p["m"], p["scale"], int(p["grid"]), p["shift"], float(res.statistic), float(res.pvalue)])
    doc = {
        "generator": "scripts/reference/ks_interval_reference.py",
        "scipy": __import__("scipy").__version__,
        "fields": ["seed", "n", "m", "scale", "grid", "shift", "D", "pvalue"],
        "pairs": pairs,
    }
    print(json.dumps(doc, separators=(",", ":")))


if __name__ == "__main__":
    main()
