"""Reference values for LedoitWolfTest: the Ledoit-Wolf (2004) shrinkage in the paper's form, in numpy float64.

Run once with `python3 ledoit_wolf_reference.py` in this folder (numpy 2.4.6 was used); it writes
ledoit_wolf_<case>.csv: the first line is "shrinkage,<s>", then the n input rows as "x,<v1>,...", then the
p rows of the shrunk covariance as "cov,<c1>,...".
"""
import numpy as np


def ledoit_wolf(x):
    n, p = x.shape
    xc = x - x.mean(axis=0)
    s = xc.T @ xc / n
    m = np.trace(s) / p
    d2 = np.sum((s - m * np.eye(p)) ** 2) / p
    b2bar = sum(np.sum((np.outer(r, r) - s) ** 2) for r in xc) / n ** 2 / p
    b2 = min(b2bar, d2)
    shrink = 0.0 if d2 == 0 else b2 / d2
    return shrink, (1 - shrink) * s + shrink * m * np.eye(p)


rng = np.random.default_rng(20261201)
cases = {
    # fewer rows than features: strong shrinkage
    "wide": rng.normal(size=(6, 8)) * np.array([1, 2, 3, 0.5, 1, 1, 4, 0.2]),
    # correlated features, more rows than features: mild shrinkage
    "tall": rng.normal(size=(40, 5)) @ np.array([[1, .8, 0, 0, 0], [0, .6, .3, 0, 0], [0, 0, 1, .9, 0],
                                                   [0, 0, 0, .4, 0], [0, 0, 0, 0, 2]]) + 3.0,
}
for name, x in cases.items():
    shrink, cov = ledoit_wolf(x)
    with open(f"ledoit_wolf_{name}.csv", "w") as f:
        f.write(f"shrinkage,{float(shrink)!r}\n")
        for r in x:
            f.write("x," + ",".join(repr(float(v)) for v in r) + "\n")
        for r in cov:
            f.write("cov," + ",".join(repr(float(v)) for v in r) + "\n")
    print(name, shrink)
