import { Form, Link, useLoaderData, type MetaFunction } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/server-runtime";
import * as z from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { inputClass, inputLookClass } from "~/components/forms";
import { requireRole } from "~/domain/auth/auth.server";
import { searchUsers } from "~/domain/admin/users.server";
import { roleChoices, roleLabels, userStatusFilters, userStatusLabels } from "~/domain/admin/users-schemas";
import { viewerTimeZone } from "~/domain/specialists/viewer-zone";
import { formatDate } from "~/lib/time-format";

export const meta: MetaFunction = () => [{ title: "Users · Admin · Specialistly" }];

// A filter the form can't produce (an edited URL) is ignored rather than refused.
const searchSchema = z.object({
  q: z.string().max(200).optional().catch(undefined),
  role: z.enum(roleChoices).optional().catch(undefined),
  status: z.enum(userStatusFilters).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, context, ["admin"]);
  const url = new URL(request.url);
  const search = searchSchema.parse(Object.fromEntries(url.searchParams));
  const found = await searchUsers(context, user.id, search);
  if (!found) throw new Response("Your account doesn't have access to this page.", { status: 403 });
  const zone = viewerTimeZone(request) ?? user.timezone;
  const pageLink = (page: number) => {
    const params = new URLSearchParams(url.searchParams);
    params.set("page", String(page));
    return `/admin/users?${params}`;
  };
  return {
    search: { q: search.q ?? "", role: search.role ?? "", status: search.status ?? "" },
    page: found.page,
    previous: found.page > 1 ? pageLink(found.page - 1) : null,
    next: found.hasNext ? pageLink(found.page + 1) : null,
    users: found.users.map((row) => ({ ...row, joined: formatDate(row.createdAt, zone) })),
  };
}

export default function AdminUsersPage() {
  const { search, users, page, previous, next } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <h2 className="text-2xl font-semibold text-slate-900">Users</h2>
      <Form method="get" action="/admin/users" className="flex flex-wrap items-end gap-3" aria-label="Find users">
        <label className="min-w-60 flex-1 text-sm text-slate-700">
          Name or email
          <input type="search" name="q" defaultValue={search.q} maxLength={200} className={inputClass} />
        </label>
        <label className="text-sm text-slate-700">
          Role
          <select name="role" defaultValue={search.role} className={inputLookClass}>
            <option value="">Any role</option>
            {roleChoices.map((role) => (
              <option key={role} value={role}>
                {roleLabels[role]}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm text-slate-700">
          Status
          <select name="status" defaultValue={search.status} className={inputLookClass}>
            <option value="">Any status</option>
            {userStatusFilters.map((status) => (
              <option key={status} value={status}>
                {userStatusLabels[status]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="rounded-lg bg-brand-700 px-4 py-2 text-sm font-medium text-white">
          Search
        </button>
      </Form>
      {users.length === 0 ? (
        <p className="text-slate-700">No users match.</p>
      ) : (
        <div className="overflow-x-auto rounded-2xl border border-slate-200 bg-white shadow-sm">
          <table className="w-full text-left text-sm">
            <thead className="border-b border-slate-200 text-slate-600">
              <tr>
                <th className="px-4 py-2 font-medium">Name</th>
                <th className="px-4 py-2 font-medium">Email</th>
                <th className="px-4 py-2 font-medium">Role</th>
                <th className="px-4 py-2 font-medium">Status</th>
                <th className="px-4 py-2 font-medium">Joined</th>
              </tr>
            </thead>
            <tbody>
              {users.map((row) => (
                <tr key={row.id} className="border-b border-slate-100 last:border-0">
                  <td className="px-4 py-2">
                    <Link to={`/admin/users/${row.id}`} className="font-medium text-brand-700 underline underline-offset-4">
                      {row.name}
                    </Link>
                  </td>
                  <td className="px-4 py-2 text-slate-700">{row.email}</td>
                  <td className="px-4 py-2 text-slate-700">{roleLabels[row.role]}</td>
                  <td className="px-4 py-2 text-slate-700">{userStatusLabels[row.status]}</td>
                  <td className="px-4 py-2 text-slate-700">{row.joined}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav aria-label="Pages" className="flex items-center gap-4 text-sm">
        {previous ? (
          <Link to={previous} className="font-medium text-brand-700 underline underline-offset-4">
            Previous page
          </Link>
        ) : null}
        <span className="text-slate-600">Page {page}</span>
        {next ? (
          <Link to={next} className="font-medium text-brand-700 underline underline-offset-4">
            Next page
          </Link>
        ) : null}
      </nav>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
