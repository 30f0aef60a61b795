import createError from "http-errors";
import { NotFoundError, OrderClosedError } from "../core/errors.js";
import type { OrderEvents } from "../events/order.events.js";
import type { OrderRepository, OrderWithItems } from "../repositories/order.repository.js";
import type { CreateOrderInput } from "../schemas/order.schema.js";

/** Orders: placing, reading and cancelling them, and telling the rest of the system. */
export class OrderService {
  constructor(
    private readonly orders: OrderRepository,
    private readonly events: OrderEvents,
  ) {}

  /** The order with its items; throws NotFoundError when there is none. */
  async get(id: number): Promise<OrderWithItems> {
    const order = await this.orders.findById(id);
    if (!order) throw new NotFoundError("order", id);
    return order;
  }

  /** Stores a new order and publishes "order placed". */
  async place(input: CreateOrderInput): Promise<OrderWithItems> {
    const order = await this.orders.create(input.customerId, input.items);
    await this.events.placed({ orderId: order.id, customerId: input.customerId });
    return order;
  }

  /** Cancels an open order; a shipped or cancelled one cannot be. */
  async cancel(id: number): Promise<void> {
    const order = await this.get(id);
    if (order.status === "shipped") throw createError(409, "a shipped order cannot be cancelled");
    if (order.status === "cancelled") throw new OrderClosedError(id);
    await this.orders.setStatus(id, "cancelled");
  }

  /** How many orders are still open. */
  async openCount() {
    return this.orders.openCount();
  }
}
