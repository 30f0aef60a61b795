/**
 * What the project at a root is built with, from its manifests and lock files
 * only: layerlint never installs, imports or runs anything to find out.
 */
import { readdirSync, readFileSync, type Dirent } from "node:fs";
import { join } from "node:path";
import { readPackageJson, readPyproject } from "./load.js";
import { isPlainObject, PYTHON_VERSIONS } from "./schema.js";

export interface DetectedStack {
  python: boolean;
  typescript: boolean;
  fastapi: boolean;
  /** The Pydantic major version the project installs; null when nothing says. */
  pydanticMajor: 1 | 2 | null;
  /** Whether the database is reached through an async driver; null when nothing says. */
  asyncDb: boolean | null;
}

/** Packages whose presence in package.json makes a TypeScript backend. */
export const TS_BACKEND_PACKAGES: readonly string[] = [
  "express",
  "@nestjs/core",
  "fastify",
  "hono",
  "koa",
  "@prisma/client",
  "typeorm",
  "drizzle-orm",
  "kysely",
  "kafkajs",
];

const ASYNC_DB_DRIVERS = new Set(["asyncpg", "aiosqlite", "aiomysql", "asyncmy"]);

/** Directories that hold other people's Python (or none worth a look). */
const SKIPPED_DIRS = new Set(["node_modules", "__pycache__", "venv", "env", "site-packages"]);

const LOCK_FILES = ["uv.lock", "poetry.lock", "pdm.lock"];

interface Requirement {
  /** PEP 503 normalized: lowercase, runs of `-_.` as one `-`. */
  name: string;
  extras: string[];
  /** A PEP 440 specifier or a Poetry constraint; "" when unpinned. */
  constraint: string;
}

function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}

/** A PEP 508 requirement (`pydantic[email]>=2 ; python_version >= "3.9"`), or null. */
export function parseRequirement(line: string): Requirement | null {
  const match = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?\s*(.*)$/.exec(line);
  if (!match) return null;
  let rest = match[3].split(";")[0].trim();
  // `name @ https://...` pins nothing we can read.
  if (rest.startsWith("@")) rest = "";
  rest = rest.replace(/^\((.*)\)$/, "$1").trim();
  const extras = (match[2] ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter((e) => e !== "");
  return { name: normalizeName(match[1]), extras, constraint: rest };
}

function versionParts(version: string): number[] {
  return version.split(".").map((part) => Number.parseInt(part, 10) || 0);
}

/** Whether some release of major version `major` satisfies one clause (`>=1.10`, `^2`, `<2`). */
function clauseAllows(op: string, version: string, major: number): boolean {
  const parts = versionParts(version);
  const vMajor = parts[0];
  switch (op) {
    case ">=":
    case ">":
      return vMajor <= major;
    case "<=":
      return major <= vMajor;
    case "<":
      return major < vMajor || (major === vMajor && parts.slice(1).some((p) => p > 0));
    case "!=":
      return true;
    default:
      // ==, ===, =, ~=, ~, ^ and a bare version all stay within the version's major.
      return vMajor === major;
  }
}

/**
 * The Pydantic major version a constraint resolves to: the newest major it
 * allows, as pip, uv and Poetry install the newest allowed release. Null when
 * the constraint bounds nothing (unpinned, `*`, only `!=`) or allows neither 1 nor 2.
 */
export function pydanticMajorOf(constraint: string): 1 | 2 | null {
  let bounded = false;
  const allowed = new Set<number>();
  // Poetry's `||` gives alternatives; within one, clauses are joined by commas or spaces.
  for (const alternative of constraint.split("||")) {
    const clauses = [
      ...alternative.matchAll(/(===|==|!=|~=|>=|<=|>|<|\^|~|=)?\s*(\d[\w.*+!]*)/g),
    ].map((m) => ({ op: m[1] ?? "==", version: m[2] }));
    if (clauses.some((c) => c.op !== "!=")) bounded = true;
    for (const major of [2, 1]) {
      if (clauses.length > 0 && clauses.every((c) => clauseAllows(c.op, c.version, major))) {
        allowed.add(major);
      }
    }
  }
  if (!bounded) return null;
  if (allowed.has(2)) return 2;
  if (allowed.has(1)) return 1;
  return null;
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return null;
  }
}

function listDir(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/** Requirements from a requirements file. */
function requirementsFromTxt(text: string): Requirement[] {
  const result: Requirement[] = [];
  for (const raw of text.replace(/\\\r?\n/g, " ").split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, "").trim();
    // Options (`-r`, `-e`, `--hash`) and bare URLs or paths name no package we can read.
    if (line === "" || line.startsWith("-") || /^[\w+.-]+:\/\/|^[./]/.test(line)) continue;
    const req = parseRequirement(line.split(/\s--/)[0]);
    if (req) result.push(req);
  }
  return result;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

function poetryRequirements(deps: unknown): Requirement[] {
  if (!isPlainObject(deps)) return [];
  const result: Requirement[] = [];
  for (const [name, spec] of Object.entries(deps)) {
    if (name === "python") continue;
    // A dependency is a constraint, a table with `version`, or a list of those per marker.
    const specs = Array.isArray(spec) ? spec : [spec];
    const constraints: string[] = [];
    const extras: string[] = [];
    for (const item of specs) {
      if (typeof item === "string") constraints.push(item);
      else if (isPlainObject(item)) {
        if (typeof item.version === "string") constraints.push(item.version);
        extras.push(...stringList(item.extras));
      }
    }
    result.push({ name: normalizeName(name), extras, constraint: constraints.join(" || ") });
  }
  return result;
}

function table(value: unknown, ...keys: string[]): unknown {
  let current = value;
  for (const key of keys) {
    if (!isPlainObject(current)) return undefined;
    current = current[key];
  }
  return current;
}

function pyprojectRequirements(pyproject: Record<string, unknown>): Requirement[] {
  const pep508: string[] = [...stringList(table(pyproject, "project", "dependencies"))];
  const optional = table(pyproject, "project", "optional-dependencies");
  if (isPlainObject(optional))
    for (const list of Object.values(optional)) pep508.push(...stringList(list));
  const groups = table(pyproject, "dependency-groups");
  if (isPlainObject(groups))
    for (const list of Object.values(groups)) pep508.push(...stringList(list));
  pep508.push(...stringList(table(pyproject, "tool", "uv", "dev-dependencies")));

  const result = pep508.map(parseRequirement).filter((r): r is Requirement => r !== null);
  const poetry = table(pyproject, "tool", "poetry");
  result.push(...poetryRequirements(table(poetry, "dependencies")));
  result.push(...poetryRequirements(table(poetry, "dev-dependencies")));
  const poetryGroups = table(poetry, "group");
  if (isPlainObject(poetryGroups)) {
    for (const group of Object.values(poetryGroups)) {
      result.push(...poetryRequirements(table(group, "dependencies")));
    }
  }
  return result;
}

/** `install_requires` of setup.cfg: the value's lines, indented under the key. */
function setupCfgRequirements(text: string): Requirement[] {
  const match = /^install_requires\s*=([^\n]*(?:\n[ \t]+[^\n]*)*)/m.exec(text);
  if (!match) return [];
  return requirementsFromTxt(match[1].replace(/^[ \t]+/gm, ""));
}

/** setup.py is code and is never run: only its string literals that name a known package count. */
function setupPyRequirements(text: string, wanted: ReadonlySet<string>): Requirement[] {
  const result: Requirement[] = [];
  for (const match of text.matchAll(/["']([A-Za-z0-9][^"'\n]*)["']/g)) {
    const req = parseRequirement(match[1]);
    if (req && wanted.has(req.name)) result.push(req);
  }
  return result;
}

/** Packages and exact versions in a uv, Poetry or PDM lock file (`[[package]]` tables). */
function lockedVersions(text: string): Map<string, string> {
  const versions = new Map<string, string>();
  // The lock files are large and regular; a line scan avoids a full TOML parse.
  for (const match of text.matchAll(/^name = "([^"]+)"\r?\nversion = "([^"]+)"/gm)) {
    versions.set(normalizeName(match[1]), match[2]);
  }
  return versions;
}

function safePyproject(root: string): Record<string, unknown> | null {
  try {
    return readPyproject(root);
  } catch {
    // loadConfig reports a broken pyproject.toml; detection just learns nothing from it.
    return null;
  }
}

function safePackageJson(root: string): unknown {
  try {
    return readPackageJson(root);
  } catch {
    return null;
  }
}

function detectPython(
  root: string,
  entries: Dirent[],
): Pick<DetectedStack, "python" | "fastapi" | "pydanticMajor" | "asyncDb"> {
  // Names only: a symlinked manifest counts, and reading a directory just fails.
  const files = new Set(entries.map((e) => e.name));
  let manifest = false;
  // In order of authority: what is locked, then what is declared.
  const locked = new Map<string, string>();
  const requirements: Requirement[] = [];

  for (const name of LOCK_FILES) {
    if (!files.has(name)) continue;
    manifest = true;
    const text = readText(join(root, name));
    if (text === null) continue;
    for (const [pkg, version] of lockedVersions(text)) {
      if (!locked.has(pkg)) locked.set(pkg, version);
    }
  }
  if (files.has("pyproject.toml")) {
    manifest = true;
    const pyproject = safePyproject(root);
    if (pyproject) requirements.push(...pyprojectRequirements(pyproject));
  }
  const requirementFiles = [...files]
    .filter((f) => /^requirements.*\.txt$/.test(f))
    .sort()
    .map((f) => join(root, f));
  if (files.has("requirements")) {
    const dir = join(root, "requirements");
    for (const e of listDir(dir).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.isFile() && e.name.endsWith(".txt")) requirementFiles.push(join(dir, e.name));
    }
  }
  for (const file of requirementFiles) {
    manifest = true;
    const text = readText(file);
    if (text !== null) requirements.push(...requirementsFromTxt(text));
  }
  if (files.has("setup.cfg")) {
    manifest = true;
    const text = readText(join(root, "setup.cfg"));
    if (text !== null) requirements.push(...setupCfgRequirements(text));
  }
  if (files.has("setup.py")) {
    manifest = true;
    const text = readText(join(root, "setup.py"));
    const wanted = new Set(["fastapi", "pydantic", "sqlalchemy", ...ASYNC_DB_DRIVERS]);
    if (text !== null) requirements.push(...setupPyRequirements(text, wanted));
  }
  if (files.has("Pipfile")) manifest = true;

  const declared = (name: string): boolean => requirements.some((r) => r.name === name);

  let pydanticMajor: 1 | 2 | null = null;
  const lockedPydantic = locked.get("pydantic");
  if (lockedPydantic !== undefined) {
    pydanticMajor = pydanticMajorOf(`==${lockedPydantic}`);
  } else {
    for (const req of requirements) {
      if (req.name !== "pydantic") continue;
      pydanticMajor = pydanticMajorOf(req.constraint);
      if (pydanticMajor !== null) break;
    }
  }

  const asyncDriver =
    [...ASYNC_DB_DRIVERS].some((d) => locked.has(d) || declared(d)) ||
    requirements.some((r) => r.name === "sqlalchemy" && r.extras.includes("asyncio"));

  return {
    python: manifest || hasPythonFiles(root, entries),
    fastapi: locked.has("fastapi") || declared("fastapi"),
    pydanticMajor,
    // A sync driver does not prove the absence of an async one, so "false" is never inferred.
    asyncDb: asyncDriver ? true : null,
  };
}

/**
 * The Pydantic major version the manifests in `dir` itself say (lock files first,
 * then declared constraints); null when they name no Pydantic version.
 */
export function pydanticMajorIn(dir: string): 1 | 2 | null {
  return detectPython(dir, listDir(dir)).pydanticMajor;
}

/** `.py` files at the root or one directory down; no deeper walk. */
function hasPythonFiles(root: string, entries: Dirent[]): boolean {
  if (entries.some((e) => e.isFile() && e.name.endsWith(".py"))) return true;
  for (const e of entries) {
    if (!e.isDirectory() || e.name.startsWith(".") || SKIPPED_DIRS.has(e.name)) continue;
    if (listDir(join(root, e.name)).some((f) => f.isFile() && f.name.endsWith(".py"))) return true;
  }
  return false;
}

/**
 * The packages a directory's `package.json` depends on (dependencies, dev, peer,
 * optional); null when it has none or it cannot be read.
 */
export function packageDependencies(dir: string): Set<string> | null {
  const pkg = safePackageJson(dir);
  if (!isPlainObject(pkg)) return null;
  const names = new Set<string>();
  for (const field of [
    "dependencies",
    "devDependencies",
    "peerDependencies",
    "optionalDependencies",
  ]) {
    const deps = pkg[field];
    if (isPlainObject(deps)) for (const name of Object.keys(deps)) names.add(name);
  }
  return names;
}

function detectTypescript(root: string, entries: Dirent[]): boolean {
  if (entries.some((e) => e.name === "tsconfig.json")) return true;
  const deps = packageDependencies(root);
  return deps !== null && TS_BACKEND_PACKAGES.some((name) => deps.has(name));
}

/** The stack of the project at `root`, from its manifests, lock files and top two directory levels. */
export function detectStack(root: string): DetectedStack {
  const entries = listDir(root);
  const python = detectPython(root, entries);
  return {
    python: python.python,
    typescript: detectTypescript(root, entries),
    fastapi: python.fastapi,
    pydanticMajor: python.pydanticMajor,
    asyncDb: python.asyncDb,
  };
}

/**
 * The Python version to parse with: the configured one, or for "auto" the lower
 * bound of `requires-python` (PEP 621) or of poetry's `python` dependency, else
 * the newest supported. A project that promises 3.10 but writes 3.12 syntax gets
 * a parse error, which is true: the code would not run where it says it does.
 */
export function resolvePythonVersion(root: string, configured: string): string {
  if (configured !== "auto") return configured;
  const newest = PYTHON_VERSIONS[PYTHON_VERSIONS.length - 1];
  let pyproject: Record<string, unknown> | null;
  try {
    pyproject = readPyproject(root);
  } catch {
    return newest;
  }
  const project = pyproject?.project as { "requires-python"?: unknown } | undefined;
  const poetry = (pyproject?.tool as { poetry?: { dependencies?: { python?: unknown } } })?.poetry;
  const spec = project?.["requires-python"] ?? poetry?.dependencies?.python;
  if (typeof spec !== "string") return newest;
  // The lowest version the specifier admits: `>=3.10`, `~=3.11`, `^3.9`, `==3.12.*`, `3.11.*`.
  const bounds = [...spec.matchAll(/(?:>=|~=|\^|==|~|^)\s*3\.(\d+)/g)].map((m) => Number(m[1]));
  if (bounds.length === 0) return newest;
  const minor = Math.min(...bounds);
  const clamped = Math.max(8, Math.min(minor, Number(newest.split(".")[1])));
  return `3.${clamped}`;
}
