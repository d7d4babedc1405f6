import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link, useActionData, useLoaderData, useSearchParams, type MetaFunction } from "@remix-run/react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/server-runtime";
import { ErrorList, Field, FormCard, SubmitButton } from "~/components/forms";
import { GoogleSignIn, SignInDivider } from "~/components/google-sign-in";
import { TimeZoneInput } from "~/components/time-zone-input";
import { sendEmailVerification } from "~/domain/auth/email-verification.server";
import { appOrigin } from "~/lib/app-origin";
import { isGoogleSignInEnabled } from "~/domain/auth/google.server";
import { requireAnonymous, startSession } from "~/domain/auth/auth.server";
import { signUpSchema } from "~/domain/auth/schemas";
import { signUp, signUpServerSchema } from "~/domain/auth/sign-up.server";
import { safeRedirectPath } from "~/lib/safe-redirect";
import { checkRateLimits, rateLimitedReply, rateLimitFor, rateLimitHeaders, rateLimits } from "~/security/rate-limit.server";

export const headers = rateLimitHeaders;

export const meta: MetaFunction = () => [{ title: "Create your account · Specialistly" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAnonymous(request, context);
  return { googleEnabled: isGoogleSignInEnabled(context.env) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request, context);
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: signUpServerSchema });
  if (submission.status !== "success") {
    return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  }
  const limited = await checkRateLimits(context, [rateLimitFor(rateLimits.signUpByIp, context.clientAddress)]);
  if (!limited.allowed) return rateLimitedReply(submission, limited.retryAfterSeconds, { hideFields: ["password"] });
  const result = await signUp(context, submission.value);
  if (!result.ok) {
    return data(submission.reply({ fieldErrors: { [result.field]: [result.message] }, hideFields: ["password"] }), {
      status: 400,
    });
  }
  const { email, name } = submission.value;
  await sendEmailVerification(context, { id: result.userId, email, name }, appOrigin(request, context));
  const fallback = submission.value.role === "specialist" ? "/onboarding" : "/";
  // The page they land on tells them to check their email (components/check-email-notice.tsx).
  const target = new URL(safeRedirectPath(formData.get("redirectTo"), fallback), "https://this-site.invalid");
  target.searchParams.set("welcome", "1");
  return startSession(request, context, result.userId, `${target.pathname}${target.search}${target.hash}`);
}

export default function SignUp() {
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const redirectTo = searchParams.get("redirectTo") ?? "";
  const { googleEnabled } = useLoaderData<typeof loader>();
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: { role: searchParams.get("role") === "specialist" ? "specialist" : "customer" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: signUpSchema }),
  });

  return (
    <FormCard
      title="Create your account"
      footer={
        <>
          Already have an account?{" "}
          <Link
            to={`/login${redirectTo ? `?${new URLSearchParams({ redirectTo })}` : ""}`}
            className="font-medium text-brand-700 underline"
          >
            Log in
          </Link>
        </>
      }
    >
      {googleEnabled ? (
        <>
          <GoogleSignIn redirectTo={redirectTo} />
          <SignInDivider />
        </>
      ) : null}
      <Form method="post" className="space-y-5" {...getFormProps(form)}>
        <fieldset>
          <legend className="text-sm font-medium text-slate-800">I want to</legend>
          <div className="mt-2 grid grid-cols-2 gap-3">
            {(
              [
                ["customer", "Book sessions"],
                ["specialist", "Offer sessions"],
              ] as const
            ).map(([value, label]) => (
              <label
                key={value}
                className="flex cursor-pointer items-center gap-2 rounded-lg border border-slate-300 px-3 py-2 text-sm has-[:checked]:border-brand-600 has-[:checked]:bg-brand-50"
              >
                <input type="radio" name={fields.role.name} value={value} defaultChecked={fields.role.initialValue === value} />
                {label}
              </label>
            ))}
          </div>
          <ErrorList errors={fields.role.errors} />
        </fieldset>
        <Field
          label="Name"
          inputProps={{ ...getInputProps(fields.name, { type: "text" }), autoComplete: "name" }}
          errors={fields.name.errors}
        />
        <Field
          label="Email"
          inputProps={{ ...getInputProps(fields.email, { type: "email" }), autoComplete: "email" }}
          errors={fields.email.errors}
        />
        <Field
          label="Password"
          inputProps={{ ...getInputProps(fields.password, { type: "password" }), autoComplete: "new-password" }}
          errors={fields.password.errors}
          hint="At least 10 characters. A few unrelated words work well."
        />
        <TimeZoneInput name={fields.timezone.name} />
        <ErrorList errors={fields.timezone.errors} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <SubmitButton pendingLabel="Creating your account…">Create account</SubmitButton>
        <ErrorList errors={form.errors} />
      </Form>
    </FormCard>
  );
}
