import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Project } from "../../src/project/project.js";
import { parsePython } from "../../src/languages/python/parser.js";
import { snakeCase, type Model } from "../../src/project/python/models.js";

const fixture = (name: string) => join(import.meta.dirname, "fixtures", name);
const index = (name: string) => new Project(fixture(name)).models();
const byName = (models: readonly Model[], name: string) => {
  const model = models.find((m) => m.className === name);
  if (!model) throw new Error(`no model ${name}`);
  return model;
};
const column = (model: Model, attr: string) => {
  const found = model.columns.find((c) => c.attr === attr);
  if (!found) throw new Error(`no column ${model.className}.${attr}`);
  return found;
};
const summary = (models: readonly Model[]) =>
  models.map((m) => `${m.file}:${m.loc.line} ${m.className} ${m.table ?? "-"} ${m.style}`);

describe("the model index: SQLAlchemy 2.0 typed models", () => {
  const models = index("models-typed").models;

  it("finds models, bases, abstract classes and mixins across files, with their tables", () => {
    expect(summary(models)).toEqual([
      "app/models/audit.py:7 AuditLog audit_log declarative",
      "app/models/base.py:10 Base - declarative",
      "app/models/base.py:17 AuditedBase - declarative",
      "app/models/manager.py:7 Manager managers declarative",
      "app/models/mixins.py:7 TimestampMixin - declarative",
      "app/models/post.py:12 Post posts declarative",
      "app/models/post.py:32 Comment comments declarative",
      "app/models/tags.py:5 post_tags post_tags table",
      "app/models/user.py:13 User users declarative",
      "app/models/user.py:24 Admin users declarative",
    ]);
  });

  it("reads names, types, nullability, keys and flags of Mapped columns", () => {
    const post = byName(models, "Post");
    expect(column(post, "title")).toMatchObject({
      name: "title_text",
      type: "String(200)",
      nullable: false,
      style: "mapped",
      optionalAnnotation: false,
      nullableExplicit: false,
      inheritedFrom: null,
      loc: { file: "app/models/post.py", line: 21, column: 4 },
    });
    // why: an annotation alone is a column typed from the annotation
    expect(column(post, "slug")).toMatchObject({ type: "str", nullable: false });
    // why: an explicit nullable= wins over the Optional annotation
    expect(column(post, "body")).toMatchObject({
      nullable: false,
      nullableExplicit: true,
      optionalAnnotation: true,
    });
    expect(column(post, "user_id")).toMatchObject({ foreignKey: "users.id", type: "int" });
    // why: ForeignKey(User.id) is resolved to the table of User
    expect(column(post, "editor_id")).toMatchObject({
      foreignKey: "users.id",
      index: true,
      nullable: true,
    });
    expect(column(post, "published_at").type).toBe("sa.DateTime(timezone=True)");
  });

  it("takes column arguments from Annotated aliases (intpk) in another module", () => {
    const post = byName(models, "Post");
    expect(column(post, "id")).toMatchObject({ primaryKey: true, nullable: false, type: "int" });
    const audited = byName(models, "AuditLog");
    expect(column(audited, "created_by")).toMatchObject({
      type: "String(50)",
      nullable: true,
      inheritedFrom: "AuditedBase",
    });
  });

  it("adds mixin and abstract-base columns to the model, marked as inherited", () => {
    const user = byName(models, "User");
    expect(
      user.columns.map((c) => `${c.name}${c.inheritedFrom ? ` (${c.inheritedFrom})` : ""}`),
    ).toEqual([
      "id",
      "email",
      "name",
      "kind",
      "created_at (TimestampMixin)",
      "updated_at (TimestampMixin)",
    ]);
    expect(column(user, "updated_at")).toMatchObject({
      nullable: true,
      loc: { file: "app/models/mixins.py", line: 9 },
    });
    expect(byName(models, "TimestampMixin").table).toBeNull();
  });

  it("reads relationships with their target and lazy strategy", () => {
    expect(byName(models, "User").relationships).toMatchObject([
      { attr: "posts", target: "Post", lazy: "selectin", loc: { line: 21 } },
    ]);
    expect(byName(models, "Post").relationships).toMatchObject([
      { attr: "author", target: "User", lazy: null },
      { attr: "comments", target: "Comment", lazy: "write_only" },
    ]);
  });

  it("maps single-table subclasses to the parent's table and joined ones to their own", () => {
    const admin = byName(models, "Admin");
    expect(admin).toMatchObject({ table: "users", parentModel: "User" });
    expect(admin.columns.map((c) => c.name)).toEqual(["level"]);
    expect(byName(models, "Manager")).toMatchObject({ table: "managers", parentModel: "User" });
  });

  it("collects indexes from __table_args__, module-level Index() and index=True with the naming convention", () => {
    expect(byName(models, "Post").indexes).toEqual([
      {
        name: "ix_posts_user_created",
        table: "posts",
        columns: ["user_id", "created_at"],
        unique: false,
      },
      { name: "uq_posts_slug", table: "posts", columns: ["slug"], unique: true },
      { name: "ix_posts_published", table: "posts", columns: ["published_at"], unique: false },
      { name: "ix_posts_editor_id", table: "posts", columns: ["editor_id"], unique: false },
    ]);
    expect(byName(models, "User").indexes).toEqual([
      { name: "ix_users_email", table: "users", columns: ["email"], unique: true },
    ]);
  });

  it("reads sa.Table objects as models of style table", () => {
    const tags = byName(models, "post_tags");
    expect(
      tags.columns.map((c) => [c.name, c.type, c.nullable, c.primaryKey, c.foreignKey]),
    ).toEqual([
      ["post_id", null, false, true, "posts.id"],
      ["tag", "sa.String(50)", false, true, null],
      ["note", "sa.Text", true, false, null],
      ["slug", "sa.String(60)", true, false, null],
    ]);
    // why: Base.metadata's naming convention names the unique constraint
    expect(tags.indexes).toEqual([
      { name: "ix_post_tags_tag", table: "post_tags", columns: ["tag"], unique: false },
      { name: "uq_post_tags_slug", table: "post_tags", columns: ["slug"], unique: true },
    ]);
  });

  it("sees __repr__ on a base class in another file", () => {
    expect(byName(models, "AuditLog").hasRepr).toBe(true);
    expect(byName(models, "TimestampMixin").hasRepr).toBe(false);
  });

  it("gives the schema of the concrete tables", () => {
    const schema = index("models-typed").schema();
    expect([...schema.keys()]).toEqual([
      "audit_log",
      "managers",
      "posts",
      "comments",
      "post_tags",
      "users",
    ]);
    expect([...schema.get("users")!.columns.keys()]).toEqual([
      "id",
      "email",
      "name",
      "kind",
      "created_at",
      "updated_at",
      "level",
    ]);
    expect(schema.get("posts")!.columns.get("title_text")).toEqual({
      name: "title_text",
      type: "String(200)",
      nullable: false,
      primaryKey: false,
      foreignKey: null,
      index: false,
      unique: false,
    });
  });

  it("lists concrete models per file, and every entry with declaredIn", () => {
    const all = index("models-typed");
    expect(all.modelsIn("app/models/base.py")).toEqual([]);
    expect(all.declaredIn("app/models/base.py").map((m) => m.className)).toEqual([
      "Base",
      "AuditedBase",
    ]);
    expect(all.modelsIn("app/models/user.py").map((m) => m.className)).toEqual(["User", "Admin"]);
  });
});

describe("the model index: legacy declarative_base() and registry models", () => {
  const models = index("models-legacy").models;

  it("finds Column() models of declarative_base(), generate_base() and @registry.mapped", () => {
    expect(summary(models)).toEqual([
      "shop/models.py:9 Customer customers legacy",
      "shop/models.py:19 OrderItem order_item legacy",
      "shop/models.py:25 Order orders legacy",
      "shop/models.py:32 ShippingLabel shipping_label legacy",
      "shop/models.py:37 Warehouse warehouses declarative",
      "shop/naming.py:10 SnakeTableMixin - legacy",
      "shop/naming.py:16 HelperTableMixin - legacy",
      "shop/naming.py:23 PluralTableMixin - legacy",
    ]);
  });

  it("defaults Column() to nullable and reads positional names, types and foreign keys", () => {
    const customer = byName(models, "Customer");
    expect(column(customer, "email")).toMatchObject({
      nullable: false,
      nullableExplicit: true,
      style: "column",
    });
    expect(column(customer, "tenant")).toMatchObject({
      name: "tenant_id",
      type: "sa.Integer",
      nullable: true,
      index: true,
    });
    const order = byName(models, "Order");
    expect(column(order, "customer_id")).toMatchObject({
      type: "Integer",
      foreignKey: "customers.id",
    });
    expect(column(byName(models, "OrderItem"), "order_id")).toMatchObject({
      type: null,
      foreignKey: "orders.id",
    });
  });

  it("reads UniqueConstraint by column keys, and unique=True as an unnamed unique index", () => {
    expect(byName(models, "Customer").indexes).toEqual([
      { name: null, table: "customers", columns: ["email", "tenant_id"], unique: true },
      { name: "ix_customers_tenant_id", table: "customers", columns: ["tenant_id"], unique: false },
    ]);
    expect(byName(models, "OrderItem").indexes).toEqual([
      { name: null, table: "order_item", columns: ["sku"], unique: true },
    ]);
  });

  it("keeps lazy= as written, '?' when not a literal", () => {
    expect(byName(models, "Order").relationships).toMatchObject([
      { attr: "customer", target: "Customer", lazy: "?" },
      { attr: "items", target: "OrderItem", lazy: null },
    ]);
    expect(byName(models, "Customer").relationships).toMatchObject([
      { attr: "orders", target: "Order", lazy: "dynamic" },
    ]);
  });

  it("has no repr where neither the class nor a project base defines one", () => {
    expect(models.every((m) => !m.hasRepr)).toBe(true);
  });
});

describe("the model index: SQLModel", () => {
  const models = index("models-sqlmodel").models;

  it("indexes table=True classes and the SQLModel bases they inherit fields from", () => {
    expect(summary(models)).toEqual([
      "heroes/models.py:7 TeamBase - sqlmodel",
      "heroes/models.py:12 Team team sqlmodel",
      "heroes/models.py:17 HeroBase - sqlmodel",
      "heroes/models.py:23 Hero heroes sqlmodel",
    ]);
  });

  it("reads Field() columns, sa_column, ClassVar and Relationship()", () => {
    const hero = byName(models, "Hero");
    expect(
      hero.columns.map((c) => [
        c.name,
        c.type,
        c.nullable,
        c.primaryKey,
        c.foreignKey,
        c.inheritedFrom,
      ]),
    ).toEqual([
      ["id", "int", false, true, null, null],
      ["team_id", "int", true, false, "team.id", null],
      ["nick", "String(30)", true, false, null, null],
      ["name", "str", false, false, null, "HeroBase"],
      ["secret_name", "str", false, false, null, "HeroBase"],
      ["age", "int", true, false, null, "HeroBase"],
    ]);
    expect(hero.relationships).toMatchObject([{ attr: "team", target: "Team", lazy: "selectin" }]);
    expect(byName(models, "Team").relationships).toMatchObject([
      { attr: "heroes", target: "Hero", lazy: null },
    ]);
    // why: pydantic gives SQLModel classes a __repr__
    expect(hero.hasRepr).toBe(true);
  });
});

describe("the model index: a file's current text", () => {
  it("reads models from an edited buffer with bases from the project", () => {
    const project = new Project(fixture("models-typed"));
    const text = [
      "from sqlalchemy import Column, Integer",
      "from app.models.base import Base",
      "from app.models.mixins import TimestampMixin",
      "",
      "class Draft(TimestampMixin, Base):",
      '    __tablename__ = "drafts"',
      "    id = Column(Integer, primary_key=True)",
      "",
    ].join("\n");
    const parsed = parsePython(text);
    if (!parsed.ok) throw new Error("parse");
    const source = { ast: parsed.ast, text, parseResults: parsed.raw, cache: new Map() };
    const [draft] = project.models().modelsOfSource("app/models/draft.py", source);
    expect(draft).toMatchObject({
      className: "Draft",
      table: "drafts",
      hasRepr: true,
      loc: { line: 5 },
    });
    expect(draft.columns.map((c) => c.name)).toEqual(["id", "created_at", "updated_at"]);
  });
});

describe("snakeCase", () => {
  it("splits words and acronyms", () => {
    expect(snakeCase("OrderItem")).toBe("order_item");
    expect(snakeCase("HTTPLog")).toBe("http_log");
    expect(snakeCase("User2Factor")).toBe("user2_factor");
  });
});
