/**
 * One shard of a parallel run (`shards.ts` starts it): reads `{ params, files }`
 * as JSON on stdin, lints the files on one thread, and writes the results as
 * JSON on stdout, each `source` left empty (the parent reads the file again).
 */
import { readFileSync } from "node:fs";
import { lintFiles } from "./run.js";
import type { ShardInput, ShardResult } from "./shards.js";

const input = JSON.parse(readFileSync(0, "utf8")) as ShardInput;
const { results } = await lintFiles(input.params, input.files, "off");
// The key stays, empty, where ESLint put it: the merged report keeps ESLint's key order.
const sent: ShardResult[] = results.map((result) =>
  result.source === undefined ? result : { ...result, source: "", sourceOmitted: true },
);
process.stdout.write(JSON.stringify(sent));
