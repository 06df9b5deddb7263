"""A generated benchmark data set, as scikit-learn makes it: make_classification with 20
features (or <features>; 10 informative, 5 redundant), 3 classes, random_state 0, label last.
Usage: python3 make_classification.py <rows> <out.csv> [<features>]"""
import sys

import numpy as np
from sklearn.datasets import make_classification

rows, out = int(sys.argv[1]), sys.argv[2]
features = int(sys.argv[3]) if len(sys.argv) > 3 else 20
X, y = make_classification(n_samples=rows, n_features=features, n_informative=10, n_redundant=5, n_classes=3, random_state=0)
header = ",".join([f"x{j}" for j in range(features)] + ["label"])
np.savetxt(out, np.column_stack([X, y]), delimiter=",", header=header, comments="", fmt=["%.6f"] * features + ["%d"])
