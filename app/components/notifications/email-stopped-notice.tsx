import { Link } from "@remix-run/react";
import { Notice } from "~/components/forms";

/**
 * Shown wherever email settings are: after a hard bounce no email goes out until the address
 * changes. `at` is already formatted in the user's zone.
 */
export function EmailStoppedNotice({ email, at, reason }: { email: string; at: string; reason: string | null }) {
  return (
    <Notice tone="error">
      <p className="font-medium">We&apos;ve stopped sending email to {email}.</p>
      <p className="mt-1">
        An email to this address bounced on {at}
        {reason ? <>, with the reason &ldquo;{reason}&rdquo;.</> : "."} Notices still reach{" "}
        <Link to="/notifications" className="font-medium underline">
          your notifications
        </Link>{" "}
        here.
      </p>
      <p className="mt-1">
        {/* One text run after the link, so the sentence reads the same in the HTML. */}
        <Link to="/settings/email#change-email-heading" className="font-medium underline">
          Change your address
        </Link>
        {" to start email again."}
      </p>
    </Notice>
  );
}
