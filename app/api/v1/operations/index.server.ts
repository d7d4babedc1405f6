import type { Operation } from "../operation";
import { authOperations } from "./auth.server";
import { availabilityOperations } from "./availability.server";
import { bookingOperations } from "./bookings.server";
import { earningsOperations } from "./earnings.server";
import { meOperations } from "./me.server";
import { notificationOperations } from "./notifications.server";
import { paymentOperations } from "./payments.server";
import { reviewOperations } from "./reviews.server";
import { sessionOperations } from "./sessions.server";
import { slotOperations } from "./slots.server";
import { specialistOperations } from "./specialists.server";

// Every operation of /api/v1, in the order the reference lists them.
export const operations: Operation[] = [
  ...authOperations,
  ...meOperations,
  ...specialistOperations,
  ...slotOperations,
  ...bookingOperations,
  ...paymentOperations,
  ...sessionOperations,
  ...reviewOperations,
  ...notificationOperations,
  ...earningsOperations,
  ...availabilityOperations,
];
