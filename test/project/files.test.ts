import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { discoverFiles } from "../../src/project/files.js";

const made: string[] = [];

/** A fresh directory with `files` (path -> content) written into it. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "layerlint-files-"));
  made.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

afterEach(() => {
  for (const root of made.splice(0)) {
    try {
      chmodSync(join(root, "locked"), 0o755);
    } catch {
      // only the unreadable-directory test makes one
    }
    rmSync(root, { recursive: true, force: true });
  }
});

describe("discoverFiles", () => {
  it("lists Python and TypeScript/JavaScript sources separately, sorted, with POSIX paths", () => {
    const root = tree({
      "b.py": "",
      "a/z.py": "",
      "a/b/c.py": "",
      "A.py": "",
      "web/src/index.ts": "",
      "web/src/app.tsx": "",
      "web/x.mts": "",
      "web/y.cts": "",
      "web/v.js": "",
      "web/w.mjs": "",
      "web/u.cjs": "",
      "web/types.d.ts": "",
      "README.md": "",
      "stub.pyi": "",
      "data.json": "",
      noext: "",
    });
    expect(discoverFiles(root)).toEqual({
      python: ["A.py", "a/b/c.py", "a/z.py", "b.py"],
      typescript: [
        "web/src/app.tsx",
        "web/src/index.ts",
        "web/types.d.ts",
        "web/u.cjs",
        "web/v.js",
        "web/w.mjs",
        "web/x.mts",
        "web/y.cts",
      ],
    });
  });

  it("skips browser assets: minified bundles, and JavaScript under public, static, vendor or assets", () => {
    const root = tree({
      "package.json": "{}",
      "src/app.ts": "",
      "src/public/js/main.js": "",
      "src/public/js/lib/jquery-3.1.1.min.js": "",
      "static/app.mjs": "",
      "vendor/lib.cjs": "",
      "scripts/build.min.js": "",
      "src/assets/icons.ts": "",
      "src/publication/publish.js": "",
    });
    // why: TypeScript under assets/ is compiled backend code as often as not; a "publication" is no public/
    expect(discoverFiles(root).typescript).toEqual([
      "src/app.ts",
      "src/assets/icons.ts",
      "src/publication/publish.js",
    ]);
  });

  it("always skips dependency, build and cache directories", () => {
    const root = tree({
      "app/main.py": "",
      "node_modules/pkg/index.js": "",
      ".venv/lib/site.py": "",
      "venv/lib/site.py": "",
      "app/__pycache__/main.py": "",
      "build/lib/app.py": "",
      "dist/index.js": "",
      ".git/hooks/hook.py": "",
      ".tox/py311/x.py": "",
      ".mypy_cache/x.py": "",
      "packages/web/node_modules/x/y.ts": "",
      "packages/web/src/a.ts": "",
    });
    expect(discoverFiles(root)).toEqual({
      python: ["app/main.py"],
      typescript: ["packages/web/src/a.ts"],
    });
  });

  it("respects the root and nested .gitignore files, negations included", () => {
    const root = tree({
      ".gitignore": "generated/\n*.gen.py\n!keep.gen.py\n/top_only.py\n",
      "a.py": "",
      "keep.gen.py": "",
      "x.gen.py": "",
      "top_only.py": "",
      "generated/g.py": "",
      "sub/.gitignore": "local.py\n!x.gen.py\n",
      "sub/local.py": "",
      "sub/other.py": "",
      "sub/top_only.py": "",
      "sub/x.gen.py": "",
      "sub/deeper/local.py": "",
      "other/local.py": "",
    });
    expect(discoverFiles(root).python).toEqual([
      "a.py",
      "keep.gen.py",
      "other/local.py",
      "sub/other.py",
      "sub/top_only.py",
      "sub/x.gen.py",
    ]);
  });

  it("applies the settings' ignore patterns, which .gitignore cannot undo", () => {
    const root = tree({
      ".gitignore": "!legacy/keep.py\n",
      "app/main.py": "",
      "legacy/old.py": "",
      "legacy/keep.py": "",
      "app/generated/api.py": "",
      "scripts/one.ts": "",
    });
    expect(discoverFiles(root, { ignore: ["legacy/", "**/generated/**", "*.ts"] })).toEqual({
      python: ["app/main.py"],
      typescript: [],
    });
  });

  it("follows a symlinked directory once and survives a loop and a dangling link", () => {
    const outside = tree({ "extpkg/e.py": "" });
    const root = tree({ "app/a.py": "", "lib/l.py": "" });
    symlinkSync(root, join(root, "app", "loop")); // back to the root: a loop
    symlinkSync(join(root, "lib"), join(root, "alias")); // a second path to lib/
    symlinkSync(join(outside, "extpkg"), join(root, "ext")); // a directory outside the root
    symlinkSync(join(root, "missing"), join(root, "dangling"));
    symlinkSync(join(root, "lib", "l.py"), join(root, "linked.py"));
    expect(discoverFiles(root).python).toEqual(["app/a.py", "ext/e.py", "lib/l.py", "linked.py"]);
  });

  it("keeps the real directory when a link to it sorts first", () => {
    const root = tree({ "z_real/m.py": "" });
    symlinkSync(join(root, "z_real"), join(root, "a_link"));
    expect(discoverFiles(root).python).toEqual(["z_real/m.py"]);
  });

  it("returns nothing for a missing root", () => {
    expect(discoverFiles(join(tmpdir(), "layerlint-no-such-dir-0"))).toEqual({
      python: [],
      typescript: [],
    });
  });

  it.skipIf(process.getuid?.() === 0)("skips an unreadable directory", () => {
    const root = tree({ "app/a.py": "", "locked/secret.py": "" });
    chmodSync(join(root, "locked"), 0o000);
    expect(discoverFiles(root).python).toEqual(["app/a.py"]);
  });
});
