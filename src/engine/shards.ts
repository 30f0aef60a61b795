/**
 * Parallel linting in child processes: the files are split into shards of
 * about equal size, each linted by one `node shard.js` (one ESLint, one project
 * model, one thread), and the results merged in the parent.
 *
 * Why processes and not ESLint's worker threads: measured on a 2-core machine
 * (the stdlib, 1,788 files), two worker threads were slower than one thread
 * (the isolates' parallel garbage collection and JIT compiler threads compete
 * for the same cores, and V8 flags cannot differ between threads), while two
 * processes run with `--single-threaded` were about 1.1x faster than one.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ESLint } from "eslint";
import type { EngineParams } from "./eslint-options.js";

/** What the parent sends a shard on stdin. */
export interface ShardInput {
  params: EngineParams;
  files: string[];
}

/** A result as a shard sends it: its `source` empty, for the parent to read again (half the bytes). */
export type ShardResult = ESLint.LintResult & { sourceOmitted?: true };

/**
 * Without V8's helper threads each shard keeps one core busy and the shards
 * share the cores; a larger young generation collects less often. Measured on
 * the stdlib, 2 cores, 4 rules: 2 processes 7.7-8.4 s with these flags, 8.7 s
 * without them, against 8.1-9.2 s for one process.
 */
const SHARD_NODE_FLAGS = ["--single-threaded", "--max-semi-space-size=32"];

export class ShardError extends Error {}

/**
 * Splits files into `count` shards of about equal bytes (largest first into
 * the lightest shard), each in the input's order.
 */
export function planShards(files: { file: string; bytes: number }[], count: number): string[][] {
  const shards = Array.from({ length: count }, () => ({ bytes: 0, files: new Set<string>() }));
  const bySize = [...files].sort((a, b) => b.bytes - a.bytes || (a.file < b.file ? -1 : 1));
  for (const { file, bytes } of bySize) {
    let lightest = shards[0];
    for (const shard of shards) if (shard.bytes < lightest.bytes) lightest = shard;
    lightest.files.add(file);
    lightest.bytes += bytes;
  }
  return shards
    .map((shard) => files.map((f) => f.file).filter((file) => shard.files.has(file)))
    .filter((shard) => shard.length > 0);
}

/** Lints each shard in its own process; the results of all, `source` restored. */
export async function lintInProcesses(
  params: EngineParams,
  shards: string[][],
): Promise<ESLint.LintResult[]> {
  const parts = await Promise.all(shards.map((files) => runShard({ params, files })));
  const results = parts.flat();
  for (const result of results) {
    if (!result.sourceOmitted) continue;
    // As ESLint read it (a byte order mark stays).
    result.source = readFileSync(result.filePath, "utf8");
    delete result.sourceOmitted;
  }
  return results;
}

/** The shard entry point: compiled JavaScript, also when this module runs from its TypeScript source (tests). */
function shardScript(): string {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith(".js")) return join(dirname(here), "shard.js");
  return join(dirname(here), "..", "..", "dist", "src", "engine", "shard.js");
}

function runShard(input: ShardInput): Promise<ShardResult[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...SHARD_NODE_FLAGS, shardScript()], {
      stdio: ["pipe", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", (error) =>
      reject(new ShardError(`could not start a lint process: ${error.message}`)),
    );
    child.on("close", (code, signal) => {
      const stderr = Buffer.concat(err).toString("utf8").trim();
      if (code !== 0) {
        const why = signal ? `was stopped by ${signal}` : `exited with code ${code}`;
        reject(new ShardError(`a lint process ${why}${stderr ? `:\n${stderr}` : ""}`));
        return;
      }
      // A shard's warnings (ESLint's, Node's) still reach the user.
      if (stderr) process.stderr.write(`${stderr}\n`);
      try {
        resolve(JSON.parse(Buffer.concat(out).toString("utf8")) as ShardResult[]);
      } catch (error) {
        reject(
          new ShardError(`a lint process sent an unreadable report: ${(error as Error).message}`),
        );
      }
    });
    child.stdin.on("error", () => {
      // The child failed before reading its input: "close" reports why.
    });
    child.stdin.end(JSON.stringify(input));
  });
}
