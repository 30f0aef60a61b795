import { readFileSync } from "node:fs";
import { join } from "node:path";
import rule from "./index-foreign-keys.js";
import { pythonRuleTester, typescriptRuleTester } from "../../test/rule-tester.js";

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
    // why: a composite foreign key is one key: Edition's index on both columns (in either
    // order) serves it; Review's index leads with post_id alone, reported once
    {
      ...fixture("gaps", "app/models/edition.py"),
      errors: [
        {
          messageId: "unindexedForeignKey",
          data: {
            table: "reviews",
            column: "(post_id, post_version)",
            target: "post_versions.post_id",
          },
          line: 28,
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

const TYPEORM_FIX = (property: string) =>
  `@Index() to "${property}", or a class @Index([...]) that starts with it`;
const DRIZZLE_FIX = (property: string) =>
  `index().on(table.${property}) to the table's indexes, or one that starts with it`;

typescriptRuleTester().run("index-foreign-keys (TypeORM, Drizzle)", rule, {
  valid: [
    // why: a one-to-one join column carries TypeORM's unique constraint
    fixture("ts-typeorm", "src/entities/profile.entity.ts"),
    // why: the other side of a relation has no foreign key
    fixture("ts-typeorm", "src/entities/user.entity.ts"),
    // why: the migrations are not entities
    fixture("ts-typeorm", "src/migrations/1700000000000-CreatePosts.ts"),
    {
      filename: join(import.meta.dirname, "fixtures", "ts-typeorm", "src/entities/like.entity.ts"),
      code: [
        'import { Entity, JoinColumn, ManyToOne, PrimaryColumn } from "typeorm";',
        'import { Post } from "./post.entity.js";',
        "",
        "// why: the first primary-key column serves lookups by it",
        '@Entity("likes")',
        "export class Like {",
        "  @PrimaryColumn()",
        "  postId!: number;",
        "  @PrimaryColumn()",
        "  userId!: number;",
        "  @ManyToOne(() => Post, { eager: false })",
        '  @JoinColumn({ name: "postId" })',
        "  post!: Post;",
        "}",
        "",
      ].join("\n"),
    },
  ],
  invalid: [
    // author has @Index(), category leads the class index, the migration indexes reviewerId
    {
      ...fixture("ts-typeorm", "src/entities/post.entity.ts"),
      errors: [
        {
          messageId: "foreignKeyWithoutIndex",
          data: {
            table: "posts",
            column: "editorId",
            target: "users.id",
            fix: TYPEORM_FIX("editor"),
          },
          line: 19,
          column: 3,
        },
      ],
    },
    // why: the class index starts with createdAt, so it cannot serve lookups by postId
    {
      ...fixture("ts-typeorm", "src/entities/comment.entity.ts"),
      errors: [
        {
          messageId: "foreignKeyWithoutIndex",
          data: {
            table: "comments",
            column: "postId",
            target: "posts.id",
            fix: TYPEORM_FIX("post"),
          },
          line: 14,
          column: 3,
        },
      ],
    },
    {
      ...fixture("ts-typeorm", "src/entities/profile.entity.ts"),
      options: [{ uniqueCounts: false }],
      errors: [
        {
          messageId: "foreignKeyWithoutIndex",
          data: {
            table: "profiles",
            column: "user_id",
            target: "users.id",
            fix: TYPEORM_FIX("user"),
          },
          line: 15,
          column: 3,
        },
      ],
    },
    // posts.author_id has its index; comments.user_id leads a unique index; post_tags.post_id the key
    {
      ...fixture("ts-drizzle", "src/db/schema.ts"),
      errors: [
        {
          messageId: "foreignKeyWithoutIndex",
          data: {
            table: "posts",
            column: "editor_id",
            target: "users.id",
            fix: DRIZZLE_FIX("editorId"),
          },
          line: 30,
          column: 5,
        },
        // why: the index on (created_at, post_id) does not start with post_id
        {
          messageId: "foreignKeyWithoutIndex",
          data: {
            table: "comments",
            column: "post_id",
            target: "posts.id",
            fix: DRIZZLE_FIX("postId"),
          },
          line: 39,
          column: 5,
        },
        // why: the primary key (post_id, tag_id) serves post_id only
        {
          messageId: "foreignKeyWithoutIndex",
          data: {
            table: "post_tags",
            column: "tag_id",
            target: "tags.id",
            fix: DRIZZLE_FIX("tagId"),
          },
          line: 59,
          column: 5,
        },
      ],
    },
    {
      ...fixture("ts-drizzle", "src/db/schema.ts"),
      options: [{ uniqueCounts: false }],
      errors: [
        { messageId: "foreignKeyWithoutIndex", line: 30, column: 5 },
        { messageId: "foreignKeyWithoutIndex", line: 39, column: 5 },
        // why: without uniqueCounts the unique index (user_id, created_at) does not count
        {
          messageId: "foreignKeyWithoutIndex",
          data: {
            table: "comments",
            column: "user_id",
            target: "users.id",
            fix: DRIZZLE_FIX("userId"),
          },
          line: 42,
          column: 5,
        },
        { messageId: "foreignKeyWithoutIndex", line: 59, column: 5 },
      ],
    },
  ],
});
