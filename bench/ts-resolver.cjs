// A minimal eslint-import-resolver (interface version 2) for bench/ts-run.mjs: gives
// eslint-plugin-boundaries what TypeScript's resolution gives layerlint on the generated
// tree: relative specifiers, the tsconfig `paths` alias passed as `alias` ({ "@/": "src/" }),
// NodeNext `.js` specifiers that name `.ts` sources, and `index` files. Packages
// (`express`, `zod`) resolve to nothing, as the tree has no node_modules.
// eslint-import-resolver-typescript, which a real project would use, is not installed, and does
// more work per import (it reads tsconfig files and package.json exports); this one only stats
// a few candidate paths, so the competitor's numbers are, if anything, flattering.
"use strict";

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS resolver for eslint-module-utils
const { statSync } = require("node:fs");
// eslint-disable-next-line @typescript-eslint/no-require-imports -- as above
const { dirname, join, resolve: resolvePath } = require("node:path");

const SOURCE_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".mjs", ".cjs"];
const JS_TO_TS = { ".js": [".ts", ".tsx"], ".mjs": [".mts"], ".cjs": [".cts"] };

const isFile = (path) => statSync(path, { throwIfNoEntry: false })?.isFile() === true;

function candidates(base) {
  const out = [base];
  const ext = /\.[cm]?js$/.exec(base)?.[0];
  if (ext) out.push(...JS_TO_TS[ext].map((ts) => base.slice(0, -ext.length) + ts));
  out.push(...SOURCE_EXTENSIONS.map((e) => base + e));
  out.push(...SOURCE_EXTENSIONS.map((e) => join(base, `index${e}`)));
  return out;
}

module.exports = {
  interfaceVersion: 2,
  /**
   * @param {string} source the import specifier
   * @param {string} file the importing file
   * @param {{ root?: string, alias?: Record<string, string> }} config
   */
  resolve(source, file, config = {}) {
    let base = null;
    if (source.startsWith("./") || source.startsWith("../")) {
      base = resolvePath(dirname(file), source);
    } else {
      for (const [prefix, target] of Object.entries(config.alias ?? {})) {
        if (source.startsWith(prefix)) {
          base = resolvePath(config.root ?? process.cwd(), target + source.slice(prefix.length));
          break;
        }
      }
    }
    if (base === null) return { found: false };
    const path = candidates(base).find(isFile);
    return path ? { found: true, path } : { found: false };
  },
};
