import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, useActionData, useLoaderData, type MetaFunction } from "@remix-run/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/server-runtime";
import { ErrorList, Field, SubmitButton } from "~/components/forms";
import { deleteAccount } from "~/domain/account/account.server";
import { deleteAccountSchema } from "~/domain/account/schemas";
import { requireUser } from "~/domain/auth/auth.server";
import { clearedSessionCookie } from "~/domain/auth/session-cookie.server";
import { rateLimitHeaders, retryAfterHeaders } from "~/security/rate-limit.server";

export const headers = rateLimitHeaders;

export const meta: MetaFunction = () => [{ title: "Your data · Settings · Specialistly" }];

/** Where a deleted account lands; the home page shows a notice for it. */
const accountDeletedPath = "/?accountDeleted=1";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireUser(request, context);
  return { email: user.email };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireUser(request, context);
  const submission = parseWithZod(await request.formData(), { schema: deleteAccountSchema });
  if (submission.status !== "success") {
    return data(submission.reply({ hideFields: ["confirmation"] }), { status: 400 });
  }
  const result = await deleteAccount(context, user.id, submission.value.confirmation);
  if (!result.ok) {
    const errors = result.field ? { fieldErrors: { [result.field]: [result.message] } } : { formErrors: [result.message] };
    return data(submission.reply({ ...errors, hideFields: ["confirmation"] }), {
      status: result.status,
      headers: result.status === 429 ? retryAfterHeaders(result.retryAfterSeconds) : undefined,
    });
  }
  return redirect(accountDeletedPath, { headers: { "Set-Cookie": clearedSessionCookie(request) } });
}

export default function DataSettings() {
  const { email } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: deleteAccountSchema }),
  });

  return (
    <div className="space-y-6">
      <section aria-labelledby="export-heading" className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
        <h2 id="export-heading" className="text-xl font-semibold text-slate-900">
          Export your data
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          Download everything we hold about you (profile, sign-in methods, sessions and, for specialists, your public profile and session
          types) as a JSON file.
        </p>
        <a
          href="/settings/data/export"
          download
          className="mt-4 inline-flex items-center justify-center rounded-lg border border-slate-300 bg-white px-4 py-2 font-semibold text-slate-800 shadow-sm hover:border-brand-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
        >
          Export my data
        </a>
      </section>

      <section aria-labelledby="delete-heading" className="rounded-2xl border border-red-200 bg-white p-6 shadow-sm">
        <h2 id="delete-heading" className="text-xl font-semibold text-red-800">
          Delete my account
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          This signs you out everywhere and removes your name, email address and sign-in details for good. A specialist profile is taken
          offline. It can&apos;t be undone; export your data first if you want a copy.
        </p>
        <Form method="post" className="mt-6 space-y-5" {...getFormProps(form)}>
          <ErrorList errors={form.errors} />
          <Field
            label="Type your email address or current password to confirm"
            // Masked: it may be a password. Not autofilled, so deleting always takes deliberate typing.
            inputProps={{ ...getInputProps(fields.confirmation, { type: "password" }), autoComplete: "off" }}
            errors={fields.confirmation.errors}
            hint={`Your email address is ${email}.`}
          />
          <SubmitButton variant="danger" pendingLabel="Deleting your account…">
            Delete my account
          </SubmitButton>
        </Form>
      </section>
    </div>
  );
}
