import type { Project } from "../../src/project/project.js";

const hints = new WeakMap<Project, Map<string, string>>();

/**
 * "a repository (app/repositories/)" when the project's repositories of one
 * language share one repositories directory; a package-by-feature layout
 * (app/posts/repository.py, src/posts/posts.repository.ts) has no single place to name.
 */
export function repositoryHint(project: Project, language: "python" | "typescript"): string {
  let byLanguage = hints.get(project);
  if (!byLanguage) hints.set(project, (byLanguage = new Map()));
  let hint = byLanguage.get(language);
  if (hint === undefined) {
    const dirs = new Set(
      project.files[language]
        .filter((f) => project.roleOf(f) === "repositories")
        .map((f) => f.slice(0, f.lastIndexOf("/") + 1)),
    );
    const [dir] = dirs;
    hint =
      dirs.size === 1 && dir && /(?:^|\/)repositor(?:y|ies)\/$/u.test(dir)
        ? `a repository (${dir})`
        : "a repository";
    byLanguage.set(language, hint);
  }
  return hint;
}
