import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, useActionData, useLoaderData, useSearchParams, type MetaFunction } from "@remix-run/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/server-runtime";
import { ErrorList, Field, Notice, SubmitButton } from "~/components/forms";
import { updateProfile } from "~/domain/account/account.server";
import { profileSchema } from "~/domain/account/schemas";
import { timeZoneGroups } from "~/domain/account/time-zone-options";
import { requireUser } from "~/domain/auth/auth.server";

export const meta: MetaFunction = () => [{ title: "Profile · Settings · Specialistly" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireUser(request, context);
  return {
    name: user.name,
    timezone: user.timezone,
    // Built on the server: the browser's zone list may differ, and the server is what validates.
    timeZones: timeZoneGroups(user.timezone, context.clock.now()),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireUser(request, context);
  const submission = parseWithZod(await request.formData(), { schema: profileSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  await updateProfile(context.db, user.id, submission.value);
  return redirect("/settings?saved=1");
}

export default function ProfileSettings() {
  const { name, timezone, timeZones } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: { name, timezone },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: profileSchema }),
  });
  const saved = searchParams.get("saved") === "1" && !lastResult;

  return (
    <section aria-labelledby="profile-heading" className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
      <h2 id="profile-heading" className="text-xl font-semibold text-slate-900">
        Profile
      </h2>
      <p className="mt-1 text-sm text-slate-600">Your name appears on bookings. Times are shown in your time zone.</p>
      {saved ? (
        <div className="mt-4">
          <Notice tone="success">Saved</Notice>
        </div>
      ) : null}
      <Form method="post" className="mt-6 space-y-5" {...getFormProps(form)}>
        <ErrorList errors={form.errors} />
        <Field label="Name" inputProps={{ ...getInputProps(fields.name, { type: "text" }), autoComplete: "name" }} errors={fields.name.errors} />
        <div>
          <label htmlFor={fields.timezone.id} className="block text-sm font-medium text-slate-800">
            Time zone
          </label>
          <select
            {...getSelectProps(fields.timezone)}
            className="mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-slate-900 shadow-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/30 aria-invalid:border-red-600"
          >
            {timeZones.map((group) => (
              <optgroup key={group.region} label={group.region}>
                {group.zones.map((zone) => (
                  <option key={zone.value} value={zone.value}>
                    {zone.label}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
          <ErrorList id={fields.timezone.errorId} errors={fields.timezone.errors} />
        </div>
        <SubmitButton pendingLabel="Saving…">Save profile</SubmitButton>
      </Form>
    </section>
  );
}
