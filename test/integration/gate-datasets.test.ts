/**
 * The gate knows datasets: a candidate trained on another dataset version than the champion (the
 * README's 300-row subset) is registered without promotion and says why; a bit-identical retrain
 * is not promoted ("identical to vN"); --no-promote style registration keeps a passing candidate.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.ts";
import { BUNDLED_DATA_PATH } from "../../src/paths.ts";
import { trainAndRegister, trainingRequestFromConfig } from "../../src/modules/training/train-and-register.ts";
import { TEST_MODEL, type TestServer, startTestServer } from "../helpers/server.ts";

const GATE = { minTestR2: 0, rmseTolerance: 0 };

describe("a gate that knows datasets", () => {
  let server: TestServer;
  const logger = createLogger({ logLevel: "silent" });
  beforeAll(async () => {
    server = await startTestServer("sqlite", { TRAIN_WORKERS: "1", TRAIN_CV_FOLDS: "3" }, { train: false });
  });
  afterAll(async () => {
    await server?.close();
  });

  async function train(ref: string, extra: { promote?: boolean } = {}) {
    const datasets = server.app.services.datasets;
    const { id } = await datasets.resolve(ref);
    const { data } = await datasets.load(id);
    const base = trainingRequestFromConfig(server.app.config, "full", false);
    return trainAndRegister(server.app.database.prisma, { ...base, seed: 42, dataset: { id, data }, only: TEST_MODEL, gate: GATE, ...extra }, logger);
  }

  async function champion() {
    return server.app.database.prisma.modelVersion.findFirst({ where: { status: "CHAMPION" }, select: { version: true } });
  }

  it("a full-data champion is never replaced by a model trained on a 300-row subset", async () => {
    const full = await train("boston-housing@1");
    expect(full.registration.status).toBe("CHAMPION");
    const first300 = readFileSync(BUNDLED_DATA_PATH, "utf8").split(/\r?\n/).slice(0, 301).join("\n");
    const reg = await server.gql("mutation($csv: String!) { registerDataset(name: \"boston-housing\", csv: $csv) { version } }", { csv: first300 });
    expect(reg.errors).toBeUndefined();
    expect(reg.data!.registerDataset.version).toBe(2);
    const subset = await train("boston-housing@2");
    expect(subset.registration.status).toBe("CANDIDATE");
    expect(subset.registration.gate.passed).toBe(false);
    expect(subset.registration.gate.reason).toMatch(
      new RegExp(`^not compared with champion v${full.registration.version}: trained on dataset boston-housing@2, the champion on dataset boston-housing@1; registered without promotion`),
    );
    expect((await champion())?.version).toBe(full.registration.version);
    const events = await server.app.database.prisma.modelEvent.findMany({ where: { modelVersionId: subset.registration.modelVersionId }, select: { action: true } });
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(["REGISTERED", "NOT_PROMOTED"]));
  });

  it("an identical retrain on the champion's data is not promoted and says which version it copies", async () => {
    const before = (await champion())!.version;
    const again = await train("boston-housing@1");
    expect(again.registration.status).toBe("REJECTED");
    expect(again.registration.gate.reason).toMatch(new RegExp(`^identical to v${before}: CV RMSE \\d+\\.\\d{4} on the same 3 folds`));
    expect(again.registration.gate.reason).not.toContain("undefined");
    expect((await champion())?.version).toBe(before);
  });

  it("promote: false keeps even a passing candidate out of serving", async () => {
    const before = (await champion())!.version;
    const { id } = await server.app.services.datasets.resolve("boston-housing@1");
    const { data } = await server.app.services.datasets.load(id);
    const base = trainingRequestFromConfig(server.app.config, "full", false);
    // A different configuration, so the verdict is a real comparison, not a tie.
    const other = await trainAndRegister(
      server.app.database.prisma,
      { ...base, seed: 42, dataset: { id, data }, only: { algorithm: "gbdt", params: { nEstimators: 120, maxDepth: 4, learningRate: 0.1 } }, gate: { minTestR2: 0, rmseTolerance: 10 }, promote: false },
      logger,
    );
    expect(other.registration.status).toBe("CANDIDATE");
    expect(other.registration.gate.passed).toBe(true);
    expect((await champion())?.version).toBe(before);
  });
});
