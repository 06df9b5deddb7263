"""scikit-learn's side of `npm run bench:train`: the seed notebook's loop, one
GridSearchCV over Pipeline([scaler, classifier]) per model family of the grid, each
best model scored on the test rows, the best CV score winning; on the rows the kit
trains on, in its order.
Usage: python3 grid_search.py <data.csv> <split.json> <grid.json> <n_jobs> <out.json> [<columns.json>]
The grid is the kit's (keyed by family: knn, svc, logistic_regression, random_forest,
decision_tree, naive_bayes); for logistic regression the notebook's solver keys are
added back: lbfgs for l2, saga (which takes l1 and elastic net) for the rest. SVC has
probability=True, and the random families random_state=42, as in the notebook.
With columns.json (the kit's reading of a mixed table: delimiter, features, which are
categorical, the imputers), the scaler becomes one step of a ColumnTransformer:
[num: SimpleImputer + scaler, cat: SimpleImputer + OneHotEncoder(handle_unknown="ignore")]."""
import json
import sys
import time
import warnings

import numpy as np
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier
from sklearn.svm import SVC
from sklearn.tree import DecisionTreeClassifier
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
    kit_grids = json.load(f)

CLASSIFIERS = {
    "knn": KNeighborsClassifier,
    "svc": lambda: SVC(probability=True, random_state=42),
    "logistic_regression": LogisticRegression,
    "random_forest": lambda: RandomForestClassifier(random_state=42),
    "decision_tree": lambda: DecisionTreeClassifier(random_state=42),
    "naive_bayes": GaussianNB,
}

scalers = {"standard": StandardScaler, "minmax": MinMaxScaler}
scaler_key = "columns__num__scaler" if columns else "scaler"


def param_grid_of(family, kit_grid):
    param_grid = []
    for entry in kit_grid:
        grid = {key: list(values) for key, values in entry.items()}
        grid[scaler_key] = [scalers[name]() for name in grid.pop("scaler", ["standard"])]
        if family == "logistic_regression":
            penalties = grid.get("classifier__penalty", ["l2"])
            grid["classifier__solver"] = ["lbfgs"] if set(penalties) <= {"l2", "none", None} else ["saga"]
        param_grid.append(grid)
    return param_grid


def estimator_of(family):
    classifier = CLASSIFIERS[family]()
    if not columns:
        return Pipeline([("scaler", StandardScaler()), ("classifier", classifier)])
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.preprocessing import OneHotEncoder

    categorical = columns["categorical"]
    numeric = [name for name in columns["features"] if name not in categorical]
    num_steps = ([("impute", SimpleImputer(strategy=columns["numericImpute"]))] if columns["numericImpute"] != "none" else []) + [("scaler", StandardScaler())]
    cat_steps = ([("impute", SimpleImputer(strategy=columns["categoricalImpute"]))] if columns["categoricalImpute"] != "none" else []) + [
        ("onehot", OneHotEncoder(handle_unknown="ignore", max_categories=columns["maxCategories"], sparse_output=False))
    ]
    return Pipeline([
        ("columns", ColumnTransformer([("num", Pipeline(num_steps), numeric), ("cat", Pipeline(cat_steps), categorical)])),
        ("classifier", classifier),
    ])


rows_of = (lambda index: X.iloc[index]) if columns else (lambda index: X[index])
train, test = np.array(split["train"]), np.array(split["test"])
started = time.perf_counter()
families = []
for family, kit_grid in kit_grids.items():
    family_started = time.perf_counter()
    search = GridSearchCV(estimator_of(family), param_grid_of(family, kit_grid), cv=StratifiedKFold(n_splits=5), n_jobs=int(n_jobs))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        search.fit(rows_of(train), y[train])
    families.append({
        "family": family,
        "cvMean": float(search.best_score_),
        "testAccuracy": float(search.score(rows_of(test), y[test])) if len(test) else None,
        "bestParams": {key: (type(value).__name__ if key == scaler_key else value) for key, value in search.best_params_.items()},
        "seconds": time.perf_counter() - family_started,
    })
fit_seconds = time.perf_counter() - started
# The notebook's choice: the best CV score (the first family listed wins a tie).
best = max(families, key=lambda entry: entry["cvMean"])
with open(out_path, "w") as f:
    json.dump({"cvMean": best["cvMean"], "testAccuracy": best["testAccuracy"], "bestParams": {"family": best["family"], **best["bestParams"]}, "families": families, "fitSeconds": fit_seconds}, f)
