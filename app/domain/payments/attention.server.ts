// Payments a person must look at: refunds the provider refused or failed (the customer hasn't got
// the money back) and payments flagged (paid the wrong amount, disputed). Admins only.
import { desc, eq, inArray, isNotNull, or } from "drizzle-orm";
import type { Database } from "../../../db/database";
import { payments, refunds } from "../../../db/schema";
import type { Viewer } from "./ledger.server";

export interface AttentionItem {
  bookingId: string;
  what: "refund failed" | "payment flagged";
  amountMinor: number;
  currency: string;
  /** Why, in the provider's or our words. */
  detail: string;
  at: Date;
}

const shown = 50;

/** The newest items needing attention; null for anyone but an admin. */
export async function paymentsNeedingAttention(db: Database, viewer: Viewer): Promise<AttentionItem[] | null> {
  if (viewer.role !== "admin") return null;
  const [failedRefunds, flagged] = await db.batch([
    db
      .select({
        bookingId: refunds.bookingId,
        amountMinor: refunds.amountMinor,
        currency: refunds.currency,
        lastError: refunds.lastError,
        failureReason: refunds.failureReason,
        providerStatus: refunds.providerStatus,
        at: refunds.updatedAt,
      })
      .from(refunds)
      .where(or(eq(refunds.status, "failed"), inArray(refunds.providerStatus, ["failed", "canceled"])))
      .orderBy(desc(refunds.updatedAt))
      .limit(shown),
    db
      .select({
        bookingId: payments.bookingId,
        amountMinor: payments.amountMinor,
        currency: payments.currency,
        flag: payments.flag,
        at: payments.updatedAt,
      })
      .from(payments)
      .where(isNotNull(payments.flag))
      .orderBy(desc(payments.updatedAt))
      .limit(shown),
  ]);
  const items: AttentionItem[] = [
    ...failedRefunds.map((refund) => ({
      bookingId: refund.bookingId,
      what: "refund failed" as const,
      amountMinor: refund.amountMinor,
      currency: refund.currency,
      detail:
        refund.providerStatus === "failed" || refund.providerStatus === "canceled"
          ? `${refund.providerStatus} at the provider${refund.failureReason ? `: ${refund.failureReason.replaceAll("_", " ")}` : ""}`
          : `refused, retried: ${refund.lastError ?? "no reason given"}`,
      at: refund.at,
    })),
    ...flagged.map((payment) => ({
      bookingId: payment.bookingId,
      what: "payment flagged" as const,
      amountMinor: payment.amountMinor,
      currency: payment.currency,
      detail: payment.flag ?? "",
      at: payment.at,
    })),
  ];
  return items.sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, shown);
}
