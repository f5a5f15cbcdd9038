/** The typed client (generated documents) against a real server: queries, mutations, errors, subscriptions. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BatchPredictDocument,
  ChampionDocument,
  DomusClientError,
  ExplainDocument,
  HealthDocument,
  PredictDocument,
  PredictionMadeDocument,
  createDomusClient,
} from "../../src/client/index.ts";
import { ADMIN_KEY, FIRST_ROW, type TestServer, startTestServer } from "../helpers/server.ts";

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
    let listening!: () => void;
    const subscribed = new Promise<void>((resolve) => (listening = resolve));
    const stop = domus.subscribe(PredictionMadeDocument, {}, { next: (d) => events.push(d.predictionMade.id), listening });
    try {
      await subscribed; // the server has the subscription: the prediction below must arrive
      const { predict } = await domus.mutate(PredictDocument, { input: FIRST_ROW });
      const deadline = Date.now() + 15_000;
      while (!events.includes(predict.id) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(events).toContain(predict.id);
    } finally {
      stop();
      await domus.close();
    }
  });
});
