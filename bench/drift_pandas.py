"""detect-drift's report, computed the way a pandas + scipy user would: the same tests, effect sizes,
missing-share test, quantiles, moments, decile histograms and category changes, per column.

usage: drift_pandas.py REFERENCE CURRENT REPORT_JSON [--lean]
--lean: read both files and run only the drift statistic per column (the least a user would run).
"""
import json
import sys

import numpy as np
import pandas as pd
from scipy import stats
from scipy.spatial.distance import jensenshannon

ref_path, cur_path, out_path = sys.argv[1:4]
lean = "--lean" in sys.argv
r = pd.read_csv(ref_path).drop(columns=["transaction_id"])
c = pd.read_csv(cur_path).drop(columns=["transaction_id"])


def two_proportion_p(x1, n1, x2, n2):
    p = (x1 + x2) / (n1 + n2)
    se = np.sqrt(p * (1 - p) * (1 / n1 + 1 / n2))
    return 1.0 if se == 0 else float(2 * stats.norm.sf(abs(x1 / n1 - x2 / n2) / se))


def js_distance(cr, cc):
    p, q = cr / cr.sum(), cc / cc.sum()
    # Evidently: natural log, no floor for empty shares
    return float(jensenshannon(p, q)), p, q


report = []
for col in r.columns:
    a, b = r[col].dropna().to_numpy(), c[col].dropna().to_numpy()
    numeric = a.dtype.kind in "iuf"
    # Evidently's typing: integers with at most 10 values are categories
    if numeric and np.all(a == np.floor(a)) and np.all(b == np.floor(b)) and len(np.union1d(np.unique(a), np.unique(b))) <= 10:
        numeric = False
    entry = {"name": col, "kind": "numeric" if numeric else "categorical"}
    if numeric:
        w = stats.wasserstein_distance(a, b) / max(np.std(a), 0.001)
        entry.update(method="wasserstein", statistic=w, drifted=bool(w >= 0.1))
        if not lean:
            sa, sb = np.sort(a), np.sort(b)
            edges = np.quantile(sa, np.linspace(0, 1, 11)[1:-1])
            q = [0.05, 0.25, 0.5, 0.75, 0.95]
            entry.update(
                effectSize=w,
                quantiles=[np.quantile(sa, q).tolist(), np.quantile(sb, q).tolist()],
                moments=[[sa.mean(), sa.std()], [sb.mean(), sb.std()]],
                histogram=[
                    (np.bincount(np.searchsorted(edges, sa, side="right"), minlength=10) / len(sa)).tolist(),
                    (np.bincount(np.searchsorted(edges, sb, side="right"), minlength=10) / len(sb)).tolist(),
                ],
            )
    else:
        vr, vc = pd.Series(a).astype(str).value_counts(), pd.Series(b).astype(str).value_counts()
        cats = vr.index.union(vc.index)
        cr, cc = vr.reindex(cats, fill_value=0).to_numpy(), vc.reindex(cats, fill_value=0).to_numpy()
        js, p, q = js_distance(cr, cc)
        entry.update(method="jensenshannon", statistic=js, drifted=bool(js >= 0.1))
        if not lean:
            chi2 = stats.chi2_contingency(np.vstack([cr, cc]), correction=False)[0]
            order = np.argsort(-np.abs(q - p))[:5]
            entry.update(
                effectSize=float(np.sqrt(chi2 / (cr.sum() + cc.sum()))),
                unseen=[str(k) for k in cats[(cr == 0) & (cc > 0)]],
                vanished=[str(k) for k in cats[(cr > 0) & (cc == 0)]],
                topChanges=[[str(cats[i]), float(p[i]), float(q[i])] for i in order],
            )
    if not lean:
        missing = (int(r[col].isna().sum()), len(r), int(c[col].isna().sum()), len(c))
        entry["missingShare"] = [missing[0] / missing[1], missing[2] / missing[3], two_proportion_p(*missing) if missing[0] + missing[2] else None]
    report.append(entry)

with open(out_path, "w") as f:
    json.dump(report, f, default=float)
print(sum(e["drifted"] for e in report), "of", len(report), "columns drifted")
