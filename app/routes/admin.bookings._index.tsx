import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link, useLoaderData, type MetaFunction } from "@remix-run/react";
import { data, type LoaderFunctionArgs } from "@remix-run/server-runtime";
import type { ReactNode } from "react";
import type * as z from "zod";
import { bookingStatuses } from "../../db/schema";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorList, inputClass } from "~/components/forms";
import { requireRole } from "~/domain/auth/auth.server";
import { statusLabels } from "~/domain/booking/booking-labels";
import { bookingSearchSchema } from "~/domain/admin/booking-search-schema";
import { searchBookings } from "~/domain/admin/bookings.server";
import { viewerTimeZone, zoneName } from "~/domain/specialists/viewer-zone";
import { formatMoney } from "~/lib/money";
import { formatDayTime } from "~/lib/time-format";

export const meta: MetaFunction = () => [{ title: "Bookings · Admin · Specialistly" }];

const fieldNames = ["booking", "email", "specialist", "status"] as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, context, ["admin"]);
  const url = new URL(request.url);
  // The fields as searched, so the form shows them (also without JavaScript).
  const defaults = Object.fromEntries(fieldNames.map((name) => [name, url.searchParams.get(name) ?? ""]));
  const submission = parseWithZod(url.searchParams, { schema: bookingSearchSchema });
  if (submission.status !== "success") {
    return data({ lastResult: submission.reply(), defaults, zone: null, rows: [], previousHref: null, nextHref: null }, { status: 400 });
  }
  const found = await searchBookings(context, { role: user.role }, submission.value);
  if (!found) throw new Response("Your account doesn't have access to this page.", { status: 403 });
  const zone = viewerTimeZone(request) ?? user.timezone;
  const pageHref = (page: number) => {
    const query = new URLSearchParams();
    for (const name of fieldNames) {
      const value = url.searchParams.get(name);
      if (value) query.set(name, value);
    }
    if (page > 1) query.set("page", String(page));
    const search = query.toString();
    return `/admin/bookings${search ? `?${search}` : ""}`;
  };
  const { page } = submission.value;
  return {
    lastResult: null,
    defaults,
    zone: zoneName(zone),
    rows: found.rows.map((row) => ({
      id: row.id,
      startsAt: formatDayTime(row.startsAt, zone),
      status: statusLabels[row.status],
      price: formatMoney(row.priceMinor, row.currency),
      sessionTitle: row.sessionTitle,
      customer: `${row.customerName} (${row.customerEmail})`,
      specialist: row.specialistName,
    })),
    previousHref: page > 1 ? pageHref(page - 1) : null,
    nextHref: found.hasNext ? pageHref(page + 1) : null,
  };
}

export default function AdminBookingsPage() {
  const loaded = useLoaderData<typeof loader>();
  const [form, fields] = useForm<z.input<typeof bookingSearchSchema>>({
    id: "booking-search",
    lastResult: loaded.lastResult,
    defaultValue: loaded.defaults,
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: bookingSearchSchema }),
  });
  const { rows, zone, previousHref, nextHref } = loaded;
  return (
    <div className="space-y-6">
      <h2 className="text-2xl font-semibold text-slate-900">Bookings</h2>
      <Form
        method="get"
        action="/admin/bookings"
        {...getFormProps(form)}
        role="search"
        className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5"
      >
        <SearchField label="Booking id" id={fields.booking.id} errors={fields.booking.errors}>
          <input {...getInputProps(fields.booking, { type: "search" })} className={inputClass} />
        </SearchField>
        <SearchField label="Customer email" id={fields.email.id} errors={fields.email.errors}>
          <input {...getInputProps(fields.email, { type: "search" })} className={inputClass} />
        </SearchField>
        <SearchField label="Specialist name or profile address" id={fields.specialist.id} errors={fields.specialist.errors}>
          <input {...getInputProps(fields.specialist, { type: "search" })} className={inputClass} />
        </SearchField>
        <SearchField label="Status" id={fields.status.id} errors={fields.status.errors}>
          <select {...getSelectProps(fields.status)} className={inputClass}>
            <option value="">Any</option>
            {bookingStatuses.map((status) => (
              <option key={status} value={status}>
                {statusLabels[status]}
              </option>
            ))}
          </select>
        </SearchField>
        <div className="flex items-end">
          <button type="submit" className="rounded-lg bg-brand-700 px-4 py-2 font-medium text-white">
            Search
          </button>
        </div>
        <ErrorList errors={fields.page.errors} />
      </Form>
      {zone === null ? null : rows.length === 0 ? (
        <p className="text-slate-700">No bookings match.</p>
      ) : (
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Bookings, newest start first (times in {zone} time)</caption>
          <thead>
            <tr className="text-slate-600">
              {[`Starts (${zone} time)`, "Session", "Customer", "Specialist", "Status", "Price"].map((heading) => (
                <th key={heading} scope="col" className="py-1 pr-3 font-medium">
                  {heading}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id} className="border-t border-slate-200 align-top">
                <td className="py-2 pr-3">
                  <Link to={`/admin/bookings/${row.id}`} className="font-medium text-brand-700 underline underline-offset-4">
                    {row.startsAt}
                  </Link>
                </td>
                <td className="py-2 pr-3">{row.sessionTitle}</td>
                <td className="py-2 pr-3">{row.customer}</td>
                <td className="py-2 pr-3">{row.specialist}</td>
                <td className="py-2 pr-3">{row.status}</td>
                <td className="py-2">{row.price}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {previousHref || nextHref ? (
        <nav aria-label="Pages" className="flex gap-4 text-sm">
          {previousHref ? (
            <Link to={previousHref} className="font-medium text-brand-700 underline underline-offset-4">
              Newer
            </Link>
          ) : null}
          {nextHref ? (
            <Link to={nextHref} className="font-medium text-brand-700 underline underline-offset-4">
              Older
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}

function SearchField({ label, id, errors, children }: { label: string; id: string; errors?: string[]; children: ReactNode }) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {children}
      <ErrorList errors={errors} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
