/**
 * The only module that imports pyright. Everything pyright-specific (its parse
 * options, diagnostics, line table, node shapes) stays behind this file, so a
 * version bump touches one place plus the generated visitor keys.
 */
import { createRequire } from "node:module";
import type { PyComment, PyModule, PyNode } from "./nodes.js";
import { visitorKeys } from "./visitor-keys.js";

// pyright-internal is CommonJS without an `exports` map; deep requires are its public shape.
const require = createRequire(import.meta.url);
const { Parser, ParseOptions } = require("@zzzen/pyright-internal/dist/parser/parser");
const { DiagnosticSink } = require("@zzzen/pyright-internal/dist/common/diagnosticSink");
const { PythonVersion } = require("@zzzen/pyright-internal/dist/common/pythonVersion");
const { ParseNodeType } = require("@zzzen/pyright-internal/dist/parser/parseNodes");
const { convertOffsetToPosition } = require("@zzzen/pyright-internal/dist/common/positionUtils");

/** Names of pyright's numeric node types, indexed by the number. */
const NODE_TYPE_NAMES: string[] = [];
for (const [name, value] of Object.entries(ParseNodeType as Record<string, unknown>)) {
  if (typeof value === "number") NODE_TYPE_NAMES[value] = name;
}

export interface LineTable {
  count: number;
  getItemAt(index: number): { start: number; length: number };
}

export interface ParseSuccess {
  ok: true;
  ast: PyModule;
  comments: PyComment[];
  lines: LineTable;
  /** Opaque pyright results, for the binder glue in this file. */
  raw: unknown;
}

export interface ParseFailure {
  ok: false;
  /** 1-based line and column, as ESLint prints them. */
  errors: { message: string; line: number; column: number }[];
}

export type ParseResult = ParseSuccess | ParseFailure;

export const SUPPORTED_PYTHON_VERSIONS = [
  "3.8",
  "3.9",
  "3.10",
  "3.11",
  "3.12",
  "3.13",
  "3.14",
] as const;

export const DEFAULT_PYTHON_VERSION = "3.13";

function pythonVersion(version: string): unknown {
  const [major, minor] = version.split(".").map(Number);
  return PythonVersion.create(major, minor);
}

/** Error-category diagnostics only: pyright also reports warnings we do not want as fatal. */
const DIAGNOSTIC_ERROR = 0;

/**
 * Parses Python source. Synchronous and never throws: every failure, including
 * pyright running out of stack on absurd nesting, becomes a parse error.
 *
 * With `present: true` (what the ESLint language uses), each node also gets
 * `type` (its node type name) and its `d` fields copied onto it, so esquery
 * selectors and plain property access work. Nodes are otherwise pyright's own.
 */
export function parsePython(
  text: string,
  options: { version?: string; present?: boolean; keepErrors?: boolean } = {},
): ParseResult {
  const parseOptions = new ParseOptions();
  parseOptions.pythonVersion = pythonVersion(options.version ?? DEFAULT_PYTHON_VERSION);
  parseOptions.reportInvalidStringEscapeSequence = false;
  const sink = new DiagnosticSink();
  let results: {
    parserOutput: { parseTree: PyModule };
    tokenizerOutput: { tokens: TokenCollection; lines: LineTable };
  };
  try {
    results = new Parser().parseSourceFile(text, parseOptions, sink);
  } catch (error) {
    const message =
      error instanceof RangeError
        ? "Too deeply nested to parse (the parser ran out of stack)"
        : `Parser failed: ${(error as Error).message}`;
    return { ok: false, errors: [{ message, line: 1, column: 1 }] };
  }
  const diagnostics = (
    sink.fetchAndClear() as {
      category: number;
      message: string;
      range: { start: { line: number; character: number } };
    }[]
  ).filter((d) => d.category === DIAGNOSTIC_ERROR);
  if (diagnostics.length > 0 && !options.keepErrors) {
    // The first error in source order is the one a person fixes first; later ones are often echoes.
    diagnostics.sort(
      (a, b) =>
        a.range.start.line - b.range.start.line ||
        a.range.start.character - b.range.start.character,
    );
    const first = diagnostics[0];
    return {
      ok: false,
      errors: [
        {
          message: first.message,
          line: first.range.start.line + 1,
          column: first.range.start.character + 1,
        },
      ],
    };
  }
  const ast = results.parserOutput.parseTree;
  if (options.present !== false) present(ast as unknown as PyNode);
  return {
    ok: true,
    ast,
    comments: collectComments(results.tokenizerOutput.tokens),
    lines: results.tokenizerOutput.lines,
    raw: results,
  };
}

interface TokenCollection {
  count: number;
  getItemAt(index: number): { comments?: { start: number; length: number; value: string }[] };
}

function collectComments(tokens: TokenCollection): PyComment[] {
  const comments: PyComment[] = [];
  for (let i = 0; i < tokens.count; i++) {
    const attached = tokens.getItemAt(i).comments;
    if (!attached) continue;
    for (const c of attached) {
      // pyright's comment range starts after the `#`; ours covers the whole comment.
      comments.push({ type: "Comment", value: c.value, start: c.start - 1, length: c.length + 1 });
    }
  }
  return comments;
}

/** Gives every node its type name and its `d` fields as own properties (in place, one pass). */
function present(root: PyNode): void {
  const stack: PyNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const raw = node as unknown as { nodeType: number; d: Record<string, unknown> };
    const type = NODE_TYPE_NAMES[raw.nodeType];
    (node as { type: string }).type = type;
    const d = raw.d;
    for (const key in d) (node as unknown as Record<string, unknown>)[key] = d[key];
    const keys = visitorKeys[type];
    if (!keys) continue;
    for (const key of keys) {
      const value = d[key];
      if (!value) continue;
      if (Array.isArray(value)) {
        for (const child of value) if (child && child.parent === node) stack.push(child);
      } else if ((value as PyNode).parent === node) {
        stack.push(value as PyNode);
      }
    }
  }
}

/** 0-based line and UTF-16 column of an offset, from pyright's line table. */
export function offsetToPosition(
  offset: number,
  lines: LineTable,
): { line: number; column: number } {
  const position = convertOffsetToPosition(offset, lines) as { line: number; character: number };
  return { line: position.line, column: position.character };
}
