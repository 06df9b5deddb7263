"""A fresh Python process to its first prediction: import scikit-learn and joblib,
load the pickled pipeline, predict one row. Usage: python3 cold_start.py <model.pkl>"""
import sys

import joblib
import numpy as np

model = joblib.load(sys.argv[1])
model.predict(np.array([[5.1, 3.5, 1.4, 0.2]]))
