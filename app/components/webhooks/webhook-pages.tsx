// The webhook pages, the same for a specialist's endpoints and the platform's (admins).
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import type * as z from "zod";
import { endpointFormSchema } from "~/domain/outgoing-webhooks/schemas";
import type {
  webhookDetailAction,
  webhookDetailLoader,
  webhookListAction,
  webhookListLoader,
} from "~/domain/outgoing-webhooks/webhook-pages.server";
import { FlashNotice } from "../flash-notice";
import { ErrorList, SubmitButton } from "../forms";
import { DeliveryLog } from "./delivery-log";
import { EndpointFields } from "./endpoint-fields";
import { EndpointList } from "./endpoint-list";

type FormInput = z.input<typeof endpointFormSchema>;
type FormOutput = z.output<typeof endpointFormSchema>;

const card = "rounded-2xl border border-slate-200 bg-white p-6 shadow-sm";

export function WebhookListPage() {
  const { endpoints, basePath, platform } = useLoaderData<typeof webhookListLoader>();
  const lastResult = useActionData<typeof webhookListAction>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm<FormInput, FormOutput>({
    lastResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: endpointFormSchema }),
  });
  return (
    <div className="space-y-6">
      {!lastResult && searchParams.get("done") === "deleted" ? <FlashNotice>Endpoint deleted.</FlashNotice> : null}
      <section aria-labelledby="webhooks-heading" className={card}>
        <h2 id="webhooks-heading" className="text-xl font-semibold text-slate-900">
          Webhooks
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          {platform
            ? "Platform endpoints hear about every booking and review on Specialistly."
            : "Your endpoints hear about your bookings and reviews as they happen."}{" "}
          Each request is signed per the Standard Webhooks spec (<code>webhook-id</code>, <code>webhook-timestamp</code>,{" "}
          <code>webhook-signature</code>); failed deliveries are retried for about a day.
        </p>
        <EndpointList endpoints={endpoints} basePath={basePath} />
      </section>
      <section aria-labelledby="new-endpoint-heading" className={card}>
        <h2 id="new-endpoint-heading" className="text-xl font-semibold text-slate-900">
          Add an endpoint
        </h2>
        <Form method="post" className="mt-6 space-y-5" {...getFormProps(form)}>
          <ErrorList errors={form.errors} />
          <EndpointFields fields={fields} />
          <SubmitButton pendingLabel="Adding…">Add endpoint</SubmitButton>
        </Form>
      </section>
    </div>
  );
}

const doneNotices: Record<string, string> = {
  created: "Endpoint added. Put its signing secret in your receiver, then send a test.",
  saved: "Settings saved.",
  test: "Test sent. It shows in the log below once it has been delivered; reload to see it.",
  redeliver: "Sending it again. Reload to see the new attempt.",
  enable: "Endpoint enabled.",
  disable: "Endpoint disabled: nothing is sent to it until you enable it.",
  rotate: "New secret made. The old one no longer verifies.",
};

export function WebhookDetailPage() {
  const { endpoint, deliveries, basePath } = useLoaderData<typeof webhookDetailLoader>();
  const result = useActionData<typeof webhookDetailAction>();
  const actionError = result && "actionError" in result ? result.actionError : null;
  const lastResult = result && !("actionError" in result) ? result : undefined;
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm<FormInput, FormOutput>({
    lastResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: { url: endpoint.url, description: endpoint.description, events: endpoint.events },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: endpointFormSchema }),
  });
  const done = searchParams.get("done");
  return (
    <div className="space-y-6">
      <p>
        <Link to={basePath} className="text-sm font-medium text-brand-700 underline">
          All endpoints
        </Link>
      </p>
      {!result && done && doneNotices[done] ? <FlashNotice>{doneNotices[done]}</FlashNotice> : null}
      {actionError ? (
        <p role="alert" className="rounded-lg bg-red-50 p-3 text-sm text-red-800">
          {actionError}
        </p>
      ) : null}

      <section aria-labelledby="endpoint-heading" className={card}>
        <h2 id="endpoint-heading" className="break-all text-xl font-semibold text-slate-900">
          {endpoint.url}
        </h2>
        <p className="mt-1 text-sm text-slate-700">
          {endpoint.enabled
            ? "Enabled"
            : `Disabled${endpoint.disabledAt ? ` on ${endpoint.disabledAt}` : ""}: ${endpoint.disabledReason ?? ""}`}
        </p>
        <div className="mt-4">
          <p className="text-sm font-medium text-slate-800">Signing secret</p>
          <code className="mt-1 block break-all rounded-lg bg-slate-50 p-2 text-sm text-slate-900" data-testid="webhook-secret">
            {endpoint.secret}
          </code>
          <p className="mt-1 text-sm text-slate-500">
            Your receiver verifies each request with it (any Standard Webhooks library does this).
          </p>
        </div>
        <div className="mt-4 flex flex-wrap gap-3">
          <Form method="post">
            <SubmitButton name="intent" value="test" pendingLabel="Sending…">
              Send test
            </SubmitButton>
          </Form>
          <Form method="post">
            <SubmitButton name="intent" value={endpoint.enabled ? "disable" : "enable"} variant="secondary">
              {endpoint.enabled ? "Disable" : "Enable"}
            </SubmitButton>
          </Form>
          <Form method="post">
            <SubmitButton name="intent" value="rotate" variant="secondary" pendingLabel="Rotating…">
              Rotate secret
            </SubmitButton>
          </Form>
          <Form method="post">
            <SubmitButton name="intent" value="delete" variant="danger" pendingLabel="Deleting…">
              Delete endpoint
            </SubmitButton>
          </Form>
        </div>
      </section>

      <section aria-labelledby="log-heading" className={card}>
        <h2 id="log-heading" className="text-xl font-semibold text-slate-900">
          Delivery log
        </h2>
        <DeliveryLog deliveries={deliveries} canRedeliver={endpoint.enabled} />
      </section>

      <section aria-labelledby="settings-heading" className={card}>
        <h2 id="settings-heading" className="text-xl font-semibold text-slate-900">
          Settings
        </h2>
        <Form method="post" className="mt-6 space-y-5" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="save" />
          <ErrorList errors={form.errors} />
          <EndpointFields fields={fields} />
          <SubmitButton pendingLabel="Saving…">Save settings</SubmitButton>
        </Form>
      </section>
    </div>
  );
}
