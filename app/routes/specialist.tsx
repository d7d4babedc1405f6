import { Link, NavLink, useOutlet, type MetaFunction } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/server-runtime";
import { GeneralErrorBoundary } from "~/components/error-boundary";
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
];

export default function SpecialistArea() {
  const outlet = useOutlet();
  return (
    <div className="mx-auto max-w-6xl">
      <h1 className="text-3xl font-bold tracking-tight text-slate-900">Your practice</h1>
      <div className="mt-6 flex flex-col gap-8 md:flex-row">
        <nav aria-label="Your practice" className="md:w-48 md:shrink-0">
          <ul className="flex flex-wrap gap-1 md:flex-col">
            {sections.map((section) => (
              <li key={section.to}>
                <NavLink
                  to={section.to}
                  className={({ isActive }) =>
                    `block rounded-lg px-3 py-2 text-sm font-medium ${
                      isActive ? "bg-brand-50 text-brand-800" : "text-slate-700 hover:bg-slate-100 hover:text-brand-700"
                    }`
                  }
                >
                  {section.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="min-w-0 flex-1">
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
        </div>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
