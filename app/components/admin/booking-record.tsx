import { Link } from "@remix-run/react";
import type { ReactNode } from "react";

// One booking's whole record for admins (/admin/bookings/<id>), as its loader formatted it.

export interface BookingRecordView {
  id: string;
  /** The admin's zone, as people read it. */
  zone: string;
  status: string;
  sessionTitle: string;
  minutes: number;
  topic: string;
  bookedAt: string;
  times: { who: string; range: string }[];
  price: string;
  fee: string;
  currency: string;
  customer: { userId: string; name: string; email: string };
  specialist: { userId: string; name: string; email: string; slug: string };
  history: { from: string; to: string; actor: string; reason: string; at: string }[];
  payments: {
    id: string;
    status: string;
    amount: string;
    fee: string;
    provider: string;
    checkoutId: string;
    paymentId: string | null;
    paidAt: string | null;
    receiptNumber: number | null;
    flag: string | null;
    dispute: string | null;
  }[];
  refunds: {
    id: string;
    amount: string;
    feeRefunded: string;
    reason: string;
    status: string;
    providerRefundId: string | null;
    attempts: number;
    lastError: string | null;
    at: string;
  }[];
  notifications: {
    id: string;
    kind: string;
    channel: string;
    recipient: string;
    status: string;
    sentAt: string | null;
    due: string;
    attempts: number;
    error: string | null;
  }[];
  audit: { id: string; action: string; actor: string; reason: string | null; before: string; after: string; at: string }[];
}

const linkClass = "font-medium text-brand-700 underline underline-offset-4";

function Card({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
      <h3 id={id} className="text-lg font-semibold text-slate-900">
        {title}
      </h3>
      <div className="mt-3">{children}</div>
    </section>
  );
}

function Table({ caption, headings, children }: { caption: string; headings: string[]; children: ReactNode }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr className="text-slate-600">
            {headings.map((heading) => (
              <th key={heading} scope="col" className="py-1 pr-3 font-medium">
                {heading}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="align-top">{children}</tbody>
      </table>
    </div>
  );
}

const cell = "border-t border-slate-200 py-2 pr-3";

/** Who, what, when and how much. */
export function BookingSummary({ view }: { view: BookingRecordView }) {
  return (
    <Card id="booking-summary" title="Booking">
      <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[auto_1fr]">
        <dt className="font-medium text-slate-600">Id</dt>
        <dd className="font-mono text-slate-900">{view.id}</dd>
        <dt className="font-medium text-slate-600">Customer</dt>
        <dd>
          <Link to={`/admin/users/${view.customer.userId}`} className={linkClass}>
            {view.customer.name}
          </Link>{" "}
          ({view.customer.email})
        </dd>
        <dt className="font-medium text-slate-600">Specialist</dt>
        <dd>
          <Link to={`/admin/users/${view.specialist.userId}`} className={linkClass}>
            {view.specialist.name}
          </Link>{" "}
          ({view.specialist.email}) ·{" "}
          <Link to={`/s/${view.specialist.slug}`} className={linkClass}>
            profile
          </Link>
        </dd>
        <dt className="font-medium text-slate-600">Session</dt>
        <dd>
          {view.sessionTitle}, {view.minutes} minutes
        </dd>
        {view.times.map((time) => (
          <DetailRow key={time.who} term={time.who} value={time.range} />
        ))}
        <dt className="font-medium text-slate-600">Status</dt>
        <dd>{view.status}</dd>
        <dt className="font-medium text-slate-600">Price</dt>
        <dd>
          {view.price} ({view.currency}), platform fee {view.fee}
        </dd>
        <dt className="font-medium text-slate-600">Booked</dt>
        <dd>{view.bookedAt}</dd>
        {view.topic ? <DetailRow term="Topic" value={view.topic} /> : null}
      </dl>
    </Card>
  );
}

function DetailRow({ term, value }: { term: string; value: string }) {
  return (
    <>
      <dt className="font-medium text-slate-600">{term}</dt>
      <dd>{value}</dd>
    </>
  );
}

/** What happened to it: its history, the money, the notices and the admin actions. */
export function BookingActivity({ view }: { view: BookingRecordView }) {
  const when = `times in ${view.zone} time`;
  return (
    <>
      <Card id="booking-history" title="History">
        {view.history.length === 0 ? (
          <p className="text-sm text-slate-700">No status changes recorded.</p>
        ) : (
          <Table caption={`Status changes, oldest first (${when})`} headings={["When", "From", "To", "By", "Reason"]}>
            {view.history.map((event, index) => (
              <tr key={index}>
                <td className={cell}>{event.at}</td>
                <td className={cell}>{event.from}</td>
                <td className={cell}>{event.to}</td>
                <td className={cell}>{event.actor}</td>
                <td className={cell}>{event.reason}</td>
              </tr>
            ))}
          </Table>
        )}
      </Card>
      <Card id="booking-payments" title="Payments">
        {view.payments.length === 0 ? (
          <p className="text-sm text-slate-700">No payments.</p>
        ) : (
          <Table caption={`Payments (${when})`} headings={["Status", "Amount", "Fee", "Provider ids", "Paid", "Receipt", "Problems"]}>
            {view.payments.map((payment) => (
              <tr key={payment.id}>
                <td className={cell}>{payment.status}</td>
                <td className={cell}>{payment.amount}</td>
                <td className={cell}>{payment.fee}</td>
                <td className={`${cell} font-mono text-xs`}>
                  {payment.provider}: {payment.checkoutId}
                  {payment.paymentId ? ` · ${payment.paymentId}` : ""}
                </td>
                <td className={cell}>{payment.paidAt ?? "—"}</td>
                <td className={cell}>{payment.receiptNumber ?? "—"}</td>
                <td className={cell}>
                  {payment.flag ? <p>Flagged: {payment.flag}</p> : null}
                  {payment.dispute ? <p>Dispute {payment.dispute}</p> : null}
                  {!payment.flag && !payment.dispute ? "—" : null}
                </td>
              </tr>
            ))}
          </Table>
        )}
      </Card>
      <Card id="booking-refunds" title="Refunds">
        {view.refunds.length === 0 ? (
          <p className="text-sm text-slate-700">No refunds.</p>
        ) : (
          <Table
            caption={`Refunds (${when})`}
            headings={["Asked", "Amount", "Fee given back", "Reason", "Status", "Attempts", "Last error", "Provider id"]}
          >
            {view.refunds.map((refund) => (
              <tr key={refund.id}>
                <td className={cell}>{refund.at}</td>
                <td className={cell}>{refund.amount}</td>
                <td className={cell}>{refund.feeRefunded}</td>
                <td className={cell}>{refund.reason}</td>
                <td className={cell}>{refund.status}</td>
                <td className={cell}>{refund.attempts}</td>
                <td className={cell}>{refund.lastError ?? "—"}</td>
                <td className={`${cell} font-mono text-xs`}>{refund.providerRefundId ?? "—"}</td>
              </tr>
            ))}
          </Table>
        )}
      </Card>
      <Card id="booking-notifications" title="Notifications">
        {view.notifications.length === 0 ? (
          <p className="text-sm text-slate-700">Nobody was told anything about it.</p>
        ) : (
          <Table
            caption={`Notifications about the booking, its payments and refunds (${when})`}
            headings={["Kind", "Channel", "To", "Status", "Sent", "Due", "Attempts", "Error"]}
          >
            {view.notifications.map((notice) => (
              <tr key={notice.id}>
                <td className={cell}>{notice.kind}</td>
                <td className={cell}>{notice.channel}</td>
                <td className={cell}>{notice.recipient}</td>
                <td className={cell}>{notice.status}</td>
                <td className={cell}>{notice.sentAt ?? "—"}</td>
                <td className={cell}>{notice.due}</td>
                <td className={cell}>{notice.attempts}</td>
                <td className={cell}>{notice.error ?? "—"}</td>
              </tr>
            ))}
          </Table>
        )}
      </Card>
      <Card id="booking-audit" title="Admin actions">
        {view.audit.length === 0 ? (
          <p className="text-sm text-slate-700">No admin has acted on it.</p>
        ) : (
          <Table caption={`Audit log of the booking (${when})`} headings={["When", "Action", "Admin", "Reason", "Before", "After"]}>
            {view.audit.map((entry) => (
              <tr key={entry.id}>
                <td className={cell}>{entry.at}</td>
                <td className={cell}>{entry.action}</td>
                <td className={cell}>{entry.actor}</td>
                <td className={cell}>{entry.reason ?? "—"}</td>
                <td className={`${cell} font-mono text-xs`}>{entry.before}</td>
                <td className={`${cell} font-mono text-xs`}>{entry.after}</td>
              </tr>
            ))}
          </Table>
        )}
      </Card>
    </>
  );
}
