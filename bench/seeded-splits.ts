/**
 * Prints Domus's train/test splits of the bundled data for the given seeds as JSON
 * ({ "<seed>": { "train": [...], "test": [...] } }), so another pipeline can be scored on exactly
 * the same rows: `npx tsx bench/seeded-splits.ts 1 2 3 4 5 | OMP_NUM_THREADS=1 /usr/bin/python3 bench/seed_pipeline.py`.
 */
import { readHousingCsv } from "../pipeline/dataset.ts";
import { trainTestSplit } from "../pipeline/split.ts";

const n = readHousingCsv(new URL("../data/HousingData.csv", import.meta.url).pathname).rows.length;
const seeds = process.argv.slice(2).map(Number);
if (seeds.length === 0 || seeds.some((s) => !Number.isInteger(s) || s < 0)) throw new Error("usage: seeded-splits.ts SEED...");
console.log(JSON.stringify(Object.fromEntries(seeds.map((s) => [s, trainTestSplit(n, 0.2, s)]))));
