"""scikit-learn's side of `npm run bench:train`: the seed notebook's loop, one
GridSearchCV over Pipeline([scaler, classifier]) per model family of the grid, each
best model scored on the test rows, the best CV score winning; on the rows the kit
trains on, in its order. A regression table (columns.json's task "regression"):
Pipeline([scaler, regressor]) of the regressor families, cv=KFold(5) without shuffle,
scoring="r2", random_state=42 for the tree families (the kit's --seed).
Usage: python3 grid_search.py <data.csv> <split.json> <grid.json> <n_jobs> <out.json> [<columns.json>]
The grid is the kit's (keyed by family: knn, svc, logistic_regression, random_forest,
decision_tree, naive_bayes); for logistic regression the notebook's solver keys are
added back: lbfgs for l2, saga (which takes l1 and elastic net) for the rest. SVC has
probability=True, and the random families random_state=42, as in the notebook.
With columns.json (the kit's reading of the table: delimiter, target, features, which are
categorical and which dates, the imputers), rows without a target are left out as the kit
does, and a table with text, dates or gaps gets a ColumnTransformer:
[num: SimpleImputer + scaler, date: SimpleImputer (on the date) + the kit's date numbers
(year, month, day, weekday, [hour,] day-of-year sine and cosine) + scaler,
cat: SimpleImputer + OneHotEncoder(handle_unknown="ignore")], in the kit's column order.
The output lists every setting's CV scores (mean and folds) beside each family's best.
--halving (anywhere on the line): instead of the loop, one HalvingGridSearchCV over every
family's settings at once (the classifier step is a parameter of one Pipeline, so the
tournament is over the whole grid, as the kit's --search halving runs it): factor=3,
min_resources="exhaust", resource="n_samples", random_state=42 (the kit's --seed) for the
subsamples, the same folds; its n_candidates_, n_resources_ and best are written."""
import json
import sys
import time
import warnings

import numpy as np
from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor
from sklearn.linear_model import ElasticNet, Lasso, LinearRegression, LogisticRegression, Ridge
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor
from sklearn.svm import SVC, SVR
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor
from sklearn.model_selection import GridSearchCV, KFold, StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import MinMaxScaler, StandardScaler

from kit_dates import date_epochs_ms, expand_dates

halving = "--halving" in sys.argv
argv = [arg for arg in sys.argv if arg != "--halving"]
csv_path, split_path, grid_path, n_jobs, out_path = argv[1:6]
columns = None
if len(argv) > 6:
    with open(argv[6]) as f:
        columns = json.load(f)
regression = bool(columns) and columns.get("task") == "regression"
dates = [entry["name"] for entry in columns.get("dates", [])] if columns else []
# A ColumnTransformer only where the kit's reading needs one (text, dates or gaps).
transformed = bool(columns) and bool(columns["categorical"] or dates or columns["numericImpute"] != "none" or columns["categoricalImpute"] != "none")
if columns:
    import pandas

    frame = pandas.read_csv(csv_path, sep=columns["delimiter"], keep_default_na=False, na_values=["", "NA", "N/A", "NaN", "null", "?"])
    # Rows without a target are left out, as the kit leaves them out.
    frame = frame[frame[columns["target"]].notna()].reset_index(drop=True)
    X = frame[columns["features"]].copy()
    for name in dates:
        X[name] = date_epochs_ms(X[name])
    if not transformed:
        X = X.to_numpy(dtype=float)
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
if regression:
    y = labels.astype(float)
else:
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
REGRESSORS = {
    "linear_regression": LinearRegression,
    "ridge": Ridge,
    "lasso": Lasso,
    "elastic_net": ElasticNet,
    "knn": KNeighborsRegressor,
    "svr": SVR,
    "decision_tree": lambda: DecisionTreeRegressor(random_state=42),
    "random_forest": lambda: RandomForestRegressor(random_state=42),
}
step = "regressor" if regression else "classifier"

scalers = {"standard": StandardScaler, "minmax": MinMaxScaler}
scaler_names = {StandardScaler: "standard", MinMaxScaler: "minmax"}
scaler_key = "columns__num__scaler" if transformed else "scaler"


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
    model = (REGRESSORS if regression else CLASSIFIERS)[family]()
    if not transformed:
        return Pipeline([("scaler", StandardScaler()), (step, model)])
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.preprocessing import FunctionTransformer, OneHotEncoder

    categorical = columns["categorical"]
    numeric = [name for name in columns["features"] if name not in categorical and name not in dates]
    # The kit's order: numbers, then each date's numbers (both scaled), then the one-hot blocks.
    num_steps = ([("impute", SimpleImputer(strategy=columns["numericImpute"]))] if columns["numericImpute"] != "none" else [])
    if dates:
        has_time = [entry["hasTime"] for entry in columns["dates"]]
        num_steps.append(("dates", FunctionTransformer(expand_dates, kw_args={"numeric": len(numeric), "has_time": has_time})))
    num_steps.append(("scaler", StandardScaler()))
    cat_steps = ([("impute", SimpleImputer(strategy=columns["categoricalImpute"]))] if columns["categoricalImpute"] != "none" else []) + [
        ("onehot", OneHotEncoder(handle_unknown="ignore", max_categories=columns["maxCategories"], sparse_output=False))
    ]
    return Pipeline([
        ("columns", ColumnTransformer([("num", Pipeline(num_steps), numeric + dates), ("cat", Pipeline(cat_steps), categorical)])),
        (step, model),
    ])


def kit_params(params):
    """A setting as the kit's grid writes it (the scaler by name)."""
    return {("scaler" if key == scaler_key else key): (scaler_names[type(value)] if key == scaler_key else value) for key, value in params.items() if not key.endswith("__solver")}


rows_of = (lambda index: X.iloc[index]) if transformed else (lambda index: X[index])
train, test = np.array(split["train"]), np.array(split["test"])
cv = KFold(n_splits=5) if regression else StratifiedKFold(n_splits=5)
scoring = "r2" if regression else None
started = time.perf_counter()
if halving:
    from sklearn.experimental import enable_halving_search_cv  # noqa: F401
    from sklearn.model_selection import HalvingGridSearchCV

    models = REGRESSORS if regression else CLASSIFIERS
    param_grid = []
    for family, kit_grid in kit_grids.items():
        for entry in param_grid_of(family, kit_grid):
            param_grid.append({step: [models[family]()], **entry})
    search = HalvingGridSearchCV(estimator_of(next(iter(kit_grids))), param_grid, cv=cv, scoring=scoring, factor=3, min_resources="exhaust", random_state=42, n_jobs=int(n_jobs))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        search.fit(rows_of(train), y[train])
    fit_seconds = time.perf_counter() - started
    best_family = next(family for family in kit_grids if isinstance(search.best_params_[step], type(models[family]())))
    best_params = {key: value for key, value in search.best_params_.items() if key != step}
    with open(out_path, "w") as f:
        json.dump({
            "cvMean": float(search.best_score_),
            "testAccuracy": float(search.score(rows_of(test), y[test])) if len(test) else None,
            "bestParams": {"family": best_family, **kit_params(best_params)},
            "nCandidates": [int(n) for n in search.n_candidates_],
            "nResources": [int(n) for n in search.n_resources_],
            "fitSeconds": fit_seconds,
        }, f)
    sys.exit(0)
families = []
for family, kit_grid in kit_grids.items():
    family_started = time.perf_counter()
    search = GridSearchCV(estimator_of(family), param_grid_of(family, kit_grid), cv=cv, scoring=scoring, n_jobs=int(n_jobs))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        search.fit(rows_of(train), y[train])
    results = search.cv_results_
    families.append({
        "family": family,
        "cvMean": float(search.best_score_),
        "testAccuracy": float(search.score(rows_of(test), y[test])) if len(test) else None,
        "bestParams": kit_params(search.best_params_),
        "seconds": time.perf_counter() - family_started,
        "candidates": [
            {"params": kit_params(params), "cvMean": float(results["mean_test_score"][k]), "foldScores": [float(results[f"split{fold}_test_score"][k]) for fold in range(cv.get_n_splits())]}
            for k, params in enumerate(results["params"])
        ],
    })
fit_seconds = time.perf_counter() - started
# The notebook's choice: the best CV score (the first family listed wins a tie).
best = max(families, key=lambda entry: entry["cvMean"])
with open(out_path, "w") as f:
    json.dump({"cvMean": best["cvMean"], "testAccuracy": best["testAccuracy"], "bestParams": {"family": best["family"], **best["bestParams"]}, "families": families, "fitSeconds": fit_seconds}, f)
