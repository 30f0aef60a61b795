import { readFileSync } from "node:fs";
import { join } from "node:path";
import rule from "./index-foreign-keys.js";
import { prismaRuleTester } from "../../test/prisma-rule-tester.js";

const fixture = (project: string, rel = "prisma/schema.prisma") => {
  const filename = join(import.meta.dirname, "fixtures", project, rel);
  return { filename, code: readFileSync(filename, "utf8") };
};
const gaps = fixture("prisma-gaps");

/** A schema for the gaps project with another datasource block. */
const withDatasource = (datasource: string) => ({
  filename: gaps.filename,
  code: gaps.code.replace(/datasource db \{[^}]*\}/u, datasource),
});

/** The ```prisma blocks of the rule doc's section, with the fixture path their first line names. */
const docExamples = (heading: string) => {
  const doc = readFileSync(join(import.meta.dirname, "README.md"), "utf8");
  const section = doc.split(/^## /mu).find((s) => s.startsWith(`${heading}\n`)) ?? "";
  return [...section.matchAll(/```prisma\n([\s\S]*?)```/gu)].map(([, code]) => ({
    filename: join(import.meta.dirname, /^\/\/ file: (\S+)/u.exec(code)![1]),
    code,
  }));
};

prismaRuleTester().run("index-foreign-keys (Prisma)", rule, {
  valid: [
    // why: @@index, a composite index or @@id that starts with the field, @unique (one-to-one)
    fixture("prisma-blog"),
    // The doc's Good examples.
    ...docExamples("Good"),
    // why: MySQL (InnoDB) creates an index for every foreign key constraint itself
    withDatasource('datasource db {\n  provider = "mysql"\n  url      = env("DATABASE_URL")\n}'),
    // why: no relations, nothing to index
    {
      filename: gaps.filename,
      code: "model Setting {\n  key   String @id\n  value String\n}\n",
    },
    // why: an @ignore'd model is not Prisma's to manage
    {
      filename: gaps.filename,
      code: [
        "model User {",
        "  id    Int    @id",
        "  posts Post[]",
        "}",
        "",
        "model Post {",
        "  id       Int  @id",
        "  authorId Int",
        "  author   User @relation(fields: [authorId], references: [id])",
        "",
        "  @@ignore",
        "}",
        "",
      ].join("\n"),
    },
  ],
  invalid: [
    // The doc's Bad example.
    ...docExamples("Bad").map((example) => ({
      ...example,
      errors: [{ messageId: "foreignKeyWithoutIndex", line: 14, column: 3 }],
    })),
    {
      ...gaps,
      errors: [
        {
          messageId: "foreignKeyWithoutIndex",
          data: {
            table: "posts",
            column: "author_id",
            target: "User",
            fix: '@@index([authorId]) to model "Post"',
          },
          line: 16,
          column: 3,
          endLine: 16,
          endColumn: 39,
        },
        // why: the @@unique starts with postId, not authorId
        {
          messageId: "foreignKeyWithoutIndex",
          data: {
            table: "Comment",
            column: "authorId",
            target: "User",
            fix: '@@index([authorId]) to model "Comment"',
          },
          line: 27,
          column: 3,
        },
      ],
    },
    // why: without uniqueCounts a unique constraint is not taken for the index
    {
      ...gaps,
      options: [{ uniqueCounts: false }],
      errors: [
        { messageId: "foreignKeyWithoutIndex", line: 16, column: 3 },
        { messageId: "foreignKeyWithoutIndex", line: 25, column: 3 },
        { messageId: "foreignKeyWithoutIndex", line: 27, column: 3 },
      ],
    },
    // why: with relationMode = "prisma" MySQL has no constraint, so no implicit index
    {
      ...withDatasource(
        'datasource db {\n  provider     = "mysql"\n  url          = env("DATABASE_URL")\n  relationMode = "prisma"\n}',
      ),
      errors: [
        { messageId: "foreignKeyWithoutIndex", line: 17, column: 3 },
        { messageId: "foreignKeyWithoutIndex", line: 28, column: 3 },
      ],
    },
  ],
});
