"""Per-fit times of scikit-learn's regression trees and forests in one process, next to bench/tree-regression-fits.ts.

Usage: /usr/bin/python3 bench/peer/tree_regression_fits.py <repeats> [<save-dir>]
On Boston housing and diabetes (tests/fixtures/tables/regression/, every row) and
make_regression(5000, 20, n_informative=10, noise=10, random_state=0), each scaled by a
StandardScaler fitted on every row, fits each setting `repeats` times (forests a third
as often, at least once); prints one JSON line {table: {setting: median_ms}}. With a
directory, it first writes each table there (<table>.f64: the unscaled rows, then the
targets, little-endian doubles; <table>.json: rows and columns) for the kit's side.
"""
import json
import os
import statistics
import sys
import time

import numpy as np
import pandas as pd
from sklearn.datasets import make_regression
from sklearn.ensemble import RandomForestRegressor
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeRegressor

HERE = os.path.dirname(os.path.abspath(__file__))
TABLES = os.path.join(HERE, "..", "..", "tests", "fixtures", "tables", "regression")
repeats = int(sys.argv[1])
SETTINGS = {
    "tree": lambda: DecisionTreeRegressor(random_state=0),
    "tree max_depth=5": lambda: DecisionTreeRegressor(max_depth=5, random_state=0),
    "forest 50": lambda: RandomForestRegressor(n_estimators=50, random_state=0),
    "forest 100": lambda: RandomForestRegressor(random_state=0),
}


def tables():
    for name, target in (("boston", "medv"), ("diabetes", "target")):
        frame = pd.read_csv(os.path.join(TABLES, f"{name}.csv"))
        y = frame.pop(target).to_numpy(dtype=float)
        yield name, frame.to_numpy(dtype=float), y
    X, y = make_regression(n_samples=5000, n_features=20, n_informative=10, noise=10, random_state=0)
    yield "make_regression 5000x20", X, y


out = {}
for name, X, y in tables():
    if len(sys.argv) > 2:
        key = name.replace(" ", "_")
        with open(os.path.join(sys.argv[2], f"{key}.f64"), "wb") as f:
            f.write(np.ascontiguousarray(X).astype("<f8").tobytes() + y.astype("<f8").tobytes())
        with open(os.path.join(sys.argv[2], f"{key}.json"), "w") as f:
            json.dump({"rows": X.shape[0], "cols": X.shape[1]}, f)
    Xs = StandardScaler().fit_transform(X)
    out[name] = {}
    for setting, make in SETTINGS.items():
        times = []
        for _ in range(repeats if setting.startswith("tree") else max(1, repeats // 3)):
            model = make()
            start = time.perf_counter()
            model.fit(Xs, y)
            times.append((time.perf_counter() - start) * 1000)
        out[name][setting] = statistics.median(times)
print(json.dumps(out))
