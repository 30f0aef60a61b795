import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parsePython } from "../../src/languages/python/parser.js";
import { extractModuleFacts, type PythonModuleFacts } from "../../src/project/python/imports.js";
import { scanModuleFacts } from "../../src/project/python/scan.js";
import { Project } from "../../src/project/project.js";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";

/** What the project model used before the scan: pyright's parse, function and class bodies skipped. */
function parsed(code: string): PythonModuleFacts | null {
  const result = parsePython(code, { keepErrors: true, skipBodies: true });
  return result.ok ? extractModuleFacts(result) : null;
}

/** Each case: the scan must give exactly what the parse gives (order, positions, flags). */
const AGREEING: Record<string, string> = {
  "plain imports": "import os\nimport a.b.c as d, e . f\nfrom x.y import z as w, v\n",
  "relative imports":
    "from . import a\nfrom .. import (b,\n    c as d,  # why\n)\nfrom ...pkg.mod import *\nfrom .... import e\n",
  "one-line bodies and semicolons": [
    "import a; import b",
    "if x: import c; d = 1",
    "try: import e",
    "except ImportError: e = None",
    "class K: import f",
    "def g(): import h",
    "",
  ].join("\n"),
  "TYPE_CHECKING blocks": [
    "from typing import TYPE_CHECKING",
    "import typing",
    "if TYPE_CHECKING:",
    "    from a import A",
    "elif typing.TYPE_CHECKING:",
    "    from b import B",
    "else:",
    "    from c import C",
    "if (TYPE_CHECKING):",
    "    import d",
    "if not TYPE_CHECKING:",
    "    import e",
    "if x or y.TYPE_CHECKING:",
    "    import f",
    "if TYPE_CHECKING:  # comment",
    "# a comment at column 0 does not end the block",
    "    if y:",
    "        import g",
    "    def h():",
    "        import i",
    "",
  ].join("\n"),
  "main guards": [
    'if __name__ == "__main__":',
    "    import a",
    "if '__main__' == __name__:",
    "    import b",
    'if (__name__ == """__main__"""):',
    "    import c",
    'if __name__ == f"__main__":',
    "    import d",
    'if __name__ != "__main__":',
    "    import e",
    "",
  ].join("\n"),
  "bodies are skipped, blocks are not": [
    "@decorator(arg=1)",
    "def f(x: int = 1) -> dict[str, int]:",
    "    import inner",
    "    y = 2",
    "async def g():",
    "    pass",
    "class C(Base, metaclass=M):",
    "    z = 3",
    "    def m(self):",
    "        import deep",
    "for i in range(3):",
    "    import loop",
    "while False:",
    "    w = 1",
    "else:",
    "    import after_while",
    "with open(p) as fh, lock:",
    "    import inside_with",
    "async def h():",
    "    async with x as y:",
    "        import nope",
    "try:",
    "    import t",
    "except* ValueError as err:",
    "    import u",
    "finally:",
    "    import v",
    "",
  ].join("\n"),
  "match statements": [
    "match command:",
    '    case {"action": "go", **rest} if rest:',
    "        import a",
    "    case [x, y, *_]: import b",
    "    case _:",
    "        c = 1",
    "match = 1",
    "match(x)",
    "case = 2",
    "",
  ].join("\n"),
  "module-level names": [
    "a = b = c = 1",
    "d, (e, [f, *g]) = h",
    "i: int",
    "j: list[int] = []",
    "k.attr = 1",
    "l[0] = 2",
    "m += 1",
    "n = lambda p, q=1: p",
    "(o) = 3",
    "type Alias[T] = list[T]",
    "type = 4",
    "print(r := 5)",
    "s = t == u",
    "",
  ].join("\n"),
  "strings that look like code": [
    'doc = """',
    "import not_an_import",
    "def f(",
    '"""',
    "x = 'it''s'  # import nope",
    "y = r'\\'' + b\"\\\"\"",
    "z = f\"{a['k']!r:>{width}} {{literal}} {b:=^10}\"",
    'w = f"{x["nested"]}"',
    "v = f'''{",
    "    1 + 2",
    "}'''",
    'u = t"{name}"',
    "import after_strings",
    "",
  ].join("\n"),
  "continuations and brackets": [
    "from a import \\",
    "    b",
    "x = [",
    "  1,",
    "# comment inside",
    "]",
    "if (a and",
    "    b):",
    "    import c",
    "",
  ].join("\n"),
  "line breaks, tabs and non-ASCII":
    "é = 'ü'\r\nimport a\rif x:\r\n\tfrom b import c\r\n\tπ = 3\r\n",
  "non-ASCII before an import on the same line": "ü = 1; import os\n",
  "empty and comment-only": "# just a comment\n\n   \n",
  "no final newline": "import os",
};

describe("scanModuleFacts: agrees with pyright's parse", () => {
  for (const [name, code] of Object.entries(AGREEING)) {
    it(name, () => {
      const scanned = scanModuleFacts(code);
      expect(scanned).not.toBeNull();
      expect(scanned).toEqual(parsed(code));
    });
  }

  it("on every Python file of the fixtures and examples", () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith(".py")) files.push(path);
      }
    };
    walk("test");
    walk("examples");
    walk("rules");
    expect(files.length).toBeGreaterThan(100);
    let scannedFiles = 0;
    for (const file of files) {
      const code = readFileSync(file, "utf8");
      const scanned = scanModuleFacts(code);
      if (scanned === null) continue; // the parser decides (the bad-input fixtures)
      scannedFiles++;
      expect({ file, facts: scanned }).toEqual({ file, facts: parsed(code) });
    }
    expect(scannedFiles).toBeGreaterThan(files.length * 0.9);
  });
});

describe("scanModuleFacts: positions", () => {
  it("gives the statement's lines and UTF-16 columns, and each entry's of a multi-module import", () => {
    const facts = scanModuleFacts("x = 'ü'\nfrom a import (\n    b,\n)\nimport c, d.e as f\n")!;
    expect(facts.imports.map((r) => [r.module, r.line, r.column, r.endLine, r.endColumn])).toEqual([
      ["a", 2, 0, 4, 1],
      ["c", 5, 7, 5, 8],
      ["d.e", 5, 10, 5, 18],
    ]);
    expect(facts.imports[0]).toMatchObject({ start: 8, length: 24 });
  });
});

describe("scanModuleFacts: leaves to the parser what is not plain Python 3", () => {
  const CASES: Record<string, string> = {
    "an unterminated string": "x = 'abc\nimport os\n",
    "an unterminated triple-quoted string": 'x = """abc\nimport os\n',
    "unbalanced brackets": "x = (1,\nimport os\n",
    "a stray closing bracket": "x = 1)\n",
    "Python 2 backticks": "x = `y`\n",
    "a Python 2 print statement glued to a string": 'print"hello"\n',
    "an unexpected indent": "import os\n    import sys\n",
    "a header without a body": "if x:\nimport os\n",
    "an import without a name": "import\n",
    "a from-import without names": "from a import\n",
    "a trailing comma without parentheses": "from a import b,\n",
    "a relative plain import": "import .a\n",
    "a keyword as a module name": "import a.class\n",
    "an inconsistent dedent": "if x:\n        a = 1\n    b = 2\n",
    "a line that starts with a continuation": "\\\nimport os\n",
  };
  for (const [name, code] of Object.entries(CASES)) {
    it(name, () => {
      expect(scanModuleFacts(code)).toBeNull();
    });
  }

  it("the project model then reads the file with pyright, recovering what it can", () => {
    const root = mkdtempSync(join(tmpdir(), "layerlint-scan-"));
    try {
      writeFileSync(join(root, "pyproject.toml"), '[project]\nname = "x"\n');
      writeFileSync(join(root, "a.py"), "import b\nx = `legacy`\n");
      writeFileSync(join(root, "b.py"), "import a\n");
      const project = new Project(root);
      expect(project.moduleFactsOf("a.py").imports.map((r) => r.module)).toEqual(["b"]);
      expect(project.graph().cyclesThrough("a.py", {}).length).toBe(1);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
