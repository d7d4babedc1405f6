import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link, useActionData, useLoaderData, useSearchParams, type MetaFunction } from "@remix-run/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/server-runtime";
import type * as z from "zod";
import { ErrorPanel, GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorList, Notice, SubmitButton } from "~/components/forms";
import { requireRole } from "~/domain/auth/auth.server";
import { formatPriceInput } from "~/domain/specialists/price-input";
import { sessionTypeSchema } from "~/domain/specialists/schemas";
import { deleteSessionType, findOwnSessionType, setSessionTypeActive, updateSessionType } from "~/domain/specialists/session-types.server";
import { videoProviderProblem, videoProvidersReady } from "~/domain/video/meetings.server";
import { SessionTypeFields } from "./specialist.session-types";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.sessionType.title ?? "Session type"} · Your practice · Specialistly` },
];

// Someone else's session type and one that doesn't exist get the same answer.
const notFound = () => new Response("That session type doesn't exist or isn't yours.", { status: 404 });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, context, ["specialist"]);
  const sessionType = await findOwnSessionType(context.db, user.id, params.id ?? "");
  if (!sessionType) throw notFound();
  return {
    sessionType: {
      id: sessionType.id,
      title: sessionType.title,
      description: sessionType.description,
      minutes: sessionType.minutes,
      price: formatPriceInput(sessionType.priceMinor, sessionType.currency),
      currency: sessionType.currency,
      active: sessionType.active,
      hasBookings: sessionType.hasBookings,
      videoProvider: sessionType.videoProvider,
    },
    videoReady: await videoProvidersReady(context, user.id),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user } = await requireRole(request, context, ["specialist"]);
  const id = params.id ?? "";
  const formData = await request.formData();
  const here = `/specialist/session-types/${id}`;

  switch (formData.get("intent")) {
    case "activate":
    case "deactivate": {
      const active = formData.get("intent") === "activate";
      const outcome = await setSessionTypeActive(context, user.id, id, active);
      if (outcome === "not-found") throw notFound();
      if (outcome === "payouts-not-ready") return redirect(`${here}?payoutsFirst=1`);
      return redirect(`${here}?${active ? "activated" : "deactivated"}=1`);
    }
    case "delete": {
      const outcome = await deleteSessionType(context, user.id, id);
      if (outcome === "not-found") throw notFound();
      return redirect(outcome === "deleted" ? "/specialist/session-types?deleted=1" : `${here}?keptForBookings=1`);
    }
  }

  // Ownership first: a stranger's id is "not found" whatever the form says.
  if (!(await findOwnSessionType(context.db, user.id, id))) throw notFound();
  const submission = parseWithZod(formData, { schema: sessionTypeSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const videoProblem = await videoProviderProblem(context, user.id, submission.value.videoProvider);
  if (videoProblem) return data(submission.reply({ fieldErrors: { videoProvider: [videoProblem] } }), { status: 400 });
  const outcome = await updateSessionType(context, user.id, id, submission.value);
  if (outcome === "not-found") throw notFound();
  return redirect(outcome === "saved-as-draft" ? "/specialist/session-types?savedAsDraft=1" : "/specialist/session-types?saved=1");
}

const notices: Record<string, string> = {
  activated: "Activated: clients can book this session type again.",
  deactivated: "Deactivated: clients can no longer book it. Existing bookings are kept.",
  keptForBookings: "This session type has bookings, so it was deactivated instead of deleted.",
  payoutsFirst: "Not activated: paid sessions can be booked once your payout account can take payments. Set it up under Payouts.",
};

export default function EditSessionType() {
  const { sessionType, videoReady } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm<z.input<typeof sessionTypeSchema>, z.output<typeof sessionTypeSchema>>({
    lastResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: {
      title: sessionType.title,
      description: sessionType.description,
      minutes: sessionType.minutes,
      price: sessionType.price,
      currency: sessionType.currency,
      videoProvider: sessionType.videoProvider,
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: sessionTypeSchema }),
  });
  const notice = lastResult ? undefined : Object.keys(notices).find((key) => searchParams.get(key) === "1");

  return (
    <div className="space-y-6">
      <p>
        <Link to="/specialist/session-types" className="text-sm font-medium text-brand-700 underline">
          ← All session types
        </Link>
      </p>
      {notice ? <Notice tone={notice === "payoutsFirst" ? "error" : "success"}>{notices[notice]}</Notice> : null}

      <section aria-labelledby="edit-heading" className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
        <h2 id="edit-heading" className="text-xl font-semibold text-slate-900">
          Edit “{sessionType.title}”
          {sessionType.active ? null : (
            <span className="ml-2 rounded-full bg-slate-100 px-2 py-0.5 align-middle text-xs font-medium text-slate-700">Inactive</span>
          )}
        </h2>
        <p className="mt-1 text-sm text-slate-600">Changes apply to new bookings; existing bookings keep their time and price.</p>
        <Form method="post" className="mt-6 space-y-5" {...getFormProps(form)}>
          <ErrorList errors={form.errors} />
          <SessionTypeFields fields={fields} videoReady={videoReady} />
          <SubmitButton pendingLabel="Saving…">Save changes</SubmitButton>
        </Form>
      </section>

      <section aria-labelledby="status-heading" className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
        <h2 id="status-heading" className="text-xl font-semibold text-slate-900">
          Availability to clients
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          {sessionType.active
            ? "Active: clients can book it. Deactivate it to stop new bookings without losing anything."
            : "Inactive: clients can't book it. Activate it to offer it again."}
        </p>
        <Form method="post" className="mt-4 flex flex-wrap gap-3">
          {sessionType.active ? (
            <SubmitButton name="intent" value="deactivate" variant="secondary" pendingLabel="Deactivating…">
              Deactivate
            </SubmitButton>
          ) : (
            <SubmitButton name="intent" value="activate" pendingLabel="Activating…">
              Activate
            </SubmitButton>
          )}
        </Form>
      </section>

      <section aria-labelledby="delete-heading" className="rounded-2xl border border-red-200 bg-white p-6 shadow-sm">
        <h2 id="delete-heading" className="text-xl font-semibold text-red-800">
          Delete
        </h2>
        {sessionType.hasBookings ? (
          <p className="mt-1 text-sm text-slate-600">
            This session type has bookings, so it can&apos;t be deleted: their history refers to it. Deactivate it instead.
          </p>
        ) : (
          <>
            <p className="mt-1 text-sm text-slate-600">Nobody has booked it yet, so it can be deleted for good.</p>
            <Form
              method="post"
              className="mt-4"
              onSubmit={(event) => {
                if (!window.confirm(`Delete “${sessionType.title}”? This can't be undone.`)) event.preventDefault();
              }}
            >
              <SubmitButton name="intent" value="delete" variant="danger" pendingLabel="Deleting…">
                Delete session type
              </SubmitButton>
            </Form>
          </>
        )}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return (
    <GeneralErrorBoundary
      statusHandlers={{
        404: () => (
          <ErrorPanel
            title="Session type not found"
            detail="It doesn't exist, or it belongs to someone else."
            next={{ href: "/specialist/session-types", label: "Your session types" }}
          />
        ),
      }}
    />
  );
}
