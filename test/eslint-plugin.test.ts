/** The plugin face: plain `eslint` with `layerlint.configs.recommended` on .py files. */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { REPO, summarize } from "./cli/run-cli.js";

const ESLINT = join(REPO, "node_modules/eslint/bin/eslint.js");
const PLUGIN = pathToFileURL(join(REPO, "dist/src/index.js")).href;
const tmp = mkdtempSync(join(tmpdir(), "layerlint-plugin-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmp, "p-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

function eslint(dir: string) {
  const result = spawnSync(process.execPath, [ESLINT, ".", "-f", "json"], {
    cwd: dir,
    encoding: "utf8",
  });
  const lines = result.stdout ? summarize(result.stdout, dir) : [];
  return { code: result.status, lines, stderr: result.stderr };
}

const FILES = {
  "pyproject.toml": '[project]\nname = "p"\n',
  "app/__init__.py": "",
  "app/repositories/__init__.py": "",
  "app/repositories/post_repository.py": "class PostRepository:\n    pass\n",
  "app/routes/__init__.py": "",
  "app/routes/posts.py":
    "from app.repositories.post_repository import PostRepository\n\n\ndef count(limit) -> int:\n    return limit\n",
  "app/data/store.py": "from app.repositories.post_repository import PostRepository\n",
};

describe("layerlint as an ESLint plugin", () => {
  it("lints Python with configs.recommended under plain eslint", () => {
    const dir = project({
      ...FILES,
      "eslint.config.js": `import layerlint from ${JSON.stringify(PLUGIN)};\nexport default [...layerlint.configs.recommended];\n`,
    });
    const { code, lines, stderr } = eslint(dir);
    expect(stderr).toBe("");
    expect(lines).toEqual([
      'app/routes/posts.py:1:1 error layerlint/layers Layer "routes" imports "app.repositories.post_repository" (repositories), skipping the services layer. Call a service that uses it, injected with Depends().',
      'app/routes/posts.py:4:11 warn layerlint/require-param-types Parameter "limit" of "count" has no type annotation.',
    ]);
    expect(code).toBe(1);
  });

  it("lints TypeScript with configs.recommended too, loading typescript-eslint's parser itself", () => {
    const dir = project({
      "package.json": JSON.stringify({ name: "p", type: "module", dependencies: { express: "4" } }),
      "src/repositories/post.repository.ts": "export class PostRepository {}\n",
      "src/routes/posts.routes.ts":
        'import { Router } from "express";\nimport { PostRepository } from "../repositories/post.repository";\n\nexport const router = Router();\n/** Every post. */\nrouter.get("/", (_req, res): void => {\n  res.json(new PostRepository());\n});\n',
      // A test requests the route (endpoint-tests).
      "test/posts.test.ts":
        'import request from "supertest";\nimport { router } from "../src/routes/posts.routes";\n\ntest("lists posts", async () => {\n  await request(router).get("/").expect(200);\n});\n',
      "eslint.config.js": `import layerlint from ${JSON.stringify(PLUGIN)};\nexport default [...layerlint.configs.recommended];\n`,
    });
    const { code, lines, stderr } = eslint(dir);
    expect(stderr).toBe("");
    expect(lines).toEqual([
      'src/routes/posts.routes.ts:2:1 error layerlint/layers Layer "routes" imports "src/repositories/post.repository.ts" (repositories), skipping the services layer. Call a service that uses it, injected through the constructor (NestJS) or your composition root.',
      'src/routes/posts.routes.ts:7:12 error layerlint/inject-dependencies Route "GET /" constructs its repository "new PostRepository(...)" itself. Receive it by injection instead: a NestJS constructor parameter, or a parameter of the router your composition root builds.',
    ]);
    expect(code).toBe(1);
  });

  it("lints Prisma schemas with configs.recommended, against the migrations' SQL", () => {
    const dir = project({
      "package.json": JSON.stringify({ name: "p", type: "module", dependencies: { express: "4" } }),
      "prisma/schema.prisma": [
        'datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}',
        "model Note {\n  id    Int    @id @default(autoincrement())\n  title String\n  body  String\n}",
        "",
      ].join("\n\n"),
      "prisma/migrations/20240101000000_init/migration.sql":
        'CREATE TABLE "Note" (\n    "id" SERIAL NOT NULL,\n    "title" TEXT NOT NULL,\n    CONSTRAINT "Note_pkey" PRIMARY KEY ("id")\n);\n',
      "prisma/migrations/migration_lock.toml": 'provider = "postgresql"\n',
      "eslint.config.js": `import layerlint from ${JSON.stringify(PLUGIN)};\nexport default [...layerlint.configs.recommended];\n`,
    });
    const { code, lines, stderr } = eslint(dir);
    expect(stderr).toBe("");
    expect(lines).toEqual([
      'prisma/schema.prisma:9:3 error layerlint/migration-for-model Column "Note.body" has no migration. Run: npx prisma migrate dev --name add_note_body.',
    ]);
    expect(code).toBe(1);
  });

  it("reads the layer map from settings.layerlint", () => {
    // why: `data/` is no layer by default; the team says it is the routes layer
    const dir = project({
      ...FILES,
      "eslint.config.js": [
        `import layerlint from ${JSON.stringify(PLUGIN)};`,
        "export default [",
        "  ...layerlint.configs.recommended,",
        '  { settings: { layerlint: { layers: { routes: ["data"] } } } },',
        "];",
        "",
      ].join("\n"),
    });
    const { lines } = eslint(dir);
    expect(lines.filter((l) => l.includes("layerlint/layers"))).toEqual([
      'app/data/store.py:1:1 error layerlint/layers Layer "routes" imports "app.repositories.post_repository" (repositories), skipping the services layer. Call a service that uses it, injected with Depends().',
    ]);
  });

  it("rejects invalid settings.layerlint with every problem listed", () => {
    const dir = project({
      ...FILES,
      "eslint.config.js": `import layerlint from ${JSON.stringify(PLUGIN)};\nexport default [...layerlint.configs.recommended, { settings: { layerlint: { layres: {}, ignore: 3 } } }];\n`,
    });
    const { code, stderr } = eslint(dir);
    expect(code).toBe(2);
    expect(stderr).toContain(
      'settings.layerlint.layres: unknown key "layres"; did you mean "layers"?',
    );
    expect(stderr).toContain(
      "settings.layerlint.ignore: must be an array of strings, not a number",
    );
  });
});
