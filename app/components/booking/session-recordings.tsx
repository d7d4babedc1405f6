import { Form } from "@remix-run/react";
import type { SessionSection } from "~/domain/booking/session-page.server";

/** The meeting's recordings: the specialist shares or stops sharing each; the customer sees the shared ones. */
export function SessionRecordings({ session }: { session: SessionSection }) {
  if (session.recordings.length === 0) return null;
  return (
    <div>
      <h3 className="text-sm font-medium text-slate-800">Recordings</h3>
      <ul className="mt-1 space-y-2 text-sm text-slate-700">
        {session.recordings.map((recording) => (
          <li key={recording.id} className="flex flex-wrap items-center gap-3">
            <a
              href={recording.playUrl}
              rel="noreferrer"
              target="_blank"
              className="font-medium text-brand-700 underline underline-offset-4"
            >
              Play the recording{recording.date ? ` of ${recording.date}` : ""}
            </a>
            <span>{recording.minutes} min</span>
            {recording.passcode ? <span>Passcode: {recording.passcode}</span> : null}
            {session.asSpecialist ? (
              <Form method="post" className="inline">
                <input type="hidden" name="recordingId" value={recording.id} />
                <span className="mr-2 text-slate-500">{recording.shared ? "Shared with the customer" : "Only you see it"}</span>
                <button
                  type="submit"
                  name="intent"
                  value={recording.shared ? "unshare-recording" : "share-recording"}
                  className="rounded-lg border border-slate-300 bg-white px-3 py-1 font-semibold text-slate-800 shadow-sm hover:border-brand-600"
                >
                  {recording.shared ? "Stop sharing" : "Share with customer"}
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
