/**
 * The TypeScript compiler, loaded on first use: requiring it costs about 0.4 s,
 * which a Python-only run never pays.
 */
import { createRequire } from "node:module";
import type * as TS from "typescript";

export type TypeScript = typeof TS;

let loaded: TypeScript | null = null;

export function typescript(): TypeScript {
  loaded ??= createRequire(import.meta.url)("typescript") as TypeScript;
  return loaded;
}
