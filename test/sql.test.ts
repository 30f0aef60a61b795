import { describe, expect, it } from "vitest";
import { looksLikeSql, readsNoData, SQL_HOLE, sqlPreview } from "../src/sql.js";

const hole = SQL_HOLE;

describe("looksLikeSql: statements", () => {
  it.each([
    "SELECT * FROM posts",
    "select id from t",
    "SELECT id, title FROM posts WHERE user_id = :user_id",
    "SELECT p.id FROM posts p JOIN users u ON u.id = p.user_id",
    "SELECT count(*) FROM posts",
    "SELECT 1",
    "SELECT 1;",
    "SELECT 'ok'",
    "SELECT now()",
    "SELECT pg_advisory_lock(42)",
    "SELECT DISTINCT user_id FROM posts",
    "SELECT DISTINCT ON (user_id) * FROM posts",
    "SELECT id FROM posts;",
    "SELECT id FROM (SELECT id FROM posts) AS sub",
    "SELECT * FROM generate_series(1, 10)",
    'SELECT "id" FROM "Posts" WHERE "id" = $1',
    "SELECT id FROM posts ORDER BY id DESC LIMIT 10",
    "SELECT title FROM posts AS p",
    "  \n  SELECT id\n  FROM posts\n",
    "-- newest first\nSELECT id FROM posts ORDER BY created_at DESC",
    "/* report */ SELECT id FROM posts",
    "INSERT INTO posts (title) VALUES (:title)",
    "insert into posts values (1, 'a')",
    "INSERT INTO posts SELECT * FROM drafts",
    "INSERT INTO posts DEFAULT VALUES",
    "INSERT OR IGNORE INTO tags (name) VALUES (?)",
    "INSERT IGNORE INTO tags (name) VALUES (%s)",
    "REPLACE INTO tags (name) VALUES (?)",
    "MERGE INTO posts USING drafts ON posts.id = drafts.id",
    "UPDATE posts SET title = :title WHERE id = :id",
    "update posts p set views = views + 1",
    "UPDATE ONLY posts SET views = 0",
    "UPDATE posts SET (a, b) = (1, 2)",
    "DELETE FROM posts WHERE id = :id",
    "DELETE FROM posts",
    "delete from posts;",
    "DELETE FROM posts p USING users u WHERE p.user_id = u.id",
    "DELETE FROM posts RETURNING id",
    "WITH recent AS (SELECT id FROM posts) SELECT * FROM recent",
    "WITH RECURSIVE tree(id) AS (SELECT 1)",
    "WITH recent AS MATERIALIZED (SELECT 1)",
    "CREATE TABLE posts (id serial PRIMARY KEY)",
    "CREATE TABLE IF NOT EXISTS posts (id int)",
    "CREATE TEMP TABLE scratch AS SELECT 1",
    "CREATE UNIQUE INDEX ix_posts_slug ON posts (slug)",
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_a ON posts (a)",
    "CREATE OR REPLACE VIEW v AS SELECT 1",
    "CREATE MATERIALIZED VIEW stats AS SELECT 1",
    'CREATE EXTENSION IF NOT EXISTS "uuid-ossp"',
    "CREATE SCHEMA app",
    "CREATE TYPE status AS ENUM ('a', 'b')",
    "CREATE OR REPLACE FUNCTION touch() RETURNS trigger",
    "CREATE TRIGGER t BEFORE UPDATE ON posts",
    "CREATE SEQUENCE post_seq START 1",
    "ALTER TABLE posts ADD COLUMN slug text",
    "ALTER TABLE posts RENAME TO articles",
    "ALTER SEQUENCE post_seq RESTART WITH 1",
    "DROP TABLE posts",
    "DROP TABLE IF EXISTS posts CASCADE",
    "DROP INDEX CONCURRENTLY IF EXISTS ix_a",
    "DROP TABLE posts, users",
    "DROP TRIGGER t ON posts",
    "TRUNCATE posts",
    "TRUNCATE TABLE posts, users RESTART IDENTITY CASCADE",
    "truncate table posts;",
    "COPY posts FROM STDIN WITH CSV",
    "COPY posts (id, title) TO STDOUT",
    "COPY (SELECT * FROM posts) TO '/tmp/posts.csv'",
    "VACUUM",
    "VACUUM;",
    "VACUUM FULL posts",
    "ANALYZE",
    "ANALYZE VERBOSE",
    "ANALYZE public.posts",
    "EXPLAIN SELECT * FROM posts",
    "EXPLAIN ANALYZE SELECT * FROM posts",
    "EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM posts",
    "GRANT SELECT ON posts TO reader",
    "GRANT ALL ON ALL TABLES IN SCHEMA public TO app",
    "REVOKE ALL ON posts FROM reader",
    "SET search_path TO app, public",
    "SET LOCAL statement_timeout = 5000",
    "SET TIME ZONE 'UTC'",
    "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE",
    "SET app.tenant_id TO '42'",
    "REFRESH MATERIALIZED VIEW stats",
    "LOCK TABLE posts IN EXCLUSIVE MODE",
    "PRAGMA foreign_keys = ON",
    "CALL archive_posts(30)",
  ])("%j is SQL", (text) => {
    expect(looksLikeSql(text)).toBe(true);
  });
});

describe("looksLikeSql: interpolated values", () => {
  it.each([
    `SELECT * FROM posts WHERE id = ${hole}`,
    `SELECT ${hole} FROM posts`,
    `SELECT id FROM ${hole} WHERE id = 1`,
    `SELECT id FROM ${hole}`,
    `UPDATE ${hole} SET ${hole}`,
    `UPDATE posts SET ${hole} = 1`,
    `INSERT INTO posts ${hole}`,
    `DELETE FROM ${hole}`,
    `DELETE FROM posts ${hole}`,
    `TRUNCATE ${hole}`,
    `DROP TABLE IF EXISTS ${hole}`,
  ])("%j is SQL", (text) => {
    expect(looksLikeSql(text)).toBe(true);
  });
});

describe("looksLikeSql: prose and other languages stay out", () => {
  it.each([
    "",
    "   ",
    "Select a plan",
    "Select a plan from the list below",
    "Select a plan from the list",
    "Select an option from the menu",
    "select your plan from our offers",
    "Select item(s) to delete",
    "Select 2 items",
    "Select all",
    "Select",
    `Select ${hole}`,
    "Selected: 3 posts",
    "selection from posts",
    "Update the settings",
    "Update user set to active",
    "Update available",
    "Delete from the cart failed",
    "Delete from cart failed",
    "Delete posts",
    "Insert into queue",
    "Insert into the queue",
    "insert coin",
    "With this change the cache is warm",
    "Create table failed",
    "Create type mismatch",
    "Create index for search",
    "Alter table settings",
    "Drop table",
    "Drop the table",
    "Truncate the message",
    "Truncate text to 40 characters",
    "Copy files to the bucket",
    "Vacuum the floor",
    "vacuum",
    "Analyze",
    "Analyze results",
    "Explain the error",
    "Explain (briefly) the problem",
    "Grant access to the user",
    "Set value to 3",
    "Set the flag",
    "Refresh the page",
    "Lock acquired",
    "Call me maybe",
    "GET key",
    "SET key value",
    "HGETALL posts",
    "id desc",
    "posts.created_at DESC",
    "users.id = posts.user_id",
    "lower(title)",
    "MATCH (n) RETURN n",
    "db.posts.find({})",
    "--",
    "/* SELECT * FROM posts */",
    "-- SELECT * FROM posts",
    "SELECTED * FROM posts",
  ])("%j is not SQL", (text) => {
    expect(looksLikeSql(text)).toBe(false);
  });
});

describe("readsNoData", () => {
  it("knows connection checks and session settings", () => {
    expect(readsNoData("SELECT 1")).toBe(true);
    expect(readsNoData("select 1;")).toBe(true);
    expect(readsNoData(" SELECT 'ok'")).toBe(true);
    expect(readsNoData("SELECT true")).toBe(true);
    expect(readsNoData("SET search_path TO app, public")).toBe(true);
    expect(readsNoData("SET LOCAL statement_timeout = 5000")).toBe(true);
    expect(readsNoData("PRAGMA foreign_keys = ON")).toBe(true);
  });

  it("leaves queries that read something", () => {
    expect(readsNoData("SELECT 1 FROM posts")).toBe(false);
    expect(readsNoData("SELECT now()")).toBe(false);
    expect(readsNoData("SELECT * FROM posts")).toBe(false);
    expect(readsNoData("DELETE FROM posts")).toBe(false);
    expect(readsNoData("PRAGMA table_info(posts)")).toBe(false);
    expect(readsNoData("Set the flag")).toBe(false);
  });
});

describe("sqlPreview", () => {
  it("collapses whitespace and drops leading comments", () => {
    expect(sqlPreview("-- all\n  SELECT id,\n    title\n  FROM posts\n")).toBe(
      "SELECT id, title FROM posts",
    );
  });

  it("cuts long statements", () => {
    expect(sqlPreview("SELECT id, title, body, created_at FROM posts WHERE id = :id")).toBe(
      "SELECT id, title, body, created_at FROM ...",
    );
  });
});
