/** The typed client (generated documents) against a real server: queries, mutations, errors, subscriptions. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BatchPredictColumnsDocument,
  BatchPredictDocument,
  ChampionDocument,
  DomusClientError,
  ExplainDocument,
  HealthDocument,
  PredictDocument,
  PredictionMadeDocument,
  createDomusClient,
  toColumns,
} from "../../src/client/index.ts";
import { Topic } from "../../src/pubsub.ts";
import { ADMIN_KEY, FIRST_ROW, type TestServer, startTestServer } from "../helpers/server.ts";
import { waitFor } from "../helpers/wait.ts";

describe("typed client", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer("sqlite");
  });
  afterAll(async () => {
    await server?.close();
  });

  it("runs typed operations and maps errors to codes and fields", async () => {
    const domus = createDomusClient({ url: server.url, apiKey: ADMIN_KEY });
    const { health } = await domus.query(HealthDocument, {});
    expect(health.status).toBe("ok");
    const { champion } = await domus.query(ChampionDocument, {});
    const { predict } = await domus.mutate(PredictDocument, { input: FIRST_ROW });
    expect(predict.modelVersion).toBe(champion!.version);
    const { batchPredict } = await domus.mutate(BatchPredictDocument, { inputs: [FIRST_ROW, { ...FIRST_ROW, RM: 7 }] });
    expect(batchPredict.count).toBe(2);
    const rows = [FIRST_ROW, { ...FIRST_ROW, RM: -1 }, { ...FIRST_ROW, ZN: null, RM: 7 }];
    expect(toColumns(rows)).toMatchObject({ RM: [6.575, -1, 7], ZN: [18, 18, null], CHAS: [0, 0, 0] });
    const { batchPredictColumns } = await domus.mutate(BatchPredictColumnsDocument, { input: toColumns(rows), onInvalid: "SKIP" });
    expect(batchPredictColumns).toMatchObject({ count: 2, rows: [0, 2], imputedRows: [2], imputedFeatures: [["ZN"]], errors: [{ row: 1, fields: ["input.RM.1"] }] });
    expect(batchPredictColumns.values[0]).toBe(predict.value);
    const { explain } = await domus.mutate(ExplainDocument, { input: FIRST_ROW });
    expect(explain.baseValue + explain.contributions.reduce((s, c) => s + c.contribution, 0)).toBeCloseTo(explain.prediction, 9);
    const failure = await domus.mutate(PredictDocument, { input: { ...FIRST_ROW, RM: -1 } }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DomusClientError);
    expect(failure).toMatchObject({ code: "BAD_USER_INPUT", fields: ["input.RM"], status: 200 });
    const anonymous = createDomusClient({ url: server.url });
    await expect(anonymous.query(ChampionDocument, {})).rejects.toMatchObject({ code: "UNAUTHENTICATED", status: 401 });
    await domus.close();
  });

  it("subscribes over graphql-ws with the key in connectionParams", async () => {
    const domus = createDomusClient({ url: server.url, apiKey: ADMIN_KEY });
    const events: string[] = [];
    const subscribers = () => server.app.services.pubsub.subscriberCount(Topic.PredictionMade);
    const before = subscribers();
    const stop = domus.subscribe(PredictionMadeDocument, {}, { next: (d) => events.push(d.predictionMade.id) });
    try {
      await waitFor("the server to start the subscription", () => subscribers() > before);
      const { predict } = await domus.mutate(PredictDocument, { input: FIRST_ROW });
      await waitFor("the predictionMade event", () => events.length > 0);
      expect(events).toEqual([predict.id]);
    } finally {
      stop();
      await domus.close();
    }
  });
});
