"""
XGBoost 1.7.4 `tree_method="hist"` (and "exact") on the data bench/hist.ts writes, single-threaded, for the
hist parity/CPU comparison (never run by CI or tests). Reads a JSON job on stdin:
{ "sets": [{ "name", "train": csv, "test": csv }], "params": {...}, "methods": ["hist", ...] } (CSV: features..., y; no header)
and prints, per set and method, the test RMSE and the CPU seconds of fit().
"""
import json
import sys
import time

import numpy as np
import xgboost
from xgboost import XGBRegressor

job = json.load(sys.stdin)
out = {"xgboost": xgboost.__version__, "results": []}
for s in job["sets"]:
    train = np.loadtxt(s["train"], delimiter=",", dtype=np.float64)
    test = np.loadtxt(s["test"], delimiter=",", dtype=np.float64)
    X, y, Xt, yt = train[:, :-1], train[:, -1], test[:, :-1], test[:, -1]
    for method in job["methods"]:
        model = XGBRegressor(tree_method=method, n_jobs=1, max_bin=256, base_score=float(np.mean(y)), **job["params"])
        cpu = time.process_time()
        model.fit(X, y)
        cpu = time.process_time() - cpu
        rmse = float(np.sqrt(np.mean((model.predict(Xt) - yt) ** 2)))
        out["results"].append({"set": s["name"], "method": method, "rmse": rmse, "cpuSeconds": cpu})
print(json.dumps(out))
