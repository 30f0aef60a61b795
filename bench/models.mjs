// Times the model index on a generated project: 200 SQLAlchemy models over 40
// model modules (typed and legacy styles, mixins, foreign keys by string and by
// attribute, __table_args__ indexes, single-table subclasses), a shared base
// module, and 100 service modules the text prefilter must skip.
// Needs the build: `npx tsc -p tsconfig.build.json && node bench/models.mjs [models] [runs]`.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

const { Project } = await import("../dist/src/project/project.js");

const nModels = Number(process.argv[2] ?? 200);
const runs = Number(process.argv[3] ?? 5);
const perFile = 5;
const dir = mkdtempSync(join(tmpdir(), "layerlint-models-"));

function write(rel, text) {
  mkdirSync(join(dir, rel, ".."), { recursive: true });
  writeFileSync(join(dir, rel), text);
}

function modelSource(fileIndex) {
  const lines = [
    "from datetime import datetime",
    "from typing import Optional",
    "",
    "from sqlalchemy import Column, DateTime, ForeignKey, Index, Integer, String, Text",
    "from sqlalchemy.orm import Mapped, mapped_column, relationship",
    "",
    "from app.models.base import Base",
    "from app.models.mixins import TimestampMixin",
  ];
  if (fileIndex > 0)
    lines.push(`from app.models.m${fileIndex - 1} import Model${fileIndex * perFile - 1}`);
  for (let k = 0; k < perFile; k++) {
    const n = fileIndex * perFile + k;
    if (n >= nModels) break;
    const table = `table_${n}`;
    lines.push("", "");
    if (n % 10 === 9) {
      // A single-table subclass of the previous model.
      lines.push(
        `class Model${n}(Model${n - 1}):`,
        `    __mapper_args__ = {"polymorphic_identity": "m${n}"}`,
        "",
        `    extra_${n}: Mapped[Optional[str]] = mapped_column(String(40))`,
      );
      continue;
    }
    if (n % 4 === 3) {
      lines.push(
        `class Model${n}(Base):`,
        `    __tablename__ = "${table}"`,
        "",
        "    id = Column(Integer, primary_key=True)",
        "    name = Column(String(100), nullable=False)",
        "    note = Column(Text)",
        `    owner_id = Column(ForeignKey("table_0.id"), index=True)`,
        "    created = Column(DateTime)",
      );
      continue;
    }
    const previous = k > 0 ? `Model${n - 1}` : fileIndex > 0 ? `Model${n - 1}` : null;
    lines.push(
      `class Model${n}(TimestampMixin, Base):`,
      `    __tablename__ = "${table}"`,
      `    __table_args__ = (Index("ix_${table}_name_created", "name", "created_at"),)`,
      "",
      "    id: Mapped[int] = mapped_column(primary_key=True)",
      "    name: Mapped[str] = mapped_column(String(100))",
      "    title: Mapped[Optional[str]] = mapped_column(String(200))",
      "    body: Mapped[str | None] = mapped_column(Text)",
      "    score: Mapped[int] = mapped_column(default=0, index=True)",
      previous && n % 10 !== 0
        ? `    parent_id: Mapped[int | None] = mapped_column(ForeignKey(${previous}.id))`
        : `    parent_id: Mapped[int | None] = mapped_column(ForeignKey("table_0.id"))`,
      `    published_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))`,
      `    kind: Mapped[str] = mapped_column(String(20), default="m${n}")`,
      `    parent: Mapped["Model0"] = relationship(lazy="selectin", foreign_keys=[parent_id])`,
      "",
      "    def __repr__(self) -> str:",
      `        return f"Model${n}(id={self.id!r})"`,
    );
  }
  return lines.join("\n") + "\n";
}

try {
  write("pyproject.toml", '[project]\nname = "bench"\nversion = "0.1.0"\n');
  write("app/__init__.py", "");
  write("app/models/__init__.py", "");
  write(
    "app/models/base.py",
    [
      "from sqlalchemy import MetaData",
      "from sqlalchemy.orm import DeclarativeBase",
      "",
      "",
      "class Base(DeclarativeBase):",
      '    metadata = MetaData(naming_convention={"ix": "ix_%(column_0_label)s"})',
      "",
    ].join("\n"),
  );
  write(
    "app/models/mixins.py",
    [
      "from datetime import datetime",
      "",
      "from sqlalchemy import DateTime, func",
      "from sqlalchemy.orm import Mapped, mapped_column",
      "",
      "",
      "class TimestampMixin:",
      "    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())",
      "    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))",
      "",
    ].join("\n"),
  );
  const modelFiles = Math.ceil(nModels / perFile);
  for (let f = 0; f < modelFiles; f++) write(`app/models/m${f}.py`, modelSource(f));
  for (let s = 0; s < 100; s++) {
    write(
      `app/services/service_${s}.py`,
      [
        `from app.models.m${s % modelFiles} import Model${(s % modelFiles) * perFile}`,
        "",
        "",
        `class Service${s}:`,
        "    async def get(self, item_id: int) -> object:",
        `        return Model${(s % modelFiles) * perFile}(id=item_id)`,
        "",
      ].join("\n"),
    );
  }

  const times = [];
  let summary = "";
  for (let run = 1; run <= runs; run++) {
    const project = new Project(dir);
    void project.files.python.length;
    const t0 = performance.now();
    const index = project.models();
    const tables = index.schema().size;
    const ms = performance.now() - t0;
    times.push(ms);
    const models = index.models.filter((m) => m.table !== null).length;
    summary = `${modelFiles + 2} model files, 100 service files; ${models} models, ${tables} tables`;
    console.log(`run ${run}${run === 1 ? " (cold)" : ""}: ${ms.toFixed(0)} ms`);
  }
  const sorted = [...times].sort((a, b) => a - b);
  console.log(`${summary}; median ${sorted[Math.floor(sorted.length / 2)].toFixed(0)} ms`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
