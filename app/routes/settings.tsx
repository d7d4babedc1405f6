import { NavLink, Outlet, type MetaFunction } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/server-runtime";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireUser } from "~/domain/auth/auth.server";

export const meta: MetaFunction = () => [{ title: "Settings · Specialistly" }];

// Each child route checks the session too: Remix runs child loaders and actions in parallel
// with (or without) this one, so this check alone would not protect them.
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context);
  return null;
}

const sections = [
  { to: "/settings", label: "Profile", end: true },
  { to: "/settings/email", label: "Email", end: false },
  { to: "/settings/password", label: "Password", end: false },
  { to: "/settings/sessions", label: "Sessions", end: false },
  { to: "/settings/data", label: "Your data", end: false },
];

export default function Settings() {
  return (
    <div className="mx-auto max-w-4xl">
      <h1 className="text-3xl font-bold tracking-tight text-slate-900">Settings</h1>
      <div className="mt-6 flex flex-col gap-8 md:flex-row">
        <nav aria-label="Settings" className="md:w-48 md:shrink-0">
          <ul className="flex flex-wrap gap-1 md:flex-col">
            {sections.map((section) => (
              <li key={section.to}>
                <NavLink
                  to={section.to}
                  end={section.end}
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
          <Outlet />
        </div>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
