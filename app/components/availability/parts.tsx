// Pieces the availability page's sections share (routes/specialist.availability.tsx).
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { inputLookClass, SubmitButton } from "~/components/forms";

/** Time and date inputs at their own width; the end time greys out while "until midnight" is ticked. */
export const fieldClass = `${inputLookClass} disabled:bg-slate-100 disabled:text-slate-400`;

export const smallButtonClass =
  "inline-flex items-center rounded-lg border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 shadow-sm hover:border-brand-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600";

export function Panel({ id, title, intro, children }: { id: string; title: string; intro: string; children: ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-heading`} className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
      <h2 id={`${id}-heading`} className="text-xl font-semibold text-slate-900">
        {title}
      </h2>
      <p className="mt-1 text-sm text-slate-600">{intro}</p>
      <div className="mt-6 space-y-6">{children}</div>
    </section>
  );
}

export function RemoveForm({ section, idName, id, label }: { section: string; idName: string; id: string; label: string }) {
  return (
    <Form method="post">
      <input type="hidden" name="section" value={section} />
      <input type="hidden" name={idName} value={id} />
      <SubmitButton variant="secondary" pendingLabel="Removing…">
        Remove<span className="sr-only"> {label}</span>
      </SubmitButton>
    </Form>
  );
}

/**
 * Pressing Enter in a field "clicks" the form's first submit button; without this one first,
 * that would be a row's Remove button.
 */
export function DefaultSubmit() {
  return <button type="submit" hidden tabIndex={-1} />;
}
