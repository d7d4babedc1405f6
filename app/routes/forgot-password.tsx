import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link, useActionData, useSearchParams, type MetaFunction } from "@remix-run/react";
import { data, redirect, type ActionFunctionArgs } from "@remix-run/server-runtime";
import { ErrorList, Field, FormCard, Notice, SubmitButton } from "~/components/forms";
import { forgotPasswordSchema } from "~/domain/auth/email-schemas";
import { requestPasswordReset } from "~/domain/auth/email-verification.server";
import { appOrigin } from "~/lib/app-origin";
import { checkRateLimits, rateLimitedReply, rateLimitFor, rateLimitHeaders, rateLimits } from "~/security/rate-limit.server";

export const headers = rateLimitHeaders;

export const meta: MetaFunction = () => [{ title: "Reset your password · Specialistly" }];

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: forgotPasswordSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const limited = await checkRateLimits(context, [
    rateLimitFor(rateLimits.resetByIp, context.clientAddress),
    rateLimitFor(rateLimits.resetByAccount, submission.value.email),
  ]);
  if (!limited.allowed) return rateLimitedReply(submission, limited.retryAfterSeconds);
  await requestPasswordReset(context, submission.value.email, appOrigin(request, context));
  // The same answer whether or not the account exists, so the form can't be used to probe emails.
  return redirect("/forgot-password?sent=1");
}

export default function ForgotPassword() {
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const sent = searchParams.get("sent") === "1" && !lastResult;
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: forgotPasswordSchema }),
  });

  return (
    <FormCard
      title="Reset your password"
      footer={
        <>
          Remembered it?{" "}
          <Link to="/login" className="font-medium text-brand-700 underline">
            Log in
          </Link>
        </>
      }
    >
      {sent ? (
        <div className="space-y-4">
          <Notice tone="success">
            If an account exists for that email, we sent a link to reset its password. The link expires in 1 hour.
          </Notice>
          <p className="text-sm text-slate-600">
            Nothing arrived after a few minutes? Check your spam folder, or{" "}
            <Link to="/forgot-password" className="font-medium text-brand-700 underline">
              try again
            </Link>
            .
          </p>
        </div>
      ) : (
        <Form method="post" className="space-y-5" {...getFormProps(form)}>
          <p className="text-sm text-slate-600">
            Enter the email you use for Specialistly and we&apos;ll send you a link to choose a new password.
          </p>
          <ErrorList errors={form.errors} />
          <Field
            label="Email"
            inputProps={{ ...getInputProps(fields.email, { type: "email" }), autoComplete: "email" }}
            errors={fields.email.errors}
          />
          <SubmitButton pendingLabel="Sending…">Send reset link</SubmitButton>
        </Form>
      )}
    </FormCard>
  );
}
