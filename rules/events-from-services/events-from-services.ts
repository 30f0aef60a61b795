import { createRule, pythonSource } from "../../src/rule.js";
import { checkPython, CHECKED_LAYERS } from "./python.js";
import { checkTypescript } from "./typescript.js";

export interface Options {
  libraries?: string[];
  allowedLayers?: string[];
  checkTypeCheckingImports?: boolean;
}

export type MessageIds = "kafkaOutsideEvents";

export default createRule<[Options], MessageIds>({
  name: "events-from-services",
  meta: {
    type: "problem",
    languages: ["layerlint/python", "js/js"],
    docs: {
      description: "Disallow Kafka clients outside the services and events layers",
      guideline: "Core Principle 1: Layered Architecture; checklist: Publish events to Kafka",
      recommended: "error",
    },
    messages: {
      kafkaOutsideEvents:
        'Layer "{{layer}}" imports the Kafka client "{{module}}". Publish and consume events in a service or in the events layer (app/kafka/, app/events/) instead.',
    },
    schema: [
      {
        type: "object",
        additionalProperties: false,
        properties: {
          libraries: {
            type: "array",
            items: { type: "string", minLength: 1 },
            uniqueItems: true,
            description:
              'Extra modules that count as Kafka clients, matched as the module itself or a dotted prefix (TypeScript: the package or a `/` subpath; e.g. an in-house wrapper package `"acme_events"`). They match by name, also when the module is part of the project.',
          },
          allowedLayers: {
            type: "array",
            items: { type: "string", enum: [...CHECKED_LAYERS] },
            uniqueItems: true,
            description:
              'Extra layers where Kafka clients are fine, e.g. `["repositories"]` for teams that treat a topic as a data store.',
          },
          checkTypeCheckingImports: {
            type: "boolean",
            description:
              "Also report Kafka imports under `if TYPE_CHECKING:` (TypeScript: `import type`). They never run, but still tie the module to the Kafka client's types.",
          },
        },
      },
    ],
    defaultOptions: [{ libraries: [], allowedLayers: [], checkTypeCheckingImports: false }],
  },
  create(context) {
    return (pythonSource(context) ? checkPython(context) : checkTypescript(context)) ?? {};
  },
});
