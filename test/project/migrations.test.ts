import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { Project } from "../../src/project/project.js";
import { headGroups, loadMigrationHistory, parseIni } from "../../src/project/python/migrations.js";

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const history = (name: string) => new Project(fixture(name)).migrations();

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A throwaway project: `files` maps relative paths to contents. */
function project(files: Record<string, string>): Project {
  const dir = mkdtempSync(join(tmpdir(), "layerlint-migrations-"));
  made.push(dir);
  writeFileSync(join(dir, "pyproject.toml"), '[project]\nname = "tmp"\n');
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return new Project(dir);
}

/** A revision file's text: header, then `upgrade()` with the given body lines. */
function rev(id: string, down: string, upgrade: string[], extra = ""): string {
  return [
    "import sqlalchemy as sa",
    "from alembic import op",
    "",
    `revision = "${id}"`,
    `down_revision = ${down}`,
    extra,
    "",
    "def upgrade():",
    ...(upgrade.length > 0 ? upgrade.map((line) => `    ${line}`) : ["    pass"]),
    "",
    "",
    "def downgrade():",
    "    pass",
    "",
  ].join("\n");
}

const columnsOf = (h: ReturnType<typeof history>, table: string) => [
  ...(h.schema.get(table)?.columns.keys() ?? []),
];

describe("the versions directories", () => {
  it("come from alembic.ini's script_location, relative to the ini", () => {
    expect(history("alembic-linear").versionDirs).toEqual(["alembic/versions"]);
  });

  it("come from an alembic.ini one directory down, with %(here)s", () => {
    const h = history("alembic-graph");
    expect(h.versionDirs).toEqual(["backend/db/migrations/versions"]);
    expect(h.environments.get("backend/db/migrations/versions")).toBe("backend/db/migrations");
  });

  it("resolve package:path through the module index, and read every section with a script_location", () => {
    const h = history("alembic-package");
    expect(h.versionDirs).toEqual(["src/shop/migrations/versions", "analytics_db/versions"]);
    expect(h.environments.get("analytics_db/versions")).toBe("analytics_db");
  });

  it("are found by convention, without an ini or env.py", () => {
    const h = project({
      "migrations/versions/001_a.py": rev("001", "None", ['op.create_table("a")']),
    }).migrations();
    expect(h.versionDirs).toEqual(["migrations/versions"]);
    expect([...h.schema.keys()]).toEqual(["a"]);
  });

  it("come from [tool.alembic] in pyproject.toml and from version_locations", () => {
    const h = project({
      "alembic.ini": [
        "[alembic]",
        "script_location = db",
        "version_path_separator = os",
        "version_locations = %(here)s/db/core:%(here)s/db/billing",
      ].join("\n"),
      "db/env.py": "",
      "db/core/1_core.py": rev("c1", "None", ['op.create_table("core")']),
      "db/billing/1_billing.py": rev("b1", "None", ['op.create_table("billing")']),
      "svc/pyproject.toml": '[tool.alembic]\nscript_location = "%(here)s/schema"\n',
      "svc/schema/env.py": "",
      "svc/schema/versions/1_svc.py": rev("s1", "None", ['op.create_table("svc")']),
    }).migrations();
    expect(h.versionDirs).toEqual(["db/core", "db/billing", "svc/schema/versions"]);
    // why: version_locations of one section are one history, whose bases are two heads
    expect(headGroups(h, false).map((g) => [g.environment, g.heads])).toEqual([
      ["db", ["b1", "c1"]],
      ["svc/schema", ["s1"]],
    ]);
  });

  it("are empty for a project without Alembic", () => {
    const h = project({ "app/main.py": "print('hi')\n" }).migrations();
    expect(h.versionDirs).toEqual([]);
    expect(h.revisions).toEqual([]);
    expect(h.schema.size).toBe(0);
  });
});

describe("parseIni", () => {
  it("reads sections, both separators, continuation lines and comments", () => {
    const ini = parseIni("[alembic]\n# c\nScript_Location: a\nversion_locations = x\n  y\n; z\n");
    expect([...ini.get("alembic")!]).toEqual([
      ["script_location", "a"],
      ["version_locations", "x\ny"],
    ]);
  });
});

describe("revision headers", () => {
  it("read plain and annotated forms", () => {
    const [first, second] = history("alembic-linear").revisions;
    expect(first).toMatchObject({
      file: "alembic/versions/20240101_0001_create_users.py",
      environment: "alembic",
      id: "0001",
      down: [],
      branchLabels: [],
      dependsOn: [],
      emptyDowngrade: false,
    });
    expect(first.revisionLoc).toMatchObject({ line: 13, column: 0, endLine: 13, endColumn: 22 });
    expect(first.downLoc?.line).toBe(14);
    expect(first.downgradeLoc).toMatchObject({ line: 30, column: 4, endColumn: 13 });
    expect(second).toMatchObject({ id: "0002", down: ["0001"] });
  });

  it("read a merge's tuple, branch_labels and depends_on", () => {
    const h = project({
      "alembic/versions/m.py": rev(
        "m1",
        '["a1", "b1"]',
        [],
        'branch_labels = ("feature",)\ndepends_on = "c1"',
      ),
    }).migrations();
    expect(h.revisions[0]).toMatchObject({
      down: ["a1", "b1"],
      branchLabels: ["feature"],
      dependsOn: ["c1"],
    });
  });

  it("mark a missing or empty downgrade, and not one that raises", () => {
    const h = project({
      "alembic/versions/a.py":
        'revision = "a"\ndown_revision = None\n\ndef upgrade():\n    op.drop_table("x")\n',
      "alembic/versions/b.py":
        'revision = "b"\ndown_revision = "a"\n\ndef upgrade():\n    pass\n\ndef downgrade():\n    """Nothing."""\n    ...\n',
      "alembic/versions/c.py":
        'revision = "c"\ndown_revision = "b"\n\ndef upgrade():\n    pass\n\ndef downgrade():\n    raise NotImplementedError()\n',
    }).migrations();
    expect(h.revisions.map((r) => [r.id, r.downgradeLoc?.line ?? null, r.emptyDowngrade])).toEqual([
      ["a", null, true],
      ["b", 7, true],
      ["c", 7, false],
    ]);
  });
});

describe("the revision graph", () => {
  it("replays a merge after both parents, duplicates included, ties by file name", () => {
    const h = history("alembic-graph");
    expect(h.order.map((f) => f.slice(f.lastIndexOf("/") + 1))).toEqual([
      "a1_create_orders.py",
      "b2_order_status.py",
      "c3_order_total.py",
      "e5_reports_base.py",
      "f6_refunds.py",
      "g7_order_notes.py",
      "d4_merge_status_total.py",
    ]);
    // why: the merge's index needs a column from each parent
    expect(h.schema.get("orders")?.indexes).toEqual([
      {
        name: "ix_orders_status_total",
        table: "orders",
        columns: ["status", "total_cents"],
        unique: false,
      },
    ]);
  });

  it("lists heads, and groups them by branch label", () => {
    const h = history("alembic-graph");
    expect(h.heads).toEqual(["d4", "e5", "f6"]);
    expect(h.revisions.filter((r) => r.id === "c3").length).toBe(2);
    expect(headGroups(h, true)).toEqual([
      { environment: "backend/db/migrations", label: null, main: "d4", heads: ["d4", "f6"] },
      { environment: "backend/db/migrations", label: "reports", main: "e5", heads: ["e5"] },
    ]);
    expect(headGroups(h, false)).toEqual([
      { environment: "backend/db/migrations", label: null, main: "d4", heads: ["d4", "e5", "f6"] },
    ]);
  });

  it("replays a revision with a dangling down_revision as a base, with a note", () => {
    const h = history("alembic-graph");
    expect(h.schema.has("refunds")).toBe(true);
    expect(h.notes).toContainEqual({
      file: "backend/db/migrations/versions/f6_refunds.py",
      line: 6,
      message: 'down_revision "9f0c2d7e1b3a" names no revision; replayed as a base',
    });
  });

  it("keeps separate databases' histories apart", () => {
    const h = history("alembic-package");
    expect(headGroups(h, true).map((g) => [g.environment, g.heads])).toEqual([
      ["analytics_db", ["7a2b"]],
      ["src/shop/migrations", ["3c1f"]],
    ]);
  });

  it("survives a cycle: replays what it can order and notes the rest", () => {
    const h = project({
      "alembic/versions/1.py": rev("r1", "None", ['op.create_table("base")']),
      "alembic/versions/2.py": rev("r2", '"r3"', ['op.create_table("two")']),
      "alembic/versions/3.py": rev("r3", '"r2"', ['op.create_table("three")']),
      "alembic/versions/4.py": rev("r4", '"r4"', ['op.create_table("self")']),
    }).migrations();
    expect(h.order).toEqual(["alembic/versions/1.py"]);
    expect([...h.schema.keys()]).toEqual(["base"]);
    expect(h.heads).toEqual(["r1"]);
    expect(h.notes.filter((n) => n.message.includes("cycle")).map((n) => n.file)).toEqual([
      "alembic/versions/2.py",
      "alembic/versions/3.py",
      "alembic/versions/4.py",
    ]);
  });
});

describe("replaying upgrade()", () => {
  it("follows a linear history: batch blocks, renames, op.f names, an index only in a migration", () => {
    const h = history("alembic-linear");
    expect([...h.schema.keys()]).toEqual(["posts", "accounts"]);
    expect(columnsOf(h, "posts")).toEqual(["id", "title", "content", "user_id", "slug"]);
    const posts = h.schema.get("posts")!;
    expect(posts.columns.get("title")).toEqual({
      name: "title",
      type: "sa.String(length=300)",
      nullable: false,
      primaryKey: false,
      foreignKey: null,
      index: false,
      unique: false,
    });
    expect(posts.columns.get("id")).toMatchObject({ primaryKey: true, nullable: false });
    // why: the users -> accounts rename moves the foreign key's target too
    expect(posts.columns.get("user_id")?.foreignKey).toBe("accounts.id");
    expect(posts.columns.get("slug")).toMatchObject({ unique: true, nullable: true });
    expect(posts.indexes).toEqual([
      { name: "ix_posts_user_id", table: "posts", columns: ["user_id"], unique: false },
      { name: "uq_posts_slug", table: "posts", columns: ["slug"], unique: true },
    ]);
    expect(h.schema.get("accounts")?.indexes).toEqual([
      { name: "ix_accounts_email", table: "accounts", columns: ["email"], unique: true },
    ]);
    expect(h.schema.get("accounts")?.columns.get("id")).toMatchObject({ primaryKey: true });
  });

  it("records where each table and column was created, across renames", () => {
    const h = history("alembic-linear");
    expect(h.createdIn.get("accounts")).toBe("alembic/versions/20240101_0001_create_users.py");
    expect(h.createdIn.get("accounts.email")).toBe(
      "alembic/versions/20240101_0001_create_users.py",
    );
    expect(h.createdIn.get("posts.content")).toBe("alembic/versions/20240102_0002_create_posts.py");
    expect(h.createdIn.get("posts.slug")).toBe("alembic/versions/20240103_0003_posts_slug.py");
    expect(h.createdIn.has("users")).toBe(false);
    expect(h.createdIn.has("posts.body")).toBe(false);
    expect(h.createdIn.has("posts.legacy_flag")).toBe(false);
  });

  it("notes what it skips: SQL, data, the connection, conditions", () => {
    expect(history("alembic-linear").notes).toEqual([
      {
        file: "alembic/versions/20240103_0003_posts_slug.py",
        line: 23,
        message: "op.execute (SQL not replayed)",
      },
    ]);
    const messages = history("alembic-graph").notes.map((n) => `${n.line} ${n.message}`);
    expect(messages).toContain("11 op.get_bind skipped (no table, column or index change)");
    expect(messages).toContain("12 if: every branch replayed, conditions not evaluated");
    expect(messages).toContain("13 op.execute (SQL not replayed)");
    expect(messages).toContain("17 op.bulk_insert (data not replayed)");
  });

  it("follows helpers of the same file, constants, plain imported names and Index()", () => {
    const products = history("alembic-package").schema.get("products")!;
    expect(
      [...products.columns.values()].map((c) => [c.name, c.type, c.nullable, c.unique]),
    ).toEqual([
      ["id", "Integer", false, false],
      ["sku", "String(32)", false, true],
      ["price", "Numeric(10, 2)", false, false],
    ]);
    expect(products.indexes).toEqual([
      { name: null, table: "products", columns: ["sku"], unique: true },
      { name: "ix_products_price", table: "products", columns: ["price"], unique: false },
    ]);
  });

  it("sets a foreign key from create_foreign_key, and index=True as an unnamed index", () => {
    const views = history("alembic-package").schema.get("page_views")!;
    expect(views.columns.get("product_id")).toMatchObject({
      foreignKey: "products.id",
      index: true,
    });
    expect(views.indexes).toEqual([
      { name: null, table: "page_views", columns: ["product_id"], unique: false },
    ]);
  });

  it("reads keyword forms, batch tables by keyword, constraints and an op alias", () => {
    const h = project({
      "alembic/versions/1.py": [
        "import sqlalchemy",
        "from alembic import op as alembic_op",
        "",
        'revision = "k1"',
        "down_revision = None",
        "",
        "def upgrade():",
        "    alembic_op.create_table(",
        '        "users",',
        '        sqlalchemy.Column("id", sqlalchemy.Integer()),',
        '        sqlalchemy.Column(name="email", type_=sqlalchemy.String(80)),',
        '        sqlalchemy.UniqueConstraint("email", name="uq_users_email"),',
        "    )",
        '    alembic_op.create_primary_key("pk_users", "users", ["id"])',
        '    alembic_op.create_table("teams", sqlalchemy.Column("id", sqlalchemy.Integer(), primary_key=True))',
        '    alembic_op.add_column("users", sqlalchemy.Column("team_id", sqlalchemy.Integer()))',
        '    alembic_op.create_foreign_key("fk_users_team", "users", "teams", ["team_id"], ["id"])',
        '    alembic_op.create_index(index_name="ix_users_team", table_name="users", columns=["team_id"])',
        '    with alembic_op.batch_alter_table(table_name="users") as b:',
        '        b.create_index("ix_users_lower_email", [sqlalchemy.text("lower(email)")], unique=True)',
        '        b.drop_constraint("uq_users_email", type_="unique")',
        '    alembic_op.drop_constraint("fk_users_team", "users", type_="foreignkey")',
        '    alembic_op.drop_index("ix_users_team")',
        "",
      ].join("\n"),
    }).migrations();
    const users = h.schema.get("users")!;
    expect(users.columns.get("id")).toMatchObject({ primaryKey: true, nullable: false });
    expect(users.columns.get("email")).toMatchObject({
      type: "sqlalchemy.String(80)",
      unique: false,
    });
    expect(users.columns.get("team_id")?.foreignKey).toBe(null);
    expect(users.indexes).toEqual([
      {
        name: "ix_users_lower_email",
        table: "users",
        columns: ['sqlalchemy.text("lower(email)")'],
        unique: true,
      },
    ]);
    expect(h.notes).toEqual([]);
  });

  it("never crashes: unknown ops, unknown tables, non-literal names and broken files become notes", () => {
    const h = project({
      "alembic/versions/__init__.py": "",
      "alembic/versions/helpers.py": "def now():\n    return 1\n",
      "alembic/versions/1.py": rev("u1", "None", [
        'op.alter_column("legacy", "name", nullable=False, new_column_name="title")',
        'op.create_check_constraint("ck_positive", "legacy", "n > 0")',
        "op.create_table(table_name_from_settings(), sa.Column('id', sa.Integer()))",
        "for name in ['a', 'b']:",
        "    op.add_column('legacy', sa.Column(name, sa.Integer()))",
        "try:",
        '    op.drop_index("ix_missing")',
        "except Exception:",
        '    op.create_table("fallback")',
        "seed_data()",
        "op.frobnicate('x')",
      ]),
      "alembic/versions/2.py": "revision = 'u2'\ndown_revision = 'u1'\ndef upgrade(:\n",
    }).migrations();
    expect(h.revisions.map((r) => r.id)).toEqual(["u1", "u2"]);
    expect(h.assumedTables).toEqual(new Set(["legacy"]));
    expect(columnsOf(h, "legacy")).toEqual(["title"]);
    expect(h.schema.get("legacy")?.columns.get("title")?.nullable).toBe(false);
    expect(h.schema.has("fallback")).toBe(false);
    expect(h.notes.map((n) => `${n.file.slice(-4)}:${n.line} ${n.message}`)).toEqual([
      '1.py:9 table "legacy" is changed before any replayed migration creates it; assumed to exist',
      '1.py:9 column "legacy.name" is changed before any replayed migration creates it; assumed to exist',
      "1.py:10 op.create_check_constraint skipped (no table, column or index change)",
      "1.py:11 statement not replayed (op.create_table: the table name is not a literal)",
      "1.py:12 for loop: every branch replayed, conditions not evaluated",
      "1.py:13 statement not replayed (op.add_column: the column is not a Column(...) call)",
      '1.py:15 index "ix_missing" to drop not found',
      "1.py:14 except blocks not replayed",
      "1.py:18 call not replayed: seed_data()",
      "1.py:19 unknown op: op.frobnicate",
    ]);
  });

  it("works through a host with only the required members (parsedModule, no module index)", () => {
    const p = project({
      "alembic.ini": "[alembic]\nscript_location = pkg:migrations\n",
      "pkg/migrations/env.py": "",
      "pkg/migrations/versions/1.py": rev("h1", "None", ['op.create_table("t")']),
    });
    const h = loadMigrationHistory({
      root: p.root,
      pythonFiles: p.files.python,
      readText: (file) =>
        existsSync(join(p.root, file)) ? readFileSync(join(p.root, file), "utf8") : null,
      parsedModule: (file) => p.parsedModule(file),
      alembicDirs: () => new Set(),
    });
    // why: without a module index, a package is looked up as a directory beside the ini
    expect(h.versionDirs).toEqual(["pkg/migrations/versions"]);
    expect([...h.schema.keys()]).toEqual(["t"]);
  });

  it("replays index and rename DDL in op.execute, and notes the rest of the SQL", () => {
    const h = project({
      "alembic/versions/1.py": rev("s1", "None", [
        'op.create_table("block_data", sa.Column("id", sa.Integer()), sa.Column("name", sa.Text()))',
        'op.execute("ALTER TABLE block_data RENAME TO block")',
        "op.execute(sa.text('ALTER TABLE \"block\" RENAME COLUMN name TO title'))",
        'op.execute("""',
        "    CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ix_block_title",
        "    ON public.block USING btree (title, lower(title) DESC) WHERE id > 0;",
        "    -- a comment; and a statement the replay does not know",
        "    UPDATE block SET title = 'x';",
        '""")',
        'op.execute("CREATE INDEX ix_block_id ON block (id); ALTER INDEX ix_block_id RENAME TO ix_block_pk")',
        'op.execute("DROP INDEX IF EXISTS ix_never_made")',
      ]),
    }).migrations();
    expect([...h.schema.keys()]).toEqual(["block"]);
    expect(columnsOf(h, "block")).toEqual(["id", "title"]);
    expect(h.schema.get("block")?.indexes).toEqual([
      {
        name: "ix_block_title",
        table: "block",
        columns: ["title", "lower(title) DESC"],
        unique: true,
      },
      { name: "ix_block_pk", table: "block", columns: ["id"], unique: false },
    ]);
    expect(h.createdIn.get("block.title")).toBe("alembic/versions/1.py");
    expect(h.notes.map((n) => `${n.line} ${n.message}`)).toEqual([
      "12 op.execute (SQL not replayed)",
    ]);
  });

  it("drops a foreign key named by a naming convention, and an index with if_exists quietly", () => {
    const h = project({
      "alembic/versions/1.py": rev("f1", "None", [
        'op.create_table("users", sa.Column("id", sa.Integer(), primary_key=True))',
        'op.create_table("posts", sa.Column("author_id", sa.Integer(), sa.ForeignKey("users.id")))',
        'op.drop_constraint("fk_posts__author_id__users", "posts", type_="foreignkey")',
        'op.drop_index("ix_gone", table_name="posts", if_exists=True)',
      ]),
    }).migrations();
    expect(h.schema.get("posts")?.columns.get("author_id")?.foreignKey).toBe(null);
    expect(h.notes).toEqual([]);
  });

  it("splits a versions directory into per-dialect histories that never name each other", () => {
    const h = project({
      "alembic.ini": "[alembic]\nscript_location = app:db:migrations\n",
      "app/__init__.py": "",
      "app/db/migrations/env.py": "",
      "app/db/migrations/versions/postgresql/1.py": rev("p1", "None", ['op.create_table("t")']),
      "app/db/migrations/versions/postgresql/2.py": rev("p2", '"p1"', []),
      "app/db/migrations/versions/sqlite/1.py": rev("q1", "None", ['op.create_table("t")']),
      "other/versions/2023/1.py": rev("y1", "None", []),
      "other/env.py": "",
      "other/versions/2024/1.py": rev("y2", '"y1"', []),
    }).migrations();
    expect(h.versionDirs).toEqual(["app/db/migrations/versions", "other/versions"]);
    expect(h.revisions.map((r) => [r.id, r.environment])).toEqual([
      ["p1", "app/db/migrations/versions/postgresql"],
      ["p2", "app/db/migrations/versions/postgresql"],
      ["q1", "app/db/migrations/versions/sqlite"],
      ["y1", "other"],
      ["y2", "other"],
    ]);
    expect(headGroups(h, true).map((g) => g.heads)).toEqual([["p2"], ["q1"], ["y2"]]);
  });

  it("replays each environment into its own schema; the union keeps what any of them creates", () => {
    const h = project({
      "alembic/env.py": "",
      "alembic/versions/postgresql/1.py": rev("p1", "None", [
        'op.create_table("events", sa.Column("id", sa.Integer()), sa.Column("related", sa.JSON()))',
        'op.create_index("ix_events__related_gin", "events", ["related"], postgresql_using="gin")',
      ]),
      // why: replayed into the same schema, this re-creation would drop the GIN index above
      "alembic/versions/sqlite/1.py": rev("q1", "None", [
        'op.create_table("events", sa.Column("id", sa.Integer()), sa.Column("related", sa.JSON()))',
      ]),
    }).migrations();
    expect([...h.schemas.keys()]).toEqual([
      "alembic/versions/postgresql",
      "alembic/versions/sqlite",
    ]);
    expect(h.schemas.get("alembic/versions/sqlite")?.get("events")?.indexes).toEqual([]);
    expect(h.schema.get("events")?.indexes.map((i) => i.name)).toEqual(["ix_events__related_gin"]);
    expect([...(h.schema.get("events")?.columns.keys() ?? [])]).toEqual(["id", "related"]);
  });
});
