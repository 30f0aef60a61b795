// Child process of bench/run.mjs: parses a list of files with the pyright parser alone, as
// layerlint's Python language calls it (`parsePython`, from dist/), nothing else: the speed
// the foundation issue's goal is set against ("the pyright parser alone parses about 10 MB/s here").
// Usage: node bench/pyright-worker.mjs <root> <file-list.json>
import { Buffer } from "node:buffer";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parsePython } from "../dist/src/languages/python/parser.js";

const [root, listFile] = process.argv.slice(2);
const files = JSON.parse(readFileSync(listFile, "utf8"));
const t0 = performance.now();
let bytes = 0;
let parseErrors = 0;
for (const file of files) {
  const text = readFileSync(join(root, file), "utf8");
  bytes += Buffer.byteLength(text);
  if (!parsePython(text).ok) parseErrors++;
}
const t1 = performance.now();
const usage = process.resourceUsage();
process.stdout.write(
  `${JSON.stringify({
    files: files.length,
    bytes,
    parseErrors,
    parseSeconds: (t1 - t0) / 1000,
    maxRssKb: usage.maxRSS,
    cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
  })}\n`,
);
