/**
 * The Pydantic v1 API and what v2 has instead, after Pydantic's migration
 * guide: names by qualified import path, renamed and removed keywords, and the
 * model methods whose renames are safe to apply as a fix.
 */
import type { PyClass, PyName, PyNode, PyNodeBase } from "../../src/languages/python/nodes.js";

const FROM = (names: string[], modules: string[]) =>
  modules.flatMap((m) => names.map((n) => `${m}.${n}`));

/** Decorators by qualified name, with the v2 decorator. */
export const V1_DECORATORS = new Map<string, string>([
  ...FROM(["validator"], ["pydantic", "pydantic.class_validators"]).map((q): [string, string] => [
    q,
    "@field_validator",
  ]),
  ...FROM(["root_validator"], ["pydantic", "pydantic.class_validators"]).map(
    (q): [string, string] => [q, "@model_validator"],
  ),
]);

/** Names that v2 no longer exports (importing them fails), with where they went. */
export const V1_IMPORTS = new Map<string, string>([
  ["pydantic.BaseSettings", 'import it from "pydantic_settings" (the pydantic-settings package)'],
  [
    "pydantic.env_settings.BaseSettings",
    'import it from "pydantic_settings" (the pydantic-settings package)',
  ],
  ["pydantic.generics.GenericModel", 'subclass "BaseModel" and "Generic[T]" instead'],
]);

/** Module-level functions by qualified name, with the v2 call. */
export const V1_FUNCTIONS = new Map<string, string>([
  ...FROM(["parse_obj_as"], ["pydantic", "pydantic.tools"]).map((q): [string, string] => [
    q,
    "TypeAdapter(T).validate_python(data)",
  ]),
  ...FROM(["parse_raw_as"], ["pydantic", "pydantic.tools"]).map((q): [string, string] => [
    q,
    "TypeAdapter(T).validate_json(data)",
  ]),
  ...FROM(["schema_of"], ["pydantic", "pydantic.tools"]).map((q): [string, string] => [
    q,
    "TypeAdapter(T).json_schema()",
  ]),
]);

/** `ConfigDict(...)` and pydantic-settings' `SettingsConfigDict(...)`. */
export const CONFIG_CALLS = new Set([
  "pydantic.ConfigDict",
  "pydantic.config.ConfigDict",
  "pydantic_settings.SettingsConfigDict",
  "pydantic_settings.main.SettingsConfigDict",
]);

/** Config keys v2 renamed (its own table of renames). */
export const RENAMED_CONFIG_KEYS = new Map<string, string>([
  ["allow_population_by_field_name", "populate_by_name"],
  ["anystr_lower", "str_to_lower"],
  ["anystr_strip_whitespace", "str_strip_whitespace"],
  ["anystr_upper", "str_to_upper"],
  ["keep_untouched", "ignored_types"],
  ["max_anystr_length", "str_max_length"],
  ["min_anystr_length", "str_min_length"],
  ["orm_mode", "from_attributes"],
  ["schema_extra", "json_schema_extra"],
  ["validate_all", "validate_default"],
]);

/** Config keys v2 removed, with what to do instead. */
export const REMOVED_CONFIG_KEYS = new Map<string, string>([
  ["allow_mutation", 'use "frozen" (frozen=True for allow_mutation=False)'],
  ["error_msg_templates", "drop it and word errors in custom validators"],
  ["fields", 'declare aliases with "Field(alias=...)" instead'],
  ["getter_dict", 'use "from_attributes" and validators instead'],
  ["smart_union", "unions are smart by default, drop it"],
  ["underscore_attrs_are_private", "underscore attributes are private by default, drop it"],
  ["json_loads", "drop it (v2 parses JSON itself)"],
  ["json_dumps", "drop it (v2 serializes JSON itself)"],
  ["copy_on_model_validation", 'use "revalidate_instances" instead'],
  ["post_init_call", "drop it"],
]);

/** Field-like calls whose keywords changed. */
export const FIELD_CALLS = new Set(
  FROM(["Field"], ["pydantic", "pydantic.fields"]).concat(
    FROM(["constr", "conlist", "conset"], ["pydantic", "pydantic.types"]),
  ),
);
export const FIELD_RENAMES = new Map<string, string>([
  ["regex", "pattern"],
  ["min_items", "min_length"],
  ["max_items", "max_length"],
]);
export const REMOVED_FIELD_ARGS = new Map<string, string>([
  ["const", 'annotate the field with "Literal[...]" instead'],
  ["unique_items", 'use a "set" type instead'],
  ["allow_mutation", 'use "frozen=True" instead of allow_mutation=False'],
]);

export interface MethodRename {
  /** The v2 method, when the call maps onto it. */
  to?: string;
  /** What to write instead when there is no one-to-one method (`X.` is the receiver). */
  hint: string;
  /** Called on instances only (`dict`, `json`, `copy`); the rest are class methods. */
  instanceOnly: boolean;
  /** The fix renames the method only when the call passes at most this many positional arguments... */
  positional: number;
  /** ...and only these keywords ("any": every keyword carries over). */
  keywords: ReadonlySet<string> | "any";
}

const method = (
  to: string | undefined,
  options: Partial<Omit<MethodRename, "to">> = {},
): MethodRename => ({
  to,
  hint: options.hint ?? "",
  instanceOnly: options.instanceOnly ?? false,
  positional: options.positional ?? 0,
  keywords: options.keywords ?? new Set(),
});
const DUMP_KEYWORDS = ["include", "exclude", "by_alias", "exclude_unset", "exclude_defaults"];

/** Model methods of v1 by name. */
export const MODEL_METHODS = new Map<string, MethodRename>([
  [
    "dict",
    method("model_dump", {
      instanceOnly: true,
      keywords: new Set([...DUMP_KEYWORDS, "exclude_none"]),
    }),
  ],
  [
    "json",
    method("model_dump_json", {
      instanceOnly: true,
      keywords: new Set([...DUMP_KEYWORDS, "exclude_none", "indent"]),
    }),
  ],
  ["copy", method("model_copy", { instanceOnly: true, keywords: new Set(["update", "deep"]) })],
  ["parse_obj", method("model_validate", { positional: 1 })],
  ["parse_raw", method("model_validate_json", { positional: 1 })],
  ["parse_file", method(undefined, { hint: "X.model_validate_json(Path(path).read_text())" })],
  ["from_orm", method("model_validate", { positional: 1 })],
  ["validate", method("model_validate", { positional: 1 })],
  ["schema", method("model_json_schema", { keywords: new Set(["by_alias", "ref_template"]) })],
  ["schema_json", method(undefined, { hint: "json.dumps(X.model_json_schema())" })],
  ["update_forward_refs", method("model_rebuild")],
  ["construct", method("model_construct", { positional: 1, keywords: "any" })],
]);

/**
 * What a v1 `class Config:` becomes: `model_config = ConfigDict(from_attributes=True)`,
 * its simple settings carried over with v2 names; `...` for what does not carry over
 * as a keyword (methods, long values).
 */
export function configDictText(
  config: PyClass,
  text: (node: PyNodeBase) => string,
  settings: boolean,
): string {
  const call = settings ? "SettingsConfigDict" : "ConfigDict";
  const parts: string[] = [];
  let more = false;
  for (const statement of config.d.suite.d.statements) {
    if (statement.type !== "StatementList") {
      more = true;
      continue;
    }
    for (const simple of statement.d.statements as PyNode[]) {
      let target = simple.type === "Assignment" ? (simple.d.leftExpr as PyNode) : null;
      if (target?.type === "TypeAnnotation") target = target.d.valueExpr as PyNode;
      if (target?.type !== "Name") {
        // A docstring or `pass` carries nothing over.
        if (simple.type !== "StringList" && simple.type !== "Pass") more = true;
        continue;
      }
      const key = (target as unknown as PyName).d.value;
      const value = text(simple.d.rightExpr as PyNode);
      if (key === "allow_mutation") {
        if (value === "False") parts.push("frozen=True");
        continue;
      }
      if (REMOVED_CONFIG_KEYS.has(key)) continue;
      const shown = value.length <= 30 && !value.includes("\n") ? value : "...";
      parts.push(`${RENAMED_CONFIG_KEYS.get(key) ?? key}=${shown}`);
    }
  }
  if (more) parts.push("...");
  const written = `model_config = ${call}(${parts.join(", ")})`;
  return written.length <= 90 ? written : `model_config = ${call}(...)`;
}
