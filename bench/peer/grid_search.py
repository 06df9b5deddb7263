"""scikit-learn's side of `npm run bench:train`: the notebook's GridSearchCV over
Pipeline([scaler, LogisticRegression()]), on the rows the kit trains on, in its order.
Usage: python3 grid_search.py <data.csv> <split.json> <grid.json> <n_jobs> <out.json> [<columns.json>]
The grid is the kit's (keyed by family); the notebook's solver keys are added back:
lbfgs for l2, saga (which takes l1 and elastic net) for the rest.
With columns.json (the kit's reading of a mixed table: delimiter, features, which are
categorical, the imputers), the scaler becomes one step of a ColumnTransformer:
[num: SimpleImputer + scaler, cat: SimpleImputer + OneHotEncoder(handle_unknown="ignore")]."""
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
columns = None
if len(sys.argv) > 6:
    with open(sys.argv[6]) as f:
        columns = json.load(f)
if columns:
    import pandas

    frame = pandas.read_csv(csv_path, sep=columns["delimiter"], keep_default_na=False, na_values=["", "NA", "N/A", "NaN", "null", "?"])
    X = frame[columns["features"]]
    labels = frame[columns["target"]].to_numpy()
else:
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
scaler_key = "columns__num__scaler" if columns else "scaler"
param_grid = []
for entry in kit_grid:
    grid = {key: list(values) for key, values in entry.items()}
    grid[scaler_key] = [scalers[name]() for name in grid.pop("scaler", ["standard"])]
    penalties = grid.get("classifier__penalty", ["l2"])
    grid["classifier__solver"] = ["lbfgs"] if set(penalties) <= {"l2", "none", None} else ["saga"]
    param_grid.append(grid)

if columns:
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.preprocessing import OneHotEncoder

    categorical = columns["categorical"]
    numeric = [name for name in columns["features"] if name not in categorical]
    num_steps = ([("impute", SimpleImputer(strategy=columns["numericImpute"]))] if columns["numericImpute"] != "none" else []) + [("scaler", StandardScaler())]
    cat_steps = ([("impute", SimpleImputer(strategy=columns["categoricalImpute"]))] if columns["categoricalImpute"] != "none" else []) + [
        ("onehot", OneHotEncoder(handle_unknown="ignore", max_categories=columns["maxCategories"]))
    ]
    estimator = Pipeline([
        ("columns", ColumnTransformer([("num", Pipeline(num_steps), numeric), ("cat", Pipeline(cat_steps), categorical)])),
        ("classifier", LogisticRegression()),
    ])
else:
    estimator = Pipeline([("scaler", StandardScaler()), ("classifier", LogisticRegression())])
rows_of = (lambda index: X.iloc[index]) if columns else (lambda index: X[index])
train, test = np.array(split["train"]), np.array(split["test"])
started = time.perf_counter()
search = GridSearchCV(
    estimator,
    param_grid,
    cv=StratifiedKFold(n_splits=5),
    n_jobs=int(n_jobs),
)
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    search.fit(rows_of(train), y[train])
fit_seconds = time.perf_counter() - started
best = {key: (type(value).__name__ if key == scaler_key else value) for key, value in search.best_params_.items()}
with open(out_path, "w") as f:
    json.dump({
        "cvMean": float(search.best_score_),
        "testAccuracy": float(search.score(rows_of(test), y[test])) if len(test) else None,
        "bestParams": best,
        "fitSeconds": fit_seconds,
    }, f)
