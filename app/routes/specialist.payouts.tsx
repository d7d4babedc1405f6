import { Form, useActionData, useLoaderData, useSearchParams, type MetaFunction } from "@remix-run/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/server-runtime";
import * as z from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorList, inputClass, Notice, SubmitButton } from "~/components/forms";
import { requireRole } from "~/domain/auth/auth.server";
import { appOrigin } from "~/lib/app-origin";
import { loadPayoutStatus, payoutDashboardLink, refreshPayoutAccount, startOnboarding } from "~/domain/payments/payout-accounts.server";
import { payoutCountries } from "~/domain/payments/payout-countries";

export const meta: MetaFunction = () => [{ title: "Payouts · Your practice · Specialistly" }];

const createProfileFirst = "/specialist/profile?profileFirst=1";

const payoutActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("onboard"),
    country: z.enum(payoutCountries, { error: "Choose the country your bank account is in." }).optional(),
  }),
  z.object({ intent: z.literal("dashboard") }),
]);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, context, ["specialist"]);
  const url = new URL(request.url);
  // Stripe sends the specialist to refresh_url when an onboarding link expired: start a fresh one.
  if (url.searchParams.get("refresh") === "1") {
    const result = await startOnboarding(context, user.id, { origin: appOrigin(request, context) });
    if (result === null) throw redirect(createProfileFirst);
    if (result.ok) throw redirect(result.url);
  }
  if (url.searchParams.get("returned") === "1") await refreshPayoutAccount(context, user.id);
  const status = await loadPayoutStatus(context, user.id);
  if (!status) throw redirect(createProfileFirst);
  if (status.mode === "test") return { mode: "test" as const };
  const { account } = status;
  return {
    mode: "connect" as const,
    connected: account.stripeAccountId !== null,
    country: account.country,
    detailsSubmitted: account.detailsSubmitted,
    chargesEnabled: account.chargesEnabled,
    payoutsEnabled: account.payoutsEnabled,
    requirementsDue: account.requirementsDue.map(describeRequirement),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireRole(request, context, ["specialist"]);
  const form = Object.fromEntries(await request.formData());
  const parsed = payoutActionSchema.safeParse(form);
  if (!parsed.success) return data({ error: parsed.error.issues[0]?.message ?? "Choose an action." }, { status: 400 });
  const origin = appOrigin(request, context);
  const result =
    parsed.data.intent === "onboard"
      ? await startOnboarding(context, user.id, { country: parsed.data.country, origin })
      : await payoutDashboardLink(context, user.id);
  if (result === null) return redirect(createProfileFirst);
  if (!result.ok) return data({ error: result.message }, { status: result.status });
  return redirect(result.url);
}

/** Stripe's requirement keys ("individual.verification.document") as words a person reads. */
function describeRequirement(key: string) {
  const words = key.split(".").at(-1)!.replaceAll("_", " ");
  return `${words.charAt(0).toUpperCase()}${words.slice(1)}${key.includes(".") ? ` (${key.split(".")[0]!.replaceAll("_", " ")})` : ""}`;
}

const regionNames = new Intl.DisplayNames(["en"], { type: "region" });
const countryOptions = payoutCountries
  .map((code) => ({ code, name: regionNames.of(code) ?? code }))
  .sort((a, b) => a.name.localeCompare(b.name, "en"));

export default function Payouts() {
  const status = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const error = result && "error" in result ? result.error : null;

  return (
    <section aria-labelledby="payouts-heading" className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
      <h2 id="payouts-heading" className="text-xl font-semibold text-slate-900">
        Payouts
      </h2>
      {status.mode === "test" ? (
        <div className="mt-4 space-y-3 text-sm text-slate-700">
          <Notice>
            Test payments: this deployment has no Stripe keys, so no real money moves. Clients pay paid sessions on the clearly labelled
            test checkout, and there is nothing to connect.
          </Notice>
          <p>Once Stripe is configured, you connect a Stripe account here to be paid out, and paid sessions can be booked after that.</p>
        </div>
      ) : (
        <div className="mt-4 space-y-5">
          {searchParams.get("returned") === "1" && status.chargesEnabled ? (
            <Notice tone="success">You're set up: clients can now pay for your sessions.</Notice>
          ) : null}
          {error ? <ErrorList errors={[error]} /> : null}
          <p className="text-sm text-slate-600">
            Clients pay through Stripe; the platform fee is taken at payment and the rest is paid out to your bank by Stripe. Paid session
            types can be published once your account can take payments; free ones any time.
          </p>
          {status.connected ? (
            <>
              <dl className="grid gap-3 sm:grid-cols-3">
                <Check label="Details submitted" done={status.detailsSubmitted} />
                <Check label="Can take payments" done={status.chargesEnabled} />
                <Check label="Payouts to your bank" done={status.payoutsEnabled} />
              </dl>
              {status.requirementsDue.length > 0 ? (
                <div>
                  <h3 className="text-sm font-semibold text-slate-900">Stripe still needs</h3>
                  <ul className="mt-1 list-inside list-disc text-sm text-slate-700">
                    {status.requirementsDue.map((item) => (
                      <li key={item}>{item}</li>
                    ))}
                  </ul>
                </div>
              ) : null}
              <div className="flex flex-wrap gap-3">
                {!status.detailsSubmitted || status.requirementsDue.length > 0 ? (
                  <Form method="post">
                    <SubmitButton name="intent" value="onboard" pendingLabel="Opening Stripe…">
                      Continue setup with Stripe
                    </SubmitButton>
                  </Form>
                ) : null}
                {status.detailsSubmitted ? (
                  <Form method="post">
                    <SubmitButton name="intent" value="dashboard" variant="secondary" pendingLabel="Opening Stripe…">
                      Open your Stripe dashboard
                    </SubmitButton>
                  </Form>
                ) : null}
              </div>
            </>
          ) : (
            <Form method="post" className="space-y-3">
              <label htmlFor="payout-country" className="block text-sm font-medium text-slate-800">
                Country of your bank account
              </label>
              <select id="payout-country" name="country" required defaultValue="" className={`${inputClass} max-w-xs`}>
                <option value="" disabled>
                  Choose a country
                </option>
                {countryOptions.map((country) => (
                  <option key={country.code} value={country.code}>
                    {country.name}
                  </option>
                ))}
              </select>
              <p className="text-xs text-slate-500">
                It can't be changed later. You'll enter your details on Stripe's pages, then come back here.
              </p>
              <SubmitButton name="intent" value="onboard" pendingLabel="Opening Stripe…">
                Set up payouts with Stripe
              </SubmitButton>
            </Form>
          )}
        </div>
      )}
    </section>
  );
}

function Check({ label, done }: { label: string; done: boolean }) {
  return (
    <div className="rounded-lg border border-slate-200 px-3 py-2">
      <dt className="text-xs uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className={`mt-1 text-sm font-semibold ${done ? "text-green-700" : "text-amber-700"}`}>{done ? "Yes" : "Not yet"}</dd>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
