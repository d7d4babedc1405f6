import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link, useActionData, useLoaderData, useSearchParams, type MetaFunction } from "@remix-run/react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/server-runtime";
import { ErrorList, Field, FormCard, SubmitButton } from "~/components/forms";
import { GoogleSignIn, SignInDivider } from "~/components/google-sign-in";
import { isGoogleSignInEnabled } from "~/domain/auth/google.server";
import { landingPathFor, requireAnonymous, startSession, verifyPasswordLogin } from "~/domain/auth/auth.server";
import { loginSchema } from "~/domain/auth/schemas";
import { safeRedirectPath } from "~/lib/safe-redirect";
import { checkLoginRateLimits, clearLoginRateLimit, rateLimitedReply, rateLimitHeaders } from "~/security/rate-limit.server";

export const headers = rateLimitHeaders;

export const meta: MetaFunction = () => [{ title: "Log in · Specialistly" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAnonymous(request, context);
  return { googleEnabled: isGoogleSignInEnabled(context.env) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request, context);
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: loginSchema });
  if (submission.status !== "success") {
    return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  }
  const limited = await checkLoginRateLimits(context, submission.value.email);
  if (!limited.allowed) return rateLimitedReply(submission, limited.retryAfterSeconds, { hideFields: ["password"] });
  const login = await verifyPasswordLogin(context, submission.value.email, submission.value.password);
  if (!login) {
    return data(submission.reply({ formErrors: ["That email and password don't match an account."], hideFields: ["password"] }), {
      status: 400,
    });
  }
  if ("suspended" in login) {
    return data(
      submission.reply({
        formErrors: ["This account is suspended, so it can't sign in. Contact support if you think this is a mistake."],
        hideFields: ["password"],
      }),
      { status: 403 },
    );
  }
  await clearLoginRateLimit(context, submission.value.email);
  return startSession(request, context, login.userId, safeRedirectPath(formData.get("redirectTo"), landingPathFor(login.role)));
}

export default function Login() {
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const redirectTo = searchParams.get("redirectTo") ?? "";
  const { googleEnabled } = useLoaderData<typeof loader>();
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: loginSchema }),
  });

  return (
    <FormCard
      title="Log in"
      footer={
        <>
          New to Specialistly?{" "}
          <Link
            to={`/signup${redirectTo ? `?${new URLSearchParams({ redirectTo })}` : ""}`}
            className="font-medium text-brand-700 underline"
          >
            Create an account
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
        <Field
          label="Email"
          inputProps={{ ...getInputProps(fields.email, { type: "email" }), autoComplete: "email" }}
          errors={fields.email.errors}
        />
        <Field
          label="Password"
          inputProps={{ ...getInputProps(fields.password, { type: "password" }), autoComplete: "current-password" }}
          errors={fields.password.errors}
        />
        <p className="text-sm">
          <Link to="/forgot-password" className="font-medium text-brand-700 underline">
            Forgot your password?
          </Link>
        </p>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <SubmitButton pendingLabel="Logging in…">Log in</SubmitButton>
        {/* Below the button: when the message clears on re-validation, nothing above the button moves. */}
        <ErrorList errors={form.errors} />
      </Form>
    </FormCard>
  );
}
