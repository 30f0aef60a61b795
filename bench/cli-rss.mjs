// Child process of bench/run.mjs when /usr/bin/time is missing: runs the layerlint
// CLI like bin/layerlint.js, then writes the process's peak RSS and CPU time as
// JSON to the file named by LAYERLINT_BENCH_USAGE. getrusage covers the whole
// process, so ESLint's worker threads (which share it) are included.
import { writeFileSync } from "node:fs";

const { main } = await import("../dist/src/cli/main.js");
process.removeAllListeners("warning");

const code = await main(process.argv.slice(2));
const usage = process.resourceUsage();
writeFileSync(
  process.env.LAYERLINT_BENCH_USAGE,
  JSON.stringify({
    maxRssKb: usage.maxRSS,
    cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
  }),
);
process.exitCode = code;
