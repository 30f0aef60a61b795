/**
 * The TypeScript side of `exceptions-mapped`: the project's own error classes
 * (`class OrderNotFound extends DomainError`, down to the global `Error`) that a
 * service throws and that nothing turns into an HTTP response. Only chains that
 * end at `Error` count (NestJS's `HttpException` family and `http-errors` answer
 * with their own status). Mapped: a NestJS exception filter `@Catch(X)` (or
 * `@Catch()` for everything), or any other mention
 * (`error instanceof X` in a controller or an error middleware). An Express,
 * Koa or Fastify error handler (`(err, req, res, next) => ...`,
 * `setErrorHandler`) may map anything, so a project with one is not judged.
 * Classes are followed by name across the project; a name declared twice is skipped.
 */
import type { Role } from "../defaults.js";

export interface UnmappedTsError {
  /** Root-relative file declaring the class, and its name. */
  file: string;
  name: string;
  /** Where a service first throws it. */
  thrownIn: string;
  line: number;
}

export interface TsErrorMap {
  unmapped: UnmappedTsError[];
  /**
   * Whether a class deriving from `base` would be mapped (or is no plain error):
   * for an editor buffer that gave a class another base than the file on disk.
   */
  covers(base: string): boolean;
}

export interface TsErrorHost {
  readonly typescriptFiles: readonly string[];
  readText(file: string): string | null;
  roleOf(file: string): Role | null;
}

const CLASS = /\bclass\s+([A-Z]\w*)(?:<[^>{]*>)?\s+extends\s+([\w.]+)/g;
const THROW = /\bthrow\s+new\s+([A-Z]\w*)\s*\(/g;
const CATCH = /@Catch\(\s*([^)]*)\)/g;
/** An error-handling middleware or hook: it may turn any error into any status. */
const ERROR_HANDLER =
  /\(\s*(?:err|error|e)\b[^,()]*,\s*(?:req|request|_req)\b[^,()]*,\s*(?:res|response|reply|_res)\b[^,()]*,\s*(?:next|_next)\b|\.setErrorHandler\(|app\.on\(\s*["']error["']/;

export function findUnmappedTsErrors(host: TsErrorHost): TsErrorMap {
  const nothing: TsErrorMap = { unmapped: [], covers: () => true };
  const declared = new Map<string, { file: string; base: string }>();
  const twice = new Set<string>();
  const texts = new Map<string, string>();
  for (const file of host.typescriptFiles) {
    const role = host.roleOf(file);
    if (role === "tests" || role === "migrations") continue;
    const text = host.readText(file);
    if (text === null) continue;
    texts.set(file, text);
    // Any error middleware may map anything: nothing can be said.
    if (ERROR_HANDLER.test(text)) return nothing;
    for (const match of text.matchAll(CLASS)) {
      if (declared.has(match[1])) twice.add(match[1]);
      declared.set(match[1], { file, base: match[2] });
    }
  }
  /** The chain of project class names up from `name`, and where it ends. */
  const lineage = (name: string): { names: string[]; end: string } => {
    const names: string[] = [];
    let current = name;
    while (declared.has(current) && !names.includes(current)) {
      names.push(current);
      current = declared.get(current)!.base;
    }
    return { names, end: current };
  };

  const thrown = new Map<string, { file: string; line: number }>();
  const handled = new Set<string>();
  for (const [file, text] of texts) {
    for (const match of text.matchAll(CATCH)) {
      const args = match[1].trim();
      // `@Catch()`: a filter for every exception.
      if (args === "") return nothing;
      for (const name of args.split(",")) handled.add(name.trim());
    }
    if (host.roleOf(file) !== "services") continue;
    for (const match of text.matchAll(THROW)) {
      if (!thrown.has(match[1])) {
        thrown.set(match[1], { file, line: text.slice(0, match.index).split("\n").length });
      }
    }
  }

  const open = new Map<string, { names: string[]; file: string; line: number }>();
  for (const [name, at] of thrown) {
    if (!declared.has(name) || twice.has(name)) continue;
    const { names, end } = lineage(name);
    if (end !== "Error" || names.some((n) => twice.has(n) || handled.has(n))) continue;
    open.set(name, { names, ...at });
  }
  const covers = (base: string): boolean => {
    const { names, end } = lineage(base);
    return end !== "Error" || names.some((n) => handled.has(n) || mentioned.has(n));
  };
  const mentioned = new Set<string>();
  if (open.size === 0) return { unmapped: [], covers };
  // Other mentions: `error instanceof X`, a table of statuses.
  const watched = new Set([...open.values()].flatMap((o) => o.names));
  const word = new RegExp(`\\b(${[...watched].join("|")})\\b`, "g");
  for (const text of texts.values()) {
    const stripped = text
      // `this.name = "OrderNotFound"` names no mapping.
      .replace(/(["'`])(?:\\.|(?!\1)[^\\\n])*\1/g, '""')
      .replace(/\bthrow\s+new\s+\w+/g, "")
      .replace(/\bclass\s+\w+(?:<[^>{]*>)?(?:\s+extends\s+[\w.]+)?/g, "")
      .replace(/^\s*import\b[^;]*;/gm, "")
      .replace(/^\s*export\s*\{[^}]*\}[^;]*;/gm, "");
    for (const match of stripped.matchAll(word)) mentioned.add(match[1]);
  }
  const out: UnmappedTsError[] = [];
  for (const [name, { names, file, line }] of open) {
    if (names.some((n) => mentioned.has(n))) continue;
    out.push({ file: declared.get(name)!.file, name, thrownIn: file, line });
  }
  out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.name < b.name ? -1 : 1));
  return { unmapped: out, covers };
}
