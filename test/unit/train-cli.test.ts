import { describe, expect, it } from "vitest";
import { UsageError, parseTrainArgs } from "../../src/commands/train.ts";
import { trainingRequestFromConfig } from "../../src/modules/training/train-and-register.ts";
import { loadConfig } from "../../src/config.ts";

const config = loadConfig({ TRAIN_WORKERS: "2" });

describe("domus train flags", () => {
  it("defaults to the configuration", () => {
    const { request, json } = parseTrainArgs([], config);
    expect(request).toMatchObject({ mode: "full", seed: 42, searchIterations: 50, cvFolds: 5, workers: 2, gate: { minTestR2: 0.75, rmseTolerance: 0 } });
    expect(json).toBe(false);
  });

  it("reads every flag", () => {
    const { request, json } = parseTrainArgs(
      ["--seed", "7", "--search-iterations", "10", "--cv-folds", "3", "--workers", "0", "--train", "a.csv", "--test", "b.csv", "--only", "gbdt", "--params", '{"maxDepth":4}', "--json"],
      config,
    );
    expect(request).toMatchObject({ seed: 7, searchIterations: 10, cvFolds: 3, workers: 0, givenSplit: { trainPath: "a.csv", testPath: "b.csv" }, only: { algorithm: "gbdt", params: { maxDepth: 4 } } });
    expect(json).toBe(true);
    expect(parseTrainArgs(["--quick"], config).request.mode).toBe("quick");
    expect(parseTrainArgs(["--only", "gbdt", "--params", '{"missing":"learn"}'], config).request.only).toEqual({ algorithm: "gbdt", params: { missing: "learn" } });
  });

  it.each([
    [["--cv-folds", "1"], /--cv-folds must be an integer >= 2/],
    [["--search-iterations", "ten"], /--search-iterations must be an integer >= 1/],
    [["--train", "a.csv"], /--train and --test go together/],
    [["--params", "{}"], /--params needs --only/],
    [["--only", "svm"], /--only must be one of gbdt, random_forest, ridge, linear/],
    [["--only", "gbdt", "--params", "{bad"], /--params is not valid JSON/],
    [["--only", "gbdt", "--params", "[1]"], /--params must be a JSON object/],
    [["--only", "gbdt", "--params", '{"missing":"foo"}'], /--params: missing must be "impute" or "learn", got "foo"/],
    [["--only", "ridge", "--params", '{"missing":"learn"}'], /--params: missing: "learn" needs an algorithm that learns where missing values go \(gbdt\), not ridge/],
    [["--frobnicate"], /Unknown option '--frobnicate'/],
    [["--search-space", "/nonexistent.json"], /--search-space \/nonexistent\.json/],
  ])("rejects %j", (argv, message) => {
    expect(() => parseTrainArgs(argv as string[], config)).toThrow(UsageError);
    expect(() => parseTrainArgs(argv as string[], config)).toThrow(message);
  });
});

describe("training inside the server", () => {
  it("runs at the lowest CPU priority unless TRAIN_LOW_PRIORITY is off; domus train never does", () => {
    expect(trainingRequestFromConfig(loadConfig({}), "full", true).lowPriority).toBe(true);
    expect(trainingRequestFromConfig(loadConfig({ TRAIN_LOW_PRIORITY: "false" }), "full", true).lowPriority).toBe(false);
    expect(trainingRequestFromConfig(loadConfig({}), "full", false).lowPriority).toBe(false);
    expect(() => loadConfig({ TRAIN_LOW_PRIORITY: "sometimes" })).toThrow(/TRAIN_LOW_PRIORITY/);
  });
});
