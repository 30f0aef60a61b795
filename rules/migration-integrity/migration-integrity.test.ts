import { readFileSync } from "node:fs";
import { join } from "node:path";
import rule from "./migration-integrity.js";
import { pythonRuleTester } from "../../test/rule-tester.js";

const fixtures = join(import.meta.dirname, "fixtures");
const file = (project: string, rel: string) => join(fixtures, project, rel);
const revision = (project: string, name: string) => file(project, `alembic/versions/${name}`);
const onDisk = (project: string, name: string) => readFileSync(revision(project, name), "utf8");

/** A new revision file of the blog project (not on disk), revising its head. */
const newBlogRevision = (downgrade: string) =>
  [
    "import sqlalchemy as sa",
    "from alembic import op",
    "",
    'revision = "b6e0d1c4a873"',
    'down_revision = "7f2d5b8a0c64"',
    "",
    "",
    "def upgrade() -> None:",
    '    op.add_column("posts", sa.Column("views", sa.Integer(), nullable=True))',
    "",
    "",
    "def downgrade() -> None:",
    downgrade,
    "",
  ].join("\n");

pythonRuleTester().run("migration-integrity", rule, {
  valid: [
    // The blog history: linear, one merge, one labelled branch of its own.
    {
      filename: revision("blog", "0001_create_users.py"),
      code: onDisk("blog", "0001_create_users.py"),
    },
    {
      filename: revision("blog", "0002_create_posts.py"),
      code: onDisk("blog", "0002_create_posts.py"),
    },
    // why: a merge revision changes nothing, so its empty downgrade undoes all there is
    {
      filename: revision("blog", "0006_merge_slug_and_summary.py"),
      code: onDisk("blog", "0006_merge_slug_and_summary.py"),
    },
    // why: a second head on its own `branch_labels` branch is Alembic's intended multi-branch setup
    {
      filename: revision("blog", "0007_search_base.py"),
      code: onDisk("blog", "0007_search_base.py"),
    },
    // why: of two heads, the one with the most ancestors (ties: the smaller id) is the main line
    {
      filename: revision("forked", "0002_invoices_due_date.py"),
      code: onDisk("forked", "0002_invoices_due_date.py"),
    },
    // why: an explicit raise says the migration is irreversible on purpose
    {
      filename: revision("blog", "0008_posts_views.py"),
      code: newBlogRevision('    raise NotImplementedError("views cannot be restored")'),
    },
    // why: a comment saying why nothing can be undone marks the migration irreversible on purpose
    {
      filename: revision("blog", "0008_posts_views.py"),
      code: newBlogRevision(
        "    # Views are counted again from the access logs; nothing to undo.\n    pass",
      ),
    },
    // why: so does a docstring (Alembic's templates never put one in downgrade())
    {
      filename: revision("broken", "0004_tags_name_index.py"),
      code: onDisk("broken", "0004_tags_name_index.py").replace(
        "    pass\n",
        '    """Data only: nothing to undo."""\n',
      ),
    },
    {
      filename: revision("broken", "0002_tags_color.py"),
      code: onDisk("broken", "0002_tags_color.py"),
      options: [{ allowEmptyDowngrade: true }],
    },
    // why: env.py sits beside versions/ but is not a revision
    { filename: file("blog", "alembic/env.py"), code: onDisk("blog", "../env.py") },
    // why: outside the versions directory a module named like a migration is not one
    {
      filename: file("blog", "app/services/cleanup.py"),
      code: 'revision = "x1"\n\n\ndef upgrade():\n    op.drop_table("posts")\n\n\ndef downgrade():\n    pass\n',
    },
  ],
  invalid: [
    {
      filename: revision("broken", "0001_create_tags.py"),
      code: onDisk("broken", "0001_create_tags.py"),
      errors: [
        {
          messageId: "danglingDownRevision",
          data: { revision: "c5e81f0a2b47", missing: '"0f9d3b6a1e28"' },
          line: 6,
          column: 1,
        },
        { messageId: "emptyDowngrade", data: { revision: "c5e81f0a2b47" }, line: 17, column: 5 },
      ],
    },
    {
      filename: revision("broken", "0002_tags_color.py"),
      code: onDisk("broken", "0002_tags_color.py"),
      errors: [{ messageId: "missingDowngrade", line: 5, column: 1 }],
    },
    // why: the first file by path keeps the id; the copy is reported
    {
      filename: revision("broken", "0003_tags_slug.py"),
      code: onDisk("broken", "0003_tags_slug.py"),
      errors: [
        {
          messageId: "duplicateRevision",
          data: { revision: "d2a7c94e6f13", other: "alembic/versions/0002_tags_color.py" },
          line: 5,
          column: 1,
        },
      ],
    },
    {
      filename: revision("broken", "0004_tags_name_index.py"),
      code: onDisk("broken", "0004_tags_name_index.py"),
      errors: [{ messageId: "emptyDowngrade", line: 12, column: 5 }],
    },
    // why: strictly, a docstring undoes nothing either
    {
      filename: revision("broken", "0004_tags_name_index.py"),
      code: onDisk("broken", "0004_tags_name_index.py").replace(
        "    pass\n",
        '    """Data only: nothing to undo."""\n',
      ),
      options: [{ strictDowngrade: true }],
      errors: [{ messageId: "emptyDowngrade", line: 12, column: 5 }],
    },
    {
      filename: revision("forked", "0003_invoices_currency.py"),
      code: onDisk("forked", "0003_invoices_currency.py"),
      errors: [
        {
          messageId: "multipleHeads",
          data: {
            revision: "a4d92e7b1c60",
            count: "2",
            heads: '"6c0f3a8e5d21", "a4d92e7b1c60"',
            command: 'alembic merge heads -m "merge heads"',
          },
          line: 5,
          column: 1,
        },
      ],
    },
    // why: without the branch reading, the search branch's head is a second head too
    {
      filename: revision("blog", "0007_search_base.py"),
      code: onDisk("blog", "0007_search_base.py"),
      options: [{ allowLabeledBranches: false }],
      errors: [
        {
          messageId: "multipleHeads",
          data: {
            revision: "e31a6c0d9f27",
            count: "2",
            heads: '"7f2d5b8a0c64", "e31a6c0d9f27"',
            command: 'alembic merge heads -m "merge heads"',
          },
          line: 9,
          column: 1,
        },
      ],
    },
    // why: a file being written (not on disk yet) is checked as the editor has it
    {
      filename: revision("blog", "0008_posts_views.py"),
      code: newBlogRevision("    pass"),
      errors: [{ messageId: "emptyDowngrade", line: 12, column: 5 }],
    },
    {
      filename: revision("blog", "0008_posts_views.py"),
      code: newBlogRevision("    ..."),
      errors: [{ messageId: "emptyDowngrade", line: 12, column: 5 }],
    },
    // why: autogenerate's own markers around `pass` explain nothing
    {
      filename: revision("blog", "0008_posts_views.py"),
      code: newBlogRevision(
        "    # ### commands auto generated by Alembic - please adjust! ###\n    pass\n    # ### end Alembic commands ###",
      ),
      errors: [{ messageId: "emptyDowngrade", line: 12, column: 5 }],
    },
    {
      filename: revision("blog", "0008_posts_views.py"),
      code: newBlogRevision(
        "    # Views are counted again from the access logs; nothing to undo.\n    pass",
      ),
      options: [{ strictDowngrade: true }],
      errors: [{ messageId: "emptyDowngrade", line: 12, column: 5 }],
    },
    // why: annotated headers (Alembic 1.13 templates) are read the same way
    {
      filename: revision("blog", "0008_posts_views.py"),
      code: [
        "from typing import Union",
        "",
        "from alembic import op",
        "",
        'revision: str = "b6e0d1c4a873"',
        'down_revision: Union[str, None] = "7f2d5b8a0c46"',
        "",
        "",
        "def upgrade() -> None:",
        '    op.drop_column("posts", "summary")',
        "",
        "",
        "def downgrade() -> None:",
        '    op.add_column("posts", sa.Column("summary", sa.Text(), nullable=True))',
        "",
      ].join("\n"),
      errors: [
        {
          messageId: "danglingDownRevision",
          data: { revision: "b6e0d1c4a873", missing: '"7f2d5b8a0c46"' },
          line: 6,
          column: 1,
        },
      ],
    },
    // why: one of a merge's parents missing is reported, the present one is not
    {
      filename: revision("blog", "0008_posts_views.py"),
      code: 'revision = "b6e0d1c4a873"\ndown_revision = ("7f2d5b8a0c64", "deadbeef0000")\n\n\ndef upgrade():\n    pass\n',
      errors: [
        {
          messageId: "danglingDownRevision",
          data: { revision: "b6e0d1c4a873", missing: '"deadbeef0000"' },
          line: 2,
          column: 1,
        },
      ],
    },
  ],
});
