"""Per-fit times of scikit-learn's regressors in one process, next to bench/regression-fits.ts.

Usage: /usr/bin/python3 bench/peer/regression_fits.py <rows> <cols> <repeats> <effective_rank> [<save.f64>]
make_regression(rows, cols, n_informative=cols // 2, noise=10, random_state=0), with
correlated columns when effective_rank is a number (make_regression's, tail_strength 0.5)
rather than "none",
StandardScaler fitted on every row, then each setting fitted `repeats` times; prints one
JSON line {setting: {"median_ms", "n_iter"}}. With a path, it first writes the unscaled
rows then the targets there as little-endian doubles, for the kit's side to read.
"""
import json
import statistics
import sys
import time
import warnings

from sklearn.datasets import make_regression
from sklearn.linear_model import ElasticNet, Lasso, LinearRegression, Ridge
from sklearn.preprocessing import StandardScaler

rows, cols, repeats = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
rank = None if sys.argv[4] == "none" else int(sys.argv[4])
X, y = make_regression(n_samples=rows, n_features=cols, n_informative=cols // 2, noise=10, effective_rank=rank, tail_strength=0.5, random_state=0)
if len(sys.argv) > 5:
    with open(sys.argv[5], "wb") as f:
        f.write(X.astype("<f8").tobytes() + y.astype("<f8").tobytes())
X = StandardScaler().fit_transform(X)
settings = {
    "linear_regression": LinearRegression,
    "ridge alpha=1": lambda: Ridge(alpha=1),
    "lasso alpha=0.01": lambda: Lasso(alpha=0.01),
    "lasso alpha=1": lambda: Lasso(alpha=1),
    "elastic_net alpha=0.01": lambda: ElasticNet(alpha=0.01),
    "elastic_net alpha=1": lambda: ElasticNet(alpha=1),
}
out = {}
warnings.simplefilter("ignore")
for name, make in settings.items():
    times = []
    for _ in range(repeats):
        model = make()
        start = time.perf_counter()
        model.fit(X, y)
        times.append((time.perf_counter() - start) * 1000)
    out[name] = {"median_ms": statistics.median(times), "n_iter": getattr(model, "n_iter_", None)}
print(json.dumps(out))
