import { createRule, pythonSource } from "../../src/rule.js";
import { checkPython } from "./python.js";
import { checkTypescript } from "./typescript.js";

export interface Options {
  statusCode?: "creations" | "post" | "off";
  checkTags?: boolean;
  checkDocstrings?: boolean;
}

export type MessageIds = "contract" | "untaggedInclude" | "untaggedController";

export default createRule<[Options], MessageIds>({
  name: "route-contract",
  meta: {
    type: "suggestion",
    languages: ["layerlint/python", "js/js"],
    docs: {
      description:
        "Require routes to declare their response schema and status code, and routers their OpenAPI tags",
      guideline: 'Checklist "Include response models and status codes"',
      recommended: "warn",
    },
    messages: {
      contract: 'Route "{{handler}}"{{route}} has {{missing}}. Add {{fixes}}.',
      untaggedInclude:
        'Router "{{router}}" is included without tags and declares none. Add tags=[...] here or to its APIRouter(...) so the OpenAPI docs group its routes.',
      untaggedController:
        'Controller "{{name}}" has no @ApiTags(...). Add one so the OpenAPI docs group its routes.',
    },
    schema: [
      {
        type: "object",
        additionalProperties: false,
        properties: {
          statusCode: {
            enum: ["creations", "post", "off"],
            description:
              'Which FastAPI POST routes need an explicit `status_code=` (FastAPI answers 200 unless told): "creations", handlers named `create_*`, `add_*`, `new_*`, `insert_*`, `register_*`, `upload_*` (they should answer 201); "post", every POST route; "off", none.',
          },
          checkTags: {
            type: "boolean",
            description:
              "Report `include_router(...)` calls that give no tags to a router that has none (and NestJS controllers without `@ApiTags`).",
          },
          checkDocstrings: {
            type: "boolean",
            description:
              "Also name a missing docstring (the route's description in the OpenAPI docs). Off by default: `require-docstrings` reports it.",
          },
        },
      },
    ],
    defaultOptions: [{ statusCode: "creations", checkTags: true, checkDocstrings: false }],
  },
  create(context) {
    return (pythonSource(context) ? checkPython(context) : checkTypescript(context)) ?? {};
  },
});
