/**
 * One shard of a parallel run (`shards.ts` starts it): reads `{ params, files }`
 * as JSON on stdin, lints the files (which the parent checked) on one thread,
 * and writes the results as JSON on stdout, each `source` left empty (the
 * parent reads the file again).
 */
import { readFileSync } from "node:fs";
import { lintInspected } from "./run.js";
import type { ShardInput, ShardResult } from "./shards.js";

const input = JSON.parse(readFileSync(0, "utf8")) as ShardInput;
// The parent read and checked every file already (size, NUL bytes, UTF-8, generated).
const files = input.files.map((file) => ({ file, bytes: 0 }));
const { results } = await lintInspected(input.params, files, "off");
// The key stays, empty, where ESLint put it: the merged report keeps ESLint's key order.
const sent: ShardResult[] = results.map((result) =>
  result.source === undefined ? result : { ...result, source: "", sourceOmitted: true },
);
process.stdout.write(JSON.stringify(sent));
