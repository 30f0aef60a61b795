import { createRule } from "../../src/rule.js";
import { checkPython } from "./python.js";

export interface Options {
  checkNullability?: boolean;
}

export type MessageIds =
  "columnStyle" | "mixinColumnStyle" | "declarativeBase" | "optionalNotNull" | "requiredNullable";

export default createRule<[Options], MessageIds>({
  name: "typed-models",
  meta: {
    type: "suggestion",
    languages: ["layerlint/python"],
    docs: {
      description:
        "Require typed SQLAlchemy models with `Mapped[T]`, `mapped_column` and `DeclarativeBase`",
      guideline: "Creating a Database Model",
      recommended: "warn",
    },
    messages: {
      columnStyle:
        'Model "{{name}}" declares {{count}} {{columns}} with Column(); use "name: Mapped[T] = mapped_column(...)" (SQLAlchemy 2.0 typed style).',
      mixinColumnStyle:
        'Class "{{name}}" declares {{count}} {{columns}} with Column() for the models that inherit it; use "name: Mapped[T] = mapped_column(...)" (SQLAlchemy 2.0 typed style).',
      declarativeBase: 'Use "class Base(DeclarativeBase): pass" instead of declarative_base().',
      optionalNotNull:
        'Attribute "{{model}}.{{attr}}" is annotated Optional but declared nullable=False; drop the Optional or the nullable=False.',
      requiredNullable:
        'Attribute "{{model}}.{{attr}}" is declared nullable=True but its Mapped[...] annotation does not allow None; add "| None" to the annotation or drop nullable=True.',
    },
    schema: [
      {
        type: "object",
        additionalProperties: false,
        properties: {
          checkNullability: {
            type: "boolean",
            description:
              "Report `Mapped[...]` annotations whose optionality contradicts an explicit `nullable=` (`Mapped[Optional[str]]` with `nullable=False`, `Mapped[str]` with `nullable=True`).",
          },
        },
      },
    ],
    defaultOptions: [{ checkNullability: true }],
  },
  create(context) {
    return checkPython(context) ?? {};
  },
});
