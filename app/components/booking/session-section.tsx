import type { SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { Notice } from "~/components/forms";
import type { SessionSection as SessionSectionData } from "~/domain/booking/session-page.server";
import { SessionNotes } from "./session-notes";
import { SessionRecordings } from "./session-recordings";

const noticeText: Record<string, string> = {
  "note-saved": "Note saved.",
  "recording-shared": "The recording is shared with the customer.",
  "recording-unshared": "The customer no longer sees the recording.",
  "no-show": "Recorded: the customer didn't come.",
};

/** The booking's session: joining, who attended, notes, recordings and no-shows (issue #11 item 4). */
export function SessionSection({
  session,
  notice,
  lastResult,
}: {
  session: SessionSectionData;
  notice: string | null;
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const formErrors = lastResult?.error?.[""];
  return (
    <section
      id="session"
      aria-labelledby="session-heading"
      className="space-y-4 rounded-2xl border border-slate-200 bg-white p-6 shadow-sm"
    >
      <h2 id="session-heading" className="text-lg font-semibold text-slate-900">
        Session
      </h2>
      {notice && noticeText[notice] ? <Notice tone="success">{noticeText[notice]}</Notice> : null}
      {formErrors && formErrors.length > 0 ? <Notice tone="error">{formErrors.join(" ")}</Notice> : null}

      {session.join && "url" in session.join ? (
        <a
          href={session.join.url}
          className="inline-block rounded-lg bg-brand-600 px-4 py-2 font-semibold text-white shadow-sm hover:bg-brand-700"
        >
          {session.join.label}
        </a>
      ) : session.join ? (
        <p className="text-slate-700">
          The join button appears here 10 minutes before the start, at{" "}
          <time dateTime={session.join.opensAtIso}>{session.join.opensAt}</time>.
        </p>
      ) : null}

      {session.noShow ? <Notice tone="info">{session.noShow}</Notice> : null}

      {session.attendance ? (
        <div>
          <h3 className="text-sm font-medium text-slate-800">Attendance</h3>
          {session.attendance.length === 0 ? (
            <p className="mt-1 text-sm text-slate-600">Nobody has joined the meeting yet (as far as the video provider has told us).</p>
          ) : (
            <table className="mt-1 w-full text-left text-sm text-slate-700">
              <thead>
                <tr>
                  <th className="py-1 font-medium">Who</th>
                  <th className="py-1 font-medium">First joined</th>
                  <th className="py-1 font-medium">Last left</th>
                  <th className="py-1 font-medium">Minutes present</th>
                </tr>
              </thead>
              <tbody>
                {session.attendance.map((party) => (
                  <tr key={party.role}>
                    <td className="py-1">{party.name}</td>
                    <td className="py-1">{party.firstJoined}</td>
                    <td className="py-1">{party.lastLeft ?? "still in the meeting"}</td>
                    <td className="py-1">{party.minutes}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      ) : null}

      <SessionNotes session={session} lastResult={lastResult} />
      <SessionRecordings session={session} />

      {session.markNoShow ? (
        <Form method="post" className="space-y-2 border-t border-slate-200 pt-4">
          <h3 className="text-sm font-medium text-slate-800">The customer didn't come?</h3>
          <p className="text-sm text-slate-600">{session.markNoShow}</p>
          <input type="hidden" name="intent" value="mark-customer-no-show" />
          <button
            type="submit"
            className="rounded-lg border border-slate-300 bg-white px-4 py-2 font-semibold text-slate-800 shadow-sm hover:border-brand-600"
          >
            Mark the customer as a no-show
          </button>
        </Form>
      ) : null}
    </section>
  );
}
