/** `domus datasets add|list|show|export`: dataset versions through the API (lineage). */
import { readFileSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import { type DomusClient, DatasetCsvDocument, DatasetDocument, DatasetsDocument, DatasetFromOutcomesDocument, RegisterDatasetDocument } from "../client/index.ts";
import type { ClientConfig } from "../config.ts";
import { UsageError, parseFlags as parse } from "./args.ts";
import { CONNECTION_HELP, connect } from "./connect.ts";
import { num, out, table } from "./format.ts";

export const DATASETS_HELP = `domus datasets add <file.csv> [--name NAME] | list [--name NAME] | show <ref> | export <ref> [--out FILE]
               | from-outcomes [<base-ref>]   [--json]

Dataset versions: every training run records the version it trained on. <ref> is an id, a name
(its latest version) or name@version. \`add\` validates and normalises the rows; the same rows under
the same name give back the existing version (row order is part of the data). \`export\` writes the
exact normalised rows that were stored. \`from-outcomes\` makes a new version of the base dataset
(default: the latest boston-housing) plus every prediction with a recorded outcome (MEDV = the
actual value; features as the client sent them).

Examples:
  domus datasets add data/HousingData.csv --name boston-housing
  domus datasets show boston-housing@1
  domus datasets export boston-housing@1 --out rows.csv
  domus datasets from-outcomes

${CONNECTION_HELP}`;

/** An id, `name` (latest) or `name@version` → the version's id, through the API. */
async function resolveRef(client: DomusClient, ref: string | undefined): Promise<string> {
  if (!ref) throw new UsageError("give a dataset: an id, a name or name@version");
  const at = /^(.+)@(\d+)$/.exec(ref);
  const name = at ? (at[1] as string) : ref;
  const { datasets } = await client.query(DatasetsDocument, { name });
  const found = at ? datasets.find((d) => d.version === Number(at[2])) : datasets[0];
  if (found) return found.id;
  const { dataset } = await client.query(DatasetDocument, { id: ref });
  if (dataset) return dataset.id;
  throw new UsageError(`no dataset version ${JSON.stringify(ref)}; \`domus datasets list\` shows them`);
}

export async function datasetsCommand(args: string[], config: ClientConfig): Promise<number> {
  const { values, positionals } = parse(args, { name: { type: "string" }, out: { type: "string" } });
  if (values.help) {
    process.stdout.write(`${DATASETS_HELP}\n`);
    return 0;
  }
  const [action, arg] = positionals;
  const client = connect(config, values);
  try {
    return await run(action, arg, values, client);
  } finally {
    await client.close();
  }
}

async function run(action: string | undefined, arg: string | undefined, values: Record<string, string | boolean | undefined>, client: DomusClient): Promise<number> {
  const json = values.json === true;
  const headers = ["id", "name", "version", "rows", "missing", "source", "hash", "created"];
  const row = (d: { id: string; name: string; version: number; rows: number; missingCells: number; source: string; contentHash: string; createdAt: string }) => [
    d.id,
    d.name,
    d.version,
    d.rows,
    d.missingCells,
    d.source,
    d.contentHash.slice(0, 12),
    d.createdAt,
  ];
  switch (action) {
    case "add": {
      if (!arg) throw new UsageError("datasets add needs a CSV file");
      let csv: string;
      try {
        csv = readFileSync(arg, "utf8");
      } catch (err) {
        throw new UsageError(`cannot read ${arg}: ${(err as Error).message}`);
      }
      const name = (values.name as string | undefined) ?? basename(arg).replace(/\.[^.]*$/, "").replace(/[^A-Za-z0-9._-]/g, "-");
      const known = new Set((await client.query(DatasetsDocument, { name })).datasets.map((d) => d.id));
      const { registerDataset } = await client.mutate(RegisterDatasetDocument, { name, csv, source: basename(arg) });
      const created = !known.has(registerDataset.id);
      out(json, { ...registerDataset, created }, () =>
        `${created ? "registered" : "already registered (same rows)"}: ${registerDataset.name}@${registerDataset.version} (${registerDataset.id}), ${registerDataset.rows} rows, sha256 ${registerDataset.contentHash}`,
      );
      return 0;
    }
    case "from-outcomes": {
      const { registerDatasetFromOutcomes: created } = await client.mutate(DatasetFromOutcomesDocument, { baseId: arg ? await resolveRef(client, arg) : null });
      if (!created) {
        process.stderr.write("no prediction has a recorded outcome yet (domus outcomes --file …); nothing registered\n");
        return 1;
      }
      out(json, created, () => `${created.name}@${created.version} (${created.id}): ${created.rows} rows, sha256 ${created.contentHash}`);
      return 0;
    }
    case "list": {
      const { datasets } = await client.query(DatasetsDocument, { name: (values.name as string | undefined) ?? null });
      out(json, datasets, () => table(headers, datasets.map(row)));
      return 0;
    }
    case "show": {
      const { dataset } = await client.query(DatasetDocument, { id: await resolveRef(client, arg) });
      if (!dataset) throw new UsageError(`no dataset version ${arg}`);
      out(json, dataset, () =>
        [
          table(headers, [row(dataset)]),
          `sha256 ${dataset.contentHash}`,
          "",
          table(["column", "count", "missing", "mean", "std", "min", "max"], dataset.stats.map((s) => [s.column, s.count, s.missing, num(s.mean), num(s.std), num(s.min), num(s.max)])),
          "",
          dataset.runs.length === 0
            ? "no runs trained on it yet"
            : table(["run", "status", "algorithm", "seed", "code", "model"], dataset.runs.map((r) => [r.name, r.status, r.algorithm, r.splitSeed, r.codeVersion, r.modelVersion ? `v${r.modelVersion.version} ${r.modelVersion.status}` : ""])),
        ].join("\n"),
      );
      return 0;
    }
    case "export": {
      const { dataset } = await client.query(DatasetCsvDocument, { id: await resolveRef(client, arg) });
      if (!dataset) throw new UsageError(`no dataset version ${arg}`);
      if (values.out) {
        writeFileSync(values.out as string, dataset.csv);
        process.stderr.write(`wrote ${dataset.name}@${dataset.version} to ${values.out}\n`);
      } else {
        process.stdout.write(dataset.csv);
      }
      return 0;
    }
    default:
      throw new UsageError(`unknown action ${JSON.stringify(action ?? "")}; use add, list, show, export or from-outcomes`);
  }
}
