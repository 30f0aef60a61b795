import { Kafka } from "kafkajs";
import { prisma } from "./db/client.js";
import { OrderEvents } from "./events/order.events.js";
import { OrderRepository } from "./repositories/order.repository.js";
import { OrderService } from "./services/order.service.js";

/** The composition root: every object is built here, once. */
export function buildContainer(): { orders: OrderService } {
  const kafka = new Kafka({ clientId: "corner-shop", brokers: [process.env.KAFKA_BROKER ?? "localhost:9092"] });
  const events = new OrderEvents(kafka.producer());
  return { orders: new OrderService(new OrderRepository(prisma), events) };
}
