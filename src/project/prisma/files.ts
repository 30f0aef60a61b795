/**
 * The files a Prisma schema's findings depend on besides the schema, found
 * without a `Project` (the engine's cache fingerprint and `Project.isStale`
 * both ask).
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { compareStrings } from "../files.js";

/**
 * Every `migration.sql` beside the given schema files (`<dir>/migrations/*\/migration.sql`,
 * also one level up for a `prisma/schema/` folder), relative to the root: the files a
 * schema's findings depend on besides the schema itself (for cache fingerprints).
 */
export function prismaMigrationFiles(root: string, schemaFiles: readonly string[]): string[] {
  const dirs = new Set<string>();
  for (const file of schemaFiles) {
    let dir = file.includes("/") ? file.slice(0, file.lastIndexOf("/")) : "";
    for (let up = 0; up < 3; up++) {
      dirs.add(dir === "" ? "migrations" : `${dir}/migrations`);
      if (dir === "") break;
      dir = dir.includes("/") ? dir.slice(0, dir.lastIndexOf("/")) : "";
    }
  }
  const files: string[] = [];
  for (const dir of dirs) {
    let folders: string[];
    try {
      folders = readdirSync(join(root, dir), { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name);
    } catch {
      continue;
    }
    for (const folder of folders) {
      const rel = `${dir}/${folder}/migration.sql`;
      if (existsSync(join(root, rel))) files.push(rel);
    }
  }
  return files.sort(compareStrings);
}
