/**
 * Where a project's drizzle-kit history lives, read from its `drizzle.config.*`
 * files without a `Project` (the migration reader, `Project.isStale` and the
 * engine's cache fingerprint all ask).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** A drizzle-kit config file: `drizzle.config.ts`, `.js`, `.mts`, `.cjs`, ... */
export function isDrizzleConfig(rel: string): boolean {
  return /(^|\/)drizzle\.config\.[cm]?[jt]s$/.test(rel);
}

/**
 * The directories `out` may name, root-relative: drizzle-kit resolves it against
 * the directory it runs in, usually the project root (`drizzle-kit generate
 * --config infra/db/drizzle.config.ts`), else the config's own directory.
 * Default `drizzle`.
 */
export function drizzleOutDirs(config: string, text: string): string[] {
  const out = /\bout\s*:\s*["'`]([^"'`]+)["'`]/.exec(text)?.[1] ?? "drizzle";
  const dir = config.includes("/") ? config.slice(0, config.lastIndexOf("/") + 1) : "";
  return [...new Set((dir ? [out, dir + out] : [out]).map(normalize))];
}

/** The journal and snapshots (`<out>/meta/*.json`) of every drizzle config among `files`. */
export function drizzleSnapshotFiles(root: string, files: readonly string[]): string[] {
  const found: string[] = [];
  for (const config of files.filter(isDrizzleConfig)) {
    let text: string;
    try {
      text = readFileSync(join(root, config), "utf8");
    } catch {
      continue;
    }
    for (const out of drizzleOutDirs(config, text)) {
      let names: string[];
      try {
        names = readdirSync(join(root, out, "meta"));
      } catch {
        continue;
      }
      for (const name of names) if (name.endsWith(".json")) found.push(`${out}/meta/${name}`);
    }
  }
  return [...new Set(found)].sort();
}

/** `./a/../b/` -> `b`: a root-relative POSIX path without dots. */
function normalize(path: string): string {
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return out.join("/");
}
