import { type AccountLinkRecord, type SessionRecord } from "./objects";
import { formatAmount } from "./params";

// The hosted pages: plain server-rendered HTML forms that work without JavaScript, labelled as the
// stand-in so no one mistakes them for Stripe's.

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (character) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[character]!);

function page(title: string, body: string) {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)} · Stripe stand-in</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem}.banner{background:#fff3cd;border:1px solid #d4a72c;padding:.5rem;border-radius:4px}button{font-size:1rem;padding:.5rem 1rem;margin:.25rem 0;display:block;width:100%}</style></head>
<body><p class="banner" role="note">Stripe stand-in: a local test double, no real money moves.</p>
<main>${body}</main></body></html>`;
}

export function checkoutPage({ session, lineItems }: SessionRecord, notice?: string) {
  const amount = formatAmount(session.amount_total ?? 0, session.currency ?? "usd");
  const items = lineItems
    .map(
      (item) =>
        `<li>${escape(item.name)}${item.quantity > 1 ? ` × ${item.quantity}` : ""}: ${formatAmount(item.unitAmount * item.quantity, session.currency ?? "usd")}</li>`,
    )
    .join("");
  const header = `<h1>Pay ${escape(amount)}</h1><ul>${items}</ul>${notice ? `<p role="alert">${escape(notice)}</p>` : ""}`;
  if (session.status === "expired") return page("Checkout", `${header}<p role="status">This checkout session has expired.</p>`);
  if (session.status === "complete") {
    const state = session.payment_status === "paid" ? "This payment is complete." : "This payment is processing.";
    return page("Checkout", `${header}<p role="status">${state}</p>`);
  }
  const email = session.customer_email ? `<p>Paying as ${escape(session.customer_email)}</p>` : "";
  const cancel = session.cancel_url ? `<button name="action" value="cancel">Cancel</button>` : "";
  return page(
    "Checkout",
    `${header}${email}<form method="post">
<button name="action" value="pay">Pay</button>
<button name="action" value="bank_debit">Pay by bank debit</button>
${cancel}
</form>`,
  );
}

export function onboardingPage(link: AccountLinkRecord, email: string | null) {
  return page(
    "Onboarding",
    `<h1>Set up payouts</h1><p>Connected account ${escape(link.account)}${email ? ` (${escape(email)})` : ""}</p>
<form method="post">
<button name="action" value="complete">Complete onboarding</button>
<button name="action" value="leave">Return without finishing</button>
</form>`,
  );
}

export function expressDashboardPage(accountId: string) {
  return page("Express dashboard", `<h1>Express dashboard</h1><p>Connected account ${escape(accountId)}</p>`);
}

export function notFoundPage() {
  return page("Not found", `<h1>Not found</h1><p>This link isn't valid.</p>`);
}
