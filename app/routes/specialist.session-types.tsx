import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type FieldMetadata } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link, useActionData, useLoaderData, useOutlet, useSearchParams, type MetaFunction } from "@remix-run/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/server-runtime";
import type * as z from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FlashNotice } from "~/components/flash-notice";
import { ErrorList, Field, inputClass, SubmitButton } from "~/components/forms";
import { requireRole } from "~/domain/auth/auth.server";
import { sessionCurrencies } from "~/domain/specialists/price-input";
import { sessionTypeSchema } from "~/domain/specialists/schemas";
import { createSessionType, listOwnSessionTypes, newSessionTypeCurrency } from "~/domain/specialists/session-types.server";
import { videoProviderProblem, videoProvidersReady } from "~/domain/video/meetings.server";
import { formatPrice } from "~/lib/money";

export const meta: MetaFunction = () => [{ title: "Session types · Your practice · Specialistly" }];

/** Where session types and booking rules send a specialist who hasn't created a profile yet. */
const createProfileFirst = "/specialist/profile?profileFirst=1";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, context, ["specialist"]);
  const sessionTypes = await listOwnSessionTypes(context.db, user.id);
  if (!sessionTypes) throw redirect(createProfileFirst);
  return {
    sessionTypes: sessionTypes.map((type) => ({
      id: type.id,
      title: type.title,
      minutes: type.minutes,
      price: formatPrice(type.priceMinor, type.currency),
      active: type.active,
    })),
    defaultCurrency: await newSessionTypeCurrency(context.db, user.id, sessionTypes),
    videoReady: await videoProvidersReady(context, user.id),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireRole(request, context, ["specialist"]);
  const submission = parseWithZod(await request.formData(), { schema: sessionTypeSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const videoProblem = await videoProviderProblem(context, user.id, submission.value.videoProvider);
  if (videoProblem) return data(submission.reply({ fieldErrors: { videoProvider: [videoProblem] } }), { status: 400 });
  const result = await createSessionType(context, user.id, submission.value);
  if (!result.ok) return redirect(createProfileFirst);
  return redirect(result.published ? "/specialist/session-types?created=1" : "/specialist/session-types?createdAsDraft=1");
}

const notices: Record<string, string> = {
  created: "Session type added.",
  saved: "Session type saved.",
  createdAsDraft:
    "Session type added as a draft: paid sessions can be booked once your payout account can take payments. Set it up under Payouts.",
  savedAsDraft: "Saved as a draft: paid sessions can be booked once your payout account can take payments. Set it up under Payouts.",
  deleted: "Session type deleted.",
};

export default function SessionTypes() {
  const outlet = useOutlet();
  const { sessionTypes } = useLoaderData<typeof loader>();
  // The edit page is a child route: show it instead of the list. A new list (after an add)
  // remounts the page, so the add form starts empty again.
  return outlet ?? <SessionTypeList key={sessionTypes.map((type) => type.id).join()} />;
}

function SessionTypeList() {
  const { sessionTypes, defaultCurrency, videoReady } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm<z.input<typeof sessionTypeSchema>, z.output<typeof sessionTypeSchema>>({
    lastResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: { minutes: 60, currency: defaultCurrency, videoProvider: "default" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: sessionTypeSchema }),
  });
  const notice = lastResult ? undefined : Object.keys(notices).find((key) => searchParams.get(key) === "1");

  return (
    <div className="space-y-6">
      {notice ? <FlashNotice>{notices[notice]}</FlashNotice> : null}
      <section aria-labelledby="types-heading" className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
        <h2 id="types-heading" className="text-xl font-semibold text-slate-900">
          Session types
        </h2>
        <p className="mt-1 text-sm text-slate-600">What clients can book: each has its own length and price.</p>
        {sessionTypes.length === 0 ? (
          <p className="mt-4 text-sm text-slate-700">You have no session types yet. Add your first one below.</p>
        ) : (
          <ul className="mt-4 divide-y divide-slate-200">
            {sessionTypes.map((type) => (
              <li key={type.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
                <div>
                  <p className="font-medium text-slate-900">
                    {type.title}
                    {type.active ? null : (
                      <span className="ml-2 rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700">Inactive</span>
                    )}
                  </p>
                  <p className="text-sm text-slate-600">{`${type.minutes} minutes · ${type.price}`}</p>
                </div>
                <Link to={`/specialist/session-types/${type.id}`} className="text-sm font-medium text-brand-700 underline">
                  Edit<span className="sr-only"> {type.title}</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="new-type-heading" className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
        <h2 id="new-type-heading" className="text-xl font-semibold text-slate-900">
          Add a session type
        </h2>
        <Form method="post" className="mt-6 space-y-5" {...getFormProps(form)}>
          <ErrorList errors={form.errors} />
          <SessionTypeFields fields={fields} videoReady={videoReady} />
          <SubmitButton pendingLabel="Adding…">Add session type</SubmitButton>
        </Form>
      </section>
    </div>
  );
}

type SessionTypeFieldset = { [Key in keyof z.input<typeof sessionTypeSchema>]-?: FieldMetadata<z.input<typeof sessionTypeSchema>[Key]> };

/** The fields of a session type, shared by the create form here and the edit page. */
export function SessionTypeFields({ fields, videoReady }: { fields: SessionTypeFieldset; videoReady: VideoReady }) {
  return (
    <>
      <Field
        label="Title"
        inputProps={{ ...getInputProps(fields.title, { type: "text" }), maxLength: 80 }}
        errors={fields.title.errors}
        hint="Up to 80 characters, e.g. “CV review” or “Leadership coaching”."
      />
      <div>
        <label htmlFor={fields.description.id} className="block text-sm font-medium text-slate-800">
          Description
        </label>
        <textarea
          {...getTextareaProps(fields.description, { ariaDescribedBy: `${fields.description.id}-hint` })}
          rows={4}
          className={inputClass}
        />
        <p id={`${fields.description.id}-hint`} className="mt-1 text-sm text-slate-500">
          Optional, up to 1,000 characters: what the client gets and how to prepare.
        </p>
        <ErrorList id={fields.description.errorId} errors={fields.description.errors} />
      </div>
      <Field
        label="Length (minutes)"
        inputProps={{ ...getInputProps(fields.minutes, { type: "number" }), min: 15, max: 240, step: 5 }}
        errors={fields.minutes.errors}
        hint="From 15 to 240 minutes, in steps of 5."
      />
      <div className="grid gap-4 sm:grid-cols-[1fr_10rem]">
        <Field
          label="Price"
          inputProps={{ ...getInputProps(fields.price, { type: "text" }), inputMode: "decimal", autoComplete: "off" }}
          errors={fields.price.errors}
          hint="What the client pays, e.g. 49.50; 0 for a free session. Platform fees are taken from it."
        />
        <div>
          <label htmlFor={fields.currency.id} className="block text-sm font-medium text-slate-800">
            Currency
          </label>
          <select {...getSelectProps(fields.currency)} className={inputClass}>
            {sessionCurrencies.map((currency) => (
              <option key={currency} value={currency}>
                {currency}
              </option>
            ))}
          </select>
          <ErrorList id={fields.currency.errorId} errors={fields.currency.errors} />
        </div>
      </div>
      <VideoProviderField field={fields.videoProvider} ready={videoReady} />
    </>
  );
}

type VideoReady = Awaited<ReturnType<typeof videoProvidersReady>>;

const providerOptions = [
  {
    value: "zoom",
    label: "Zoom",
    hint: "A Zoom meeting on your connected Zoom account, with a waiting room.",
    account: "your Zoom account",
  },
  {
    value: "google_meet",
    label: "Google Meet",
    hint: "An event on your connected Google Calendar with a Meet link, the customer invited.",
    account: "your Google Calendar",
  },
] as const;

/** A provider is offered only while its account is connected; a session type already on it keeps showing its choice. */
function VideoProviderField({ field, ready }: { field: SessionTypeFieldset["videoProvider"]; ready: VideoReady }) {
  const chosen = field.initialValue ?? "default";
  const options = [
    { value: "default", label: "Default link", hint: "A private video room link of its own for each booking." },
    ...providerOptions.filter((option) => ready[option.value] || chosen === option.value),
  ];
  const missing = providerOptions.filter((option) => !ready[option.value]);
  return (
    <fieldset aria-describedby={field.errorId}>
      <legend className="block text-sm font-medium text-slate-800">Video</legend>
      <div className="mt-2 space-y-2">
        {options.map((option) => (
          <label key={option.value} className="flex items-start gap-2 text-sm text-slate-800">
            <input type="radio" name={field.name} value={option.value} defaultChecked={chosen === option.value} className="mt-1" />
            <span>
              {option.label}
              <span className="block text-slate-500">{option.hint}</span>
            </span>
          </label>
        ))}
      </div>
      {missing.map((option) => (
        <p key={option.value} className="mt-1 text-sm text-slate-500">
          {`To use ${option.label}, `}
          <Link to="/specialist/video" className="font-medium text-brand-700 underline">
            {`connect ${option.account}`}
          </Link>
          .
        </p>
      ))}
      <ErrorList id={field.errorId} errors={field.errors} />
    </fieldset>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
