import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { Project } from "../../../src/project/project.js";
import type { TsResolvedImport } from "../../../src/project/typescript/modules.js";

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url));
const express = new Project(fixture("ts-express-layered"));
const nest = new Project(fixture("ts-nest-app"));

const tmp = mkdtempSync(join(tmpdir(), "layerlint-ts-project-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function project(name: string, files: Record<string, string>): Project {
  const root = join(tmp, name);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return new Project(root);
}

/** `specifier -> name@direct(>file)` per target, or the package / unresolved. */
function resolved(r: TsResolvedImport): string {
  if (r.targets.length === 0) {
    return `${r.record.specifier} -> ${r.external ? `package ${r.external}` : r.unresolved ? "unresolved" : "nothing"}`;
  }
  const targets = r.targets.map(
    (t) =>
      `${t.name ?? "-"}@${t.direct}${t.file === t.direct ? "" : `>${t.file}`}${t.typeOnly ? " (type)" : ""}`,
  );
  return `${r.record.specifier} -> ${targets.join(", ")}`;
}

describe("Project: TypeScript imports", () => {
  it("lists a file's import records", () => {
    expect(express.tsImportsOf("src/server.ts").map((r) => [r.kind, r.specifier, r.line])).toEqual([
      ["import", "./app.js", 1],
      ["import", "./config/settings.js", 2],
      ["dynamic", "./docs.js", 8],
    ]);
    // why: an absolute path names the same file
    const abs = join(express.root, "src/server.ts");
    expect(express.tsImportsOf(abs)).toBe(express.tsImportsOf("src/server.ts"));
  });

  it("follows barrels to the file that defines each name", () => {
    const records = express.tsResolvedImportsOf("src/app.ts").map(resolved);
    expect(records).toEqual([
      "express -> package express",
      "./routes/index.js -> postsRouter@src/routes/index.ts>src/routes/posts.routes.ts, usersRouter@src/routes/index.ts>src/routes/users.routes.ts",
      // why: PostService comes through `export *`, UserService through a named re-export
      "./services/index.js -> PostService@src/services/index.ts>src/services/post.service.ts, UserService@src/services/index.ts>src/services/user.service.ts",
      "./middleware/errors.js -> errorHandler@src/middleware/errors.ts",
    ]);
  });

  it("resolves `paths` aliases with `.js` specifiers and marks type-only imports", () => {
    expect(express.tsResolvedImportsOf("src/services/post.service.ts").map(resolved)).toEqual([
      "@/models/index.js -> Post@src/models/index.ts (type)",
      "@/repositories/post.repository.js -> PostRepository@src/repositories/post.repository.ts",
      "../events/post.events.js -> publishPostCreated@src/events/post.events.ts",
      "../schemas/post.schema.js -> CreatePostInput@src/schemas/post.schema.ts (type)",
      "../middleware/errors.js -> NotFoundError@src/middleware/errors.ts",
    ]);
    const target = express.resolveTs(
      "src/routes/posts.routes.ts",
      express.tsImportsOf("src/routes/posts.routes.ts")[1],
    ).targets[0];
    expect(express.roleOf(target.file)).toBe("services");
  });

  it("resolves require() in CommonJS scripts and import-equals", () => {
    expect(express.tsResolvedImportsOf("scripts/seed.cjs").map(resolved)).toEqual([
      "@prisma/client -> package @prisma/client",
      "./seed-data.cjs -> *@scripts/seed-data.cjs",
    ]);
    expect(nest.tsResolvedImportsOf("src/main.ts").map(resolved)).toEqual([
      "reflect-metadata -> package reflect-metadata",
      "@nestjs/common -> package @nestjs/common",
      "@nestjs/core -> package @nestjs/core",
      "helmet -> package helmet",
      "./app.module -> AppModule@src/app.module.ts",
      "@common/filters/http-error.filter -> HttpErrorFilter@src/common/filters/http-error.filter.ts",
    ]);
  });

  it("resolves NestJS feature barrels and gives NestJS file names their roles", () => {
    expect(nest.tsResolvedImportsOf("src/app.module.ts").map(resolved)[2]).toBe(
      "./posts -> PostsModule@src/posts/index.ts>src/posts/posts.module.ts",
    );
    expect(
      [
        "src/posts/posts.controller.ts",
        "src/posts/posts.service.ts",
        "src/posts/posts.repository.ts",
        "src/posts/entities/post.entity.ts",
        "src/posts/dto/create-post.dto.ts",
        "src/main.ts",
      ].map((f) => nest.roleOf(f)),
    ).toEqual(["routes", "services", "repositories", "models", "schemas", "roots"]);
  });

  it("uses the nearest tsconfig", () => {
    const config = nest.tsConfigOf("src/posts/posts.service.ts");
    expect(config.path).toBe(join(nest.root, "tsconfig.json"));
    expect(config.options.paths).toEqual({ "@common/*": ["src/common/*"] });
  });

  it("answers for files outside the root without resolving them", () => {
    const outside = project("outside-root", { "package.json": "{}" });
    const record = { ...express.tsImportsOf("src/app.ts")[0] };
    expect(outside.resolveTs("/elsewhere/x.ts", record)).toMatchObject({
      targets: [],
      external: "express",
      unresolved: false,
    });
    expect(outside.resolveTs("/elsewhere/x.ts", { ...record, specifier: "./y" })).toMatchObject({
      external: null,
      unresolved: true,
    });
  });
});

describe("Project.tsGraph", () => {
  it("has no runtime cycle in the fixtures; the type-only back edges close two", () => {
    expect(express.tsGraph().cycles()).toEqual([]);
    expect(nest.tsGraph().cycles()).toEqual([]);
    const typed = nest.tsGraph().cycles({ includeTypeOnlyImports: true });
    expect(typed.map((c) => c.members)).toEqual([
      ["src/posts/entities/post.entity.ts", "src/users/entities/user.entity.ts"],
      ["src/posts/posts.service.ts", "src/users/users.service.ts"],
    ]);
    expect(typed[1].edges[1].record.typeOnly).toBe(true);
  });

  it("has one edge per name, to the defining file, and the reverse index", () => {
    const graph = express.tsGraph();
    expect(graph.edgesFrom("src/routes/posts.routes.ts").map((e) => `${e.name} ${e.to}`)).toEqual([
      "PostService src/services/post.service.ts",
      "createPostSchema src/schemas/post.schema.ts",
    ]);
    expect(graph.edgesTo("src/services/post.service.ts").map((e) => e.from)).toEqual([
      "src/app.ts",
      "src/routes/posts.routes.ts",
      "src/services/index.ts",
    ]);
    expect(graph.files).toContain("scripts/seed-data.cjs");
  });

  it("counts deferred imports only when asked", () => {
    const p = project("deferred", {
      "package.json": JSON.stringify({ name: "d", dependencies: { express: "4" } }),
      "src/a.ts": 'import { b } from "./b";\nexport const a = () => b;\n',
      "src/b.ts":
        'export async function b() {\n  const { a } = await import("./a");\n  return a;\n}\n',
      "src/c.js": 'const d = require("./d");\nmodule.exports = { c: 1 };\n',
      "src/d.js": 'function later() {\n  return require("./c");\n}\nmodule.exports = { later };\n',
      "src/e.ts": 'import { f } from "./f";\nexport const e = f;\n',
      "src/f.ts": 'import { e } from "./e";\nexport const f = 1;\nexport const g = () => e;\n',
    });
    expect(
      p
        .tsGraph()
        .cycles()
        .map((c) => c.members),
    ).toEqual([["src/e.ts", "src/f.ts"]]);
    const all = p.tsGraph().cycles({ includeDeferredImports: true });
    expect(all.map((c) => c.members)).toEqual([
      ["src/a.ts", "src/b.ts"],
      ["src/c.js", "src/d.js"],
      ["src/e.ts", "src/f.ts"],
    ]);
    const [through] = p.tsGraph().cyclesThrough("src/f.ts");
    expect(through.cycle).toEqual(["src/f.ts", "src/e.ts"]);
    expect([through.importToNext.specifier, through.importToNext.line]).toEqual(["./e", 1]);
  });

  it("keeps the languages apart: the Python graph has no TypeScript file and no cycle crosses", () => {
    const p = project("mixed", {
      "pyproject.toml": '[project]\nname = "mixed"\n',
      "app/__init__.py": "",
      "app/main.py": "from app import routes\n",
      "app/routes.py": "from app import main\n",
      "web/package.json": JSON.stringify({ name: "web", dependencies: { express: "4" } }),
      "web/src/index.ts": 'import { x } from "./x";\nexport const i = 1;\n',
      "web/src/x.ts": 'import { i } from "./index";\nexport const x = () => i;\n',
    });
    expect(p.graph().files).toEqual(["app/__init__.py", "app/main.py", "app/routes.py"]);
    expect(
      p
        .graph()
        .cycles()
        .map((c) => c.members),
    ).toEqual([["app/main.py", "app/routes.py"]]);
    expect(p.tsGraph().files).toEqual(["web/src/index.ts", "web/src/x.ts"]);
    expect(
      p
        .tsGraph()
        .cycles()
        .map((c) => c.members),
    ).toEqual([["web/src/index.ts", "web/src/x.ts"]]);
  });
});

describe("Project: TypeScript facts", () => {
  it("keeps what a file with syntax errors says, and nothing for an unreadable one", () => {
    const p = project("broken", {
      "package.json": "{}",
      "src/a.ts": 'import { b } from "./b";\nexport function f(: number {\n',
      "src/b.ts": "export const b = 1;\n",
    });
    expect(p.tsResolvedImportsOf("src/a.ts").map(resolved)).toEqual(["./b -> b@src/b.ts"]);
    expect(p.tsImportsOf("src/missing.ts")).toEqual([]);
  });

  it("sees TypeScript files change on disk", () => {
    const p = project("stale", { "package.json": "{}", "src/a.ts": "export const a = 1;\n" });
    expect(p.files.typescript).toEqual(["src/a.ts"]);
    expect(p.isStale()).toBe(false);
    writeFileSync(join(p.root, "src/a.ts"), "export const a = 2; // changed\n");
    utimesSync(join(p.root, "src/a.ts"), new Date(), new Date(Date.now() + 5000));
    expect(p.isStale()).toBe(true);
  });
});
