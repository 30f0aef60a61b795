/** How a rule reaches the project model: from `settings.layerlint` and the linted file. */
import { DEFAULT_PROJECT_SETTINGS, type ProjectSettings } from "./project/defaults.js";
import { findRoot, getProject, type Project } from "./project/project.js";

interface RuleContextLike {
  filename: string;
  physicalFilename?: string;
  settings?: Record<string, unknown>;
}

const settingsCache = new WeakMap<object, ProjectSettings>();

/**
 * The project settings in `settings.layerlint` (already validated by the CLI or
 * by the plugin's config loader), with the catalog's defaults for what is missing.
 */
export function projectSettings(raw: unknown): ProjectSettings {
  if (!raw || typeof raw !== "object") return DEFAULT_PROJECT_SETTINGS;
  let settings = settingsCache.get(raw);
  if (!settings) {
    const given = raw as Partial<ProjectSettings>;
    settings = {
      layers: { ...DEFAULT_PROJECT_SETTINGS.layers, ...given.layers },
      fileNames: { ...DEFAULT_PROJECT_SETTINGS.fileNames, ...given.fileNames },
      fileSuffixes: { ...DEFAULT_PROJECT_SETTINGS.fileSuffixes, ...given.fileSuffixes },
      ignore: given.ignore ?? DEFAULT_PROJECT_SETTINGS.ignore,
      python: { ...DEFAULT_PROJECT_SETTINGS.python, ...given.python },
    };
    settingsCache.set(raw, settings);
  }
  return settings;
}

/** The project the linted file belongs to and the file's path in it, or null outside any root. */
export function projectFor(context: RuleContextLike): { project: Project; file: string } | null {
  const raw = context.settings?.layerlint as { root?: string } | undefined;
  const filename = context.physicalFilename ?? context.filename;
  const root = raw?.root ?? findRoot(filename);
  const project = getProject(root, projectSettings(raw));
  const file = project.relative(filename);
  return file === null ? null : { project, file };
}
