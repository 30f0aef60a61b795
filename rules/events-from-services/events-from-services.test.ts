import { readFileSync } from "node:fs";
import { join } from "node:path";
import rule from "./events-from-services.js";
import { pythonRuleTester, typescriptRuleTester } from "../../test/rule-tester.js";

const shop = (rel: string) => join(import.meta.dirname, "fixtures", "shop", rel);
const flat = (rel: string) => join(import.meta.dirname, "fixtures", "flat", rel);
const onDisk = (path: string) => ({ filename: path, code: readFileSync(path, "utf8") });

const route = shop("app/routes/orders.py");

pythonRuleTester().run("events-from-services", rule, {
  valid: [
    // The fixture project keeps Kafka in app/kafka/ and reaches it through a service.
    onDisk(shop("app/routes/orders.py")),
    onDisk(shop("app/services/order_service.py")),
    onDisk(shop("app/repositories/order_repository.py")),
    onDisk(shop("app/models/order.py")),
    onDisk(shop("app/schemas/events.py")),
    onDisk(shop("app/kafka/producer.py")),
    onDisk(shop("app/kafka/consumer.py")),
    onDisk(shop("app/events/handlers.py")),
    onDisk(shop("app/main.py")),
    // why: a shared module named after Kafka that imports no Kafka client
    onDisk(shop("app/core/kafka_utils.py")),
    // why: tests may drive a real consumer
    onDisk(shop("tests/test_orders.py")),
    // why: services own publishing in the guideline
    {
      filename: shop("app/services/order_service.py"),
      code: "from aiokafka import AIOKafkaProducer\n",
    },
    // why: the composition root starts the client in the lifespan
    { filename: shop("app/main.py"), code: "import aiokafka\n" },
    // why: a `*_consumer` module is the events layer wherever it sits
    {
      filename: shop("app/workers/order_consumer.py"),
      code: "from confluent_kafka import Consumer\n",
    },
    // why: a script outside every layer is a composition root
    { filename: shop("scripts/replay_events.py"), code: "from aiokafka import AIOKafkaConsumer\n" },
    // why: the project's own kafka package is a question for the `layers` rule, not a Kafka client
    { filename: route, code: "from app.kafka import producer\n" },
    { filename: route, code: "from app.kafka.producer import EventProducer\n" },
    { filename: route, code: "from ..kafka.producer import EventProducer\n" },
    // why: bare FastStream and its RabbitMQ broker are not Kafka
    { filename: route, code: "import faststream\nfrom faststream.rabbit import RabbitBroker\n" },
    // why: the match is on dotted module paths, not on a name prefix
    { filename: route, code: "from kafka_schema_registry import prepare_producer\n" },
    // why: an annotation-only import never runs
    {
      filename: route,
      code: "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from aiokafka import AIOKafkaProducer\n",
    },
    // why: in a project whose import root holds its own `kafka` package, that package is not kafka-python
    onDisk(flat("routes/orders.py")),
    { filename: flat("routes/orders.py"), code: "import kafka\n" },
    {
      filename: shop("app/repositories/order_repository.py"),
      code: "from confluent_kafka import Producer\n",
      options: [{ allowedLayers: ["repositories"] }],
    },
    {
      filename: route,
      code: "from acme_eventsourcing import Store\n",
      options: [{ libraries: ["acme_events"] }],
    },
  ],
  invalid: [
    {
      filename: route,
      code: 'from fastapi import APIRouter\nfrom aiokafka import AIOKafkaProducer\n\nrouter = APIRouter()\nproducer = AIOKafkaProducer()\n\n\n@router.post("/orders")\nasync def create_order() -> None:\n    await producer.send("orders", b"{}")\n',
      errors: [
        {
          messageId: "kafkaOutsideEvents",
          data: { layer: "routes", module: "aiokafka" },
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 38,
        },
      ],
    },
    {
      filename: route,
      code: "import aiokafka\n",
      errors: [
        {
          messageId: "kafkaOutsideEvents",
          data: { layer: "routes", module: "aiokafka" },
          line: 1,
          column: 1,
        },
      ],
    },
    // why: in a multi-module import the finding points at the Kafka entry
    {
      filename: route,
      code: "import os, aiokafka\n",
      errors: [{ messageId: "kafkaOutsideEvents", line: 1, column: 12, endColumn: 20 }],
    },
    {
      filename: shop("app/repositories/order_repository.py"),
      code: "from confluent_kafka import Producer\n",
      errors: [
        {
          messageId: "kafkaOutsideEvents",
          data: { layer: "repositories", module: "confluent_kafka" },
          line: 1,
          column: 1,
        },
      ],
    },
    {
      filename: shop("app/repositories/order_repository.py"),
      code: "import confluent_kafka.admin as kafka_admin\n",
      errors: [
        {
          messageId: "kafkaOutsideEvents",
          data: { layer: "repositories", module: "confluent_kafka.admin" },
          line: 1,
          column: 1,
        },
      ],
    },
    // why: kafka-python; this project's own kafka package is app.kafka, so `kafka` is the library
    {
      filename: shop("app/models/order.py"),
      code: "from dataclasses import dataclass\n\nfrom kafka import KafkaProducer\n",
      errors: [
        {
          messageId: "kafkaOutsideEvents",
          data: { layer: "models", module: "kafka" },
          line: 3,
          column: 1,
        },
      ],
    },
    {
      filename: shop("app/schemas/order.py"),
      code: "from aiokafka.structs import ConsumerRecord\n",
      errors: [
        {
          messageId: "kafkaOutsideEvents",
          data: { layer: "schemas", module: "aiokafka.structs" },
          line: 1,
          column: 1,
        },
      ],
    },
    {
      filename: shop("app/core/broker.py"),
      code: "from faststream.kafka import KafkaBroker\n\nbroker = KafkaBroker()\n",
      errors: [
        {
          messageId: "kafkaOutsideEvents",
          data: { layer: "shared", module: "faststream.kafka" },
          line: 1,
          column: 1,
        },
      ],
    },
    // why: the Kafka submodule can also be the imported name
    {
      filename: shop("app/core/broker.py"),
      code: "from faststream import FastStream, kafka\n",
      errors: [
        {
          messageId: "kafkaOutsideEvents",
          data: { layer: "shared", module: "faststream.kafka" },
          line: 1,
          column: 1,
        },
      ],
    },
    // why: one finding per file, at the first Kafka import
    {
      filename: route,
      code: "from aiokafka import AIOKafkaProducer\nfrom aiokafka.errors import KafkaError\nimport confluent_kafka\n",
      errors: [
        {
          messageId: "kafkaOutsideEvents",
          data: { layer: "routes", module: "aiokafka" },
          line: 1,
          column: 1,
        },
      ],
    },
    // why: an import inside a handler still runs on every request
    {
      filename: route,
      code: 'async def create_order() -> None:\n    from aiokafka import AIOKafkaProducer\n\n    await AIOKafkaProducer().send("orders", b"{}")\n',
      errors: [
        {
          messageId: "kafkaOutsideEvents",
          data: { layer: "routes", module: "aiokafka" },
          line: 2,
          column: 5,
        },
      ],
    },
    {
      filename: route,
      code: "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from aiokafka import AIOKafkaProducer\n",
      options: [{ checkTypeCheckingImports: true }],
      errors: [{ messageId: "kafkaOutsideEvents", line: 4, column: 5 }],
    },
    {
      filename: route,
      code: "from acme_events.publisher import publish\n",
      options: [{ libraries: ["acme_events"] }],
      errors: [
        {
          messageId: "kafkaOutsideEvents",
          data: { layer: "routes", module: "acme_events.publisher" },
          line: 1,
          column: 1,
        },
      ],
    },
    // why: allowing one layer leaves the others checked
    {
      filename: route,
      code: "from confluent_kafka import Producer\n",
      options: [{ allowedLayers: ["repositories"] }],
      errors: [{ messageId: "kafkaOutsideEvents", line: 1, column: 1 }],
    },
  ],
});

// TypeScript: the same layers, NestJS file names included.
const tsShop = (rel: string) => join(import.meta.dirname, "fixtures", "ts-shop", rel);
const kafkaError = (layer: string, module: string, line = 1, column = 1) => ({
  messageId: "kafkaOutsideEvents",
  data: { layer, module },
  line,
  column,
});

typescriptRuleTester().run("events-from-services (TypeScript)", rule, {
  valid: [
    // The fixture project keeps Kafka in src/kafka/ and src/events/, reached through a service.
    onDisk(tsShop("src/orders/orders.controller.ts")),
    onDisk(tsShop("src/orders/orders.service.ts")),
    onDisk(tsShop("src/orders/orders.repository.ts")),
    onDisk(tsShop("src/orders/order.entity.ts")),
    onDisk(tsShop("src/orders/dto/create-order.dto.ts")),
    onDisk(tsShop("src/kafka/order.producer.ts")),
    onDisk(tsShop("src/events/order-created.consumer.ts")),
    onDisk(tsShop("src/core/kafka.util.ts")),
    onDisk(tsShop("src/main.ts")),
    onDisk(tsShop("test/orders.e2e-spec.ts")),
    // why: services own publishing
    {
      filename: tsShop("src/orders/orders.service.ts"),
      code: 'import { Kafka } from "kafkajs";\n',
    },
    // why: a `*.consumer.ts` module is the events layer wherever it sits
    {
      filename: tsShop("src/orders/order.consumer.ts"),
      code: 'import { KafkaConsumer } from "node-rdkafka";\n',
    },
    // why: `import type` never loads the client
    {
      filename: tsShop("src/orders/orders.repository.ts"),
      code: 'import type { Producer } from "kafkajs";\n',
    },
    // why: every name type-marked is a type-only import too
    {
      filename: tsShop("src/orders/orders.repository.ts"),
      code: 'import { type Producer } from "kafkajs";\n',
    },
    // why: the project's own producer module is a question for `layers`
    {
      filename: tsShop("src/orders/orders.controller.ts"),
      code: 'import { OrderProducer } from "@/kafka/order.producer";\n',
    },
    // why: a package whose name only starts like a Kafka client
    {
      filename: tsShop("src/orders/orders.controller.ts"),
      code: 'import { SchemaRegistry } from "kafkajs-schema-registry";\n',
    },
    {
      filename: tsShop("src/orders/orders.repository.ts"),
      code: 'import { Kafka } from "kafkajs";\n',
      options: [{ allowedLayers: ["repositories"] }],
    },
  ],
  invalid: [
    {
      filename: tsShop("src/orders/orders.controller.ts"),
      code: 'import { Controller } from "@nestjs/common";\nimport { Kafka } from "kafkajs";\n',
      errors: [kafkaError("routes", "kafkajs", 2)],
    },
    // why: one finding per file, at the first Kafka import
    {
      filename: tsShop("src/orders/orders.repository.ts"),
      code: 'import { KafkaJS } from "@confluentinc/kafka-javascript";\nimport { Kafka } from "kafkajs";\n',
      errors: [kafkaError("repositories", "@confluentinc/kafka-javascript")],
    },
    // why: `require()` inside a function runs too
    {
      filename: tsShop("src/orders/order.entity.ts"),
      code: 'export function producer() {\n  const Kafka = require("node-rdkafka");\n  return new Kafka.Producer({});\n}\n',
      errors: [kafkaError("models", "node-rdkafka", 2, 17)],
    },
    {
      filename: tsShop("src/orders/dto/create-order.dto.ts"),
      code: 'export { Kafka } from "kafkajs";\n',
      errors: [kafkaError("schemas", "kafkajs")],
    },
    {
      filename: tsShop("src/core/kafka.util.ts"),
      code: 'import { Partitioners } from "kafkajs/types";\n',
      errors: [kafkaError("shared", "kafkajs/types")],
    },
    {
      filename: tsShop("src/orders/orders.repository.ts"),
      code: 'import type { Producer } from "kafkajs";\n',
      options: [{ checkTypeCheckingImports: true }],
      errors: [kafkaError("repositories", "kafkajs")],
    },
    // why: a configured wrapper counts by name, also as a project alias
    {
      filename: tsShop("src/orders/orders.controller.ts"),
      code: 'import { publish } from "@acme/events";\n',
      options: [{ libraries: ["@acme/events"] }],
      errors: [kafkaError("routes", "@acme/events")],
    },
  ],
});
