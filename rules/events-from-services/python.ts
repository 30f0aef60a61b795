import type { PyModule } from "../../src/languages/python/nodes.js";
import type { Role } from "../../src/project/defaults.js";
import type { ImportRecord } from "../../src/project/python/imports.js";
import { extractImports } from "../../src/project/python/imports.js";
import { projectFor } from "../../src/rule-project.js";
import { pythonSource, type LayerlintRuleContext } from "../../src/rule.js";
import type { MessageIds, Options } from "./events-from-services.js";

type Context = LayerlintRuleContext<[Options], MessageIds>;

/**
 * Kafka client libraries: aiokafka, confluent-kafka, kafka-python, and the
 * Kafka brokers of FastStream (bare `faststream` and `faststream.rabbit` are not Kafka).
 */
const KAFKA_LIBRARIES = [
  "aiokafka",
  "confluent_kafka",
  "kafka",
  "faststream.kafka",
  "faststream.confluent",
];

/**
 * The layers where a Kafka client is out of place. Services, events (app/kafka/,
 * app/events/, `*_consumer`, `*_producer`), composition roots (main.py starts the
 * consumer in the lifespan), tests and migrations may use one.
 */
export const CHECKED_LAYERS: readonly Role[] = [
  "routes",
  "repositories",
  "models",
  "schemas",
  "shared",
];

export function checkPython(context: Context) {
  const sourceCode = pythonSource(context);
  if (!sourceCode) return null;
  const where = projectFor(context);
  if (!where) return null;
  const { project, file } = where;
  const [options] = context.options;
  const layer = project.roleOf(file);
  const allowed = new Set(options.allowedLayers ?? []);
  if (!layer || !CHECKED_LAYERS.includes(layer) || allowed.has(layer)) return null;
  const extra = options.libraries ?? [];

  return {
    Module(module: PyModule) {
      for (const record of extractImports({ ast: module, lines: sourceCode.lineTable })) {
        if (record.level > 0) continue;
        if (record.typeCheckingOnly && !options.checkTypeCheckingImports) continue;
        // A configured library counts by name; a built-in one only when the import
        // leaves the project, so a project package named `kafka` is not kafka-python.
        let imported = kafkaModule(record, extra);
        if (!imported) {
          imported = kafkaModule(record, KAFKA_LIBRARIES);
          if (imported && project.resolve(file, record).external === null) imported = null;
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

/**
 * The Kafka module an import brings in (`aiokafka`, `faststream.kafka` for
 * `from faststream import kafka`), or null. Matches a library or a dotted submodule of it.
 */
function kafkaModule(record: ImportRecord, libraries: readonly string[]): string | null {
  const candidates = [record.module];
  if (record.kind === "from" && !record.wildcard) {
    for (const name of record.names) candidates.push(`${record.module}.${name}`);
  }
  for (const candidate of candidates) {
    if (libraries.some((lib) => candidate === lib || candidate.startsWith(`${lib}.`))) {
      return candidate;
    }
  }
  return null;
}
