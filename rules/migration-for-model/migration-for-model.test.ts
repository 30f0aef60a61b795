import { readFileSync } from "node:fs";
import { join } from "node:path";
import rule from "./migration-for-model.js";
import { pythonRuleTester, typescriptRuleTester } from "../../test/rule-tester.js";

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
    // why: 0002 builds the index with SQL on the bind, which the replay does not follow:
    // a revision the replay could not follow that creates the index by name may well have
    fixture("unfollowed", "app/models/order.py"),
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
    // why: audit_log is named in 0002, whose Table(...).create(bind) the replay did not
    // follow; refunds is named nowhere
    {
      ...fixture("unfollowed", "app/models/audit.py"),
      errors: [
        {
          messageId: "tableWithoutMigration",
          data: { table: "refunds", model: "Refund" },
          line: 14,
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

const TYPEORM = (name: string) =>
  `npx typeorm migration:generate src/migrations/${name} -d src/data-source.ts`;
const DRIZZLE = (name: string) => `npx drizzle-kit generate --name ${name}`;

typescriptRuleTester().run("migration-for-model (TypeORM, Drizzle)", rule, {
  valid: [
    // why: users is created with "name" by 0000 and renamed to display_name by 0002;
    // id and createdAt come from the base class, which the migration creates too
    fixture("ts-typeorm", "src/entities/user.entity.ts"),
    // why: drizzle-kit runs from the root with --config infra/db/drizzle.config.ts, so
    // `out` is root-relative; the snapshot is named after its tag (0000_initial_snapshot.json);
    // TABLE_NAMES.sessions is followed into src/infra/table-names.ts
    fixture("ts-drizzle-layout", "src/sessions/sessions.model.ts"),
    // why: a custom naming strategy (tbl_invoice, col_total_cents) makes names the rule cannot derive
    fixture("ts-typeorm-custom-naming", "src/entities/invoice.entity.ts"),
    // why: outside the config's `schema: "src/**/*.model.ts"`: drizzle-kit makes no migration for it
    fixture("ts-drizzle-layout", "scripts/seed-tracking.model.ts"),
    // why: a base class without @Entity is no table
    fixture("ts-typeorm", "src/entities/base.entity.ts"),
    // why: the migrations themselves are not entities
    fixture("ts-typeorm", "src/migrations/1700000100000-CreatePosts.ts"),
    // why: @Entity({ synchronize: false }) tables are kept out of TypeORM's migrations
    {
      filename: join(
        import.meta.dirname,
        "fixtures",
        "ts-typeorm",
        "src/entities/report.entity.ts",
      ),
      code: [
        'import { Column, Entity, PrimaryColumn } from "typeorm";',
        "",
        '@Entity({ name: "monthly_report", synchronize: false })',
        "export class MonthlyReport {",
        "  @PrimaryColumn()",
        "  month!: string;",
        "  @Column()",
        "  total!: number;",
        "}",
        "",
      ].join("\n"),
    },
    // why: single-table inheritance: @ChildEntity classes own posts' extra columns
    {
      filename: join(import.meta.dirname, "fixtures", "ts-typeorm", "src/entities/post.entity.ts"),
      code: [
        'import { Column, Entity, ManyToOne, TableInheritance } from "typeorm";',
        'import { TimestampedEntity } from "./base.entity.js";',
        'import { User } from "./user.entity.js";',
        "",
        '@Entity("posts")',
        '@TableInheritance({ column: { type: "varchar", name: "legacy_code" } })',
        "export class Post extends TimestampedEntity {",
        "  @Column()",
        "  title!: string;",
        '  @Column({ type: "timestamp", nullable: true })',
        "  publishedAt!: Date | null;",
        "  @ManyToOne(() => User, (user) => user.posts, { eager: false })",
        "  author!: User;",
        "}",
        "",
      ].join("\n"),
    },
    // why: synchronize: true and no migration classes: nothing to compare with
    fixture("ts-typeorm-sync", "src/entities/post.entity.ts"),
    // why: a migration runs SQL built at run time, so what it creates is unknown
    fixture("ts-typeorm-dynamic", "src/entities/post.entity.ts"),
  ],
  invalid: [
    {
      ...fixture("ts-typeorm", "src/entities/post.entity.ts"),
      errors: [
        // why: 0001's SQL creates posts.legacy_code, which the entity no longer has
        {
          messageId: "columnNotDropped",
          data: {
            table: "posts",
            column: "legacy_code",
            model: 'entity "Post"',
            createdIn: "src/migrations/1700000100000-CreatePosts.ts",
            command: TYPEORM("DropPostsLegacyCode"),
          },
          line: 6,
          column: 14,
        },
        {
          messageId: "columnNotMigrated",
          data: { table: "posts", column: "slug", command: TYPEORM("AddPostsSlug") },
          line: 11,
          column: 3,
        },
        {
          messageId: "indexNotMigrated",
          data: { index: 'on "posts.publishedAt"', command: TYPEORM("AddIndexPublishedAt") },
          line: 15,
          column: 3,
        },
      ],
    },
    // why: TypeORM names an @Entity() without a name after the class: tag
    {
      ...fixture("ts-typeorm", "src/entities/tag.entity.ts"),
      errors: [
        {
          messageId: "tableNotMigrated",
          data: { table: "tag", model: "Tag", command: TYPEORM("CreateTag") },
          line: 4,
          column: 14,
        },
      ],
    },
    {
      ...fixture("ts-typeorm", "src/entities/post.entity.ts"),
      options: [{ checkIndexes: false, checkRemovedColumns: false }],
      errors: [{ messageId: "columnNotMigrated", line: 11, column: 3 }],
    },
    // Drizzle: compared with drizzle/meta/0001_snapshot.json, the journal's last entry
    {
      ...fixture("ts-drizzle", "src/db/schema.ts"),
      errors: [
        {
          messageId: "indexNotMigrated",
          data: {
            index: '"posts_published_idx" on "posts" (published_at)',
            command: DRIZZLE("add_index_posts_published_idx"),
          },
          line: 8,
          column: 14,
        },
        {
          messageId: "columnNotDropped",
          data: {
            table: "posts",
            column: "legacy_code",
            model: 'table "posts"',
            createdIn: "drizzle/meta/0001_snapshot.json",
            command: DRIZZLE("drop_posts_legacy_code"),
          },
          line: 8,
          column: 14,
        },
        {
          messageId: "columnNotMigrated",
          data: { table: "posts", column: "slug", command: DRIZZLE("add_posts_slug") },
          line: 13,
          column: 5,
        },
        {
          messageId: "tableNotMigrated",
          data: { table: "comments", model: "comments", command: DRIZZLE("create_comments") },
          line: 25,
          column: 14,
        },
      ],
    },
    // why: the table name is a constant from another module; the config is not at the root
    {
      ...fixture("ts-drizzle-layout", "src/users/users.model.ts"),
      errors: [
        {
          messageId: "columnNotMigrated",
          data: {
            table: "users",
            column: "display_name",
            command:
              "npx drizzle-kit generate --config infra/db/drizzle.config.ts --name add_users_display_name",
          },
          line: 7,
          column: 3,
        },
      ],
    },
  ],
});
