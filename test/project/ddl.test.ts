import { describe, expect, it } from "vitest";
import {
  emptyDdlSchema,
  findTable,
  replaySql,
  splitSqlStatements,
  type DdlSchema,
} from "../../src/project/ddl.js";

const columnsOf = (schema: DdlSchema, table: string) => [
  ...(findTable(schema, table)?.columns.keys() ?? []),
];
const indexesOf = (schema: DdlSchema, table: string) =>
  findTable(schema, table)?.indexes.map(
    (i) =>
      `${i.name ?? "-"}:${i.columns.join(",")}${i.unique ? ":u" : ""}${i.primary ? ":pk" : ""}`,
  );

describe("splitSqlStatements", () => {
  it("splits on semicolons outside quotes, dollar quotes and comments, keeping start lines", () => {
    const sql = [
      "-- a; comment",
      "CREATE TABLE \"a;b\" (\"x\" TEXT DEFAULT 'it''s; fine');",
      "/* block; `x` 'y */",
      "CREATE FUNCTION f() RETURNS trigger AS $fn$ BEGIN RETURN NEW; END; $fn$ LANGUAGE plpgsql;",
      'DROP TABLE "c"',
    ].join("\n");
    expect(splitSqlStatements(sql)).toEqual([
      { text: "CREATE TABLE \"a;b\" (\"x\" TEXT DEFAULT 'it''s; fine')", line: 2 },
      {
        text: "CREATE FUNCTION f() RETURNS trigger AS $fn$ BEGIN RETURN NEW; END; $fn$ LANGUAGE plpgsql",
        line: 4,
      },
      { text: 'DROP TABLE "c"', line: 5 },
    ]);
  });
});

describe("replaySql", () => {
  it("replays PostgreSQL DDL as Prisma writes it", () => {
    const schema = emptyDdlSchema();
    replaySql(
      schema,
      `CREATE TABLE "User" ("id" SERIAL NOT NULL, "email" TEXT NOT NULL, "bio" TEXT, CONSTRAINT "User_pkey" PRIMARY KEY ("id"));
       CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
       CREATE INDEX "User_bio_idx" ON "User"("bio");
       CREATE TABLE "Old" ("id" INTEGER);`,
      "postgresql",
      "m1",
    );
    replaySql(
      schema,
      `ALTER TABLE "User" ADD COLUMN "name" TEXT, ADD COLUMN "age" INTEGER;
       ALTER TABLE "User" DROP COLUMN "bio";
       ALTER TABLE "User" RENAME COLUMN "name" TO "fullName";
       ALTER TABLE "User" ADD CONSTRAINT "User_age_key" UNIQUE ("age");
       ALTER TABLE "User" RENAME TO "Account";
       DROP TABLE "Old";
       ALTER INDEX "User_email_key" RENAME TO "Account_email_key";`,
      "postgresql",
      "m2",
    );
    expect([...schema.tables.keys()]).toEqual(["Account"]);
    expect(columnsOf(schema, "Account")).toEqual(["id", "email", "age", "fullName"]);
    expect(findTable(schema, "Account")?.columns.get("fullName")).toBe("m2");
    // The index on the dropped column went with it.
    expect(indexesOf(schema, "Account")).toEqual([
      "User_pkey:id:u:pk",
      "User_email_key:email:u",
      "User_age_key:age:u",
    ]);
    expect(schema.notes.map((n) => [n.source, n.line, n.statement.slice(0, 16)])).toEqual([
      ["m2", 7, 'ALTER INDEX "Use'],
    ]);
  });

  it("replays MySQL DDL with backquotes and inline indexes", () => {
    const schema = replaySql(
      emptyDdlSchema(),
      "CREATE TABLE `Post` (`id` INTEGER NOT NULL AUTO_INCREMENT, `authorId` INTEGER NOT NULL, `slug` VARCHAR(191) NOT NULL, UNIQUE INDEX `Post_slug_key`(`slug`), INDEX `Post_authorId_idx`(`authorId`), PRIMARY KEY (`id`)) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;\n" +
        "ALTER TABLE `Post` DROP INDEX `Post_slug_key`, ADD COLUMN `title` VARCHAR(191) NULL;\n" +
        "ALTER TABLE `Post` RENAME COLUMN `title` TO `headline`;",
      "mysql",
    );
    expect(columnsOf(schema, "Post")).toEqual(["id", "authorId", "slug", "headline"]);
    expect(indexesOf(schema, "Post")).toEqual(["Post_authorId_idx:authorId", "-:id:u:pk"]);
  });

  it("replays SQLite's table redefinition", () => {
    const schema = replaySql(
      emptyDdlSchema(),
      `CREATE TABLE "Post" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "title" TEXT NOT NULL);
       PRAGMA foreign_keys=OFF;
       CREATE TABLE "new_Post" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "title" TEXT NOT NULL, "published" BOOLEAN NOT NULL DEFAULT false);
       INSERT INTO "new_Post" ("id", "title") SELECT "id", "title" FROM "Post";
       DROP TABLE "Post";
       ALTER TABLE "new_Post" RENAME TO "Post";
       CREATE INDEX "Post_title_idx" ON "Post"("title");
       PRAGMA foreign_keys=ON;`,
      "sqlite",
    );
    expect([...schema.tables.keys()]).toEqual(["Post"]);
    expect(columnsOf(schema, "Post")).toEqual(["id", "title", "published"]);
    expect(indexesOf(schema, "Post")).toEqual(["-:id:u:pk", "Post_title_idx:title"]);
    expect(schema.notes.length).toBe(2); // the two PRAGMA statements
  });

  it("never throws on text that is not SQL", () => {
    const schema = emptyDdlSchema();
    expect(() =>
      replaySql(schema, "this is not; SQL at all $$ unterminated", "postgresql"),
    ).not.toThrow();
    expect(schema.tables.size).toBe(0);
    expect(schema.notes.length).toBe(2);
  });
});
