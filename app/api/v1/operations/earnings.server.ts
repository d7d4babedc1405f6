import * as z from "zod";
import { bookingStatuses } from "../../../../db/schema";
import {
  monthKeyPattern,
  monthlyByCurrency,
  monthRange,
  monthsBetween,
  nextMonthKey,
  totalsByCurrency,
  type Money,
} from "../../../domain/payments/ledger";
import { ledgerStatuses } from "../../../domain/payments/ledger-query";
import { earningsSummary, ledgerEntries, practiceOf } from "../../../domain/payments/ledger.server";
import { dayKeyIn } from "../../../lib/time-format";
import { ApiError, validationFailed } from "../errors";
import { defineOperation, ok } from "../operation";
import { cursorOf, decodeCursor, encodeCursor, instant, limitParam, pageOf } from "../pagination";

// A specialist's earnings, as /specialist/earnings shows them: the same ledger queries (ledger.server.ts),
// so the API, the page, the CSV and the receipts agree to the cent.

const tag = "Earnings";
const roles = ["specialist"] as const;
/** The longest period one summary covers. */
const maxMonths = 24;

const minor = (description: string) =>
  z
    .number()
    .int()
    .meta({ description: `${description}, in minor units.` });

const figures = {
  currency: z.string().meta({ description: "ISO 4217. Amounts in different currencies are never added together." }),
  gross: minor("What customers paid"),
  fee: minor("The platform fee kept (less what refunds gave back of it)"),
  refunds: minor("Refunded to customers"),
  net: minor("Yours: gross − fee − refunds"),
};

const earningsSchema = z
  .object({
    timeZone: z.string().meta({ description: "Your zone: months run from local midnight to local midnight in it." }),
    totals: z
      .array(
        z.object({
          ...figures,
          pending: minor("Net of paid sessions still to come"),
          paidOut: minor("Paid out to your bank"),
        }),
      )
      .meta({ description: "All time, per currency (the summary at the top of the earnings page)." }),
    period: z.object({
      from: z.string().meta({ description: "First month (YYYY-MM)." }),
      to: z.string().meta({ description: "Last month (YYYY-MM)." }),
      totals: z.array(z.object(figures)).meta({ description: "The period's figures per currency, by session date." }),
      months: z
        .array(z.object({ month: z.string(), ...figures }))
        .meta({ description: "Each month of the period per currency (zeros where nothing happened), oldest first." }),
    }),
  })
  .meta({ id: "Earnings" });

const monthParam = (description: string) =>
  z.string().regex(monthKeyPattern, "Choose a month as YYYY-MM, for example 2026-06.").optional().meta({ description });

const earningEntrySchema = z
  .object({
    bookingId: z.string(),
    startsAt: instant,
    status: z.enum(bookingStatuses),
    sessionTitle: z.string(),
    customerName: z.string(),
    receiptNumber: z.number().int().nullable(),
    ...figures,
  })
  .meta({ id: "EarningEntry" });

const figuresOf = (money: Money) => ({
  currency: money.currency,
  gross: money.grossMinor,
  fee: money.feeMinor,
  refunds: money.refundsMinor,
  net: money.netMinor,
});

async function ownPractice(context: { db: Parameters<typeof practiceOf>[0] }, userId: string) {
  const practice = await practiceOf(context.db, userId);
  if (!practice) throw new ApiError("not_found", "Set up your specialist profile first.");
  return practice;
}

export const earningsOperations = [
  defineOperation({
    id: "getEarnings",
    method: "get",
    path: "/earnings",
    tag,
    summary: "Your earnings",
    description:
      "All-time totals, what is pending and what was paid out, per currency; and the figures of a period of months (by session date, in your zone): the last twelve months by default, at most 24.",
    auth: "required",
    roles,
    query: z.object({
      from: monthParam("First month of the period (YYYY-MM); 11 months before `to` by default."),
      to: monthParam("Last month of the period (YYYY-MM); this month by default."),
    }),
    responses: { 200: { description: "Your earnings.", schema: earningsSchema } },
    errors: ["not_found"],
    async handler({ query, principal, context }) {
      const practice = await ownPractice(context, principal.user.id);
      const now = context.clock.now();
      const to = query.to ?? dayKeyIn(now, practice.timezone).slice(0, 7);
      // The app's months start in 2000 (monthKeyPattern): a default period is cut there.
      const from = query.from ?? [nextMonthKey(to, -11), "2000-01"].sort().at(-1)!;
      if (from > to) throw validationFailed([{ path: "query.to", message: "The period must end after it starts." }]);
      if (nextMonthKey(from, maxMonths) <= to) {
        throw validationFailed([{ path: "query.from", message: `A period can be at most ${maxMonths} months.` }]);
      }
      const months = monthsBetween(from, to, practice.timezone);
      const earnings = await earningsSummary(context.db, practice, { now, months });
      const currencies = [...new Set([...earnings.totals, ...earnings.pending, ...earnings.paidOut].map((row) => row.currency))].sort();
      const zero = (currency: string): Money => ({ currency, grossMinor: 0, feeMinor: 0, refundsMinor: 0, netMinor: 0 });
      return ok({
        timeZone: practice.timezone,
        totals: currencies.map((currency) => ({
          ...figuresOf(earnings.totals.find((row) => row.currency === currency) ?? zero(currency)),
          pending: earnings.pending.find((row) => row.currency === currency)?.netMinor ?? 0,
          paidOut: earnings.paidOut.find((row) => row.currency === currency)?.amountMinor ?? 0,
        })),
        period: {
          from: months[0]!.key,
          to: months.at(-1)!.key,
          totals: totalsByCurrency(earnings.monthly).map(figuresOf),
          months: monthlyByCurrency(earnings.monthly, months).flatMap(({ months: series }) =>
            series.map(({ month, money }) => ({ month: month.key, ...figuresOf(money) })),
          ),
        },
      });
    },
  }),
  defineOperation({
    id: "listEarningEntries",
    method: "get",
    path: "/earnings/entries",
    tag,
    summary: "Your ledger",
    description: "Your paid bookings with their figures, latest session first, as the earnings page's ledger (and its CSV) lists them.",
    auth: "required",
    roles,
    query: z.object({
      month: monthParam("Only sessions in this month (YYYY-MM, in your zone)."),
      status: z.enum(ledgerStatuses, { error: "Choose a status: confirmed, completed or cancelled." }).optional(),
      limit: limitParam,
      cursor: cursorOf(["number", "string"]),
    }),
    responses: { 200: { description: "A page of your ledger.", schema: pageOf(earningEntrySchema) } },
    errors: ["not_found"],
    async handler({ query, principal, context }) {
      const practice = await ownPractice(context, principal.user.id);
      const key = query.cursor ? decodeCursor(query.cursor, ["number", "string"]) : null;
      const rows = await ledgerEntries(
        context.db,
        practice,
        { month: query.month ? monthRange(query.month, practice.timezone) : undefined, status: query.status },
        { after: key ? { startsAt: new Date(key[0] as number), bookingId: key[1] as string } : undefined, limit: query.limit + 1 },
      );
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return ok({
        data: page.map((row) => ({
          bookingId: row.bookingId,
          startsAt: row.startsAt.toISOString(),
          status: row.status,
          sessionTitle: row.sessionTitle,
          customerName: row.customerName,
          receiptNumber: row.receiptNumber,
          ...figuresOf(row),
        })),
        nextCursor: rows.length > query.limit && last ? encodeCursor([last.startsAt.getTime(), last.bookingId]) : null,
      });
    },
  }),
];
