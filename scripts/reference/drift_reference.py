"""Reference values for mlgate's drift statistics, computed with scipy/numpy.

Binned distances as Evidently defines them (Sturges bins over both sides, Jensen-Shannon in natural
log; empty bins floored for PSI and KL only); scripts/reference/evidently_reference.py holds the
whole detect-drift comparison with Evidently.

Run with Debian's python3 (python3-scipy, python3-numpy):
    /usr/bin/python3 scripts/reference/drift_reference.py > test/fixtures/reference/drift.json
Samples are generated here from a fixed seed and written into the JSON, so the
TypeScript tests read the same numbers and never need Python.
"""
import json
import numpy as np
import scipy
from scipy import stats
from scipy.spatial.distance import jensenshannon

rng = np.random.default_rng(20261123)
FILL = 1e-4


def r(x):
    return [float(v) for v in x]


def ks_case(name, a, b):
    res = stats.ks_2samp(a, b, method="auto")
    return {"name": name, "a": r(a), "b": r(b), "statistic": float(res.statistic), "pvalue": float(res.pvalue)}


def quantile_bins(ref, cur, bins=10):
    edges = np.quantile(ref, np.linspace(0, 1, bins + 1)[1:-1])
    ri = np.searchsorted(edges, ref, side="right")
    ci = np.searchsorted(edges, cur, side="right")
    rp = np.bincount(ri, minlength=bins) / len(ref)
    cp = np.bincount(ci, minlength=bins) / len(cur)
    return rp, cp


def filled(p):
    """Evidently's feel_zeroes (PSI and KL only): 1e-4, or a millionth of the smallest filled share when that is ≤ 1e-4."""
    p = np.array(p, dtype=float)
    smallest = p[p != 0].min()
    p[p == 0] = smallest / 10**6 if smallest <= FILL else FILL
    return p


def sturges_bins(ref, cur):
    """Evidently's get_binned_data for a numeric column: Sturges bins over both sides' values."""
    edges = np.histogram_bin_edges(np.concatenate([ref, cur]), bins="sturges")
    return np.histogram(ref, edges)[0] / len(ref), np.histogram(cur, edges)[0] / len(cur)


def binned_case(name, ref, cur):
    rp, cp = sturges_bins(ref, cur)
    rf, cf = filled(rp), filled(cp)
    dr, dc = quantile_bins(ref, cur)
    return {
        "name": name,
        "reference": r(ref),
        "current": r(cur),
        "decileReference": r(dr),
        "decileCurrent": r(dc),
        "psi": float(np.sum((rf - cf) * np.log(rf / cf))),
        "kl": float(stats.entropy(rf, cf)),
        # natural log, no floor (Evidently's jensenshannon and hellinger)
        "js": float(jensenshannon(rp, cp)),
        "hellinger": float(np.sqrt(np.sum((np.sqrt(rp) - np.sqrt(cp)) ** 2)) / np.sqrt(2)),
        "wasserstein": float(stats.wasserstein_distance(ref, cur)),
        "wassersteinNormed": float(stats.wasserstein_distance(ref, cur) / max(np.std(ref), 0.001)),
        "energy": float(stats.energy_distance(ref, cur)),
        "cvmStatistic": float(stats.cramervonmises_2samp(ref, cur, method="asymptotic").statistic),
        "cvmPvalue": float(stats.cramervonmises_2samp(ref, cur, method="asymptotic").pvalue),
    }


def chi2_case(name, ref, cur):
    cats = sorted(set(ref) | set(cur))
    table = np.array([[ref.count(c) for c in cats], [cur.count(c) for c in cats]])
    chi2, p, dof, _ = stats.chi2_contingency(table, correction=False)
    rp = table[0] / table[0].sum()
    cp = table[1] / table[1].sum()
    rf, cf = filled(rp), filled(cp)
    diffs = np.abs(rp - cp)
    return {
        "name": name,
        "reference": ref,
        "current": cur,
        "chi2": float(chi2),
        "pvalue": float(p),
        "dof": int(dof),
        "psi": float(np.sum((rf - cf) * np.log(rf / cf))),
        "js": float(jensenshannon(rp, cp)),
        "linf": float(diffs.max()),
        "linfValue": cats[int(diffs.argmax())],
    }


def z_case(name, x1, n1, x2, n2):
    p1, p2 = x1 / n1, x2 / n2
    p = (x1 + x2) / (n1 + n2)
    z = (p1 - p2) / np.sqrt(p * (1 - p) * (1 / n1 + 1 / n2))
    return {"name": name, "x1": x1, "n1": n1, "x2": x2, "n2": n2, "z": float(z), "pvalue": float(2 * stats.norm.sf(abs(z)))}


out = {"scipy": scipy.__version__, "numpy": np.__version__}

ks = []
ks.append(ks_case("small equal n", rng.normal(0, 1, 40), rng.normal(0.5, 1, 40)))
ks.append(ks_case("small unequal n", rng.normal(0, 1, 37), rng.normal(0.3, 1.2, 55)))
ks.append(ks_case("ties (integers)", rng.integers(0, 8, 120), rng.integers(1, 9, 90)))
ks.append(ks_case("equal n 3000 no drift", rng.normal(0, 1, 3000), rng.normal(0, 1, 3000)))
ks.append(ks_case("unequal 2000 vs 1500", rng.exponential(1, 2000), rng.exponential(1.1, 1500)))
ks.append(ks_case("asymptotic 12000 vs 11000 small shift", rng.normal(0, 1, 12000), rng.normal(0.03, 1, 11000)))
ks.append(ks_case("asymptotic 15000 vs 20000 shift", rng.normal(0, 1, 15000), rng.normal(0.1, 1, 20000)))
ks.append(ks_case("asymptotic 20000 vs 20000 none", rng.normal(0, 1, 20000), rng.normal(0, 1, 20000)))
out["ks"] = ks

out["binned"] = [
    binned_case("normal shift", rng.normal(0, 1, 800), rng.normal(0.4, 1.1, 700)),
    binned_case("lognormal same", rng.lognormal(3, 1, 500), rng.lognormal(3, 1, 600)),
    binned_case("empty bins", rng.uniform(0, 1, 400), rng.uniform(0.6, 1.6, 300)),
]

cats = ["a", "b", "c", "d"]
ref = list(rng.choice(cats, 500, p=[0.4, 0.3, 0.2, 0.1]))
cur = list(rng.choice(cats + ["e"], 400, p=[0.3, 0.3, 0.2, 0.1, 0.1]))
ref2 = list(rng.choice(cats, 300, p=[0.25, 0.25, 0.25, 0.25]))
cur2 = list(rng.choice(["a", "b", "c"], 350, p=[0.3, 0.4, 0.3]))
out["chi2"] = [chi2_case("unseen category e", [str(x) for x in ref], [str(x) for x in cur]), chi2_case("vanished category d", [str(x) for x in ref2], [str(x) for x in cur2])]
out["z"] = [z_case("proportions", 40, 500, 70, 520), z_case("equal", 30, 300, 30, 300), z_case("tiny", 1, 20, 6, 25)]

# scipy.stats.kstwo.sf(x, n): the distribution ks_2samp's asymptotic branch evaluates at n = round(n1 n2 / (n1 + n2))
kstwo = []
for n in [50, 140, 141, 5739, 10000, 100000, 250000, 500000]:
    xs = [0.8 / n, 1.0 / n] + [z / np.sqrt(n) for z in [0.3, 0.5, 0.8, 1.0, 1.2, 1.5, 2.0, 3.0, 5.0]]
    if n <= 140:
        xs += [0.5, 0.7, 1 - 1.5 / n]
    for x in xs:
        if 0 < x < 1:
            kstwo.append({"n": n, "x": float(x), "sf": float(stats.kstwo.sf(x, n))})
out["kstwo"] = kstwo

# cramervonmises_2samp(method='auto'): exact p-values when neither sample has more than 20 values
cvm_small = []
for name, x, y in [
    ("10 vs 12 shift", rng.normal(0, 1, 10), rng.normal(0.8, 1, 12)),
    ("20 vs 20 none", rng.normal(0, 1, 20), rng.normal(0, 1, 20)),
    ("5 vs 18", rng.exponential(1, 5), rng.exponential(2, 18)),
    ("7 vs 7 far apart", rng.normal(0, 1, 7), rng.normal(3, 1, 7)),
    ("15 vs 9 ties", rng.integers(0, 5, 15).astype(float), rng.integers(1, 6, 9).astype(float)),
    ("21 vs 10 asymptotic", rng.normal(0, 1, 21), rng.normal(0.5, 1, 10)),
]:
    res = stats.cramervonmises_2samp(x, y, method="auto")
    cvm_small.append({"name": name, "a": r(x), "b": r(y), "statistic": float(res.statistic), "pvalue": float(res.pvalue)})
out["cvmSmall"] = cvm_small

# ties and unequal sizes (the quantile-function form of W1 steps at k/n and l/m)
tie_rng = np.random.default_rng(7)
out["binned"].append(binned_case("integer ties, unequal n", tie_rng.integers(18, 70, 900).astype(float), tie_rng.integers(20, 75, 1300).astype(float)))
# equal sizes (both quantile functions step together)
out["binned"].append(binned_case("equal n", tie_rng.normal(0, 1, 1000), tie_rng.normal(0.2, 1.3, 1000)))

json.dump(out, __import__("sys").stdout, separators=(",", ":"))
