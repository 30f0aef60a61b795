/**
 * Runs ESLint with layerlint's in-memory config on a list of files. Files that
 * cannot be linted (unreadable, too large) become one clear message each, and
 * every other file is still linted.
 */
import { availableParallelism } from "node:os";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { ESLint } from "eslint";
import { discoverFiles } from "../project/files.js";
import { prismaMigrationFiles } from "../project/prisma/files.js";
import { drizzleSnapshotFiles } from "../project/typescript/drizzle-files.js";
import { sourceStamp } from "../project/project.js";
import { buildEslintOptions, type EngineParams } from "./eslint-options.js";
import { lintInProcesses, planShards } from "./shards.js";

/** Above this size a file is reported and skipped: it is generated or vendored, not written. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
/**
 * "auto" starts a process per core only when each gets at least this much
 * source: a process costs about 0.4 s of start-up and builds its own project
 * model (measured on 2 cores: see README's Performance section).
 */
const BYTES_PER_PROCESS = 4_000_000;

export interface LintRun {
  results: ESLint.LintResult[];
  /** Files not linted because a header says they are generated (root-relative). */
  generated: string[];
  /** For loading formatters; it linted the results itself only in a one-process run. */
  eslint: ESLint;
}

/**
 * The number of processes for a concurrency setting and a run's size, "off"
 * for one (this process). "auto": one per core, when each gets enough source.
 */
export function processCount(
  concurrency: number | "auto" | "off",
  files: number,
  bytes: number,
): number | "off" {
  if (concurrency === "off") return "off";
  const wanted =
    concurrency === "auto"
      ? Math.min(availableParallelism(), Math.floor(bytes / BYTES_PER_PROCESS))
      : Math.min(concurrency, files);
  return wanted > 1 ? wanted : "off";
}

export async function lintFiles(
  params: EngineParams,
  files: string[],
  concurrency: number | "auto" | "off",
): Promise<LintRun> {
  const lintable: { file: string; bytes: number }[] = [];
  const skipped: ESLint.LintResult[] = [];
  const generated: string[] = [];
  for (const file of files) {
    const checked = inspect(join(params.root, file));
    if ("message" in checked) {
      skipped.push(skippedResult(join(params.root, file), checked.message, checked.severity));
    } else if (checked.generated) generated.push(file);
    else lintable.push({ file, bytes: checked.bytes });
  }
  const { results, eslint } = await lintInspected(params, lintable, concurrency);
  const all = [...results, ...skipped];
  // Same tree, same bytes: order never depends on scheduling.
  all.sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0));
  return { results: all, eslint, generated };
}

/**
 * Lints files already inspected (readable, not generated, with their sizes):
 * `lintFiles` after its checks, and each shard for the files its parent checked.
 */
export async function lintInspected(
  params: EngineParams,
  lintable: { file: string; bytes: number }[],
  concurrency: number | "auto" | "off",
): Promise<Omit<LintRun, "generated">> {
  const full: EngineParams = {
    ...params,
    projectFingerprint: params.cache ? sourceStamp(params.root, projectFiles(params)) : undefined,
  };
  const bytes = lintable.reduce((n, f) => n + f.bytes, 0);
  // Processes cannot share ESLint's cache file; a cached run is incremental anyway.
  const processes = params.cache ? "off" : processCount(concurrency, lintable.length, bytes);
  // With other processes linting, this one only loads formatters: no TypeScript parser (0.7 s).
  const eslint = new ESLint(
    buildEslintOptions(processes === "off" ? full : { ...full, typescript: false }),
  );
  let results: ESLint.LintResult[] = [];
  if (processes !== "off") {
    results = await lintInProcesses(full, planShards(lintable, processes));
  } else if (params.cache) {
    // ESLint's cache lives in `lintFiles`.
    if (lintable.length > 0) results = await eslint.lintFiles(lintable.map((f) => f.file));
  } else {
    // Each file read here, synchronously, and handed over as text: `lintFiles` reads
    // them again through promises, which cost 0.4 s of 9 on the standard library.
    for (const { file } of lintable) {
      const filePath = join(params.root, file);
      results.push(...(await eslint.lintText(readFileSync(filePath, "utf8"), { filePath })));
    }
  }
  if (params.fix && results.length > 0) await ESLint.outputFixes(results);
  return { results, eslint };
}

/** Every source file of the project, not only those linted: any of them can change a finding. */
function projectFiles(params: EngineParams): string[] {
  const ignore = (params.settings as { ignore?: string[] }).ignore ?? [];
  const { python, typescript, prisma = [] } = discoverFiles(params.root, { ignore });
  // A Prisma schema's findings depend on its migrations' SQL, Drizzle tables' on drizzle-kit's snapshots.
  return [
    ...python,
    ...typescript,
    ...prisma,
    ...prismaMigrationFiles(params.root, prisma),
    ...drizzleSnapshotFiles(params.root, typescript),
  ];
}

/**
 * A file's size, or why it cannot be linted (an unreadable file is an error:
 * it may hide findings).
 */
function inspect(
  path: string,
): { message: string; severity: 1 | 2 } | { bytes: number; generated: boolean } {
  const python = path.endsWith(".py") || path.endsWith(".pyi");
  try {
    const stat = statSync(path);
    if (stat.size > MAX_FILE_BYTES) {
      const mb = (stat.size / 1024 / 1024).toFixed(1);
      const limit = MAX_FILE_BYTES / 1024 / 1024;
      return {
        message: `File skipped: it is ${mb} MB, over the ${limit} MB limit for source files.`,
        severity: 1,
      };
    }
    const bytes = readFileSync(path);
    const nul = bytes.indexOf(0);
    if (nul !== -1) {
      const line = lineOf(bytes, nul);
      return {
        message: python
          ? `File contains a NUL byte on line ${line}; Python refuses to load it (source code cannot contain null bytes).`
          : `File contains a NUL byte on line ${line}; it is not a text source file.`,
        severity: 2,
      };
    }
    const badByte = invalidUtf8Offset(bytes);
    // PEP 263 lets a Python file declare another encoding; TypeScript and JavaScript are UTF-8.
    if (badByte !== null && !(python && hasCodingDeclaration(bytes))) {
      const line = lineOf(bytes, badByte);
      const hex = bytes[badByte].toString(16).toUpperCase().padStart(2, "0");
      return {
        message: python
          ? `File is not valid UTF-8 (byte 0x${hex} on line ${line}) and declares no other encoding; Python refuses to load it.`
          : `File is not valid UTF-8 (byte 0x${hex} on line ${line}).`,
        severity: 2,
      };
    }
    return { bytes: bytes.length, generated: isGenerated(bytes) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unknown error";
    return { message: `File could not be read (${code}).`, severity: 2 };
  }
}

/**
 * Whether the file's header says it is generated (protoc's and gRPC's "Generated
 * by the protocol buffer compiler. DO NOT EDIT!", Go-style "Code generated ...
 * DO NOT EDIT.", "@generated", kysely-codegen's "generated ... Please do not
 * edit it manually"): findings there cannot be fixed by editing. Both words are
 * needed, so Alembic's "auto generated by Alembic - please adjust!" is linted.
 */
export function isGenerated(bytes: Buffer): boolean {
  const head = bytes
    .subarray(0, 2048)
    .toString("latin1")
    .split(/\r\n|\r|\n/, 15)
    .join("\n");
  if (/@generated\b/.test(head)) return true;
  return (
    /\b(?:auto-?)?generated\b/i.test(head) &&
    /\b(?:do not|don't|never) (?:edit|modify|change)\b|\bdo not make (?:direct )?changes\b/i.test(
      head,
    )
  );
}

function lineOf(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The offset of the first byte that is not valid UTF-8, or null. */
function invalidUtf8Offset(bytes: Buffer): number | null {
  try {
    utf8.decode(bytes);
    return null;
  } catch {
    // Rare path: find the offending byte by decoding growing prefixes' validity per character.
    for (let i = 0; i < bytes.length;) {
      const b = bytes[i];
      const size =
        b < 0x80
          ? 1
          : b >= 0xc2 && b < 0xe0
            ? 2
            : b >= 0xe0 && b < 0xf0
              ? 3
              : b >= 0xf0 && b < 0xf5
                ? 4
                : 0;
      if (size === 0) return i;
      try {
        utf8.decode(bytes.subarray(i, i + size));
      } catch {
        return i;
      }
      i += size;
    }
    return 0;
  }
}

/** PEP 263: a `coding[:=]` comment on line 1 or 2 names the file's encoding. */
function hasCodingDeclaration(bytes: Buffer): boolean {
  const head = bytes
    .subarray(0, 300)
    .toString("latin1")
    .split(/\r\n|\r|\n/)
    .slice(0, 2);
  return head.some((line) => /^[ \t\f]*#.*?coding[:=][ \t]*[-\w.]+/.test(line));
}

function skippedResult(filePath: string, message: string, severity: 1 | 2): ESLint.LintResult {
  const fatal = severity === 2;
  return {
    filePath,
    messages: [{ ruleId: null, severity, message, line: 1, column: 1, fatal }],
    suppressedMessages: [],
    errorCount: fatal ? 1 : 0,
    fatalErrorCount: fatal ? 1 : 0,
    warningCount: fatal ? 0 : 1,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
    usedDeprecatedRules: [],
  } as ESLint.LintResult;
}
