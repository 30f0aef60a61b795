import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { pythonLanguage } from "../../../src/languages/python/language.js";
import { offerParse, parsePython, takeParse } from "../../../src/languages/python/parser.js";
import type { ParseSuccess } from "../../../src/languages/python/parser.js";
import { DEFAULT_PYTHON_VERSION } from "../../../src/languages/python/versions.js";
import { Project } from "../../../src/project/project.js";

// The project model parses with its settings' version: the default, like ESLint's here.
const VERSION = DEFAULT_PYTHON_VERSION;

function parsed(text: string, keepErrors = false): ParseSuccess {
  const result = parsePython(text, { version: VERSION, keepErrors });
  if (!result.ok) throw new Error("expected a parse");
  return result;
}

/** ESLint's call of the language's parse for a file. */
function eslintParse(path: string, text: string) {
  return pythonLanguage.parse(
    { path, body: text } as never,
    {
      languageOptions: { pythonVersion: VERSION },
    } as never,
  ) as { ok: boolean; ast?: unknown; cache?: Map<string, unknown> };
}

describe("offerParse / takeParse", () => {
  it("hands a clean parse over once, for the same path, text and version", () => {
    const result = parsed("x = 1\n");
    const cache = new Map<string, unknown>();
    offerParse("/p/a.py", "x = 1\n", VERSION, result, cache);
    expect(takeParse("/p/b.py", "x = 1\n", VERSION)).toBeNull();
    expect(takeParse("/p/a.py", "x = 1\n", VERSION)).toEqual({ result, cache });
    expect(takeParse("/p/a.py", "x = 1\n", VERSION)).toBeNull();
  });

  it("gives nothing for other text or another Python version, and forgets the offer", () => {
    offerParse("/p/a.py", "x = 1\n", VERSION, parsed("x = 1\n"), new Map());
    expect(takeParse("/p/a.py", "x = 2\n", VERSION)).toBeNull();
    expect(takeParse("/p/a.py", "x = 1\n", VERSION)).toBeNull();
    offerParse("/p/a.py", "x = 1\n", VERSION, parsed("x = 1\n"), new Map());
    expect(takeParse("/p/a.py", "x = 1\n", "3.8")).toBeNull();
    expect(VERSION).not.toBe("3.8");
  });

  it("keeps at most about 1 MB of source in trees only the offers keep alive, dropping the oldest", () => {
    const big = (n: number) => `x = ${n}\n${"#".repeat(400_000)}\n`;
    const kept = parsed("y = 1\n");
    offerParse("/p/kept.py", "y = 1\n", VERSION, kept, new Map());
    for (const n of [1, 2, 3])
      offerParse(`/p/m${n}.py`, big(n), VERSION, parsed(big(n)), new Map(), true);
    expect(takeParse("/p/m1.py", big(1), VERSION)).toBeNull();
    expect(takeParse("/p/m2.py", big(2), VERSION)).not.toBeNull();
    expect(takeParse("/p/m3.py", big(3), VERSION)).not.toBeNull();
    expect(takeParse("/p/kept.py", "y = 1\n", VERSION)?.result).toBe(kept);
  });

  it("keeps no parse that recovered from a syntax error", () => {
    const recovered = parsed("def f(:\n    pass\n", true);
    expect(recovered.clean).toBe(false);
    offerParse("/p/a.py", "def f(:\n    pass\n", VERSION, recovered, new Map());
    expect(takeParse("/p/a.py", "def f(:\n    pass\n", VERSION)).toBeNull();
  });
});

describe("the project model's parses reach ESLint", () => {
  const root = realpathSync(mkdtempSync(join(tmpdir(), "layerlint-shared-parse-")));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, "app", "models"), { recursive: true });
  const MODEL =
    "from sqlalchemy.orm import DeclarativeBase\n\n\nclass Base(DeclarativeBase):\n    pass\n";
  const BROKEN = "class Post(Base:\n    pass\n";
  writeFileSync(join(root, "app", "models", "base.py"), MODEL);
  writeFileSync(join(root, "app", "models", "post.py"), BROKEN);
  writeFileSync(join(root, "pyproject.toml"), '[project]\nname = "shop"\n');

  it("gives ESLint the tree (and its memo) the project parsed, once", () => {
    const project = new Project(root);
    const module = project.parsedModule("app/models/base.py");
    const path = join(root, "app", "models", "base.py");
    const first = eslintParse(path, MODEL);
    expect(first.ok).toBe(true);
    expect(first.ast).toBe(module?.ast);
    expect(first.cache).toBe(module?.cache);
    const second = eslintParse(path, MODEL);
    expect(second.ast).not.toBe(module?.ast);
    expect(second.cache).toBeUndefined();
  });

  it("parses anew when the file changed since, and reports a syntax error the project parsed through", () => {
    const project = new Project(root);
    const module = project.parsedModule("app/models/base.py");
    const edited = eslintParse(join(root, "app", "models", "base.py"), `${MODEL}x = 1\n`);
    expect(edited.ok).toBe(true);
    expect(edited.ast).not.toBe(module?.ast);
    expect(project.parsedModule("app/models/post.py")).not.toBeNull();
    expect(eslintParse(join(root, "app", "models", "post.py"), BROKEN).ok).toBe(false);
  });

  it("does not hand over a parse that skipped function and class bodies", () => {
    const project = new Project(root);
    const outline = project.parsedModule("app/models/base.py", true);
    const full = eslintParse(join(root, "app", "models", "base.py"), MODEL);
    expect(full.ok).toBe(true);
    expect(full.ast).not.toBe(outline?.ast);
  });
});
