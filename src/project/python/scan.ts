/**
 * The module-level facts of a Python file (its imports and module-level names,
 * what the import graph and re-export resolution need) read by a lexical scan
 * instead of a parse: the import graph reads every file of the project, and a
 * pyright parse of each, even one that skips function and class bodies, cost
 * about as much as the rest of a `no-import-cycles` run.
 *
 * It gives what `extractModuleFacts` gives on a parse that skips function and
 * class bodies, for valid Python 3. Anything a valid file cannot contain (an
 * unterminated string, unbalanced brackets, a stray character, an import that
 * does not follow the grammar, an unexpected indent) returns null, and the
 * caller parses the file with pyright, whose recovery then decides.
 */
import { ForwardPositions } from "../positions.js";
import {
  fromImport,
  importRecord,
  plainImport,
  type ImportRecord,
  type ImportSpec,
  type PythonModuleFacts,
} from "./imports.js";

// Token kinds.
const NAME = 1;
const STRING = 2;
const NUMBER = 3;
const ASSIGN = 4;
const COLON = 5;
const COMMA = 6;
const DOT = 7;
const ELLIPSIS = 8;
const SEMI = 9;
const STAR = 10;
const LPAR = 11;
const RPAR = 12;
const LSQB = 13;
const RSQB = 14;
const LBRACE = 15;
const RBRACE = 16;
const AT = 17;
const EQEQ = 18;
const OTHER = 19;

/** Block kinds. */
const PLAIN = 0;
/** A function or class body: skipped, as pyright skips it. */
const BODY = 1;
const MATCH = 2;

interface Block {
  /** Indentation of the header line. */
  indent: number;
  kind: number;
  typeChecking: boolean;
  mainOnly: boolean;
}

const ROOT: Block = { indent: -1, kind: PLAIN, typeChecking: false, mainOnly: false };

/** Keywords that never name a module, a target or an imported name. */
const HARD_KEYWORDS = new Set([
  "False",
  "None",
  "True",
  "and",
  "as",
  "assert",
  "async",
  "await",
  "break",
  "class",
  "continue",
  "def",
  "del",
  "elif",
  "else",
  "except",
  "finally",
  "for",
  "from",
  "global",
  "if",
  "import",
  "in",
  "is",
  "lambda",
  "nonlocal",
  "not",
  "or",
  "pass",
  "raise",
  "return",
  "try",
  "while",
  "with",
  "yield",
]);

/** Simple statements that never bind a module-level name. */
const NO_TARGETS = new Set([
  "pass",
  "return",
  "del",
  "global",
  "nonlocal",
  "raise",
  "assert",
  "break",
  "continue",
]);

/** Tokens of a primary expression besides names: `a.b(c)[d]`. */
const PRIMARY = new Set([DOT, LPAR, RPAR, LSQB, RSQB]);

const HEADERS = new Set(["else", "try", "finally", "except", "for", "while", "with"]);

const IDENTIFIER_CHAR = /[\p{ID_Start}\p{ID_Continue}]/u;

/** Thrown (and caught in `scanModuleFacts`) when the text is not plain valid Python. */
class NotPlain extends Error {}

const isIdentStart = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
const isIdentPart = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (c >= 48 && c <= 57);
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/**
 * The module-level imports and names of Python source, as `extractModuleFacts`
 * reads them from a parse that skips function and class bodies; null when the
 * text needs the parser.
 */
export function scanModuleFacts(text: string): PythonModuleFacts | null {
  try {
    return new Scanner(text).run();
  } catch (error) {
    if (error instanceof NotPlain) return null;
    throw error;
  }
}

/**
 * A logical line's tokens, in parallel arrays shared by every scan (a scan is
 * synchronous, so two never overlap): four fresh arrays per file were 7,000
 * off-heap buffers on the stdlib.
 */
let shared = {
  kinds: new Int32Array(256),
  starts: new Int32Array(256),
  ends: new Int32Array(256),
  depths: new Int32Array(256),
};

class Scanner {
  private i = 0;
  private readonly len: number;
  /** The current logical line's tokens (when recorded). */
  private n = 0;
  private kinds = shared.kinds;
  private starts = shared.starts;
  private ends = shared.ends;
  private depths = shared.depths;
  private record = true;
  private depth = 0;
  /** Kind of the last token of the logical line, recorded or not. */
  private last = 0;
  private lastDepth = 0;
  private readonly imports: ImportRecord[] = [];
  private readonly definitions: string[] = [];
  private readonly blocks: Block[] = [];
  private readonly positions: ForwardPositions;

  constructor(private readonly text: string) {
    this.len = text.length;
    // Line breaks as Python and pyright count them: \n, \r\n, \r.
    this.positions = new ForwardPositions(text, false);
  }

  run(): PythonModuleFacts {
    const text = this.text;
    const len = this.len;
    // Python's tokenizer: a stack of indentation levels.
    const levels = [0];
    let expectIndent = false;
    while (this.i < len) {
      let indent = 0;
      let j = this.i;
      for (; j < len; j++) {
        const c = text.charCodeAt(j);
        if (c === 32) indent++;
        else if (c === 9) indent = indent - (indent % 8) + 8;
        else if (c === 12) indent = 0;
        else break;
      }
      if (j >= len) break;
      const c = text.charCodeAt(j);
      if (c === 10 || c === 13 || c === 35) {
        // A blank or comment-only line: no indentation, no statement.
        this.i = c === 35 ? this.skipComment(j) : j;
        this.i = this.skipNewline(this.i);
        continue;
      }
      if (c === 92) throw new NotPlain(); // a line that starts with a continuation
      const top = levels[levels.length - 1];
      if (indent > top) {
        if (!expectIndent) throw new NotPlain();
        levels.push(indent);
      } else {
        if (expectIndent) throw new NotPlain();
        while (indent < levels[levels.length - 1]) levels.pop();
        if (indent !== levels[levels.length - 1]) throw new NotPlain();
      }
      const blocks = this.blocks;
      while (blocks.length > 0 && blocks[blocks.length - 1].indent >= indent) blocks.pop();
      const context = blocks.length > 0 ? blocks[blocks.length - 1] : ROOT;
      this.record = context.kind !== BODY;
      this.i = j;
      this.n = 0;
      this.depth = 0;
      this.last = 0;
      this.lexLine();
      expectIndent = this.last === COLON && this.lastDepth === 0;
      if (this.record) this.analyzeLine(indent, context);
    }
    if (expectIndent) throw new NotPlain();
    return { imports: this.imports, definitions: [...new Set(this.definitions)] };
  }

  // ------------------------------------------------------------------ lexing

  private push(kind: number, start: number, end: number): void {
    this.last = kind;
    this.lastDepth = this.depth;
    if (!this.record) return;
    if (this.n === this.kinds.length) this.grow();
    const n = this.n++;
    this.kinds[n] = kind;
    this.starts[n] = start;
    this.ends[n] = end;
    this.depths[n] = this.depth;
  }

  private grow(): void {
    const size = this.kinds.length * 2;
    const copy = (a: Int32Array): Int32Array<ArrayBuffer> => {
      const b = new Int32Array(size);
      b.set(a);
      return b;
    };
    shared = {
      kinds: (this.kinds = copy(this.kinds)),
      starts: (this.starts = copy(this.starts)),
      ends: (this.ends = copy(this.ends)),
      depths: (this.depths = copy(this.depths)),
    };
  }

  private skipComment(at: number): number {
    const text = this.text;
    let i = at;
    while (i < this.len) {
      const c = text.charCodeAt(i);
      if (c === 10 || c === 13) break;
      i++;
    }
    return i;
  }

  private skipNewline(at: number): number {
    const text = this.text;
    if (at >= this.len) return at;
    const c = text.charCodeAt(at);
    if (c === 13) return at + 1 < this.len && text.charCodeAt(at + 1) === 10 ? at + 2 : at + 1;
    return c === 10 ? at + 1 : at;
  }

  /** Lexes one logical line from `this.i`, leaving `this.i` after its newline. */
  private lexLine(): void {
    const text = this.text;
    const len = this.len;
    for (;;) {
      if (this.i >= len) {
        if (this.depth !== 0) throw new NotPlain();
        return;
      }
      const c = text.charCodeAt(this.i);
      if (c === 10 || c === 13) {
        this.i = this.skipNewline(this.i);
        if (this.depth === 0) return;
        continue;
      }
      this.token(c, false);
    }
  }

  /**
   * Lexes the token at `this.i` (first character `c`). Inside an f-string's
   * replacement field (`field`), a `!` starts a conversion.
   */
  private token(c: number, field: boolean): void {
    const text = this.text;
    const start = this.i;
    if (c === 32 || c === 9 || c === 12) {
      this.i++;
      return;
    }
    if (c === 35) {
      this.i = this.skipComment(start);
      return;
    }
    if (c === 92) {
      const next = this.skipNewline(start + 1);
      if (next === start + 1) throw new NotPlain();
      this.i = next;
      return;
    }
    if (isIdentStart(c) || c >= 128) {
      let i = start;
      while (i < this.len) {
        const d = text.charCodeAt(i);
        if (isIdentPart(d)) i++;
        else if (d >= 128) {
          if ((d < 0xd800 || d > 0xdfff) && !IDENTIFIER_CHAR.test(text[i])) break;
          i++;
        } else break;
      }
      if (i === start) throw new NotPlain();
      const q = i < this.len ? text.charCodeAt(i) : 0;
      if (q === 34 || q === 39) {
        const prefix = stringPrefix(text, start, i);
        if (prefix === null) throw new NotPlain();
        this.i = i;
        this.string(q, prefix === "f");
        this.push(STRING, start, this.i);
        return;
      }
      this.i = i;
      this.push(NAME, start, i);
      return;
    }
    if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(start + 1)))) {
      this.number();
      this.push(NUMBER, start, this.i);
      return;
    }
    if (c === 34 || c === 39) {
      this.string(c, false);
      this.push(STRING, start, this.i);
      return;
    }
    const next = text.charCodeAt(start + 1);
    switch (c) {
      case 40: // (
      case 91: // [
      case 123: {
        // {
        this.push(c === 40 ? LPAR : c === 91 ? LSQB : LBRACE, start, start + 1);
        this.depth++;
        this.i++;
        return;
      }
      case 41: // )
      case 93: // ]
      case 125: {
        // }
        this.depth--;
        if (this.depth < 0) throw new NotPlain();
        this.push(c === 41 ? RPAR : c === 93 ? RSQB : RBRACE, start, start + 1);
        this.i++;
        return;
      }
      case 46: // .
        if (next === 46 && text.charCodeAt(start + 2) === 46) {
          this.i += 3;
          this.push(ELLIPSIS, start, this.i);
        } else {
          this.i++;
          this.push(DOT, start, this.i);
        }
        return;
      case 61: // =
        if (next === 61) {
          this.i += 2;
          this.push(EQEQ, start, this.i);
        } else {
          this.i++;
          this.push(ASSIGN, start, this.i);
        }
        return;
      case 58: // :
        if (next === 61) {
          this.i += 2;
          this.push(OTHER, start, this.i);
        } else {
          this.i++;
          this.push(COLON, start, this.i);
        }
        return;
      case 44: // ,
        this.i++;
        this.push(COMMA, start, this.i);
        return;
      case 59: // ;
        this.i++;
        this.push(SEMI, start, this.i);
        return;
      case 42: // *
        if (next === 42) this.i += text.charCodeAt(start + 2) === 61 ? 3 : 2;
        else this.i += next === 61 ? 2 : 1;
        this.push(this.i === start + 1 ? STAR : OTHER, start, this.i);
        return;
      case 64: // @
        this.i += next === 61 ? 2 : 1;
        this.push(this.i === start + 1 ? AT : OTHER, start, this.i);
        return;
      case 33: // !
        if (next === 61) {
          this.i += 2;
          this.push(OTHER, start, this.i);
          return;
        }
        if (!field) throw new NotPlain();
        this.i++;
        this.push(OTHER, start, this.i);
        return;
      case 47: // /
      case 60: // <
      case 62: // >
        // `//`, `<<`, `>>`, each with an optional `=`; `->`, `<=`, `>=`.
        if (next === c) this.i += text.charCodeAt(start + 2) === 61 ? 3 : 2;
        else this.i += next === 61 ? 2 : 1;
        this.push(OTHER, start, this.i);
        return;
      case 45: // -
        this.i += next === 61 || next === 62 ? 2 : 1;
        this.push(OTHER, start, this.i);
        return;
      case 43: // +
      case 37: // %
      case 38: // &
      case 124: // |
      case 94: // ^
        this.i += next === 61 ? 2 : 1;
        this.push(OTHER, start, this.i);
        return;
      case 126: // ~
        this.i++;
        this.push(OTHER, start, this.i);
        return;
      default:
        throw new NotPlain();
    }
  }

  private number(): void {
    const text = this.text;
    const start = this.i;
    const hex = text.charCodeAt(start) === 48 && (text.charCodeAt(start + 1) | 32) === 120;
    let i = start;
    while (i < this.len) {
      const c = text.charCodeAt(i);
      if (isIdentPart(c) || c === 46) i++;
      else if ((c === 43 || c === 45) && !hex && (text.charCodeAt(i - 1) | 32) === 101) i++;
      else break;
    }
    this.i = i;
  }

  /** A string literal whose opening quote is at `this.i`. */
  private string(quote: number, format: boolean): void {
    const text = this.text;
    const len = this.len;
    let i = this.i;
    const triple = text.charCodeAt(i + 1) === quote && text.charCodeAt(i + 2) === quote;
    i += triple ? 3 : 1;
    for (;;) {
      if (i >= len) throw new NotPlain();
      const c = text.charCodeAt(i);
      if (c === 92) {
        // An escape (in raw strings too, a backslash keeps the next quote in the string).
        i = i + 1 < len && text.charCodeAt(i + 1) === 13 ? this.skipNewline(i + 1) : i + 2;
        continue;
      }
      if (c === quote) {
        if (!triple) {
          this.i = i + 1;
          return;
        }
        if (text.charCodeAt(i + 1) === quote && text.charCodeAt(i + 2) === quote) {
          this.i = i + 3;
          return;
        }
        i++;
        continue;
      }
      if ((c === 10 || c === 13) && !triple) throw new NotPlain();
      if (format && c === 123) {
        if (text.charCodeAt(i + 1) === 123) {
          i += 2;
          continue;
        }
        this.i = i + 1;
        this.replacementField(quote, triple);
        i = this.i;
        continue;
      }
      i++;
    }
  }

  /**
   * An f-string's `{expression!conversion:format}`, from after its `{` to after
   * its `}`. The expression's tokens are never recorded (the whole string is one token).
   */
  private replacementField(quote: number, triple: boolean): void {
    const text = this.text;
    const record = this.record;
    const depth = this.depth;
    const last = this.last;
    const lastDepth = this.lastDepth;
    this.record = false;
    this.depth = 0;
    for (;;) {
      if (this.i >= this.len) throw new NotPlain();
      const c = text.charCodeAt(this.i);
      if (this.depth === 0 && c === 125) {
        this.i++;
        break;
      }
      if (this.depth === 0 && c === 58) {
        this.formatSpec(quote, triple);
        break;
      }
      if (c === 10 || c === 13) {
        this.i = this.skipNewline(this.i);
        continue;
      }
      this.token(c, true);
    }
    this.record = record;
    this.depth = depth;
    this.last = last;
    this.lastDepth = lastDepth;
  }

  /** A replacement field's format spec, from its `:` to after the field's `}`. */
  private formatSpec(quote: number, triple: boolean): void {
    const text = this.text;
    let i = this.i + 1;
    for (;;) {
      if (i >= this.len) throw new NotPlain();
      const c = text.charCodeAt(i);
      if (c === 125) {
        this.i = i + 1;
        return;
      }
      if (c === 123) {
        const depth = this.depth;
        this.i = i + 1;
        this.depth = 0;
        this.replacementField(quote, triple);
        this.depth = depth;
        i = this.i;
        continue;
      }
      if ((c === 10 || c === 13) && !triple) throw new NotPlain();
      if (c === quote && !triple) throw new NotPlain();
      i++;
    }
  }

  // ------------------------------------------------------------------ statements

  private word(k: number): string {
    return this.text.slice(this.starts[k], this.ends[k]);
  }

  /** A token's text to keep in the facts: a copy, not a view that keeps the whole file's text alive. */
  private kept(k: number): string {
    return detached(this.word(k));
  }

  private isWord(k: number, n: number, word: string): boolean {
    return (
      k < n &&
      this.kinds[k] === NAME &&
      this.ends[k] - this.starts[k] === word.length &&
      this.text.startsWith(word, this.starts[k])
    );
  }

  private analyzeLine(indent: number, context: Block): void {
    const n = this.n;
    if (n === 0) return;
    const kinds = this.kinds;
    if (kinds[0] === AT) return; // a decorator
    if (kinds[0] === NAME) {
      const first = this.word(0);
      let at = 0;
      if (first === "async" && n > 1) at = 1;
      const keyword = at === 0 ? first : this.word(1);
      if (keyword === "def" || keyword === "class") {
        if (kinds[at + 1] === NAME && at + 1 < n) this.definitions.push(this.kept(at + 1));
        this.blocks.push({ indent, kind: BODY, typeChecking: false, mainOnly: false });
        return;
      }
      if (keyword === "if" || keyword === "elif") {
        const colon = this.headerColon(at + 1);
        const block: Block = {
          indent,
          kind: PLAIN,
          typeChecking: context.typeChecking || this.isTypeCheckingTest(at + 1, colon),
          mainOnly: context.mainOnly || this.isMainGuard(at + 1, colon),
        };
        this.header(block, colon);
        return;
      }
      if (HEADERS.has(keyword) || (keyword === "case" && context.kind === MATCH && at === 0)) {
        const colon = this.headerColon(at + 1);
        this.header({ ...context, indent, kind: PLAIN }, colon);
        return;
      }
      if (first === "match" && n >= 3 && kinds[n - 1] === COLON && this.depths[n - 1] === 0) {
        this.blocks.push({ ...context, indent, kind: MATCH });
        return;
      }
    }
    this.simpleStatements(0, n, context);
  }

  /** A compound statement's header: its block, and a body on the same line. */
  private header(block: Block, colon: number): void {
    this.blocks.push(block);
    if (colon + 1 < this.n) this.simpleStatements(colon + 1, this.n, block);
  }

  /** The `:` that ends a header (not a lambda's); throws when there is none. */
  private headerColon(from: number): number {
    let lambdas = 0;
    for (let k = from; k < this.n; k++) {
      if (this.depths[k] !== 0) continue;
      if (this.kinds[k] === NAME && this.isWord(k, this.n, "lambda")) lambdas++;
      else if (this.kinds[k] === COLON) {
        if (lambdas === 0) return k;
        lambdas--;
      }
    }
    throw new NotPlain();
  }

  /** `TYPE_CHECKING` or `<primary>.TYPE_CHECKING` (`typing.TYPE_CHECKING`), in parentheses or not. */
  private isTypeCheckingTest(from: number, to: number): boolean {
    [from, to] = this.unparenthesized(from, to);
    if (to - from < 1 || !this.isWord(to - 1, to, "TYPE_CHECKING")) return false;
    if (to - from === 1) return true;
    const depth = this.depths[from];
    if (this.kinds[to - 2] !== DOT || this.depths[to - 2] !== depth) return false;
    // Only names, dots, calls and subscripts before it: `a or b.TYPE_CHECKING` is no such test.
    for (let k = from; k < to - 2; k++) {
      if (this.depths[k] !== depth) continue;
      const kind = this.kinds[k];
      if (kind === NAME ? HARD_KEYWORDS.has(this.word(k)) : !PRIMARY.has(kind)) return false;
    }
    return true;
  }

  /** `__name__ == "__main__"`, either way round, in parentheses or not. */
  private isMainGuard(from: number, to: number): boolean {
    [from, to] = this.unparenthesized(from, to);
    if (to - from !== 3 || this.kinds[from + 1] !== EQEQ) return false;
    return (
      (this.isWord(from, to, "__name__") && this.isMainString(from + 2)) ||
      (this.isMainString(from) && this.isWord(from + 2, to, "__name__"))
    );
  }

  private isMainString(k: number): boolean {
    if (this.kinds[k] !== STRING) return false;
    const literal = this.word(k);
    const quote = literal.search(/["']/);
    const prefix = literal.slice(0, quote).toLowerCase();
    if (prefix.includes("f") || prefix.includes("t")) return false;
    const body = literal.slice(quote);
    const quotes = body.startsWith(body[0].repeat(3)) ? 3 : 1;
    return body.length === 8 + 2 * quotes && body.slice(quotes, -quotes) === "__main__";
  }

  /** Tokens [from, to) without parentheses that enclose all of them. */
  private unparenthesized(from: number, to: number): [number, number] {
    while (
      to - from >= 2 &&
      this.kinds[from] === LPAR &&
      this.kinds[to - 1] === RPAR &&
      this.closing(from, to) === to - 1
    ) {
      from++;
      to--;
    }
    return [from, to];
  }

  /** The index of the bracket that closes the one at `open`, before `to`; -1 if none. */
  private closing(open: number, to: number): number {
    const depth = this.depths[open];
    for (let k = open + 1; k < to; k++) {
      if (this.depths[k] === depth) return k;
    }
    return -1;
  }

  private simpleStatements(from: number, to: number, context: Block): void {
    let start = from;
    for (let k = from; k < to; k++) {
      if (this.kinds[k] === SEMI && this.depths[k] === 0) {
        this.statement(start, k, context);
        start = k + 1;
      }
    }
    this.statement(start, to, context);
  }

  private statement(from: number, to: number, context: Block): void {
    if (from >= to) return;
    if (this.kinds[from] === NAME) {
      const word = this.word(from);
      if (word === "import") return this.importStatement(from, to, context);
      if (word === "from") return this.fromStatement(from, to, context);
      if (
        word === "type" &&
        to - from >= 3 &&
        this.kinds[from + 1] === NAME &&
        (this.kinds[from + 2] === ASSIGN || this.kinds[from + 2] === LSQB)
      ) {
        this.definitions.push(this.kept(from + 1));
        return;
      }
      if (NO_TARGETS.has(word)) return;
    }
    this.assignment(from, to);
  }

  /** Module-level names bound by an assignment or an annotation. */
  private assignment(from: number, to: number): void {
    let lambdas = 0;
    let annotation = -1;
    let segment = from;
    // [start, end) of each target, `a = b = 1` has two.
    const targets: number[] = [];
    for (let k = from; k < to; k++) {
      if (this.depths[k] !== 0) continue;
      const kind = this.kinds[k];
      if (kind === NAME && this.isWord(k, to, "lambda")) lambdas++;
      else if (kind === COLON) {
        if (lambdas > 0) lambdas--;
        else if (annotation < 0 && targets.length === 0) annotation = k;
      } else if (kind === ASSIGN && lambdas === 0) {
        targets.push(segment, annotation >= 0 ? annotation : k);
        annotation = -1;
        segment = k + 1;
      }
    }
    // `x: int` with no value still declares `x`.
    if (targets.length === 0 && annotation >= 0) targets.push(from, annotation);
    // In pyright's order: the chain's last target first.
    for (let t = targets.length - 2; t >= 0; t -= 2) this.targets(targets[t], targets[t + 1]);
  }

  /** Names in an assignment target: `a`, `a, b`, `(a, [b, *c])`. */
  private targets(from: number, to: number): void {
    if (from >= to) return;
    const depth = this.depths[from];
    let item = from;
    let tuple = false;
    for (let k = from; k < to; k++) {
      if (this.kinds[k] === COMMA && this.depths[k] === depth) {
        tuple = true;
        this.target(item, k);
        item = k + 1;
      }
    }
    if (tuple) {
      if (item < to) this.target(item, to);
      return;
    }
    this.target(from, to);
  }

  private target(from: number, to: number): void {
    if (from >= to) return;
    const kind = this.kinds[from];
    if (to - from === 1) {
      if (kind === NAME && !HARD_KEYWORDS.has(this.word(from))) {
        this.definitions.push(this.kept(from));
      }
      return;
    }
    if (kind === STAR) return this.target(from + 1, to);
    if ((kind === LPAR || kind === LSQB) && this.closing(from, to) === to - 1) {
      this.targets(from + 1, to - 1);
    }
  }

  // ------------------------------------------------------------------ imports

  /** `a.b.c` from `from`: the index after it, and its text; null when there is no name. */
  private dottedName(from: number, to: number): { next: number; module: string } | null {
    if (!this.isName(from, to)) return null;
    let module = this.word(from);
    let k = from + 1;
    while (k + 1 < to && this.kinds[k] === DOT && this.isName(k + 1, to)) {
      module += "." + this.word(k + 1);
      k += 2;
    }
    if (k < to && this.kinds[k] === DOT) throw new NotPlain();
    return { next: k, module: detached(module) };
  }

  private isName(k: number, to: number): boolean {
    return k < to && this.kinds[k] === NAME && !HARD_KEYWORDS.has(this.word(k));
  }

  private importStatement(from: number, to: number, context: Block): void {
    const entries: { start: number; end: number; module: string; alias: string | null }[] = [];
    let k = from + 1;
    for (;;) {
      const first = k;
      const name = this.dottedName(k, to);
      if (!name) throw new NotPlain();
      let alias: string | null = null;
      let end = name.next - 1;
      k = name.next;
      if (this.isWord(k, to, "as")) {
        if (!this.isName(k + 1, to)) throw new NotPlain();
        alias = this.kept(k + 1);
        end = k + 1;
        k += 2;
      }
      entries.push({ start: this.starts[first], end: this.ends[end], module: name.module, alias });
      if (k < to && this.kinds[k] === COMMA) {
        k++;
        continue;
      }
      break;
    }
    if (k !== to) throw new NotPlain();
    for (const entry of entries) {
      const start = entries.length === 1 ? this.starts[from] : entry.start;
      this.addImport(context, plainImport(entry.module, entry.alias), start, entry.end);
    }
  }

  private fromStatement(from: number, to: number, context: Block): void {
    let k = from + 1;
    let level = 0;
    for (; k < to; k++) {
      if (this.kinds[k] === DOT) level++;
      else if (this.kinds[k] === ELLIPSIS) level += 3;
      else break;
    }
    let module = ".".repeat(level);
    if (!this.isWord(k, to, "import")) {
      const name = this.dottedName(k, to);
      if (!name) throw new NotPlain();
      module += name.module;
      k = name.next;
    }
    if (!this.isWord(k, to, "import")) throw new NotPlain();
    k++;
    if (k < to && this.kinds[k] === STAR) {
      if (k + 1 !== to) throw new NotPlain();
      const spec = fromImport(module, level, ["*"], [null], true);
      this.addImport(context, spec, this.starts[from], this.ends[k]);
      return;
    }
    const parens = k < to && this.kinds[k] === LPAR;
    if (parens) {
      if (this.kinds[to - 1] !== RPAR || this.closing(k, to) !== to - 1) throw new NotPlain();
      k++;
    }
    const end = parens ? to - 1 : to;
    const names: string[] = [];
    const aliases: (string | null)[] = [];
    while (k < end) {
      if (!this.isName(k, end)) throw new NotPlain();
      names.push(this.kept(k));
      k++;
      if (this.isWord(k, end, "as")) {
        if (!this.isName(k + 1, end)) throw new NotPlain();
        aliases.push(this.kept(k + 1));
        k += 2;
      } else aliases.push(null);
      if (k < end) {
        if (this.kinds[k] !== COMMA) throw new NotPlain();
        k++;
        // A trailing comma needs the parentheses.
        if (k === end && !parens) throw new NotPlain();
      }
    }
    if (names.length === 0) throw new NotPlain();
    const spec = fromImport(module, level, names, aliases, false);
    this.addImport(context, spec, this.starts[from], this.ends[to - 1]);
  }

  private addImport(context: Block, spec: ImportSpec, start: number, end: number): void {
    const { typeChecking: typeCheckingOnly, mainOnly } = context;
    const statement = { ...spec, typeCheckingOnly, inFunction: false, mainOnly };
    const from = this.positions.at(start);
    this.imports.push(importRecord(statement, from, this.positions.at(end), start, end));
  }
}

/**
 * A string that holds its own characters. V8 makes a slice of 13 or more
 * characters a view into its parent (and a concatenation a pair of views), so
 * names kept in the project's facts would keep every file's text alive:
 * 34 MB on the stdlib's import graph.
 */
function detached(s: string): string {
  return s.length < 13 ? s : (" " + s).slice(1);
}

/** What a string prefix means here: "f" for f- and t-strings, "" for the others; null if it is none. */
function stringPrefix(text: string, start: number, end: number): string | null {
  if (end - start > 2) return null;
  const prefix = text.slice(start, end).toLowerCase();
  switch (prefix) {
    case "u":
    case "b":
    case "r":
    case "br":
    case "rb":
      return "";
    case "f":
    case "t":
    case "fr":
    case "rf":
    case "tr":
    case "rt":
      return "f";
    default:
      return null;
  }
}
