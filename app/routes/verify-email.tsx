import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link, useActionData, useLoaderData, type MetaFunction } from "@remix-run/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/server-runtime";
import { FormCard, Notice, SubmitButton } from "~/components/forms";
import { getSessionUser } from "~/domain/auth/auth.server";
import { confirmLinkSchema } from "~/domain/auth/email-schemas";
import { inspectVerificationLink, verifyEmailToken } from "~/domain/auth/email-verification.server";
import { clearedSessionCookie } from "~/domain/auth/session-cookie.server";

export const meta: MetaFunction = () => [{ title: "Confirm your email · Specialistly" }];

type Viewer = { email: string; emailVerified: boolean } | null;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const session = await getSessionUser(request, context);
  const viewer: Viewer = session ? { email: session.user.email, emailVerified: !!session.user.emailVerifiedAt } : null;
  const confirmed = url.searchParams.get("confirmed");
  if (confirmed === "email" || confirmed === "new-email") {
    return { state: "confirmed" as const, confirmed: confirmed === "email" ? ("email" as const) : ("new-email" as const), viewer };
  }
  const token = url.searchParams.get("token");
  // Only a look: the link is used up by the button's POST, since mail scanners open links too.
  if (!token) return { state: "no-link" as const, viewer, resend: url.searchParams.get("verification") };
  const link = await inspectVerificationLink(context, token);
  if (!link.ok) return { state: "invalid" as const, message: link.message, viewer };
  return { state: "ready" as const, token, purpose: link.purpose, email: link.email, viewer };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: confirmLinkSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const session = await getSessionUser(request, context);
  const result = await verifyEmailToken(context, submission.value.token);
  if (!result.ok) return data(submission.reply({ formErrors: [result.message] }), { status: 400 });
  if (result.purpose === "verify_email") return redirect("/verify-email?confirmed=email");
  // The change signed the account out everywhere, this browser included.
  const signedOut = session?.user.id === result.userId;
  return redirect("/verify-email?confirmed=new-email", {
    headers: signedOut ? { "Set-Cookie": clearedSessionCookie(request) } : undefined,
  });
}

export default function VerifyEmailPage() {
  const loaderData = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form] = useForm({ lastResult });

  // A failed confirmation explains itself better than the page re-read afterwards (the link is used by then).
  if (form.errors?.length) {
    return (
      <FormCard title="We couldn't confirm that link">
        <LinkProblem message={form.errors.join(" ")} viewer={loaderData.viewer} />
      </FormCard>
    );
  }

  switch (loaderData.state) {
    case "confirmed":
      return <Confirmed which={loaderData.confirmed} viewer={loaderData.viewer} />;
    case "invalid":
      return (
        <FormCard title="We couldn't confirm that link">
          <LinkProblem message={loaderData.message} viewer={loaderData.viewer} />
        </FormCard>
      );
    case "no-link":
      return (
        <FormCard title="Confirm your email">
          <NoLink viewer={loaderData.viewer} resend={loaderData.resend} />
        </FormCard>
      );
    case "ready":
      return (
        <FormCard title={loaderData.purpose === "change_email" ? "Confirm your new email address" : "Confirm your email"}>
          <Form method="post" className="space-y-5" {...getFormProps(form)}>
            <p className="text-slate-700">
              {loaderData.purpose === "change_email" ? (
                <>
                  Switch your account to <strong>{loaderData.email}</strong>? You&apos;ll be signed out on every device and log in with this
                  address from now on.
                </>
              ) : (
                <>
                  Confirm that <strong>{loaderData.email}</strong> is your email address.
                </>
              )}
            </p>
            <input type="hidden" name="token" value={loaderData.token} />
            <SubmitButton pendingLabel="Confirming…">
              {loaderData.purpose === "change_email" ? "Confirm new address" : "Confirm email address"}
            </SubmitButton>
          </Form>
        </FormCard>
      );
  }
}

function Confirmed({ which, viewer }: { which: "email" | "new-email"; viewer: Viewer }) {
  return (
    <FormCard title={which === "new-email" ? "Your email address was changed" : "Email confirmed"}>
      <div className="space-y-4">
        <Notice tone="success">
          {which === "new-email"
            ? "Your account now uses your new email address. We signed you out everywhere; log in with the new address."
            : "Thanks! Your email address is confirmed."}
        </Notice>
        <p>
          {viewer ? (
            <Link to="/" className="font-medium text-brand-700 underline">
              Continue to Specialistly
            </Link>
          ) : (
            <Link to="/login" className="font-medium text-brand-700 underline">
              Log in
            </Link>
          )}
        </p>
      </div>
    </FormCard>
  );
}

function LinkProblem({ message, viewer }: { message: string; viewer: Viewer }) {
  return (
    <div className="space-y-4">
      <Notice tone="error">{message}</Notice>
      {viewer && !viewer.emailVerified ? (
        <ResendForm />
      ) : viewer ? (
        <p className="text-sm text-slate-600">
          Your email address is confirmed. To change it, start again from{" "}
          <Link to="/settings/email" className="font-medium text-brand-700 underline">
            your email settings
          </Link>
          .
        </p>
      ) : (
        <p className="text-sm text-slate-600">
          <Link to={`/login?${new URLSearchParams({ redirectTo: "/verify-email" })}`} className="font-medium text-brand-700 underline">
            Log in
          </Link>{" "}
          to get a new confirmation link. Links to change your address can be requested again from your settings.
        </p>
      )}
    </div>
  );
}

const resendNotices: Record<string, { tone: "success" | "info"; text: string }> = {
  sent: { tone: "success", text: "We sent you a new confirmation link. It expires in 48 hours." },
  "too-soon": { tone: "info", text: "We just sent you a link. Check your inbox (and spam folder), or try again in a minute." },
  "already-verified": { tone: "success", text: "Your email address is already confirmed." },
};

function NoLink({ viewer, resend }: { viewer: Viewer; resend: string | null }) {
  const notice = resend ? resendNotices[resend] : undefined;
  return (
    <div className="space-y-4">
      {notice ? <Notice tone={notice.tone}>{notice.text}</Notice> : null}
      {!viewer ? (
        <p className="text-slate-700">
          Open the link from the email we sent you, or{" "}
          <Link to={`/login?${new URLSearchParams({ redirectTo: "/verify-email" })}`} className="font-medium text-brand-700 underline">
            log in
          </Link>{" "}
          to get a new one.
        </p>
      ) : viewer.emailVerified ? (
        <p className="text-slate-700">
          <strong>{viewer.email}</strong> is confirmed. Nothing else to do.
        </p>
      ) : (
        <>
          <p className="text-slate-700">
            We sent a confirmation link to <strong>{viewer.email}</strong>. Open it to confirm your address.
          </p>
          <ResendForm />
        </>
      )}
    </div>
  );
}

function ResendForm() {
  return (
    <Form method="post" action="/verify-email/resend">
      <input type="hidden" name="redirectTo" value="/verify-email" />
      <SubmitButton variant="secondary" pendingLabel="Sending…">
        Send a new link
      </SubmitButton>
    </Form>
  );
}
