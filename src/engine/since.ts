/**
 * Changed-files mode (`--since <ref>`): which files differ from a git ref, read
 * with the git CLI (read-only: rev-parse, diff, ls-files). Only those files are
 * linted; project facts still come from the whole tree.
 */
import { execFileSync } from "node:child_process";

import type { SinceInfo } from "../rule-project.js";

export type { SinceInfo };

/** A problem with `--since` that the user has to fix (exit code 2). */
export class SinceError extends Error {}

function git(root: string, args: string[]): string {
  return execFileSync("git", args, {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
  });
}

const paths = (out: string) => out.split("\0").filter((p) => p !== "");

export function changedSince(root: string, ref: string): SinceInfo {
  try {
    git(root, ["rev-parse", "--is-inside-work-tree"]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new SinceError("--since needs git, and git is not installed here.");
    }
    throw new SinceError(`--since needs a git repository; ${root} is not inside one.`);
  }
  try {
    git(root, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
  } catch {
    throw new SinceError(
      `--since: git cannot find "${ref}" here. In a shallow CI clone, fetch it first ` +
        `(git fetch --depth=1 origin ${ref}), or name a commit that exists.`,
    );
  }
  // `--relative` gives paths relative to the root (git's cwd), and drops files outside it.
  const diff = (filter: string) =>
    paths(
      git(root, ["diff", "--name-only", "--relative", "-z", `--diff-filter=${filter}`, ref, "--"]),
    );
  const untracked = paths(git(root, ["ls-files", "--others", "--exclude-standard", "-z"]));
  const changed = [...new Set([...diff("ACMR"), ...untracked])].sort();
  const added = [...new Set([...diff("A"), ...untracked])].sort();
  return { ref, changed, added };
}
