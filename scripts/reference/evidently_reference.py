"""Reference drift scores and flags in Evidently's conventions, for mlgate's detect-drift.

Evidently cannot be installed here, so this script implements the definitions of its legacy stattests
(src/evidently/legacy/calculations/stattests/*.py, read at commit a4aa4c2b) with numpy and scipy:
the binning of get_binned_data (Sturges bins over both sides when the reference has more than 20
distinct values, one bin per value otherwise; empty bins floored only when feel_zeroes is on, i.e.
for PSI and KL), Hellinger's own binning, and each test's comparison with its threshold. Samples are
generated here from a fixed seed and written into the JSON, so the TypeScript tests read the same
numbers and never need Python.

    python3 scripts/reference/evidently_reference.py > test/fixtures/reference/evidently.json
"""

import json
import sys

import numpy as np
import scipy
from scipy import stats
from scipy.spatial import distance
from scipy.special import gammaln, kv

rng = np.random.default_rng(20261206)

# Each method's default threshold and how Evidently compares its score with it (the source's own operator).
THRESHOLDS = {
    "ks": 0.05,
    "chisquare": 0.05,
    "z": 0.05,
    "cramer_von_mises": 0.1,
    "wasserstein": 0.1,
    "psi": 0.1,
    "kl_div": 0.1,
    "jensenshannon": 0.1,
    "hellinger": 0.1,
    "energy": 0.1,
}
COMPARE = {
    "ks": lambda p, t: p <= t,  # ks_stattest.py
    "cramer_von_mises": lambda p, t: p <= t,  # cramer_von_mises_stattest.py
    "chisquare": lambda p, t: p < t,  # chisquare_stattest.py
    "z": lambda p, t: p < t,  # z_stattest.py
    "wasserstein": lambda d, t: d >= t,  # wasserstein_distance_norm.py
    "psi": lambda d, t: d >= t,  # psi.py
    "kl_div": lambda d, t: d >= t,  # kl_div.py
    "jensenshannon": lambda d, t: d >= t,  # jensenshannon.py
    "hellinger": lambda d, t: d >= t,  # hellinger_distance.py
    "energy": lambda d, t: d > t,  # energy_distance.py
}
NUMERIC_METHODS = ["ks", "cramer_von_mises", "wasserstein", "energy", "psi", "kl_div", "jensenshannon", "hellinger"]
CATEGORICAL_METHODS = ["z", "psi", "kl_div", "jensenshannon", "hellinger"]


def value_shares(ref, cur):
    keys = sorted(set(ref.tolist()) | set(cur.tolist()))
    rc = {k: 0 for k in keys}
    cc = {k: 0 for k in keys}
    for v in ref.tolist():
        rc[v] += 1
    for v in cur.tolist():
        cc[v] += 1
    return np.array([rc[k] / len(ref) for k in keys]), np.array([cc[k] / len(cur) for k in keys])


def feel_zeroes(p):
    p = p.copy()
    smallest = min(p[p != 0])
    np.place(p, p == 0, smallest / 10**6 if smallest <= 0.0001 else 0.0001)
    return p


def binned(ref, cur, numerical, fill):
    """get_binned_data(reference, current, feature_type, n, feel_zeroes)."""
    if numerical and len(np.unique(ref)) > 20:
        bins = np.histogram_bin_edges(np.concatenate([ref, cur]), bins="sturges")
        rp = np.histogram(ref, bins)[0] / len(ref)
        cp = np.histogram(cur, bins)[0] / len(cur)
    else:
        rp, cp = value_shares(ref, cur)
    if fill:
        rp, cp = feel_zeroes(rp), feel_zeroes(cp)
    return rp, cp


def hellinger(ref, cur, numerical):
    """_hellinger_distance: √(1 − Σ√(p·q)), over the values (categorical) or Sturges bins of the distinct values (numerical)."""
    if not numerical:
        rp, cp = value_shares(ref, cur)
        s = sum(np.sqrt(rp * cp))
    else:
        keys = np.array(sorted(set(ref.tolist()) | set(cur.tolist())), dtype=ref.dtype)
        bins = np.histogram_bin_edges(keys, bins="sturges")
        h1 = np.histogram(ref, bins=bins, density=True)[0]
        h2 = np.histogram(cur, bins=bins, density=True)[0]
        width = (max(bins) - min(bins)) / (len(bins) - 1)
        s = sum(np.sqrt(h1[i] * h2[i]) * width for i in range(len(h1)))
    return float(np.sqrt(1 - np.clip(s, 0, 1)))


def cdf_cvm_inf(x):
    """Csörgő–Faraway's limiting distribution, summed until a term is below 1e-7 (as _cdf_cvm_inf)."""
    tot, k = 0.0, 0
    while True:
        u = np.exp(gammaln(k + 0.5) - gammaln(k + 1)) / (np.pi**1.5 * np.sqrt(x))
        y = 4 * k + 1
        q = y**2 / (16 * x)
        z = u * np.sqrt(y) * np.exp(-q) * kv(0.25, q)
        tot += z
        if abs(z) < 1e-7:
            return tot
        k += 1


def cvm_pvalue(x, y):
    """_cvm_2samp(method='auto'): exact when neither sample has more than 20 values, else asymptotic."""
    nx, ny = len(x), len(y)
    if max(nx, ny) <= 20:
        # Evidently's _pval_cvm_2samp_exact is scipy's exact routine: take scipy's
        return float(stats.cramervonmises_2samp(x, y, method="exact").pvalue)
    r = stats.rankdata(np.concatenate([np.sort(x), np.sort(y)]), method="average")
    u = nx * np.sum((r[:nx] - np.arange(1, nx + 1)) ** 2) + ny * np.sum((r[nx:] - np.arange(1, ny + 1)) ** 2)
    k, n = nx * ny, nx + ny
    t = u / (k * n) - (4 * k - 1) / (6 * n)
    et = (1 + 1 / n) / 6
    vt = (n + 1.0) * (4 * k * n - 3 * (nx**2 + ny**2) - 2 * k) / (45 * n**2 * 4 * k)
    tn = 1 / 6 + (t - et) / np.sqrt(45 * vt)
    p = 1.0 if tn < 0.003 else max(0, 1.0 - cdf_cvm_inf(tn))
    assert abs(p - stats.cramervonmises_2samp(x, y, method="asymptotic").pvalue) < 1e-12
    return float(p)


def z_pvalue(ref, cur):
    """_z_stat_test: the share of the first value in sorted order, pooled two-proportion z, 2·(1 − Φ(|z|))."""
    if len(set(ref.tolist())) == 1 and len(set(cur.tolist())) == 1 and ref[0] == cur[0]:
        return 1.0
    first = sorted(set(ref.tolist()) | set(cur.tolist()))[0]
    a = (ref != first).astype(float)
    b = (cur != first).astype(float)
    n1, n2 = len(a), len(b)
    p1, p2 = a.sum() / n1, b.sum() / n2
    pooled = (p1 * n1 + p2 * n2) / (n1 + n2)
    z = (p1 - p2) / np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    return float(2 * (1 - stats.norm.cdf(abs(z))))


def score(method, ref, cur, numerical):
    if method == "ks":
        return float(stats.ks_2samp(ref, cur).pvalue)
    if method == "cramer_von_mises":
        return cvm_pvalue(ref, cur)
    if method == "wasserstein":
        return float(stats.wasserstein_distance(ref, cur) / max(float(np.std(ref)), 0.001))
    if method == "energy":
        return float(stats.energy_distance(ref, cur))
    if method == "psi":
        rp, cp = binned(ref, cur, numerical, True)
        return float(np.sum((rp - cp) * np.log(rp / cp)))
    if method == "kl_div":
        rp, cp = binned(ref, cur, numerical, True)
        return float(stats.entropy(rp, cp))
    if method == "jensenshannon":
        rp, cp = binned(ref, cur, numerical, False)
        return float(distance.jensenshannon(rp, cp))
    if method == "hellinger":
        return hellinger(ref, cur, numerical)
    if method == "z":
        return z_pvalue(ref, cur)
    raise ValueError(method)


def default_method(ref, cur, numerical):
    """_get_default_stattest: by the reference's size and the distinct values over both sides."""
    n_values = len(set(ref.tolist()) | set(cur.tolist()))
    if len(ref) <= 1000:
        if numerical and n_values > 5:
            return "ks"
        return "chisquare" if n_values > 2 else "z"
    if numerical and n_values > 5:
        return "wasserstein"
    return "jensenshannon"


def evidently_chisquare(ref, cur):
    """_chi_stat_test, a goodness-of-fit test of current against reference shares: an unseen value has expectation 0."""
    rc, cc = value_shares(ref, cur)
    f_exp = rc * len(ref) * (len(cur) / len(ref))
    f_obs = cc * len(cur)
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(stats.chisquare(f_obs, f_exp, sum_check=False).pvalue) if (f_exp > 0).all() else 0.0


def case(name, ref, cur, numerical, integer=False):
    methods = NUMERIC_METHODS if numerical else CATEGORICAL_METHODS
    out = {"name": name, "kind": "numeric" if numerical else "categorical", "integer": integer}
    if numerical:
        out["reference"] = [int(v) if integer else float(v) for v in ref.tolist()]
        out["current"] = [int(v) if integer else float(v) for v in cur.tolist()]
    else:
        # categorical samples as value counts (the tests write each value that many times)
        out["reference"] = [[k, int(n)] for k, n in zip(*np.unique(ref, return_counts=True))]
        out["current"] = [[k, int(n)] for k, n in zip(*np.unique(cur, return_counts=True))]
    out["scores"] = {}
    for m in methods:
        s = score(m, ref, cur, numerical)
        out["scores"][m] = {"score": s, "drifted": bool(COMPARE[m](s, THRESHOLDS[m]))}
    out["default"] = default_method(ref, cur, numerical)
    if not numerical:
        rc, cc = value_shares(ref, cur)
        table = np.array([rc * len(ref), cc * len(cur)])
        out["evidentlyChisquare"] = evidently_chisquare(ref, cur)
        out["homogeneityChisquare"] = float(stats.chi2_contingency(table, correction=False)[1])
    return out


def cats(values, probs, n):
    return np.array(rng.choice(values, n, p=probs), dtype=object).astype(str)


def counts(spec):
    return np.array([k for k, n in spec for _ in range(n)], dtype=object).astype(str)


numeric_cases = [
    case("normal shift, 800 vs 700", rng.normal(0, 1, 800), rng.normal(0.4, 1.1, 700), True),
    case("lognormal, same distribution, 1200 vs 1100", rng.lognormal(3, 1, 1200), rng.lognormal(3, 1, 1100), True),
    case("disjoint ranges, 400 vs 300", rng.uniform(0, 1, 400), rng.uniform(2, 3, 300), True),
    case("12 distinct values (one share per value), 1200 vs 1000", rng.integers(0, 12, 1200) + 0.5, rng.integers(1, 13, 1000) + 0.5, True),
    case("small samples (exact p-values), 15 vs 18", rng.normal(0, 1, 15), rng.normal(1, 1, 18), True),
    case("an outlier stretches the Sturges bins, 1200 vs 1200", np.append(rng.normal(0, 1, 1199), 1000.0), rng.normal(0.1, 1, 1200), True),
    case("small shift, 2000 vs 1800", rng.normal(10, 2, 2000), rng.normal(10.15, 2, 1800), True),
    case("whole numbers 0–2 compared as numbers", rng.integers(0, 3, 600), np.minimum(rng.integers(0, 3, 500) + (rng.uniform(0, 1, 500) < 0.2), 2), True, integer=True),
    case("four values, 1500 vs 1300 (default Jensen-Shannon, one share per value)", rng.choice([0.5, 1.5, 2.5, 3.5], 1500, p=[0.4, 0.3, 0.2, 0.1]), rng.choice([0.5, 1.5, 2.5, 3.5], 1300, p=[0.3, 0.3, 0.25, 0.15]), True),
    case("whole numbers 20–60, 1500 vs 1400", rng.integers(20, 61, 1500), rng.integers(22, 63, 1400), True, integer=True),
]

categorical_cases = [
    case("shift over four values, 600 vs 500", cats(list("abcd"), [0.4, 0.3, 0.2, 0.1], 600), cats(list("abcd"), [0.3, 0.3, 0.25, 0.15], 500), False),
    case("an unseen value, 1500 vs 1200", cats(list("abcd"), [0.4, 0.3, 0.2, 0.1], 1500), cats(list("abcde"), [0.35, 0.3, 0.2, 0.1, 0.05], 1200), False),
    case("disjoint values", counts([("a", 300), ("b", 200)]), counts([("c", 250), ("d", 250)]), False),
    # 0.0834 < JS (natural log) < 0.1 ≤ JS (base 2): Evidently sees no drift at its 0.1
    case("between the two Jensen-Shannon conventions", counts([("a", 1000), ("b", 1000)]), counts([("a", 1250), ("b", 750)]), False),
    case("two values (z-test), 300 vs 300", cats(["no", "yes"], [0.7, 0.3], 300), cats(["no", "yes"], [0.6, 0.4], 300), False),
    case("a rare value sets the floor (share ≤ 0.0001), 10000 vs 10000", counts([("a", 7500), ("b", 2499), ("rare", 1)]), counts([("a", 7000), ("b", 2750), ("new", 250)]), False),
]

# numpy.histogram_bin_edges(values, bins='sturges'): the edges mlgate must reproduce exactly
edges = []
for values in [
    np.array([0.0, 1.0, 2.0]),
    np.array([0, 1, 2]),
    np.array([5.0, 5.0, 5.0]),
    rng.normal(0, 1, 1000),
    rng.uniform(-3, 7, 4096),
    np.array([0.1, 0.2, 0.30000000000000004, 0.7]),
    rng.integers(0, 21, 3_000_000),
]:
    e = np.histogram_bin_edges(values, bins="sturges")
    edges.append({"min": float(values.min()), "max": float(values.max()), "n": int(values.size), "integer": bool(np.issubdtype(values.dtype, np.integer)), "edges": [float(x) for x in e]})

# at a score equal to the threshold, Evidently's comparison for each method
at_threshold = {m: bool(COMPARE[m](0.05, 0.05)) for m in COMPARE}

out = {
    "evidentlyCommit": "a4aa4c2b37fe7a4344cc5031f566deccf3d69e4f",
    "numpy": np.__version__,
    "scipy": scipy.__version__,
    "thresholds": THRESHOLDS,
    "atThreshold": at_threshold,
    "numeric": numeric_cases,
    "categorical": categorical_cases,
    "sturges": edges,
}
json.dump(out, sys.stdout, separators=(",", ":"))
sys.stdout.write("\n")
