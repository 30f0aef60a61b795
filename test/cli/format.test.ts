import type { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import { jsonPieces } from "../../src/cli/format.js";

/** A result as ESLint gives it, with `bytes` characters of source. */
function result(name: string, bytes: number): ESLint.LintResult {
  return {
    filePath: `/p/${name}`,
    messages: [
      {
        ruleId: "layerlint/require-return-type",
        severity: 2,
        message: "Add a return type: `-> None`.",
        line: 1,
        column: 5,
      },
    ],
    suppressedMessages: [],
    errorCount: 1,
    fatalErrorCount: 0,
    warningCount: 0,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
    source: `def f():\n    "é ${"x".repeat(bytes)} \u{1F600}"\n`,
    usedDeprecatedRules: [],
  };
}

describe("jsonPieces", () => {
  it("gives the bytes of ESLint's json formatter, in pieces of about 1 MB cut between results", () => {
    const results = [0, 1, 2, 3, 4].map((i) => result(`m${i}.py`, 400_000));
    const pieces = jsonPieces(results);
    expect(pieces.join("")).toBe(JSON.stringify(results));
    expect(pieces).toHaveLength(2);
    expect(pieces[0].endsWith("}")).toBe(true);
    expect(pieces[1].startsWith(",{")).toBe(true);
  });

  it("gives one piece for a small report, and [] for no results", () => {
    const results = [result("a.py", 10), result("b.py", 10)];
    expect(jsonPieces(results)).toEqual([JSON.stringify(results)]);
    expect(jsonPieces([])).toEqual(["[]"]);
  });
});
