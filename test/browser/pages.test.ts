/**
 * The playground and the dashboard in a real browser: Debian's Chromium driven by playwright-core.
 * Skipped where /usr/bin/chromium is missing, unless DOMUS_BROWSER_TESTS=required (CI installs it).
 * Screenshots go to .ci-out/screenshots (gitignored).
 */
import { existsSync, mkdirSync } from "node:fs";
import { type Browser, type Page, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FEATURES, readHousingCsv } from "../../pipeline/dataset.ts";
import { Topic } from "../../src/pubsub.ts";
import { ADMIN_KEY, type TestServer, startTestServer } from "../helpers/server.ts";
import { waitFor } from "../helpers/wait.ts";

const CHROMIUM = "/usr/bin/chromium";
const available = existsSync(CHROMIUM);
if (!available && process.env.DOMUS_BROWSER_TESTS === "required") throw new Error(`${CHROMIUM} is missing but DOMUS_BROWSER_TESTS=required`);
const SHOTS = ".ci-out/screenshots";

describe.runIf(available)("playground and dashboard in Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  const problems: string[] = [];
  const open = async (path: string): Promise<Page> => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    page.on("pageerror", (err) => problems.push(`${path}: ${err.message}`));
    page.on("console", (msg) => {
      if (msg.type() === "error" && /Content Security Policy|Refused to/.test(msg.text())) problems.push(`${path}: ${msg.text()}`);
    });
    await page.goto(`${server.url}${path}`);
    return page;
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startTestServer("sqlite", { DRIFT_CHECK_EVERY: "40", DRIFT_CHECK_MIN_INTERVAL_MS: "0", DRIFT_WINDOW_SIZE: "40", DRIFT_SHARE_THRESHOLD: "0.1" });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("playground: runs a predict mutation and shows the result", async () => {
    const page = await open("/playground");
    await page.getByTestId("api-key").fill(ADMIN_KEY);
    await page.getByTestId("api-key").press("Enter");
    await page.locator("button.graphiql-execute-button").click();
    await page.getByRole("menuitem", { name: "Predict", exact: true }).click();
    const result = page.locator("section.result-window");
    await expect.poll(async () => result.innerText(), { timeout: 120_000 }).toMatch(/"value": \d+\.\d+/);
    expect(await result.innerText()).toMatch(/"modelVersion": 1/);
    await page.screenshot({ path: `${SHOTS}/playground-predict.png` });
    expect(problems).toEqual([]);
  }, 300_000);

  it("renders the champion, counts live predictions and shows a drift alert", async () => {
    const { secret } = await server.app.services.apiKeys.create("dashboard", "READ" as never);
    const subscribers = () => [Topic.PredictionMade, Topic.DriftAlert].map((t) => server.app.services.pubsub.subscriberCount(t));
    const before = subscribers();
    const page = await open("/dashboard");
    await page.getByTestId("api-key-input").fill(secret);
    await page.getByTestId("api-key-submit").click();
    await expect.poll(async () => page.getByTestId("champion-version").innerText(), { timeout: 120_000 }).toMatch(/1/);
    // The live subscriptions are open: the server counts the dashboard's predictionMade and driftAlert subscribers.
    await waitFor("the dashboard's subscriptions", () => subscribers().every((n, i) => n > before[i]!));
    expect((await page.getByTestId("prediction-count").innerText()).trim()).toMatch(/^0\b/);

    // Shifted traffic: held-out style rows with RM + 2 and LSTAT × 1.8.
    const rows = readHousingCsv("data/HousingData.csv").rows.filter((r) => r.every((v) => !Number.isNaN(v))).slice(0, 40);
    const inputs = rows.map((r) => {
      const input = Object.fromEntries(FEATURES.map((f, j) => [f, r[j]!])) as Record<string, number>;
      return { ...input, RM: Math.min(20, input.RM! + 2), LSTAT: Math.min(100, input.LSTAT! * 1.8) };
    });
    const res = await server.gql("mutation($i: [HousingFeaturesInput!]!) { batchPredict(inputs: $i) { count } }", { i: inputs });
    expect(res.data!.batchPredict.count).toBe(40);
    await expect.poll(async () => Number.parseInt((await page.getByTestId("prediction-count").innerText()).replace(/\D/g, ""), 10), { timeout: 120_000 }).toBeGreaterThanOrEqual(40);
    await expect.poll(async () => (await page.getByTestId("drift-alert").count()) > 0 ? page.getByTestId("drift-alert").innerText() : "", { timeout: 120_000 }).toMatch(/RM/);
    await page.screenshot({ path: `${SHOTS}/dashboard.png`, fullPage: true });
    expect(problems).toEqual([]);
  }, 300_000);
});
