/** The dispatcher's gaps from #27: bare `domus`, did-you-mean, --help of serve/migrate/keys/keys create, integer counts. */
import { describe, expect, it } from "vitest";
import { metricValue } from "../../src/commands/format.ts";
import { domusRunner } from "../helpers/cli.ts";

const domus = domusRunner(() => ({ ...process.env, NO_COLOR: "1" }));

describe("domus dispatcher", () => {
  it("bare domus prints the help on stderr and exits non-zero", async () => {
    const r = await domus();
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^domus — train, register/);
  });

  it("suggests the nearest command for a typo, and none for nonsense", async () => {
    expect((await domus("modles", "list")).stderr).toMatch(/^unknown command "modles" — did you mean "domus models"\?/);
    expect((await domus("trian")).stderr).toMatch(/did you mean "domus train"/);
    const r = await domus("xyzzy");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^unknown command "xyzzy"\n/);
  });

  it.each([
    [["serve", "--help"], /^domus serve — /],
    [["migrate", "-h"], /^domus migrate — /],
    [["keys", "--help"], /^domus keys — /],
    [["keys", "create", "--help"], /^domus keys create — .*\n\nUsage: domus keys create <name> <ADMIN\|PREDICT\|READ>/],
  ])("%j prints its own help", async (args, expected) => {
    const r = await domus(...(args as string[]));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(expected);
  });

  it("prints counts as integers and measurements with decimals", () => {
    expect(metricValue("folds", 3)).toBe("3");
    expect(metricValue("candidate_cv_rmse", 3)).toBe("3.0000");
    expect(metricValue("test_rmse", 2.71828)).toBe("2.7183");
  });
});
