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

/**
 * The `file line:col layerlint/rule` rows of the markdown tables in a fixture's
 * table of planted findings (`| file | line | col | rule | why |`), sorted.
 */
export function plantedRows(doc: string): string[] {
  const rows: string[] = [];
  for (const match of doc.matchAll(
    /^\| (\S+\.(?:py|ts|prisma)) \| (\d+) \| (\d+) \| ([a-z-]+) \|/gm,
  )) {
    rows.push(`${match[1]} ${match[2]}:${match[3]} layerlint/${match[4]}`);
  }
  return rows.sort();
}

/** The CLI's findings on `dir` as `file line:col rule` rows, sorted, to compare with `plantedRows`. */
export function foundRows(dir: string): string[] {
  const { stdout } = runCli([dir, "-f", "json"]);
  return summarize(stdout, dir)
    .map((line) => {
      const [where, , rule] = line.split(" ");
      const [file, row, col] = where.split(":");
      return `${file} ${row}:${col} ${rule}`;
    })
    .sort();
}
