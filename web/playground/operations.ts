/**
 * The playground's default tab: one documented document with several named operations, and
 * variables holding the first Boston-housing row (used by Predict and Explain).
 */
import { EXAMPLE_ROW } from "../../pipeline/features.ts";

/** The first row of the Boston-housing data (its MEDV, the target, is 24.0). */
export const FIRST_BOSTON_ROW = EXAMPLE_ROW;

export const DEFAULT_VARIABLES = JSON.stringify({ input: FIRST_BOSTON_ROW }, null, 2);

export const DEFAULT_DOCUMENT = `# Domus GraphQL playground
#
# 1. Paste an API key in the bar above (it stays in this
#    tab's sessionStorage). Roles: READ for queries and
#    subscriptions, PREDICT for predict/explain, ADMIN for
#    everything; the first-start admin key is in a file
#    named after the database (data/domus.db.admin.key by
#    default, next to the SQLite file).
# 2. Several operations live here: put the cursor inside
#    one and press Ctrl-Enter (Cmd-Enter on macOS), or
#    press the run button and pick one.
# 3. $input (Variables, below) is the first Boston-housing
#    row; its true MEDV is 24.0.
#
# Values are MEDV in $1000s. ZN, INDUS and CHAS are
# optional: a missing one is imputed with the training
# median (mode for CHAS) and listed in imputedFeatures.

# One house with the champion (or modelVersion: N). PREDICT.
mutation Predict($input: HousingFeaturesInput!) {
  predict(input: $input) {
    value
    modelVersion
    imputedFeatures
    outOfRangeFeatures
    latencyMs
  }
}

# Several houses, one model version, results in input
# order. The second row leaves out INDUS and CHAS: they
# come back in imputedFeatures. PREDICT.
mutation BatchPredict {
  batchPredict(
    inputs: [
      {
        CRIM: 0.00632, ZN: 18, INDUS: 2.31, CHAS: 0
        NOX: 0.538, RM: 6.575, AGE: 65.2, DIS: 4.09, RAD: 1
        TAX: 296, PTRATIO: 15.3, B: 396.9, LSTAT: 4.98
      }
      {
        CRIM: 0.02731, ZN: 0
        NOX: 0.469, RM: 6.421, AGE: 78.9, DIS: 4.9671, RAD: 2
        TAX: 242, PTRATIO: 17.8, B: 396.9, LSTAT: 9.14
      }
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

# Exact SHAP contributions of $input:
# baseValue + sum(contributions) == prediction.
# Not stored as a prediction. PREDICT.
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

# The version serving by default, with the metrics frozen
# at registration. READ.
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

# Experiments, newest first, with their runs, metrics and
# artifacts. Artifact urls are signed: open them in the
# browser as they are. READ.
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

# Serving statistics over the last hour (since/until for
# another window). READ.
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

# The latest drift checks of logged predictions against
# the model's training data. READ.
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

# Every logged prediction, live, over graphql-ws. Run it,
# then predict from another tab or client: each prediction
# shows up here. The stop button ends it. READ.
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
