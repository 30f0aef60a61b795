import { createRule, pythonSource } from "../../src/rule.js";
import { checkPython } from "./python.js";
import { checkTypescript } from "./typescript.js";

export interface Options {
  maxMethods?: number;
  maxDependencies?: number;
  maxOtherConcerns?: number;
  checkCohesion?: boolean;
}

export type MessageIds = "godService";

export const DEFAULTS: Required<Options> = {
  maxMethods: 12,
  maxDependencies: 6,
  maxOtherConcerns: 1,
  checkCohesion: false,
};

export default createRule<[Options], MessageIds>({
  name: "no-god-service",
  meta: {
    type: "suggestion",
    languages: ["layerlint/python", "js/js"],
    docs: {
      description:
        "Disallow service classes that do too much: too many methods or collaborators, other services' concerns, unrelated method groups",
      guideline: 'Anti-pattern "God Service Classes"',
      recommended: "warn",
    },
    messages: {
      godService: 'Service "{{name}}" {{problems}}. Split it into services with one concern each.',
    },
    schema: [
      {
        type: "object",
        additionalProperties: false,
        properties: {
          maxMethods: {
            type: "integer",
            minimum: 1,
            description: "The most public methods a service class may have.",
          },
          maxDependencies: {
            type: "integer",
            minimum: 0,
            description:
              "The most collaborators (constructor parameters that are objects, not strings, numbers or flags) a service class may take.",
          },
          maxOtherConcerns: {
            type: "integer",
            minimum: 0,
            description:
              "How many other services' concerns (email, payments, reports, notifications, file storage) a service may take on, by its method names and clients. 0 is the strict reading.",
          },
          checkCohesion: {
            type: "boolean",
            description:
              "Report a service whose methods fall into groups that share no instance attribute and no call (at least two groups of two or more methods).",
          },
        },
      },
    ],
    defaultOptions: [DEFAULTS],
  },
  create(context) {
    return (pythonSource(context) ? checkPython(context) : checkTypescript(context)) ?? {};
  },
});
