import { createRule } from "../../src/rule.js";
import { checkPython } from "./python.js";

export interface Options {
  allowEmptyDowngrade?: boolean;
  allowLabeledBranches?: boolean;
  strictDowngrade?: boolean;
}

export type MessageIds =
  | "emptyDowngrade"
  | "missingDowngrade"
  | "multipleHeads"
  | "danglingDownRevision"
  | "duplicateRevision";

export default createRule<[Options], MessageIds>({
  name: "migration-integrity",
  meta: {
    type: "problem",
    languages: ["layerlint/python"],
    docs: {
      description:
        "Require Alembic migrations that can be undone and a revision graph with one head, no dangling parents and unique ids",
      guideline: "Core Principle 5: Database Migrations",
      recommended: "error",
    },
    messages: {
      emptyDowngrade:
        'Migration "{{revision}}" has an empty downgrade(). Write the steps that undo its upgrade().',
      missingDowngrade:
        'Migration "{{revision}}" has no downgrade(). Add one with the steps that undo its upgrade().',
      multipleHeads:
        'Revision "{{revision}}" is one of {{count}} heads ({{heads}}), so `alembic upgrade head` fails. Merge them: {{command}}.',
      danglingDownRevision:
        'Migration "{{revision}}" revises {{missing}}, which no revision file defines. Point down_revision at an existing revision (see `alembic history`).',
      duplicateRevision:
        'Revision id "{{revision}}" is already used by {{other}}. Give this migration a new id and update the down_revision that points at it.',
    },
    schema: [
      {
        type: "object",
        additionalProperties: false,
        properties: {
          allowEmptyDowngrade: {
            type: "boolean",
            description:
              "Accept migrations without downgrade steps, for teams that only ever roll forward.",
          },
          strictDowngrade: {
            type: "boolean",
            description:
              "Also report an empty downgrade() whose docstring or comment says why nothing can be undone (by default such a note, like `raise NotImplementedError(...)`, marks the migration as irreversible on purpose).",
          },
          allowLabeledBranches: {
            type: "boolean",
            description:
              "Treat heads on different `branch_labels` branches as intended (Alembic's multiple-branch setup) and report only heads that share a branch. `false` reports every head but one.",
          },
        },
      },
    ],
    defaultOptions: [
      { allowEmptyDowngrade: false, strictDowngrade: false, allowLabeledBranches: true },
    ],
  },
  create(context) {
    return checkPython(context) ?? {};
  },
});
