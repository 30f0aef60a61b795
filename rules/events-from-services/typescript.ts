import { extractTsFacts, type TsImportRecord } from "../../src/project/typescript/imports.js";
import { projectFor } from "../../src/rule-project.js";
import type { LayerlintRuleContext } from "../../src/rule.js";
import type { MessageIds, Options } from "./events-from-services.js";
import { CHECKED_LAYERS } from "./python.js";

type Context = LayerlintRuleContext<[Options], MessageIds>;

/** Kafka client packages for Node: KafkaJS, Confluent's JavaScript client, node-rdkafka. */
const KAFKA_PACKAGES = ["kafkajs", "@confluentinc/kafka-javascript", "node-rdkafka"];

/**
 * TypeScript/JavaScript files: the same layers as in Python. Every import form
 * counts (`import`, `export ... from`, `import x = require()`, `require()`,
 * `import()`); `import type` plays the part of `if TYPE_CHECKING:`.
 */
export function checkTypescript(context: Context) {
  const where = projectFor(context);
  if (!where) return null;
  const { project, file } = where;
  const [options] = context.options;
  const layer = project.roleOf(file);
  const allowed = new Set(options.allowedLayers ?? []);
  if (!layer || !CHECKED_LAYERS.includes(layer) || allowed.has(layer)) return null;
  const extra = options.libraries ?? [];
  const sourceCode = context.sourceCode as unknown as { text: string };

  return {
    "Program:exit"() {
      // The text as linted (an editor buffer), resolved like the file on disk.
      for (const record of extractTsFacts(context.filename, sourceCode.text).imports) {
        if (record.typeOnly && !options.checkTypeCheckingImports) continue;
        // A configured library counts by name; a built-in one only when the import
        // leaves the project (not a tsconfig `paths` alias onto a local module).
        let imported = kafkaPackage(record, extra);
        if (!imported) {
          imported = kafkaPackage(record, KAFKA_PACKAGES);
          if (imported && project.resolveTs(file, record).targets.length > 0) imported = null;
        }
        if (!imported) continue;
        context.report({
          loc: {
            start: { line: record.line, column: record.column },
            end: { line: record.endLine, column: record.endColumn },
          },
          messageId: "kafkaOutsideEvents",
          data: { layer, module: imported },
        });
        // One finding per file: the first Kafka import says it all.
        return;
      }
    },
  };
}

/** The specifier when it is one of `libraries` or a subpath of one (`kafkajs/types`), else null. */
function kafkaPackage(record: TsImportRecord, libraries: readonly string[]): string | null {
  const spec = record.specifier;
  return libraries.some((lib) => spec === lib || spec.startsWith(`${lib}/`)) ? spec : null;
}
