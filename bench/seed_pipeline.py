"""
The seed project's training pipeline, as its design describes it, for Domus's yardstick only
(never run by CI or tests; bench/yardstick.ts compares Domus against its output):

  - median imputation (fitted on the training split),
  - baselines: LinearRegression, Ridge (defaults), RandomForestRegressor(n_estimators=100, max_depth=10, random_state=42),
  - exp1: RandomizedSearchCV(XGBRegressor, n_iter=50, cv=5, scoring="neg_root_mean_squared_error") over the seed's space,
  - exp2: XGBRegressor defaults on the SHAP-selected features (mean |SHAP| of a default XGBRegressor on the training
    split, features above the 20th percentile kept; SHAP values from xgboost's own pred_contribs),
  - exp3: the same search on the selected features,

then the model with the lowest CV RMSE on the training split is chosen (the seed chose by test RMSE, which leaks;
here the test split is only scored) and its test RMSE reported. xgboost 1.7.4 / scikit-learn 1.2.1 (Debian
packages), one thread everywhere (n_jobs=1, OMP_NUM_THREADS=1). Reads Domus's splits on stdin so both pipelines
score the same rows; prints one JSON object with per-split results, wall and CPU seconds:

    npx tsx bench/seeded-splits.ts 1 2 3 4 5 | OMP_NUM_THREADS=1 /usr/bin/python3 bench/seed_pipeline.py
"""
import json
import os
import resource
import statistics
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import sklearn  # noqa: E402
import xgboost  # noqa: E402
from scipy.stats import randint, uniform  # noqa: E402
from sklearn.ensemble import RandomForestRegressor  # noqa: E402
from sklearn.impute import SimpleImputer  # noqa: E402
from sklearn.linear_model import LinearRegression, Ridge  # noqa: E402
from sklearn.model_selection import RandomizedSearchCV, cross_val_score  # noqa: E402
from xgboost import XGBRegressor  # noqa: E402

SEARCH_SPACE = {
    "n_estimators": randint(100, 1001),
    "max_depth": randint(3, 11),
    "learning_rate": uniform(0.01, 0.29),
    "subsample": uniform(0.6, 0.4),
    "colsample_bytree": uniform(0.6, 0.4),
    "min_child_weight": randint(1, 11),
    "gamma": uniform(0, 0.5),
    "reg_alpha": uniform(0, 1),
    "reg_lambda": uniform(0.5, 1.5),
}
CV = 5
N_ITER = int(os.environ.get("SEED_PIPELINE_N_ITER", "50"))  # smaller only for a smoke run
SELECTION_PERCENTILE = 20

data = pd.read_csv(__file__.rsplit("/", 2)[0] + "/data/HousingData.csv")
features = [c for c in data.columns if c != "MEDV"]
X_all = data[features].to_numpy(dtype=float)
y_all = data["MEDV"].to_numpy(dtype=float)
splits = json.load(sys.stdin)


def cpu_seconds():
    self_ = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return self_.ru_utime + self_.ru_stime + children.ru_utime + children.ru_stime


def rmse(model, X, y):
    return float(np.sqrt(np.mean((model.predict(X) - y) ** 2)))


def cv_rmse(model, X, y):
    return float(-cross_val_score(model, X, y, cv=CV, scoring="neg_root_mean_squared_error").mean())


def xgb(**params):
    return XGBRegressor(random_state=42, n_jobs=1, **params)


def searched(X, y, X_test, y_test):
    search = RandomizedSearchCV(xgb(), SEARCH_SPACE, n_iter=N_ITER, cv=CV, scoring="neg_root_mean_squared_error", random_state=42, n_jobs=1)
    search.fit(X, y)
    params = {k: (v.item() if hasattr(v, "item") else v) for k, v in search.best_params_.items()}
    return {"cv_rmse": float(-search.best_score_), "test_rmse": rmse(search.best_estimator_, X_test, y_test), "params": params}


results = []
started_wall, started_cpu = time.perf_counter(), cpu_seconds()
for seed, split in splits.items():
    split_wall, split_cpu = time.perf_counter(), cpu_seconds()
    train, test = np.array(split["train"]), np.array(split["test"])
    imputer = SimpleImputer(strategy="median").fit(X_all[train])
    X, X_test = imputer.transform(X_all[train]), imputer.transform(X_all[test])
    y, y_test = y_all[train], y_all[test]
    models = {}
    for name, model in {
        "linear": LinearRegression(),
        "ridge": Ridge(),
        "random-forest": RandomForestRegressor(n_estimators=100, max_depth=10, random_state=42, n_jobs=1),
    }.items():
        cv = cv_rmse(model, X, y)
        model.fit(X, y)
        models[name] = {"cv_rmse": cv, "test_rmse": rmse(model, X_test, y_test)}
    # exp1: the search on all features.
    models["exp1-search-all-features"] = searched(X, y, X_test, y_test)
    # exp2: SHAP selection (mean |SHAP| of a default XGBRegressor), defaults on the selected features.
    shap = xgb().fit(X, y).get_booster().predict(xgboost.DMatrix(X), pred_contribs=True)[:, :-1]
    importance = np.abs(shap).mean(axis=0)
    selected = [j for j in range(len(features)) if importance[j] > np.percentile(importance, SELECTION_PERCENTILE)]
    Xs, Xs_test = X[:, selected], X_test[:, selected]
    model = xgb()
    cv = cv_rmse(model, Xs, y)
    model.fit(Xs, y)
    models["exp2-defaults-selected-features"] = {"cv_rmse": cv, "test_rmse": rmse(model, Xs_test, y_test), "features": [features[j] for j in selected]}
    # exp3: the search on the selected features.
    models["exp3-search-selected-features"] = searched(Xs, y, Xs_test, y_test)
    chosen = min(models, key=lambda k: models[k]["cv_rmse"])
    results.append({
        "seed": int(seed),
        "chosen": chosen,
        "cv_rmse": models[chosen]["cv_rmse"],
        "test_rmse": models[chosen]["test_rmse"],
        "wall_seconds": time.perf_counter() - split_wall,
        "cpu_seconds": cpu_seconds() - split_cpu,
        "models": models,
    })
    print(f"seed {seed}: {chosen} test RMSE {models[chosen]['test_rmse']:.4f} ({results[-1]['wall_seconds']:.0f} s)", file=sys.stderr, flush=True)

tests = [r["test_rmse"] for r in results]
print(json.dumps({
    "versions": {"xgboost": xgboost.__version__, "sklearn": sklearn.__version__, "numpy": np.__version__},
    "splits": results,
    "chosen_test_rmse_mean": statistics.mean(tests),
    "chosen_test_rmse_std": statistics.stdev(tests) if len(tests) > 1 else 0.0,
    "wall_seconds": time.perf_counter() - started_wall,
    "cpu_seconds": cpu_seconds() - started_cpu,
}, indent=2))
