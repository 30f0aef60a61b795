import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** layerlint's own package.json, found from this file whether run from src/ or dist/src/. */
function readOwnPackage(): { name: string; version: string; root: string } {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
      if (pkg.name === "layerlint") return { name: pkg.name, version: pkg.version, root: dir };
    } catch {
      // not here; keep walking up
    }
    const parent = dirname(dir);
    if (parent === dir) return { name: "layerlint", version: "0.0.0", root: dir };
    dir = parent;
  }
}

export const packageInfo = readOwnPackage();
