import { readFileSync } from "node:fs";
import { join } from "node:path";
import rule from "./typed-models.js";
import { pythonRuleTester } from "../../test/rule-tester.js";

const root = join(import.meta.dirname, "fixtures", "shop");
const file = (rel: string) => join(root, rel);
const onDisk = (rel: string) => readFileSync(file(rel), "utf8");

pythonRuleTester().run("typed-models", rule, {
  valid: [
    // The typed model, the declarative base, the SQLModel model and the Table object on disk.
    { filename: file("app/models/user.py"), code: onDisk("app/models/user.py") },
    { filename: file("app/models/base.py"), code: onDisk("app/models/base.py") },
    // why: SQLModel has its own typed style, sa_column=Column(...) included
    { filename: file("app/models/hero.py"), code: onDisk("app/models/hero.py") },
    // why: a Table(...) object is not a model class; Column() is how tables are written
    { filename: file("app/models/tables.py"), code: onDisk("app/models/tables.py") },
    // why: a class outside any declarative hierarchy is not a model (and no model uses it as a mixin)
    {
      filename: file("app/models/helpers.py"),
      code: "from sqlalchemy import Column, Integer\n\n\nclass Columns:\n    id = Column(Integer)\n",
    },
    // why: Column() inherited from a mixin is reported at the mixin, not at every model using it
    {
      filename: file("app/models/order_line.py"),
      code: [
        "from sqlalchemy.orm import Mapped, mapped_column",
        "from app.models.base import Base",
        "from app.models.mixins import AuditMixin",
        "",
        "",
        "class OrderLine(AuditMixin, Base):",
        '    __tablename__ = "order_lines"',
        "    id: Mapped[int] = mapped_column(primary_key=True)",
        "",
      ].join("\n"),
    },
    // why: a local function named declarative_base is not SQLAlchemy's
    {
      filename: file("app/models/local.py"),
      code: "def declarative_base():\n    return object\n\n\nBase = declarative_base()\n",
    },
    // why: an Optional annotation with nullable=True, and a required one with nullable=False, agree
    {
      filename: file("app/models/profile.py"),
      code: [
        "from typing import Any, Optional",
        "from sqlalchemy.orm import Mapped, mapped_column",
        "from app.models.base import Base",
        "",
        "",
        "class Profile(Base):",
        '    __tablename__ = "profiles"',
        "    id: Mapped[int] = mapped_column(primary_key=True)",
        "    bio: Mapped[Optional[str]] = mapped_column(nullable=True)",
        "    name: Mapped[str] = mapped_column(nullable=False)",
        "    extra: Mapped[Any] = mapped_column(nullable=True)",
        "",
      ].join("\n"),
    },
    {
      filename: file("app/models/profile.py"),
      code: [
        "from sqlalchemy.orm import Mapped, mapped_column",
        "from app.models.base import Base",
        "",
        "",
        "class Profile(Base):",
        '    __tablename__ = "profiles"',
        "    id: Mapped[int] = mapped_column(primary_key=True)",
        "    age: Mapped[int] = mapped_column(nullable=True)",
        "",
      ].join("\n"),
      options: [{ checkNullability: false }],
    },
  ],
  invalid: [
    {
      filename: file("app/models/order.py"),
      code: onDisk("app/models/order.py"),
      errors: [
        {
          messageId: "columnStyle",
          line: 7,
          column: 7,
          data: { name: "Order", count: "3", columns: "columns" },
        },
      ],
    },
    // why: a mixin that a model uses is reported at the mixin, one finding per class
    {
      filename: file("app/models/mixins.py"),
      code: onDisk("app/models/mixins.py"),
      errors: [
        {
          messageId: "mixinColumnStyle",
          line: 4,
          column: 7,
          data: { name: "AuditMixin", count: "2", columns: "columns" },
        },
      ],
    },
    {
      filename: file("app/models/legacy.py"),
      code: onDisk("app/models/legacy.py"),
      errors: [
        { messageId: "declarativeBase", line: 4, column: 14 },
        {
          messageId: "columnStyle",
          line: 7,
          column: 7,
          data: { name: "Coupon", count: "1", columns: "column" },
        },
      ],
    },
    // why: resolved through `import sqlalchemy.ext.declarative as decl`
    {
      filename: file("app/models/old_base.py"),
      code: "import sqlalchemy.ext.declarative as decl\n\nBase = decl.declarative_base()\n",
      errors: [{ messageId: "declarativeBase", line: 3, column: 8 }],
    },
    // why: Column() in a Mapped annotation is still the untyped constructor
    {
      filename: file("app/models/tag.py"),
      code: [
        "import sqlalchemy as sa",
        "from sqlalchemy.orm import Mapped",
        "from app.models.base import Base",
        "",
        "",
        "class Tag(Base):",
        '    __tablename__ = "tags"',
        "    id: Mapped[int] = sa.Column(sa.Integer, primary_key=True)",
        "",
      ].join("\n"),
      errors: [
        {
          messageId: "columnStyle",
          line: 6,
          column: 7,
          data: { name: "Tag", count: "1", columns: "column" },
        },
      ],
    },
    {
      filename: file("app/models/profile.py"),
      code: [
        "from typing import Optional",
        "from sqlalchemy.orm import Mapped, mapped_column",
        "from app.models.base import Base",
        "",
        "",
        "class Profile(Base):",
        '    __tablename__ = "profiles"',
        "    id: Mapped[int] = mapped_column(primary_key=True)",
        "    bio: Mapped[Optional[str]] = mapped_column(nullable=False)",
        "    nickname: Mapped[str | None] = mapped_column(nullable=False)",
        "    age: Mapped[int] = mapped_column(nullable=True)",
        "",
      ].join("\n"),
      errors: [
        {
          messageId: "optionalNotNull",
          line: 9,
          column: 5,
          data: { model: "Profile", attr: "bio" },
        },
        {
          messageId: "optionalNotNull",
          line: 10,
          column: 5,
          data: { model: "Profile", attr: "nickname" },
        },
        {
          messageId: "requiredNullable",
          line: 11,
          column: 5,
          data: { model: "Profile", attr: "age" },
        },
      ],
    },
  ],
});
