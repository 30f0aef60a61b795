import { describe, expect, it } from "vitest";
import { pythonLanguage } from "../../../src/languages/python/language.js";
import type { PyName, PyNode } from "../../../src/languages/python/nodes.js";
import { createRequire } from "node:module";
import {
  bindModule,
  KEYWORD_NONE,
  OPERATOR_BITWISE_OR,
  parsePython,
} from "../../../src/languages/python/parser.js";
import {
  annotationOf,
  qualifiedName,
  resolveName,
  unwrapAnnotation,
} from "../../../src/languages/python/scope.js";
import type { PythonSourceCode } from "../../../src/languages/python/source-code.js";
import { visitorKeys } from "../../../src/languages/python/visitor-keys.js";

function sourceCodeOf(text: string): PythonSourceCode {
  const file = { body: text, path: "x.py", physicalPath: "x.py", bom: false };
  const context = { languageOptions: {} } as never;
  const parsed = pythonLanguage.parse(file as never, context);
  if (!parsed.ok) throw new Error(`parse failed: ${JSON.stringify(parsed.errors)}`);
  return pythonLanguage.createSourceCode!(
    file as never,
    parsed as never,
    context,
  ) as PythonSourceCode;
}

function allNodes(root: PyNode): PyNode[] {
  const out: PyNode[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    out.push(node);
    for (const key of visitorKeys[node.type] ?? []) {
      const value = node.d[key] as PyNode | PyNode[] | undefined;
      for (const child of Array.isArray(value) ? value : [value]) {
        if (child && child.parent === node) stack.push(child);
      }
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** The `index`-th Name node spelled `value`, in source order. */
function nameAt(sc: PythonSourceCode, value: string, index = -1): PyName {
  const names = allNodes(sc.ast as unknown as PyNode).filter(
    (n) => n.type === "Name" && n.d.value === value,
  );
  const name = names.at(index);
  if (!name) throw new Error(`no Name ${value}`);
  return name as unknown as PyName;
}

/** The Name `value` whose start offset is that of `marker` in the text. */
function nameMarked(sc: PythonSourceCode, marker: string, value: string): PyName {
  const offset = sc.text.indexOf(marker) + marker.indexOf(value);
  const found = allNodes(sc.ast as unknown as PyNode).find(
    (n) => n.type === "Name" && n.start === offset,
  );
  if (!found) throw new Error(`no Name at ${marker}`);
  return found as unknown as PyName;
}

const text = (sc: PythonSourceCode, node: { start: number; length: number } | undefined) =>
  node ? sc.text.slice(node.start, node.start + node.length) : undefined;

describe("pyright's enum values the parser module spells as numbers", () => {
  it("match the pinned pyright (KeywordType.None, OperatorType.BitwiseOr)", () => {
    const require = createRequire(import.meta.url);
    const {
      KeywordType,
      OperatorType,
    } = require("@zzzen/pyright-internal/dist/parser/tokenizerTypes");
    expect(KEYWORD_NONE).toBe(KeywordType.None);
    expect(OPERATOR_BITWISE_OR).toBe(OperatorType.BitwiseOr);
  });
});

describe("resolveName", () => {
  it("resolves a from-import with an alias", () => {
    const sc = sourceCodeOf("from sqlalchemy import select as sa_select\nsa_select(User)\n");
    const r = resolveName(sc, nameAt(sc, "sa_select"));
    expect(r).toMatchObject({
      kind: "import",
      module: "sqlalchemy",
      name: "select",
      alias: "sa_select",
    });
    expect(r.kind === "import" && r.node.type).toBe("ImportFromAs");
    expect(qualifiedName(sc, nameAt(sc, "sa_select"))).toBe("sqlalchemy.select");
  });

  it("resolves `import a.b as c` to the module a.b", () => {
    const sc = sourceCodeOf("import a.b as c\nc.D()\n");
    const r = resolveName(sc, nameAt(sc, "c"));
    expect(r).toMatchObject({ kind: "import", module: "a.b", name: null, alias: "c" });
    expect(r.kind === "import" && r.node.type).toBe("ImportAs");
    const call = allNodes(sc.ast as unknown as PyNode).find((n) => n.type === "Call")!;
    expect(qualifiedName(sc, call.d.leftExpr as PyNode)).toBe("a.b.D");
  });

  it("resolves `import a.b` then `a.b.C` through the top package", () => {
    const sc = sourceCodeOf("import a.b\nx = a.b.C()\n");
    expect(resolveName(sc, nameAt(sc, "a"))).toMatchObject({
      kind: "import",
      module: "a",
      name: null,
      alias: null,
    });
    const call = allNodes(sc.ast as unknown as PyNode).find((n) => n.type === "Call")!;
    expect(qualifiedName(sc, call.d.leftExpr as PyNode)).toBe("a.b.C");
  });

  it("gives qualified names through module aliases and submodule imports", () => {
    const sc = sourceCodeOf(
      [
        "import sqlalchemy as sa",
        "import fastapi",
        "from sqlalchemy import orm, select",
        "sa.select(X)",
        "orm.Session",
        "fastapi.HTTPException",
        "select",
      ].join("\n"),
    );
    const byText = (t: string) =>
      allNodes(sc.ast as unknown as PyNode).find(
        (n) =>
          (n.type === "MemberAccess" || n.type === "Name") && text(sc, n) === t && n.start > 60,
      )!;
    expect(qualifiedName(sc, byText("sa.select"))).toBe("sqlalchemy.select");
    expect(qualifiedName(sc, byText("orm.Session"))).toBe("sqlalchemy.orm.Session");
    expect(qualifiedName(sc, byText("fastapi.HTTPException"))).toBe("fastapi.HTTPException");
    expect(qualifiedName(sc, nameAt(sc, "select"))).toBe("sqlalchemy.select");
  });

  it("resolves relative imports keeping the dots", () => {
    const sc = sourceCodeOf("from .models import Post\nfrom .. import deps\nPost\ndeps.get_db\n");
    expect(resolveName(sc, nameAt(sc, "Post"))).toMatchObject({
      kind: "import",
      module: ".models",
      name: "Post",
      alias: null,
    });
    expect(qualifiedName(sc, nameAt(sc, "Post"))).toBe(".models.Post");
    const access = allNodes(sc.ast as unknown as PyNode).find((n) => n.type === "MemberAccess")!;
    expect(qualifiedName(sc, access)).toBe("..deps.get_db");
  });

  it("resolves an annotated parameter", () => {
    const sc = sourceCodeOf(
      "from sqlalchemy.ext.asyncio import AsyncSession\n" +
        "async def get(db: AsyncSession):\n    return await db.execute(q)\n",
    );
    const r = resolveName(sc, nameAt(sc, "db"));
    expect(r.kind).toBe("parameter");
    if (r.kind !== "parameter") return;
    expect(r.node.type).toBe("Parameter");
    expect(r.function.type).toBe("Function");
    expect(text(sc, r.annotation)).toBe("AsyncSession");
    const annotation = annotationOf(sc, nameAt(sc, "db"))!;
    expect(qualifiedName(sc, annotation)).toBe("sqlalchemy.ext.asyncio.AsyncSession");
  });

  it("unwraps Annotated[AsyncSession, Depends(get_db)]", () => {
    const sc = sourceCodeOf(
      "from typing import Annotated\n" +
        "def route(db: Annotated[AsyncSession, Depends(get_db)]):\n    db.add(x)\n",
    );
    expect(text(sc, annotationOf(sc, nameAt(sc, "db")))).toBe("AsyncSession");
  });

  it("unwraps Optional, unions with None and nested wrappers", () => {
    const sc = sourceCodeOf(
      [
        "def f(a: Optional[S], b: S | None, c: None | S, d: Union[S, None],",
        "      e: Annotated[Optional[S], X], f: typing.Optional[S], g: Union[S, T], h: S | T):",
        "    return a, b, c, d, e, f, g, h",
      ].join("\n"),
    );
    const unwrapped = (n: string) => text(sc, annotationOf(sc, nameAt(sc, n)));
    for (const n of ["a", "b", "c", "d", "e", "f"]) expect(unwrapped(n), n).toBe("S");
    expect(unwrapped("g")).toBe("Union[S, T]");
    expect(unwrapped("h")).toBe("S | T");
    const param = nameMarked(sc, "a: Optional[S]", "a");
    const ann = (param as unknown as PyNode).parent!.d.annotation as PyNode;
    expect(text(sc, unwrapAnnotation(ann))).toBe("S");
  });

  it("sees a shadowing local in an inner function as the local", () => {
    const sc = sourceCodeOf(
      [
        "from sqlalchemy import select",
        "def outer():",
        "    def inner(select):",
        "        return select(1)",
        "    def other():",
        "        select = make()",
        "        return select",
        "    return select(2)",
      ].join("\n"),
    );
    expect(resolveName(sc, nameMarked(sc, "return select(1)", "select")).kind).toBe("parameter");
    const local = resolveName(sc, nameMarked(sc, "return select\n", "select"));
    expect(local.kind).toBe("variable");
    expect(local.kind === "variable" && text(sc, local.assignedValue)).toBe("make()");
    expect(qualifiedName(sc, nameMarked(sc, "return select(1)", "select"))).toBeNull();
    expect(qualifiedName(sc, nameMarked(sc, "return select(2)", "select"))).toBe(
      "sqlalchemy.select",
    );
  });

  it("does not see class-scope names from a method", () => {
    const sc = sourceCodeOf(
      [
        "limit = 10",
        "class Repo:",
        "    limit = 5",
        "    size = limit",
        "    def page(self):",
        "        return limit",
      ].join("\n"),
    );
    const inMethod = resolveName(sc, nameMarked(sc, "return limit", "limit"));
    expect(inMethod.kind === "variable" && text(sc, inMethod.assignedValue)).toBe("10");
    const inClass = resolveName(sc, nameMarked(sc, "size = limit", "limit"));
    expect(inClass.kind === "variable" && text(sc, inClass.assignedValue)).toBe("5");
  });

  it("gives the call a variable was assigned from", () => {
    const sc = sourceCodeOf(
      "s = AsyncSession(engine)\nt: Session = make()\nu: Session\ns.execute(q)\nt\nu\n",
    );
    const s = resolveName(sc, nameAt(sc, "s"));
    expect(s.kind).toBe("variable");
    if (s.kind !== "variable") return;
    expect(s.assignedValue?.type).toBe("Call");
    expect(text(sc, s.assignedValue)).toBe("AsyncSession(engine)");
    expect(s.node.type).toBe("Name");
    expect(s.node.start).toBe(0);
    expect(s.annotation).toBeUndefined();
    const t = resolveName(sc, nameAt(sc, "t"));
    expect(t.kind === "variable" && text(sc, t.assignedValue)).toBe("make()");
    expect(t.kind === "variable" && text(sc, t.annotation)).toBe("Session");
    const u = resolveName(sc, nameAt(sc, "u"));
    expect(u.kind === "variable" && u.assignedValue).toBeUndefined();
    expect(text(sc, annotationOf(sc, nameAt(sc, "u")))).toBe("Session");
  });

  it("gives the value of chained assignments and none for unpacking or loops", () => {
    const sc = sourceCodeOf("a = b = f()\nc, d = g()\nfor e in h: pass\na, b, c, e\n");
    for (const n of ["a", "b"]) {
      const r = resolveName(sc, nameAt(sc, n));
      expect(r.kind === "variable" && text(sc, r.assignedValue), n).toBe("f()");
    }
    for (const n of ["c", "e"]) {
      const r = resolveName(sc, nameAt(sc, n));
      expect(r.kind, n).toBe("variable");
      expect(r.kind === "variable" && r.assignedValue, n).toBeUndefined();
    }
  });

  it("evaluates defaults in the enclosing scope and sees lambda and type parameters", () => {
    const sc = sourceCodeOf("x = 1\ndef fn[T](x=x, y: T = 1):\n    return lambda z: z + x\n");
    const def = resolveName(sc, nameMarked(sc, "=x,", "x"));
    expect(def.kind === "variable" && text(sc, def.assignedValue)).toBe("1");
    expect(resolveName(sc, nameMarked(sc, "+ x", "x")).kind).toBe("parameter");
    const z = resolveName(sc, nameMarked(sc, "z + x", "z"));
    expect(z.kind === "parameter" && z.function.type).toBe("Lambda");
    expect(resolveName(sc, nameMarked(sc, "y: T", "T")).kind).toBe("variable");
  });

  it("resolves functions and classes defined in the file", () => {
    const sc = sourceCodeOf("class A: pass\ndef f(): return A()\nf()\n");
    expect(resolveName(sc, nameAt(sc, "A")).kind).toBe("class");
    const f = resolveName(sc, nameAt(sc, "f"));
    expect(f.kind === "function" && f.node.type).toBe("Function");
  });

  it("tells builtins from unresolved names", () => {
    const sc = sourceCodeOf("len(x)\nprint(__name__)\n");
    expect(resolveName(sc, nameAt(sc, "len"))).toEqual({ kind: "builtin", name: "len" });
    expect(resolveName(sc, nameAt(sc, "x"))).toEqual({ kind: "unresolved", name: "x" });
    expect(resolveName(sc, nameAt(sc, "__name__"))).toEqual({ kind: "builtin", name: "__name__" });
    expect(qualifiedName(sc, nameAt(sc, "len"))).toBeNull();
  });

  it("does not resolve member names or keyword argument names as references", () => {
    const sc = sourceCodeOf("import os\nselect = 1\nos.select\nf(select=2)\n");
    expect(resolveName(sc, nameMarked(sc, "os.select", "select")).kind).toBe("unresolved");
    expect(resolveName(sc, nameMarked(sc, "f(select", "select")).kind).toBe("unresolved");
  });

  it("handles walrus, match, global, nonlocal and comprehensions", () => {
    const sc = sourceCodeOf(
      [
        "counter = 0",
        "def bump():",
        "    global counter",
        "    counter = counter + 1",
        "def outer():",
        "    n = 0",
        "    def inner():",
        "        nonlocal n",
        "        n += 1",
        "    return n",
        "if (m := compute()) is not None:",
        "    print(m)",
        "match command:",
        "    case {'x': xval, **rest}:",
        "        use(xval)",
        "    case [first, *others]:",
        "        use(first)",
        "    case Point(x=px) as pt:",
        "        use(pt)",
        "item = 'outer'",
        "values = [item for item in range(3) if item]",
        "after = item",
        "class K:",
        "    y = 1",
        "    ys = [y for _ in range(3)]",
      ].join("\n"),
    );
    const walrus = resolveName(sc, nameMarked(sc, "print(m)", "m"));
    expect(walrus.kind === "variable" && text(sc, walrus.assignedValue)).toBe("compute()");
    const global = resolveName(sc, nameMarked(sc, "counter + 1", "counter"));
    expect(global.kind).toBe("variable");
    expect(global.kind === "variable" && global.node.start).toBe(0);
    const nonlocal = resolveName(sc, nameMarked(sc, "n += 1", "n"));
    expect(nonlocal.kind === "variable" && text(sc, nonlocal.assignedValue)).toBe("0");
    expect(resolveName(sc, nameMarked(sc, "use(xval)", "xval")).kind).toBe("variable");
    expect(resolveName(sc, nameMarked(sc, "use(first)", "first")).kind).toBe("variable");
    expect(resolveName(sc, nameMarked(sc, "use(pt)", "pt")).kind).toBe("variable");
    const inComprehension = resolveName(sc, nameMarked(sc, "if item]", "item"));
    expect(inComprehension.kind === "variable" && inComprehension.assignedValue).toBeUndefined();
    const afterComprehension = resolveName(sc, nameMarked(sc, "after = item", "item"));
    expect(
      afterComprehension.kind === "variable" && text(sc, afterComprehension.assignedValue),
    ).toBe("'outer'");
    // A comprehension in a class body cannot see the class's names (Python 3 scoping).
    expect(resolveName(sc, nameMarked(sc, "[y for", "y")).kind).toBe("unresolved");
  });

  it("prefers the import over a fallback in an except suite", () => {
    const sc = sourceCodeOf(
      "try:\n    import ujson as json\nexcept ImportError:\n    json = None\njson.dumps(1)\n",
    );
    expect(qualifiedName(sc, nameAt(sc, "json"))).toBe("ujson");
  });

  it("binds lazily once per file and caches the result", () => {
    const sc = sourceCodeOf("import os\nos\n");
    expect(sc.cache.size).toBe(0);
    resolveName(sc, nameAt(sc, "os"));
    const binding = sc.cache.get("python:binding");
    expect(binding).toBeTruthy();
    resolveName(sc, nameAt(sc, "os"));
    expect(sc.cache.get("python:binding")).toBe(binding);
  });

  it("binds a tree from parsePython, and returns null on garbage", () => {
    const parsed = parsePython("import os\n");
    expect(parsed.ok && bindModule(parsed.raw)).toBeTruthy();
    expect(bindModule(null)).toBeNull();
    expect(bindModule({ parserOutput: {} })).toBeNull();
  });
});
