"""The peer's batch scoring, as a pandas user writes it: read_csv, the pipeline's
predict_proba, to_csv with the label and one probability column per class.
Usage: python3 score_csv.py <model.pkl> <rows.csv> <out.csv>; prints the seconds taken."""
import sys
import time

import joblib
import pandas as pd

model = joblib.load(sys.argv[1])
started = time.perf_counter()
frame = pd.read_csv(sys.argv[2])
features = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
probabilities = model.predict_proba(frame[features].to_numpy())
frame["label"] = model.classes_[probabilities.argmax(axis=1)]
for k, name in enumerate(model.classes_):
    frame[f"probability_{name}"] = probabilities[:, k]
frame.to_csv(sys.argv[3], index=False)
print(time.perf_counter() - started)
