/**
 * The playground's default tab: one documented document with several named operations, and
 * variables holding the first Boston-housing row (used by Predict and Explain).
 */

/** The first row of the Boston-housing data (its MEDV, the target, is 24.0). */
export const FIRST_BOSTON_ROW = {
  CRIM: 0.00632,
  ZN: 18,
  INDUS: 2.31,
  CHAS: 0,
  NOX: 0.538,
  RM: 6.575,
  AGE: 65.2,
  DIS: 4.09,
  RAD: 1,
  TAX: 296,
  PTRATIO: 15.3,
  B: 396.9,
  LSTAT: 4.98,
} as const;

export const DEFAULT_VARIABLES = JSON.stringify({ input: FIRST_BOSTON_ROW }, null, 2);

export const DEFAULT_DOCUMENT = `# Domus GraphQL playground
#
# 1. Paste an API key in the field above (kept in this tab's sessionStorage only).
#    READ: queries and subscriptions; PREDICT: + predict, batchPredict, explain;
#    ADMIN: everything. The first-start admin key is in data/admin.key.
# 2. This document holds several operations: put the cursor inside one and press
#    Ctrl-Enter (Cmd-Enter on macOS), or press the run button and pick one.
# 3. $input (Variables, below) is the first Boston-housing row; its true MEDV is 24.0.
#
# Values are in $1000s (MEDV). ZN, INDUS and CHAS are optional: a missing one is imputed with
# the model's training median (mode for CHAS) and listed in imputedFeatures.

# Predicts one house with the champion (add modelVersion: N to pick a version). PREDICT role.
mutation Predict($input: HousingFeaturesInput!) {
  predict(input: $input) {
    value
    modelVersion
    imputedFeatures
    outOfRangeFeatures
    latencyMs
  }
}

# Predicts several houses with one model version; results keep the input order.
# The second row leaves out INDUS and CHAS: they come back in imputedFeatures. PREDICT role.
mutation BatchPredict {
  batchPredict(
    inputs: [
      { CRIM: 0.00632, ZN: 18, INDUS: 2.31, CHAS: 0, NOX: 0.538, RM: 6.575, AGE: 65.2, DIS: 4.09, RAD: 1, TAX: 296, PTRATIO: 15.3, B: 396.9, LSTAT: 4.98 }
      { CRIM: 0.02731, ZN: 0, NOX: 0.469, RM: 6.421, AGE: 78.9, DIS: 4.9671, RAD: 2, TAX: 242, PTRATIO: 17.8, B: 396.9, LSTAT: 9.14 }
    ]
  ) {
    count
    modelVersion
    totalLatencyMs
    predictions {
      id
      value
      imputedFeatures
      outOfRangeFeatures
    }
  }
}

# Exact SHAP contributions of $input: baseValue + sum(contributions) == prediction.
# Not stored as a prediction. PREDICT role.
mutation Explain($input: HousingFeaturesInput!) {
  explain(input: $input) {
    prediction
    baseValue
    modelVersion
    contributions {
      feature
      value
      contribution
    }
  }
}

# The version serving by default, with its frozen test metrics. READ role.
query Champion {
  champion {
    name
    version
    status
    algorithm
    features
    promotedAt
    metrics {
      key
      value
      step
    }
  }
}

# Experiments, newest first, with their runs, metrics and artifacts.
# Artifact urls are signed: open them in the browser as they are. READ role.
query Experiments {
  experiments {
    id
    name
    createdAt
    runs {
      id
      name
      status
      algorithm
      durationMs
      metrics {
        key
        value
        step
      }
      artifacts {
        name
        contentType
        url
      }
      modelVersion {
        version
        status
      }
    }
  }
}

# Serving statistics over the last hour (pass since/until for another window). READ role.
query ServingMetrics {
  servingMetrics {
    windowStart
    windowEnd
    totalPredictions
    predictionsPerMinute
    successfulRequests
    errorCount
    errorRate
    errorsByCode
    latency {
      count
      meanMs
      p50Ms
      p95Ms
      p99Ms
      maxMs
    }
    predictions {
      count
      mean
      std
      min
      median
      max
    }
  }
}

# The latest drift checks of logged predictions against the model's training data. READ role.
query DriftReports {
  driftReports(limit: 5) {
    id
    createdAt
    modelVersion
    referenceSize
    currentSize
    sufficientData
    message
    datasetDrift
    driftShare
    driftShareThreshold
    features {
      feature
      method
      score
      threshold
      detected
    }
    predictionDrift {
      method
      score
      detected
    }
  }
}

# Every logged prediction, live, over graphql-ws. Run it, then run Predict from another
# tab or client: each prediction appears here. Press the stop button to end it. READ role.
subscription LivePredictions {
  predictionMade {
    id
    requestId
    value
    modelVersion
    imputedFeatures
    outOfRangeFeatures
    latencyMs
    createdAt
  }
}
`;
