// Child process of bench/run.mjs: checks a list of files with ruff's WebAssembly
// build, in-process, and prints one JSON line (files, bytes, diagnostics, times).
// Usage: node --liftoff-only bench/ruff-worker.mjs <root> <file-list.json> <rules-comma-separated>
// (--liftoff-only: V8's optimising tier-up of the 10 MB module costs ruff more than it
// saves at these sizes on 2 cores, so the benchmark runs ruff in its faster mode.)
import { Buffer } from "node:buffer";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

const t0 = performance.now();
const { Workspace, PositionEncoding } = await import("@astral-sh/ruff-wasm-nodejs");
const [root, listFile, rules] = process.argv.slice(2);
const files = JSON.parse(readFileSync(listFile, "utf8"));
const workspace = new Workspace({ lint: { select: rules.split(",") } }, PositionEncoding.Utf16);
const t1 = performance.now();

let bytes = 0;
let diagnostics = 0;
let syntaxErrors = 0;
let filesWithSyntaxErrors = 0;
let failures = 0;
const byCode = {};
for (const file of files) {
  const contents = readFileSync(join(root, file), "utf8");
  bytes += Buffer.byteLength(contents);
  let found;
  try {
    found = workspace.check(contents);
  } catch {
    failures++;
    continue;
  }
  let invalid = false;
  for (const d of found) {
    if (d.code === null || d.code === "invalid-syntax") {
      syntaxErrors++;
      invalid = true;
    } else {
      diagnostics++;
      byCode[d.code] = (byCode[d.code] ?? 0) + 1;
    }
  }
  if (invalid) filesWithSyntaxErrors++;
}
const t2 = performance.now();

const usage = process.resourceUsage();
process.stdout.write(
  `${JSON.stringify({
    version: Workspace.version(),
    files: files.length,
    bytes,
    diagnostics,
    byCode,
    syntaxErrors,
    filesWithSyntaxErrors,
    failures,
    loadSeconds: (t1 - t0) / 1000,
    checkSeconds: (t2 - t1) / 1000,
    maxRssKb: usage.maxRSS,
    cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
  })}\n`,
);
