import { readFileSync } from "node:fs";
import { join } from "node:path";
import rule from "./no-raw-sql.js";
import { pythonRuleTester, typescriptRuleTester } from "../../test/rule-tester.js";
import { DEFAULT_PROJECT_SETTINGS } from "../../src/project/defaults.js";

const root = join(import.meta.dirname, "fixtures", "blog");
const file = (rel: string) => join(root, rel);
const onDisk = (rel: string) => readFileSync(file(rel), "utf8");

const route = file("app/routes/posts.py");
const service = file("app/services/post_service.py");
const repository = file("app/repositories/post_repository.py");
const repo = "a repository (app/repositories/)";

pythonRuleTester().run("no-raw-sql", rule, {
  valid: [
    // why: scripts and the db module match no layer: data plumbing, not an application layer
    { filename: file("scripts/backfill_slugs.py"), code: onDisk("scripts/backfill_slugs.py") },
    {
      filename: file("app/db.py"),
      code: 'import sqlalchemy as sa\n\n\nasync def init_db(conn):\n    await conn.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))\n',
    },
    // The fixture project keeps its SQL in the repository and the migrations.
    { filename: route, code: onDisk("app/routes/posts.py") },
    { filename: service, code: onDisk("app/services/post_service.py") },
    { filename: repository, code: onDisk("app/repositories/post_repository.py") },
    { filename: file("app/models/post.py"), code: onDisk("app/models/post.py") },
    { filename: file("app/db.py"), code: onDisk("app/db.py") },
    {
      filename: file("alembic/versions/0002_backfill_views.py"),
      code: onDisk("alembic/versions/0002_backfill_views.py"),
    },
    // why: alembic/env.py configures the migration connection, part of the schema history
    { filename: file("alembic/env.py"), code: onDisk("alembic/env.py") },
    {
      filename: repository,
      code: 'from sqlalchemy import text\n\n\nasync def get(session, post_id: int):\n    return await session.execute(text("SELECT * FROM posts WHERE id = :id"), {"id": post_id})\n',
    },
    // why: a textual ORDER BY fragment is not a statement
    {
      filename: service,
      code: 'from sqlalchemy import select, text\n\n\nasync def newest(session):\n    return await session.scalars(select(Post).order_by(text("id desc")))\n',
    },
    // why: the ORM builds the statement; no SQL string is written
    {
      filename: service,
      code: "from sqlalchemy import select\n\n\nasync def get(session, post_id: int):\n    return await session.execute(select(Post).where(Post.id == post_id))\n",
    },
    // why: a Redis command is not SQL, whatever the method is called
    {
      filename: service,
      code: 'async def cached(redis):\n    return await redis.execute("GET key")\n',
    },
    {
      filename: service,
      code: 'async def cached(redis):\n    command = "SET key value"\n    return await redis.execute(command)\n',
    },
    {
      filename: service,
      code: 'import logging\n\nlogging.getLogger(__name__).info("Select a plan")\n',
    },
    // why: prose at a method named like a sink is not SQL
    {
      filename: route,
      code: 'async def pick(wizard):\n    await wizard.execute("Select a plan from the list below")\n',
    },
    // why: an HTTP method passed to httpx's stream() is not SQL
    {
      filename: service,
      code: 'async def download(client, url: str):\n    async with client.stream("GET", url) as response:\n        return await response.aread()\n',
    },
    // why: a parameter's value is unknown; only strings written here are judged
    { filename: service, code: "def run(cursor, sql: str):\n    cursor.execute(sql)\n" },
    // why: a local function named text is not sqlalchemy's
    {
      filename: service,
      code: 'def text(value: str) -> str:\n    return value\n\n\nlabel = text("SELECT * FROM posts")\n',
    },
    // why: a server default expression is not a statement
    {
      filename: file("app/models/post.py"),
      code: 'import sqlalchemy as sa\n\ncreated_at = sa.Column(sa.DateTime, server_default=sa.text("now()"))\n',
    },
    // why: a connection check reads no data
    {
      filename: file("app/routes/health.py"),
      code: 'from sqlalchemy import text\n\n\n@router.get("/health")\nasync def health(db=Depends(get_db)):\n    await db.execute(text("SELECT 1"))\n',
    },
    {
      filename: file("tests/conftest.py"),
      code: onDisk("tests/conftest.py"),
      options: [{ ignoreTests: true }],
    },
    {
      filename: file("scripts/backfill_slugs.py"),
      code: onDisk("scripts/backfill_slugs.py"),
      options: [{ allow: ["scripts/"] }],
    },
    {
      filename: file("app/db.py"),
      code: 'import sqlalchemy as sa\n\n\nasync def init_db(conn):\n    await conn.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))\n',
      options: [{ allow: ["app/db.py"] }],
    },
    // why: a session setting on connect reads no data
    {
      filename: file("app/db.py"),
      code: 'import sqlalchemy as sa\n\n\nasync def on_connect(conn):\n    await conn.execute(sa.text("SET search_path TO blog, public"))\n',
    },
  ],
  invalid: [
    // why: an aliased text() import is still SQLAlchemy's
    {
      filename: file("app/services/post_service.py"),
      code: 'from sqlalchemy import text as sql\n\nPURGE = sql("DELETE FROM posts WHERE id = :id")\n',
      errors: [
        {
          messageId: "rawSql",
          data: {
            sql: "DELETE FROM posts WHERE id = :id",
            where: "a service module",
            call: "sql",
            repository: repo,
          },
          line: 3,
          column: 13,
        },
      ],
    },
    // The guideline's anti-pattern "Raw SQL in Route Handlers".
    {
      filename: route,
      code: '@router.get("/posts")\nasync def get_posts(db: Session = Depends()):\n    result = await db.execute("SELECT * FROM posts")\n    return result.fetchall()\n',
      errors: [
        {
          messageId: "rawSqlInRoute",
          data: { sql: "SELECT * FROM posts", call: "db.execute", repository: repo },
          line: 3,
          column: 31,
        },
      ],
    },
    // why: an f-string's literal text is judged, its fields stand for any value
    {
      filename: service,
      code: 'from sqlalchemy import text\n\n\nclass PostService:\n    async def by_author(self, user_id: int):\n        return await self.session.execute(text(f"SELECT * FROM posts WHERE user_id = {user_id}"))\n',
      errors: [
        {
          messageId: "rawSql",
          data: {
            sql: "SELECT * FROM posts WHERE user_id = ...",
            where: "a service module",
            call: "self.session.execute",
            repository: repo,
          },
          line: 6,
          column: 48,
        },
      ],
    },
    // why: escapes separate words, format specs are part of the field
    {
      filename: service,
      code: 'def get(cursor, post_id: int):\n    cursor.execute(f"SELECT id\\nFROM posts WHERE id = {post_id:d}")\n',
      errors: [
        {
          messageId: "rawSql",
          data: {
            sql: "SELECT id FROM posts WHERE id = {...}",
            where: "a service module",
            call: "cursor.execute",
            repository: repo,
          },
          line: 2,
          column: 20,
        },
      ],
    },
    // why: the statement reaches text() through a variable; reported where it is executed
    {
      filename: service,
      code: 'from sqlalchemy import text\n\n\nasync def titles(session, uid: int):\n    query = "SELECT id, title FROM posts WHERE user_id = :uid"\n    return await session.execute(text(query), {"uid": uid})\n',
      errors: [
        {
          messageId: "rawSql",
          data: {
            sql: "SELECT id, title FROM posts WHERE ...",
            where: "a service module",
            call: "session.execute",
            repository: repo,
          },
          line: 6,
          column: 39,
        },
      ],
    },
    // why: a module-level constant counts as the statement's binding too
    {
      filename: service,
      code: "import sqlalchemy as sa\n\nSTALE = \"DELETE FROM posts WHERE created_at < now() - interval '1 year'\"\n\n\nasync def purge(session):\n    await session.execute(sa.text(STALE))\n",
      errors: [
        {
          messageId: "rawSql",
          data: {
            sql: "DELETE FROM posts WHERE created_at < ...",
            where: "a service module",
            call: "session.execute",
            repository: repo,
          },
          line: 7,
          column: 35,
        },
      ],
    },
    {
      filename: service,
      code: 'def ids(cursor):\n    cursor.execute("select id from t")\n    return cursor.fetchall()\n',
      errors: [
        {
          messageId: "rawSql",
          data: {
            sql: "select id from t",
            where: "a service module",
            call: "cursor.execute",
            repository: repo,
          },
          line: 2,
          column: 20,
        },
      ],
    },
    // why: concatenation, str.format and % build the statement from a literal head
    {
      filename: service,
      code: 'def report(cursor, table: str, order: str, n: int):\n    cursor.execute("SELECT * FROM " + table + " ORDER BY " + order)\n    cursor.execute("UPDATE {} SET views = 0".format(table))\n    cursor.execute("DELETE FROM %s WHERE id = %d" % (table, n))\n',
      errors: [
        {
          messageId: "rawSql",
          data: {
            sql: "SELECT * FROM {...} ORDER BY {...}",
            where: "a service module",
            call: "cursor.execute",
            repository: repo,
          },
          line: 2,
          column: 20,
        },
        {
          messageId: "rawSql",
          data: {
            sql: "UPDATE {...} SET views = 0",
            where: "a service module",
            call: "cursor.execute",
            repository: repo,
          },
          line: 3,
          column: 20,
        },
        {
          messageId: "rawSql",
          data: {
            sql: "DELETE FROM {...} WHERE id = {...}",
            where: "a service module",
            call: "cursor.execute",
            repository: repo,
          },
          line: 4,
          column: 20,
        },
      ],
    },
    // why: implicit concatenation of adjacent literals is one statement
    {
      filename: file("app/events/post_events.py"),
      code: 'async def on_published(conn, post_id: int):\n    await conn.fetchrow(\n        "SELECT id, title FROM posts "\n        "WHERE id = $1",\n        post_id,\n    )\n',
      errors: [
        {
          messageId: "rawSql",
          data: {
            sql: "SELECT id, title FROM posts WHERE id = ...",
            where: "an events module",
            call: "conn.fetchrow",
            repository: repo,
          },
          line: 3,
          column: 9,
        },
      ],
    },
    {
      filename: service,
      code: 'async def purge(connection):\n    await connection.exec_driver_sql(statement="DELETE FROM sessions WHERE expires_at < now()")\n',
      errors: [
        {
          messageId: "rawSql",
          data: {
            sql: "DELETE FROM sessions WHERE expires_at < ...",
            where: "a service module",
            call: "connection.exec_driver_sql",
            repository: repo,
          },
          line: 2,
          column: 48,
        },
      ],
    },
    // why: the db module matches no layer; checkUnlayeredModules checks it too
    {
      filename: file("app/db.py"),
      code: 'import sqlalchemy as sa\n\n\nasync def init_db(conn):\n    await conn.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))\n',
      options: [{ checkUnlayeredModules: true }],
      errors: [
        {
          messageId: "rawSql",
          data: {
            sql: "CREATE EXTENSION IF NOT EXISTS pg_trgm",
            where: "a composition root",
            call: "conn.execute",
            repository: repo,
          },
          line: 5,
          column: 32,
        },
      ],
    },
    // why: text() outside any call is reported at its own argument
    {
      filename: file("app/models/post.py"),
      code: 'from sqlalchemy import text\n\nPOPULAR = text("SELECT post_id FROM likes GROUP BY post_id")\n',
      errors: [
        {
          messageId: "rawSql",
          data: {
            sql: "SELECT post_id FROM likes GROUP BY ...",
            where: "a model module",
            call: "text",
            repository: repo,
          },
          line: 3,
          column: 16,
        },
      ],
    },
    // why: SQL rules apply to tests too; ignoreTests turns that off
    {
      filename: file("tests/conftest.py"),
      code: onDisk("tests/conftest.py"),
      errors: [
        {
          messageId: "rawSql",
          data: {
            sql: "TRUNCATE posts, users RESTART IDENTITY ...",
            where: "a test module",
            call: "session.execute",
            repository: repo,
          },
          line: 11,
          column: 36,
        },
      ],
    },
    // why: a script matches no layer: skipped by default, checked with checkUnlayeredModules
    {
      filename: file("scripts/backfill_slugs.py"),
      code: onDisk("scripts/backfill_slugs.py"),
      options: [{ checkUnlayeredModules: true }],
      errors: [
        {
          messageId: "rawSql",
          data: {
            sql: "UPDATE posts SET slug = ...",
            where: "a composition root",
            call: "session.execute",
            repository: repo,
          },
          line: 10,
          column: 36,
        },
      ],
    },
    {
      filename: file("app/routes/health.py"),
      code: 'from sqlalchemy import text\n\n\n@router.get("/health")\nasync def health(db=Depends(get_db)):\n    await db.execute(text("SELECT 1"))\n',
      options: [{ checkConnectionStatements: true }],
      errors: [
        {
          messageId: "rawSqlInRoute",
          data: { sql: "SELECT 1", call: "db.execute", repository: repo },
          line: 6,
          column: 27,
        },
      ],
    },
    // why: allow globs name other files; this one is still checked
    {
      filename: service,
      code: 'async def purge(db):\n    await db.execute("TRUNCATE posts")\n',
      options: [{ allow: ["scripts/", "app/db.py"] }],
      errors: [
        {
          messageId: "rawSql",
          data: {
            sql: "TRUNCATE posts",
            where: "a service module",
            call: "db.execute",
            repository: repo,
          },
          line: 2,
          column: 22,
        },
      ],
    },
  ],
});

const tsRoot = join(import.meta.dirname, "fixtures", "ts-blog");
const tsFile = (rel: string) => join(tsRoot, rel);
const tsOnDisk = (rel: string) => readFileSync(tsFile(rel), "utf8");
const lines = (...text: string[]) => `${text.join("\n")}\n`;

const tsRoute = tsFile("src/routes/posts.routes.ts");
const tsService = tsFile("src/services/post.service.ts");
const tsRepository = tsFile("src/repositories/post.repository.ts");
const tsRepo = "a repository (src/repositories/)";
/** A monorepo linted from its root, as the CLI does: two packages, one with repositories. */
const monorepo = (rel: string) => join(import.meta.dirname, "fixtures/ts-monorepo", rel);
const monorepoSettings = {
  layerlintResolved: { root: monorepo(""), settings: DEFAULT_PROJECT_SETTINGS },
};
const inService = { where: "a service module", repository: tsRepo };

typescriptRuleTester().run("no-raw-sql (TypeScript)", rule, {
  valid: [
    // The fixture project keeps its SQL in the repositories and the migrations.
    { filename: tsRoute, code: tsOnDisk("src/routes/posts.routes.ts") },
    { filename: tsService, code: tsOnDisk("src/services/post.service.ts") },
    { filename: tsRepository, code: tsOnDisk("src/repositories/post.repository.ts") },
    {
      filename: tsFile("src/repositories/stats.repository.ts"),
      code: tsOnDisk("src/repositories/stats.repository.ts"),
    },
    {
      filename: tsFile("src/migrations/1717000000000-CreatePosts.ts"),
      code: tsOnDisk("src/migrations/1717000000000-CreatePosts.ts"),
    },
    // why: a health check's SELECT 1 reads no data
    { filename: tsFile("src/app.ts"), code: tsOnDisk("src/app.ts") },
    // why: scripts and the db module match no layer: data plumbing, not an application layer
    { filename: tsFile("src/db.ts"), code: tsOnDisk("src/db.ts") },
    { filename: tsFile("scripts/backfill-slugs.ts"), code: tsOnDisk("scripts/backfill-slugs.ts") },
    { filename: tsFile("src/logger.ts"), code: tsOnDisk("src/logger.ts") },
    // why: $queryRaw belongs in a repository
    {
      filename: tsFile("src/repositories/user.repository.ts"),
      code: lines(
        "export class UserRepository {",
        "  constructor(private readonly prisma: PrismaClient) {}",
        "",
        "  async byEmail(email: string): Promise<User[]> {",
        "    return this.prisma.$queryRaw<User[]>`SELECT * FROM users WHERE email = ${email}`;",
        "  }",
        "}",
      ),
    },
    // why: a Drizzle sql tag inside a repository is where SQL belongs
    {
      filename: tsFile("src/repositories/user.repository.ts"),
      code: lines(
        'import { sql } from "drizzle-orm";',
        'import { db } from "../db.js";',
        "",
        "export async function activeCount(): Promise<number> {",
        "  const result = await db.execute(sql`SELECT count(*) FROM users WHERE active`);",
        "  return Number(result.rows[0].count);",
        "}",
      ),
    },
    // why: a TypeORM migration class is schema history wherever it sits
    {
      filename: tsFile("src/database/1717100000000-AddViews.ts"),
      code: lines(
        'import type { MigrationInterface, QueryRunner } from "typeorm";',
        "",
        "export class AddViews1717100000000 implements MigrationInterface {",
        "  async up(queryRunner: QueryRunner): Promise<void> {",
        '    await queryRunner.query(`ALTER TABLE "posts" ADD "views" integer NOT NULL DEFAULT 0`);',
        "  }",
        "}",
      ),
      options: [{ checkUnlayeredModules: true }],
    },
    {
      filename: tsFile("src/database/Migration20240601120000.ts"),
      code: lines(
        'import { Migration } from "@mikro-orm/migrations";',
        "",
        "export class Migration20240601120000 extends Migration {",
        "  async up(): Promise<void> {",
        '    await this.execute("CREATE INDEX posts_title_idx ON posts (title)");',
        "  }",
        "}",
      ),
      options: [{ checkUnlayeredModules: true }],
    },
    // why: log messages that start like SQL are prose
    {
      filename: tsService,
      code: lines(
        "export async function publish(logger: Logger, jobs: JobQueue): Promise<void> {",
        '  logger.info("Select a user to notify");',
        '  logger.error("update failed");',
        '  await jobs.run("Select a plan from the list below");',
        '  await jobs.execute("Update the settings");',
        "}",
      ),
    },
    // why: a GraphQL document is not SQL, though the method is called query
    {
      filename: tsService,
      code: lines(
        "export async function title(client: GraphQLClient, id: string): Promise<string> {",
        '  const doc = "query Post($id: ID!) { post(id: $id) { title } }";',
        "  const { data } = await client.query(doc, { id });",
        "  await client.query({ query: gql`query { posts { id } }` });",
        '  await client.query({ query: "query Drafts { posts(draft: true) { id } }" });',
        "  return data.post.title;",
        "}",
      ),
    },
    // why: query strings and URL parameters are not SQL
    {
      filename: tsRoute,
      code: lines(
        'import qs from "qs";',
        "",
        'router.get("/posts", async (req, res) => {',
        "  const filters = qs.parse(req.url.split('?')[1] ?? '');",
        '  const params = new URLSearchParams({ select: "id,title", from: "posts" });',
        '  const upstream = await http.get("/search").query({ select: "title", where: "draft" });',
        "  res.json({ filters, page: req.query.page, params: params.toString(), upstream });",
        "});",
      ),
    },
    // why: a Drizzle sql fragment in a where clause is not a statement
    {
      filename: tsService,
      code: lines(
        'import { eq, sql } from "drizzle-orm";',
        "",
        "export async function byTitle(db: Db, title: string): Promise<Post[]> {",
        "  return db.select().from(posts).where(sql`lower(${posts.title}) = ${title}`);",
        "}",
      ),
    },
    // why: a parameter's value and an imported constant are unknown; only strings written here are judged
    {
      filename: tsService,
      code: lines(
        'import { BY_ID } from "./queries.js";',
        "",
        "export async function run(pool: Pool, text: string, id: number): Promise<void> {",
        "  await pool.query(text);",
        "  await pool.query(BY_ID, [id]);",
        "}",
      ),
    },
    // why: a variable written again holds a value the linter cannot know
    {
      filename: tsService,
      code: lines(
        "export async function run(pool: Pool, custom?: string): Promise<void> {",
        '  let text = "SELECT * FROM posts";',
        "  if (custom) text = custom;",
        "  await pool.query(text);",
        "}",
      ),
    },
    {
      filename: tsFile("test/setup.ts"),
      code: tsOnDisk("test/setup.ts"),
      options: [{ ignoreTests: true }],
    },
    {
      filename: tsFile("scripts/backfill-slugs.ts"),
      code: tsOnDisk("scripts/backfill-slugs.ts"),
      options: [{ allow: ["scripts/"], checkUnlayeredModules: true }],
    },
    // why: NestJS's PrismaService extends PrismaClient: its own methods are the database client's
    {
      filename: tsFile("src/prisma/prisma.service.ts"),
      code: lines(
        'import { Injectable } from "@nestjs/common";',
        'import { PrismaClient } from "@prisma/client";',
        "@Injectable()",
        "export class PrismaService extends PrismaClient {",
        "  async truncate(table: string): Promise<void> {",
        '    await this.$executeRawUnsafe(`TRUNCATE TABLE "${table}" CASCADE`);',
        "  }",
        "}",
      ),
    },
    // why: get/run/one/... run SQL only on a database handle: i18n.one and jobs.run take text
    {
      filename: tsService,
      code: lines(
        'import { i18n, jobs } from "../lib.js";',
        "export const labels = [",
        '  i18n.one("Delete from cart"),',
        '  jobs.run("update from upstream"),',
        '  cache.get("select:users"),',
        "];",
      ),
    },
  ],
  invalid: [
    // why: a service that only holds a PrismaService still runs raw SQL through it
    {
      filename: tsService,
      code: lines(
        "export class ReportService {",
        "  constructor(private readonly prisma: PrismaService) {}",
        "  async purge(): Promise<void> {",
        '    await this.prisma.$executeRawUnsafe("DELETE FROM reports WHERE created_at < now()");',
        "  }",
        "}",
      ),
      errors: [{ messageId: "rawSql", line: 4, column: 41 }],
    },
    // why: the one repositories directory belongs to another package of the monorepo: no hint
    {
      filename: monorepo("packages/billing/src/services/invoice.service.ts"),
      code: readFileSync(monorepo("packages/billing/src/services/invoice.service.ts"), "utf8"),
      settings: monorepoSettings,
      errors: [
        {
          messageId: "rawSql",
          data: {
            sql: "UPDATE invoices SET paid_at = now() ...",
            where: "a service module",
            call: "this.pool.query",
            repository: "a repository",
          },
          line: 7,
          column: 27,
        },
      ],
    },
    // why: in its own package, the repositories directory is named
    {
      filename: monorepo("packages/orders/src/services/report.service.ts"),
      code: readFileSync(monorepo("packages/orders/src/services/report.service.ts"), "utf8"),
      settings: monorepoSettings,
      errors: [
        {
          messageId: "rawSql",
          data: {
            sql: "SELECT id, total FROM orders WHERE ...",
            where: "a service module",
            call: "this.pool.query",
            repository: "a repository (packages/orders/src/repositories/)",
          },
          line: 7,
          column: 44,
        },
      ],
    },
    // why: pg-promise's one() on a handle named like a database runs the statement
    {
      filename: tsService,
      code: lines(
        "export class CartService {",
        "  constructor(private readonly db: IDatabase<unknown>) {}",
        "  clear(id: number): Promise<void> {",
        '    return this.db.none("DELETE FROM cart_items WHERE cart_id = $1", [id]);',
        "  }",
        "}",
      ),
      errors: [{ messageId: "rawSql", line: 4, column: 25 }],
    },
    // The guideline's anti-pattern "Raw SQL in Route Handlers", in Express.
    {
      filename: tsRoute,
      code: lines(
        'postsRouter.get("/", async (_req, res) => {',
        '  const result = await pool.query("SELECT * FROM posts");',
        "  res.json(result.rows);",
        "});",
      ),
      errors: [
        {
          messageId: "rawSqlInRoute",
          data: { sql: "SELECT * FROM posts", call: "pool.query", repository: tsRepo },
          line: 2,
          column: 35,
        },
      ],
    },
    // why: a NestJS controller is a route module by its suffix
    {
      filename: tsFile("src/posts/posts.controller.ts"),
      code: lines(
        '@Controller("posts")',
        "export class PostsController {",
        "  constructor(private readonly dataSource: DataSource) {}",
        "",
        "  @Get()",
        "  list(): Promise<Post[]> {",
        '    return this.dataSource.query("SELECT id, title FROM posts ORDER BY id DESC");',
        "  }",
        "}",
      ),
      errors: [
        {
          messageId: "rawSqlInRoute",
          data: {
            sql: "SELECT id, title FROM posts ORDER BY id ...",
            call: "this.dataSource.query",
            repository: tsRepo,
          },
          line: 7,
          column: 34,
        },
      ],
    },
    // why: an Express app in index.ts matches no layer, but it declares routes
    {
      filename: tsFile("src/index.ts"),
      code: lines(
        'import express from "express";',
        "",
        "const app = express();",
        'app.get("/posts/:id", async (req, res) => {',
        "  const { rows } = await pool.query(`SELECT * FROM posts WHERE id = ${req.params.id}`);",
        "  res.json(rows[0]);",
        "});",
      ),
      errors: [
        {
          messageId: "rawSqlInRoute",
          data: {
            sql: "SELECT * FROM posts WHERE id = ${...}",
            call: "pool.query",
            repository: tsRepo,
          },
          line: 5,
          column: 37,
        },
      ],
    },
    // why: postgres.js runs the sql tag itself
    {
      filename: tsRoute,
      code: lines(
        'postsRouter.get("/:id", async (req, res) => {',
        "  const [post] = await sql`SELECT * FROM posts WHERE id = ${req.params.id}`;",
        "  res.json(post);",
        "});",
      ),
      errors: [
        {
          messageId: "rawSqlInRoute",
          data: { sql: "SELECT * FROM posts WHERE id = ${...}", call: "sql", repository: tsRepo },
          line: 2,
          column: 27,
        },
      ],
    },
    // why: Prisma's tagged raw queries, reported at the template
    {
      filename: tsService,
      code: lines(
        "export class PostService {",
        "  constructor(private readonly prisma: PrismaClient) {}",
        "",
        "  async popular(): Promise<Post[]> {",
        "    return this.prisma.$queryRaw<Post[]>`SELECT * FROM posts ORDER BY views DESC LIMIT 10`;",
        "  }",
        "",
        "  async archive(id: number): Promise<number> {",
        "    return this.prisma.$executeRaw`UPDATE posts SET archived = true WHERE id = ${id}`;",
        "  }",
        "}",
      ),
      errors: [
        {
          messageId: "rawSql",
          data: {
            sql: "SELECT * FROM posts ORDER BY views DESC ...",
            call: "this.prisma.$queryRaw",
            ...inService,
          },
          line: 5,
          column: 41,
        },
        {
          messageId: "rawSql",
          data: {
            sql: "UPDATE posts SET archived = true WHERE ...",
            call: "this.prisma.$executeRaw",
            ...inService,
          },
          line: 9,
          column: 35,
        },
      ],
    },
    // why: the unsafe variants take a string; Prisma.sql passed to $queryRaw names the call
    {
      filename: tsService,
      code: lines(
        "export async function purge(prisma: PrismaClient, table: string): Promise<void> {",
        "  await prisma.$executeRawUnsafe(`DELETE FROM ${table} WHERE created_at < now()`);",
        '  await prisma.$queryRawUnsafe("SELECT id FROM posts WHERE draft");',
        "  await prisma.$queryRaw(Prisma.sql`SELECT id FROM users WHERE banned`);",
        "}",
      ),
      errors: [
        {
          messageId: "rawSql",
          data: {
            sql: "DELETE FROM ${...} WHERE created_at < ...",
            call: "prisma.$executeRawUnsafe",
            ...inService,
          },
          line: 2,
          column: 34,
        },
        {
          messageId: "rawSql",
          data: {
            sql: "SELECT id FROM posts WHERE draft",
            call: "prisma.$queryRawUnsafe",
            ...inService,
          },
          line: 3,
          column: 32,
        },
        {
          messageId: "rawSql",
          data: {
            sql: "SELECT id FROM users WHERE banned",
            call: "prisma.$queryRaw",
            ...inService,
          },
          line: 4,
          column: 36,
        },
      ],
    },
    // why: Drizzle's sql tag run by db.execute, Kysely's run by .execute(db), slonik's typed tag
    {
      filename: tsService,
      code: lines(
        "export async function counts(db: Db, kdb: Kysely<DB>, pool: DatabasePool): Promise<void> {",
        "  await db.execute(sql`DELETE FROM sessions WHERE expires_at < now()`);",
        "  await sql<Post>`select * from posts where draft`.execute(kdb);",
        "  await pool.any(sql.type(Post)`SELECT id FROM posts WHERE views > 10`);",
        "}",
      ),
      errors: [
        {
          messageId: "rawSql",
          data: {
            sql: "DELETE FROM sessions WHERE expires_at < ...",
            call: "db.execute",
            ...inService,
          },
          line: 2,
          column: 23,
        },
        {
          messageId: "rawSql",
          data: { sql: "select * from posts where draft", call: "sql", ...inService },
          line: 3,
          column: 18,
        },
        {
          messageId: "rawSql",
          data: { sql: "SELECT id FROM posts WHERE views > 10", call: "pool.any", ...inService },
          line: 4,
          column: 32,
        },
      ],
    },
    // why: knex.raw, a mysql2 config object, better-sqlite3's prepare and a project's own query helper
    {
      filename: tsFile("src/events/post-events.ts"),
      code: lines(
        'import { query } from "../db.js";',
        "",
        "export async function onPublished(id: number): Promise<void> {",
        '  await knex.raw("UPDATE posts SET published_at = now() WHERE id = ?", [id]);',
        '  await connection.execute({ sql: "INSERT INTO feed (post_id) VALUES (?)", values: [id] });',
        '  sqlite.prepare("DELETE FROM drafts WHERE post_id = ?").run(id);',
        '  await query("SELECT * FROM subscribers WHERE post_id = $1", [id]);',
        "}",
      ),
      errors: [
        {
          messageId: "rawSql",
          data: {
            sql: "UPDATE posts SET published_at = now() ...",
            where: "an events module",
            call: "knex.raw",
            repository: tsRepo,
          },
          line: 4,
          column: 18,
        },
        {
          messageId: "rawSql",
          data: {
            sql: "INSERT INTO feed (post_id) VALUES (?)",
            where: "an events module",
            call: "connection.execute",
            repository: tsRepo,
          },
          line: 5,
          column: 35,
        },
        {
          messageId: "rawSql",
          data: {
            sql: "DELETE FROM drafts WHERE post_id = ?",
            where: "an events module",
            call: "sqlite.prepare",
            repository: tsRepo,
          },
          line: 6,
          column: 18,
        },
        {
          messageId: "rawSql",
          data: {
            sql: "SELECT * FROM subscribers WHERE post_id ...",
            where: "an events module",
            call: "query",
            repository: tsRepo,
          },
          line: 7,
          column: 15,
        },
      ],
    },
    // why: BigQuery takes the statement as the query property of its options
    {
      filename: tsService,
      code: lines(
        "export async function daily(bigquery: BigQuery): Promise<void> {",
        '  await bigquery.query({ query: "SELECT day, count(*) FROM analytics.views GROUP BY day" });',
        "}",
      ),
      errors: [
        {
          messageId: "rawSql",
          data: {
            sql: "SELECT day, count(*) FROM ...",
            call: "bigquery.query",
            ...inService,
          },
          line: 2,
          column: 33,
        },
      ],
    },
    // why: the statement reaches the call through a constant; reported where it is executed
    {
      filename: tsService,
      code: lines(
        "const STALE = \"DELETE FROM posts WHERE created_at < now() - interval '1 year'\" as const;",
        "",
        "export class CleanupService {",
        "  constructor(private readonly manager: EntityManager) {}",
        "",
        "  async purge(): Promise<void> {",
        "    await this.manager.query(STALE);",
        "  }",
        "}",
      ),
      errors: [
        {
          messageId: "rawSql",
          data: {
            sql: "DELETE FROM posts WHERE created_at < ...",
            call: "this.manager.query",
            ...inService,
          },
          line: 7,
          column: 30,
        },
      ],
    },
    // why: concatenation, appends with += and joined parts still start like SQL
    {
      filename: tsService,
      code: lines(
        "export async function report(pool: Pool, table: string, author?: number): Promise<void> {",
        '  await pool.query("SELECT * FROM " + table + " ORDER BY id");',
        '  let text = "SELECT id, title FROM posts WHERE true";',
        '  if (author) text += " AND author_id = $1";',
        "  await pool.query(text, author ? [author] : []);",
        '  await pool.query(["UPDATE posts", "SET views = 0", "WHERE id = $1"].join(" "), [1]);',
        "}",
      ),
      errors: [
        {
          messageId: "rawSql",
          data: { sql: "SELECT * FROM ${...} ORDER BY id", call: "pool.query", ...inService },
          line: 2,
          column: 20,
        },
        {
          messageId: "rawSql",
          data: {
            sql: "SELECT id, title FROM posts WHERE true",
            call: "pool.query",
            ...inService,
          },
          line: 5,
          column: 20,
        },
        {
          messageId: "rawSql",
          data: {
            sql: "UPDATE posts SET views = 0 WHERE id = $1",
            call: "pool.query",
            ...inService,
          },
          line: 6,
          column: 20,
        },
      ],
    },
    // why: a queryRunner outside a migration class is raw SQL like any other
    {
      filename: tsService,
      code: lines(
        "export async function reindex(dataSource: DataSource): Promise<void> {",
        "  const runner = dataSource.createQueryRunner();",
        '  await runner.query("ALTER TABLE posts ADD COLUMN score integer");',
        "}",
      ),
      errors: [
        {
          messageId: "rawSql",
          data: {
            sql: "ALTER TABLE posts ADD COLUMN score ...",
            call: "runner.query",
            ...inService,
          },
          line: 3,
          column: 22,
        },
      ],
    },
    // why: JavaScript files are checked the same way
    {
      filename: tsFile("src/services/report.service.js"),
      code: lines(
        "export async function totals(db) {",
        '  return db.any("SELECT author_id, count(*) FROM posts GROUP BY author_id");',
        "}",
      ),
      errors: [
        {
          messageId: "rawSql",
          data: {
            sql: "SELECT author_id, count(*) FROM posts ...",
            call: "db.any",
            ...inService,
          },
          line: 2,
          column: 17,
        },
      ],
    },
    // why: SQL rules apply to tests too; ignoreTests turns that off
    {
      filename: tsFile("test/setup.ts"),
      code: tsOnDisk("test/setup.ts"),
      errors: [
        {
          messageId: "rawSql",
          data: {
            sql: "TRUNCATE posts, post_stats RESTART ...",
            where: "a test module",
            call: "pool.query",
            repository: tsRepo,
          },
          line: 5,
          column: 20,
        },
      ],
    },
    // why: a test that mounts a router on its own app is still a test module
    {
      filename: tsFile("src/routes/posts.routes.test.ts"),
      code: lines(
        'import express from "express";',
        'import request from "supertest";',
        "",
        "const app = express().use(postsRouter);",
        'app.get("/boom", () => {',
        '  throw new Error("boom");',
        "});",
        "",
        'it("lists posts", async () => {',
        "  await pool.query(\"INSERT INTO posts (title, body) VALUES ('a', 'b')\");",
        '  await request(app).get("/").expect(200);',
        "});",
      ),
      errors: [
        {
          messageId: "rawSql",
          data: {
            sql: "INSERT INTO posts (title, body) VALUES ...",
            where: "a test module",
            call: "pool.query",
            repository: tsRepo,
          },
          line: 10,
          column: 20,
        },
      ],
    },
    // why: a script matches no layer: skipped by default, checked with checkUnlayeredModules
    {
      filename: tsFile("scripts/backfill-slugs.ts"),
      code: tsOnDisk("scripts/backfill-slugs.ts"),
      options: [{ checkUnlayeredModules: true }],
      errors: [
        {
          messageId: "rawSql",
          data: {
            sql: "UPDATE posts SET slug = ...",
            where: "a composition root",
            call: "pool.query",
            repository: tsRepo,
          },
          line: 4,
          column: 3,
        },
      ],
    },
    {
      filename: tsFile("src/db.ts"),
      code: tsOnDisk("src/db.ts"),
      options: [{ checkUnlayeredModules: true, checkConnectionStatements: true }],
      errors: [
        {
          messageId: "rawSql",
          data: {
            sql: "SET search_path TO blog, public",
            where: "a composition root",
            call: "client.query",
            repository: tsRepo,
          },
          line: 8,
          column: 21,
        },
        {
          messageId: "rawSql",
          data: {
            sql: "CREATE EXTENSION IF NOT EXISTS pg_trgm",
            where: "a composition root",
            call: "pool.query",
            repository: tsRepo,
          },
          line: 12,
          column: 20,
        },
      ],
    },
    {
      filename: tsFile("src/app.ts"),
      code: tsOnDisk("src/app.ts"),
      options: [{ checkConnectionStatements: true }],
      errors: [
        {
          messageId: "rawSqlInRoute",
          data: { sql: "SELECT 1", call: "pool.query", repository: tsRepo },
          line: 10,
          column: 20,
        },
      ],
    },
    // why: allow globs name other files; this one is still checked
    {
      filename: tsService,
      code: lines(
        "export async function purge(pool: Pool): Promise<void> {",
        '  await pool.query("TRUNCATE posts");',
        "}",
      ),
      options: [{ allow: ["scripts/", "src/db.ts"] }],
      errors: [
        {
          messageId: "rawSql",
          data: { sql: "TRUNCATE posts", call: "pool.query", ...inService },
          line: 2,
          column: 20,
        },
      ],
    },
  ],
});
