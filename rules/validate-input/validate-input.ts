import { createRule, pythonSource } from "../../src/rule.js";
import { checkPython } from "./python.js";
import { checkTypescript } from "./typescript.js";

export interface Options {
  checkParams: boolean;
  checkCoercedFields: boolean;
  validators: string[];
}

export type MessageIds = "unvalidatedInput" | "noDtoClass" | "typeOnlyDto" | "unvalidatedPython";

export default createRule<[Options], MessageIds>({
  name: "validate-input",
  meta: {
    type: "problem",
    languages: ["layerlint/python", "js/js"],
    docs: {
      description: "Require a schema for the request body and query a route handler reads",
      guideline:
        "Core Principle 4: Pydantic v2 for Validation; Architecture Overview: input validation in the route handler",
      recommended: "warn",
    },
    messages: {
      unvalidatedPython:
        "Route {{route}} accepts {{inputs}} without a Pydantic model. Declare the input as a Pydantic model parameter (`data: PostCreate`) or validate it with `PostCreate.model_validate(...)`.",
      unvalidatedInput:
        "Route {{route}} reads {{inputs}} without a schema. Parse the input with a schema (zod, valibot, Joi, class-validator) or add a validation middleware to the route.",
      noDtoClass:
        "Route {{route}} takes {{inputs}} without a DTO class, so the ValidationPipe checks nothing. Type the parameter with a class-validator DTO class or pass a validation pipe.",
      typeOnlyDto:
        "Route {{route}} takes {{inputs}}, a DTO imported with `import type`: erased at run time, so the ValidationPipe sees Object and checks nothing. Import the class as a value.",
    },
    schema: [
      {
        type: "object",
        additionalProperties: false,
        properties: {
          checkParams: {
            type: "boolean",
            description:
              "Also report path parameters read without a schema (`req.params`, `@Param() params: any`); they are strings from the URL, so by default they are not reported.",
          },
          checkCoercedFields: {
            type: "boolean",
            description:
              'Also report single fields that are only converted (`Number(req.query.page)`, `parseInt(page)`) and NestJS `@Body("field")`/`@Query("field")` parameters without a pipe.',
          },
          validators: {
            type: "array",
            uniqueItems: true,
            items: { type: "string" },
            description:
              "Names of the project's own validating functions and middlewares, besides those named like `validate*`, `*Schema*` and the zod/valibot/Joi/yup/class-validator calls.",
          },
        },
      },
    ],
    defaultOptions: [{ checkParams: false, checkCoercedFields: false, validators: [] }],
  },
  create(context) {
    return (pythonSource(context) ? checkPython(context) : checkTypescript(context)) ?? {};
  },
});
