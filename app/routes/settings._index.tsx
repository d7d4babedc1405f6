import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, useActionData, useLoaderData, useSearchParams, type MetaFunction } from "@remix-run/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/server-runtime";
import { ErrorList, Field, Notice, SubmitButton } from "~/components/forms";
import { TimeZoneSelect } from "~/components/time-zone-select";
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
        <Field
          label="Name"
          inputProps={{ ...getInputProps(fields.name, { type: "text" }), autoComplete: "name" }}
          errors={fields.name.errors}
        />
        <TimeZoneSelect
          selectProps={getSelectProps(fields.timezone)}
          groups={timeZones}
          errorId={fields.timezone.errorId}
          errors={fields.timezone.errors}
        />
        <SubmitButton pendingLabel="Saving…">Save profile</SubmitButton>
      </Form>
    </section>
  );
}
