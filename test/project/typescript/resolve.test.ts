import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { discoverFiles } from "../../../src/project/files.js";
import { packageNameOf, TsModuleResolver } from "../../../src/project/typescript/resolve.js";
import type { TsImportKind } from "../../../src/project/typescript/imports.js";

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url));

const tmp = mkdtempSync(join(tmpdir(), "layerlint-ts-resolve-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function project(name: string, files: Record<string, string>): string {
  const root = join(tmp, name);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return root;
}

function resolver(root: string): TsModuleResolver {
  const files = discoverFiles(root).typescript;
  const set = new Set(files);
  return new TsModuleResolver(
    root,
    (rel) => set.has(rel),
    () => new Set(files.map((f) => f.slice(0, Math.max(0, f.lastIndexOf("/"))))),
  );
}

/** `file`, `package (builtin)`, `unresolved`, `other: path`, or `nothing`. */
function where(
  r: TsModuleResolver,
  from: string,
  specifier: string,
  kind: TsImportKind = "import",
) {
  const res = r.resolve(from, specifier, kind);
  if (res.file) return res.file;
  if (res.external) return `package ${res.external}${res.builtin ? " (builtin)" : ""}`;
  if (res.unresolved) return "unresolved";
  return res.other ? `other: ${res.other}` : "nothing";
}

describe("TsModuleResolver on the Express fixture (NodeNext, paths in an extended config)", () => {
  const r = resolver(fixture("ts-express-layered"));
  const from = "src/routes/posts.routes.ts";

  it("maps `.js` specifiers to the `.ts` sources", () => {
    expect(where(r, from, "../schemas/post.schema.js")).toBe("src/schemas/post.schema.ts");
  });

  it("follows `paths` from the config `extends` names", () => {
    expect(where(r, from, "@/services/index.js")).toBe("src/services/index.ts");
    expect(r.configFor(from).path).toBe(join(fixture("ts-express-layered"), "tsconfig.json"));
    expect(r.configFor(from).options.paths).toEqual({ "@/*": ["src/*"] });
  });

  it("calls packages external, and tells built-ins apart", () => {
    expect(where(r, from, "express")).toBe("package express");
    expect(where(r, from, "@prisma/client")).toBe("package @prisma/client");
    expect(where(r, from, "node:fs/promises")).toBe("package fs (builtin)");
    expect(where(r, from, "path")).toBe("package path (builtin)");
  });

  it("calls a broken path or alias unresolved", () => {
    expect(where(r, from, "./missing.js")).toBe("unresolved");
    expect(where(r, from, "@/nowhere/thing.js")).toBe("unresolved");
  });

  it("resolves require() in CommonJS scripts", () => {
    expect(where(r, "scripts/seed.cjs", "./seed-data.cjs", "require")).toBe(
      "scripts/seed-data.cjs",
    );
  });
});

describe("TsModuleResolver on the NestJS fixture (CommonJS, node10, baseUrl)", () => {
  const r = resolver(fixture("ts-nest-app"));

  it("resolves extensionless specifiers and directory index files", () => {
    expect(where(r, "src/app.module.ts", "./posts")).toBe("src/posts/index.ts");
    expect(where(r, "src/app.module.ts", "./users/users.module")).toBe("src/users/users.module.ts");
  });

  it("follows `paths` relative to `baseUrl`", () => {
    expect(where(r, "src/posts/posts.service.ts", "@common/utils/slug")).toBe(
      "src/common/utils/slug.ts",
    );
    expect(where(r, "src/posts/posts.service.ts", "@common/missing")).toBe("unresolved");
  });

  it("resolves bare names against `baseUrl` when a file is there", () => {
    expect(where(r, "src/main.ts", "src/common/errors")).toBe("src/common/errors.ts");
    expect(where(r, "src/main.ts", "typeorm")).toBe("package typeorm");
  });
});

describe("TsModuleResolver: packages and workspaces", () => {
  const files = {
    "package.json": JSON.stringify({
      name: "acme",
      private: true,
      workspaces: ["packages/*", "apps/*"],
    }),
    "packages/db/package.json": JSON.stringify({
      name: "@acme/db",
      exports: { ".": "./src/index.ts", "./schema": "./src/schema.ts" },
    }),
    "packages/db/src/index.ts": "export const db = 1;\n",
    "packages/db/src/schema.ts": "export const posts = 1;\n",
    "apps/api/package.json": JSON.stringify({
      name: "@acme/api",
      type: "module",
      imports: { "#lib/*": "./src/lib/*.ts" },
    }),
    "apps/api/tsconfig.json": JSON.stringify({
      compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext" },
    }),
    "apps/api/src/main.ts": 'import { db } from "@acme/db";\n',
    "apps/api/src/lib/log.ts": "export const log = 1;\n",
    "apps/api/src/data.json": "{}\n",
    "node_modules/lodash/package.json": JSON.stringify({ name: "lodash", main: "index.js" }),
    "node_modules/lodash/index.js": "module.exports = {};\n",
  };
  const root = project("monorepo", files);

  it("resolves workspace packages through their `exports`, with nothing installed", () => {
    const r = resolver(root);
    expect(where(r, "apps/api/src/main.ts", "@acme/db")).toBe("packages/db/src/index.ts");
    expect(where(r, "apps/api/src/main.ts", "@acme/db/schema")).toBe("packages/db/src/schema.ts");
    // why: the package exists but does not export that subpath
    expect(where(r, "apps/api/src/main.ts", "@acme/db/internal")).toBe("unresolved");
    expect([...r.workspacePackages().keys()].sort()).toEqual(["@acme/api", "@acme/db", "acme"]);
  });

  it("resolves them the same when installed as a symlink", () => {
    mkdirSync(join(root, "node_modules/@acme"), { recursive: true });
    symlinkSync(join(root, "packages/db"), join(root, "node_modules/@acme/db"));
    try {
      const r = resolver(root);
      expect(where(r, "apps/api/src/main.ts", "@acme/db")).toBe("packages/db/src/index.ts");
    } finally {
      rmSync(join(root, "node_modules/@acme"), { recursive: true });
    }
  });

  it("calls an installed package external, and `#` imports and JSON what they are", () => {
    const r = resolver(root);
    expect(where(r, "apps/api/src/main.ts", "lodash")).toBe("package lodash");
    expect(where(r, "apps/api/src/main.ts", "#lib/log")).toBe("apps/api/src/lib/log.ts");
    expect(where(r, "apps/api/src/main.ts", "#lib/nothing")).toBe("unresolved");
    expect(where(r, "apps/api/src/main.ts", "./data.json")).toBe("other: apps/api/src/data.json");
  });
});

describe("TsModuleResolver: configs", () => {
  it("takes `paths` from the referenced project of a solution-style config", () => {
    const root = project("solution", {
      "package.json": "{}",
      "tsconfig.json": JSON.stringify({
        files: [],
        references: [{ path: "./tsconfig.node.json" }, { path: "./tsconfig.app.json" }],
      }),
      "tsconfig.node.json": JSON.stringify({
        compilerOptions: { module: "ESNext" },
        include: ["*.ts"],
      }),
      "tsconfig.app.json": JSON.stringify({
        compilerOptions: {
          module: "ESNext",
          moduleResolution: "bundler",
          paths: { "~/*": ["./src/*"] },
        },
        include: ["src"],
      }),
      "src/server.ts": 'import { users } from "~/routes";\n',
      "src/routes/index.ts": "export const users = 1;\n",
    });
    expect(where(resolver(root), "src/server.ts", "~/routes")).toBe("src/routes/index.ts");
  });

  it("reads jsconfig.json, and resolves like a bundler without any config", () => {
    const withJsconfig = project("jsconfig", {
      "package.json": "{}",
      "jsconfig.json": JSON.stringify({
        compilerOptions: { baseUrl: ".", paths: { "@lib/*": ["lib/*"] } },
      }),
      "lib/db.js": "module.exports = {};\n",
      "app.js": 'const db = require("@lib/db");\n',
    });
    expect(where(resolver(withJsconfig), "app.js", "@lib/db", "require")).toBe("lib/db.js");

    const bare = project("no-config", {
      "package.json": JSON.stringify({ name: "plain" }),
      "routes/index.js": "module.exports = {};\n",
      "app.js": 'const routes = require("./routes");\n',
    });
    const r = resolver(bare);
    expect(where(r, "app.js", "./routes", "require")).toBe("routes/index.js");
    expect(r.configFor("app.js").path).toBeNull();
  });

  it("resolves `index` files for ES modules without `moduleResolution` (TypeScript's `classic`)", () => {
    const root = project("classic", {
      "package.json": "{}",
      "tsconfig.json": JSON.stringify({ compilerOptions: { module: "ESNext", target: "ES2022" } }),
      "src/services/index.ts": "export const s = 1;\n",
      "src/app.ts": 'import { s } from "./services";\n',
    });
    expect(where(resolver(root), "src/app.ts", "./services")).toBe("src/services/index.ts");
  });

  it("survives a broken config: defaults, no throw", () => {
    const root = project("broken-config", {
      "package.json": "{}",
      "tsconfig.json": '{ "compilerOptions": { "paths": ',
      "src/a.ts": 'import "./b";\n',
      "src/b.ts": "",
    });
    expect(where(resolver(root), "src/a.ts", "./b")).toBe("src/b.ts");
  });
});

describe("packageNameOf", () => {
  it("keeps the scope", () => {
    expect(packageNameOf("@nestjs/common/decorators")).toBe("@nestjs/common");
    expect(packageNameOf("lodash/fp")).toBe("lodash");
    expect(packageNameOf("express")).toBe("express");
  });
});
