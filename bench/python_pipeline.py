"""
A Python-style reference pipeline, for the README's comparison only (never run by CI or tests):
median imputation, XGBoost with its defaults (xgboost 1.7.4, tree_method="exact"), a random forest
and ridge (scikit-learn 1.2.1), the model chosen by 5-fold CV RMSE on the training split, its test
RMSE reported. Reads Domus's splits (bench/seeded-splits.ts) on stdin so both pipelines score the
same rows:

    npx tsx bench/seeded-splits.ts 1 2 3 4 5 | /usr/bin/python3 bench/python_pipeline.py
"""
import json
import statistics
import sys

import numpy as np
import pandas as pd
from sklearn.ensemble import RandomForestRegressor
from sklearn.impute import SimpleImputer
from sklearn.linear_model import Ridge
from sklearn.model_selection import KFold, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from xgboost import XGBRegressor

data = pd.read_csv(__file__.rsplit("/", 2)[0] + "/data/HousingData.csv")
X = data.drop(columns=["MEDV"]).to_numpy(dtype=float)
y = data["MEDV"].to_numpy(dtype=float)
splits = json.load(sys.stdin)


def candidates(seed):
    return {
        "xgboost-defaults": make_pipeline(SimpleImputer(strategy="median"), XGBRegressor(tree_method="exact", random_state=seed, n_jobs=1)),
        "random-forest": make_pipeline(SimpleImputer(strategy="median"), RandomForestRegressor(random_state=seed, n_jobs=1)),
        "ridge": make_pipeline(SimpleImputer(strategy="median"), StandardScaler(), Ridge(alpha=10)),
    }


results = []
for seed, split in splits.items():
    train, test = np.array(split["train"]), np.array(split["test"])
    folds = KFold(n_splits=5, shuffle=True, random_state=int(seed))
    scored = {}
    for name, model in candidates(int(seed)).items():
        cv = -cross_val_score(model, X[train], y[train], cv=folds, scoring="neg_root_mean_squared_error").mean()
        model.fit(X[train], y[train])
        rmse = float(np.sqrt(np.mean((model.predict(X[test]) - y[test]) ** 2)))
        scored[name] = {"cv_rmse": float(cv), "test_rmse": rmse}
    chosen = min(scored, key=lambda k: scored[k]["cv_rmse"])
    results.append({"seed": int(seed), "chosen": chosen, "test_rmse": scored[chosen]["test_rmse"], "models": scored})

tests = [r["test_rmse"] for r in results]
print(json.dumps({"splits": results, "chosen_test_rmse_mean": statistics.mean(tests), "chosen_test_rmse_std": statistics.stdev(tests)}, indent=2))
