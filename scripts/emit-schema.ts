/** Writes schema/schema.graphql from the type-graphql resolvers (`npm run schema:emit`). */
import "reflect-metadata";
import { writeFileSync } from "node:fs";
import { buildDomusSchema, printDomusSchema } from "../src/schema.ts";

const path = new URL("../schema/schema.graphql", import.meta.url);
writeFileSync(path, printDomusSchema(await buildDomusSchema()));
console.log(`wrote ${path.pathname}`);
