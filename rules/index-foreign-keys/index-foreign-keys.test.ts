import { readFileSync } from "node:fs";
import { join } from "node:path";
import rule from "./index-foreign-keys.js";
import { pythonRuleTester } from "../../test/rule-tester.js";

// Indexes may come from the models or from the migrations, both read from disk,
// so each case lints a fixture file as it is on disk.
const fixture = (project: string, rel: string) => {
  const filename = join(import.meta.dirname, "fixtures", project, rel);
  return { filename, code: readFileSync(filename, "utf8") };
};

pythonRuleTester().run("index-foreign-keys", rule, {
  valid: [
    // index=True on the column
    fixture("blog", "app/models/comment.py"),
    // why: no index in the model, but migration 0002 creates ix_likes_post_id
    fixture("blog", "app/models/like.py"),
  ],
  invalid: [
    // why: the only index starts with created_at, so it cannot serve lookups by post_id
    {
      ...fixture("gaps", "app/models/like.py"),
      errors: [
        {
          messageId: "unindexedForeignKey",
          data: { table: "likes", column: "post_id", target: "posts.id" },
          line: 14,
          column: 5,
        },
      ],
    },
    // why: the primary key (post_id, tag_id) serves post_id only; unique=True serves author_id
    {
      ...fixture("gaps", "app/models/post_tag.py"),
      errors: [
        {
          messageId: "unindexedForeignKey",
          data: { table: "post_tags", column: "tag_id", target: "tags.id" },
          line: 13,
          column: 5,
        },
      ],
    },
    {
      ...fixture("gaps", "app/models/post_tag.py"),
      options: [{ uniqueCounts: false }],
      errors: [
        {
          messageId: "unindexedForeignKey",
          data: { table: "post_tags", column: "tag_id", target: "tags.id" },
          line: 13,
          column: 5,
        },
        {
          messageId: "unindexedForeignKey",
          data: { table: "post_tags", column: "author_id", target: "users.id" },
          line: 14,
          column: 5,
        },
      ],
    },
  ],
});
