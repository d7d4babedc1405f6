import { Form, Link, NavLink } from "@remix-run/react";
import { useState } from "react";
import { useHydrated } from "~/lib/use-hydrated";

const navigation = [
  { to: "/specialists", label: "Find a specialist" },
  { to: "/#how-it-works", label: "How it works" },
  { to: "/signup?role=specialist", label: "For specialists" },
];

export interface HeaderUser {
  name: string;
  role: "customer" | "specialist" | "admin";
  /** Unread in-app notifications, for the bell. */
  unread: number;
}

/** The bell: a plain link to /notifications whose name says how many are unread. */
export function NotificationBell({ unread }: { unread: number }) {
  const label = unread > 0 ? `Notifications, ${unread} unread` : "Notifications, none unread";
  return (
    <NavLink
      to="/notifications"
      aria-label={label}
      title={label}
      className="relative inline-flex rounded-md p-2 text-slate-700 hover:bg-slate-100 hover:text-brand-700 sm:p-1"
    >
      <svg aria-hidden="true" viewBox="0 0 24 24" className="h-6 w-6" fill="none" stroke="currentColor" strokeWidth="2">
        <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" strokeLinecap="round" strokeLinejoin="round" />
        <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      {unread > 0 ? (
        <span
          aria-hidden="true"
          className="absolute -right-1 -top-1 min-w-5 rounded-full bg-red-600 px-1 text-center text-xs font-semibold leading-5 text-white"
        >
          {unread > 99 ? "99+" : unread}
        </span>
      ) : null}
    </NavLink>
  );
}

export function SiteHeader({ user }: { user: HeaderUser | null }) {
  const [open, setOpen] = useState(false);
  // Without JavaScript the nav stays open on small screens; with it, a menu button collapses it.
  const collapsible = useHydrated();
  const navVisibility = !collapsible
    ? "flex flex-wrap gap-x-4"
    : open
      ? "absolute inset-x-0 top-16 z-10 flex flex-col gap-1 border-b border-slate-200 bg-white px-4 pb-4 shadow-sm"
      : "hidden";
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="relative mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-4 px-4 py-4 sm:px-6 lg:px-8">
        <Link to="/" className="flex items-center gap-2 text-lg font-semibold tracking-tight text-slate-900">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          Specialistly
        </Link>
        <button
          type="button"
          className={`${collapsible ? "block" : "hidden"} rounded-md p-2 text-slate-700 hover:bg-slate-100 sm:hidden`}
          aria-expanded={open}
          aria-controls="site-nav"
          onClick={() => setOpen((value) => !value)}
        >
          <span className="sr-only">Menu</span>
          <svg aria-hidden="true" viewBox="0 0 24 24" className="h-6 w-6" fill="none" stroke="currentColor" strokeWidth="2">
            <path d="M4 6h16M4 12h16M4 18h16" strokeLinecap="round" />
          </svg>
        </button>
        <nav
          id="site-nav"
          aria-label="Main"
          className={`${navVisibility} sm:static sm:flex sm:flex-row sm:items-center sm:gap-6 sm:border-0 sm:p-0 sm:shadow-none`}
        >
          {navigation.map((item) => (
            <NavLink
              key={item.to}
              to={item.to}
              className="rounded-md px-2 py-2 text-sm font-medium text-slate-700 hover:text-brand-700 sm:px-0"
              onClick={() => setOpen(false)}
            >
              {item.label}
            </NavLink>
          ))}
          {user ? (
            <>
              <NavLink to="/bookings" className="rounded-md px-2 py-2 text-sm font-medium text-slate-700 hover:text-brand-700 sm:px-0">
                Bookings
              </NavLink>
              {user.role === "specialist" ? (
                <NavLink
                  to="/specialist/calendar"
                  className="rounded-md px-2 py-2 text-sm font-medium text-slate-700 hover:text-brand-700 sm:px-0"
                >
                  Your practice
                </NavLink>
              ) : null}
              {user.role === "admin" ? (
                <NavLink to="/admin" className="rounded-md px-2 py-2 text-sm font-medium text-slate-700 hover:text-brand-700 sm:px-0">
                  Admin
                </NavLink>
              ) : null}
              <NotificationBell unread={user.unread} />
              <NavLink to="/settings" className="rounded-md px-2 py-2 text-sm font-medium text-slate-700 hover:text-brand-700 sm:px-0">
                {user.name}
              </NavLink>
              <Form method="post" action="/logout">
                <button type="submit" className="rounded-md px-2 py-2 text-sm font-medium text-slate-700 hover:text-brand-700 sm:px-0">
                  Log out
                </button>
              </Form>
            </>
          ) : (
            <>
              <NavLink to="/login" className="rounded-md px-2 py-2 text-sm font-medium text-slate-700 hover:text-brand-700 sm:px-0">
                Log in
              </NavLink>
              <NavLink to="/signup" className="rounded-lg bg-brand-600 px-3 py-2 text-sm font-semibold text-white hover:bg-brand-700">
                Sign up
              </NavLink>
            </>
          )}
        </nav>
      </div>
    </header>
  );
}

export function SiteFooter() {
  return (
    <footer className="border-t border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-col gap-2 px-4 py-6 text-sm text-slate-500 sm:flex-row sm:justify-between sm:px-6 lg:px-8">
        <p>© Specialistly. Paid 1:1 sessions with experts, in your time zone.</p>
        <p>Times are shown in your local zone; prices in the specialist&apos;s currency.</p>
        <p>
          <Link to="/api/docs" className="hover:text-slate-700 hover:underline">
            API reference
          </Link>
        </p>
      </div>
    </footer>
  );
}
