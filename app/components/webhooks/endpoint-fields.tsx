import { getCollectionProps, getInputProps, type FieldMetadata } from "@conform-to/react";
import { webhookEventTypes } from "../../../db/schema";
import { webhookEventLabels } from "~/domain/outgoing-webhooks/schemas";
import { ErrorList, Field } from "../forms";

/** URL, description and events of an endpoint: the create form and the settings form. */
export function EndpointFields({
  fields,
}: {
  fields: { url: FieldMetadata<string>; description: FieldMetadata<string | undefined>; events: FieldMetadata<string[]> };
}) {
  return (
    <>
      <Field
        label="Endpoint URL"
        inputProps={getInputProps(fields.url, { type: "url" })}
        errors={fields.url.errors}
        hint="An https:// address on a public host. We POST signed JSON to it."
      />
      <Field
        label="Description (optional)"
        inputProps={getInputProps(fields.description, { type: "text" })}
        errors={fields.description.errors}
      />
      <fieldset>
        <legend className="block text-sm font-medium text-slate-800">Events</legend>
        <div className="mt-2 grid gap-2 sm:grid-cols-2">
          {getCollectionProps(fields.events, { type: "checkbox", options: [...webhookEventTypes] }).map(({ key, ...props }) => (
            <label key={key} className="flex items-center gap-2 text-sm text-slate-700">
              <input {...props} className="h-4 w-4 rounded border-slate-300" />
              {webhookEventLabels[props.value as keyof typeof webhookEventLabels]}{" "}
              <code className="text-xs text-slate-500">{props.value}</code>
            </label>
          ))}
        </div>
        <ErrorList id={fields.events.errorId} errors={fields.events.errors} />
      </fieldset>
    </>
  );
}
