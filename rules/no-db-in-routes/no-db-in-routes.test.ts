import { readFileSync } from "node:fs";
import { join } from "node:path";
import rule from "./no-db-in-routes.js";
import { pythonRuleTester, typescriptRuleTester } from "../../test/rule-tester.js";

const root = join(import.meta.dirname, "fixtures", "blog-api");
const file = (rel: string) => join(root, rel);
const onDisk = (rel: string) => readFileSync(file(rel), "utf8");
const route = file("app/routes/posts.py");

pythonRuleTester().run("no-db-in-routes", rule, {
  valid: [
    // The fixture's routes reach data through an injected service.
    { filename: route, code: onDisk("app/routes/posts.py") },
    {
      filename: route,
      code: `from fastapi import APIRouter, Depends

from app.dependencies import get_post_service
from app.services.post_service import PostService

router = APIRouter()


@router.get("/{post_id}")
async def get_post(post_id: int, service: PostService = Depends(get_post_service)) -> object:
    return await service.get_post(post_id)
`,
    },
    // why: a dependency provider in a routes module is not a route handler
    {
      filename: route,
      code: `from fastapi import Depends
from sqlalchemy.ext.asyncio import AsyncSession

from app.dependencies import get_db
from app.repositories.post_repository import PostRepository


def get_repo(db: AsyncSession = Depends(get_db)) -> PostRepository:
    return PostRepository(db)
`,
    },
    // why: a parameter named "session" that is not a database session
    {
      filename: route,
      code: `from fastapi import APIRouter

router = APIRouter()


@router.get("/me")
async def me(session: dict[str, str]) -> str:
    return session.get("user", "")
`,
    },
    // why: \`select\` from another library is not SQLAlchemy's
    {
      filename: route,
      code: `from fastapi import APIRouter
from app.utils.choices import select

router = APIRouter()


@router.get("/pick")
async def pick(options: list[str]) -> str:
    return select(options)
`,
    },
    // why: a dependency that itself uses the database (auth) is not data access in the route
    {
      filename: route,
      code: `from fastapi import APIRouter, Depends

from app.dependencies import get_current_user

router = APIRouter(dependencies=[Depends(get_current_user)])


@router.get("/", dependencies=[Depends(get_current_user)])
async def index(user: object = Depends(get_current_user)) -> object:
    return user
`,
    },
    // why: a decorator with a non-path string is not a route (a cache's get)
    {
      filename: route,
      code: `from sqlalchemy.ext.asyncio import AsyncSession


@cache.get("posts")
async def cached(db: AsyncSession) -> object:
    return await db.execute(query)
`,
    },
    // why: services that take the session per call; the handler only hands it on
    {
      filename: route,
      code: `from fastapi import APIRouter

from app.dependencies import SessionDep
from app.services import post_service

router = APIRouter()


@router.get("/")
async def index(db: SessionDep) -> list[str]:
    return await post_service.titles(db)
`,
      options: [{ allowSessionParameters: true }],
    },
  ],
  invalid: [
    // why: Tortoise ORM connections are the database too
    {
      filename: route,
      code: `from fastapi import APIRouter
from tortoise.transactions import in_transaction

router = APIRouter()


@router.post("/archive")
async def archive() -> None:
    async with in_transaction() as conn:
        await conn.execute_query("UPDATE posts SET archived = true")
`,
      errors: [
        {
          messageId: "dbInRoute",
          data: {
            handler: "archive",
            route: " (POST /archive)",
            what: '"in_transaction()", "conn.execute_query()"',
          },
          line: 7,
          column: 1,
        },
      ],
    },
    // why: allowSessionParameters still reports the handler's own queries
    {
      filename: route,
      code: `from fastapi import APIRouter

from app.dependencies import SessionDep

router = APIRouter()


@router.post("/")
async def create(db: SessionDep) -> None:
    await db.commit()
`,
      options: [{ allowSessionParameters: true }],
      errors: [
        {
          messageId: "dbInRoute",
          data: {
            handler: "create",
            route: " (POST /)",
            what: 'parameter "db: SessionDep", "db.commit()"',
          },
          line: 8,
          column: 1,
        },
      ],
    },
    // The guideline's anti-pattern "All logic in route handler", as written (no imports).
    {
      filename: route,
      code: `@router.post("/posts")
async def create_post(data: PostCreate, db: Session = Depends(get_db)):
    existing = db.query(Post).filter_by(title=data.title).first()
    if existing:
        raise HTTPException(status_code=400, detail="Exists")
    post = Post(**data.dict())
    db.add(post)
    db.commit()
    return post
`,
      errors: [
        {
          messageId: "dbInRoute",
          data: {
            handler: "create_post",
            route: " (POST /posts)",
            what: 'parameter "db: Session", "db.query()", "db.add()", "db.commit()"',
          },
          line: 1,
          column: 1,
          endLine: 9,
        },
      ],
    },
    // why: the session hides in an Annotated alias defined in another module
    {
      filename: route,
      code: `from fastapi import APIRouter

from app.dependencies import SessionDep

router = APIRouter(prefix="/posts")


@router.delete("/{post_id}", status_code=204)
async def delete_post(post_id: int, db: SessionDep) -> None:
    await db.delete(await db.get(Post, post_id))
`,
      errors: [
        {
          messageId: "dbInRoute",
          data: {
            handler: "delete_post",
            route: " (DELETE /posts/{post_id})",
            what: 'parameter "db: SessionDep", "db.delete()", "db.get()"',
          },
          line: 8,
          column: 1,
        },
      ],
    },
    // why: a provider without a return annotation is recognised by what it yields
    {
      filename: route,
      code: `from fastapi import APIRouter, Depends

from app.dependencies import get_session

router = APIRouter()


@router.get("/count")
def count(s=Depends(get_session)) -> int:
    return 0
`,
      errors: [
        {
          messageId: "sessionParameter",
          data: {
            handler: "count",
            route: " (GET /count)",
            what: 'parameter "s = Depends(get_session)"',
          },
          line: 8,
          column: 1,
        },
      ],
    },
    // why: DB access through a helper variable and a session made from the project's factory
    {
      filename: route,
      code: `import sqlalchemy as sa
from fastapi import APIRouter

from app.db import async_session_maker
from app.services.post_service import PostService

router = APIRouter()


@router.get("/titles")
async def titles(service: PostService) -> list[str]:
    stmt = sa.select(Post.title)
    async with async_session_maker() as session:
        s = session
        rows = await s.scalars(stmt)
    return list(rows)
`,
      errors: [
        {
          messageId: "dbInRoute",
          data: {
            handler: "titles",
            route: " (GET /titles)",
            what: '"sa.select()", "async_session_maker()", "s.scalars()"',
          },
          line: 10,
          column: 1,
        },
      ],
    },
    // why: the project's module-level engine, used directly
    {
      filename: route,
      code: `from fastapi import APIRouter
from sqlalchemy import text

from app.db import engine

router = APIRouter()


@router.get("/health")
async def health() -> dict[str, str]:
    async with engine.connect() as conn:
        await conn.execute(text("SELECT 1"))
    return {"status": "ok"}
`,
      errors: [
        {
          messageId: "dbInRoute",
          data: {
            handler: "health",
            route: " (GET /health)",
            what: '"engine.connect()", "conn.execute()", "text()"',
          },
          line: 9,
          column: 1,
        },
      ],
    },
    // why: a handler registered by add_api_route in another module (app/api/router.py)
    {
      filename: file("app/api/views.py"),
      code: onDisk("app/api/views.py"),
      errors: [
        {
          messageId: "dbInRoute",
          data: {
            handler: "list_titles",
            route: " (GET /v1/api/titles)",
            what: 'parameter "db: SessionDep", "db.scalars()", "select()"',
          },
          line: 7,
          column: 1,
        },
      ],
    },
    // why: add_api_route in the same file; asyncpg connections are the database too
    {
      filename: route,
      code: `import asyncpg
from fastapi import APIRouter

router = APIRouter()


async def stats(conn: asyncpg.Connection) -> int:
    return await conn.fetchval("SELECT count(*) FROM posts")


router.add_api_route("/stats", stats, methods=["GET"])
`,
      errors: [
        {
          messageId: "dbInRoute",
          data: {
            handler: "stats",
            route: " (GET /stats)",
            what: 'parameter "conn: asyncpg.Connection", "conn.fetchval()"',
          },
          line: 7,
          column: 1,
        },
      ],
    },
    {
      filename: route,
      code: `from fastapi import APIRouter

router = APIRouter()


@router.get("/")
async def index(uow: UnitOfWork) -> None:
    return None
`,
      options: [{ sessionTypes: ["UnitOfWork"] }],
      errors: [
        {
          messageId: "sessionParameter",
          data: { handler: "index", route: " (GET /)", what: 'parameter "uow: UnitOfWork"' },
          line: 6,
          column: 1,
        },
      ],
    },
  ],
});

// TypeScript: Express + Prisma + Drizzle, and NestJS + TypeORM / a PrismaService.
const blog = (rel: string) => join(import.meta.dirname, "fixtures", "ts-blog", rel);
const nest = (rel: string) => join(import.meta.dirname, "fixtures", "nest-shop", rel);
const tsOnDisk = (path: string) => ({ filename: path, code: readFileSync(path, "utf8") });
const lines = (...text: string[]) => `${text.join("\n")}\n`;
/** A routes module that does not exist on disk: routes come from the code alone. */
const tsRoute = blog("src/routes/inline.routes.ts");
const tsMessage = (handler: string, route: string, what: string) => ({ handler, route, what });

typescriptRuleTester().run("no-db-in-routes (TypeScript)", rule, {
  valid: [
    // The handlers call an injected service; Prisma stays in the repository.
    tsOnDisk(blog("src/routes/posts.routes.ts")),
    tsOnDisk(blog("src/routes/tags.routes.ts")),
    tsOnDisk(blog("src/repositories/post.repository.ts")),
    tsOnDisk(blog("src/services/post.service.ts")),
    // why: the composition root may hold the client; it declares no handler that queries
    tsOnDisk(blog("src/app.ts")),
    // why: a Nest controller whose constructor injects a service; @InjectRepository in the service
    tsOnDisk(nest("src/posts/posts.controller.ts")),
    tsOnDisk(nest("src/posts/posts.service.ts")),
    tsOnDisk(nest("src/prisma/prisma.service.ts")),
    // why: req.query and res.json are HTTP, not the database
    {
      filename: tsRoute,
      code: lines(
        'import { Router } from "express";',
        "export const router = Router();",
        'router.get("/echo", (req, res) => {',
        "  res.json({ q: req.query.q, headers: req.get('accept') });",
        "});",
      ),
    },
    // why: a Map named db is not a database client
    {
      filename: tsRoute,
      code: lines(
        'import { Router } from "express";',
        "const db = new Map<string, number>();",
        "export const router = Router();",
        'router.get("/count", (_req, res) => {',
        '  res.json({ count: db.get("posts") ?? 0, keys: [...db.keys()] });',
        "});",
      ),
    },
    // why: a helper in a routes module that no route registers is not a handler
    {
      filename: tsRoute,
      code: lines(
        'import { prisma } from "../db/prisma.js";',
        "export async function countPosts(): Promise<number> {",
        "  return prisma.post.count();",
        "}",
      ),
    },
    // why: a parameter that shadows the imported client is the handler's own value
    {
      filename: tsRoute,
      code: lines(
        'import { Router } from "express";',
        'import { prisma } from "../db/prisma.js";',
        "export const router = Router();",
        'router.get("/", (req, res) => {',
        "  const prisma = { post: { findMany: () => [] } };",
        "  res.json(prisma.post.findMany());",
        "});",
      ),
    },
    // why: a local `select` helper and a `sql` tag from an unrelated package are not queries
    {
      filename: tsRoute,
      code: lines(
        'import { Hono } from "hono";',
        'import { sql } from "./sql-highlight.js";',
        "const select = (items: string[]) => items[0];",
        "export const app = new Hono();",
        'app.get("/pick", (c) => c.json({ pick: select(["a"]), shown: sql`select 1` }));',
      ),
    },
    // why: self-referencing declarations end the lookup instead of looping
    {
      filename: tsRoute,
      code: lines(
        'import { Router } from "express";',
        "export const router = Router();",
        'router.get("/loop", (_req, res) => {',
        "  const a = b.next;",
        "  const b = a.next;",
        "  class C extends D {}",
        "  class D extends C {}",
        "  res.json(a.find(), new C());",
        "});",
      ),
    },
    // why: tests are not routes
    {
      filename: blog("src/routes/__tests__/comments.test.ts"),
      code: lines(
        'import express from "express";',
        'import { prisma } from "../../db/prisma.js";',
        "const app = express();",
        'app.get("/seed", async (_req, res) => res.json(await prisma.comment.findMany()));',
      ),
    },
  ],
  invalid: [
    {
      ...tsOnDisk(blog("src/routes/comments.routes.ts")),
      errors: [
        {
          messageId: "tsDbInRoute",
          data: tsMessage("GET /api/comments", "", '"prisma.comment.findMany()"'),
          line: 6,
          column: 1,
          endLine: 10,
        },
        // why: a handler passed by name to the router is the function it names
        {
          messageId: "tsDbInRoute",
          data: tsMessage(
            "deleteComment",
            " (DELETE /api/comments/:id)",
            '"prisma.comment.delete()"',
          ),
          line: 14,
          column: 1,
        },
      ],
    },
    // why: functions another module registers (`tagController.listTags`) are handlers too
    {
      ...tsOnDisk(blog("src/controllers/tag.controller.ts")),
      errors: [
        {
          messageId: "tsDbInRoute",
          data: tsMessage("listTags", " (GET /api/tags)", '"db.select()"'),
          line: 5,
          column: 1,
        },
        {
          messageId: "tsDbInRoute",
          data: tsMessage("createTag", " (POST /api/tags)", '"db.insert()"'),
          line: 9,
          column: 1,
        },
      ],
    },
    // why: @InjectRepository in a controller puts TypeORM in the handlers that use it
    {
      ...tsOnDisk(nest("src/comments/comments.controller.ts")),
      errors: [
        {
          messageId: "tsDbInRoute",
          data: tsMessage(
            "CommentsController.list",
            " (GET /api/comments)",
            '"this.comments.find()"',
          ),
          line: 13,
          column: 3,
        },
        {
          messageId: "tsDbInRoute",
          data: tsMessage(
            "CommentsController.remove",
            " (DELETE /api/comments/:id)",
            '"this.comments.delete()"',
          ),
          line: 18,
          column: 3,
        },
      ],
    },
    // why: PrismaService extends PrismaClient in another module
    {
      ...tsOnDisk(nest("src/users/users.controller.ts")),
      errors: [
        {
          messageId: "tsDbInRoute",
          data: tsMessage(
            "UsersController.list",
            " (GET /api/users)",
            '"this.prisma.user.findMany()"',
          ),
          line: 13,
          column: 3,
        },
      ],
    },
    // why: a client created in the handler, and a raw query through Prisma
    {
      filename: tsRoute,
      code: lines(
        'import { Router } from "express";',
        'import { PrismaClient } from "@prisma/client";',
        "export const router = Router();",
        'router.get("/stats", async (_req, res) => {',
        "  const client = new PrismaClient();",
        "  res.json(await client.$queryRaw`SELECT count(*) FROM posts`);",
        "});",
      ),
      errors: [
        {
          messageId: "tsDbInRoute",
          data: tsMessage("GET /stats", "", '"new PrismaClient()", "client.$queryRaw`…`"'),
          line: 4,
          column: 1,
        },
      ],
    },
    // why: TypeORM's DataSource exported by a project module, and typeorm's getRepository
    {
      filename: tsRoute,
      code: lines(
        'import { Router } from "express";',
        'import { getRepository } from "typeorm";',
        'import { AppDataSource } from "../data-source.js";',
        "export const router = Router();",
        'router.get("/posts", async (_req, res) => {',
        '  const posts = await AppDataSource.getRepository("Post").find();',
        '  const tags = await getRepository("Tag").find();',
        "  res.json({ posts, tags });",
        "});",
      ),
      errors: [
        {
          messageId: "tsDbInRoute",
          data: tsMessage(
            "GET /posts",
            "",
            '"AppDataSource.getRepository().find()", "getRepository().find()"',
          ),
          line: 5,
          column: 1,
        },
      ],
    },
    // why: knex required in CommonJS, a mysql2 namespace, and a pg pool typed as a parameter
    {
      filename: tsRoute,
      code: lines(
        'import type { Pool } from "pg";',
        'import * as mysql from "mysql2/promise";',
        'const knex = require("knex")({ client: "pg" });',
        "export function reportsRouter(app: any, pool: Pool): void {",
        '  app.get("/reports", async (_req: unknown, res: any) => {',
        '    const rows = await knex("posts").where({ draft: false });',
        '    const conn = await mysql.createConnection("mysql://localhost/legacy");',
        '    const { rows: totals } = await pool.query("SELECT 1");',
        "    res.json({ rows, totals, conn: Boolean(conn) });",
        "  });",
        "}",
      ),
      errors: [
        {
          messageId: "tsDbInRoute",
          data: tsMessage(
            "GET /reports",
            "",
            '"knex()", "mysql.createConnection()", "pool.query()"',
          ),
          line: 5,
          column: 3,
        },
      ],
    },
    // why: Fastify's object form, a Kysely instance and a postgres.js tag, listing at most four
    {
      filename: tsRoute,
      code: lines(
        'import Fastify from "fastify";',
        'import { Kysely } from "kysely";',
        'import postgres from "postgres";',
        "const sql = postgres();",
        "declare const kysely: Kysely<unknown>;",
        "const fastify = Fastify();",
        "fastify.route({",
        '  method: "GET",',
        '  url: "/feed",',
        "  handler: async () => {",
        '    const a = await kysely.selectFrom("posts").selectAll().execute();',
        "    const b = await sql`select * from tags`;",
        '    const c = await kysely.selectFrom("users").selectAll().execute();',
        '    await kysely.deleteFrom("sessions").execute();',
        '    await kysely.insertInto("visits").values({}).execute();',
        "    return { a, b, c };",
        "  },",
        "});",
      ),
      errors: [
        {
          messageId: "tsDbInRoute",
          data: tsMessage(
            "GET /feed",
            "",
            '"kysely.selectFrom()", "sql`…`", "kysely.deleteFrom()", "kysely.insertInto()"',
          ),
          line: 7,
          column: 1,
        },
      ],
    },
  ],
});
