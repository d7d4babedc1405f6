import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { ErrorList, Field, inputClass, SubmitButton } from "~/components/forms";
import { phoneFormSchema } from "~/domain/notifications/settings-schemas";

/** The mobile number (read in the chosen country) and the consent to text it. */
export function PhoneForm({
  lastResult,
  phone,
  country,
  countries,
  smsOptedIn,
}: {
  lastResult?: SubmissionResult<string[]>;
  phone: string;
  country: string;
  countries: { code: string; label: string }[];
  smsOptedIn: boolean;
}) {
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: { phone, country, smsOptIn: smsOptedIn ? "on" : undefined },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: phoneFormSchema }),
  });
  return (
    <Form method="post" className="mt-4 space-y-5" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="phone" />
      <ErrorList errors={form.errors} />
      <div>
        <label htmlFor={fields.country.id} className="block text-sm font-medium text-slate-800">
          Country
        </label>
        <select {...getSelectProps(fields.country)} className={inputClass}>
          <option value="">Choose, or type the number with its country code</option>
          {countries.map((option) => (
            <option key={option.code} value={option.code}>
              {option.label}
            </option>
          ))}
        </select>
        <ErrorList id={fields.country.errorId} errors={fields.country.errors} />
      </div>
      <Field
        label="Mobile number"
        inputProps={{ ...getInputProps(fields.phone, { type: "tel" }), autoComplete: "tel" }}
        errors={fields.phone.errors}
        hint="Leave it empty to remove your number."
      />
      <div>
        <label className="inline-flex items-center gap-2 text-sm text-slate-800">
          <input {...getInputProps(fields.smsOptIn, { type: "checkbox" })} className="h-4 w-4 rounded border-slate-300 text-brand-600" />
          Text me reminders and cancellations at this number
        </label>
        <ErrorList id={fields.smsOptIn.errorId} errors={fields.smsOptIn.errors} />
      </div>
      <SubmitButton pendingLabel="Saving…">Save phone settings</SubmitButton>
    </Form>
  );
}
