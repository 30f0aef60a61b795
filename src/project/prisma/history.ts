/**
 * A Prisma schema's place in the project: the files that make up the schema (one
 * file, or every `.prisma` file of a multi-file schema folder), its migrations
 * (`<schema dir>/migrations/<folder>/migration.sql`, in folder order) and what
 * replaying them leaves in the database. Cached per Project (an editor's server
 * drops the Project when files change, and this cache with it).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parsePrisma } from "../../languages/prisma/parser.js";
import type { PrismaSchemaNode } from "../../languages/prisma/nodes.js";
import {
  dialectOfProvider,
  emptyDdlSchema,
  replaySql,
  type DdlSchema,
  type SqlDialect,
} from "../ddl.js";
import { compareStrings } from "../files.js";
import type { Project } from "../project.js";
import { prismaSchemaModel, type PrismaSchemaModel } from "./schema.js";

export interface PrismaMigrationHistory {
  /** The migrations folder, relative to the root. */
  dir: string;
  /** Each `migration.sql`, relative to the root, in the order Prisma applies them. */
  files: string[];
  dialect: SqlDialect;
  /** The database after every migration; `notes` lists statements that did not parse. */
  schema: DdlSchema;
}

interface Cache {
  configured: string | null | undefined;
  asts: Map<string, PrismaSchemaNode | null>;
  histories: Map<string, PrismaMigrationHistory | null>;
}

const caches = new WeakMap<Project, Cache>();

function cacheOf(project: Project): Cache {
  let cache = caches.get(project);
  if (!cache)
    caches.set(project, (cache = { configured: undefined, asts: new Map(), histories: new Map() }));
  return cache;
}

const isDir = (path: string) => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

/** The schema path `package.json` names (`"prisma": { "schema": "db/schema.prisma" }`), relative to the root. */
function configuredSchema(project: Project): string | null {
  const cache = cacheOf(project);
  if (cache.configured === undefined) {
    cache.configured = null;
    try {
      const pkg = JSON.parse(readFileSync(join(project.root, "package.json"), "utf8")) as {
        prisma?: { schema?: unknown };
      };
      const path = pkg.prisma?.schema;
      if (typeof path === "string")
        cache.configured = path.replace(/^\.\//u, "").replace(/\/+$/u, "");
    } catch {
      // No package.json, or not JSON: the default locations apply.
    }
  }
  return cache.configured;
}

/** The `.prisma` files of the project (discovered sources, or the default locations). */
function prismaFiles(project: Project): string[] {
  const found = project.files.prisma;
  if (found) return found;
  return ["prisma/schema.prisma", "schema.prisma"].filter((f) => existsSync(join(project.root, f)));
}

/**
 * The files of the schema `file` belongs to, and the folder they share: a multi-file
 * schema is the `package.json`-configured folder or a `prisma/schema/` folder.
 */
export function prismaSchemaGroup(
  project: Project,
  file: string,
): { files: string[]; dir: string } {
  const configured = configuredSchema(project);
  const folder =
    configured !== null &&
    isDir(join(project.root, configured)) &&
    file.startsWith(`${configured}/`)
      ? configured
      : (/^(.*\/)?prisma\/schema(?=\/)/u.exec(file)?.[0] ?? null);
  if (folder === null)
    return { files: [file], dir: file.includes("/") ? file.slice(0, file.lastIndexOf("/")) : "" };
  const files = prismaFiles(project).filter((f) => f.startsWith(`${folder}/`));
  if (!files.includes(file)) files.push(file);
  return { files: files.sort(compareStrings), dir: folder };
}

/** A schema file parsed from disk (null when unreadable or invalid). */
function astOf(project: Project, file: string): PrismaSchemaNode | null {
  const cache = cacheOf(project);
  if (!cache.asts.has(file)) {
    let ast: PrismaSchemaNode | null = null;
    try {
      const result = parsePrisma(readFileSync(join(project.root, file), "utf8"));
      if (result.ok) ast = result.ast;
    } catch {
      // Unreadable: the schema is judged without it.
    }
    cache.asts.set(file, ast);
  }
  return cache.asts.get(file)!;
}

/** The schema model of `file`'s schema: this file as linted, the rest of a multi-file schema from disk. */
export function prismaSchemaOf(
  project: Project,
  file: string,
  linted: PrismaSchemaNode,
): { model: PrismaSchemaModel; dir: string } {
  const group = prismaSchemaGroup(project, file);
  const files = group.files.flatMap((f) => {
    const ast = f === file ? linted : astOf(project, f);
    return ast ? [{ file: f, ast }] : [];
  });
  return { model: prismaSchemaModel(files), dir: group.dir };
}

/** The provider `migration_lock.toml` records, for a schema without a datasource in reach. */
function lockedProvider(root: string, dir: string): string | null {
  try {
    const text = readFileSync(join(root, dir, "migration_lock.toml"), "utf8");
    return /^\s*provider\s*=\s*"([^"]+)"/mu.exec(text)?.[1] ?? null;
  } catch {
    return null;
  }
}

/**
 * The migration history next to a schema folder `dir` (`dir/migrations`, or its
 * parent's for a `prisma/schema/` folder), replayed; null when there is none.
 */
export function prismaMigrations(
  project: Project,
  dir: string,
  provider: string | null,
): PrismaMigrationHistory | null {
  const cache = cacheOf(project);
  const key = `${dir}\0${provider ?? ""}`;
  if (cache.histories.has(key)) return cache.histories.get(key)!;
  let history: PrismaMigrationHistory | null = null;
  const parent = dir.includes("/") ? dir.slice(0, dir.lastIndexOf("/")) : "";
  const candidates = [dir, ...(dir.endsWith("schema") ? [parent] : [])].map((d) =>
    d === "" ? "migrations" : `${d}/migrations`,
  );
  const found = candidates.find((d) => isDir(join(project.root, d)));
  const dialect = found
    ? dialectOfProvider(provider ?? lockedProvider(project.root, found) ?? "")
    : null;
  if (found && dialect) {
    let folders: string[];
    try {
      folders = readdirSync(join(project.root, found), { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort(compareStrings);
    } catch {
      folders = [];
    }
    const schema = emptyDdlSchema();
    const files: string[] = [];
    for (const folder of folders) {
      const rel = `${found}/${folder}/migration.sql`;
      let text: string;
      try {
        text = readFileSync(join(project.root, rel), "utf8");
      } catch {
        continue;
      }
      files.push(rel);
      replaySql(schema, text, dialect, rel);
    }
    history = { dir: found, files, dialect, schema };
  }
  cache.histories.set(key, history);
  return history;
}
