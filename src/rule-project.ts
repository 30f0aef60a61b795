/**
 * How a rule reaches the project model. The CLI hands rules settings it has
 * already loaded and validated (`settings.layerlintResolved`, with the root);
 * ESLint plugin users write `settings.layerlint`, validated here once.
 */
import { ConfigError, validateSettings } from "./config/index.js";
import { DEFAULT_PROJECT_SETTINGS, type ProjectSettings } from "./project/defaults.js";
import { findRoot, getProject, invalidate, type Project } from "./project/project.js";
import { isFrontendModule } from "./project/typescript/frontend.js";

interface RuleContextLike {
  filename: string;
  physicalFilename?: string;
  settings?: Record<string, unknown>;
}

const settingsCache = new WeakMap<object, ProjectSettings>();

/** `--since <ref>`: the files that differ from a git ref, relative to the project root. */
export interface SinceInfo {
  ref: string;
  /** Changed, added or renamed since the ref (working tree, staged or not, untracked too). */
  changed: string[];
  /** Of those, the files that did not exist at the ref. */
  added: string[];
}

/** What the CLI passes: validated settings and the project root. */
export interface ResolvedSettings {
  root: string;
  settings: ProjectSettings;
  since?: SinceInfo;
}

/** The `--since` facts of this run, when the CLI was given `--since <ref>`. */
export function sinceOf(context: RuleContextLike): SinceInfo | null {
  return (context.settings?.layerlintResolved as ResolvedSettings | undefined)?.since ?? null;
}

/** Validates a plugin user's `settings.layerlint` (once per settings object); throws on problems. */
function pluginSettings(raw: unknown): ProjectSettings {
  if (raw === undefined || raw === null) return DEFAULT_PROJECT_SETTINGS;
  if (typeof raw === "object") {
    const cached = settingsCache.get(raw);
    if (cached) return cached;
  }
  const { settings, problems } = validateSettings(raw, "settings.layerlint");
  if (problems.length > 0) throw new ConfigError(problems);
  if (typeof raw === "object") settingsCache.set(raw, settings);
  return settings;
}

const STALENESS_CHECK_MS = 3000;
const lastChecked = new WeakMap<Project, number>();

function isStaleNow(project: Project): boolean {
  const now = Date.now();
  const last = lastChecked.get(project);
  if (last === undefined || now - last < STALENESS_CHECK_MS) {
    if (last === undefined) lastChecked.set(project, now);
    return false;
  }
  lastChecked.set(project, now);
  return project.isStale();
}

/** Projects by settings object and root: rules ask once per file, so skip getProject's hashing. */
const projectsBySettings = new WeakMap<object, Map<string, Project>>();

/** The project the linted file belongs to and the file's path in it, or null outside any root. */
export function projectFor(context: RuleContextLike): { project: Project; file: string } | null {
  const resolved = context.settings?.layerlintResolved as ResolvedSettings | undefined;
  const filename = context.physicalFilename ?? context.filename;
  const root = resolved?.root ?? findRoot(filename);
  const settings = resolved?.settings ?? pluginSettings(context.settings?.layerlint);
  let byRoot = projectsBySettings.get(settings);
  if (!byRoot) projectsBySettings.set(settings, (byRoot = new Map()));
  let project = byRoot.get(root);
  if (!project) byRoot.set(root, (project = getProject(root, settings)));
  // An editor's ESLint server lives for hours: see files change on disk, checked at most
  // every few seconds. A CLI run (layerlintResolved) sees one tree and never rechecks.
  if (!resolved && isStaleNow(project)) {
    invalidate();
    byRoot.set(root, (project = getProject(root, settings)));
  }
  const file = project.relative(filename);
  return file === null ? null : { project, file };
}

/**
 * For TypeScript/JavaScript rules about the backend's code: the project, the file
 * and its text, or null for a test, a migration or a front-end module (Angular,
 * React, Vue, Svelte), which those rules leave alone.
 */
export function backendScriptOf(
  context: RuleContextLike & { sourceCode: unknown },
): { project: Project; file: string; text: string } | null {
  const where = projectFor(context);
  if (!where) return null;
  const role = where.project.roleOf(where.file);
  if (role === "tests" || role === "migrations") return null;
  const text = (context.sourceCode as { text: string }).text;
  return isFrontendModule(text) ? null : { ...where, text };
}
