import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_PROJECT_SETTINGS } from "../../src/project/defaults.js";
import {
  findRoot,
  getProject,
  invalidate,
  MAX_FILE_BYTES,
  Project,
} from "../../src/project/project.js";

const appRoot = fileURLToPath(new URL("./fixtures/fastapi-app", import.meta.url));
const nsRoot = fileURLToPath(new URL("./fixtures/namespace-app", import.meta.url));

const made: string[] = [];
/** Writes `files` (relative path -> text) under `dir`. */
function writeTree(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/** A project of `files` in a fresh temporary directory. */
function projectOf(files: Record<string, string>): Project {
  const dir = mkdtempSync(join(tmpdir(), "layerlint-project-"));
  writeTree(dir, files);
  return new Project(dir);
}

function tmp(): string {
  const dir = mkdtempSync(join(tmpdir(), "layerlint-project-"));
  made.push(dir);
  return dir;
}

afterEach(() => {
  invalidate();
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("getProject", () => {
  it("returns one project per root and settings, until invalidated", () => {
    const first = getProject(appRoot);
    expect(getProject(`${appRoot}/`)).toBe(first);
    // why: equal settings built separately (keys in another order) share the project
    const copy = JSON.parse(JSON.stringify(DEFAULT_PROJECT_SETTINGS));
    const reordered = { python: copy.python, ignore: copy.ignore, ...copy };
    expect(getProject(appRoot, reordered)).toBe(first);
    const other = getProject(appRoot, { ...DEFAULT_PROJECT_SETTINGS, ignore: ["tests/"] });
    expect(other).not.toBe(first);
    expect(other.files.python.some((f) => f.startsWith("tests/"))).toBe(false);
    invalidate();
    expect(getProject(appRoot)).not.toBe(first);
  });

  it("discovers files, roles and module names", () => {
    const project = getProject(appRoot);
    expect(Object.fromEntries(project.files.python.map((f) => [f, project.roleOf(f)]))).toEqual({
      "alembic/env.py": "roots",
      "alembic/versions/001_create_posts.py": "migrations",
      "app/__init__.py": "roots",
      "app/api/__init__.py": "routes",
      "app/api/dependencies.py": "roots",
      "app/api/deps.py": "roots",
      "app/api/routes/__init__.py": "routes",
      "app/api/routes/posts.py": "routes",
      "app/broken.py": "roots",
      "app/core/__init__.py": "shared",
      "app/core/config.py": "shared",
      "app/core/security.py": "shared",
      "app/db/session.py": "roots",
      "app/events/handlers.py": "events",
      "app/main.py": "roots",
      "app/models/__init__.py": "models",
      "app/models/base.py": "models",
      "app/models/post.py": "models",
      "app/repositories/__init__.py": "repositories",
      "app/repositories/post_repository.py": "repositories",
      "app/schemas/__init__.py": "schemas",
      "app/schemas/events.py": "schemas",
      "app/schemas/post.py": "schemas",
      "app/services/__init__.py": "services",
      "app/services/post_service.py": "services",
      "tests/__init__.py": "tests",
      "tests/conftest.py": "tests",
      "tests/test_posts.py": "tests",
    });
    expect(project.files.typescript).toEqual([]);
    expect(project.roleOf("app/api/routes/posts.py")).toBe("routes");
    expect(project.roleOf(join(appRoot, "app/services/__init__.py"))).toBe("services");
    expect(project.roleOf(join(appRoot, "..", "elsewhere.py"))).toBeNull();
    expect(project.moduleOf(join(appRoot, "app/api/routes/posts.py"))).toBe("app.api.routes.posts");
    expect(project.relative(join(appRoot, "app", "main.py"))).toBe("app/main.py");
  });

  it("parses each file once and builds the graph once", () => {
    const project = getProject(appRoot);
    const facts = project.factsOf("app/main.py");
    expect(project.factsOf(join(appRoot, "app/main.py"))).toBe(facts);
    expect(project.importsOf("app/main.py").map((r) => r.module)).toEqual([
      "fastapi",
      "app.api.routes",
      "app.core.config",
    ]);
    const graph = project.graph();
    expect(project.graph()).toBe(graph);
    expect(project.factsOf("app/main.py")).toBe(facts);
  });

  it("keeps the imports a file with a syntax error still has", () => {
    const project = getProject(appRoot);
    expect(project.importsOf("app/broken.py").map((r) => r.module)).toEqual([
      "os",
      "app.core",
      "json",
    ]);
  });

  it("resolves imports of a file outside the discovered set, and relative ones from outside the root", () => {
    const project = getProject(nsRoot);
    const [kafka] = project.importsOf("app/main.py");
    expect(project.resolve("/elsewhere/x.py", kafka).external).toBe("kafka");
    const relative = { ...kafka, module: ".x", level: 1, names: ["y"], aliases: [null] };
    expect(project.resolve("/elsewhere/x.py", relative)).toEqual({
      record: relative,
      targets: [],
      external: null,
      unresolved: true,
    });
  });

  it("never crashes on huge, binary, missing or undecodable files", () => {
    const root = tmp();
    writeFileSync(join(root, "pyproject.toml"), "");
    writeFileSync(join(root, "huge.py"), `import os\n${"x = 1\n".repeat(MAX_FILE_BYTES / 6 + 1)}`);
    writeFileSync(join(root, "nul.py"), "import os\x00\nimport json\n");
    writeFileSync(
      join(root, "latin1.py"),
      Buffer.from([0x69, 0x6d, 0x70, 0x6f, 0x72, 0x74, 0x20, 0x6f, 0x73, 0x0a, 0xe9, 0xff, 0x0a]),
    );
    writeFileSync(join(root, "bom.py"), "\ufeffimport json\n");
    mkdirSync(join(root, "deep"));
    writeFileSync(
      join(root, "deep", "nested.py"),
      `x = ${"(".repeat(2000)}${")".repeat(2000)}\nimport os\n`,
    );
    const project = getProject(root);
    expect(project.importsOf("huge.py")).toEqual([]);
    expect(project.importsOf("missing.py")).toEqual([]);
    expect(project.importsOf("deep/nested.py")).toEqual([]);
    expect(project.importsOf("latin1.py").map((r) => r.module)).toEqual(["os"]);
    const [json] = project.importsOf("bom.py");
    expect([json.module, json.start, json.column]).toEqual(["json", 0, 0]);
    expect(() => project.importsOf("nul.py")).not.toThrow();
    expect(project.graph().files).toEqual([
      "bom.py",
      "deep/nested.py",
      "huge.py",
      "latin1.py",
      "nul.py",
    ]);
  });
});

describe("Project.relative", () => {
  it("maps a path spelled through a symlink to the root", () => {
    const real = tmp();
    mkdirSync(join(real, "app"));
    writeFileSync(join(real, "app", "main.py"), "import os\n");
    const link = join(tmp(), "link");
    symlinkSync(real, link);
    const project = getProject(link);
    expect(project.root).toBe(realpathSync(real));
    expect(project.relative(join(link, "app", "main.py"))).toBe("app/main.py");
    expect(project.roleOf(join(link, "app", "main.py"))).toBe("roots");
    expect(project.importsOf(join(link, "app", "main.py")).map((r) => r.module)).toEqual(["os"]);
    expect(project.relative(join(tmpdir(), "elsewhere.py"))).toBeNull();
  });
});

describe("findRoot", () => {
  it("finds the nearest directory with a project marker", () => {
    expect(findRoot(join(appRoot, "app/api/routes/posts.py"))).toBe(appRoot);
    expect(findRoot(join(appRoot, "app/api"))).toBe(appRoot);
    expect(findRoot(join(nsRoot, "app/main.py"))).toBe(nsRoot);
    expect(findRoot(join(appRoot, "app/not-yet-saved.py"))).toBe(appRoot);
  });

  it.each(["setup.cfg", "setup.py", "requirements.txt", "package.json", "alembic.ini", ".git"])(
    "stops at %s",
    (marker) => {
      const root = tmp();
      mkdirSync(join(root, "a/b"), { recursive: true });
      writeFileSync(join(root, "a", marker), "");
      expect(findRoot(join(root, "a/b/c.py"))).toBe(join(root, "a"));
    },
  );

  it("passes over a setup.py that is a package's own module", () => {
    // why: onyx's backend/onyx/setup.py (start-up code beside onyx/__init__.py) made onyx/ the root
    const root = tmp();
    writeTree(root, {
      "alembic.ini": "",
      "onyx/__init__.py": "",
      "onyx/setup.py": "def setup_onyx() -> None: ...\n",
      "onyx/db/models.py": "",
    });
    expect(findRoot(join(root, "onyx/db/models.py"))).toBe(root);
  });

  it("falls back to the current directory", () => {
    const root = tmp();
    mkdirSync(join(root, "a"));
    expect(findRoot(join(root, "a/x.py"))).toBe(process.cwd());
  });
});

describe("package-by-feature directories named like a layer", () => {
  it("a domain directory named `service` beside models.py and views.py is no services layer", () => {
    const project = projectOf({
      "pyproject.toml": "",
      "dispatch/feedback/service/__init__.py": "",
      "dispatch/feedback/service/models.py": "from .enums import Rating\n",
      "dispatch/feedback/service/views.py": "",
      "dispatch/feedback/service/enums.py": "class Rating: ...\n",
      "app/services/__init__.py": "",
      "app/services/post_service.py": "",
      "app/services/helpers.py": "",
    });
    expect(project.roleOf("dispatch/feedback/service/enums.py")).toBe("roots");
    expect(project.roleOf("dispatch/feedback/service/models.py")).toBe("models");
    expect(project.roleOf("dispatch/feedback/service/views.py")).toBe("routes");
    // A layer directory whose named files agree with it stays that layer.
    expect(project.roleOf("app/services/helpers.py")).toBe("services");
  });

  it("a `core` directory that holds its own services/, views/ and crud/ is an app, not the shared layer", () => {
    const project = projectOf({
      "pyproject.toml": "",
      "lnbits/core/__init__.py": "from .views.api import router\n",
      "lnbits/core/tasks.py": "",
      "lnbits/core/views/api.py": "",
      "lnbits/core/services/payments.py": "",
      "lnbits/core/crud/payments.py": "",
      "lnbits/core/migrations.py": "",
      "app/core/config.py": "",
      "app/core/utils/dates.py": "",
    });
    expect(project.roleOf("lnbits/core/__init__.py")).toBe("roots");
    expect(project.roleOf("lnbits/core/tasks.py")).toBe("roots");
    expect(project.roleOf("lnbits/core/views/api.py")).toBe("routes");
    expect(project.roleOf("lnbits/core/crud/payments.py")).toBe("repositories");
    // why: lnbits' migrations.py holds the DDL functions of its own migration runner
    expect(project.roleOf("lnbits/core/migrations.py")).toBe("migrations");
    // A core/ with only shared things inside stays shared.
    expect(project.roleOf("app/core/config.py")).toBe("shared");
    expect(project.roleOf("app/core/utils/dates.py")).toBe("shared");
  });

  it("a monorepo's `packages/core` with controllers and services deeper down is an app, not the shared layer", () => {
    const project = projectOf({
      "package.json": "{}",
      "packages/core/src/lib/contact/contact.controller.ts": "",
      "packages/core/src/lib/contact/contact.service.ts": "",
      "packages/core/src/lib/contact/contact.subscriber.ts": "",
      "packages/core/src/lib/contact/guards/contact.guard.ts": "",
      "packages/utils/src/core/dates.ts": "",
      "packages/utils/src/core/models/money.model.ts": "",
    });
    expect(project.roleOf("packages/core/src/lib/contact/contact.subscriber.ts")).toBe("roots");
    expect(project.roleOf("packages/core/src/lib/contact/guards/contact.guard.ts")).toBe("roots");
    expect(project.roleOf("packages/core/src/lib/contact/contact.service.ts")).toBe("services");
    // why: models below a core/ directory do not make it an app: the shared layer may use models
    expect(project.roleOf("packages/utils/src/core/dates.ts")).toBe("shared");
  });
});

describe("tsUsesOrm", () => {
  it("finds the ORM through the models a model builds on, also inside an import cycle", () => {
    const project = projectOf({
      "package.json": "{}",
      "src/models/order.entity.ts":
        'import { Line } from "./line.entity";\nimport { Base } from "./base.entity";\nexport class Order extends Base { lines: Line[] = []; }\n',
      "src/models/line.entity.ts":
        'import { Order } from "./order.entity";\nexport class Line { order?: Order; }\n',
      "src/models/base.entity.ts":
        'import { PrimaryGeneratedColumn } from "typeorm";\nexport class Base { @PrimaryGeneratedColumn() id!: number; }\n',
      "src/models/feature.model.ts": "export interface Feature { id: number }\n",
    });
    // why: asked first, the order meets the line, which leads back to the order before its base is read
    expect(project.tsUsesOrm("src/models/order.entity.ts")).toBe(true);
    expect(project.tsUsesOrm("src/models/line.entity.ts")).toBe(true);
    expect(project.tsUsesOrm("src/models/feature.model.ts")).toBe(false);
  });
});

describe("Alembic script directories", () => {
  it("make the Python files of their versions/ migrations, wherever alembic.ini points", () => {
    const dir = tmp();
    const files: Record<string, string> = {
      "pyproject.toml": "",
      "src/dispatch/__init__.py": "",
      "src/dispatch/database/revisions/core/env.py": "",
      "src/dispatch/database/revisions/core/versions/2021_07_22_c0bc.py": "",
      "src/dispatch/services/versions/compare.py": "",
      "src/dispatch/database/core.py": "",
    };
    writeTree(dir, files);
    const project = new Project(dir);
    expect(project.roleOf("src/dispatch/database/revisions/core/versions/2021_07_22_c0bc.py")).toBe(
      "migrations",
    );
    // why: a versions/ package without an env.py beside it is not Alembic's
    expect(project.roleOf("src/dispatch/services/versions/compare.py")).toBe("services");
    expect(project.roleOf("src/dispatch/database/core.py")).toBe("roots");
  });
});

describe("Project.isStale", () => {
  it("notices a Python file added, changed or removed after the files were listed", () => {
    const dir = mkdtempSync(join(tmpdir(), "layerlint-stale-"));
    writeFileSync(join(dir, "pyproject.toml"), "");
    writeFileSync(join(dir, "a.py"), "import b\n");
    writeFileSync(join(dir, "b.py"), "x = 1\n");
    const project = new Project(dir);
    expect(project.isStale()).toBe(false);
    expect(project.files.python).toEqual(["a.py", "b.py"]);
    expect(project.isStale()).toBe(false);
    writeFileSync(join(dir, "c.py"), "");
    expect(project.isStale()).toBe(true);
    const again = new Project(dir);
    void again.files;
    writeFileSync(join(dir, "b.py"), "import a\nx = 2\n");
    expect(again.isStale()).toBe(true);
    rmSync(dir, { recursive: true, force: true });
  });

  it("notices a new drizzle-kit snapshot in the config's out directory (relative to the root)", () => {
    const dir = mkdtempSync(join(tmpdir(), "layerlint-stale-drizzle-"));
    writeFileSync(join(dir, "package.json"), "{}");
    mkdirSync(join(dir, "infra/db/migrations/meta"), { recursive: true });
    writeFileSync(
      join(dir, "infra/db/drizzle.config.ts"),
      'export default { out: "infra/db/migrations", schema: "src/**/*.model.ts" };\n',
    );
    writeFileSync(join(dir, "infra/db/migrations/meta/_journal.json"), '{"entries":[]}\n');
    const project = new Project(dir);
    void project.files;
    expect(project.isStale()).toBe(false);
    writeFileSync(join(dir, "infra/db/migrations/meta/0000_snapshot.json"), "{}\n");
    expect(project.isStale()).toBe(true);
    rmSync(dir, { recursive: true, force: true });
  });

  it("notices a Prisma schema or a new migration.sql (the schema's findings depend on both)", () => {
    const dir = mkdtempSync(join(tmpdir(), "layerlint-stale-prisma-"));
    writeFileSync(join(dir, "package.json"), "{}");
    mkdirSync(join(dir, "prisma/migrations/20240101000000_init"), { recursive: true });
    writeFileSync(join(dir, "prisma/schema.prisma"), "model A {\n  id Int @id\n}\n");
    writeFileSync(join(dir, "prisma/migrations/20240101000000_init/migration.sql"), "");
    const project = new Project(dir);
    expect(project.files.prisma).toEqual(["prisma/schema.prisma"]);
    expect(project.isStale()).toBe(false);
    mkdirSync(join(dir, "prisma/migrations/20240201000000_add_b"));
    writeFileSync(join(dir, "prisma/migrations/20240201000000_add_b/migration.sql"), "SELECT 1;\n");
    expect(project.isStale()).toBe(true);
    rmSync(dir, { recursive: true, force: true });
  });
});
