// Times the project model on a synthetic FastAPI project: discovery, then the
// import graph (every file read, parsed and resolved once), then cycles.
// Needs the build: `npm run build && node --expose-gc bench/project-model.mjs [nModules] [runs]`.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { generateFastapiProject } from "./generate.mjs";

const { getProject, invalidate } = await import("../dist/src/project/project.js");
const { parsePython } = await import("../dist/src/languages/python/parser.js");

const nModules = Number(process.argv[2] ?? 1000);
const runs = Number(process.argv[3] ?? 5);
const dir = mkdtempSync(join(tmpdir(), "layerlint-bench-"));
const mb = (bytes) => (bytes / 1024 / 1024).toFixed(2);

try {
  const { files, bytes } = generateFastapiProject(dir, nModules);
  console.log(`project: ${files} Python files, ${mb(bytes)} MB`);
  for (let run = 1; run <= runs; run++) {
    invalidate();
    globalThis.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    const project = getProject(dir);
    const found = project.files.python.length;
    const t1 = performance.now();
    const graph = project.graph();
    const t2 = performance.now();
    const cycles = graph.cycles();
    const t3 = performance.now();
    // With --expose-gc this is what the project keeps; without, it includes garbage.
    globalThis.gc?.();
    const heap = process.memoryUsage().heapUsed - heapBefore;
    const label = run === 1 ? "cold" : "warm";
    console.log(
      `run ${run} (${label}): ${found} files; discover ${(t1 - t0).toFixed(0)} ms, ` +
        `graph ${(t2 - t1).toFixed(0)} ms (${(bytes / 1024 / 1024 / ((t2 - t1) / 1000)).toFixed(1)} MB/s), ` +
        `cycles ${(t3 - t2).toFixed(0)} ms (${cycles.length}); ` +
        `heap +${mb(heap)} MB, rss ${mb(process.memoryUsage().rss)} MB`,
    );
  }
  // The floor: reading and parsing the same files, nothing else (warm, after the runs above).
  const paths = getProject(dir).files.python;
  const t0 = performance.now();
  for (const file of paths) {
    parsePython(readFileSync(join(dir, file), "utf8"), { keepErrors: true });
  }
  console.log(`read + parse only (warm): ${(performance.now() - t0).toFixed(0)} ms`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
