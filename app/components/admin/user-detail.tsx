// The parts of the admin user page (/admin/users/<id>): the suspension's confirmation step, the
// user's bookings both ways and the audit rows about them. Data arrives formatted for the viewer.
import { Form, Link } from "@remix-run/react";
import { inputClass } from "~/components/forms";
import { maxSuspensionReasonLength } from "~/domain/admin/users-schemas";

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

export function SuspendConfirmation({
  userId,
  name,
  upcomingBookings,
  sessions,
  listed,
}: {
  userId: string;
  name: string;
  upcomingBookings: number;
  sessions: number;
  listed: boolean;
}) {
  return (
    <section aria-labelledby="suspend-heading" className="rounded-2xl border border-red-200 bg-red-50 p-6">
      <h3 id="suspend-heading" className="text-lg font-semibold text-red-900">
        Suspend {name}?
      </h3>
      <p className="mt-2 text-sm text-red-900">This will:</p>
      <ul className="mt-1 list-disc space-y-1 pl-5 text-sm text-red-900">
        <li>
          cancel {plural(upcomingBookings, "upcoming booking", "upcoming bookings")} (as customer and as specialist), each with a full
          refund of what was paid; both parties are told;
        </li>
        <li>end {plural(sessions, "signed-in session", "signed-in sessions")}: they are signed out everywhere;</li>
        {listed ? <li>unlist their specialist profile until they are reinstated;</li> : null}
        <li>stop them logging in until an admin reinstates them. Reinstating doesn&apos;t restore cancelled bookings.</li>
      </ul>
      <Form method="post" action={`/admin/users/${userId}?step=suspend`} className="mt-4 space-y-3">
        <input type="hidden" name="intent" value="suspend" />
        <label className="block text-sm text-red-900">
          Reason (kept in the audit log; not shown to them)
          <textarea name="reason" required maxLength={maxSuspensionReasonLength} rows={3} className={inputClass} />
        </label>
        <div className="flex items-center gap-4">
          <button type="submit" className="rounded-lg bg-red-700 px-4 py-2 text-sm font-medium text-white">
            Suspend {name}
          </button>
          <Link to={`/admin/users/${userId}`} className="text-sm font-medium text-slate-700 underline underline-offset-4">
            Keep them active
          </Link>
        </div>
      </Form>
    </section>
  );
}

export interface BookingRow {
  id: string;
  when: string;
  status: string;
  title: string;
  as: "customer" | "specialist";
  otherParty: string;
  price: string;
}

export function UserBookings({ bookings }: { bookings: BookingRow[] }) {
  return (
    <section aria-labelledby="bookings-heading" className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
      <h3 id="bookings-heading" className="text-lg font-semibold text-slate-900">
        Bookings
      </h3>
      {bookings.length === 0 ? (
        <p className="mt-2 text-sm text-slate-700">No bookings, as customer or as specialist.</p>
      ) : (
        <div className="mt-3 overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="border-b border-slate-200 text-slate-600">
              <tr>
                <th className="py-2 pr-4 font-medium">When</th>
                <th className="py-2 pr-4 font-medium">Session</th>
                <th className="py-2 pr-4 font-medium">As</th>
                <th className="py-2 pr-4 font-medium">With</th>
                <th className="py-2 pr-4 font-medium">Price</th>
                <th className="py-2 font-medium">Status</th>
              </tr>
            </thead>
            <tbody>
              {bookings.map((booking) => (
                <tr key={booking.id} className="border-b border-slate-100 last:border-0">
                  <td className="py-2 pr-4">
                    <Link to={`/admin/bookings/${booking.id}`} className="font-medium text-brand-700 underline underline-offset-4">
                      {booking.when}
                    </Link>
                  </td>
                  <td className="py-2 pr-4 text-slate-700">{booking.title}</td>
                  <td className="py-2 pr-4 text-slate-700">{booking.as === "customer" ? "Customer" : "Specialist"}</td>
                  <td className="py-2 pr-4 text-slate-700">{booking.otherParty}</td>
                  <td className="py-2 pr-4 text-slate-700">{booking.price}</td>
                  <td className="py-2 text-slate-700">{booking.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export interface AuditRow {
  id: string;
  action: string;
  at: string;
  actorName: string;
  reason: string | null;
  change: string;
}

export function AuditHistory({ audits }: { audits: AuditRow[] }) {
  return (
    <section aria-labelledby="audit-heading" className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
      <h3 id="audit-heading" className="text-lg font-semibold text-slate-900">
        Audit history
      </h3>
      {audits.length === 0 ? (
        <p className="mt-2 text-sm text-slate-700">No admin has acted on this user.</p>
      ) : (
        <ol className="mt-3 space-y-3 text-sm">
          {audits.map((audit) => (
            <li key={audit.id} className="border-b border-slate-100 pb-3 last:border-0">
              <p className="font-medium text-slate-900">
                {audit.action} by {audit.actorName} · {audit.at}
              </p>
              <p className="text-slate-700">{audit.change}</p>
              {audit.reason ? <p className="text-slate-700">Reason: {audit.reason}</p> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
