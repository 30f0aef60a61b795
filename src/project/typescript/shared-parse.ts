/**
 * One TypeScript parse of a file for both readers of it, when the CLI lints
 * TypeScript without ESLint's syntax tree (`imports-only-parser.ts`): the
 * project model takes the file's import facts from it, ESLint its syntax error
 * and directive comments. Whichever asks first parses; the other finds the
 * result here, once, keyed by absolute path and checked against the text.
 * Until `shareTsParses()` is called, the project model parses alone and
 * nothing is kept.
 */
import type * as TS from "typescript";
import { createRequire } from "node:module";
import { CALL_HINT, factsOfSourceFile, parseTs, type TsModuleFacts } from "./imports.js";
import { typescript } from "./load.js";
import { ForwardPositions } from "../positions.js";

export interface TsSyntaxError {
  message: string;
  /** 1-based. */
  line: number;
  /** 0-based UTF-16 column. */
  column: number;
}

/** An ESTree comment, as ESLint reads directives from it. */
export interface EstreeComment {
  type: "Line" | "Block";
  value: string;
  range: [number, number];
  loc: { start: { line: number; column: number }; end: { line: number; column: number } };
}

export interface TsLintInfo {
  /** TypeScript's first syntax error, as typescript-eslint's parser would throw it. */
  error: TsSyntaxError | null;
  /** The comments that may be ESLint directives (they mention `eslint`), in order. */
  comments: EstreeComment[];
}

type TsApiUtils = typeof import("ts-api-utils");
let tsApiUtils: TsApiUtils | null = null;

/**
 * ts-api-utils (typescript-eslint's comment reader), loaded on first use through
 * `require`: its ES module imports TypeScript as one, which makes Node scan the
 * whole 9 MB compiler for its export names (0.2 s).
 */
function iterateComments(sf: TS.SourceFile): ReturnType<TsApiUtils["iterateComments"]> {
  tsApiUtils ??= createRequire(import.meta.url)("ts-api-utils") as TsApiUtils;
  return tsApiUtils.iterateComments(sf, sf);
}

let sharing = false;
interface Waiting<T> {
  stamp: number;
  value: T;
}
/** Parsed for the project model, waiting for ESLint. */
const forLinter = new Map<string, Waiting<TsLintInfo>>();
/** Parsed for ESLint, waiting for the project model. */
const forProject = new Map<string, Waiting<TsModuleFacts>>();

/** From now on, keep what one reader parsed for the other. */
export function shareTsParses(): void {
  sharing = true;
}

/** What the other reader left for this text, once. */
function take<T>(waiting: Map<string, Waiting<T>>, path: string, text: string): T | undefined {
  const entry = waiting.get(path);
  if (!entry) return undefined;
  waiting.delete(path);
  return entry.stamp === textStamp(text) ? entry.value : undefined;
}

const factsOf = (sf: TS.SourceFile, text: string): TsModuleFacts =>
  factsOfSourceFile(sf, CALL_HINT.test(text));

/** A file's import facts, for the project model. Throws what the facts' reader throws. */
export function tsFactsForProject(path: string, text: string): TsModuleFacts {
  const taken = take(forProject, path, text);
  if (taken) return taken;
  const sf = parseTs(path, text);
  if (sharing) forLinter.set(path, { stamp: textStamp(text), value: lintInfoOf(sf) });
  return factsOf(sf, text);
}

/** A file's syntax error and directive comments, for ESLint. */
export function tsLintInfo(path: string, text: string): TsLintInfo {
  const taken = take(forLinter, path, text);
  if (taken) return taken;
  const sf = parseTs(path, text);
  try {
    forProject.set(path, { stamp: textStamp(text), value: factsOf(sf, text) });
  } catch {
    // The project model will read the file again, and meet the same problem there.
  }
  return lintInfoOf(sf);
}

function lintInfoOf(sf: TS.SourceFile): TsLintInfo {
  const ts = typescript();
  const diagnostic = (sf as TS.SourceFile & { parseDiagnostics?: TS.Diagnostic[] })
    .parseDiagnostics?.[0];
  let error: TsSyntaxError | null = null;
  if (diagnostic) {
    const at = sf.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
    error = {
      message: ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"),
      line: at.line + 1,
      column: at.character,
    };
  }
  const comments: EstreeComment[] = [];
  if (sf.text.includes("eslint")) {
    const positions = new ForwardPositions(sf.text, true);
    for (const { pos, end, kind, value } of iterateComments(sf)) {
      if (!value.includes("eslint")) continue;
      const start = positions.at(pos);
      const stop = positions.at(end);
      comments.push({
        type: kind === ts.SyntaxKind.SingleLineCommentTrivia ? "Line" : "Block",
        value,
        range: [pos, end],
        loc: {
          start: { line: start.line + 1, column: start.column },
          end: { line: stop.line + 1, column: stop.column },
        },
      });
    }
  }
  return { error, comments };
}

/** A fingerprint of a text (FNV-1a over its UTF-16 units, mixed with its length). */
export function textStamp(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash ^ text.length) >>> 0;
}
