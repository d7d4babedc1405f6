import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link, useActionData, useLoaderData, type MetaFunction } from "@remix-run/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/server-runtime";
import * as z from "zod";
import { AuditHistory, SuspendConfirmation, UserBookings } from "~/components/admin/user-detail";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { inputClass, inputLookClass, Notice } from "~/components/forms";
import { changeUserRole, reinstateUser, suspendUser, userAdminFailureStatus, userDetail } from "~/domain/admin/users.server";
import { maxSuspensionReasonLength, roleChoices, roleLabels, userStatusLabels } from "~/domain/admin/users-schemas";
import { requireRole } from "~/domain/auth/auth.server";
import { statusLabels } from "~/domain/booking/booking-labels";
import { viewerTimeZone } from "~/domain/specialists/viewer-zone";
import { formatMoney } from "~/lib/money";
import { formatDayTime } from "~/lib/time-format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.user.name ?? "User"} · Admin · Specialistly` }];

const actionSchema = z.object({
  intent: z.enum(["suspend", "reinstate", "role"], { error: "Choose suspend, reinstate or a role change." }),
  reason: z.string().optional(),
  role: z.string().optional(),
});

/** What an audit row changed, in one line: `status: active → suspended`. */
function describeChange(before: unknown, after: unknown): string {
  const from = (before ?? {}) as Record<string, unknown>;
  const to = (after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])].filter(
    (key) => JSON.stringify(from[key]) !== JSON.stringify(to[key]),
  );
  const shown = (value: unknown) => (value === undefined || value === null ? "–" : JSON.stringify(value).replace(/^"|"$/g, ""));
  return keys.map((key) => `${key}: ${shown(from[key])} → ${shown(to[key])}`).join("; ");
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user: viewer } = await requireRole(request, context, ["admin"]);
  const detail = await userDetail(context, viewer.id, params.id ?? "");
  if (detail === "not-allowed") throw new Response("Your account doesn't have access to this page.", { status: 403 });
  if (!detail) throw new Response("There's no user with that id.", { status: 404 });
  const url = new URL(request.url);
  const zone = viewerTimeZone(request) ?? viewer.timezone;
  const { user, profile } = detail;
  const canSuspend = user.status === "active" && user.id !== viewer.id;
  return {
    user: {
      ...user,
      createdAt: formatDayTime(user.createdAt, zone),
      emailVerifiedAt: user.emailVerifiedAt ? formatDayTime(user.emailVerifiedAt, zone) : null,
    },
    profile,
    isSelf: user.id === viewer.id,
    canSuspend,
    confirming: canSuspend && url.searchParams.get("step") === "suspend",
    suspension: detail.suspension,
    done: url.searchParams.get("done"),
    cancelled: Number(url.searchParams.get("cancelled") ?? 0),
    refundErrors: Number(url.searchParams.get("refundErrors") ?? 0),
    bookings: detail.bookings.map((booking) => ({
      id: booking.id,
      when: formatDayTime(booking.startsAt, zone),
      status: statusLabels[booking.status],
      title: booking.title,
      as: booking.as,
      otherParty: booking.as === "customer" ? booking.specialistName : booking.customerName,
      price: booking.priceMinor === 0 ? "Free" : formatMoney(booking.priceMinor, booking.currency),
    })),
    audits: detail.audits.map((audit) => ({
      id: audit.id,
      action: audit.action,
      at: formatDayTime(audit.at, zone),
      actorName: audit.actorName ?? "a former admin",
      reason: audit.reason,
      change: describeChange(audit.before, audit.after),
    })),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user: viewer } = await requireRole(request, context, ["admin"]);
  const userId = params.id ?? "";
  const submission = parseWithZod(await request.formData(), { schema: actionSchema });
  if (submission.status !== "success") {
    return data({ error: submission.error ? Object.values(submission.error).flat()[0] : null }, { status: 400 });
  }
  const { intent, reason, role } = submission.value;
  const input = { actorUserId: viewer.id, userId };
  if (intent === "suspend") {
    const result = await suspendUser(context, { ...input, reason });
    if (!result.ok) return data({ error: result.message }, { status: userAdminFailureStatus[result.reason] });
    const refundErrors = result.refundErrors.length > 0 ? `&refundErrors=${result.refundErrors.length}` : "";
    return redirect(`/admin/users/${userId}?done=suspended&cancelled=${result.cancelledBookings}${refundErrors}`);
  }
  const result =
    intent === "reinstate" ? await reinstateUser(context, { ...input, reason }) : await changeUserRole(context, { ...input, role });
  if (!result.ok) return data({ error: result.message }, { status: userAdminFailureStatus[result.reason] });
  return redirect(`/admin/users/${userId}?done=${intent === "reinstate" ? "reinstated" : "role"}`);
}

function DoneNotice({ done, cancelled, refundErrors }: { done: string | null; cancelled: number; refundErrors: number }) {
  if (done === "suspended") {
    return (
      <Notice tone="success">
        Suspended: signed out everywhere and can&apos;t log in; {cancelled} upcoming {cancelled === 1 ? "booking" : "bookings"} cancelled
        with full refunds.
        {refundErrors > 0 ? ` ${refundErrors} refund${refundErrors === 1 ? "" : "s"} failed for now and will be retried.` : ""}
      </Notice>
    );
  }
  if (done === "reinstated") return <Notice tone="success">Reinstated: they can log in again.</Notice>;
  if (done === "role") return <Notice tone="success">Role changed.</Notice>;
  return null;
}

export default function AdminUserPage() {
  const { user, profile, isSelf, canSuspend, confirming, suspension, done, cancelled, refundErrors, bookings, audits } =
    useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link to="/admin/users" className="font-medium text-brand-700 underline underline-offset-4">
          All users
        </Link>
      </p>
      <h2 className="text-2xl font-semibold text-slate-900">{user.name}</h2>
      <DoneNotice done={done} cancelled={cancelled} refundErrors={refundErrors} />
      {failed?.error ? <Notice tone="error">{failed.error}</Notice> : null}
      {confirming ? (
        <SuspendConfirmation
          userId={user.id}
          name={user.name}
          upcomingBookings={suspension.upcomingBookings}
          sessions={suspension.sessions}
          listed={suspension.listed}
        />
      ) : null}
      <section aria-labelledby="account-heading" className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
        <h3 id="account-heading" className="text-lg font-semibold text-slate-900">
          Account
        </h3>
        <dl className="mt-3 grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
          <dt className="text-slate-600">Email</dt>
          <dd className="text-slate-900">
            {user.email} {user.emailVerifiedAt ? `(confirmed ${user.emailVerifiedAt})` : "(not confirmed)"}
          </dd>
          <dt className="text-slate-600">Phone</dt>
          <dd className="text-slate-900">{user.phone ?? "–"}</dd>
          <dt className="text-slate-600">Time zone</dt>
          <dd className="text-slate-900">{user.timezone}</dd>
          <dt className="text-slate-600">Joined</dt>
          <dd className="text-slate-900">{user.createdAt}</dd>
          <dt className="text-slate-600">Role</dt>
          <dd className="text-slate-900">{roleLabels[user.role]}</dd>
          <dt className="text-slate-600">Status</dt>
          <dd className="text-slate-900">{userStatusLabels[user.status]}</dd>
          <dt className="text-slate-600">Specialist profile</dt>
          <dd className="text-slate-900">
            {profile ? (
              <>
                <Link to={`/s/${profile.slug}`} className="font-medium text-brand-700 underline underline-offset-4">
                  {profile.displayName}
                </Link>{" "}
                ({profile.published ? "published" : "not published"}, {profile.approval})
              </>
            ) : (
              "None"
            )}
          </dd>
        </dl>
        <div className="mt-5 flex flex-wrap items-end gap-6">
          <Form method="post" action={`/admin/users/${user.id}`} className="flex flex-wrap items-end gap-2">
            <input type="hidden" name="intent" value="role" />
            <label className="text-sm text-slate-700">
              Role
              <select name="role" defaultValue={user.role} className={inputLookClass}>
                {roleChoices.map((role) => (
                  <option key={role} value={role}>
                    {roleLabels[role]}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" className="rounded-lg border border-slate-300 px-3 py-2 text-sm font-medium text-slate-900">
              Change role
            </button>
          </Form>
          {canSuspend && !confirming ? (
            <Link
              to={`/admin/users/${user.id}?step=suspend`}
              className="rounded-lg border border-red-300 px-3 py-2 text-sm font-medium text-red-800"
            >
              Suspend…
            </Link>
          ) : null}
          {isSelf ? <p className="text-sm text-slate-600">This is you: another admin would have to suspend you.</p> : null}
        </div>
        {user.status === "suspended" ? (
          <Form method="post" action={`/admin/users/${user.id}`} className="mt-5 flex flex-wrap items-end gap-2">
            <input type="hidden" name="intent" value="reinstate" />
            <label className="min-w-60 flex-1 text-sm text-slate-700">
              Note (optional, kept in the audit log)
              <input name="reason" maxLength={maxSuspensionReasonLength} className={inputClass} />
            </label>
            <button type="submit" className="rounded-lg bg-brand-700 px-3 py-2 text-sm font-medium text-white">
              Reinstate
            </button>
          </Form>
        ) : null}
      </section>
      <UserBookings bookings={bookings} />
      <AuditHistory audits={audits} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
