// Regenerates configs/dependency-cruiser.cjs from the layer map (src/config/depcruise.ts, built
// to dist/). test/config/depcruise.test.ts fails when the committed file differs. Run:
//   npm run build && node scripts/gen-depcruise-preset.mjs
import { existsSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as prettier from "prettier";

const built = new URL("../dist/src/config/depcruise.js", import.meta.url);
if (!existsSync(built)) {
  console.error("dist/src/config/depcruise.js is missing: run `npm run build` first.");
  process.exit(1);
}
const { renderDependencyCruiserPreset } = await import(built.href);
const target = fileURLToPath(new URL("../configs/dependency-cruiser.cjs", import.meta.url));
const config = await prettier.resolveConfig(target);
const text = await prettier.format(renderDependencyCruiserPreset(), {
  ...config,
  filepath: target,
});
writeFileSync(target, text);
console.log(`wrote ${target}`);
