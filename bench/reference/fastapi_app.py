"""Reference server for `npm run bench`: the FastAPI + XGBoost service Domus replaces.

FastAPI + uvicorn (uvloop, httptools), one worker, pydantic validation, an XGBoost JSON model.
Run: /usr/bin/python3 bench/reference/fastapi_app.py PORT MODEL_JSON [TRAINING_CSV]
(without MODEL_JSON on disk, a 100-tree model is trained from TRAINING_CSV and saved there first).
Benchmark-only: never used by Domus at run or test time.
"""
import os
import sys
from typing import List, Optional

import numpy as np
import uvicorn
import xgboost as xgb
from fastapi import FastAPI
from pydantic import BaseModel, confloat

FEATURES = ["CRIM", "ZN", "INDUS", "CHAS", "NOX", "RM", "AGE", "DIS", "RAD", "TAX", "PTRATIO", "B", "LSTAT"]


class Features(BaseModel):
    CRIM: confloat(ge=0)
    ZN: Optional[confloat(ge=0, le=100)] = None
    INDUS: Optional[confloat(ge=0, le=100)] = None
    CHAS: Optional[confloat(ge=0, le=1)] = None
    NOX: confloat(gt=0, le=1)
    RM: confloat(gt=0, le=20)
    AGE: confloat(ge=0, le=100)
    DIS: confloat(gt=0)
    RAD: confloat(ge=1)
    TAX: confloat(gt=0)
    PTRATIO: confloat(gt=0)
    B: confloat(ge=0, le=396.9)
    LSTAT: confloat(ge=0, le=100)


def load_model(path: str, csv: Optional[str]) -> xgb.Booster:
    if not os.path.exists(path):
        import pandas as pd
        data = pd.read_csv(csv, na_values=["NA"]).dropna(subset=["MEDV"])
        model = xgb.XGBRegressor(n_estimators=100, max_depth=3, learning_rate=0.1)
        model.fit(data[FEATURES].to_numpy(dtype=np.float64), data["MEDV"].to_numpy())
        model.get_booster().save_model(path)
    booster = xgb.Booster()
    booster.load_model(path)
    return booster


booster = load_model(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None)
app = FastAPI()


def matrix(rows: List[Features]) -> xgb.DMatrix:
    values = [[np.nan if getattr(r, f) is None else getattr(r, f) for f in FEATURES] for r in rows]
    return xgb.DMatrix(np.asarray(values, dtype=np.float64), feature_names=FEATURES, missing=np.nan)


@app.post("/predict")
def predict(features: Features):
    return {"value": float(booster.predict(matrix([features]))[0])}


@app.post("/predict/batch")
def predict_batch(rows: List[Features]):
    return {"values": booster.predict(matrix(rows)).tolist(), "count": len(rows)}


if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), workers=1, loop="uvloop", http="httptools", log_level="warning", access_log=False)
