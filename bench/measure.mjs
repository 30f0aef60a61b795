// What both benchmarks (bench/run.mjs, bench/ts-run.mjs) measure with: a child process's
// wall time, peak RSS and CPU time, and the median of runs.
import { spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

const RSS_WRAPPER = join(dirname(fileURLToPath(import.meta.url)), "rss.mjs");
const TIME = "/usr/bin/time";

export const log = (message) => process.stderr.write(`${message}\n`);

// LAYERLINT_BENCH_NO_TIME=1 exercises the fallback (bench/rss.mjs) on a machine that has /usr/bin/time.
export const hasTime = existsSync(TIME) && !process.env.LAYERLINT_BENCH_NO_TIME;

/** Spawns a command; resolves with its exit code, output and wall time. */
export function run(command, args, options = {}) {
  return new Promise((done, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], ...options });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    const t0 = performance.now();
    child.on("close", (code) =>
      done({ code, stdout, stderr, seconds: (performance.now() - t0) / 1000 }),
    );
  });
}

/**
 * Runs `node [nodeFlags] script ...args` in `cwd`: wall time, peak RSS (KB) and CPU
 * seconds, from /usr/bin/time -v when there is one, else from bench/rss.mjs, which
 * runs the script in its own process and reads `process.resourceUsage()`.
 * `workDir` holds the fallback's usage file.
 */
export async function measured(script, args, { cwd, workDir, nodeFlags = [] }) {
  if (hasTime) {
    const command = [process.execPath, ...nodeFlags, script, ...args];
    const result = await run(TIME, ["-v", ...command], { cwd });
    const grab = (re) => Number(re.exec(result.stderr)?.[1] ?? NaN);
    const rss = grab(/Maximum resident set size \(kbytes\): (\d+)/);
    const cpu = grab(/User time \(seconds\): ([\d.]+)/) + grab(/System time \(seconds\): ([\d.]+)/);
    return { ...result, maxRssKb: rss || null, cpuSeconds: Number.isNaN(cpu) ? null : cpu };
  }
  const usageFile = join(workDir, `usage-${process.pid}.json`);
  rmSync(usageFile, { force: true });
  const result = await run(process.execPath, [...nodeFlags, RSS_WRAPPER, script, ...args], {
    cwd,
    env: { ...process.env, LAYERLINT_BENCH_USAGE: usageFile },
  });
  const usage = existsSync(usageFile) ? JSON.parse(readFileSync(usageFile, "utf8")) : {};
  return { ...result, maxRssKb: usage.maxRssKb ?? null, cpuSeconds: usage.cpuSeconds ?? null };
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
