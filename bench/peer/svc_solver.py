"""scikit-learn's side of `npm run bench:svc`: one libsvm solve (SVC with
probability=False, one pair of classes) per problem, timed in CPU seconds
(time.process_time) over repeated fits; the per-iteration time is a fit's time over
its n_iter_. It writes each problem's scaled rows first, so that the kit solves the
same numbers, then times the case named on each line of its input.
Usage: python3 svc_solver.py <work dir> <repeats>
Problems: breast_cancer.csv (569 rows, 30 features, StandardScaler) and a generated
1 000-row mixed table (three numeric columns with gaps, two text columns of 5 and 12
categories: SimpleImputer + StandardScaler / OneHotEncoder, 20 columns, two classes)."""
import json
import os
import sys
import time

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.svm import SVC

HERE = os.path.dirname(os.path.abspath(__file__))
work, repeats = sys.argv[1], int(sys.argv[2])
SETTINGS = [{"kernel": "rbf"}, {"kernel": "poly", "degree": 3}, {"kernel": "linear"}, {"kernel": "rbf", "C": 100}]


def breast_cancer():
    frame = pd.read_csv(os.path.join(HERE, "../../tests/fixtures/sklearn/breast_cancer.csv"))
    return StandardScaler().fit_transform(frame.iloc[:, :-1].to_numpy(dtype=float)), frame.iloc[:, -1].to_numpy()


def mixed(n=1000):
    rng = np.random.default_rng(0)
    cities = np.array([f"city_{c}" for c in "abcdefghijkl"])
    city_p = 1 / np.arange(1, 13)
    frame = pd.DataFrame({
        "age": rng.normal(45, 12, n).round(0),
        "income": rng.lognormal(10, 0.5, n).round(2),
        "bmi": rng.normal(26, 4, n).round(1),
        "color": np.array(["red", "green", "blue", "black", "white"])[rng.integers(0, 5, n)],
        "city": cities[rng.choice(12, n, p=city_p / city_p.sum())],
    })
    score = 0.06 * (frame.age - 45) + 0.9 * (np.log(frame.income) - 10) + (frame.color == "red") * 1.2 - (frame.color == "blue") * 0.8 + frame.city.isin(["city_a", "city_c"]) * 0.7
    label = (score + rng.normal(0, 0.7, n) > 0).astype(int).to_numpy()
    for column in ("age", "income", "bmi"):
        frame.loc[rng.random(n) < 0.05, column] = np.nan
    for column in ("color", "city"):
        frame.loc[rng.random(n) < 0.03, column] = np.nan
    columns = ColumnTransformer([
        ("num", Pipeline([("impute", SimpleImputer(strategy="median")), ("scale", StandardScaler())]), ["age", "income", "bmi"]),
        ("cat", Pipeline([("impute", SimpleImputer(strategy="most_frequent")), ("onehot", OneHotEncoder(sparse_output=False))]), ["color", "city"]),
    ])
    return np.ascontiguousarray(columns.fit_transform(frame), dtype=float), label


# Write the problems, list them on the first line, then time one case per request
# ("<case index>\n" on stdin, one JSON line back), so that the two sides alternate finely.
cases = []
for name, (X, y) in (("breast_cancer", breast_cancer()), ("mixed_1000", mixed())):
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
        model = SVC(**case["params"]).fit(case["X"], case["y"])
        times.append(time.process_time() - started)
    print(json.dumps({"nIter": int(np.sum(model.n_iter_)), "seconds": times}), flush=True)
