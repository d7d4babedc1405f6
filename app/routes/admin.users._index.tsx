import { Form, Link, useLoaderData, type MetaFunction } from "@remix-run/react";
import { data, type LoaderFunctionArgs } from "@remix-run/server-runtime";
import * as z from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { inputClass, inputLookClass, Notice } from "~/components/forms";
import { requireRole } from "~/domain/auth/auth.server";
import { searchUsers } from "~/domain/admin/users.server";
import { roleChoices, roleLabels, userStatusFilters, userStatusLabels } from "~/domain/admin/users-schemas";
import { viewerTimeZone } from "~/domain/specialists/viewer-zone";
import { formatDate } from "~/lib/time-format";

export const meta: MetaFunction = () => [{ title: "Users · Admin · Specialistly" }];

// Empty fields mean "any"; anything the form can't produce is a 400 that says what is allowed.
const searchSchema = z.object({
  q: z.string().max(200, "Keep the search under 200 characters.").optional(),
  role: z.enum(roleChoices, { error: "Choose a role from the list." }).optional(),
  status: z.enum(userStatusFilters, { error: "Choose a status from the list." }).optional(),
  page: z.coerce
    .number({ error: "The page must be a whole number from 1." })
    .int("The page must be a whole number from 1.")
    .min(1, "The page must be a whole number from 1.")
    .max(10_000, "There is no page that far.")
    .optional(),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, context, ["admin"]);
  const url = new URL(request.url);
  const fields = Object.fromEntries([...url.searchParams].filter(([name, value]) => value !== "" && name in searchSchema.shape));
  const parsed = searchSchema.safeParse(fields);
  if (!parsed.success) {
    const search = { q: url.searchParams.get("q") ?? "", role: "", status: "" };
    return data({ error: parsed.error.issues[0]!.message, search, page: 1, previous: null, next: null, users: [] }, { status: 400 });
  }
  const search = parsed.data;
  const found = await searchUsers(context, user.id, search);
  if (!found) throw new Response("Your account doesn't have access to this page.", { status: 403 });
  const zone = viewerTimeZone(request) ?? user.timezone;
  const pageLink = (page: number) => {
    const params = new URLSearchParams(url.searchParams);
    params.set("page", String(page));
    return `/admin/users?${params}`;
  };
  return {
    error: null,
    search: { q: search.q ?? "", role: search.role ?? "", status: search.status ?? "" },
    page: found.page,
    previous: found.page > 1 ? pageLink(found.page - 1) : null,
    next: found.hasNext ? pageLink(found.page + 1) : null,
    users: found.users.map((row) => ({ ...row, joined: formatDate(row.createdAt, zone) })),
  };
}

export default function AdminUsersPage() {
  const { error, search, users, page, previous, next } = useLoaderData<typeof loader>();
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
      {error ? <Notice tone="error">{error}</Notice> : null}
      {error ? null : users.length === 0 ? (
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
