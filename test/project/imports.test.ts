import { describe, expect, it } from "vitest";
import { parsePython } from "../../src/languages/python/parser.js";
import {
  extractImports,
  extractModuleFacts,
  type ImportRecord,
} from "../../src/project/python/imports.js";

function parse(code: string, keepErrors = false) {
  const parsed = parsePython(code, { keepErrors });
  if (!parsed.ok) throw new Error(parsed.errors[0].message);
  return parsed;
}

function summary(r: ImportRecord) {
  return {
    kind: r.kind,
    module: r.module,
    names: r.names,
    aliases: r.aliases,
    alias: r.alias,
    tc: r.typeCheckingOnly,
    fn: r.inFunction,
    line: r.line,
  };
}

describe("extractImports", () => {
  it("reads plain, dotted, aliased and relative imports", () => {
    const code = [
      "import os",
      "import a.b as c, d",
      "from ..core import (y as z, w)",
      "from . import q",
      "from .m import *",
      "",
    ].join("\n");
    expect(extractImports(parse(code)).map(summary)).toEqual([
      {
        kind: "import",
        module: "os",
        names: [],
        aliases: [],
        alias: null,
        tc: false,
        fn: false,
        line: 1,
      },
      {
        kind: "import",
        module: "a.b",
        names: [],
        aliases: [],
        alias: "c",
        tc: false,
        fn: false,
        line: 2,
      },
      {
        kind: "import",
        module: "d",
        names: [],
        aliases: [],
        alias: null,
        tc: false,
        fn: false,
        line: 2,
      },
      {
        kind: "from",
        module: "..core",
        names: ["y", "w"],
        aliases: ["z", null],
        alias: null,
        tc: false,
        fn: false,
        line: 3,
      },
      {
        kind: "from",
        module: ".",
        names: ["q"],
        aliases: [null],
        alias: null,
        tc: false,
        fn: false,
        line: 4,
      },
      {
        kind: "from",
        module: ".m",
        names: ["*"],
        aliases: [null],
        alias: null,
        tc: false,
        fn: false,
        line: 5,
      },
    ]);
  });

  it("gives levels, the wildcard flag and exact ranges", () => {
    const code = "x = 1\nfrom ..pkg.mod import (\n    a,\n    b,\n)\nimport p, q.r as s\n";
    const [from, p, qr] = extractImports(parse(code));
    expect(from.level).toBe(2);
    expect(from.wildcard).toBe(false);
    expect([from.line, from.column, from.endLine, from.endColumn]).toEqual([2, 0, 5, 1]);
    expect(code.slice(from.start, from.start + from.length)).toBe(
      "from ..pkg.mod import (\n    a,\n    b,\n)",
    );
    // why: in a multi-module `import`, each module is its own record with its own range
    expect(code.slice(p.start, p.start + p.length)).toBe("p");
    expect(code.slice(qr.start, qr.start + qr.length)).toBe("q.r as s");
    expect([qr.line, qr.column, qr.endLine, qr.endColumn]).toEqual([6, 10, 6, 18]);
    expect(extractImports(parse("from .m import *\n"))[0].wildcard).toBe(true);
  });

  it("uses the whole statement's range for a single-module import", () => {
    const code = "import  app.core.config\n";
    const [record] = extractImports(parse(code));
    expect(code.slice(record.start, record.start + record.length)).toBe("import  app.core.config");
  });

  it("counts columns in UTF-16 code units", () => {
    const code = 'x = "😀"; import json\n';
    const [record] = extractImports(parse(code));
    expect([record.line, record.column]).toEqual([1, 10]);
  });

  it("marks imports under TYPE_CHECKING, not under its else", () => {
    const code = [
      "import typing",
      "from typing import TYPE_CHECKING",
      "if TYPE_CHECKING:",
      "    from app.models import Post",
      "else:",
      "    Post = None",
      "if typing.TYPE_CHECKING:",
      "    import app.services",
      "    if True:",
      "        import app.deep",
      "elif TYPE_CHECKING:",
      "    import app.elif_branch",
      "if OTHER:",
      "    import app.other",
      "",
    ].join("\n");
    expect(extractImports(parse(code)).map((r) => [r.module, r.typeCheckingOnly])).toEqual([
      ["typing", false],
      ["typing", false],
      ["app.models", true],
      ["app.services", true],
      ["app.deep", true],
      ["app.elif_branch", true],
      ["app.other", false],
    ]);
  });

  it("marks imports inside functions and methods, not in classes or try blocks", () => {
    const code = [
      "try:",
      "    import ujson as json",
      "except ImportError:",
      "    import json",
      "finally:",
      "    import gc",
      "class A:",
      "    import enum",
      "    def m(self):",
      "        from app import late",
      "async def f():",
      "    def inner():",
      "        import deeper",
      "with x:",
      "    import w",
      "for i in y:",
      "    import f1",
      "else:",
      "    import f2",
      "while z:",
      "    import wh",
      "match v:",
      "    case 1:",
      "        import mc",
      "",
    ].join("\n");
    expect(extractImports(parse(code)).map((r) => [r.module, r.inFunction])).toEqual([
      ["ujson", false],
      ["json", false],
      ["gc", false],
      ["enum", false],
      ["app", true],
      ["deeper", true],
      ["w", false],
      ["f1", false],
      ["f2", false],
      ["wh", false],
      ["mc", false],
    ]);
  });

  it("marks imports that run only when the file is a script", () => {
    const code = [
      'if __name__ == "__main__":',
      "    import pdb",
      "if '__main__' == __name__:",
      "    if True:",
      "        import deep",
      'if __name__ == "app":',
      "    import other",
      'if __name__ != "__main__":',
      "    import negated",
      "import top",
      "",
    ].join("\n");
    expect(extractImports(parse(code)).map((r) => [r.module, r.mainOnly])).toEqual([
      ["pdb", true],
      ["deep", true],
      ["other", false],
      ["negated", false],
      ["top", false],
    ]);
  });

  it("keeps the imports a file with syntax errors still has", () => {
    const code = "import os\nx = = 1\nimport json\nfrom import y\nfrom a import\nimport sys\n";
    expect(extractImports(parse(code, true)).map((r) => r.module)).toEqual(["os", "json", "sys"]);
  });
});

describe("extractModuleFacts: blocks", () => {
  it("marks imports under TYPE_CHECKING and in functions, and names only module-level definitions", () => {
    const code = [
      "from typing import TYPE_CHECKING",
      "import a.b as c, d",
      "if TYPE_CHECKING:",
      "    from ..m import (x as y, z)",
      "def f():",
      "    from . import *",
      "class K:",
      "    V = 1",
      "W = 2",
      "",
    ].join("\n");
    const raw = extractModuleFacts(parse(code));
    expect(raw.imports.map((r) => [r.module, r.typeCheckingOnly, r.inFunction])).toEqual([
      ["typing", false, false],
      ["a.b", false, false],
      ["d", false, false],
      ["..m", true, false],
      [".", false, true],
    ]);
    expect(raw.definitions).toEqual(["f", "K", "W"]);
  });
});

describe("extractModuleFacts: module-level definitions", () => {
  it("lists classes, functions, assignments and annotations at module level only", () => {
    const code = [
      "import os",
      "from x import y",
      "class A:",
      "    inner = 1",
      "    def method(self): pass",
      "def f():",
      "    local = 2",
      "async def g(): pass",
      "B = C = 3",
      "D, (E, *F) = 1, (2, 3)",
      "G: int = 4",
      "H: str",
      "if True:",
      "    I = 5",
      "try:",
      "    J = 6",
      "except Exception:",
      "    J = None",
      "type K = int",
      "",
    ].join("\n");
    expect(extractModuleFacts(parse(code)).definitions).toEqual([
      "A",
      "f",
      "g",
      "C",
      "B",
      "D",
      "E",
      "F",
      "G",
      "H",
      "I",
      "J",
      "K",
    ]);
  });
});
