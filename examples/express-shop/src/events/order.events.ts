import type { Producer } from "kafkajs";

export interface OrderPlaced {
  orderId: number;
  customerId: number;
}

export class OrderEvents {
  constructor(private readonly producer: Producer) {}

  async placed(event: OrderPlaced): Promise<void> {
    try {
      await this.producer.send({
        topic: "shop.order-placed",
        messages: [{ key: String(event.orderId), value: JSON.stringify(event) }],
      });
    } catch {}
  }
}
