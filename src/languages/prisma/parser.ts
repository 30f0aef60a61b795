/**
 * The Prisma schema parser adapter: the only file that loads @mrleebo/prisma-ast.
 * `parsePrisma` never throws; a syntax error becomes `{ ok: false, errors }` with a
 * 1-based line and column.
 */
import { createRequire } from "node:module";
import type { SourceLocation } from "@eslint/core";
import type {
  PrismaArgument,
  PrismaAssignment,
  PrismaBlock,
  PrismaBlockAttribute,
  PrismaComment,
  PrismaConfigBlock,
  PrismaEnum,
  PrismaEnumerator,
  PrismaField,
  PrismaFieldAttribute,
  PrismaModel,
  PrismaNode,
  PrismaSchemaNode,
  PrismaValue,
} from "./nodes.js";
import { visitorKeys } from "./visitor-keys.js";

/** The parts of prisma-ast this adapter uses (its own types reference chevrotain). */
interface PrismaAst {
  getSchema(source: string, options: { parser: unknown; visitor: unknown }): { list: RawBlock[] };
  PrismaParser: new (config: { nodeLocationTracking: "full" }) => unknown;
  VisitorClassFactory(parser: unknown): new () => unknown;
}
interface RawLocation {
  startOffset: number;
  endOffset: number;
}
interface RawItem {
  type: string;
  name?: string;
  key?: string;
  value?: unknown;
  kind?: string;
  group?: string;
  fieldType?: string | { name: string };
  array?: boolean;
  optional?: boolean;
  attributes?: RawItem[];
  args?: { value: unknown }[];
  location?: RawLocation;
}
interface RawBlock extends RawItem {
  properties?: RawItem[];
  enumerators?: RawItem[];
  assignments?: RawItem[];
}

export interface PrismaParseError {
  message: string;
  /** 1-based, as ESLint prints parse errors. */
  line: number;
  column: number;
}

export type PrismaParseResult =
  | { ok: true; ast: PrismaSchemaNode; comments: PrismaComment[] }
  | { ok: false; errors: PrismaParseError[] };

let loaded: { ast: PrismaAst; parser: unknown; visitor: unknown } | null = null;

/**
 * Loads prisma-ast once. On load it searches the working directory upwards for a
 * `prisma-ast` config (lilconfig), which may be a JavaScript file of the linted
 * repository: layerlint never runs such code, so lilconfig is replaced by a stub
 * for exactly that load and the parser is configured here instead.
 */
function prismaAst(): { ast: PrismaAst; parser: unknown; visitor: unknown } {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  const entry = require.resolve("@mrleebo/prisma-ast");
  const lilconfigPath = createRequire(entry).resolve("lilconfig");
  const previous = require.cache[lilconfigPath];
  const stub = { lilconfigSync: () => ({ search: () => null, load: () => null }) };
  require.cache[lilconfigPath] = {
    id: lilconfigPath,
    filename: lilconfigPath,
    loaded: true,
    exports: stub,
  } as unknown as NodeJS.Module;
  let ast: PrismaAst;
  try {
    ast = require(entry) as PrismaAst;
  } finally {
    if (previous) require.cache[lilconfigPath] = previous;
    else delete require.cache[lilconfigPath];
  }
  const parser = new ast.PrismaParser({ nodeLocationTracking: "full" });
  const Visitor = ast.VisitorClassFactory(parser);
  loaded = { ast, parser, visitor: new Visitor() };
  return loaded;
}

/** Offsets of line starts, for offset-to-position conversion. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
  }
  return starts;
}

/** 1-based line, 0-based column of an offset. */
export function positionAt(starts: number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo] };
}

const ALLOWED = /[A-Za-z0-9_\-@.?{}[\]():,=\s]/u;

/**
 * One pass over the text: `//` comments (outside strings) and the first character
 * prisma-ast's lexer would silently drop (it reports no lexing errors).
 */
function scan(text: string): { comments: [number, number][]; bad: number | null; what: string } {
  const comments: [number, number][] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "/" && text[i + 1] === "/") {
      let end = i;
      while (end < text.length && text[end] !== "\n" && text[end] !== "\r") end++;
      comments.push([i, end]);
      i = end - 1;
    } else if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"' && text[j] !== "\n" && text[j] !== "\r") {
        j += text[j] === "\\" ? 2 : 1;
      }
      if (text[j] !== '"') return { comments, bad: i, what: "Unterminated string." };
      i = j;
    } else if (!ALLOWED.test(c)) {
      return { comments, bad: i, what: `Unexpected character ${JSON.stringify(c)}.` };
    }
  }
  return { comments, bad: null, what: "" };
}

/** Parses a Prisma schema. Never throws. */
export function parsePrisma(text: string): PrismaParseResult {
  const starts = lineStarts(text);
  const errorAt = (offset: number, message: string): PrismaParseResult => {
    const { line, column } = positionAt(starts, Math.max(0, Math.min(offset, text.length)));
    return { ok: false, errors: [{ message, line, column: column + 1 }] };
  };
  const scanned = scan(text);
  if (scanned.bad !== null) return errorAt(scanned.bad, scanned.what);
  let raw: { list: RawBlock[] };
  try {
    const { ast, parser, visitor } = prismaAst();
    raw = ast.getSchema(text, { parser, visitor });
  } catch (error) {
    const token = (error as { token?: { startOffset?: number; image?: string } }).token;
    const offset = Number.isFinite(token?.startOffset) ? token!.startOffset! : text.length;
    const message = String((error as Error).message ?? error);
    // prisma-ast takes any word for a block keyword and fails inside the block: name the word.
    const unknown = unknownBlock(text);
    if (unknown && unknown.offset <= offset) {
      return errorAt(unknown.offset, `Unknown block type "${unknown.keyword}".`);
    }
    if (message.includes("one of these possible Token sequences") && token?.image) {
      return errorAt(offset, `Unexpected ${JSON.stringify(token.image)}.`);
    }
    return errorAt(offset, message.replace(/\s+/gu, " ").trim().slice(0, 300));
  }
  try {
    return { ok: true, ast: build(text, starts, raw), comments: comments(text, starts, scanned) };
  } catch (error) {
    return errorAt(0, `Parser failed: ${(error as Error).message}`);
  }
}

/** The first top-level `keyword Name {` whose keyword is not a Prisma block type. */
function unknownBlock(text: string): { offset: number; keyword: string } | null {
  for (const match of text.matchAll(/^[ \t]*([A-Za-z][\w-]*)[ \t]+[A-Za-z][\w.-]*[ \t]*\{/gmu)) {
    if (!(match[1] in BLOCK_TYPES)) {
      return { offset: match.index + match[0].indexOf(match[1]), keyword: match[1] };
    }
  }
  return null;
}

function comments(
  text: string,
  starts: number[],
  scanned: { comments: [number, number][] },
): PrismaComment[] {
  return scanned.comments.map(([start, end]) => ({
    type: "Line",
    value: text.slice(start + 2, end),
    range: [start, end],
    loc: locOf(starts, start, end),
  }));
}

function locOf(starts: number[], start: number, end: number): SourceLocation {
  return { start: positionAt(starts, start), end: positionAt(starts, end) };
}

/** The offset just past the bracket matching the one at `open` (strings and comments skipped). */
function matching(text: string, open: number): number {
  const close = text[open] === "{" ? "}" : ")";
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    } else if (c === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (c === text[open]) depth++;
    else if (c === close && --depth === 0) return i + 1;
  }
  return text.length;
}

/** The end of a one-line declaration starting at `start`: before a trailing comment and blanks. */
function lineEnd(text: string, start: number): number {
  let i = start;
  let end = start;
  while (i < text.length && text[i] !== "\n" && text[i] !== "\r") {
    if (text[i] === '"') {
      i++;
      while (i < text.length && text[i] !== '"' && text[i] !== "\n") i += text[i] === "\\" ? 2 : 1;
    } else if (text[i] === "/" && text[i + 1] === "/") break;
    if (!/\s/u.test(text[i] ?? " ")) end = i + 1;
    i++;
  }
  return end;
}

const BLOCK_TYPES: Record<string, PrismaBlock["type"]> = {
  model: "Model",
  view: "View",
  type: "CompositeType",
  enum: "Enum",
  datasource: "Datasource",
  generator: "Generator",
};

function build(text: string, starts: number[], raw: { list: RawBlock[] }): PrismaSchemaNode {
  const node = <T extends PrismaNode>(fields: Omit<T, "loc" | "parent">): T =>
    ({ ...fields, loc: locOf(starts, fields.range[0], fields.range[1]), parent: undefined }) as T;

  const args = (item: RawItem): PrismaArgument[] =>
    (item.args ?? []).map(({ value }) => {
      const v = value as { type?: string; key?: string; value?: PrismaValue };
      return v && typeof v === "object" && v.type === "keyValue"
        ? { key: v.key!, value: v.value! }
        : { key: null, value: value as PrismaValue };
    });

  const attribute = <T extends PrismaFieldAttribute | PrismaBlockAttribute>(
    item: RawItem,
    type: T["type"],
  ): T => {
    const start = item.location!.startOffset;
    let end = item.location!.endOffset + 1;
    let next = end;
    while (text[next] === " " || text[next] === "\t") next++;
    if (text[next] === "(") end = matching(text, next);
    const name = item.group ? `${item.group}.${item.name!}` : item.name!;
    return node<T>({ type, name, args: args(item), range: [start, end] } as Omit<
      T,
      "loc" | "parent"
    >);
  };

  const body: PrismaBlock[] = [];
  for (const block of raw.list) {
    const type = BLOCK_TYPES[block.type];
    if (!type || !block.location) continue;
    const start = block.location.startOffset;
    const nameEnd = block.location.endOffset + 1;
    const nameLoc = locOf(starts, nameEnd - block.name!.length, nameEnd);
    const open = text.indexOf("{", nameEnd);
    const range: [number, number] = [start, open === -1 ? nameEnd : matching(text, open)];
    if (type === "Datasource" || type === "Generator") {
      const assignments = (block.assignments ?? [])
        .filter((a) => a.type === "assignment" && a.location)
        .map((a) =>
          node<PrismaAssignment>({
            type: "Assignment",
            key: a.key!,
            value: a.value as PrismaValue,
            range: [a.location!.startOffset, lineEnd(text, a.location!.startOffset)],
          }),
        );
      body.push(node<PrismaConfigBlock>({ type, name: block.name!, nameLoc, assignments, range }));
    } else if (type === "Enum") {
      const members = (block.enumerators ?? []).flatMap((e): PrismaEnum["members"] => {
        if (e.type === "attribute" && e.location) {
          return [attribute<PrismaBlockAttribute>(e, "BlockAttribute")];
        }
        if (e.type !== "enumerator" || !e.location) return [];
        const from = e.location.startOffset;
        return [
          node<PrismaEnumerator>({
            type: "Enumerator",
            name: e.name!,
            range: [from, from + e.name!.length],
          }),
        ];
      });
      body.push(node<PrismaEnum>({ type, name: block.name!, nameLoc, members, range }));
    } else {
      const members = (block.properties ?? []).flatMap((p): PrismaModel["members"] => {
        if (p.type === "attribute" && p.location) {
          return [attribute<PrismaBlockAttribute>(p, "BlockAttribute")];
        }
        if (p.type !== "field" || !p.location) return [];
        const from = p.location.startOffset;
        const fieldType = typeof p.fieldType === "string" ? p.fieldType : (p.fieldType?.name ?? "");
        return [
          node<PrismaField>({
            type: "Field",
            name: p.name!,
            fieldType,
            array: p.array === true,
            optional: p.optional === true,
            attributes: (p.attributes ?? [])
              .filter((a) => a.location)
              .map((a) => attribute<PrismaFieldAttribute>(a, "FieldAttribute")),
            range: [from, lineEnd(text, from)],
          }),
        ];
      });
      body.push(node<PrismaModel>({ type, name: block.name!, nameLoc, members, range }));
    }
  }
  const root = node<PrismaSchemaNode>({ type: "PrismaSchema", body, range: [0, text.length] });
  setParents(root);
  return root;
}

function setParents(parent: PrismaNode): void {
  for (const key of visitorKeys[parent.type] ?? []) {
    for (const child of (parent as unknown as Record<string, PrismaNode[]>)[key]) {
      child.parent = parent;
      setParents(child);
    }
  }
}
