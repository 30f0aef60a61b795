import { readFileSync } from "node:fs";
import { join } from "node:path";
import rule from "./relationship-loading.js";
import { pythonRuleTester, typescriptRuleTester } from "../../test/rule-tester.js";

// async-blog imports sqlalchemy.ext.asyncio (app/db.py); sync-shop uses a plain Session.
const asyncRoot = join(import.meta.dirname, "fixtures", "async-blog");
const syncRoot = join(import.meta.dirname, "fixtures", "sync-shop");
const asyncFile = (rel: string) => join(asyncRoot, rel);
const syncFile = (rel: string) => join(syncRoot, rel);
const onDisk = (path: string) => readFileSync(path, "utf8");
const py = (...lines: string[]) => lines.join("\n") + "\n";

const asyncModel = asyncFile("app/models/post.py");
const syncModel = syncFile("app/models/order.py");
const ORM = "from sqlalchemy.orm import Mapped, backref, relationship";
const ASYNC_CHOICES = '"selectin" or "joined" for async code, "raise" to forbid implicit loads';
const SYNC_CHOICES =
  '"select" (the default), "selectin" or "joined" to load with the query, "raise" to forbid implicit loads';
const LOADS_ON_ACCESS = "loads on first attribute access";

pythonRuleTester().run("relationship-loading", rule, {
  valid: [
    // The fixture projects choose a strategy for every relationship.
    ...[
      asyncFile("app/models/post.py"),
      asyncFile("app/models/user.py"),
      asyncFile("tests/test_models.py"),
      syncFile("app/models/order.py"),
    ].map((filename) => ({ filename, code: onDisk(filename) })),
    // why: a local helper that happens to be called relationship is not SQLAlchemy's
    {
      filename: asyncModel,
      code: py(
        "from sqlalchemy.orm import Mapped",
        "",
        "",
        "def relationship(*targets: str) -> list[str]:",
        "    return list(targets)",
        "",
        "",
        "class Post(Base):",
        '    related = relationship("Tag", "Comment")',
      ),
    },
    // why: another library's relationship() (a graph mapper) has no lazy loading
    {
      filename: asyncModel,
      code: py(
        "from sqlalchemy.orm import Mapped",
        "from app.graph import relationship",
        "",
        "",
        "class Post(Base):",
        '    author = relationship("User")',
      ),
    },
    {
      filename: asyncModel,
      code: py(
        ORM,
        "",
        "",
        "class Post(Base):",
        '    author: Mapped["User"] = relationship(lazy="selectin")',
        '    comments: Mapped[list["Comment"]] = relationship(lazy="raise")',
        '    likes: Mapped[list["Like"]] = relationship(lazy="write_only")',
        '    drafts: Mapped[list["Draft"]] = relationship(lazy="noload", viewonly=True)',
        "    editor: Mapped[\"User\"] = relationship(lazy='joined')",
        // why: False is the legacy spelling of "joined"
        '    reviewer: Mapped["User"] = relationship(lazy=False)',
      ),
    },
    // why: a strategy held in a variable or passed through **kwargs cannot be judged
    {
      filename: asyncModel,
      code: py(
        ORM,
        "",
        'LOADING = "select"',
        'COMMON = {"lazy": "selectin"}',
        "",
        "",
        "class Post(Base):",
        '    author: Mapped["User"] = relationship(lazy=LOADING)',
        '    tags: Mapped[list["Tag"]] = relationship(**COMMON)',
      ),
    },
    {
      filename: asyncModel,
      code: py(
        "from sqlalchemy.orm import relationship as rel",
        "",
        "",
        "class Post(Base):",
        '    author = rel("User", lazy="joined")',
      ),
    },
    {
      filename: asyncModel,
      code: py(
        ORM,
        "",
        "",
        "class Post(Base):",
        '    tags = relationship("Tag", lazy="selectin", backref=backref("posts", lazy="raise"))',
      ),
    },
    {
      filename: asyncModel,
      code: py(
        "from sqlmodel import Field, Relationship, SQLModel",
        "from sqlalchemy.orm import relationship",
        "",
        "",
        "class Team(SQLModel, table=True):",
        "    id: int | None = Field(default=None, primary_key=True)",
        '    heroes: list["Hero"] = Relationship(sa_relationship_kwargs={"lazy": "selectin"})',
        '    members: list["Hero"] = Relationship(sa_relationship_kwargs=dict(lazy="joined"))',
        '    leader: "Hero" = Relationship(sa_relationship=relationship("Hero", lazy=\'joined\'))',
      ),
    },
    // why: in a sync codebase "select" and "dynamic" load fine on attribute access
    {
      filename: syncModel,
      code: py(
        ORM,
        "",
        "",
        "class Order(Base):",
        '    customer: Mapped["Customer"] = relationship(lazy="select")',
        '    lines = relationship("OrderLine", lazy="dynamic")',
        '    notes = relationship("Note", lazy=True)',
      ),
    },
    // why: migrations are history; their throwaway models are not the app's models
    {
      filename: asyncFile("alembic/versions/0001_backfill_authors.py"),
      code: onDisk(asyncFile("alembic/versions/0001_backfill_authors.py")),
    },
    {
      filename: asyncModel,
      code: py(ORM, "", "", "class Post(Base):", '    author: Mapped["User"] = relationship()'),
      options: [{ requireExplicitLazy: false }],
    },
  ],
  invalid: [
    {
      filename: asyncModel,
      code: py(
        ORM,
        "",
        "",
        "class Post(Base):",
        '    author: Mapped["User"] = relationship(back_populates="posts")',
      ),
      errors: [
        {
          messageId: "missingLazy",
          data: { name: "Post.author", where: "", choices: ASYNC_CHOICES },
          line: 5,
          column: 30,
        },
      ],
    },
    {
      filename: syncModel,
      code: py(
        ORM,
        "",
        "",
        "class Order(Base):",
        '    customer: Mapped["Customer"] = relationship(back_populates="orders")',
      ),
      errors: [
        {
          messageId: "missingLazy",
          data: { name: "Order.customer", where: "", choices: SYNC_CHOICES },
          line: 5,
          column: 36,
        },
      ],
    },
    {
      filename: asyncModel,
      code: py(
        ORM,
        "",
        "",
        "class Post(Base):",
        '    author: Mapped["User"] = relationship(back_populates="posts", lazy="select")',
        '    editor: Mapped["User"] = relationship(lazy=True)',
        '    likes: Mapped[list["Like"]] = relationship(lazy="dynamic")',
      ),
      errors: [
        {
          messageId: "selectInAsync",
          data: { name: "Post.author", lazy: '"select"', how: LOADS_ON_ACCESS },
          line: 5,
          column: 67,
        },
        {
          messageId: "selectInAsync",
          data: {
            name: "Post.editor",
            lazy: "True",
            how: 'is the legacy spelling of "select" and loads on first attribute access',
          },
          line: 6,
          column: 43,
        },
        {
          messageId: "selectInAsync",
          data: {
            name: "Post.likes",
            lazy: '"dynamic"',
            how: "returns a query that runs synchronously when iterated (AsyncSession does not support dynamic relationships)",
          },
          line: 7,
          column: 48,
        },
      ],
    },
    // why: the option turns off the missing-lazy report, not the async one
    {
      filename: asyncModel,
      code: py(
        ORM,
        "",
        "",
        "class Post(Base):",
        '    author = relationship("User", lazy="select")',
      ),
      options: [{ requireExplicitLazy: false }],
      errors: [{ messageId: "selectInAsync", line: 5, column: 35 }],
    },
    {
      filename: asyncModel,
      code: py(
        "from sqlalchemy.orm import relationship as rel",
        "",
        "",
        "class Post(Base):",
        '    author = rel("User")',
      ),
      errors: [
        {
          messageId: "missingLazy",
          data: { name: "Post.author", where: "", choices: ASYNC_CHOICES },
          line: 5,
          column: 14,
        },
      ],
    },
    // why: the alias is given on another line of a parenthesized import, and the ORM's name is never called by itself
    {
      filename: asyncModel,
      code: py(
        "from sqlalchemy.orm import (",
        "    Mapped,",
        "    relationship",
        "    as link,",
        ")",
        "",
        "",
        "class Post(Base):",
        '    author: Mapped["User"] = link("User")',
      ),
      errors: [
        {
          messageId: "missingLazy",
          data: { name: "Post.author", where: "", choices: ASYNC_CHOICES },
          line: 9,
          column: 30,
        },
      ],
    },
    // why: the module alias resolves through `sa.orm`
    {
      filename: asyncModel,
      code: py(
        "import sqlalchemy as sa",
        "",
        "",
        "class Post(Base):",
        '    author = sa.orm.relationship("User", viewonly=True)',
      ),
      errors: [
        {
          messageId: "missingLazy",
          data: { name: "Post.author", where: "", choices: ASYNC_CHOICES },
          line: 5,
          column: 14,
        },
      ],
    },
    // why: a backref is a second relationship, on the target class, with its own strategy
    {
      filename: asyncModel,
      code: py(
        ORM,
        "",
        "",
        "class Post(Base):",
        '    tags = relationship("Tag", lazy="selectin", backref=backref("posts"))',
        '    labels = relationship("app.models.Label", lazy="selectin", backref=backref("posts", lazy="select"))',
      ),
      errors: [
        {
          messageId: "missingLazy",
          data: { name: "Tag.posts", where: "", choices: ASYNC_CHOICES },
          line: 5,
          column: 57,
        },
        {
          messageId: "selectInAsync",
          data: { name: "Label.posts", lazy: '"select"', how: LOADS_ON_ACCESS },
          line: 6,
          column: 89,
        },
      ],
    },
    {
      filename: asyncModel,
      code: py(
        "from sqlmodel import Field, Relationship, SQLModel",
        "from sqlalchemy.orm import relationship",
        "",
        "",
        "class Team(SQLModel, table=True):",
        "    id: int | None = Field(default=None, primary_key=True)",
        '    heroes: list["Hero"] = Relationship(back_populates="team")',
        '    members: list["Hero"] = Relationship(sa_relationship_kwargs={"lazy": "select"})',
        '    leader: "Hero" = Relationship(sa_relationship=relationship("Hero"))',
      ),
      errors: [
        {
          messageId: "missingLazy",
          data: {
            name: "Team.heroes",
            where: " in sa_relationship_kwargs",
            choices: ASYNC_CHOICES,
          },
          line: 7,
          column: 28,
        },
        {
          messageId: "selectInAsync",
          data: { name: "Team.members", lazy: '"select"', how: LOADS_ON_ACCESS },
          line: 8,
          column: 66,
        },
        // why: the inner relationship() carries the options, so it is the one reported
        {
          messageId: "missingLazy",
          data: { name: "Team.leader", where: "", choices: ASYNC_CHOICES },
          line: 9,
          column: 51,
        },
      ],
    },
    // why: model classes in tests are models too
    {
      filename: asyncFile("tests/test_models.py"),
      code: py(ORM, "", "", "class Tag(Base):", '    posts: Mapped[list["Post"]] = relationship()'),
      errors: [
        {
          messageId: "missingLazy",
          data: { name: "Tag.posts", where: "", choices: ASYNC_CHOICES },
          line: 5,
          column: 35,
        },
      ],
    },
    // why: mixins declare relationships in @declared_attr methods
    {
      filename: asyncModel,
      code: py(
        "from sqlalchemy.orm import declared_attr, relationship",
        "",
        "",
        "class AuthoredMixin:",
        "    @declared_attr",
        '    def author(cls) -> Mapped["User"]:',
        '        return relationship("User")',
      ),
      errors: [
        {
          messageId: "missingLazy",
          data: { name: "AuthoredMixin.author", where: "", choices: ASYNC_CHOICES },
          line: 7,
          column: 16,
        },
      ],
    },
    // why: imperative mapping names the attribute in properties={...}
    {
      filename: syncModel,
      code: py(
        "from sqlalchemy.orm import registry, relationship",
        "",
        "mapper_registry = registry()",
        'mapper_registry.map_imperatively(Order, orders, properties={"lines": relationship(OrderLine)})',
      ),
      errors: [
        {
          messageId: "missingLazy",
          data: { name: "lines", where: "", choices: SYNC_CHOICES },
          line: 4,
          column: 70,
        },
      ],
    },
  ],
});

// TypeORM: a relation chooses with `eager`, `lazy` or a `Promise<...>` type.
const tsRoot = join(import.meta.dirname, "fixtures", "ts-blog");
const tsFile = (rel: string) => join(tsRoot, rel);
const tsDisk = (rel: string) => ({ filename: tsFile(rel), code: onDisk(tsFile(rel)) });
const ts = (...lines: string[]) => lines.join("\n") + "\n";
const TYPEORM = 'import { Entity, ManyToOne, OneToMany, OneToOne, ManyToMany } from "typeorm";';

typescriptRuleTester().run("relationship-loading (TypeORM)", rule, {
  valid: [
    // eager: false on the inverse side, and a Promise-typed (lazy) one-to-one
    tsDisk("src/entities/user.entity.ts"),
    // why: lazy: false written out is a choice too
    tsDisk("src/entities/comment.entity.ts"),
    {
      filename: tsFile("src/entities/category.entity.ts"),
      code: ts(
        TYPEORM,
        "@Entity()",
        "export class Category {",
        "  @ManyToOne(() => Category, { lazy: true })",
        "  parent!: Promise<Category>;",
        "  @OneToMany(() => Category, (c) => c.parent, { eager: true })",
        "  children!: Category[];",
        "}",
      ),
    },
    // why: MikroORM shares TypeORM's decorator names, not its loading: relations load when populated
    {
      filename: tsFile("src/entities/article.entity.ts"),
      code: ts(
        'import { Entity, ManyToOne, PrimaryKey } from "@mikro-orm/decorators/legacy";',
        'import { User } from "./user.entity.js";',
        "@Entity()",
        "export class Article {",
        "  @PrimaryKey()",
        "  id!: number;",
        "  @ManyToOne(() => User)",
        "  author!: User;",
        "}",
      ),
    },
    // why: a spread of shared options may set the strategy: not judged
    {
      filename: tsFile("src/entities/category.entity.ts"),
      code: ts(
        TYPEORM,
        "const loadWith = { eager: true } as const;",
        "@Entity()",
        "export class Category {",
        "  @ManyToOne(() => Category, { ...loadWith, nullable: true })",
        "  parent!: Category;",
        "}",
      ),
    },
    // why: a class whose decorators are not TypeORM's relations has nothing to choose
    {
      filename: tsFile("src/entities/note.ts"),
      code: ts("export class Note {", "  ManyToOne = 1;", "}"),
    },
    // why: with requireExplicitLazy off, TypeORM has no strategy that fails in async code
    {
      ...tsDisk("src/entities/post.entity.ts"),
      options: [{ requireExplicitLazy: false }],
    },
  ],
  invalid: [
    {
      ...tsDisk("src/entities/post.entity.ts"),
      errors: [
        {
          messageId: "missingLoading",
          data: { name: "Post.author", kind: "ManyToOne", target: "User" },
          line: 14,
          column: 4,
        },
        // why: the inverse side is a relation of its own, loaded or not on its own
        {
          messageId: "missingLoading",
          data: { name: "Post.comments", kind: "OneToMany", target: "Comment" },
          line: 17,
          column: 4,
        },
      ],
    },
    {
      filename: tsFile("src/entities/tag.entity.ts"),
      code: ts(
        TYPEORM,
        "@Entity()",
        "export class Tag {",
        '  @ManyToMany("Post", "tags")',
        "  posts!: Post[];",
        "  @OneToOne(() => Tag, { lazy: true })",
        "  alias!: Promise<Tag>;",
        "}",
      ),
      errors: [
        {
          messageId: "missingLoading",
          data: { name: "Tag.posts", kind: "ManyToMany", target: "Post" },
          line: 4,
          column: 4,
        },
      ],
    },
  ],
});
