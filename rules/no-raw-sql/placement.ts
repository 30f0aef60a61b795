/** Where a raw SQL statement sits and where it belongs: shared by the Python and TypeScript sides. */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Role } from "../../src/project/defaults.js";
import type { Project } from "../../src/project/project.js";

/** Where SQL belongs: the data layer and the schema history. */
export const EXEMPT = new Set<Role>(["repositories", "migrations"]);

/** How messages name the module a statement sits in, by its role. */
export const WHERE: Record<Role, string> = {
  routes: "a route module",
  services: "a service module",
  repositories: "a repository module",
  models: "a model module",
  schemas: "a schema module",
  events: "an events module",
  shared: "a shared module",
  roots: "a composition root",
  migrations: "a migration",
  tests: "a test module",
};

const MANIFESTS = ["package.json", "pyproject.toml", "setup.py", "setup.cfg"];
const packageRoots = new WeakMap<Project, Map<string, string>>();

/** The nearest directory at or above `dir` (relative, "" for the root) that holds a package manifest. */
function packageRootOf(project: Project, dir: string): string {
  let cache = packageRoots.get(project);
  if (!cache) packageRoots.set(project, (cache = new Map()));
  const known = cache.get(dir);
  if (known !== undefined) return known;
  let found = "";
  if (dir !== "") {
    found = MANIFESTS.some((m) => existsSync(join(project.root, dir, m)))
      ? dir
      : packageRootOf(project, dir.includes("/") ? dir.slice(0, dir.lastIndexOf("/")) : "");
  }
  cache.set(dir, found);
  return found;
}

const dirOf = (file: string) => (file.includes("/") ? file.slice(0, file.lastIndexOf("/")) : "");

const directories = new WeakMap<Project, Map<string, string[]>>();

/** The directories of a language's repository modules, named like a repositories layer. */
function repositoryDirs(project: Project, language: "python" | "typescript"): string[] {
  let byLanguage = directories.get(project);
  if (!byLanguage) directories.set(project, (byLanguage = new Map()));
  let dirs = byLanguage.get(language);
  if (dirs === undefined) {
    dirs = [
      ...new Set(
        project.files[language]
          .filter((f) => project.roleOf(f) === "repositories")
          .map((f) => f.slice(0, f.lastIndexOf("/") + 1)),
      ),
    ];
    byLanguage.set(language, dirs);
  }
  return dirs;
}

/**
 * "a repository (app/repositories/)" when the repositories of `file`'s package
 * (the nearest `package.json` or `pyproject.toml`) share one directory named
 * like a repositories layer. A package-by-feature layout
 * (`src/posts/posts.repository.ts`), or repositories of another package of a
 * monorepo, give no single place to name.
 */
export function repositoryHint(
  project: Project,
  language: "python" | "typescript",
  file: string,
): string {
  const home = packageRootOf(project, dirOf(file));
  const near = repositoryDirs(project, language).filter(
    (dir) => packageRootOf(project, dir.slice(0, -1)) === home,
  );
  return near.length === 1 && /(?:^|\/)repositor(?:y|ies)\/$/u.test(near[0])
    ? `a repository (${near[0]})`
    : "a repository";
}
