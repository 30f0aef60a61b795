import type { PyComment, PyFunction, PyModule, PyNode } from "../../src/languages/python/nodes.js";
import {
  headGroups,
  isRevisionModule,
  readRevision,
  type MigrationHistory,
  type Revision,
} from "../../src/project/python/migrations.js";
import type { SourceLoc } from "../../src/project/python/schema.js";
import { docstringOf } from "../../src/languages/python/ast-utils.js";
import { projectFor } from "../../src/rule-project.js";
import { pythonSource, type LayerlintRuleContext } from "../../src/rule.js";
import type { MessageIds, Options } from "./migration-integrity.js";

type Context = LayerlintRuleContext<[Options], MessageIds>;

/** The environment (script directory) of a file in a versions directory, or null. */
function environmentOf(history: MigrationHistory, file: string): string | null {
  const known = history.revisions.find((r) => r.file === file);
  if (known) return known.environment;
  let best: string | null = null;
  let bestLength = -1;
  for (const [dir, environment] of history.environments) {
    if ((dir === "" || file.startsWith(`${dir}/`)) && dir.length > bestLength) {
      best = environment;
      bestLength = dir.length;
    }
  }
  return best;
}

function topFunction(module: PyModule, name: string): PyFunction | undefined {
  return module.d.statements.find(
    (s) => s.type === "Function" && (s as unknown as PyFunction).d.name.d.value === name,
  ) as unknown as PyFunction | undefined;
}

/** Whether `upgrade()` does anything: a no-op revision (a merge point) needs no downgrade steps. */
function doesSomething(upgrade: PyFunction | undefined): boolean {
  if (!upgrade) return false;
  return upgrade.d.suite.d.statements.some((statement) => {
    if (statement.type !== "StatementList") return true;
    return (statement.d.statements as PyNode[]).some(
      (s) => s.type !== "Pass" && s.type !== "Ellipsis" && s.type !== "StringList",
    );
  });
}

/**
 * A docstring, or a comment other than autogenerate's `# ### ... ###` markers:
 * someone wrote down why there is nothing to undo (`# enum values cannot be removed`).
 */
function isExplained(fn: PyFunction, comments: readonly PyComment[]): boolean {
  const end = fn.start + fn.length;
  if (docstringOf(fn)) return true;
  return comments.some(
    (c) => c.start > fn.start && c.start < end && !/^\s*###/.test(c.value) && c.value.trim() !== "",
  );
}

function toLoc(loc: SourceLoc) {
  return {
    start: { line: loc.line, column: loc.column },
    end: { line: loc.endLine, column: loc.endColumn },
  };
}

export function checkPython(context: Context) {
  const sourceCode = pythonSource(context);
  if (!sourceCode) return null;
  const where = projectFor(context);
  if (!where) return null;
  const { project, file } = where;
  const [options] = context.options;

  return {
    Module(module: PyModule) {
      // Only a module that looks like a revision pays for reading the history.
      if (!isRevisionModule(module)) return;
      const history = project.migrations();
      const environment = environmentOf(history, file);
      if (environment === null && project.roleOf(file) !== "migrations") return;
      // The header as the editor has it now; the graph around it as it is on disk.
      const revision = readRevision(file, module, sourceCode.text, environment ?? "");
      const name = revision.id ?? file;
      if (!options.allowEmptyDowngrade && doesSomething(topFunction(module, "upgrade"))) {
        const downgrade = topFunction(module, "downgrade");
        const explained = downgrade !== undefined && isExplained(downgrade, sourceCode.comments);
        if (
          revision.downgradeLoc &&
          revision.emptyDowngrade &&
          (!explained || options.strictDowngrade)
        ) {
          context.report({
            loc: toLoc(revision.downgradeLoc),
            messageId: "emptyDowngrade",
            data: { revision: name },
          });
        } else if (!revision.downgradeLoc && revision.revisionLoc) {
          context.report({
            loc: toLoc(revision.revisionLoc),
            messageId: "missingDowngrade",
            data: { revision: name },
          });
        }
      }
      if (environment === null) return;
      checkGraph(context, history, revision, environment, options);
    },
  };
}

function checkGraph(
  context: Context,
  history: MigrationHistory,
  revision: Revision,
  environment: string,
  options: Options,
): void {
  const siblings = history.revisions.filter(
    (r) => r.environment === environment && r.file !== revision.file,
  );
  const ids = new Set(siblings.map((r) => r.id));
  const missing = revision.down.filter((down) => down !== revision.id && !ids.has(down));
  if (missing.length > 0 && revision.downLoc) {
    context.report({
      loc: toLoc(revision.downLoc),
      messageId: "danglingDownRevision",
      data: {
        revision: revision.id ?? revision.file,
        missing: missing.map((m) => `"${m}"`).join(", "),
      },
    });
  }
  if (revision.id === null || !revision.revisionLoc) return;
  const first = siblings.find((r) => r.id === revision.id && r.file < revision.file);
  if (first) {
    context.report({
      loc: toLoc(revision.revisionLoc),
      messageId: "duplicateRevision",
      data: { revision: revision.id, other: first.file },
    });
    return;
  }
  // The linted file on disk must be what the graph knows as this head.
  if (!history.revisions.some((r) => r.file === revision.file && r.id === revision.id)) return;
  const groups = headGroups(history, options.allowLabeledBranches !== false).filter(
    (g) => g.environment === environment,
  );
  const group = groups.find((g) => g.heads.includes(revision.id!));
  if (!group || group.heads.length < 2 || group.main === revision.id) return;
  const command =
    groups.length === 1
      ? 'alembic merge heads -m "merge heads"'
      : `alembic merge ${group.heads.join(" ")} -m "merge heads"`;
  context.report({
    loc: toLoc(revision.revisionLoc),
    messageId: "multipleHeads",
    data: {
      revision: revision.id,
      heads: group.heads.map((h) => `"${h}"`).join(", "),
      count: String(group.heads.length),
      command,
    },
  });
}
