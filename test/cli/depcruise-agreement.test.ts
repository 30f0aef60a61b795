/**
 * Issue 5: the dependency-cruiser preset and layerlint's own `layers` and
 * `no-import-cycles` give the same layering verdicts on TypeScript projects.
 * Both run here on the same fixtures: dependency-cruiser through its API with
 * configs/dependency-cruiser.cjs's rules, layerlint through its CLI.
 */
import { createRequire } from "node:module";
import { join } from "node:path";
import { cruise, type ICruiseResult, type IFlattenedRuleSet } from "dependency-cruiser";
import extractTSConfig from "dependency-cruiser/config-utl/extract-ts-config";
import { describe, expect, it } from "vitest";
import { REPO, runCli } from "./run-cli.js";

const require = createRequire(import.meta.url);
const preset = require(join(REPO, "configs/dependency-cruiser.cjs")) as {
  options: Record<string, unknown>;
} & IFlattenedRuleSet;

async function depcruise(fixture: string): Promise<{ layers: string[]; cycles: string[] }> {
  const tsConfig = join(fixture, "tsconfig.json");
  const { options, ...rules } = preset;
  const { output } = await cruise(
    ["src"],
    {
      ...options,
      tsConfig: { fileName: tsConfig },
      baseDir: fixture,
      ruleSet: rules as IFlattenedRuleSet,
      validate: true,
    },
    undefined,
    { tsConfig: extractTSConfig(tsConfig) },
  );
  const violations = (output as ICruiseResult).summary.violations;
  return {
    layers: violations
      .filter((v) => v.rule.name.startsWith("layers-"))
      .map((v) => `${v.from} -> ${v.to}`)
      .sort(),
    // dependency-cruiser reports a cycle once; layerlint in every member: compare members.
    cycles: [
      ...new Set(
        violations
          .filter((v) => v.rule.name === "no-import-cycles")
          .map((v) =>
            [...new Set([v.from, ...(v.cycle ?? []).map((c) => c.name)])].sort().join(" "),
          ),
      ),
    ].sort(),
  };
}

function layerlint(fixture: string): { layers: string[]; cycles: string[] } {
  const { stdout } = runCli([fixture, "-f", "json"]);
  const results = JSON.parse(stdout) as {
    filePath: string;
    messages: { ruleId: string; message: string }[];
  }[];
  const layers: string[] = [];
  const cycles = new Set<string>();
  for (const result of results) {
    const file = result.filePath.slice(fixture.length + 1);
    for (const m of result.messages) {
      if (m.ruleId === "layerlint/layers") {
        layers.push(`${file} -> ${/imports "([^"]+)"/.exec(m.message)![1]}`);
      } else if (m.ruleId === "layerlint/no-import-cycles") {
        const members = /Import cycle: (.*?)\. /.exec(m.message)![1].split(" -> ");
        cycles.add([...new Set(members)].sort().join(" "));
      }
    }
  }
  return { layers: layers.sort(), cycles: [...cycles].sort() };
}

describe("the dependency-cruiser preset agrees with layers and no-import-cycles", () => {
  it.each([
    ["test/fixtures/depcruise-violations", 5, 1],
    ["test/fixtures/depcruise-layered", 0, 0],
    ["test/fixtures/ts-express-layered", 0, 0],
    ["test/fixtures/ts-nest-app", 0, 0],
    ["test/fixtures/ts-express-prisma", 0, 0],
    ["test/fixtures/ts-express-prisma-violations", 2, 2],
    ["test/fixtures/ts-nest-typeorm", 0, 0],
    ["test/fixtures/ts-nest-typeorm-violations", 3, 2],
    ["examples/express-shop", 0, 0],
  ])("on %s", async (rel, layerCount, cycleCount) => {
    const fixture = join(REPO, rel);
    const theirs = await depcruise(fixture);
    const ours = layerlint(fixture);
    expect(ours.layers.length).toBe(layerCount);
    expect(ours.cycles.length).toBe(cycleCount);
    expect(ours).toEqual(theirs);
  });
});
