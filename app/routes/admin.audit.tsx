import { Form, Link, useLoaderData, type MetaFunction } from "@remix-run/react";
import { data, type LoaderFunctionArgs } from "@remix-run/server-runtime";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { inputLookClass, Notice } from "~/components/forms";
import { auditLogPage, parseAuditFilter } from "~/domain/admin/audit-log.server";
import { requireRole } from "~/domain/auth/auth.server";
import { viewerTimeZone } from "~/domain/specialists/viewer-zone";
import { formatDayTime } from "~/lib/time-format";

export const meta: MetaFunction = () => [{ title: "Audit log · Specialistly" }];

const filterFields = ["action", "actor", "subject", "from", "to"] as const;

/** Where an entry's subject can be looked at in the admin area. */
const subjectPages: Record<string, (id: string) => string> = {
  user: (id) => `/admin/users/${id}`,
  booking: (id) => `/admin/bookings/${id}`,
  specialist: (id) => `/admin/specialists/${id}`,
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, context, ["admin"]);
  const search = new URL(request.url).searchParams;
  const values = Object.fromEntries(filterFields.map((field) => [field, search.get(field) ?? ""])) as Record<
    (typeof filterFields)[number],
    string
  >;
  const parsed = parseAuditFilter(search);
  const result = await auditLogPage(context, { role: user.role }, parsed.ok ? parsed.filter : {});
  if (!result) throw new Response("Your account doesn't have access to this page.", { status: 403 });
  const zone = viewerTimeZone(request) ?? user.timezone;
  if (!parsed.ok)
    return data({ error: parsed.message, values, actions: result.actions, entries: [], next: null, paged: false }, { status: 400 });
  const next = new URLSearchParams(Object.entries(values).filter(([, value]) => value !== ""));
  if (result.nextBefore) next.set("before", result.nextBefore);
  return {
    error: null,
    values,
    actions: result.actions,
    paged: Boolean(parsed.filter.before),
    next: result.nextBefore ? `?${next}` : null,
    entries: result.entries.map((entry) => ({
      ...entry,
      at: formatDayTime(entry.at, zone),
      subjectHref: subjectPages[entry.subjectType]?.(entry.subjectId) ?? null,
    })),
  };
}

export default function AuditLogPage() {
  const { error, values, actions, entries, next, paged } = useLoaderData<typeof loader>();
  const firstPage = `?${new URLSearchParams(Object.entries(values).filter(([, value]) => value !== ""))}`;
  return (
    <div className="space-y-6">
      <h2 className="text-2xl font-semibold text-slate-900">Audit log</h2>
      <Form method="get" className="grid gap-3 rounded-2xl border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-3 lg:grid-cols-6">
        <label className="text-sm text-slate-700">
          Action
          <select name="action" defaultValue={values.action} className={`${inputLookClass} mt-1 w-full`}>
            <option value="">Any</option>
            {actions.map((action) => (
              <option key={action} value={action}>
                {action}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm text-slate-700">
          By (name or email)
          <input name="actor" defaultValue={values.actor} className={`${inputLookClass} mt-1 w-full`} />
        </label>
        <label className="text-sm text-slate-700">
          Subject id
          <input name="subject" defaultValue={values.subject} className={`${inputLookClass} mt-1 w-full`} />
        </label>
        <label className="text-sm text-slate-700">
          From (UTC day)
          <input type="date" name="from" defaultValue={values.from} className={`${inputLookClass} mt-1 w-full`} />
        </label>
        <label className="text-sm text-slate-700">
          To (UTC day)
          <input type="date" name="to" defaultValue={values.to} className={`${inputLookClass} mt-1 w-full`} />
        </label>
        <div className="flex items-end">
          <button type="submit" className="rounded-lg bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700">
            Filter
          </button>
        </div>
      </Form>
      {error ? <Notice tone="error">{error}</Notice> : null}
      {entries.length === 0 && !error ? <p className="text-slate-700">No entries match.</p> : null}
      {entries.length > 0 ? (
        <table className="w-full text-sm">
          <caption className="sr-only">Admin actions, newest first</caption>
          <thead>
            <tr className="text-left text-slate-600">
              <th scope="col" className="py-2 pr-3 font-medium">
                When
              </th>
              <th scope="col" className="py-2 pr-3 font-medium">
                Who
              </th>
              <th scope="col" className="py-2 pr-3 font-medium">
                Action
              </th>
              <th scope="col" className="py-2 pr-3 font-medium">
                Subject
              </th>
              <th scope="col" className="py-2 font-medium">
                Change
              </th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id} className="border-t border-slate-200 align-top">
                <td className="py-2 pr-3 whitespace-nowrap text-slate-700">{entry.at}</td>
                <td className="py-2 pr-3 text-slate-800">
                  {entry.actor ? (
                    <Link to={`/admin/users/${entry.actor.id}`} className="text-brand-700 underline underline-offset-2">
                      {entry.actor.name}
                    </Link>
                  ) : (
                    "A deleted account"
                  )}
                </td>
                <td className="py-2 pr-3 font-mono text-xs text-slate-800">{entry.action}</td>
                <td className="py-2 pr-3 text-slate-800">
                  {entry.subjectType}{" "}
                  {entry.subjectHref ? (
                    <Link to={entry.subjectHref} className="font-mono text-xs text-brand-700 underline underline-offset-2">
                      {entry.subjectId}
                    </Link>
                  ) : (
                    <span className="font-mono text-xs">{entry.subjectId}</span>
                  )}
                </td>
                <td className="py-2 text-slate-800">
                  <ul className="space-y-0.5">
                    {entry.changes.map((change) => (
                      <li key={change.field}>
                        {change.field}: <span className="text-slate-500">{change.before}</span> → {change.after}
                      </li>
                    ))}
                  </ul>
                  {entry.reason ? <p className="mt-1 text-slate-600">Reason: {entry.reason}</p> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <nav aria-label="Audit log pages" className="flex gap-4 text-sm">
        {paged ? (
          <Link to={firstPage} className="font-medium text-brand-700 underline underline-offset-4">
            Newest entries
          </Link>
        ) : null}
        {next ? (
          <Link to={next} className="font-medium text-brand-700 underline underline-offset-4">
            Older entries
          </Link>
        ) : null}
      </nav>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
