import { isRouteErrorResponse, useParams, useRouteError, type ErrorResponse } from "@remix-run/react";
import type { ReactNode } from "react";

type StatusHandler = (info: { error: ErrorResponse; params: Record<string, string | undefined> }) => ReactNode;

const defaultMessages: Record<number, { title: string; detail: string }> = {
  400: { title: "That request didn't look right", detail: "Please check what you entered and try again." },
  401: { title: "Please sign in", detail: "You need to be signed in to see this page." },
  403: { title: "Not allowed", detail: "Your account can't open this page." },
  404: { title: "Page not found", detail: "We couldn't find what you were looking for." },
  409: { title: "That changed in the meantime", detail: "Someone else got there first. Please try again." },
  429: { title: "Too many attempts", detail: "Please wait a moment and try again." },
  503: { title: "Temporarily unavailable", detail: "We're having trouble right now. Please try again shortly." },
};

export function ErrorPanel({
  title,
  detail,
  next,
  children,
}: {
  title: string;
  detail?: string;
  /** Where to go from here, besides the home page. */
  next?: { href: string; label: string };
  children?: ReactNode;
}) {
  return (
    <section className="mx-auto max-w-xl py-16 text-center" role="alert">
      <h1 className="text-2xl font-semibold text-slate-900">{title}</h1>
      {detail ? <p className="mt-3 text-slate-600">{detail}</p> : null}
      {next ? (
        <p className="mt-4">
          <a href={next.href} className="font-medium text-brand-700 underline underline-offset-4">
            {next.label}
          </a>
        </p>
      ) : null}
      {children}
      <p className="mt-8">
        <a href="/" className="font-medium text-brand-700 underline underline-offset-4 hover:text-brand-900">
          Back to the home page
        </a>
      </p>
    </section>
  );
}

/** The one error boundary: routes pass per-status messages through `statusHandlers`. */
export function GeneralErrorBoundary({
  statusHandlers,
  unexpectedErrorHandler,
}: {
  statusHandlers?: Record<number, StatusHandler>;
  unexpectedErrorHandler?: (error: unknown) => ReactNode;
}) {
  const error = useRouteError();
  const params = useParams();

  if (isRouteErrorResponse(error)) {
    const custom = statusHandlers?.[error.status];
    if (custom) return <>{custom({ error, params })}</>;
    const known = defaultMessages[error.status];
    const detail = typeof error.data === "string" && error.data ? error.data : known?.detail;
    return <ErrorPanel title={known?.title ?? `Error ${error.status}`} detail={detail} />;
  }

  if (typeof document !== "undefined") console.error(error);
  if (unexpectedErrorHandler) return <>{unexpectedErrorHandler(error)}</>;
  return (
    <ErrorPanel title="Something went wrong" detail="An unexpected error happened on our side. It has been logged; please try again." />
  );
}
