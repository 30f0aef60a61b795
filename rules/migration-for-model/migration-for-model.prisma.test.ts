import { readFileSync } from "node:fs";
import { join } from "node:path";
import rule from "./migration-for-model.js";
import { prismaRuleTester } from "../../test/prisma-rule-tester.js";

// The rule compares the schema with the migrations on disk, so each case lints a fixture file.
const fixture = (project: string, rel = "prisma/schema.prisma") => {
  const filename = join(import.meta.dirname, "fixtures", project, rel);
  return { filename, code: readFileSync(filename, "utf8") };
};

/** The ```prisma blocks of the rule doc's section, with the fixture path their first line names. */
const docExamples = (heading: string) => {
  const doc = readFileSync(join(import.meta.dirname, "README.md"), "utf8");
  const section = doc.split(/^## /mu).find((s) => s.startsWith(`${heading}\n`)) ?? "";
  return [...section.matchAll(/```prisma\n([\s\S]*?)```/gu)].map(([, code]) => ({
    filename: join(import.meta.dirname, /^\/\/ file: (\S+)/u.exec(code)![1]),
    code,
  }));
};

prismaRuleTester().run("migration-for-model (Prisma)", rule, {
  valid: [
    // why: @map/@@map names, a renamed column, a column dropped and added again, an implicit
    // join table, an @ignore'd field and model, a view, and a statement the parser skips
    fixture("prisma-blog"),
    // The doc's Good examples.
    ...docExamples("Good"),
    // why: a multi-file schema: the migrations sit beside the prisma/schema folder
    fixture("prisma-multi", "prisma/schema/post.prisma"),
    fixture("prisma-multi", "prisma/schema/schema.prisma"),
  ],
  invalid: [
    // The doc's Bad example.
    ...docExamples("Bad").map((example) => ({
      ...example,
      errors: [{ messageId: "columnNotMigrated", line: 15, column: 3 }],
    })),
    {
      ...fixture("prisma-drift"),
      errors: [
        {
          messageId: "indexNotMigrated",
          data: {
            index: '"User_email_key" on "User" (email)',
            command: "npx prisma migrate dev --name add_user_email_key",
          },
          line: 8,
          column: 3,
        },
        // why: the migrations create posts.views, which the model no longer has
        {
          messageId: "columnNotDropped",
          data: {
            table: "posts",
            column: "views",
            model: 'model "Post"',
            createdIn: "prisma/migrations/20240101000000_init/migration.sql",
            command: "npx prisma migrate dev --name drop_posts_views",
          },
          line: 11,
          column: 7,
        },
        {
          messageId: "columnNotMigrated",
          data: {
            table: "posts",
            column: "summary",
            command: "npx prisma migrate dev --name add_posts_summary",
          },
          line: 14,
          column: 3,
        },
        {
          messageId: "tableNotMigrated",
          data: {
            table: "_PostToTag",
            model: "Post",
            command: "npx prisma migrate dev --name create_posttotag",
          },
          line: 16,
          column: 3,
        },
        {
          messageId: "indexNotMigrated",
          data: {
            index: '"posts_created_at_idx" on "posts" (created_at)',
            command: "npx prisma migrate dev --name add_posts_created_at_idx",
          },
          line: 18,
          column: 3,
        },
        {
          messageId: "tableNotMigrated",
          data: {
            table: "Tag",
            model: "Tag",
            command: "npx prisma migrate dev --name create_tag",
          },
          line: 22,
          column: 7,
        },
      ],
    },
    {
      ...fixture("prisma-drift"),
      options: [{ checkIndexes: false, checkRemovedColumns: false }],
      errors: [
        { messageId: "columnNotMigrated", line: 14, column: 3 },
        { messageId: "tableNotMigrated", line: 16, column: 3 },
        { messageId: "tableNotMigrated", line: 22, column: 7 },
      ],
    },
    // why: another file of the multi-file schema declares a column no migration adds
    {
      ...fixture("prisma-multi", "prisma/schema/user.prisma"),
      errors: [
        {
          messageId: "columnNotMigrated",
          data: {
            table: "User",
            column: "displayName",
            command: "npx prisma migrate dev --name add_user_displayname",
          },
          line: 4,
          column: 3,
        },
      ],
    },
  ],
});
