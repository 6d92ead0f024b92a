"""Reference values for the monitor's rules over time (numpy, scipy).

    /usr/bin/python3 scripts/reference/monitor_reference.py > test/fixtures/reference/monitor.json

Percentile bootstrap of a metric on one window: the resampled row indices come from the same generator as
mlgate's ResampleCounter (packages/core/src/stats/compare/bootstrap.ts), reimplemented here bit for bit:
the seed goes through one mulberry32 step, floor(u * 0xffffffff) | 1 is the xorshift32 state, and each row index
is floor(x * n / 2**32) of the next xorshift32 state (x ^= x << 13; x ^= x >> 17; x ^= x << 5, on 32 bits).
The metric of each resample is computed with numpy on the drawn rows; the interval is numpy.percentile (linear)
of the replicates. The trend test is scipy.stats.linregress (two-sided t-test of the slope).
"""
import json
import sys
import numpy as np
from scipy import stats

M32 = 0xFFFFFFFF


def imul(a, b):
    return (a * b) & M32


def mulberry32_first(seed):
    a = (seed + 0x6D2B79F5) & M32
    t = imul(a ^ (a >> 15), a | 1)
    t ^= (t + imul(t ^ (t >> 7), t | 61)) & M32
    return ((t ^ (t >> 14)) & M32) / 4294967296


def resample_indices(seed, n, resamples):
    """Yields one array of n row indices per resample, exactly as ResampleCounter draws them."""
    x = (int(mulberry32_first(seed) * 0xFFFFFFFF) | 1) & M32
    scale = n / 4294967296
    for _ in range(resamples):
        idx = np.empty(n, dtype=np.int64)
        for i in range(n):
            x ^= (x << 13) & M32
            x ^= x >> 17
            x ^= (x << 5) & M32
            idx[i] = int(x * scale)
        yield idx


def accuracy(y, p):
    return float(np.mean(y == p))


def rmse(y, p):
    return float(np.sqrt(np.mean((y - p) ** 2)))


def log_loss(y, s):
    return float(-np.mean(np.where(y == 1, np.log(s), np.log(1 - s))))


def bootstrap_case(name, metric, y, p, seed, resamples, confidence, score=None):
    if score is not None:
        values = np.array([metric(y[i], score[i]) for i in resample_indices(seed, len(y), resamples)])
        out = bootstrap_summary(name, values, seed, resamples, confidence, y, p)
        out["yScore"] = score.tolist()
        out["value"] = metric(y, score)
        return out
    values = np.array([metric(y[i], p[i]) for i in resample_indices(seed, len(y), resamples)])
    out = bootstrap_summary(name, values, seed, resamples, confidence, y, p)
    out["value"] = metric(y, p)
    return out


def bootstrap_summary(name, values, seed, resamples, confidence, y, p):
    alpha = (1 - confidence) / 2
    lo, hi = np.percentile(values, [100 * alpha, 100 * (1 - alpha)])
    return {
        "name": name,
        "seed": seed,
        "resamples": resamples,
        "confidence": confidence,
        "yTrue": y.tolist(),
        "yPred": p.tolist(),
        "ci": [float(lo), float(hi)],
        # the first resample's first indices, so a mismatch in the generator shows on its own
        "firstIndices": next(resample_indices(seed, len(y), 1))[:10].tolist(),
    }


rng = np.random.default_rng(19)
n = 400
y = rng.integers(0, 2, n)
wrong = rng.random(n) < 0.2
cases = [bootstrap_case("accuracy", accuracy, y, np.where(wrong, 1 - y, y), 7, 500, 0.95)]
score = np.round(np.clip(0.3 * y + rng.normal(0.35, 0.15, n), 0.02, 0.98), 4)
cases.append(bootstrap_case("log_loss", log_loss, y, (score >= 0.5).astype(int), 2026, 300, 0.95, score))
yr = np.round(rng.normal(10, 2, 300), 4)
cases.append(bootstrap_case("rmse", rmse, yr, np.round(yr + rng.normal(0, 0.8, 300), 4), 123, 400, 0.9))

series = []
for label, ys in [
    ("rising", [0.01, 0.03, 0.02, 0.05, 0.06, 0.08, 0.07, 0.1]),
    ("flat-noise", [0.2, 0.18, 0.22, 0.19, 0.21, 0.2]),
    ("falling", [0.91, 0.9, 0.88, 0.86, 0.87, 0.83, 0.8]),
    ("three", [1.0, 2.5, 2.0]),
]:
    r = stats.linregress(np.arange(len(ys)), ys)
    series.append({"name": label, "y": ys, "slope": float(r.slope), "intercept": float(r.intercept), "pValue": float(r.pvalue)})

tdist = [{"t": t, "df": df, "twoSided": float(2 * stats.t.sf(abs(t), df))} for t, df in [(0.5, 1), (2.0, 3), (-3.1, 6), (1.96, 30), (10.0, 4), (0.0, 5)]]

json.dump({"numpy": np.__version__, "scipy": __import__("scipy").__version__, "bootstrap": cases, "trend": series, "t": tdist}, sys.stdout, indent=1)
sys.stdout.write("\n")
