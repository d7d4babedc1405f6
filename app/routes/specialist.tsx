import { Link, useOutlet, type MetaFunction } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/server-runtime";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SectionLayout } from "~/components/section-layout";
import { requireRole } from "~/domain/auth/auth.server";

export const meta: MetaFunction = () => [{ title: "Your practice · Specialistly" }];

// Each child route checks the role too: Remix runs child loaders and actions in parallel with
// (or without) this one, so this check alone would not protect them.
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(request, context, ["specialist"]);
  return null;
}

const sections = [
  { to: "/specialist/profile", label: "Profile" },
  { to: "/specialist/session-types", label: "Session types" },
  { to: "/specialist/rules", label: "Booking rules" },
  { to: "/specialist/availability", label: "Availability" },
  { to: "/specialist/calendar", label: "Calendar" },
  { to: "/specialist/earnings", label: "Earnings" },
  { to: "/specialist/payouts", label: "Payouts" },
  { to: "/specialist/video", label: "Video" },
  { to: "/specialist/webhooks", label: "Webhooks" },
];

export default function SpecialistArea() {
  const outlet = useOutlet();
  return (
    <SectionLayout title="Your practice" sections={sections} width="max-w-6xl">
      {outlet ?? (
        <section className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
          <p className="text-slate-700">
            Choose a section, or follow the{" "}
            <Link to="/onboarding" className="font-medium text-brand-700 underline">
              getting-started checklist
            </Link>
            .
          </p>
        </section>
      )}
    </SectionLayout>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
