import { Link } from "@remix-run/react";

/** Shown wherever email settings are: after a hard bounce no email goes out until the address changes. */
export function EmailStoppedNotice({ email, at, reason }: { email: string; at: string; reason: string | null }) {
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
      <p className="font-semibold">We've stopped sending email to {email}.</p>
      <p className="mt-1">
        Mail to it bounced on {at}
        {reason ? ` (${reason})` : ""}, so it can't receive our messages. Notices still reach{" "}
        <Link to="/notifications" className="font-medium underline">
          your notifications
        </Link>{" "}
        here.{" "}
        <Link to="/settings/email" className="font-medium underline">
          Change your email address
        </Link>{" "}
        to get email again.
      </p>
    </div>
  );
}
