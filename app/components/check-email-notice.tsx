import { Link, useRouteLoaderData, useSearchParams } from "@remix-run/react";
import type { loader as rootLoader } from "~/root";
import { Notice } from "./forms";

/** Shown once, on the page sign-up leads to (`?welcome=1`), while the address is unconfirmed. */
export function CheckEmailNotice() {
  const user = useRouteLoaderData<typeof rootLoader>("root")?.user;
  const [searchParams] = useSearchParams();
  if (!user || user.emailVerified || !searchParams.has("welcome")) return null;
  return (
    <div className="mb-6">
      <Notice>
        <strong>Check your email.</strong> We've sent you a link to confirm your address. Nothing there?{" "}
        <Link to="/verify-email" className="font-medium underline">
          Get a new link
        </Link>
        .
      </Notice>
    </div>
  );
}
