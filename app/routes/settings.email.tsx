import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link, useActionData, useLoaderData, useSearchParams, type MetaFunction } from "@remix-run/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/server-runtime";
import { ErrorList, Field, Notice, SubmitButton } from "~/components/forms";
import { EmailStoppedNotice } from "~/components/notifications/email-stopped-notice";
import { getAccountSecurity, requestAccountEmailChange } from "~/domain/account/account.server";
import { emailChangeSchema } from "~/domain/account/schemas";
import { requireUser } from "~/domain/auth/auth.server";
import { appOrigin } from "~/lib/app-origin";
import { emailBounceOf } from "~/domain/notifications/email-events.server";
import { formatSessionTime } from "~/lib/time-format";
import { rateLimitHeaders, retryAfterHeaders } from "~/security/rate-limit.server";

export const headers = rateLimitHeaders;

export const meta: MetaFunction = () => [{ title: "Email · Settings · Specialistly" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireUser(request, context);
  const { hasPassword, pendingEmail } = await getAccountSecurity(context.db, user.id, context.clock.now());
  const bounce = await emailBounceOf(context.db, user.id);
  return {
    email: user.email,
    verified: Boolean(user.emailVerifiedAt),
    hasPassword,
    pendingEmail,
    bounce: bounce ? { when: formatSessionTime(bounce.at, user.timezone), reason: bounce.reason } : null,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireUser(request, context);
  const submission = parseWithZod(await request.formData(), { schema: emailChangeSchema });
  if (submission.status !== "success") {
    return data(submission.reply({ hideFields: ["currentPassword"] }), { status: 400 });
  }
  const result = await requestAccountEmailChange(context, user, submission.value, appOrigin(request, context));
  if (!result.ok) {
    const errors = result.field ? { fieldErrors: { [result.field]: [result.message] } } : { formErrors: [result.message] };
    return data(submission.reply({ ...errors, hideFields: ["currentPassword"] }), {
      status: result.status,
      headers: result.status === 429 ? retryAfterHeaders(result.retryAfterSeconds) : undefined,
    });
  }
  return redirect("/settings/email?sent=1");
}

export default function EmailSettings() {
  const { email, verified, hasPassword, pendingEmail, bounce } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: emailChangeSchema }),
  });
  const sent = searchParams.get("sent") === "1" && !lastResult;
  const verification = searchParams.get("verification");

  return (
    <div className="space-y-6">
      <section aria-labelledby="email-heading" className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
        <h2 id="email-heading" className="text-xl font-semibold text-slate-900">
          Email address
        </h2>
        {sent ? (
          <div className="mt-4">
            <Notice tone="success">
              We sent a confirmation link to {pendingEmail ?? "your new address"}. Your address changes when you click it.
            </Notice>
          </div>
        ) : null}
        {bounce ? (
          <div className="mt-4">
            <EmailStoppedNotice email={email} at={bounce.when} reason={bounce.reason} />
          </div>
        ) : null}
        {verification === "sent" ? (
          <div className="mt-4">
            <Notice tone="success">We sent a new verification link to {email}.</Notice>
          </div>
        ) : verification === "too-soon" ? (
          <div className="mt-4">
            <Notice>We sent you a link a moment ago. Check your inbox, or wait a minute and ask again.</Notice>
          </div>
        ) : null}
        <dl className="mt-4 text-sm">
          <dt className="font-medium text-slate-800">Current address</dt>
          <dd className="mt-1 flex flex-wrap items-center gap-2 text-slate-700">
            <span>{email}</span>
            {verified ? (
              <span className="rounded-full bg-green-50 px-2 py-0.5 text-xs font-medium text-green-800">Verified</span>
            ) : (
              <span className="rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-800">Not verified</span>
            )}
          </dd>
          {pendingEmail && !sent ? (
            <>
              <dt className="mt-3 font-medium text-slate-800">Waiting for confirmation</dt>
              <dd className="mt-1 text-slate-700">{pendingEmail}: click the link we sent there to switch to it.</dd>
            </>
          ) : null}
        </dl>
        {verified ? null : (
          <Form method="post" action="/verify-email/resend" className="mt-4">
            <input type="hidden" name="redirectTo" value="/settings/email" />
            <SubmitButton variant="secondary" name="intent" value="resend-verification" pendingLabel="Sending…">
              Resend verification email
            </SubmitButton>
          </Form>
        )}
      </section>

      <section aria-labelledby="change-email-heading" className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
        <h2 id="change-email-heading" className="text-xl font-semibold text-slate-900">
          Change your email
        </h2>
        {hasPassword ? (
          <Form method="post" className="mt-6 space-y-5" {...getFormProps(form)}>
            <ErrorList errors={form.errors} />
            <Field
              label="New email address"
              inputProps={{ ...getInputProps(fields.newEmail, { type: "email" }), autoComplete: "email" }}
              errors={fields.newEmail.errors}
            />
            <Field
              label="Current password"
              inputProps={{ ...getInputProps(fields.currentPassword, { type: "password" }), autoComplete: "current-password" }}
              errors={fields.currentPassword.errors}
              hint="To keep your account safe, confirm it's you."
            />
            <SubmitButton name="intent" value="change-email" pendingLabel="Sending confirmation…">
              Change email
            </SubmitButton>
          </Form>
        ) : (
          <p className="mt-3 text-sm text-slate-600">
            You sign in with Google, so your email address can&apos;t be changed here. To change it,{" "}
            <Link to="/settings/password" className="font-medium text-brand-700 underline">
              set a password
            </Link>{" "}
            first.
          </p>
        )}
      </section>
    </div>
  );
}
