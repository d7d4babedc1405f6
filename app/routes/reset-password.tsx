import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link, useActionData, useLoaderData, type MetaFunction } from "@remix-run/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/server-runtime";
import { ErrorList, Field, FormCard, Notice, SubmitButton } from "~/components/forms";
import { resetPasswordSchema } from "~/domain/auth/email-schemas";
import { inspectPasswordResetLink, resetPassword } from "~/domain/auth/email-verification.server";
import { appOrigin } from "~/lib/app-origin";

export const meta: MetaFunction = () => [{ title: "Choose a new password · Specialistly" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token");
  if (!token) return { ok: false as const, message: "This link is incomplete. Open it again from the email." };
  const link = await inspectPasswordResetLink(context, token);
  return link.ok ? { ok: true as const, token, email: link.email } : link;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: resetPasswordSchema });
  if (submission.status !== "success") return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  const { token, password } = submission.value;
  const result = await resetPassword(context, token, password, appOrigin(request, context));
  if (!result.ok) {
    // A link problem also shows through the loader, which re-reads the link after this action.
    return data(submission.reply({ fieldErrors: { password: [result.message] }, hideFields: ["password"] }), { status: 400 });
  }
  return redirect("/reset-password/done");
}

export default function ResetPasswordPage() {
  const link = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: resetPasswordSchema }),
  });

  if (!link.ok) {
    return (
      <FormCard title="We couldn't use that link">
        <div className="space-y-4">
          <Notice tone="error">{link.message}</Notice>
          <p className="text-sm text-slate-600">
            Reset links work once, for 1 hour.{" "}
            <Link to="/forgot-password" className="font-medium text-brand-700 underline">
              Request a new link
            </Link>
          </p>
        </div>
      </FormCard>
    );
  }

  return (
    <FormCard title="Choose a new password">
      <Form method="post" className="space-y-5" {...getFormProps(form)}>
        <p className="text-sm text-slate-600">
          For <strong>{link.email}</strong>. You&apos;ll be signed out on every device and log in with the new password.
        </p>
        {/* Lets password managers file the new password under the right account. */}
        <input type="email" autoComplete="username" value={link.email} readOnly hidden />
        <input type="hidden" name="token" value={link.token} />
        <ErrorList errors={form.errors} />
        <Field
          label="New password"
          inputProps={{ ...getInputProps(fields.password, { type: "password" }), autoComplete: "new-password" }}
          errors={fields.password.errors}
          hint="At least 10 characters. A few unrelated words work well."
        />
        <SubmitButton pendingLabel="Saving…">Save new password</SubmitButton>
      </Form>
    </FormCard>
  );
}
