import { Linter } from "eslint";
import { describe, expect, it } from "vitest";
import plugin from "../../../src/index.js";
import type { PyNode } from "../../../src/languages/python/nodes.js";
import { pythonLanguage } from "../../../src/languages/python/language.js";
import type { PythonSourceCode } from "../../../src/languages/python/source-code.js";

/** Lints Python text with the given rules (plus a probe rule that records visits). */
function lint(
  code: string,
  rules: Linter.RulesRecord,
  extra: Partial<Linter.Config> = {},
  filename = "app/x.py",
) {
  const linter = new Linter({ configType: "flat" });
  return linter.verify(
    code,
    [
      {
        files: ["**/*.py"],
        plugins: { layerlint: plugin, probe: probePlugin },
        language: "layerlint/python",
        rules,
        ...extra,
      } as Linter.Config,
    ],
    filename,
  );
}

const visits: string[] = [];
const probePlugin = {
  rules: {
    // Records enter/exit order and reports every Name, to test traversal, locations and directives.
    names: {
      meta: { type: "problem" as const, messages: { name: "Name {{name}}." }, schema: [] },
      create(context: {
        report: (d: object) => void;
        sourceCode: { getAncestors(n: PyNode): PyNode[] };
      }) {
        return {
          Name(node: PyNode) {
            context.report({ node, messageId: "name", data: { name: node.d.value } });
          },
          "Function:exit"(node: PyNode) {
            visits.push(`exit ${(node.d.name as PyNode).d.value}`);
          },
          "Call > Name"(node: PyNode) {
            const ancestors = context.sourceCode.getAncestors(node).map((a) => a.type);
            visits.push(`call ${node.d.value} in ${ancestors.join("/")}`);
          },
          // `:function` is wired to JavaScript types inside ESLint; this is the Python spelling.
          ":matches(Function, Lambda)"(node: PyNode) {
            visits.push(`fn ${node.type}`);
          },
        };
      },
    },
  },
};

describe("layerlint/python language", () => {
  it("reports a syntax error as one fatal message with 1-based line and column", () => {
    const messages = lint("def ok() -> None:\n    pass\n\ndef broken(:\n    pass\n", {
      "layerlint/require-return-type": "error",
    });
    expect(messages).toEqual([
      expect.objectContaining({
        fatal: true,
        ruleId: null,
        line: 4,
        column: 11,
        message: 'Parsing error: "(" was not closed',
      }),
    ]);
  });

  it("computes columns in UTF-16 units on lines with non-ASCII text", () => {
    const messages = lint('s = "é😀"; tail = 1\n', { "probe/names": "error" });
    expect(messages.map((m) => [m.message, m.line, m.column, m.endColumn])).toEqual([
      ["Name s.", 1, 1, 2],
      ["Name tail.", 1, 12, 16],
    ]);
  });

  it("handles CRLF and lone CR line ends", () => {
    const messages = lint("a = 1\r\nb = 2\rc = 3\n", { "probe/names": "error" });
    expect(messages.map((m) => [m.message, m.line, m.column])).toEqual([
      ["Name a.", 1, 1],
      ["Name b.", 2, 1],
      ["Name c.", 3, 1],
    ]);
  });

  it("visits in source order with :exit, child selectors, ancestors and :matches", () => {
    visits.length = 0;
    lint("def outer() -> None:\n    def inner() -> None:\n        run(lambda: 1)\n", {
      "probe/names": "error",
    });
    expect(visits).toEqual([
      "fn Function",
      "fn Function",
      "call run in Module/Function/Suite/Function/Suite/StatementList/Call",
      "fn Lambda",
      "exit inner",
      "exit outer",
    ]);
  });

  it("matches attribute selectors on a node's fields under d", () => {
    const linter = new Linter({ configType: "flat" });
    const rule = {
      meta: { type: "problem" as const, messages: { hit: "Hit." }, schema: [] },
      create(context: { report: (d: object) => void }) {
        return {
          'Call[d.leftExpr.type="Name"][d.leftExpr.d.value="select"]'(node: PyNode) {
            context.report({ node, messageId: "hit" });
          },
        };
      },
    };
    const messages = linter.verify(
      "q = select(Post)\nr = db.select(Post)\n",
      [
        {
          files: ["**/*.py"],
          plugins: { layerlint: plugin, t: { rules: { sel: rule } } },
          language: "layerlint/python",
          rules: { "t/sel": "error" },
        } as Linter.Config,
      ],
      "app/x.py",
    );
    expect(messages.map((m) => [m.line, m.column])).toEqual([[1, 5]]);
  });

  describe("inline directives", () => {
    const rules: Linter.RulesRecord = { "probe/names": "error" };
    it("eslint-disable-next-line and eslint-disable-line", () => {
      const code = [
        "# eslint-disable-next-line probe/names",
        "a = 1",
        "b = 2  # eslint-disable-line probe/names",
        "c = 3",
      ].join("\n");
      expect(lint(code, rules).map((m) => m.message)).toEqual(["Name c."]);
    });

    it("eslint-disable / eslint-enable blocks, with a justification", () => {
      const code = [
        "# eslint-disable probe/names -- generated code",
        "a = 1",
        "# eslint-enable probe/names",
        "b = 2",
      ].join("\n");
      expect(lint(code, rules).map((m) => [m.message, m.line])).toEqual([["Name b.", 4]]);
    });

    it("# eslint <rule>: off configures a rule for the file", () => {
      const code = "# eslint probe/names: off\na = 1\n";
      expect(lint(code, rules)).toEqual([]);
    });

    it("reports an unused disable directive when asked to", () => {
      const code = "# eslint-disable-next-line probe/names\n\nx = 1\n";
      const messages = lint(code, rules, {
        linterOptions: { reportUnusedDisableDirectives: "error" },
      });
      expect(messages.map((m) => [m.ruleId, m.line, m.column, m.message])).toEqual([
        [
          null,
          1,
          1,
          "Unused eslint-disable directive (no problems were reported from 'probe/names').",
        ],
        ["probe/names", 3, 1, "Name x."],
      ]);
    });

    it("a `# type: ignore` comment is not a directive", () => {
      expect(lint("a = 1  # type: ignore\n", rules)).toHaveLength(1);
    });
  });

  describe("bad input never throws", () => {
    const rules: Linter.RulesRecord = { "layerlint/require-return-type": "error" };
    it("an empty file", () => {
      expect(lint("", rules)).toEqual([]);
    });
    it("a file with only a BOM and a comment", () => {
      expect(lint("\uFEFF# just a comment\n", rules)).toEqual([]);
    });
    it("a NUL byte is a syntax error, not a crash", () => {
      const messages = lint("x = 1\0\ndef f(): return 1\n", rules);
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatchObject({ fatal: true, line: 1 });
    });
    it("nesting deeper than the parser's stack is a parse error at 1:1", () => {
      const messages = lint(`x = ${"(".repeat(5000)}1${")".repeat(5000)}\n`, rules);
      expect(messages).toEqual([expect.objectContaining({ fatal: true, line: 1, column: 1 })]);
      expect(messages[0].message).toMatch(/^Parsing error: /);
    });
    it("Python 2 syntax is an error", () => {
      expect(lint('print "hi"\n', rules)[0]).toMatchObject({ fatal: true, line: 1 });
    });
  });

  it("accepts Python 3.12-3.14 syntax by default", () => {
    const code = [
      "type Point[T] = tuple[T, T]",
      "def first[T](xs: list[T]) -> T:",
      "    return xs[0]",
      "match command:",
      "    case [x, y]:",
      "        pass",
      'f"{name!r:>{width}} {"nested"}"',
      "try:",
      "    pass",
      "except* ValueError:",
      "    pass",
    ].join("\n");
    expect(lint(code, { "layerlint/require-return-type": "error" })).toEqual([]);
  });

  it("rejects a language option it does not know, and a bad version", () => {
    expect(() => lint("x = 1\n", {}, { languageOptions: { pythonVersion: "2.7" } })).toThrow(
      /pythonVersion must be one of 3.8/,
    );
    expect(() => lint("x = 1\n", {}, { languageOptions: { strict: true } })).toThrow(
      /Unknown Python language option "strict"/,
    );
  });

  it("accepts what CPython only warns about: return in finally (PEP 765)", () => {
    const code = "def f() -> int:\n    try:\n        pass\n    finally:\n        return 1\n";
    expect(lint(code, { "layerlint/require-return-type": "error" })).toEqual([]);
  });

  it("parses version-specific syntax by the configured version", () => {
    const code = "type X = int\n";
    expect(lint(code, {}, { languageOptions: { pythonVersion: "3.11" } })[0]).toMatchObject({
      fatal: true,
    });
    expect(lint(code, {}, { languageOptions: { pythonVersion: "3.12" } })).toEqual([]);
  });

  it("applies fixes as text edits", () => {
    const linter = new Linter({ configType: "flat" });
    const result = linter.verifyAndFix(
      "def a(x: int):\n    print(x)\n\nclass B:\n    def __init__(self):\n        self.x = 1\n",
      [
        {
          files: ["**/*.py"],
          plugins: { layerlint: plugin },
          language: "layerlint/python",
          rules: { "layerlint/require-return-type": "error" },
        } as Linter.Config,
      ],
      "app/x.py",
    );
    expect(result.fixed).toBe(true);
    expect(result.output).toBe(
      "def a(x: int) -> None:\n    print(x)\n\nclass B:\n    def __init__(self) -> None:\n        self.x = 1\n",
    );
  });
});

describe("the trees of linted files", () => {
  const sourceCodeOf = (body: string, path: string): PythonSourceCode => {
    const file = { body, path, physicalPath: path, bom: false };
    const parsed = pythonLanguage.parse(file as never, { languageOptions: {} } as never);
    if (!parsed.ok) throw new Error("parse failed");
    return pythonLanguage.createSourceCode(file as never, parsed, { languageOptions: {} });
  };

  it("are let go of when the language parses the next file, the tree itself untouched", () => {
    const first = sourceCodeOf("def f(x):\n    return x\n", "app/a.py");
    const tree = first.ast;
    expect(tree.type).toBe("Module");
    const second = sourceCodeOf("y = 1\n", "app/b.py");
    expect(first.ast).toBeNull();
    expect(first.parseResults).toBeNull();
    expect(first.comments).toEqual([]);
    expect(tree.d.statements[0].type).toBe("Function");
    expect(second.ast.type).toBe("Module");
    expect(second.getText(second.ast.d.statements[0])).toBe("y = 1");
  });

  it("leave every file's findings as linting each file alone gives them", () => {
    const linter = new Linter({ configType: "flat" });
    const config = [
      {
        files: ["**/*.py"],
        plugins: { layerlint: plugin },
        language: "layerlint/python",
        rules: { "layerlint/require-return-type": "error" },
      } as Linter.Config,
    ];
    const texts = ["def a():\n    print(1)\n", "# eslint-disable-next-line\ndef b():\n    pass\n"];
    const alone = texts.map((t, i) =>
      new Linter({ configType: "flat" }).verify(t, config, `m${i}.py`),
    );
    const inTurn = texts.map((t, i) => linter.verify(t, config, `m${i}.py`));
    expect(inTurn).toEqual(alone);
    expect(inTurn.map((m) => m.length)).toEqual([1, 0]);
    const fixed = linter.verifyAndFix(texts[0], config, { filename: "m0.py", fix: true });
    expect(fixed.output).toBe("def a() -> None:\n    print(1)\n");
  });
});

describe("visitListenedOnly: steps only for the node types the rules listen to", () => {
  const code = "def f(x):\n    if x:\n        return g(x)\n    return None\n";
  function sourceCodeOf(visitListenedOnly: boolean, body = code): PythonSourceCode {
    const file = { body, path: "app/x.py", physicalPath: "app/x.py", bom: false };
    const parsed = pythonLanguage.parse(file as never, { languageOptions: {} } as never);
    if (!parsed.ok) throw new Error("parse failed");
    return pythonLanguage.createSourceCode(file as never, parsed, {
      languageOptions: { visitListenedOnly },
    });
  }
  // The step object is reused from one step to the next (as ESLint consumes them): read each as it comes.
  const steps = (sourceCode: PythonSourceCode) => {
    const out: string[] = [];
    for (const s of sourceCode.traverse()) {
      const step = s as unknown as { target: PyNode; phase: 1 | 2 };
      out.push(`${step.phase === 1 ? "enter" : "exit"} ${step.target.type}`);
    }
    return out;
  };

  it("gives the listened types' steps, in order, entering and leaving as asked", () => {
    const sourceCode = sourceCodeOf(true);
    sourceCode.listen(["Function, Lambda", "Return:exit", "Module:exit"]);
    expect(steps(sourceCode)).toEqual([
      "enter Function",
      "exit Return",
      "exit Return",
      "exit Module",
    ]);
  });

  it("walks into an expression only when a lambda or yield the rules listen to starts inside it", () => {
    const nested = [
      "@route(key=lambda r: r.id)",
      "def f(x=lambda: 1):",
      "    total = sum([(yield v) for v in x]) + (lambda y: y)(2)",
      "    return [g for g in x if g]",
      "",
    ].join("\n");
    const selectors = ["Function, Lambda", "Return", "Yield", "Lambda:exit", "Module:exit"];
    const wanted = new Set(["enter Function", "enter Lambda", "enter Return", "enter Yield"]);
    // Each source code walked before the next parse: a parse releases the trees parsed before.
    const expected = steps(sourceCodeOf(false, nested)).filter(
      (s) => wanted.has(s) || s === "exit Lambda" || s === "exit Module",
    );
    const listened = sourceCodeOf(true, nested);
    listened.listen(selectors);
    // why: pyright hangs the decorators under the function
    expect(expected).toEqual([
      "enter Function",
      "enter Lambda",
      "exit Lambda",
      "enter Lambda",
      "exit Lambda",
      "enter Yield",
      "enter Lambda",
      "exit Lambda",
      "enter Return",
      "exit Module",
    ]);
    expect(steps(listened)).toEqual(expected);
  });

  it("gives every step for a selector that is more than a type, and without the option", () => {
    const all = steps(sourceCodeOf(false));
    expect(all.length).toBeGreaterThan(30);
    const complex = sourceCodeOf(true);
    complex.listen(["Function", "Call > Name"]);
    expect(steps(complex)).toEqual(all);
    // why: ESLint asks for the steps before the rules say what they listen to
    const late = sourceCodeOf(true);
    const iterable = late.traverse();
    late.listen(["Return"]);
    expect([...iterable].length).toBe(2);
  });

  it("is how the CLI lints: the rules still report what they report on the full traversal", () => {
    const rules = {
      "layerlint/require-return-type": "error",
      "layerlint/require-param-types": "error",
    } as const;
    const full = lint(code, rules);
    const listened = lint(code, rules, { languageOptions: { visitListenedOnly: true } });
    expect(full.map((m) => [m.ruleId, m.line, m.column])).toEqual([
      ["layerlint/require-return-type", 1, 5],
      ["layerlint/require-param-types", 1, 7],
    ]);
    expect(listened).toEqual(full);
  });
});
