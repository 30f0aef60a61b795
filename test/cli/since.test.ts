import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, summarize } from "./run-cli.js";

const tmp = mkdtempSync(join(tmpdir(), "layerlint-since-"));
const repo = join(tmp, "repo");
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args], {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });

function write(rel: string, text: string): void {
  mkdirSync(join(repo, rel, ".."), { recursive: true });
  writeFileSync(join(repo, rel), text);
}

beforeAll(() => {
  write("pyproject.toml", '[project]\nname = "since"\n');
  write("app/__init__.py", "");
  write("app/services/__init__.py", "");
  write("app/services/a.py", "def a(x):\n    return x\n");
  write("app/services/b.py", "def b(y):\n    return y\n");
  git(tmp, "init", "-q", "-b", "main", repo);
  git(repo, "add", "-A");
  git(repo, "commit", "-q", "-m", "first");
  git(repo, "tag", "v1");
  write("app/services/b.py", "def b(y, z):\n    return y\n");
  write("app/services/c.py", "def c(w):\n    return w\n");
});

describe("--since <ref>", () => {
  it("lints only the files changed or added since the ref", () => {
    const { code, stdout } = runCli([repo, "--since", "v1", "-f", "json"]);
    const files = new Set(summarize(stdout, repo).map((line) => line.split(":")[0]));
    expect([...files].sort()).toEqual(["app/services/b.py", "app/services/c.py"]);
    // why: the untouched a.py has the same missing annotations, but is not linted
    expect(code).toBe(1);
  });

  it("says so when nothing changed", () => {
    git(repo, "add", "-A");
    git(repo, "commit", "-q", "-m", "second");
    const { code, stderr } = runCli([repo, "--since", "HEAD"]);
    expect(stderr).toBe("layerlint: no files changed since HEAD\n");
    expect(code).toBe(0);
  });

  it("explains a ref that a shallow clone does not have, with exit code 2", () => {
    const shallow = join(tmp, "shallow");
    execFileSync("git", ["clone", "-q", "--depth=1", `file://${repo}`, shallow]);
    const { code, stderr } = runCli([shallow, "--since", "v1"]);
    expect(stderr).toContain('--since: git cannot find "v1" here. In a shallow CI clone');
    expect(code).toBe(2);
  });

  it("needs a git repository", () => {
    const plain = join(tmp, "plain");
    mkdirSync(plain);
    writeFileSync(join(plain, "pyproject.toml"), "");
    writeFileSync(join(plain, "x.py"), "x = 1\n");
    const { code, stderr } = runCli([plain, "--since", "main"]);
    expect(stderr).toMatch(/--since needs a git repository/);
    expect(code).toBe(2);
  });

  it("rejects an empty ref", () => {
    const { code, stderr } = runCli([repo, "--since="]);
    expect(stderr).toMatch(/--since takes a git ref/);
    expect(code).toBe(2);
  });
});

describe("--since and migration-for-model", () => {
  const shop = join(tmp, "shop");
  const put = (rel: string, text: string) => {
    mkdirSync(join(shop, rel, ".."), { recursive: true });
    writeFileSync(join(shop, rel), text);
  };
  const migration = (id: string, down: string | null, body: string) =>
    `revision: str = "${id}"\ndown_revision: str | None = ${down ? `"${down}"` : "None"}\n\n\n` +
    `def upgrade() -> None:\n${body}\n\n\ndef downgrade() -> None:\n    op.drop_table("items")\n`;

  beforeAll(() => {
    put("pyproject.toml", '[project]\nname = "shop"\n');
    put("alembic.ini", "[alembic]\nscript_location = alembic\n");
    put("alembic/env.py", "from alembic import context\n");
    put(
      "alembic/versions/0001_items.py",
      "import sqlalchemy as sa\nfrom alembic import op\n\n" +
        migration(
          "0001",
          null,
          '    op.create_table("items", sa.Column("id", sa.Integer(), primary_key=True))',
        ),
    );
    put("app/__init__.py", "");
    put("app/models/__init__.py", "");
    put(
      "app/models/item.py",
      "from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\n\n\n" +
        "class Base(DeclarativeBase):\n    def __repr__(self) -> str:\n        return 'x'\n\n\n" +
        'class Item(Base):\n    __tablename__ = "items"\n\n    id: Mapped[int] = mapped_column(primary_key=True)\n',
    );
    git(tmp, "init", "-q", "-b", "main", shop);
    git(shop, "add", "-A");
    git(shop, "commit", "-q", "-m", "first");
    // A docstring only: the models still agree with the history, but the file changed.
    put(
      "app/models/item.py",
      "from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\n\n\n" +
        "class Base(DeclarativeBase):\n    def __repr__(self) -> str:\n        return 'x'\n\n\n" +
        'class Item(Base):\n    """Something for sale."""\n\n    __tablename__ = "items"\n\n    id: Mapped[int] = mapped_column(primary_key=True)\n',
    );
  });

  it("reports a model file changed without a new migration, at its first model", () => {
    const lines = summarize(runCli([shop, "--since", "main", "-f", "json"]).stdout, shop);
    expect(lines).toEqual([
      'app/models/item.py:9:7 error layerlint/migration-for-model Model file changed since "main" and no migration was added. Run: alembic revision --autogenerate -m "..." and commit the new revision.',
    ]);
  });

  it("is satisfied by a migration file added since the ref, even before it is committed", () => {
    put(
      "alembic/versions/0002_noop.py",
      "from alembic import op\n\n" + migration("0002", "0001", "    op.execute('SELECT 1')"),
    );
    const lines = summarize(runCli([shop, "--since", "main", "-f", "json"]).stdout, shop);
    expect(lines.filter((l) => l.includes("migration-for-model"))).toEqual([]);
  });
});
