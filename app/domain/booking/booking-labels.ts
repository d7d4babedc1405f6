import type { BookingStatus } from "../../../db/schema";

export const statusLabels: Record<BookingStatus, string> = {
  pending_payment: "Awaiting payment",
  confirmed: "Confirmed",
  completed: "Completed",
  cancelled: "Cancelled",
  expired: "Expired (not paid in time)",
};
