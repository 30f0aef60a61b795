import { readFileSync } from "node:fs";
import { join } from "node:path";
import rule from "./no-raw-sql.js";
import { pythonRuleTester } from "../../test/rule-tester.js";

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
