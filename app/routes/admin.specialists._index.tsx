import { Link, useLoaderData, type MetaFunction } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/server-runtime";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Notice } from "~/components/forms";
import { requireRole } from "~/domain/auth/auth.server";
import { approvalQueue, type ApprovalFilter } from "~/domain/specialists/approval.server";
import { viewerTimeZone } from "~/domain/specialists/viewer-zone";
import { formatDayTime } from "~/lib/time-format";

export const meta: MetaFunction = () => [{ title: "Specialist approval · Specialistly" }];

const filters: { value: ApprovalFilter; label: string }[] = [
  { value: "pending", label: "Waiting for approval" },
  { value: "rejected", label: "Not approved" },
  { value: "approved", label: "Approved" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, context, ["admin"]);
  const url = new URL(request.url);
  const filter = filters.find((option) => option.value === url.searchParams.get("show"))?.value ?? "pending";
  const queue = await approvalQueue(context, { role: user.role }, filter);
  if (!queue) throw new Response("Your account doesn't have access to this page.", { status: 403 });
  const zone = viewerTimeZone(request) ?? user.timezone;
  return {
    filter,
    done: url.searchParams.get("done"),
    specialists: queue.map((entry) => ({
      id: entry.id,
      displayName: entry.displayName,
      headline: entry.headline,
      note: entry.note,
      requestedAt: entry.requestedAt ? formatDayTime(entry.requestedAt, zone) : null,
      decidedAt: entry.decidedAt ? formatDayTime(entry.decidedAt, zone) : null,
    })),
  };
}

const doneLabels: Record<string, string> = {
  approve: "Approved: the specialist is told, and their profile lists once it is published.",
  reject: "Not approved: the specialist is told your reason and can resubmit.",
};

export default function AdminSpecialists() {
  const { filter, specialists, done } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <h2 className="text-2xl font-semibold text-slate-900">Specialist approval</h2>
      <nav aria-label="Which specialists" className="flex flex-wrap gap-4 text-sm">
        {filters.map((option) => (
          <Link
            key={option.value}
            to={option.value === "pending" ? "/admin/specialists" : `/admin/specialists?show=${option.value}`}
            aria-current={filter === option.value ? "page" : undefined}
            className="font-medium text-brand-700 underline underline-offset-4"
          >
            {option.label}
          </Link>
        ))}
      </nav>
      {done && doneLabels[done] ? <Notice tone="success">{doneLabels[done]}</Notice> : null}
      {specialists.length === 0 ? (
        <p className="text-slate-700">
          {filter === "pending"
            ? "Nothing waiting: no profiles to approve."
            : filter === "rejected"
              ? "No rejected profiles."
              : "No approved profiles yet."}
        </p>
      ) : (
        <table className="w-full border-collapse text-left text-sm">
          <thead>
            <tr className="border-b border-slate-200 text-slate-600">
              <th scope="col" className="py-2 pr-4 font-medium">
                Name
              </th>
              <th scope="col" className="py-2 pr-4 font-medium">
                Headline
              </th>
              <th scope="col" className="py-2 pr-4 font-medium">
                {filter === "pending" ? "Requested" : "Decided"}
              </th>
              {filter === "rejected" ? (
                <th scope="col" className="py-2 font-medium">
                  Reason
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {specialists.map((entry) => (
              <tr key={entry.id} className="border-b border-slate-100 align-top">
                <td className="py-2 pr-4">
                  <Link to={`/admin/specialists/${entry.id}`} className="font-medium text-brand-700 underline underline-offset-4">
                    {entry.displayName}
                  </Link>
                </td>
                <td className="py-2 pr-4 text-slate-700">{entry.headline}</td>
                <td className="py-2 pr-4 whitespace-nowrap text-slate-700">
                  {(filter === "pending" ? entry.requestedAt : entry.decidedAt) ?? "—"}
                </td>
                {filter === "rejected" ? <td className="py-2 text-slate-700">{entry.note}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
