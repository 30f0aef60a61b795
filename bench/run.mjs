#!/usr/bin/env node
// layerlint against ruff on the same files, in one run. Not part of `npm test`.
//
//   npm run build && node bench/run.mjs [--corpus stdlib|synthetic|all] [--runs N] [--json]
//
// layerlint runs as a user runs it (the built CLI, recommended rules, JSON to a file), once on
// one thread and once with two worker threads. ruff runs in-process through its WebAssembly
// build (@astral-sh/ruff-wasm-nodejs, the only ruff that installs from npm) with the
// flake8-annotations rules that match require-return-type and require-param-types.
import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { PositionEncoding, Workspace } from "@astral-sh/ruff-wasm-nodejs";
import { generateFastapiProject } from "./generate.mjs";

const REPO = fileURLToPath(new URL("..", import.meta.url));
const BIN = join(REPO, "bin/layerlint.js");
const WORK = join(tmpdir(), "layerlint-bench");
const RUFF_RULES = ["ANN001", "ANN002", "ANN003", "ANN201", "ANN202", "ANN204", "ANN205", "ANN206"];

const { values } = parseArgs({
  options: {
    corpus: { type: "string", default: "all" },
    runs: { type: "string", default: "3" },
    json: { type: "boolean", default: false },
  },
});
const runs = Number(values.runs);
if (!existsSync(join(REPO, "dist/src/cli/main.js"))) {
  console.error("bench: build first (npm run build)");
  process.exit(2);
}

/** Every .py file under dir (relative paths), skipping what layerlint skips. */
function pythonFiles(dir) {
  const out = [];
  const walk = (rel) => {
    for (const entry of readdirSorted(join(dir, rel))) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!["node_modules", "__pycache__", ".git", "site-packages"].includes(entry.name))
          walk(path);
      } else if (entry.name.endsWith(".py")) out.push(path);
    }
  };
  walk("");
  return out;
}

function readdirSorted(dir) {
  try {
    return readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  } catch {
    return [];
  }
}

function corpusStdlib() {
  const dir = join(WORK, "stdlib");
  if (!existsSync(join(dir, "pyproject.toml"))) {
    const found = spawnSync(
      "python3",
      ["-c", "import sysconfig;print(sysconfig.get_paths()['stdlib'])"],
      {
        encoding: "utf8",
      },
    );
    const src = found.stdout.trim();
    if (!src) throw new Error("no python3 stdlib found");
    rmSync(dir, { recursive: true, force: true });
    for (const file of pythonFiles(src)) {
      mkdirSync(join(dir, file, ".."), { recursive: true });
      cpSync(join(src, file), join(dir, file));
    }
    writeFileSync(join(dir, "pyproject.toml"), '[project]\nname = "stdlib"\n');
  }
  return dir;
}

function corpusSynthetic() {
  const dir = join(WORK, "synthetic-1000");
  if (!existsSync(join(dir, "pyproject.toml"))) {
    rmSync(dir, { recursive: true, force: true });
    generateFastapiProject(dir, 1000);
  }
  return dir;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs the CLI; wall seconds and peak RSS (MB, all threads: one process) from /usr/bin/time. */
function runLayerlint(dir, concurrency) {
  const out = join(WORK, "out.json");
  const hasTime = existsSync("/usr/bin/time");
  const args = [BIN, dir, "--concurrency", concurrency, "-f", "json", "-o", out];
  const started = process.hrtime.bigint();
  const result = hasTime
    ? spawnSync("/usr/bin/time", ["-f", "%M", process.execPath, ...args], { encoding: "utf8" })
    : spawnSync(process.execPath, args, { encoding: "utf8" });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0 && result.status !== 1) throw new Error(result.stderr);
  const rssKb = hasTime ? Number(result.stderr.trim().split("\n").pop()) : NaN;
  const findings = JSON.parse(readFileSync(out, "utf8")).reduce((n, r) => n + r.messages.length, 0);
  return { seconds, rssMb: rssKb / 1024, findings };
}

/** ruff over the same files' contents, in this process (reading included, as a CLI would). */
function runRuff(dir, files) {
  const started = process.hrtime.bigint();
  const workspace = new Workspace({ lint: { select: RUFF_RULES } }, PositionEncoding.Utf16);
  let findings = 0;
  for (const file of files) {
    try {
      findings += workspace.check(readFileSync(join(dir, file), "utf8")).length;
    } catch {
      // ruff refuses a file it cannot parse; layerlint reports those as parse errors
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { seconds, rssMb: NaN, findings };
}

const corpora = [];
if (values.corpus === "stdlib" || values.corpus === "all") corpora.push(["stdlib", corpusStdlib()]);
if (values.corpus === "synthetic" || values.corpus === "all") {
  corpora.push(["synthetic FastAPI, 1,000 modules", corpusSynthetic()]);
}

const rows = [];
for (const [name, dir] of corpora) {
  const files = pythonFiles(dir);
  const mb = files.reduce((n, f) => n + statSync(join(dir, f)).size, 0) / 1e6;
  const measure = (tool, fn) => {
    const samples = Array.from({ length: runs }, fn);
    const seconds = median(samples.map((s) => s.seconds));
    rows.push({
      corpus: name,
      tool,
      files: files.length,
      mb,
      seconds,
      filesPerSecond: files.length / seconds,
      mbPerSecond: mb / seconds,
      rssMb: Math.max(...samples.map((s) => s.rssMb)),
      findings: samples[0].findings,
    });
    return seconds;
  };
  const ruff = measure("ruff (wasm), ANN rules", () => runRuff(dir, files));
  const one = measure("layerlint, 1 thread", () => runLayerlint(dir, "off"));
  measure("layerlint, 2 threads", () => runLayerlint(dir, "2"));
  for (const row of rows.filter((r) => r.corpus === name)) {
    row.vsRuff = row.seconds / ruff;
    row.vsOneThread = row.seconds / one;
  }
}

if (values.json) {
  console.log(JSON.stringify(rows, null, 2));
} else {
  const f = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : "-");
  console.log(
    `Command: node bench/run.mjs --corpus ${values.corpus} --runs ${runs} (median of ${runs})`,
  );
  console.log(
    `Machine: ${spawnSync("nproc").stdout.toString().trim()} cores, Node ${process.version}\n`,
  );
  console.log(
    "| corpus | tool | files | MB | s | files/s | MB/s | peak RSS MB | findings | time vs ruff | vs 1 thread |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|---|---|");
  for (const r of rows) {
    console.log(
      `| ${r.corpus} | ${r.tool} | ${r.files} | ${f(r.mb)} | ${f(r.seconds, 2)} | ${f(r.filesPerSecond, 0)} | ${f(r.mbPerSecond, 2)} | ${f(r.rssMb, 0)} | ${r.findings} | ${f(r.vsRuff, 2)}x | ${f(r.vsOneThread, 2)}x |`,
    );
  }
}
