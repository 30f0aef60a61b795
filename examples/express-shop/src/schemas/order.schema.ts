import { z } from "zod";

export const createOrderSchema = z.object({
  customerId: z.number().int().positive(),
  items: z
    .array(z.object({ sku: z.string().min(1), quantity: z.number().int().positive() }))
    .min(1),
});

export type CreateOrderInput = z.infer<typeof createOrderSchema>;
