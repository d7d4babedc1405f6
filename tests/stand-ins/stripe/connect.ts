import {
  type Account,
  type AccountLinkRecord,
  type Payout,
  defaultCurrency,
  expressRequirements,
  newId,
  snapshot,
  supportedCountries,
} from "./objects";
import { type Params, allowOnly, boolean, email, invalid, metadata, missing, oneOf, record, requireParam, string, url } from "./params";
import type { StripeEvent, StripeEventType } from "./webhooks";

// Connect as the app uses it: Express accounts that can't take charges until their holder finishes
// Stripe's onboarding (through a short-lived, single-use Account Link), login links to the Express
// dashboard, and payouts to the account's bank.

type EmitEvent = (type: StripeEventType, object: object, extra?: Partial<StripeEvent>) => StripeEvent;

const minute = 60;
const day = 24 * 60 * minute;

export class Connect {
  readonly accounts = new Map<string, Account>();
  readonly accountLinks = new Map<string, AccountLinkRecord>();
  readonly payouts = new Map<string, Payout>();

  constructor(
    private readonly baseUrl: () => string,
    private readonly now: () => number,
    private readonly event: EmitEvent,
  ) {}

  createPayout(accountId: string, options: { amount: number; currency?: string; outcome?: "paid" | "failed" }): Payout {
    const account = this.account(accountId);
    const failed = options.outcome === "failed";
    const payout: Payout = {
      id: newId("po_1"),
      object: "payout",
      amount: options.amount,
      arrival_date: this.now() + 2 * day,
      automatic: true,
      created: this.now(),
      currency: options.currency ?? account.default_currency ?? "eur",
      description: "STRIPE PAYOUT",
      destination: newId("ba_1"),
      failure_code: failed ? "account_closed" : null,
      failure_message: failed ? "The bank account has been closed." : null,
      livemode: false,
      metadata: {},
      method: "standard",
      status: failed ? "failed" : "paid",
      type: "bank_account",
    };
    this.payouts.set(payout.id, payout);
    this.event(failed ? "payout.failed" : "payout.paid", payout, { account: accountId });
    return payout;
  }

  createAccount(params: Params): Account {
    allowOnly(params, {
      type: true,
      country: true,
      email: true,
      metadata: { "*": true },
      expand: { "*": true },
      business_type: true,
      capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
    });
    const type = oneOf(requireParam(params, "type"), ["custom", "express", "standard"] as const, "type");
    if (type !== "express") throw invalid("type", "The stand-in only models Express accounts.");
    const country = params.country === undefined ? "US" : string(params.country, "country").toUpperCase();
    if (!supportedCountries.has(country)) {
      throw invalid(
        "country",
        `Connected accounts in ${country} are not supported. See https://stripe.com/global for a list of supported countries.`,
      );
    }
    const capabilities: Account["capabilities"] = {};
    const requested = record(params.capabilities, "capabilities");
    for (const name of ["card_payments", "transfers"] as const) {
      const capability = record(requested[name], `capabilities[${name}]`);
      if (capability.requested !== undefined && boolean(capability.requested, `capabilities[${name}][requested]`))
        capabilities[name] = "inactive";
    }
    if (capabilities.card_payments && !capabilities.transfers) {
      throw invalid("capabilities", "The `card_payments` capability cannot be requested without the `transfers` capability.");
    }
    const account: Account = {
      id: newId("acct_1", 16),
      object: "account",
      capabilities,
      charges_enabled: false,
      controller: { type: "application", is_controller: true, stripe_dashboard: { type: "express" } },
      country,
      created: this.now(),
      default_currency: defaultCurrency(country),
      details_submitted: false,
      email: params.email === undefined ? null : email(params.email, "email"),
      metadata: metadata(params.metadata, "metadata"),
      payouts_enabled: false,
      requirements: {
        alternatives: [],
        current_deadline: null,
        currently_due: [...expressRequirements],
        disabled_reason: "requirements.past_due",
        errors: [],
        eventually_due: [...expressRequirements],
        past_due: [...expressRequirements],
        pending_verification: [],
      },
      type: "express",
    };
    this.accounts.set(account.id, account);
    return account;
  }

  account(id: string, param = "account"): Account {
    const found = this.accounts.get(id);
    if (!found) throw missing("account", id, param);
    return found;
  }

  /** What the onboarding form achieves: details submitted, charges and payouts enabled, nothing due. */
  completeOnboarding(id: string, { emit = true }: { emit?: boolean } = {}): Account {
    const account = this.account(id);
    const previous = {
      charges_enabled: account.charges_enabled,
      details_submitted: account.details_submitted,
      payouts_enabled: account.payouts_enabled,
      capabilities: { ...account.capabilities },
      requirements: snapshot(account.requirements),
    };
    account.details_submitted = true;
    account.charges_enabled = true;
    account.payouts_enabled = true;
    for (const name of Object.keys(account.capabilities)) account.capabilities[name] = "active";
    account.requirements = { ...account.requirements, currently_due: [], eventually_due: [], past_due: [], disabled_reason: null };
    if (emit) this.event("account.updated", account, { account: id, data: { object: snapshot(account), previous_attributes: previous } });
    return account;
  }

  createAccountLink(params: Params) {
    allowOnly(params, { account: true, refresh_url: true, return_url: true, type: true, collect: true, expand: { "*": true } });
    const account = this.account(string(requireParam(params, "account"), "account"));
    const type = oneOf(requireParam(params, "type"), ["account_onboarding", "account_update"] as const, "type");
    if (type === "account_update") {
      throw invalid(
        "type",
        "You cannot create `account_update` type Account Links for accounts that have access to a Stripe-hosted Dashboard.",
      );
    }
    const link: AccountLinkRecord = {
      token: newId("", 12),
      account: account.id,
      refreshUrl: url(requireParam(params, "refresh_url"), "refresh_url"),
      returnUrl: url(requireParam(params, "return_url"), "return_url"),
      expiresAt: this.now() + 5 * minute,
      used: false,
    };
    this.accountLinks.set(link.token, link);
    return {
      object: "account_link" as const,
      created: this.now(),
      expires_at: link.expiresAt,
      url: `${this.baseUrl()}/setup/e/${account.id}/${link.token}`,
    };
  }

  createLoginLink(accountId: string) {
    const account = this.account(accountId);
    if (!account.details_submitted) {
      throw invalid("account", "Cannot create a login link for an account that has not completed onboarding.");
    }
    return { object: "login_link" as const, created: this.now(), url: `${this.baseUrl()}/express/${account.id}/${newId("", 12)}` };
  }
}
