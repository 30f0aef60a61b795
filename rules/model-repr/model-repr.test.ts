import { readFileSync } from "node:fs";
import { join } from "node:path";
import rule from "./model-repr.js";
import { pythonRuleTester } from "../../test/rule-tester.js";

const root = join(import.meta.dirname, "fixtures", "blog");
const file = (rel: string) => join(root, rel);
const onDisk = (rel: string) => readFileSync(file(rel), "utf8");

pythonRuleTester().run("model-repr", rule, {
  valid: [
    // why: __repr__ comes from a mixin in another module
    { filename: file("app/models/user.py"), code: onDisk("app/models/user.py") },
    { filename: file("app/models/comment.py"), code: onDisk("app/models/comment.py") },
    // why: the declarative base itself has no table
    { filename: file("app/db/base.py"), code: onDisk("app/db/base.py") },
    // why: pydantic gives SQLModel models a __repr__
    { filename: file("app/models/hero.py"), code: onDisk("app/models/hero.py") },
    // why: an abstract base has no table; its subclasses are checked
    {
      filename: file("app/models/audited.py"),
      code: [
        "from app.db.base import Base",
        "",
        "",
        "class Audited(Base):",
        "    __abstract__ = True",
        "",
      ].join("\n"),
    },
    // why: a subclass of a model without __repr__ is covered by the finding on its parent
    {
      filename: file("app/models/article.py"),
      code: [
        "from app.models.post import Post",
        "",
        "",
        "class Article(Post):",
        '    __mapper_args__ = {"polymorphic_identity": "article"}',
        "",
      ].join("\n"),
    },
    // why: __repr__ on the project's declarative base covers every model
    {
      filename: file("app/models/tag.py"),
      code: [
        "from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column",
        "",
        "",
        "class Base(DeclarativeBase):",
        "    def __repr__(self) -> str:",
        '        return f"<{type(self).__name__}>"',
        "",
        "",
        "class Tag(Base):",
        '    __tablename__ = "tags"',
        "    id: Mapped[int] = mapped_column(primary_key=True)",
        "",
      ].join("\n"),
    },
    // why: a Table(...) object is not a class
    {
      filename: file("app/models/tables.py"),
      code: [
        "import sqlalchemy as sa",
        "from app.db.base import Base",
        "",
        'post_tags = sa.Table("post_tags", Base.metadata, sa.Column("tag", sa.String(40)))',
        "",
      ].join("\n"),
    },
    // why: a dataclass-mapped model gets a generated __repr__
    {
      filename: file("app/models/setting.py"),
      code: [
        "from sqlalchemy.orm import DeclarativeBase, Mapped, MappedAsDataclass, mapped_column",
        "",
        "",
        "class DataBase(MappedAsDataclass, DeclarativeBase):",
        "    pass",
        "",
        "",
        "class Setting(DataBase):",
        '    __tablename__ = "settings"',
        "    key: Mapped[str] = mapped_column(primary_key=True)",
        "",
      ].join("\n"),
    },
    // why: a base class from a library that cannot be seen may define __repr__
    {
      filename: file("app/models/account.py"),
      code: [
        "from fastapi_users_db_sqlalchemy import SQLAlchemyBaseUserTable",
        "from app.db.base import Base",
        "",
        "",
        "class Account(SQLAlchemyBaseUserTable[int], Base):",
        '    __tablename__ = "accounts"',
        "",
      ].join("\n"),
    },
    {
      filename: file("app/models/post.py"),
      code: onDisk("app/models/post.py"),
      options: [{ ignoreClasses: ["P*"] }],
    },
  ],
  invalid: [
    {
      filename: file("app/models/post.py"),
      code: onDisk("app/models/post.py"),
      errors: [{ messageId: "missingRepr", line: 7, column: 7, data: { name: "Post" } }],
    },
    // why: one finding per class, each at its name; the ignored one stays silent
    {
      filename: file("app/models/likes.py"),
      code: [
        "from sqlalchemy import Column, ForeignKey, Integer",
        "from sqlalchemy.orm import declarative_base",
        "",
        "LegacyBase = declarative_base()",
        "",
        "",
        "class Like(LegacyBase):",
        '    __tablename__ = "likes"',
        "    id = Column(Integer, primary_key=True)",
        "",
        "",
        "class Share(LegacyBase):",
        '    __tablename__ = "shares"',
        "    id = Column(Integer, primary_key=True)",
        "",
        "",
        "class PostLikeAssociation(LegacyBase):",
        '    __tablename__ = "post_likes"',
        '    post_id = Column(ForeignKey("posts.id"), primary_key=True)',
        "",
      ].join("\n"),
      options: [{ ignoreClasses: ["*Association"] }],
      errors: [
        { messageId: "missingRepr", line: 7, column: 7, data: { name: "Like" } },
        { messageId: "missingRepr", line: 12, column: 7, data: { name: "Share" } },
      ],
    },
    // why: a project base class without __repr__ does not help
    {
      filename: file("app/models/draft.py"),
      code: [
        "from sqlalchemy.orm import Mapped, mapped_column",
        "from app.db.base import Base",
        "",
        "",
        "class Timestamped:",
        "    created: Mapped[int] = mapped_column(default=0)",
        "",
        "",
        "class Draft(Timestamped, Base):",
        '    __tablename__ = "drafts"',
        "    id: Mapped[int] = mapped_column(primary_key=True)",
        "",
      ].join("\n"),
      errors: [{ messageId: "missingRepr", line: 9, column: 7, data: { name: "Draft" } }],
    },
  ],
});
