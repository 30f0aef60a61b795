import { readFileSync } from "node:fs";
import { join } from "node:path";
import rule from "./migration-for-model.js";
import { pythonRuleTester } from "../../test/rule-tester.js";

// The rule compares the project's models with its migrations, both read from disk,
// so each case lints a fixture file as it is on disk.
const fixture = (project: string, rel: string) => {
  const filename = join(import.meta.dirname, "fixtures", project, rel);
  return { filename, code: readFileSync(filename, "utf8") };
};

pythonRuleTester().run("migration-for-model", rule, {
  valid: [
    // The blog's two migrations create exactly what its models declare.
    fixture("blog", "app/models/post.py"),
    fixture("blog", "app/models/user.py"),
    // why: a base class from another library (authlib) may declare columns nobody sees here
    fixture("blog", "app/models/token.py"),
    // why: a Table on its own MetaData outside the models layer belongs to another database
    fixture("blog", "app/services/analytics.py"),
    // why: a history that alters tables it never creates starts from an existing schema,
    // so neither the columns of posts nor the missing tags table can be judged
    fixture("partial", "app/models/post.py"),
    // why: the migrations are not models
    fixture("drift", "alembic/versions/0002_create_posts.py"),
  ],
  invalid: [
    {
      ...fixture("drift", "app/models/post.py"),
      errors: [
        // why: the migrations create posts.author_id, which the model no longer has
        {
          messageId: "columnRemoved",
          data: {
            table: "posts",
            column: "author_id",
            model: "Post",
            createdIn: "alembic/versions/0002_create_posts.py",
          },
          line: 7,
          column: 7,
        },
        {
          messageId: "indexWithoutMigration",
          data: { index: '"ix_posts_title" on "posts" (title)', name: "ix_posts_title" },
          line: 9,
          column: 23,
        },
        {
          messageId: "columnWithoutMigration",
          data: { table: "posts", column: "slug" },
          line: 13,
          column: 5,
        },
        {
          messageId: "indexWithoutMigration",
          data: { index: 'on "posts.slug"', name: "ix_posts_slug" },
          line: 13,
          column: 5,
        },
      ],
    },
    {
      ...fixture("drift", "app/models/tag.py"),
      errors: [
        {
          messageId: "tableWithoutMigration",
          data: { table: "tags", model: "Tag" },
          line: 7,
          column: 7,
        },
      ],
    },
    {
      ...fixture("drift", "app/models/post.py"),
      options: [{ checkIndexes: false, checkRemovedColumns: false }],
      errors: [
        {
          messageId: "columnWithoutMigration",
          data: { table: "posts", column: "slug" },
          line: 13,
          column: 5,
        },
      ],
    },
  ],
});
