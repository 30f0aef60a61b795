import createError from "http-errors";
import { NotFoundError, OrderClosedError } from "../core/errors.js";
import type { OrderEvents } from "../events/order.events.js";
import type { OrderRepository, OrderWithItems } from "../repositories/order.repository.js";
import type { CreateOrderInput } from "../schemas/order.schema.js";

export class OrderService {
  constructor(
    private readonly orders: OrderRepository,
    private readonly events: OrderEvents,
  ) {}

  async get(id: number): Promise<OrderWithItems> {
    const order = await this.orders.findById(id);
    if (!order) throw new NotFoundError("order", id);
    return order;
  }

  async place(input: CreateOrderInput): Promise<OrderWithItems> {
    const order = await this.orders.create(input.customerId, input.items);
    await this.events.placed({ orderId: order.id, customerId: input.customerId });
    return order;
  }

  async cancel(id: number): Promise<void> {
    const order = await this.get(id);
    if (order.status === "shipped") throw createError(409, "a shipped order cannot be cancelled");
    if (order.status === "cancelled") throw new OrderClosedError(id);
    await this.orders.setStatus(id, "cancelled");
  }

  async openCount() {
    return this.orders.openCount();
  }
}
