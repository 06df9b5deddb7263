"""What a generic scikit-learn pipeline scores on the real and synthetic tables of
tests/fixtures/tables/, each read and tidied by hand as a data scientist would (the columns
dropped or derived are listed per table). The kit's figures on the same files can be set
beside these.

Classification: rows whose label is missing dropped; a stratified 80/20 split
(train_test_split, random_state 42); the CV accuracy is StratifiedKFold(5) (no shuffle, as
GridSearchCV(cv=5)) on the training part; the test accuracy is the pipeline refitted on the
training part, scored on the test part, beside the majority class's accuracy there.
Regression: rows whose target is missing dropped; R² of KFold(5) without shuffling, on all
rows in file order.
Preprocessing: ColumnTransformer([numbers: SimpleImputer(median) + StandardScaler,
text: SimpleImputer(most_frequent) + OneHotEncoder(handle_unknown="ignore")]), then
LogisticRegression() / RandomForestClassifier(random_state=42), or LinearRegression() /
Ridge() / RandomForestRegressor(random_state=42), all with scikit-learn's defaults.

Run from the repository root (about a minute on one core):
    /usr/bin/python3 bench/peer/tables_reference.py
Writes bench/peer/tables_reference.json and prints a table.
"""
import json
import os
import sys
import warnings

import numpy as np
import pandas as pd
import sklearn
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor
from sklearn.exceptions import ConvergenceWarning
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LinearRegression, LogisticRegression, Ridge
from sklearn.model_selection import KFold, StratifiedKFold, cross_val_score, train_test_split
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TABLES = os.path.join(ROOT, "tests", "fixtures", "tables")
SEED = 42
ROW_NAMES = "Unnamed: 0"  # how pandas names the empty header R's write.csv gives row names


def date_parts(column, fmt=None):
    """year, month and day of week from a date-string column (unparseable -> missing)."""
    def derive(frame):
        dates = pd.to_datetime(frame[column], format=fmt, errors="coerce")
        frame = frame.drop(columns=[column])
        frame[f"{column} year"] = dates.dt.year
        frame[f"{column} month"] = dates.dt.month
        frame[f"{column} day of week"] = dates.dt.dayofweek
        return frame
    derive.note = f"{column} -> year, month, day of week" + (f" (format {fmt})" if fmt else "")
    return derive


def year_only(column):
    def derive(frame):
        frame = frame.copy()
        frame[column] = pd.to_datetime(frame[column], errors="coerce").dt.year
        return frame
    derive.note = f"{column} (a 'YYYY-01-01' date) -> its year, as a number"
    return derive


# name, file, target, hard, and how the table is read and tidied by hand:
#   read: pandas.read_csv arguments; drop: {column: why}; derive: functions of the frame.
CLASSIFICATION = [
    dict(name="pima_tr", file="pima_tr.csv", target="type",
         hard="200 rows, Yes/No labels, 2:1 classes, a weak signal"),
    dict(name="biopsy", file="biopsy.csv", target="class",
         hard="an ID column of sample codes, repeated (645 distinct of 699); 16 NA in V6",
         drop={"ID": "sample code, repeated across rows (an id)"}),
    dict(name="survey", file="survey.csv", target="Sex",
         hard="1 missing label; NA in 7 feature columns (Pulse 45, Height 28)"),
    dict(name="cars93", file="cars93.csv", target="Type",
         hard="93 rows, 6 classes (9-22 rows each); Make and Model unique per row; 32 manufacturers; NA",
         drop={"Make": "unique per row (an id)", "Model": "unique per row (an id)"}),
    dict(name="birthwt", file="birthwt.csv", target="low",
         hard="row names as a first column with an empty header; bwt is the label's source (low = bwt < 2500 g): a leak; 0/1 labels",
         drop={ROW_NAMES: "R row names (original row numbers, an id)", "bwt": "birth weight: the label is bwt < 2500 (a leak)"}),
    dict(name="birthwt_bwt_kept", file="birthwt.csv", target="low",
         hard="the same table with the leak left in (what a tool that keeps every column sees)",
         drop={ROW_NAMES: "R row names (original row numbers, an id)"}),
    dict(name="fgl", file="fgl.csv", target="type",
         hard="6 classes, the rarest 9 of 214 rows"),
    dict(name="bacteria", file="bacteria.csv", target="y",
         hard="repeated measures: ID (50 patients, 2-5 rows each); n/y labels, 81/19 %",
         drop={"ID": "patient code, repeated (an id)"}),
    dict(name="kyphosis", file="kyphosis.csv", target="Kyphosis",
         hard="81 rows, absent/present labels, 79/21 %"),
    dict(name="cu_summary", file="cu_summary.csv", target="Reliability",
         hard="car names as row names (empty header); 32 of 117 labels NA; 5 ordered classes; Mileage mostly NA",
         drop={ROW_NAMES: "R row names: car model names, unique (an id)"}),
    dict(name="titanic_survival", file="titanic_survival.csv", target="survived",
         hard="passenger names as row names (empty header); age NA for 263 of 1309; yes/no labels",
         drop={ROW_NAMES: "R row names: passenger names, unique (an id)"}),
    dict(name="titanic_rows", file="titanic_rows.csv", target="Survived",
         hard="all features text, 2201 rows but 14 distinct feature rows; No/Yes labels"),
    dict(name="spector", file="spector.csv", target="GRADE",
         hard="32 rows; OBS is 1..32; 0/1 labels",
         drop={"OBS": "row number 1..32 (an id)"}),
    dict(name="anes96", file="anes96.csv", target="vote",
         hard="coded survey answers as integers (ordinal codes); popul spans 0-7300"),
    dict(name="penguins", file="penguins.csv", target="Species",
         hard="column names with spaces and units; Sex has 10 empty cells and one '.'",
         read=dict(na_values=["."]), tidy="'.' in Sex read as missing"),
    dict(name="cars_origin", file="cars_origin.csv", target="Origin",
         hard="Name: 311 distinct of 406; Year as date strings; empty cells in Miles_per_Gallon and Horsepower",
         drop={"Name": "car name, 311 distinct of 406 (high-cardinality text)"},
         derive=[year_only("Year")]),
    dict(name="movies", file="movies.csv", target="Major Genre",
         hard="275 of 3201 labels missing; Title 3176 distinct; Director 550 distinct (1331 empty); dates as 'Jun 12 1998'; 12 classes, the rarest 5 rows; known wrong values",
         drop={"Title": "3176 distinct titles (high-cardinality text, an id)",
               "Director": "550 distinct names, 1331 empty (high-cardinality text)"},
         derive=[date_parts("Release Date", "%b %d %Y")]),
    dict(name="seattle_weather", file="seattle_weather.csv", target="weather",
         hard="a date column (one row per day); 5 classes, snow 26 and drizzle 53 of 1461",
         derive=[date_parts("date", "%Y-%m-%d")]),
    # Synthetic: what exports do to a table (tests/fixtures/tables/make_synthetic.py).
    dict(name="iris_excel_de", file="synthetic/iris_excel_de.csv", target="species",
         hard="';' separators, decimal commas, CRLF", read=dict(sep=";", decimal=",")),
    dict(name="iris_excel_de_thousands", file="synthetic/iris_excel_de_thousands.csv", target="species",
         hard="';', decimal commas and '1.785,0' thousands dots", read=dict(sep=";", decimal=",", thousands=".")),
    dict(name="customers_id", file="synthetic/customers_id.csv", target="churned",
         hard="customer_id: 400 distinct random 6-digit numbers; income: 400 distinct values (a real feature); yes/no labels",
         drop={"customer_id": "distinct per row (an id)"}),
    dict(name="windows1252_de", file="synthetic/windows1252_de.csv", target="Gewichtsklasse",
         hard="Windows-1252 bytes (ö, ü, ß, €), ';', decimal commas, CRLF",
         read=dict(sep=";", decimal=",", encoding="cp1252")),
    dict(name="iris_utf16", file="synthetic/iris_utf16.csv", target="espèce",
         hard="UTF-16 LE with BOM, tab-separated, CRLF (Excel's Unicode Text)",
         read=dict(sep="\t", encoding="utf-16")),
    dict(name="iris_utf8_bom", file="synthetic/iris_utf8_bom.csv", target="species",
         hard="UTF-8 BOM right before the label's name (first column), CRLF",
         read=dict(encoding="utf-8-sig")),
    dict(name="iris_xlsx_named", file="synthetic/iris_xlsx_named.csv", target="species",
         hard="an .xlsx workbook (zip bytes) with a .csv name",
         skip="not a CSV: the rows are iris (see iris_excel_de); read it as a workbook"),
    dict(name="iris_parquet_named", file="synthetic/iris_parquet_named.csv", target="species",
         hard="a Parquet file (PAR1) with a .csv name",
         skip="not a CSV: the rows are iris (see iris_excel_de); read it as Parquet"),
    dict(name="rare_classes", file="synthetic/rare_classes.csv", target="group",
         hard="a class of 1 row and one of 3 (< 5 folds)"),
    dict(name="labels_true_false", file="synthetic/labels_true_false.csv", target="defaulted",
         hard="TRUE/FALSE labels"),
    dict(name="labels_yes_no", file="synthetic/labels_yes_no.csv", target="subscribed",
         hard="yes/no labels"),
    dict(name="shuffled_labels", file="synthetic/shuffled_labels.csv", target="label",
         hard="labels permuted at random: nothing should beat the 60 % majority"),
    dict(name="pima_sized", file="synthetic/pima_sized.csv", target="type",
         hard="200 rows, 2:1 classes, a weak signal (about 0.1 over the majority)"),
]

REGRESSION = [
    dict(name="boston", file="regression/boston.csv", target="medv",
         hard="rows in the source's town order (unshuffled folds differ); medv censored at 50"),
    dict(name="mtcars", file="regression/mtcars.csv", target="mpg",
         hard="32 rows; car names as row names (empty header)",
         drop={ROW_NAMES: "R row names: car names, unique (an id)"}),
    dict(name="airquality", file="regression/airquality.csv", target="Ozone",
         hard="37 of 153 targets NA; Solar.R NA 7; rows in date order (Month, Day)"),
    dict(name="cars_mpg", file="regression/cars_mpg.csv", target="Miles_per_Gallon",
         hard="8 of 406 targets empty; Name 311 distinct; Year as date strings",
         drop={"Name": "car name, 311 distinct of 406 (high-cardinality text)"},
         derive=[year_only("Year")]),
    dict(name="star98", file="regression/star98.csv", target="PR50M",
         hard="target PR50M: 9th graders above the national math median per district; MATHTOT (tested) carries district size; 8 interaction columns"),
    dict(name="diabetes", file="regression/diabetes.csv", target="target",
         hard="442 rows, original units (sex coded 1/2)"),
]


def numeric_and_text(X):
    numeric = [c for c in X.columns if pd.api.types.is_numeric_dtype(X[c]) and not pd.api.types.is_bool_dtype(X[c])]
    return numeric, [c for c in X.columns if c not in numeric]


def preprocessing(numeric, text):
    parts = []
    if numeric:
        parts.append(("num", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), numeric))
    if text:
        parts.append(("cat", make_pipeline(SimpleImputer(strategy="most_frequent"), OneHotEncoder(handle_unknown="ignore")), text))
    return ColumnTransformer(parts)


def read(spec):
    frame = pd.read_csv(os.path.join(TABLES, spec["file"]), **spec.get("read", {}))
    rows, columns = frame.shape
    profile = {
        "rows": rows, "columns": columns,
        "missing_by_column": {c: int(n) for c, n in frame.isna().sum().items() if n},
        "distinct_text_values": {c: int(frame[c].nunique()) for c in frame.columns if frame[c].dtype == object},
    }
    labelled = frame[frame[spec["target"]].notna()].reset_index(drop=True)
    profile["target_missing"] = rows - len(labelled)
    X = labelled.drop(columns=[spec["target"]] + list(spec.get("drop", {})))
    for derive in spec.get("derive", []):
        X = derive(X)
    numeric, text = numeric_and_text(X)
    # Text cells as str (booleans too), missing ones as NaN: one type for imputer and encoder.
    for c in text:
        X[c] = X[c].map(lambda v: np.nan if pd.isna(v) else str(v)).astype(object)
    handling = {
        "dropped": spec.get("drop", {}),
        "derived": [d.note for d in spec.get("derive", [])],
        "numeric": numeric, "text": text,
    }
    if "tidy" in spec:
        handling["read"] = spec["tidy"]
    return X, labelled[spec["target"]], profile, handling


def scores(estimator, X, y, cv, scoring):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        values = cross_val_score(estimator, X, y, cv=cv, scoring=scoring)
    messages = sorted({str(w.message).split("\n")[0] for w in caught if not issubclass(w.category, ConvergenceWarning)})
    converge = sum(issubclass(w.category, ConvergenceWarning) for w in caught)
    return values, messages, converge


def classify(spec):
    result = {"name": spec["name"], "file": f"tests/fixtures/tables/{spec['file']}", "target": spec["target"], "hard": spec["hard"]}
    if "skip" in spec:
        result["skipped"] = spec["skip"]
        return result
    X, y, profile, handling = read(spec)
    result.update(profile=profile, handling=handling)
    counts = y.astype(str).value_counts()
    result["classes"] = {k: int(v) for k, v in counts.items()}
    try:
        split = train_test_split(X, y, test_size=0.2, stratify=y, random_state=SEED)
    except ValueError as error:
        result["sklearn_refuses"] = f"train_test_split(stratify=y): {error}"
        keep = y.map(y.value_counts()) >= 2
        handling["rows_dropped"] = f"{int((~keep).sum())} row(s) of classes with fewer than 2 rows, so the stratified split can run"
        X, y = X[keep].reset_index(drop=True), y[keep].reset_index(drop=True)
        split = train_test_split(X, y, test_size=0.2, stratify=y, random_state=SEED)
    X_train, X_test, y_train, y_test = split
    majority = y_train.value_counts().idxmax()
    result["rows_used"] = len(y)
    result["train_rows"], result["test_rows"] = len(y_train), len(y_test)
    result["majority_test_accuracy"] = float(np.mean(y_test == majority))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the same warning is recorded per model below
        folds = list(StratifiedKFold(5).split(X_train, y_train))
    result["majority_cv_accuracy"] = float(np.mean([np.mean(y_train.iloc[v] == y_train.iloc[t].value_counts().idxmax()) for t, v in folds]))
    models = {"logistic_regression": LogisticRegression(), "random_forest": RandomForestClassifier(random_state=SEED)}
    for key, model in models.items():
        numeric, text = handling["numeric"], handling["text"]
        pipe = Pipeline([("pre", preprocessing(numeric, text)), ("model", model)])
        values, messages, converge = scores(pipe, X_train, y_train, StratifiedKFold(5), "accuracy")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            test = float(pipe.fit(X_train, y_train).score(X_test, y_test))
        result[key] = {"cv_accuracy": float(values.mean()), "cv_std": float(values.std()), "folds": [float(v) for v in values], "test_accuracy": test}
        if converge:
            result[key]["convergence_warnings"] = converge
        if messages:
            result[key]["warnings"] = messages
    return result


def regress(spec):
    X, y, profile, handling = read(spec)
    result = {"name": spec["name"], "file": f"tests/fixtures/tables/{spec['file']}", "target": spec["target"], "hard": spec["hard"],
              "profile": profile, "handling": handling, "rows_used": len(y)}
    models = {"linear_regression": LinearRegression(), "ridge": Ridge(), "random_forest": RandomForestRegressor(random_state=SEED)}
    for key, model in models.items():
        pipe = Pipeline([("pre", preprocessing(handling["numeric"], handling["text"])), ("model", model)])
        values, messages, _ = scores(pipe, X, y, KFold(5), "r2")
        result[key] = {"cv_r2": float(values.mean()), "cv_std": float(values.std()), "folds": [float(v) for v in values]}
        if messages:
            result[key]["warnings"] = messages
    return result


def main():
    only = set(sys.argv[1:])
    classification = [classify(s) for s in CLASSIFICATION if not only or s["name"] in only]
    regression = [regress(s) for s in REGRESSION if not only or s["name"] in only]
    report = {
        "made_by": "bench/peer/tables_reference.py",
        "versions": {"scikit-learn": sklearn.__version__, "pandas": pd.__version__, "numpy": np.__version__},
        "protocol": {
            "classification": "labels present; train_test_split(test_size=0.2, stratify=y, random_state=42); cross_val_score(StratifiedKFold(5)) on the training part; test accuracy of the pipeline refitted on the training part",
            "regression": "targets present; cross_val_score(KFold(5), scoring='r2') on all rows in file order",
            "preprocessing": "ColumnTransformer([SimpleImputer(median)+StandardScaler on numbers, SimpleImputer(most_frequent)+OneHotEncoder(handle_unknown='ignore') on text])",
            "models": "LogisticRegression(), RandomForestClassifier(random_state=42); LinearRegression(), Ridge(), RandomForestRegressor(random_state=42)",
        },
        "classification": classification,
        "regression": regression,
    }
    if not only:
        with open(os.path.join(ROOT, "bench", "peer", "tables_reference.json"), "w", encoding="utf-8") as f:
            json.dump(report, f, indent=1, ensure_ascii=False)
            f.write("\n")

    print(f"{'classification':26s} {'rows':>5s} {'used':>5s} {'cls':>3s} {'major.':>6s} {'LR cv':>6s} {'RF cv':>6s} {'LR test':>7s} {'RF test':>7s}")
    for r in classification:
        if "skipped" in r:
            print(f"{r['name']:26s} skipped: {r['skipped']}")
            continue
        lr, rf = r["logistic_regression"], r["random_forest"]
        flag = " *" if "sklearn_refuses" in r else ""
        print(f"{r['name']:26s} {r['profile']['rows']:5d} {r['rows_used']:5d} {len(r['classes']):3d} {r['majority_cv_accuracy']:6.3f} "
              f"{lr['cv_accuracy']:6.3f} {rf['cv_accuracy']:6.3f} {lr['test_accuracy']:7.3f} {rf['test_accuracy']:7.3f}{flag}")
    print(f"\n{'regression (CV R²)':26s} {'rows':>5s} {'used':>5s} {'linear':>7s} {'ridge':>7s} {'forest':>7s}")
    for r in regression:
        print(f"{r['name']:26s} {r['profile']['rows']:5d} {r['rows_used']:5d} {r['linear_regression']['cv_r2']:7.3f} {r['ridge']['cv_r2']:7.3f} {r['random_forest']['cv_r2']:7.3f}")
    if any("sklearn_refuses" in r for r in classification):
        print("\n* scikit-learn's stratified split refuses the table as it is; scored without the classes of one row")


if __name__ == "__main__":
    main()
