import { getFormProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { ErrorList, inputClass, SubmitButton } from "~/components/forms";
import type { SessionSection } from "~/domain/booking/session-page.server";
import { maxSessionNoteLength, sessionNoteSchema } from "~/domain/booking/session-form-schemas";

type Visibility = "private" | "shared";

const labels: Record<Visibility, { title: string; hint: string }> = {
  private: { title: "Private notes", hint: "Only you see these." },
  shared: { title: "Notes for the customer", hint: "The customer sees these, read-only." },
};

/** The specialist writes both notes; the customer reads the shared one. Markdown as in bios, rendered escaped. */
export function SessionNotes({ session, lastResult }: { session: SessionSection; lastResult: SubmissionResult<string[]> | undefined }) {
  if (session.canWriteNotes) {
    return (
      <div className="space-y-4">
        <NoteForm visibility="private" note={session.privateNote} lastResult={lastResult} />
        <NoteForm visibility="shared" note={session.sharedNote} lastResult={lastResult} />
      </div>
    );
  }
  const notes = session.asSpecialist
    ? ([
        ["private", session.privateNote],
        ["shared", session.sharedNote],
      ] as const)
    : ([["shared", session.sharedNote]] as const);
  return (
    <>
      {notes.map(([visibility, note]) =>
        note ? (
          <div key={visibility}>
            <h3 className="text-sm font-medium text-slate-800">
              {session.asSpecialist ? labels[visibility].title : "Notes from your specialist"}
            </h3>
            <div className="prose prose-slate mt-1 max-w-none text-sm" dangerouslySetInnerHTML={{ __html: note.html }} />
          </div>
        ) : null,
      )}
    </>
  );
}

function NoteForm({
  visibility,
  note,
  lastResult,
}: {
  visibility: Visibility;
  note: { body: string; html: string } | null;
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const mine = lastResult?.initialValue?.intent === "save-note" && lastResult.initialValue.visibility === visibility;
  const [form, fields] = useForm({
    id: `note-${visibility}`,
    lastResult: mine ? lastResult : undefined,
    constraint: getZodConstraint(sessionNoteSchema),
    defaultValue: { body: note?.body ?? "" },
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: sessionNoteSchema }),
  });
  return (
    <Form method="post" className="space-y-2" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="save-note" />
      <label htmlFor={fields.body.id} className="block text-sm font-medium text-slate-800">
        {labels[visibility].title} <span className="font-normal text-slate-500">{labels[visibility].hint}</span>
      </label>
      <textarea {...getTextareaProps(fields.body)} rows={4} maxLength={maxSessionNoteLength} className={inputClass} />
      <ErrorList id={fields.body.errorId} errors={fields.body.errors} />
      {note ? (
        <details className="text-sm text-slate-600">
          <summary>Preview</summary>
          <div className="prose prose-slate mt-1 max-w-none" dangerouslySetInnerHTML={{ __html: note.html }} />
        </details>
      ) : null}
      {/* The button carries the visibility, so the pending label shows on this form only. */}
      <SubmitButton variant="secondary" name="visibility" value={visibility} pendingLabel="Saving…">
        Save {visibility === "private" ? "private notes" : "notes for the customer"}
      </SubmitButton>
    </Form>
  );
}
