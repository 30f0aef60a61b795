import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { Project } from "../../src/project/project.js";
import { detectSourceRoots, PythonModuleIndex } from "../../src/project/python/modules.js";

const fixture = (name: string): string =>
  fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

/** Every import of `file`, as [module, targets as "name -> direct => file", external, unresolved]. */
function resolved(project: Project, file: string) {
  return project
    .resolvedImportsOf(file)
    .map((r) => [
      r.record.module,
      r.targets.map((t) => `${t.name} -> ${t.direct}${t.file === t.direct ? "" : ` => ${t.file}`}`),
      r.external,
      r.unresolved,
    ]);
}

describe("source roots", () => {
  it("takes configured roots, the root, src/ and parents of top-level packages, in that order", () => {
    const project = new Project(fixture("src-layout"));
    expect(project.python.roots).toEqual(["", "src", "backend"]);
    const withConfig = new Project(fixture("src-layout"), {
      ...project.settings,
      python: { version: "3.13", sourceRoots: ["./src/nspkg/", "lib"] },
    });
    expect(withConfig.python.roots).toEqual(["src/nspkg", "lib", "", "src", "backend"]);
  });

  it("does not make a namespace package that holds modules a root", () => {
    // why: app/ holds main.py, so app/kafka/__init__.py must not become a top-level `kafka`
    expect(new Project(fixture("namespace-app")).python.roots).toEqual([""]);
    expect(detectSourceRoots(["app/main.py", "app/kafka/__init__.py"], [])).toEqual([""]);
    expect(detectSourceRoots(["backend/app/__init__.py", "backend/app/main.py"], [])).toEqual([
      "",
      "backend",
    ]);
  });
});

describe("moduleOf", () => {
  it("names modules and packages from the deepest root", () => {
    const project = new Project(fixture("src-layout"));
    expect(project.moduleOf("src/mypkg/__init__.py")).toBe("mypkg");
    expect(project.moduleOf("src/mypkg/core/engine.py")).toBe("mypkg.core.engine");
    expect(project.moduleOf("src/nspkg/sub/mod.py")).toBe("nspkg.sub.mod");
    expect(project.moduleOf("backend/app/worker.py")).toBe("app.worker");
    expect(project.moduleOf(`${fixture("src-layout")}/src/mypkg/api/v1/handlers.py`)).toBe(
      "mypkg.api.v1.handlers",
    );
    expect(project.moduleOf("pyproject.toml")).toBeNull();
  });

  it("prefers a root under which every part is an identifier", () => {
    const index = new PythonModuleIndex(["my-service/app/__init__.py", "my-service/app/x.py"]);
    expect(index.roots).toEqual(["", "my-service"]);
    expect(index.moduleOf("my-service/app/x.py")).toBe("app.x");
    expect(index.moduleOf("alembic/versions/001_x.py")).toBe("alembic.versions.001_x");
  });

  it("maps module names back to files", () => {
    const project = new Project(fixture("src-layout"));
    expect(project.python.fileOf("mypkg.core")).toBe("src/mypkg/core/__init__.py");
    expect(project.python.fileOf("mypkg.util")).toBe("src/mypkg/util.py");
    expect(project.python.fileOf("nspkg.sub")).toBeNull();
    expect(project.python.fileOf("requests")).toBeNull();
  });
});

describe("resolve", () => {
  it("resolves relative imports, including `from .. import x`, and tells libraries apart", () => {
    const project = new Project(fixture("src-layout"));
    expect(resolved(project, "src/mypkg/core/engine.py")).toEqual([
      ["requests", [], "requests", false],
      ["os", [], "os", false],
      ["..", ["util -> src/mypkg/util.py"], null, false],
      ["..util", ["helper -> src/mypkg/util.py"], null, false],
      [".", ["plugins -> src/mypkg/core/plugins.py"], null, false],
      [".plugins", ["* -> src/mypkg/core/plugins.py"], null, false],
      [".missing", [], null, true],
    ]);
  });

  it("marks a missing module of a project package unresolved, not external", () => {
    const project = new Project(fixture("src-layout"));
    expect(resolved(project, "src/mypkg/core/plugins.py")).toEqual([
      ["....", [], null, true],
      ["mypkg.nothere", [], null, true],
    ]);
  });

  it("follows __init__ re-exports over several hops, wildcard ones too, and stops at a cycle", () => {
    const project = new Project(fixture("src-layout"));
    expect(resolved(project, "src/mypkg/cli.py")).toEqual([
      [
        "mypkg.api",
        [
          "Handler -> src/mypkg/api/__init__.py => src/mypkg/api/v1/handlers.py",
          "VERSION -> src/mypkg/api/__init__.py => src/mypkg/api/v1/__init__.py",
        ],
        null,
        false,
      ],
      ["mypkg.loop", ["Spin -> src/mypkg/loop/__init__.py"], null, false],
      ["mypkg", ["api -> src/mypkg/api/__init__.py"], null, false],
    ]);
  });

  it("resolves namespace packages (no __init__.py)", () => {
    const project = new Project(fixture("src-layout"));
    expect(resolved(project, "src/nspkg/sub/mod.py")).toEqual([
      ["nspkg.sub", ["other -> src/nspkg/sub/other.py"], null, false],
      ["nspkg.sub.other", ["null -> src/nspkg/sub/other.py"], null, false],
      ["nspkg.sub.other", ["thing -> src/nspkg/sub/other.py"], null, false],
      // why: a namespace portion loses to any regular package of that name, so a name it lacks is a library's
      ["nspkg.sub", [], "nspkg", false],
    ]);
  });

  it("resolves through a package parent root", () => {
    const project = new Project(fixture("src-layout"));
    expect(resolved(project, "backend/app/main.py")).toEqual([
      ["app.worker", ["run -> backend/app/worker.py"], null, false],
    ]);
  });

  it("keeps a library whose name a project namespace directory shares external", () => {
    const project = new Project(fixture("namespace-app"));
    expect(resolved(project, "app/main.py")).toEqual([
      ["kafka", [], "kafka", false],
      ["app.kafka", ["producer_for -> app/kafka/__init__.py"], null, false],
      ["app.routers", ["items -> app/routers/items.py"], null, false],
    ]);
    expect(resolved(project, "app/routers/items.py")).toEqual([
      ["app.kafka", ["null -> app/kafka/__init__.py"], null, false],
    ]);
    const app = new Project(fixture("fastapi-app"));
    expect(resolved(app, "alembic/env.py")).toEqual([
      ["alembic", [], "alembic", false],
      ["app.models", ["Base -> app/models/__init__.py => app/models/base.py"], null, false],
    ]);
  });

  it("resolves a FastAPI app's layers through its package facades", () => {
    const project = new Project(fixture("fastapi-app"));
    expect(resolved(project, "app/api/routes/posts.py")).toEqual([
      ["typing", [], "typing", false],
      ["fastapi", [], "fastapi", false],
      [
        "app.schemas.post",
        ["PostCreate -> app/schemas/post.py", "PostOut -> app/schemas/post.py"],
        null,
        false,
      ],
      [
        "app.services",
        ["PostService -> app/services/__init__.py => app/services/post_service.py"],
        null,
        false,
      ],
      ["..deps", ["get_post_service -> app/api/deps.py"], null, false],
      ["...", ["core -> app/core/__init__.py"], null, false],
      ["app.models.post", ["Post -> app/models/post.py"], null, false],
    ]);
    expect(resolved(project, "app/services/post_service.py")).toEqual([
      [
        "app.repositories.post_repository",
        ["PostRepository -> app/repositories/post_repository.py"],
        null,
        false,
      ],
      [
        "app.schemas",
        ["PostCreate -> app/schemas/__init__.py => app/schemas/post.py"],
        null,
        false,
      ],
    ]);
    expect(resolved(project, "app/repositories/post_repository.py")).toEqual([
      ["sqlalchemy", [], "sqlalchemy", false],
      ["sqlalchemy.ext.asyncio", [], "sqlalchemy", false],
      ["app.models", ["Post -> app/models/__init__.py => app/models/post.py"], null, false],
    ]);
    // why: app/db has no __init__.py; session.py is found through the namespace package
    expect(resolved(project, "app/api/deps.py")[0]).toEqual([
      "app.db.session",
      ["get_db -> app/db/session.py"],
      null,
      false,
    ]);
  });
});
