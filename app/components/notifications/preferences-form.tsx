import { Form } from "@remix-run/react";
import { ErrorList, SubmitButton } from "~/components/forms";

export interface PreferenceRow {
  label: string;
  channels: { value: string; label: string; required: string | null; enabled: boolean }[];
}

/** One checkbox per preference and channel; channels that are always on are shown ticked and disabled, with why. */
export function PreferencesForm({ groups, errors }: { groups: PreferenceRow[]; errors?: string[] | null }) {
  return (
    <Form method="post" className="mt-4 space-y-4">
      <input type="hidden" name="intent" value="preferences" />
      <ErrorList errors={errors} />
      {groups.map((group) => (
        <fieldset key={group.label} className="rounded-lg border border-slate-200 p-4">
          <legend className="px-1 text-sm font-semibold text-slate-900">{group.label}</legend>
          <div className="flex flex-wrap gap-x-6 gap-y-2">
            {group.channels.map((choice) => (
              <div key={choice.value} className="text-sm">
                <label className="inline-flex items-center gap-2 text-slate-800">
                  <input
                    type="checkbox"
                    name={choice.required ? undefined : "enabled"}
                    value={choice.value}
                    defaultChecked={choice.enabled}
                    disabled={choice.required !== null}
                    aria-describedby={choice.required ? `${choice.value}-why` : undefined}
                    className="h-4 w-4 rounded border-slate-300 text-brand-600"
                  />
                  {choice.label}
                </label>
                {choice.required ? (
                  <p id={`${choice.value}-why`} className="text-xs text-slate-500">
                    Always on: {choice.required.charAt(0).toLowerCase() + choice.required.slice(1)}
                  </p>
                ) : null}
              </div>
            ))}
          </div>
        </fieldset>
      ))}
      <SubmitButton pendingLabel="Saving…">Save preferences</SubmitButton>
    </Form>
  );
}
