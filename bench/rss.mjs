// Child process of bench/run.mjs and bench/ts-run.mjs when /usr/bin/time is missing: runs a Node CLI script
// (`node bench/rss.mjs <script> [args]`) in this process, then, on exit, writes the
// process's peak RSS and CPU time as JSON to the file named by LAYERLINT_BENCH_USAGE.
// getrusage covers the whole process, worker threads included.
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [script, ...args] = process.argv.slice(2);
process.argv = [process.argv[0], resolve(script), ...args];
process.on("exit", () => {
  const usage = process.resourceUsage();
  writeFileSync(
    process.env.LAYERLINT_BENCH_USAGE,
    JSON.stringify({
      maxRssKb: usage.maxRSS,
      cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
    }),
  );
});
await import(pathToFileURL(resolve(script)).href);
