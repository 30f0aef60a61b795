/**
 * 0-based line and UTF-16 column of offsets, by scanning forward from the last
 * one asked: imports sit at the top of a file, in order, so this reads a small
 * prefix where a line table (TypeScript's `getLineAndCharacterOfPosition`,
 * pyright's) first splits the whole file. Asking for an earlier offset starts
 * over from the top.
 */
export class ForwardPositions {
  private offset = 0;
  private line = 0;
  private lineStart = 0;

  /**
   * Line breaks are `\n`, `\r\n` and `\r`, plus U+2028 and U+2029 with
   * `unicodeBreaks` (as TypeScript counts them; Python and pyright do not).
   */
  constructor(
    private readonly text: string,
    private readonly unicodeBreaks: boolean,
  ) {}

  at(target: number): { line: number; column: number } {
    if (target < this.offset) {
      this.offset = 0;
      this.line = 0;
      this.lineStart = 0;
    }
    const text = this.text;
    const end = Math.min(target, text.length);
    for (let i = this.offset; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === 13) {
        if (i + 1 < text.length && text.charCodeAt(i + 1) === 10) {
          // A \r\n pair is one break, after the \n; stopping between them stays on this line.
          if (i + 1 >= end) break;
          i++;
        }
        this.line++;
        this.lineStart = i + 1;
      } else if (c === 10 || (this.unicodeBreaks && (c === 0x2028 || c === 0x2029))) {
        this.line++;
        this.lineStart = i + 1;
      }
    }
    this.offset = end;
    return { line: this.line, column: target - this.lineStart };
  }
}
