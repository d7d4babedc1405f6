import { Form, Link } from "@remix-run/react";
import { Notice, SubmitButton } from "~/components/forms";
import type { ListingProblem } from "~/domain/specialists/profile.server";

export type Approval = "pending" | "approved" | "rejected";

/**
 * Where the profile stands with the admins: waiting, not approved (with their reason and a way
 * to resubmit) or approved. Its form posts to the profile page, so the checklist can show it too.
 */
export function ApprovalStatus({ approval, note }: { approval: Approval; note: string | null }) {
  if (approval === "approved") {
    return (
      <Notice tone="success">
        <p>
          <span className="font-semibold">Approved:</span> an admin approved your profile.
        </p>
      </Notice>
    );
  }
  if (approval === "pending") {
    return (
      <Notice>
        <p>
          <span className="font-semibold">Waiting for approval:</span> an admin looks at every new profile before it lists. You can keep
          editing and publish in the meantime; your profile appears in the directory and takes bookings once it is approved.
        </p>
      </Notice>
    );
  }
  return (
    <Notice tone="error">
      <p>
        <span className="font-semibold">Not approved:</span> {note}
      </p>
      <p className="mt-1">Edit your profile with that in mind, then send it back to the admins.</p>
      <Form method="post" action="/specialist/profile" className="mt-3">
        <SubmitButton name="intent" value="resubmit" pendingLabel="Resubmitting…">
          Resubmit for review
        </SubmitButton>
      </Form>
    </Notice>
  );
}

const problemLinks: Record<ListingProblem["code"], string> = {
  "no-active-session-type": "/specialist/session-types",
  "no-weekly-hours": "/specialist/availability",
};

/** What publishing means for this profile now, honestly: listed only once it is also approved. */
export function listingSummary(published: boolean, approval: Approval): string {
  if (!published) {
    return approval === "approved"
      ? "Your profile is not published yet: only you can see it."
      : "Your profile is not published yet: only you can see it. Once published, it lists when an admin approves it.";
  }
  return approval === "approved"
    ? "Your profile is published: it appears in the directory and clients can book you."
    : "Your profile is published: it appears in the directory and clients can book you once an admin approves it.";
}

/** Said once, right after publishing. */
export function publishedNotice(approval: Approval): string {
  return approval === "approved"
    ? "Your profile is published: clients can find and book you."
    : "Your profile is published. It lists, and takes bookings, once an admin approves it.";
}

export function PublishPanel({
  published,
  approval,
  problems,
  refused,
}: {
  published: boolean;
  approval: Approval;
  problems: ListingProblem[];
  refused?: ListingProblem[];
}) {
  const shown = refused ?? problems;
  return (
    <section aria-labelledby="publish-heading" id="publish" className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
      <h2 id="publish-heading" className="text-xl font-semibold text-slate-900">
        Listing
      </h2>
      <p className="mt-1 text-sm text-slate-600">{listingSummary(published, approval)}</p>
      {shown.length > 0 ? (
        <div className="mt-4">
          <Notice tone={refused ? "error" : "info"}>
            <p className="font-medium">
              {refused
                ? "Your profile can't be published yet:"
                : published
                  ? "Clients can't book you until you:"
                  : "Before you can publish:"}
            </p>
            <ul className="mt-1 list-disc pl-5">
              {shown.map((problem) => (
                <li key={problem.message}>
                  <Link to={problemLinks[problem.code]} className="underline">
                    {problem.message}
                  </Link>
                </li>
              ))}
            </ul>
          </Notice>
        </div>
      ) : null}
      <Form method="post" className="mt-4">
        {published ? (
          <SubmitButton name="intent" value="unpublish" variant="secondary" pendingLabel="Unpublishing…">
            Unpublish
          </SubmitButton>
        ) : (
          <SubmitButton name="intent" value="publish" pendingLabel="Publishing…">
            Publish profile
          </SubmitButton>
        )}
      </Form>
    </section>
  );
}
