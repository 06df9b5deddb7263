"""The peer's training step, as data scientists write it: a scikit-learn pipeline on the
same iris CSV, pickled with joblib. Usage: python3 train_peer.py <iris.csv> <model.pkl>"""
import csv
import sys

import joblib
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

with open(sys.argv[1], newline="") as file:
    records = list(csv.DictReader(file))
features = [name for name in records[0] if name != "species"]
classes = sorted({record["species"] for record in records})
X = np.array([[float(record[name]) for name in features] for record in records])
y = np.array([classes.index(record["species"]) for record in records])

pipe = Pipeline([("scaler", StandardScaler()), ("classifier", LogisticRegression())])
pipe.fit(X, y)
joblib.dump(pipe, sys.argv[2])
