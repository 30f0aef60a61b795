import { PrismaClient } from "@prisma/client";

/** The one Prisma client of the process; repositories receive it. */
export const prisma = new PrismaClient();
