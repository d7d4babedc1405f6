// A specialist's payout account at the payment provider (Stripe Connect Express): created once,
// completed on the provider's onboarding pages, its state kept from the provider's reports.
// Authorization: everything goes through the signed-in user's own specialist row.
import type { AppLoadContext } from "@remix-run/server-runtime";
import { and, eq, isNull, lte, or } from "drizzle-orm";
import type { Database } from "../../../db/database";
import { specialists, users } from "../../../db/schema";
import { isProviderError } from "../../integrations/provider-error";
import type { ConnectedAccount, PaymentProvider } from "./payment-provider";
import type { PayoutCountry } from "./payout-countries";

type Context = Pick<AppLoadContext, "db" | "clock" | "payments">;

/** Whether the specialist may publish paid sessions and take payments. */
export function canTakeCharges(
  provider: Pick<PaymentProvider, "payoutAccounts">,
  specialist: { stripeAccountId: string | null; chargesEnabled: boolean },
) {
  // The test provider moves no real money: there is no account to connect.
  return !provider.payoutAccounts || (specialist.stripeAccountId !== null && specialist.chargesEnabled);
}

const ownColumns = {
  id: specialists.id,
  email: users.email,
  stripeAccountId: specialists.stripeAccountId,
  country: specialists.stripeCountry,
  detailsSubmitted: specialists.stripeDetailsSubmitted,
  chargesEnabled: specialists.chargesEnabled,
  payoutsEnabled: specialists.payoutsEnabled,
  requirementsDue: specialists.stripeRequirementsDue,
  syncedAt: specialists.stripeAccountSyncedAt,
};

async function findOwn(db: Database, userId: string) {
  const [row] = await db
    .select(ownColumns)
    .from(specialists)
    .innerJoin(users, eq(users.id, specialists.userId))
    .where(eq(specialists.userId, userId));
  return row ?? null;
}

export type PayoutStatus = { mode: "test" } | { mode: "connect"; account: NonNullable<Awaited<ReturnType<typeof findOwn>>> };

/** What the payouts page shows; null before the user has a specialist profile. */
export async function loadPayoutStatus(context: Context, userId: string): Promise<PayoutStatus | null> {
  const own = await findOwn(context.db, userId);
  if (!own) return null;
  return context.payments.payoutAccounts ? { mode: "connect", account: own } : { mode: "test" };
}

export type PayoutActionResult = { ok: true; url: string } | { ok: false; status: number; message: string };

const notConnectable: PayoutActionResult = {
  ok: false,
  status: 404,
  message: "Payouts are not connected in this deployment: it takes test payments only.",
};

function providerTrouble(error: unknown): PayoutActionResult {
  if (!isProviderError(error)) throw error;
  console.error("Payout account request failed:", error.message);
  return error.permanent
    ? { ok: false, status: 422, message: `Stripe refused the request: ${error.message.replace(/^Stripe could not [^:]+: /, "")}` }
    : { ok: false, status: 503, message: "Stripe can't be reached just now. Nothing was changed; please try again in a minute." };
}

/**
 * The provider's onboarding page for the specialist's account, creating the account first (in
 * `country`, once: a repeat or a concurrent request reuses the same one).
 */
export async function startOnboarding(
  context: Context,
  userId: string,
  input: { country?: PayoutCountry; origin: string },
): Promise<PayoutActionResult | null> {
  const accounts = context.payments.payoutAccounts;
  if (!accounts) return notConnectable;
  const own = await findOwn(context.db, userId);
  if (!own) return null;
  try {
    let accountId = own.stripeAccountId;
    if (!accountId) {
      if (!input.country) return { ok: false, status: 400, message: "Choose the country your bank account is in." };
      const account = await accounts.createAccount({
        email: own.email,
        country: input.country,
        specialistId: own.id,
        idempotencyKey: `payout-account-${own.id}-${input.country}`,
      });
      // Only the first account is kept: a concurrent request that created another one loses.
      await context.db
        .update(specialists)
        .set({ stripeAccountId: account.accountId, ...accountColumns(account, context.clock.now()) })
        .where(and(eq(specialists.id, own.id), isNull(specialists.stripeAccountId)));
      accountId = (await findOwn(context.db, userId))?.stripeAccountId ?? account.accountId;
    }
    const payouts = `${input.origin}/specialist/payouts`;
    const link = await accounts.onboardingLink({ accountId, returnUrl: `${payouts}?returned=1`, refreshUrl: `${payouts}?refresh=1` });
    return { ok: true, url: link.url };
  } catch (error) {
    return providerTrouble(error);
  }
}

/** Reads the account's state from the provider now (on return from onboarding), as its events would bring it. */
export async function refreshPayoutAccount(context: Context, userId: string): Promise<ConnectedAccount | null> {
  const accounts = context.payments.payoutAccounts;
  const own = await findOwn(context.db, userId);
  if (!accounts || !own?.stripeAccountId) return null;
  try {
    const account = await accounts.retrieveAccount(own.stripeAccountId);
    const now = context.clock.now();
    await context.db
      .update(specialists)
      .set(accountColumns(account, now))
      .where(
        and(
          eq(specialists.id, own.id),
          eq(specialists.stripeAccountId, account.accountId),
          or(isNull(specialists.stripeAccountSyncedAt), lte(specialists.stripeAccountSyncedAt, now)),
        ),
      );
    return account;
  } catch (error) {
    if (!isProviderError(error)) throw error;
    // The page shows what we knew; the account.updated event will bring the rest.
    console.error("Reading the payout account failed:", error.message);
    return null;
  }
}

/** A one-time sign-in link to the specialist's Express dashboard (payouts, bank details). */
export async function payoutDashboardLink(context: Context, userId: string): Promise<PayoutActionResult | null> {
  const accounts = context.payments.payoutAccounts;
  if (!accounts) return notConnectable;
  const own = await findOwn(context.db, userId);
  if (!own) return null;
  if (!own.stripeAccountId || !own.detailsSubmitted) {
    return {
      ok: false,
      status: 409,
      message: "Finish setting up payouts first: the Stripe dashboard opens once your details are submitted.",
    };
  }
  try {
    return { ok: true, url: (await accounts.dashboardLink(own.stripeAccountId)).url };
  } catch (error) {
    return providerTrouble(error);
  }
}

/** A connected account's state as the specialists row keeps it (from a refresh or an account.updated event). */
export function accountColumns(account: ConnectedAccount, at: Date) {
  return {
    stripeCountry: account.country,
    stripeDetailsSubmitted: account.detailsSubmitted,
    chargesEnabled: account.chargesEnabled,
    payoutsEnabled: account.payoutsEnabled,
    stripeRequirementsDue: account.requirementsDue,
    stripeAccountSyncedAt: at,
  };
}
