import { parseWithZod } from "@conform-to/zod/v4";
import { useActionData, useLoaderData, useSearchParams, type MetaFunction } from "@remix-run/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/server-runtime";
import { EmailStoppedNotice } from "~/components/notifications/email-stopped-notice";
import { PhoneForm } from "~/components/notifications/phone-form";
import { PreferencesForm } from "~/components/notifications/preferences-form";
import { Notice } from "~/components/forms";
import { requireUser } from "~/domain/auth/auth.server";
import { countryOfNumber, formatPhone, phoneCountries } from "~/domain/notifications/phone.server";
import { channelLabels, choiceValue, getNotificationSettings, savePhone, savePreferences } from "~/domain/notifications/preferences.server";
import { phoneFormSchema, preferencesFormSchema } from "~/domain/notifications/settings-schemas";
import { formatShortSessionTime } from "~/lib/time-format";

export const meta: MetaFunction = () => [{ title: "Notifications · Settings · Specialistly" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireUser(request, context);
  const settings = await getNotificationSettings(context.db, user.id, user.role);
  return {
    groups: settings.groups.map((group) => ({
      label: group.label,
      channels: group.channels.map((choice) => ({
        value: choiceValue(group.key, choice.channel),
        label: channelLabels[choice.channel],
        required: choice.required,
        enabled: choice.enabled,
      })),
    })),
    phone: settings.phone ? formatPhone(settings.phone) : "",
    country: countryOfNumber(settings.phone) ?? "",
    countries: phoneCountries(),
    smsOptedIn: settings.smsOptedIn,
    smsOptedOut: settings.smsOptedOutAt ? formatShortSessionTime(settings.smsOptedOutAt, user.timezone) : null,
    emailBounce: settings.emailBounce
      ? { at: formatShortSessionTime(settings.emailBounce.at, user.timezone), reason: settings.emailBounce.reason, email: user.email }
      : null,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireUser(request, context);
  const formData = await request.formData();
  if (formData.get("intent") === "phone") {
    const submission = parseWithZod(formData, { schema: phoneFormSchema });
    if (submission.status !== "success") return data({ intent: "phone" as const, result: submission.reply() }, { status: 400 });
    const { phone = "", country, smsOptIn = false } = submission.value;
    const saved = await savePhone(context, user.id, { phone, country: country || null, smsOptIn });
    if (!saved.ok) {
      return data(
        { intent: "phone" as const, result: submission.reply({ fieldErrors: { [saved.field]: [saved.message] } }) },
        { status: 400 },
      );
    }
    return redirect("/settings/notifications?saved=phone");
  }
  const submission = parseWithZod(formData, { schema: preferencesFormSchema });
  if (submission.status !== "success") return data({ intent: "preferences" as const, result: submission.reply() }, { status: 400 });
  const saved = await savePreferences(context, user.id, user.role, submission.value.enabled);
  if (!saved.ok)
    return data({ intent: "preferences" as const, result: submission.reply({ formErrors: [saved.message] }) }, { status: 400 });
  return redirect("/settings/notifications?saved=preferences");
}

export default function NotificationSettings() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const saved = actionData ? null : searchParams.get("saved");
  return (
    <div className="space-y-6">
      {page.emailBounce ? <EmailStoppedNotice {...page.emailBounce} /> : null}
      <section aria-labelledby="preferences-heading" className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
        <h2 id="preferences-heading" className="text-xl font-semibold text-slate-900">
          What we tell you, and how
        </h2>
        {saved === "preferences" ? (
          <div className="mt-4">
            <Notice tone="success">Notification preferences saved</Notice>
          </div>
        ) : null}
        <PreferencesForm groups={page.groups} errors={actionData?.intent === "preferences" ? actionData.result.error?.[""] : undefined} />
      </section>
      <section aria-labelledby="phone-heading" className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
        <h2 id="phone-heading" className="text-xl font-semibold text-slate-900">
          Text messages
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          Reminders and cancellations by text, to a mobile number you choose. Reply STOP to any of them to stop.
        </p>
        {saved === "phone" ? (
          <div className="mt-4">
            <Notice tone="success">Phone settings saved</Notice>
          </div>
        ) : null}
        {page.smsOptedOut && !page.smsOptedIn ? (
          <div className="mt-4">
            <Notice>
              Your number replied STOP on {page.smsOptedOut}, so we stopped texting it. Tick the box below to turn texts back on.
            </Notice>
          </div>
        ) : null}
        {/* Keyed by the saved number, so a save starts the form afresh from what was stored. */}
        <PhoneForm
          key={page.phone}
          lastResult={actionData?.intent === "phone" ? actionData.result : undefined}
          phone={page.phone}
          country={page.country}
          countries={page.countries}
          smsOptedIn={page.smsOptedIn}
        />
      </section>
    </div>
  );
}
