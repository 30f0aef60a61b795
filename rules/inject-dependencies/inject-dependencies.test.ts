import { readFileSync } from "node:fs";
import { join } from "node:path";
import rule from "./inject-dependencies.js";
import { pythonRuleTester, typescriptRuleTester } from "../../test/rule-tester.js";

const root = join(import.meta.dirname, "fixtures", "blog");
const file = (rel: string) => join(root, rel);
const onDisk = (rel: string) => readFileSync(file(rel), "utf8");
const route = file("app/routes/posts.py");

pythonRuleTester().run("inject-dependencies", rule, {
  valid: [
    // The fixture injects everything: providers build services, the db module makes the engine.
    ...[
      "app/routes/posts.py",
      "app/dependencies.py",
      "app/db.py",
      "app/services/post_service.py",
    ].map((rel) => ({ filename: file(rel), code: onDisk(rel) })),
    // why: a provider function in a routes module may build the service it provides
    {
      filename: route,
      code: `from fastapi import Depends

from app.dependencies import get_db
from app.services.post_service import PostService


def get_service(db=Depends(get_db)) -> PostService:
    return PostService(db)
`,
    },
    // why: schemas, models and library objects built in a handler are values, not collaborators
    {
      filename: route,
      code: `from datetime import datetime

from fastapi import APIRouter
from fastapi.responses import JSONResponse

router = APIRouter()


@router.get("/now")
async def now() -> JSONResponse:
    return JSONResponse({"at": datetime.now().isoformat()})
`,
    },
    // why: a class named like a service from a library is not the project's collaborator
    {
      filename: route,
      code: `from fastapi import APIRouter
from google.cloud.storage import StorageService

router = APIRouter()


@router.get("/files")
async def files() -> list[str]:
    return StorageService().list()
`,
    },
    // why: an exception or data class that lives in a service module is not a collaborator
    {
      filename: route,
      code: `from fastapi import APIRouter

from app.services.post_service import PostNotPublished, PublishContext

router = APIRouter()


@router.post("/{post_id}/check")
async def check(post_id: int) -> None:
    if post_id < 0:
        raise PostNotPublished(post_id)
    PublishContext(post_id=post_id)
`,
    },
    // why: a module-level engine in a test or a script is not a layer's business
    {
      filename: file("tests/conftest.py"),
      code: 'from sqlalchemy.ext.asyncio import create_async_engine\n\nengine = create_async_engine("sqlite+aiosqlite://")\n',
    },
  ],
  invalid: [
    // why: the service and its repository are both built in the handler: two fixes, two findings
    {
      filename: route,
      code: `from fastapi import APIRouter, Depends

from app.dependencies import get_db
from app.repositories.post_repository import PostRepository
from app.services.post_service import PostService

router = APIRouter()


@router.post("/{post_id}/publish")
async def publish(post_id: int, db=Depends(get_db)) -> None:
    await PostService(PostRepository(db)).publish(post_id)
`,
      errors: [
        {
          messageId: "constructsInRoute",
          data: { handler: "publish", what: "service", call: "PostService(...)" },
          line: 12,
          column: 11,
        },
        {
          messageId: "constructsInRoute",
          data: { handler: "publish", what: "repository", call: "PostRepository(...)" },
          line: 12,
          column: 23,
        },
      ],
    },
    // why: engines and sessions made inside a handler, through the project's own factory too
    {
      filename: route,
      code: `from fastapi import APIRouter
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from app.db import async_session_maker

router = APIRouter()


@router.get("/count")
async def count() -> int:
    engine = create_async_engine("postgresql+asyncpg://localhost/blog")
    async with AsyncSession(engine) as session:
        async with async_session_maker() as other:
            return 0
`,
      errors: [
        {
          messageId: "sessionInRoute",
          data: {
            handler: "count",
            what: "engine or session factory",
            call: "create_async_engine(...)",
          },
          line: 11,
          column: 14,
        },
        {
          messageId: "sessionInRoute",
          data: { handler: "count", what: "session", call: "AsyncSession(...)" },
          line: 12,
          column: 16,
        },
        {
          messageId: "sessionInRoute",
          data: { handler: "count", what: "session", call: "async_session_maker(...)" },
          line: 13,
          column: 20,
        },
      ],
    },
    // why: a service class defined in the routes module itself, found by its name
    {
      filename: route,
      code: `from fastapi import APIRouter

router = APIRouter()


class AuditService:
    def record(self) -> None:
        pass


@router.delete("/{post_id}")
def delete(post_id: int) -> None:
    AuditService().record()
`,
      errors: [
        {
          messageId: "constructsInRoute",
          data: { handler: "delete", what: "service", call: "AuditService(...)" },
          line: 13,
          column: 5,
        },
      ],
    },
    // why: a module-level session in a repository is shared by every request
    {
      filename: file("app/repositories/post_repository.py"),
      code: `from sqlalchemy.orm import sessionmaker

from app.db import engine

SessionLocal = sessionmaker(bind=engine)
session = SessionLocal()
`,
      errors: [
        {
          messageId: "moduleLevelClient",
          data: {
            what: "engine or session factory",
            call: "sessionmaker(...)",
            layer: "repositories",
          },
          line: 5,
          column: 16,
        },
        {
          messageId: "moduleLevelClient",
          data: { what: "session or client", call: "SessionLocal(...)", layer: "repositories" },
          line: 6,
          column: 11,
        },
      ],
    },
    {
      filename: file("app/services/post_service.py"),
      code: 'from pymongo import MongoClient\n\nclient = MongoClient("mongodb://localhost")\n',
      errors: [
        {
          messageId: "moduleLevelClient",
          data: { what: "session or client", call: "MongoClient(...)", layer: "services" },
          line: 3,
          column: 10,
        },
      ],
    },
    {
      filename: route,
      code: `from fastapi import APIRouter

router = APIRouter()


@router.get("/")
async def index() -> None:
    PostManager().run()
`,
      options: [{ collaboratorSuffixes: ["Manager"] }],
      errors: [
        {
          messageId: "constructsInRoute",
          data: { handler: "index", what: "manager", call: "PostManager(...)" },
          line: 8,
          column: 5,
        },
      ],
    },
  ],
});

// TypeScript: Express + Prisma with a composition root, and a NestJS controller.
const blog = (rel: string) => join(import.meta.dirname, "fixtures", "ts-blog", rel);
const tsOnDisk = (path: string) => ({ filename: path, code: readFileSync(path, "utf8") });
const lines = (...text: string[]) => `${text.join("\n")}\n`;
/** Modules that do not exist on disk: routes come from the code alone. */
const tsRoute = blog("src/routes/inline.routes.ts");
const tsService = blog("src/services/inline.service.ts");

typescriptRuleTester().run("inject-dependencies (TypeScript)", rule, {
  valid: [
    // why: new Date() and new URL() are values, the service comes from the router's factory
    tsOnDisk(blog("src/routes/posts.routes.ts")),
    // why: NestJS constructor injection; exceptions and DTOs built in handlers are not collaborators
    tsOnDisk(blog("src/posts/posts.controller.ts")),
    // why: the composition root and the db module create clients and services
    tsOnDisk(blog("src/app.ts")),
    tsOnDisk(blog("src/db.ts")),
    tsOnDisk(blog("src/repositories/post.repository.ts")),
    // why: the db module under a shared directory may create the client too
    {
      filename: blog("src/config/database.ts"),
      code: lines(
        'import { Pool } from "pg";',
        "export const pool = new Pool({ connectionString: process.env.DATABASE_URL });",
      ),
    },
    // why: an error class exported by a service module, and a library class named like a service
    {
      filename: tsRoute,
      code: lines(
        'import { Router } from "express";',
        'import { PostNotFoundError } from "../services/post.service.js";',
        'import { S3Service } from "@acme/storage";',
        "export const router = Router();",
        'router.get("/:id", (req, res) => {',
        "  if (!req.params.id) throw new PostNotFoundError(req.params.id);",
        '  res.json({ bucket: new S3Service().bucket, error: new Error("x").message });',
        "});",
      ),
    },
    // why: a command object for a command bus is data, even when a services module exports it
    {
      filename: tsRoute,
      code: lines(
        'import { Router } from "express";',
        'import { PublishPostCommand } from "../services/post.service.js";',
        'import { commandBus } from "../bus.js";',
        "export const router = Router();",
        'router.post("/:id/publish", async (req, res) => {',
        "  res.json(await commandBus.execute(new PublishPostCommand(Number(req.params.id))));",
        "});",
      ),
    },
    // why: a service may build its repository (the guideline's own example does)
    {
      filename: tsService,
      code: lines(
        'import { prisma } from "../db.js";',
        'import { PostRepository } from "../repositories/post.repository.js";',
        "export class DraftService {",
        "  private readonly posts = new PostRepository(prisma);",
        "}",
      ),
    },
    // why: tests build what they need
    {
      filename: blog("src/routes/posts.routes.test.ts"),
      code: lines(
        'import { PrismaClient } from "@prisma/client";',
        "const db = new Map<string, number>();",
        "const prisma = new PrismaClient();",
        "export { db, prisma };",
      ),
    },
  ],
  invalid: [
    {
      ...tsOnDisk(blog("src/routes/drafts.routes.ts")),
      errors: [
        {
          messageId: "tsConstructsInRoute",
          data: {
            handler: "POST /api/drafts/:id/publish",
            route: "",
            what: "service",
            call: "new PostService(...)",
          },
          line: 10,
          column: 19,
        },
        {
          messageId: "tsConstructsInRoute",
          data: {
            handler: "POST /api/drafts/:id/publish",
            route: "",
            what: "repository",
            call: "new PostRepository(...)",
          },
          line: 10,
          column: 35,
        },
        // why: a class exported by a services module is a service, whatever its name
        {
          messageId: "tsConstructsInRoute",
          data: {
            handler: "GET /api/drafts/search",
            route: "",
            what: "service",
            call: "new SearchIndex(...)",
          },
          line: 15,
          column: 12,
        },
      ],
    },
    {
      ...tsOnDisk(blog("src/routes/stats.routes.ts")),
      errors: [
        {
          messageId: "tsModuleLevelClient",
          data: { call: "new Pool(...)", layer: "routes" },
          line: 4,
          column: 14,
        },
      ],
    },
    // why: a Nest handler that builds its service and a Prisma client instead of injecting them
    {
      filename: blog("src/posts/drafts.controller.ts"),
      code: lines(
        'import { Controller, Post } from "@nestjs/common";',
        'import { PrismaClient } from "@prisma/client";',
        'import { PostService } from "../services/post.service.js";',
        'import { PostRepository } from "../repositories/post.repository.js";',
        '@Controller("drafts")',
        "export class DraftsController {",
        '  @Post("publish-all")',
        "  async publishAll(): Promise<void> {",
        "    const prisma = new PrismaClient();",
        "    await new PostService(new PostRepository(prisma)).list();",
        "  }",
        "}",
      ),
      errors: [
        {
          messageId: "tsClientInRoute",
          data: {
            handler: "DraftsController.publishAll",
            route: " (POST publish-all)",
            call: "new PrismaClient(...)",
          },
          line: 9,
          column: 20,
        },
        {
          messageId: "tsConstructsInRoute",
          data: {
            handler: "DraftsController.publishAll",
            route: " (POST publish-all)",
            what: "service",
            call: "new PostService(...)",
          },
          line: 10,
          column: 11,
        },
        {
          messageId: "tsConstructsInRoute",
          data: {
            handler: "DraftsController.publishAll",
            route: " (POST publish-all)",
            what: "repository",
            call: "new PostRepository(...)",
          },
          line: 10,
          column: 27,
        },
      ],
    },
    // why: drizzle(), knex() and mysql2's createPool() make clients; a local class named ...Service counts
    {
      filename: tsRoute,
      code: lines(
        'import { Hono } from "hono";',
        'import { drizzle } from "drizzle-orm/node-postgres";',
        'import knex from "knex";',
        'import * as mysql from "mysql2/promise";',
        "class AuditService {}",
        "export const app = new Hono();",
        'app.get("/audit", (c) => {',
        "  const db = drizzle(process.env.DATABASE_URL!);",
        '  const qb = knex({ client: "pg" });',
        "  const legacy = mysql.createPool({});",
        "  return c.json({ db: !!db, qb: !!qb, legacy: !!legacy, audit: new AuditService() });",
        "});",
      ),
      errors: [
        {
          messageId: "tsClientInRoute",
          data: { handler: "GET /audit", route: "", call: "drizzle(...)" },
          line: 8,
          column: 14,
        },
        {
          messageId: "tsClientInRoute",
          data: { handler: "GET /audit", route: "", call: "knex(...)" },
          line: 9,
          column: 14,
        },
        {
          messageId: "tsClientInRoute",
          data: { handler: "GET /audit", route: "", call: "mysql.createPool(...)" },
          line: 10,
          column: 18,
        },
        {
          messageId: "tsConstructsInRoute",
          data: {
            handler: "GET /audit",
            route: "",
            what: "service",
            call: "new AuditService(...)",
          },
          line: 11,
          column: 64,
        },
      ],
    },
    // why: a module-level client in a service, also behind the `globalThis` caching idiom
    {
      filename: tsService,
      code: lines(
        'import { PrismaClient } from "@prisma/client";',
        "const cache = globalThis as unknown as { prisma?: PrismaClient };",
        "export const prisma = cache.prisma ?? new PrismaClient();",
        "export class ReportService {",
        "  static readonly shared = new PrismaClient();",
        "  private readonly own = new PrismaClient();",
        "}",
      ),
      errors: [
        {
          messageId: "tsModuleLevelClient",
          data: { call: "new PrismaClient(...)", layer: "services" },
          line: 3,
          column: 39,
        },
        {
          messageId: "tsModuleLevelClient",
          data: { call: "new PrismaClient(...)", layer: "services" },
          line: 5,
          column: 28,
        },
      ],
    },
  ],
});
