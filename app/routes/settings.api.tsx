import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link, useActionData, useLoaderData, useSearchParams, type MetaFunction } from "@remix-run/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/server-runtime";
import type { ApiTokenScope } from "../../db/schema";
import { ConfirmRevoke, NewToken, TokenList } from "~/components/api-tokens/api-tokens";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorList, Field, Notice, SubmitButton } from "~/components/forms";
import { createPersonalToken, listPersonalTokens, revokePersonalToken } from "~/domain/api-auth/personal-tokens.server";
import { createPersonalTokenSchema, personalTokenNameMaxLength, revokePersonalTokenSchema } from "~/domain/api-auth/schemas";
import { requireUser } from "~/domain/auth/auth.server";
import { resolveViewerZone } from "~/domain/specialists/viewer-zone";
import { formatDate, formatTime } from "~/lib/time-format";

export const meta: MetaFunction = () => [{ title: "API · Settings · Specialistly" }];

const scopeLabels: Record<ApiTokenScope, string> = { read: "Read only", read_write: "Read and write" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireUser(request, context);
  const zone = resolveViewerZone(request, user.timezone, "UTC").zone;
  const format = (at: Date) => `${formatDate(at, zone)}, ${formatTime(at, zone)}`;
  const tokens = (await listPersonalTokens(context.db, user.id)).map((token) => ({
    id: token.id,
    name: token.name,
    scope: scopeLabels[token.scope],
    createdAt: format(token.createdAt),
    lastUsedAt: token.lastUsedAt ? format(token.lastUsedAt) : null,
  }));
  const revoking = new URL(request.url).searchParams.get("revoke");
  // Only one of the viewer's own tokens can be up for revoking; any other id shows nothing.
  return { zone, tokens, revoking: tokens.find((token) => token.id === revoking) ?? null };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireUser(request, context);
  const formData = await request.formData();
  if (formData.get("intent") === "revoke") {
    const submission = parseWithZod(formData, { schema: revokePersonalTokenSchema });
    if (submission.status !== "success") throw data("Choose a token to revoke.", { status: 400 });
    // Someone else's (or an unknown) token: nothing changes, and the answer doesn't say which.
    if (!(await revokePersonalToken(context.db, user.id, submission.value.tokenId))) {
      throw data("That token doesn't exist or was already revoked.", { status: 404 });
    }
    return redirect("/settings/api?revoked=1");
  }
  const submission = parseWithZod(formData, { schema: createPersonalTokenSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), created: null }, { status: 400 });
  const result = await createPersonalToken(context.db, user.id, submission.value, context.clock.now());
  if (!result.ok) return data({ result: submission.reply({ formErrors: [result.message] }), created: null }, { status: 409 });
  // The token is in this response only: the page shows it once and it can't be read back.
  return { result: submission.reply({ resetForm: true }), created: { name: submission.value.name, token: result.token } };
}

export default function ApiSettings() {
  const { zone, tokens, revoking } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: createPersonalTokenSchema }),
  });

  return (
    <section aria-labelledby="api-heading" className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
      <h2 id="api-heading" className="text-xl font-semibold text-slate-900">
        Personal API tokens
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        A token lets your own scripts and tools use the <Link to="/api/docs">Specialistly API</Link> as you. Give each tool its own token,
        read-only unless it needs to make changes, and revoke any you no longer use.
      </p>
      {searchParams.get("revoked") === "1" && !actionData ? (
        <div className="mt-4">
          <Notice tone="success">The token was revoked. Anything using it no longer works.</Notice>
        </div>
      ) : null}
      {actionData?.created ? <NewToken name={actionData.created.name} token={actionData.created.token} /> : null}
      {revoking ? <ConfirmRevoke token={revoking} /> : null}

      <h3 className="mt-8 font-semibold text-slate-900">Your tokens</h3>
      <p className="text-sm text-slate-600">Times are in {zone}.</p>
      <TokenList tokens={tokens} />

      <Form method="post" action="/settings/api" className="mt-8 space-y-5 border-t border-slate-200 pt-6" {...getFormProps(form)}>
        <h3 className="font-semibold text-slate-900">Create a token</h3>
        <ErrorList errors={form.errors} />
        <input type="hidden" name="intent" value="create" />
        <Field
          label="Name"
          inputProps={{ ...getInputProps(fields.name, { type: "text" }), maxLength: personalTokenNameMaxLength, autoComplete: "off" }}
          errors={fields.name.errors}
          hint="What will use it, e.g. “Zapier” or “My booking script”."
        />
        <fieldset>
          <legend className="text-sm font-medium text-slate-800">Access</legend>
          {(Object.entries(scopeLabels) as [ApiTokenScope, string][]).map(([value, label]) => (
            <label key={value} className="mt-2 flex items-center gap-2 text-sm text-slate-800">
              <input type="radio" name={fields.scope.name} value={value} defaultChecked={(fields.scope.initialValue ?? "read") === value} />
              {label}
            </label>
          ))}
          <ErrorList errors={fields.scope.errors} />
        </fieldset>
        <SubmitButton pendingLabel="Creating…">Create token</SubmitButton>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
