import { spawnSync } from "node:child_process";
import { resolve } from "node:path";

export const REPO = resolve(import.meta.dirname, "../..");
const BIN = resolve(REPO, "bin/layerlint.js");

/** Runs the built CLI (npm test builds before vitest) as a user would. */
export function runCli(
  args: string[],
  cwd = REPO,
): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

interface JsonResult {
  filePath: string;
  messages: {
    ruleId: string | null;
    line: number;
    column: number;
    message: string;
    severity: number;
  }[];
}

/** ESLint JSON results as `path:line:col severity rule message` lines, paths relative to `root`. */
export function summarize(json: string, root: string): string[] {
  const results = JSON.parse(json) as JsonResult[];
  return results.flatMap((r) =>
    r.messages.map(
      (m) =>
        `${r.filePath.slice(root.length + 1)}:${m.line}:${m.column} ${m.severity === 2 ? "error" : "warn"} ${m.ruleId ?? "-"} ${m.message}`,
    ),
  );
}
