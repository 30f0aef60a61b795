import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lintFiles, workerCount } from "../../src/engine/run.js";

const tmp = mkdtempSync(join(tmpdir(), "layerlint-engine-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("workerCount", () => {
  it("off, and explicit counts capped by the number of files", () => {
    expect(workerCount("off", 1000)).toBe("off");
    expect(workerCount(4, 1000)).toBe(4);
    expect(workerCount(4, 3)).toBe(3);
    expect(workerCount(1, 1000)).toBe("off");
  });

  it("auto uses half the cores, and none for few files", () => {
    const half = availableParallelism() >> 1;
    expect(workerCount("auto", 100_000)).toBe(half > 1 ? half : "off");
    expect(workerCount("auto", 10)).toBe("off");
  });
});

describe("lintFiles", () => {
  it("turns a file that vanished after discovery into one error, and lints the rest", async () => {
    writeFileSync(join(tmp, "pyproject.toml"), "");
    writeFileSync(join(tmp, "ok.py"), "def f(x: int):\n    print(x)\n");
    const { results } = await lintFiles(
      {
        root: tmp,
        settings: {},
        rules: { "require-return-type": "error" },
        pythonVersion: "3.13",
        fix: false,
        cache: false,
        cacheLocation: join(tmp, ".cache"),
      },
      ["gone.py", "ok.py"],
      "off",
    );
    expect(
      results.map((r) => [r.filePath.slice(tmp.length + 1), r.messages.map((m) => m.message)]),
    ).toEqual([
      ["gone.py", ["File could not be read (ENOENT)."]],
      ["ok.py", ['Function "f" has no return type annotation. It returns nothing: add "-> None".']],
    ]);
    expect(results[0].errorCount).toBe(1);
  });
});
