import { describe, expect, it } from "vitest";
import { Random } from "../../models/random.ts";
import { readHousingCsv } from "../../pipeline/dataset.ts";
import { DEFAULT_PIPELINE_OPTIONS, runPipeline } from "../../pipeline/experiments.ts";
import { type EarlyStoppedCv, proposeTpe, searchGbdt, splitBudget } from "../../pipeline/search.ts";
import { DEFAULT_GBDT_SPACE, type SearchSpace } from "../../pipeline/search-space.ts";
import { pick, trainTestSplit } from "../../pipeline/split.ts";
import { bestRound } from "../../pipeline/tasks.ts";

const data = readHousingCsv("data/HousingData.csv");

describe("GBDT search", () => {
  it("splits the default 50 candidates into 20 random and 30 guided", () => {
    expect(splitBudget(50)).toEqual({ randomCandidates: 20, guidedCandidates: 30 });
    expect(splitBudget(1)).toEqual({ randomCandidates: 1, guidedCandidates: 0 });
  });

  it("scores every fold at the round with the lowest mean held-out RMSE over the rounds all folds reached", () => {
    expect(bestRound([[5, 4, 3, 3.5], [5, 4, 3.2, 2], [6, 5, 4]])).toBe(2);
    expect(bestRound([[1, 2], [1, 2]])).toBe(0);
  });

  it("proposes within the space, reproducibly, near the good candidates", () => {
    const space: SearchSpace = { learningRate: { type: "float", min: 0.01, max: 0.3, log: true }, maxDepth: { type: "int", min: 2, max: 10 }, nEstimators: { type: "int", min: 1000, max: 1000 } };
    // Good candidates all have a small η; the bad ones a large η.
    const observed = Array.from({ length: 20 }, (_, i) => ({ params: { learningRate: i < 5 ? 0.012 + i * 0.001 : 0.2, maxDepth: 2 + (i % 9), nEstimators: 1000 }, score: i }));
    const a = Array.from({ length: 10 }, (_, i) => proposeTpe(space, observed, new Random(i)));
    expect(Array.from({ length: 10 }, (_, i) => proposeTpe(space, observed, new Random(i)))).toEqual(a);
    for (const p of a) {
      expect(p.learningRate).toBeGreaterThanOrEqual(0.01);
      expect(p.learningRate).toBeLessThanOrEqual(0.3);
      expect(Number.isInteger(p.maxDepth)).toBe(true);
      expect(p.nEstimators).toBe(1000);
    }
    expect(a.filter((p) => Number(p.learningRate) < 0.05).length).toBeGreaterThanOrEqual(8);
  });

  it("re-cross-validates the near-best on more shuffles and keeps the lowest mean over all of them", async () => {
    // Candidate 0 looks best on the standard folds by luck; on the extra shuffles candidate 1 is better.
    const byIndex = [
      { standard: [3.0, 3.0], repeat: [3.6, 3.6] },
      { standard: [3.02, 3.02], repeat: [3.1, 3.1] },
      { standard: [9, 9], repeat: [9, 9] },
    ];
    const evaluate = async (_params: unknown, index: number, shuffle?: number): Promise<EarlyStoppedCv> => {
      const scores = byIndex[index]!;
      return { foldRmse: (shuffle === undefined ? scores.standard : scores.repeat).map((v, k) => v + k * 0.1), bestTrees: 100 + (shuffle ?? 0) * 10, durationMs: 1 };
    };
    const space: SearchSpace = { nEstimators: { type: "int", min: 1000, max: 1000 }, maxDepth: { type: "int", min: 2, max: 10 } };
    const outcome = await searchGbdt(space, { randomCandidates: 3, guidedCandidates: 0, batchSize: 1, earlyStoppingRounds: 10, repeats: 2, maxFinalists: 4, seed: 1 }, evaluate);
    expect(outcome.candidates.map((c) => c.origin)).toEqual(["random", "random", "random"]);
    expect(outcome.best.index).toBe(1);
    expect(outcome.best.params.nEstimators).toBe(Math.round((100 + 110 + 120) / 3));
    expect(outcome.candidates[2]!.repeatedCvRmse).toBeUndefined();
  });
});

describe("full pipeline selection is leak-free", () => {
  it("permuting the test split's targets changes no choice and no CV number", { timeout: 600_000 }, async () => {
    const split = trainTestSplit(data.rows.length, 0.2, 3);
    const train = { ...data, rows: pick(data.rows, split.train), target: pick(data.target, split.train) };
    const test = { ...data, rows: pick(data.rows, split.test), target: pick(data.target, split.test) };
    const permuted = { ...test, target: new Random(9).shuffle(test.target) };
    const options = {
      ...DEFAULT_PIPELINE_OPTIONS,
      workers: 0,
      cvFolds: 3,
      searchIterations: 5,
      search: { batchSize: 2, earlyStoppingRounds: 5, repeats: 1 },
      gbdtSpace: { ...DEFAULT_GBDT_SPACE, nEstimators: { type: "int" as const, min: 40, max: 40 }, maxDepth: { type: "int" as const, min: 2, max: 4 } },
    };
    const summary = (r: Awaited<ReturnType<typeof runPipeline>>) => ({
      best: `${r.best.experiment}/${r.best.name}`,
      runs: r.runs
        .map((run) => ({ name: `${run.experiment}/${run.name}`, params: run.params, features: run.features, cv: run.foldRmse, fresh: run.freshFoldRmse, candidates: run.candidates.map(({ durationMs: _, ...c }) => c) }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    });
    const honest = await runPipeline(data, { ...options, givenSplit: { train, test } });
    const shuffled = await runPipeline(data, { ...options, givenSplit: { train, test: permuted } });
    expect(summary(shuffled)).toEqual(summary(honest));
    // The test metrics did see the permutation (the check above is not vacuous).
    expect(shuffled.best.metrics.test_rmse).not.toBe(honest.best.metrics.test_rmse);
    const searched = honest.runs.find((r) => r.name === "gbdt-search-all-features")!;
    expect(searched.candidates).toHaveLength(5);
    expect(searched.candidates.filter((c) => c.chosen)).toHaveLength(1);
  });
});
