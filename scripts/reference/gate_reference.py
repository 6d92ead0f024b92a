"""Reference values for mlgate's model metrics and comparison tests (scikit-learn 1.2, statsmodels).

    /usr/bin/python3 scripts/reference/gate_reference.py > test/fixtures/reference/gate.json

Predictions are generated from a fixed seed and written into the JSON with the expected values.
DeLong's AUC comparison is computed from its definition (DeLong et al. 1988) with numpy.
"""
import json
import sys
import numpy as np
import sklearn
from sklearn import metrics as m
from statsmodels.stats.contingency_tables import mcnemar
from scipy import stats

rng = np.random.default_rng(7)


def f(x):
    return float(x)


def binary_case(n, name, ties=False):
    y = rng.integers(0, 2, n)
    s = np.clip(0.35 * y + rng.normal(0.35, 0.2, n), 0, 1)
    if ties:
        s = np.round(s, 1)
    s2 = np.clip(0.25 * y + rng.normal(0.4, 0.22, n), 0, 1)
    p = (s >= 0.5).astype(int)
    p2 = (s2 >= 0.5).astype(int)
    out = {"name": name, "y_true": y.tolist(), "y_score": s.tolist(), "y_pred": p.tolist(), "y_score_b": s2.tolist(), "y_pred_b": p2.tolist(), "expected": {}}
    e = out["expected"]
    e["accuracy"] = f(m.accuracy_score(y, p))
    e["balanced_accuracy"] = f(m.balanced_accuracy_score(y, p))
    for avg in ["binary", "macro", "micro", "weighted"]:
        suffix = "" if avg == "binary" else "_" + avg
        e["precision" + suffix] = f(m.precision_score(y, p, average=avg, zero_division=0))
        e["recall" + suffix] = f(m.recall_score(y, p, average=avg, zero_division=0))
        e["f1" + suffix] = f(m.f1_score(y, p, average=avg, zero_division=0))
    e["roc_auc"] = f(m.roc_auc_score(y, s))
    e["average_precision"] = f(m.average_precision_score(y, s))
    e["log_loss"] = f(m.log_loss(y, s))
    e["brier"] = f(m.brier_score_loss(y, s))
    b = int(np.sum((p == y) & (p2 != y)))
    c = int(np.sum((p != y) & (p2 == y)))
    exact = b + c < 25
    res = mcnemar([[0, b], [c, 0]], exact=exact, correction=True)
    out["mcnemar"] = {"b": b, "c": c, "exact": exact, "statistic": f(res.statistic), "pvalue": f(res.pvalue)}
    out["delong"] = delong(y, s, s2)
    return out


def delong(y, s1, s2):
    pos, neg = y == 1, y == 0
    def placements(s):
        X, Y = s[pos], s[neg]
        psi = (X[:, None] > Y[None, :]).astype(float) + 0.5 * (X[:, None] == Y[None, :])
        return psi.mean(axis=1), psi.mean(axis=0), psi.mean()
    v10a, v01a, auc_a = placements(s1)
    v10b, v01b, auc_b = placements(s2)
    s10 = np.cov(np.vstack([v10a, v10b]))
    s01 = np.cov(np.vstack([v01a, v01b]))
    cov = s10 / pos.sum() + s01 / neg.sum()
    var = cov[0, 0] + cov[1, 1] - 2 * cov[0, 1]
    z = (auc_a - auc_b) / np.sqrt(var)
    return {"aucA": f(auc_a), "aucB": f(auc_b), "z": f(z), "pvalue": f(2 * stats.norm.sf(abs(z))), "se": f(np.sqrt(var))}


def multiclass_case(n, k, name):
    y = rng.integers(0, k, n)
    logits = rng.normal(0, 1, (n, k))
    logits[np.arange(n), y] += 1.2
    proba = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    p = proba.argmax(axis=1)
    out = {"name": name, "y_true": y.tolist(), "proba": proba.tolist(), "y_pred": p.tolist(), "expected": {}}
    e = out["expected"]
    e["accuracy"] = f(m.accuracy_score(y, p))
    e["balanced_accuracy"] = f(m.balanced_accuracy_score(y, p))
    for avg in ["macro", "micro", "weighted"]:
        e["precision_" + avg] = f(m.precision_score(y, p, average=avg, zero_division=0))
        e["recall_" + avg] = f(m.recall_score(y, p, average=avg, zero_division=0))
        e["f1_" + avg] = f(m.f1_score(y, p, average=avg, zero_division=0))
    e["roc_auc"] = f(m.roc_auc_score(y, proba, multi_class="ovr", average="macro"))
    e["log_loss"] = f(m.log_loss(y, proba))
    return out


def regression_case(n, name):
    y = rng.normal(10, 3, n)
    yhat = y + rng.normal(0.2, 1.1, n)
    return {
        "name": name,
        "y_true": y.tolist(),
        "y_pred": yhat.tolist(),
        "expected": {
            "mae": f(m.mean_absolute_error(y, yhat)),
            "mse": f(m.mean_squared_error(y, yhat)),
            "rmse": f(np.sqrt(m.mean_squared_error(y, yhat))),
            "r2": f(m.r2_score(y, yhat)),
            "mape": f(m.mean_absolute_percentage_error(y, yhat)),
        },
    }


out = {
    "sklearn": sklearn.__version__,
    "binary": [binary_case(400, "binary 400"), binary_case(60, "binary 60 with tied scores", ties=True)],
    "multiclass": [multiclass_case(300, 4, "4 classes")],
    "regression": [regression_case(250, "regression 250")],
}
json.dump(out, sys.stdout, separators=(",", ":"))
