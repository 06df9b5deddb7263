"""scikit-learn's side of `npm run bench:train`: the notebook's GridSearchCV over
Pipeline([scaler, LogisticRegression()]), on the rows the kit trains on, in its order.
Usage: python3 grid_search.py <data.csv> <split.json> <grid.json> <n_jobs> <out.json>
The grid is the kit's (keyed by family); the notebook's solver keys are added back:
lbfgs for l2, saga (which takes l1 and elastic net) for the rest."""
import json
import sys
import time
import warnings

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import MinMaxScaler, StandardScaler

csv_path, split_path, grid_path, n_jobs, out_path = sys.argv[1:6]
try:
    import pandas

    frame = pandas.read_csv(csv_path)
    X, labels = frame.iloc[:, :-1].to_numpy(dtype=float), frame.iloc[:, -1].to_numpy()
except ImportError:
    table = np.genfromtxt(csv_path, delimiter=",", names=True, dtype=None, encoding="utf-8")
    names = table.dtype.names
    X = np.column_stack([table[name].astype(float) for name in names[:-1]])
    labels = table[names[-1]]
classes, y = np.unique(labels, return_inverse=True)
with open(split_path) as f:
    split = json.load(f)
with open(grid_path) as f:
    kit_grid = json.load(f)["logistic_regression"]

scalers = {"standard": StandardScaler, "minmax": MinMaxScaler}
param_grid = []
for entry in kit_grid:
    grid = {key: list(values) for key, values in entry.items()}
    grid["scaler"] = [scalers[name]() for name in grid.get("scaler", ["standard"])]
    penalties = grid.get("classifier__penalty", ["l2"])
    grid["classifier__solver"] = ["lbfgs"] if set(penalties) <= {"l2", "none", None} else ["saga"]
    param_grid.append(grid)

train, test = np.array(split["train"]), np.array(split["test"])
started = time.perf_counter()
search = GridSearchCV(
    Pipeline([("scaler", StandardScaler()), ("classifier", LogisticRegression())]),
    param_grid,
    cv=StratifiedKFold(n_splits=5),
    n_jobs=int(n_jobs),
)
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    search.fit(X[train], y[train])
fit_seconds = time.perf_counter() - started
best = {key: (type(value).__name__ if key == "scaler" else value) for key, value in search.best_params_.items()}
with open(out_path, "w") as f:
    json.dump({
        "cvMean": float(search.best_score_),
        "testAccuracy": float(search.score(X[test], y[test])) if len(test) else None,
        "bestParams": best,
        "fitSeconds": fit_seconds,
    }, f)
