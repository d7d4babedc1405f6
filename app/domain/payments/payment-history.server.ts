// A customer's payments: every checkout they started for their own bookings, newest first, with
// the refunds of each. Authorization lives here: only payments of bookings the user made.
import { and, asc, desc, eq, inArray, lt, or } from "drizzle-orm";
import type { Database } from "../../../db/database";
import { bookings, payments, refunds, sessionTypes, specialists, type PaymentStatus } from "../../../db/schema";
import type { RefundStatus } from "./ledger";
import { shownRefundStatus } from "./ledger.server";

export interface PaymentHistoryKey {
  createdAt: Date;
  paymentId: string;
}

export interface PaymentHistoryItem {
  id: string;
  bookingId: string;
  sessionTitle: string;
  specialistName: string;
  status: PaymentStatus;
  /** The one payment that pays for its booking; another completed payment of the booking is refunded. */
  kept: boolean;
  amountMinor: number;
  feeMinor: number;
  currency: string;
  createdAt: Date;
  paidAt: Date | null;
  receiptNumber: number | null;
  refunds: { id: string; amountMinor: number; currency: string; status: RefundStatus; createdAt: Date }[];
}

/** Up to `limit` of the customer's payments after `after` (newest first). */
export async function paymentHistory(
  db: Database,
  customerId: string,
  page: { after?: PaymentHistoryKey; limit: number },
): Promise<PaymentHistoryItem[]> {
  const { after } = page;
  const rows = await db
    .select({
      id: payments.id,
      bookingId: payments.bookingId,
      sessionTitle: sessionTypes.title,
      specialistName: specialists.displayName,
      status: payments.status,
      kept: payments.kept,
      amountMinor: payments.amountMinor,
      feeMinor: payments.feeMinor,
      currency: payments.currency,
      createdAt: payments.createdAt,
      paidAt: payments.paidAt,
      receiptNumber: payments.receiptNumber,
    })
    .from(payments)
    .innerJoin(bookings, eq(bookings.id, payments.bookingId))
    .innerJoin(sessionTypes, eq(sessionTypes.id, bookings.sessionTypeId))
    .innerJoin(specialists, eq(specialists.id, bookings.specialistId))
    .where(
      and(
        eq(bookings.customerId, customerId),
        after
          ? or(lt(payments.createdAt, after.createdAt), and(eq(payments.createdAt, after.createdAt), lt(payments.id, after.paymentId)))
          : undefined,
      ),
    )
    .orderBy(desc(payments.createdAt), desc(payments.id))
    .limit(page.limit);
  if (rows.length === 0) return [];
  const refundRows = await db
    .select({
      id: refunds.id,
      paymentId: refunds.paymentId,
      amountMinor: refunds.amountMinor,
      currency: refunds.currency,
      status: refunds.status,
      providerStatus: refunds.providerStatus,
      createdAt: refunds.createdAt,
    })
    .from(refunds)
    .where(
      inArray(
        refunds.paymentId,
        rows.map((row) => row.id),
      ),
    )
    .orderBy(asc(refunds.createdAt), asc(refunds.id));
  return rows.map((row) => ({
    ...row,
    refunds: refundRows
      .filter((refund) => refund.paymentId === row.id)
      .map((refund) => ({
        id: refund.id,
        amountMinor: refund.amountMinor,
        currency: refund.currency,
        status: shownRefundStatus(refund),
        createdAt: refund.createdAt,
      })),
  }));
}
