import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, useActionData, useLoaderData, useSearchParams, type MetaFunction } from "@remix-run/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/server-runtime";
import { ErrorList, Field, Notice, SubmitButton } from "~/components/forms";
import { changePassword, getAccountSecurity, passwordChangeServerSchema } from "~/domain/account/account.server";
import { passwordChangeSchema } from "~/domain/account/schemas";
import { requireUser } from "~/domain/auth/auth.server";
import { appOrigin } from "~/lib/app-origin";
import { rateLimitHeaders, retryAfterHeaders } from "~/security/rate-limit.server";

export const headers = rateLimitHeaders;

export const meta: MetaFunction = () => [{ title: "Password · Settings · Specialistly" }];

const passwordFields = ["currentPassword", "newPassword", "confirmPassword"];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireUser(request, context);
  const { hasPassword } = await getAccountSecurity(context.db, user.id, context.clock.now());
  return { hasPassword, email: user.email };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { sessionId, user } = await requireUser(request, context);
  const { hasPassword } = await getAccountSecurity(context.db, user.id, context.clock.now());
  const submission = parseWithZod(await request.formData(), { schema: passwordChangeServerSchema(hasPassword, user.email) });
  if (submission.status !== "success") {
    return data(submission.reply({ hideFields: passwordFields }), { status: 400 });
  }
  const actor = { userId: user.id, sessionId, email: user.email, name: user.name };
  const result = await changePassword(context, actor, submission.value, appOrigin(request, context));
  if (!result.ok) {
    const errors = result.field ? { fieldErrors: { [result.field]: [result.message] } } : { formErrors: [result.message] };
    return data(submission.reply({ ...errors, hideFields: passwordFields }), {
      status: result.status,
      headers: result.status === 429 ? retryAfterHeaders(result.retryAfterSeconds) : undefined,
    });
  }
  return redirect("/settings/password?changed=1");
}

export default function PasswordSettings() {
  const { hasPassword, email } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: passwordChangeSchema(hasPassword) }),
  });
  const changed = searchParams.get("changed") === "1" && !lastResult;

  return (
    <section aria-labelledby="password-heading" className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
      <h2 id="password-heading" className="text-xl font-semibold text-slate-900">
        {hasPassword ? "Change your password" : "Set a password"}
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        {hasPassword
          ? "Changing your password signs you out on every other device."
          : "You sign in with Google. A password lets you sign in with your email address too."}
      </p>
      {changed ? (
        <div className="mt-4">
          <Notice tone="success">Password changed. You were signed out on other devices.</Notice>
        </div>
      ) : null}
      <Form method="post" className="mt-6 space-y-5" {...getFormProps(form)}>
        <ErrorList errors={form.errors} />
        {/* Lets password managers file the new password under the right account; not submitted. */}
        <input type="email" autoComplete="username" value={email} readOnly hidden />
        {hasPassword ? (
          <Field
            label="Current password"
            inputProps={{ ...getInputProps(fields.currentPassword, { type: "password" }), autoComplete: "current-password" }}
            errors={fields.currentPassword.errors}
          />
        ) : null}
        <Field
          label="New password"
          inputProps={{ ...getInputProps(fields.newPassword, { type: "password" }), autoComplete: "new-password" }}
          errors={fields.newPassword.errors}
          hint="At least 10 characters. A few unrelated words work well."
        />
        <Field
          label="Confirm new password"
          inputProps={{ ...getInputProps(fields.confirmPassword, { type: "password" }), autoComplete: "new-password" }}
          errors={fields.confirmPassword.errors}
        />
        <SubmitButton pendingLabel="Saving…">{hasPassword ? "Change password" : "Set password"}</SubmitButton>
      </Form>
    </section>
  );
}
