/**
 * Speed of the tree models on the housing data (NaN imputed with column medians) and on
 * 404 × 13 uniform random data. Run: `npx tsx bench/models.bench.ts`. Prints JSON.
 */
import { fileURLToPath } from "node:url";
import { GradientBoostedTrees, type GradientBoostedTreesOptions } from "../models/gbdt.ts";
import { Random } from "../models/random.ts";
import { RandomForestRegressor } from "../models/random-forest.ts";
import { readHousingCsv } from "../pipeline/dataset.ts";
import { DEFAULT_GBDT_SPACE, sampleCandidates } from "../pipeline/search-space.ts";

function medianImpute(rows: number[][]): number[][] {
  const p = rows[0]!.length;
  const medians = Array.from({ length: p }, (_, j) => {
    const v = rows.map((r) => r[j]!).filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
    const m = v.length >> 1;
    return v.length % 2 ? v[m]! : (v[m - 1]! + v[m]!) / 2;
  });
  return rows.map((r) => r.map((x, j) => (Number.isNaN(x) ? medians[j]! : x)));
}

function randomData(n: number, p: number, seed: number): { x: number[][]; y: number[] } {
  const rng = new Random(seed);
  const x = Array.from({ length: n }, () => Array.from({ length: p }, () => rng.next()));
  const y = x.map((r) => Math.sin(6 * r[0]!) * 3 + r[1]! * r[1]! * 4 + r[2]! - r[3]! * r[4]! + rng.next());
  return { x, y };
}

/** Best of `repeats` wall-clock timings in milliseconds (after one warm-up run). */
function time<T>(fn: () => T, repeats = 3): { ms: number; result: T } {
  let result = fn();
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    result = fn();
    best = Math.min(best, performance.now() - start);
  }
  return { ms: best, result };
}

const round = (v: number, digits = 1) => Number(v.toFixed(digits));

function gbdtFit(x: number[][], y: number[], options: GradientBoostedTreesOptions) {
  const { ms, result } = time(() => new GradientBoostedTrees(options).fit(x, y));
  return { ...options, fitMs: round(ms), treesPerSecond: Math.round((result.nTrees / ms) * 1000), nodes: result.trees.nNodes };
}

const csv = fileURLToPath(new URL("../data/HousingData.csv", import.meta.url));
const housing = readHousingCsv(csv);
const hx = medianImpute(housing.rows);
const hy = housing.target;
const rnd = randomData(404, 13, 1);

const gbdt300 = new GradientBoostedTrees({ nEstimators: 300, maxDepth: 6, learningRate: 0.1 }).fit(hx, hy);
const flat = Float64Array.from(hx.flat());
const predict = time(() => gbdt300.predictFlat(flat, hx.length), 5);
// One row at a time, as a single prediction request is served (a Float64Array row per call).
const width = hx[0]!.length;
const rowViews = hx.map((_, i) => flat.subarray(i * width, (i + 1) * width));
const predictOne = time(() => rowViews.map((row) => gbdt300.predictOne(row)), 5);
const shapRows = hx.slice(0, 100);
const shap = time(() => gbdt300.meanAbsShap(shapRows), 1);
const rf = time(() => new RandomForestRegressor({ nEstimators: 100 }).fit(hx, hy), 2);
const rfRandom = time(() => new RandomForestRegressor({ nEstimators: 100 }).fit(rnd.x, rnd.y), 2);
const rfShap = time(() => rf.result.meanAbsShap(shapRows), 1);
const rfPredict = time(() => rf.result.predictFlat(flat, hx.length), 5);

// The training pipeline's random search: 40 candidates from its GBDT space on 404 × 13, scaled to 500 fits.
const candidates = sampleCandidates(DEFAULT_GBDT_SPACE, 40, 7);
let searchTrees = 0;
const searchStart = performance.now();
for (const params of candidates) searchTrees += new GradientBoostedTrees(params as GradientBoostedTreesOptions).fit(rnd.x, rnd.y).nTrees;
const searchMs = performance.now() - searchStart;

console.log(
  JSON.stringify(
    {
      node: process.version,
      housing: {
        rows: hx.length,
        features: hx[0]!.length,
        gbdt: [
          gbdtFit(hx, hy, { nEstimators: 300, maxDepth: 6, learningRate: 0.1 }),
          gbdtFit(hx, hy, { nEstimators: 300, maxDepth: 10, learningRate: 0.1 }),
          gbdtFit(hx, hy, { nEstimators: 500, maxDepth: 6, learningRate: 0.3 }),
          gbdtFit(hx, hy, { nEstimators: 300, maxDepth: 6, learningRate: 0.1, gamma: 0.5 }),
        ],
        predictFlatRowsPerSecond: Math.round((hx.length / predict.ms) * 1000),
        predictOneRowsPerSecond: Math.round((hx.length / predictOne.ms) * 1000),
        predictFlatTrees: gbdt300.nTrees,
        treeShapRowsPerSecond: { gbdt300Depth6: round((shapRows.length / shap.ms) * 1000), randomForest100: round((shapRows.length / rfShap.ms) * 1000) },
        randomForest: {
          nEstimators: 100,
          fitMs: round(rf.ms),
          nodes: rf.result.trees.nNodes,
          predictFlatRowsPerSecond: Math.round((hx.length / rfPredict.ms) * 1000),
        },
      },
      random404x13: {
        gbdt: [
          gbdtFit(rnd.x, rnd.y, { nEstimators: 300, maxDepth: 6, learningRate: 0.1 }),
          gbdtFit(rnd.x, rnd.y, { nEstimators: 300, maxDepth: 10, learningRate: 0.1 }),
          gbdtFit(rnd.x, rnd.y, { nEstimators: 300, maxDepth: 6, learningRate: 0.1, subsample: 0.8, colsampleByTree: 0.8 }),
        ],
        randomForest: { nEstimators: 100, fitMs: round(rfRandom.ms), nodes: rfRandom.result.trees.nNodes },
        gbdtSearchSpace: {
          fits: candidates.length,
          trees: searchTrees,
          ms: Math.round(searchMs),
          treesPerSecond: Math.round((searchTrees / searchMs) * 1000),
          projected500FitsSingleCoreSeconds: round((searchMs / candidates.length) * 0.5),
        },
      },
    },
    null,
    2,
  ),
);
