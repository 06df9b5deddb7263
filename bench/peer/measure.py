"""In-process figures of the peer, printed as JSON: one-row predict latency and
predict_proba throughput on the rows the benchmark gives (a CSV without header).
Usage: python3 measure.py <model.pkl> <rows.csv>"""
import json
import sys
import time

import joblib
import numpy as np

model = joblib.load(sys.argv[1])
rows = np.loadtxt(sys.argv[2], delimiter=",")
one = rows[:1]

for _ in range(2000):
    model.predict(one)
samples = []
for _ in range(50):
    start = time.perf_counter()
    for _ in range(200):
        model.predict(one)
    samples.append((time.perf_counter() - start) / 200 * 1e6)

batch = []
for _ in range(7):
    start = time.perf_counter()
    model.predict_proba(rows)
    batch.append(len(rows) / (time.perf_counter() - start))

print(json.dumps({"one_row_us": samples, "batch_rows_per_s": batch}))
