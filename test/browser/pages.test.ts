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

  /** Opens the dashboard signed in with a new READ key. */
  const openDashboard = async (): Promise<Page> => {
    const { secret } = await server.app.services.apiKeys.create("dashboard", "READ" as never);
    const subscribers = () => [Topic.PredictionMade, Topic.DriftAlert].map((t) => server.app.services.pubsub.subscriberCount(t));
    const before = subscribers();
    const page = await open("/dashboard");
    await page.getByTestId("api-key-input").fill(secret);
    await page.getByTestId("api-key-submit").click();
    await expect.poll(async () => page.getByTestId("champion-version").innerText(), { timeout: 120_000 }).toMatch(/1/);
    // The live subscriptions are open: the server counts the dashboard's predictionMade and driftAlert subscribers.
    await waitFor("the dashboard's subscriptions", () => subscribers().every((n, i) => n > before[i]!), { timeoutMs: 120_000 });
    return page;
  };
  /**
   * Sends `send()` and gives the page `ms` to show `shown()`, again and again until it does (the
   * live subscription opens shortly after the page); fails naming `what` after 120 s.
   */
  const sendUntilShown = (what: string, send: () => Promise<void>, shown: () => Promise<boolean>, ms: number) =>
    waitFor(
      what,
      async () => {
        await send();
        return waitFor(what, shown, { timeoutMs: ms, intervalMs: 100 }).then(
          () => true,
          () => false,
        );
      },
      { timeoutMs: 120_000 },
    );
  const numberIn = async (page: Page, testId: string) => Number.parseInt((await page.getByTestId(testId).innerText()).replace(/\D/g, ""), 10);
  const rows = readHousingCsv("data/HousingData.csv").rows.filter((r) => r.every((v) => !Number.isNaN(v)));
  const inputs = (n: number, shift = false) =>
    rows.slice(0, n).map((r) => {
      const input = Object.fromEntries(FEATURES.map((f, j) => [f, r[j]!])) as Record<string, number>;
      return shift ? { ...input, RM: Math.min(20, input.RM! + 2), LSTAT: Math.min(100, input.LSTAT! * 1.8) } : input;
    });
  const batch = async (list: Record<string, number>[]) => {
    const res = await server.gql("mutation($i: [HousingFeaturesInput!]!) { batchPredict(inputs: $i) { count } }", { i: list });
    expect(res.data!.batchPredict.count).toBe(list.length);
  };

  it("the login card says where a key comes from", async () => {
    const page = await open("/dashboard");
    const hint = await page.getByTestId("key-hint").innerText();
    expect(hint).toContain("data/domus.db.admin.key");
    expect(hint).toContain("domus keys create dashboard READ");
    expect(problems).toEqual([]);
  }, 300_000);

  it("fills the traffic and latency charts from the history on load, then from live predictions", async () => {
    await batch(inputs(25));
    const page = await openDashboard();
    // History: the 25 predictions made before the page opened (and any earlier test's).
    await expect.poll(() => numberIn(page, "traffic-total"), { timeout: 120_000 }).toBeGreaterThanOrEqual(25);
    expect(await numberIn(page, "prediction-count")).toBe(0);
    const latencyLines = page.locator('svg[aria-label="model compute time percentiles"] :is(polyline, circle)');
    const trafficLines = page.locator('svg[aria-label="predictions per minute"] :is(polyline, circle)');
    expect(await latencyLines.count()).toBe(3); // p50, p95, p99
    expect(await trafficLines.count()).toBeGreaterThan(0);
    const before = await numberIn(page, "traffic-total");
    // Live: predictions sent until the page has seen some.
    await sendUntilShown("a live prediction on the dashboard", () => batch(inputs(5)), async () => (await numberIn(page, "prediction-count")) > 0, 2_000);
    const live = await numberIn(page, "prediction-count");
    await expect.poll(() => numberIn(page, "traffic-total"), { timeout: 10_000 }).toBeGreaterThanOrEqual(before + live);
    expect(await latencyLines.count()).toBe(3);
    await page.screenshot({ path: `${SHOTS}/dashboard-live.png`, fullPage: true });
    expect(problems).toEqual([]);
  }, 300_000);

  it("counts live predictions and shows a drift alert", async () => {
    const page = await openDashboard();
    // Shifted traffic: held-out style rows with RM + 2 and LSTAT × 1.8, sent until the page counts them.
    await sendUntilShown("a live count of 40", () => batch(inputs(40, true)), async () => (await numberIn(page, "prediction-count")) >= 40, 3_000);
    await expect.poll(async () => ((await page.getByTestId("drift-alert").count()) > 0 ? page.getByTestId("drift-alert").innerText() : ""), { timeout: 30_000 }).toMatch(/RM/);
    await page.screenshot({ path: `${SHOTS}/dashboard.png`, fullPage: true });
    expect(problems).toEqual([]);
  }, 300_000);

  it("opens a run's plot full size and closes it with Escape", async () => {
    const page = await openDashboard();
    const thumbs = page.getByTestId("plot-thumb");
    await expect.poll(() => thumbs.count(), { timeout: 120_000 }).toBeGreaterThan(0);
    const thumbWidth = (await thumbs.first().boundingBox())!.width;
    await thumbs.first().click();
    const image = page.getByTestId("plot-viewer-image");
    await expect.poll(() => image.evaluate((img) => { const i = img as unknown as { complete: boolean; naturalWidth: number }; return i.complete && i.naturalWidth > 0; }), { timeout: 10_000 }).toBe(true);
    expect((await image.boundingBox())!.width).toBeGreaterThan(thumbWidth * 2);
    expect(await page.getByRole("dialog").getAttribute("aria-label")).toMatch(/—/);
    await page.screenshot({ path: `${SHOTS}/dashboard-plot.png` });
    await page.keyboard.press("Escape");
    await expect.poll(() => page.getByTestId("plot-viewer").count(), { timeout: 5_000 }).toBe(0);
    expect(problems).toEqual([]);
  }, 300_000);
});
