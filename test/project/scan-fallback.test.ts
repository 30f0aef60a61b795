import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { Project } from "../../src/project/project.js";

// A scan that fails unexpectedly (a bug, not input it declines).
vi.mock("../../src/project/python/scan.js", () => ({
  scanModuleFacts: () => {
    throw new TypeError("a bug in the scan");
  },
}));

describe("the project model when the import scan fails", () => {
  it("reads the file with the parser instead of giving it no facts", () => {
    const root = mkdtempSync(join(tmpdir(), "layerlint-scan-fallback-"));
    try {
      writeFileSync(join(root, "pyproject.toml"), '[project]\nname = "x"\n');
      writeFileSync(join(root, "a.py"), "import b\nX = 1\n");
      writeFileSync(join(root, "b.py"), "import a\n");
      const project = new Project(root);
      expect(project.moduleFactsOf("a.py")).toMatchObject({ definitions: ["X"] });
      expect(project.moduleFactsOf("a.py").imports.map((r) => r.module)).toEqual(["b"]);
      expect(project.graph().cyclesThrough("a.py").length).toBe(1);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
