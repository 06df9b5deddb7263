"""scikit-learn's side of bench/svr-solver.ts: SVR.fit (epsilon-SVR, libsvm) on Boston
housing and diabetes (tests/fixtures/tables/regression/, StandardScaler fitted on every
row of a row-major array, as tests/fixtures/sklearn/generate_svr.py does), timed in CPU
seconds (time.process_time) over repeated fits. It writes each table's scaled rows and
target first, so that the kit fits the same numbers, then times the case named on each
line of its input.
Usage: python3 svr_solver.py <work dir> <repeats>"""
import json
import os
import sys
import time

import numpy as np
import pandas as pd
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVR

HERE = os.path.dirname(os.path.abspath(__file__))
TABLES = os.path.join(HERE, "../../tests/fixtures/tables/regression")
work, repeats = sys.argv[1], int(sys.argv[2])
SETTINGS = [{"kernel": "rbf", "C": 1}, {"kernel": "rbf", "C": 100}, {"kernel": "linear", "C": 1}, {"kernel": "poly", "degree": 3, "C": 10}]

# Write the problems, list them on the first line, then time one case per request
# ("<case index>\n" on stdin, one JSON line back), so that the two sides alternate finely.
cases = []
for name, target in (("boston", "medv"), ("diabetes", "target")):
    frame = pd.read_csv(os.path.join(TABLES, f"{name}.csv"))
    y = frame.pop(target).to_numpy(dtype=float)
    X = StandardScaler().fit_transform(np.ascontiguousarray(frame.to_numpy(dtype=float)))
    path = os.path.join(work, f"{name}.csv")
    np.savetxt(path, np.column_stack([X, y]), delimiter=",", fmt="%.17g")
    for params in SETTINGS:
        cases.append({"problem": name, "rows": X.shape[0], "cols": X.shape[1], "csv": path, "params": params, "X": X, "y": y})
print(json.dumps([{key: value for key, value in case.items() if key not in ("X", "y")} for case in cases]), flush=True)
for line in sys.stdin:
    case = cases[int(line)]
    times = []
    for _ in range(repeats):
        started = time.process_time()
        model = SVR(**case["params"]).fit(case["X"], case["y"])
        times.append(time.process_time() - started)
    print(json.dumps({"nIter": int(model.n_iter_), "seconds": times}), flush=True)
