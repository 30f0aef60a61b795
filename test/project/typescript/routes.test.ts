import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { declaresTsRoutes, Project } from "../../../src/project/project.js";
import type { TsRouteEntry } from "../../../src/project/typescript/routes.js";

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url));

const tmp = mkdtempSync(join(tmpdir(), "layerlint-ts-routes-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function project(name: string, files: Record<string, string>): Project {
  const root = join(tmp, name);
  for (const [rel, text] of Object.entries({ "package.json": "{}", ...files })) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return new Project(root);
}

/** `file:line:column METHODS paths handler (framework)` per entry. */
function table(p: Project): string[] {
  return p
    .tsRouteTable()
    .entries.map(
      (e: TsRouteEntry) =>
        `${e.file}:${e.line}:${e.column} ${e.methods.join(",")} ${e.paths.join(" ")} ${e.handler ?? "-"} (${e.framework})`,
    );
}

describe("TypeScript route table: fixtures", () => {
  it("joins Express mounts through a factory imported from a barrel", () => {
    const p = new Project(fixture("ts-express-layered"));
    expect(table(p)).toEqual([
      // Mounted nowhere the table can see: `mountDocs(app)` passes the app as an argument.
      "src/docs.ts:4:19 GET /docs - (express)",
      "src/routes/posts.routes.ts:8:18 GET /posts - (express)",
      "src/routes/posts.routes.ts:13:21 GET /posts/:id - (express)",
      "src/routes/posts.routes.ts:17:19 POST /posts - (express)",
      "src/routes/users.routes.ts:9:19 POST /users - (express)",
    ]);
    expect([...p.tsRouteTable().routeFiles].sort()).toEqual([
      "src/app.ts",
      "src/docs.ts",
      "src/routes/posts.routes.ts",
      "src/routes/users.routes.ts",
    ]);
    expect(p.tsDefinesRoutes("src/routes/posts.routes.ts")).toBe(true);
    // A barrel that re-exports routers declares none.
    expect(p.tsDefinesRoutes("src/routes/index.ts")).toBe(false);
    expect(p.tsDefinesRoutes("src/services/post.service.ts")).toBe(false);
  });

  it("reads NestJS controllers, aliased decorators included", () => {
    const p = new Project(fixture("ts-nest-app"));
    expect(table(p)).toEqual([
      "src/posts/posts.controller.ts:11:2 GET /posts findAll (nest)",
      "src/posts/posts.controller.ts:16:2 GET /posts/:id findOne (nest)",
      // `Post as HttpPost`
      "src/posts/posts.controller.ts:21:2 POST /posts create (nest)",
    ]);
    expect(p.tsDefinesRoutes("src/posts/posts.controller.ts")).toBe(true);
    // `app.use(helmet())` on a Nest app is no route.
    expect(p.tsDefinesRoutes("src/main.ts")).toBe(false);
    expect(p.tsDefinesRoutes("src/posts/posts.service.ts")).toBe(false);
  });
});

describe("TypeScript route table: frameworks", () => {
  it("Express: route chains, middleware before the handler, a default-exported router", () => {
    const p = project("express", {
      "src/items.ts": [
        'import express from "express";',
        'import { auth, create, list, show } from "./handlers.js";',
        "const router = express.Router();",
        'router.route("/items").get(list).post(auth, create);',
        'router.get("/items/:id", auth, show);',
        "export default router;",
      ].join("\n"),
      "src/app.ts": [
        'import express from "express";',
        'import items from "./items.js";',
        "const app = express();",
        'app.use("/api/", items);',
      ].join("\n"),
    });
    expect(table(p)).toEqual([
      "src/items.ts:4:27 GET /api/items list (express)",
      "src/items.ts:4:44 POST /api/items create (express)",
      "src/items.ts:5:31 GET /api/items/:id show (express)",
    ]);
  });

  it("Express: routers nested two levels across files, an inline Fastify plugin", () => {
    const p = project("nested", {
      "src/users.routes.ts": [
        'import { Router } from "express";',
        "export const usersRouter = Router();",
        'usersRouter.delete("/:id", removeUser);',
      ].join("\n"),
      "src/api.ts": [
        'import { Router } from "express";',
        'import { usersRouter } from "./users.routes.js";',
        "export const api = Router();",
        'api.use("/users", usersRouter);',
      ].join("\n"),
      "src/app.ts": [
        'import express from "express";',
        'import { api } from "./api.js";',
        "export const app = express();",
        'app.use("/api/v1", api);',
      ].join("\n"),
      "src/fast.ts": [
        'import Fastify from "fastify";',
        "const server = Fastify();",
        "server.register(async (scope) => {",
        '  scope.get("/ping", async () => "pong");',
        '}, { prefix: "/internal" });',
      ].join("\n"),
    });
    expect(table(p)).toEqual([
      "src/fast.ts:4:21 GET /internal/ping - (fastify)",
      "src/users.routes.ts:3:27 DELETE /api/v1/users/:id removeUser (express)",
    ]);
  });

  it("Koa: a router prefix, mounted with routes()", () => {
    const p = project("koa", {
      "src/users.ts": [
        'import Koa from "koa";',
        'import Router from "@koa/router";',
        "const app = new Koa();",
        'const router = new Router({ prefix: "/users" });',
        'router.get("/:id", async (ctx) => { ctx.body = {}; });',
        "app.use(router.routes());",
      ].join("\n"),
    });
    expect(table(p)).toEqual(["src/users.ts:5:19 GET /users/:id - (koa)"]);
  });

  it("Fastify: options before the handler, route(), a plugin registered with a prefix", () => {
    const p = project("fastify", {
      "src/plugin.ts": [
        'import type { FastifyInstance } from "fastify";',
        "export async function itemsPlugin(app: FastifyInstance) {",
        '  app.post("/items", async () => ({ ok: true }));',
        "}",
      ].join("\n"),
      "src/server.ts": [
        'import Fastify from "fastify";',
        'import { itemsPlugin } from "./plugin.js";',
        "const fastify = Fastify();",
        'fastify.get("/health", { logLevel: "warn" }, health);',
        'fastify.route({ method: ["GET", "HEAD"], url: "/items", handler: listItems });',
        'fastify.register(itemsPlugin, { prefix: "/v1" });',
        "function health() { return 'ok'; }",
        "function listItems() { return []; }",
      ].join("\n"),
    });
    expect(table(p)).toEqual([
      "src/plugin.ts:3:21 POST /v1/items - (fastify)",
      "src/server.ts:4:45 GET /health health (fastify)",
      "src/server.ts:5:65 GET,HEAD /items listItems (fastify)",
    ]);
  });

  it("Hono: basePath and app.route() mounts", () => {
    const p = project("hono", {
      "src/index.ts": [
        'import { Hono } from "hono";',
        "const app = new Hono();",
        'const books = new Hono().basePath("/books");',
        'books.get("/", (c) => c.json([]));',
        'app.route("/v2", books);',
        "export default app;",
      ].join("\n"),
    });
    expect(table(p)).toEqual(["src/index.ts:4:15 GET /v2/books - (hono)"]);
  });

  it("NestJS: a global prefix and an object controller path", () => {
    const p = project("nest", {
      "src/main.ts": [
        'import { NestFactory } from "@nestjs/core";',
        "async function bootstrap() {",
        "  const app = await NestFactory.create(AppModule);",
        '  app.setGlobalPrefix("api");',
        "}",
      ].join("\n"),
      "src/tags.controller.ts": [
        'import { Controller, Delete, Get } from "@nestjs/common";',
        '@Controller({ path: "tags" })',
        "export class TagsController {",
        "  @Get()",
        "  list() { return []; }",
        '  @Delete(":id")',
        "  remove() {}",
        "  helper() {}",
        "}",
      ].join("\n"),
    });
    expect(table(p)).toEqual([
      "src/tags.controller.ts:5:2 GET /api/tags list (nest)",
      "src/tags.controller.ts:7:2 DELETE /api/tags/:id remove (nest)",
    ]);
  });
});

describe("TypeScript route table: precision", () => {
  it("ignores Map, cache and HTTP client calls, and @Get outside a controller", () => {
    const p = project("near-misses", {
      "src/cache.ts": [
        "const cache = new Map<string, number>();",
        'cache.get("/users");',
        // why: an HTTP client's get is a request, not a route.
        'client.get("/users", { timeout: 5 });',
        'axios.post("/users", body);',
        // why: Express's settings getter takes no path.
        'app.get("trust proxy", handler);',
      ].join("\n"),
      "src/service.ts": [
        'import { Get } from "./decorators.js";',
        "export class Service {",
        '  @Get("/x")',
        "  run() {}",
        "}",
      ].join("\n"),
    });
    expect(table(p)).toEqual([]);
    expect(p.tsDefinesRoutes("src/cache.ts")).toBe(false);
    expect(p.tsDefinesRoutes("src/service.ts")).toBe(false);
  });

  it("declaresTsRoutes reads the linted text alone", () => {
    expect(declaresTsRoutes('import { Router } from "express";\nexport const r = Router();')).toBe(
      true,
    );
    expect(declaresTsRoutes('export function mount(app) { app.get("/docs", h); }')).toBe(true);
    expect(declaresTsRoutes('const m = new Map(); m.get("/x");')).toBe(false);
    expect(declaresTsRoutes("export const toDto = (u) => ({ id: u.id });")).toBe(false);
  });
});
