import { data, type LoaderFunctionArgs } from "@remix-run/server-runtime";
import { SpecialtyChips } from "~/components/specialty-chips";
import { Link, useLoaderData, useSearchParams, type MetaFunction } from "@remix-run/react";
import { Notice } from "~/components/forms";
import { listFeaturedSpecialists, type SpecialistCard } from "~/domain/specialists/directory.server";
import { formatMoney } from "~/lib/money";
import { publicPageCaching, publicPageHeaders } from "~/security/headers.server";
import { zoneOffsetLabel } from "~/lib/time-format";
import { zoneCity } from "~/lib/time-zones";

export const meta: MetaFunction = () => [
  { title: "Specialistly: book 1:1 sessions with experts, in your time zone" },
  {
    name: "description",
    content:
      "Paid video sessions with coaches, consultants and experts worldwide. See open times in your own time zone, book and pay in minutes.",
  },
];

export const headers = publicPageCaching;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const now = context.clock.now();
  const featured = await listFeaturedSpecialists(context.db, 12);
  return data(
    {
      specialists: featured.map((specialist) => ({
        ...specialist,
        // Computed on the server so server and browser render the same label.
        offset: zoneOffsetLabel(specialist.timezone, now),
      })),
    },
    { headers: publicPageHeaders(request) },
  );
}

export default function Home() {
  const { specialists } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  return (
    <div className="space-y-20">
      {searchParams.get("accountDeleted") === "1" ? (
        <Notice tone="success">Your account was deleted. Thanks for having been with us.</Notice>
      ) : null}
      <section className="grid items-center gap-10 pt-4 lg:grid-cols-2">
        <div>
          <p className="text-sm font-semibold uppercase tracking-wide text-brand-700">Paid 1:1 sessions</p>
          <h1 className="mt-3 text-4xl font-bold tracking-tight text-slate-900 sm:text-5xl">
            Book time with the expert you need, in your own time zone.
          </h1>
          <p className="mt-5 text-lg text-slate-600">
            Specialistly connects you with coaches, consultants and specialists worldwide. Every open time is shown in your local time,
            payment is secure, and the video link arrives with your confirmation.
          </p>
          <p className="mt-8 flex flex-wrap gap-3">
            <a
              href="/specialists"
              className="rounded-lg bg-brand-600 px-5 py-3 font-semibold text-white shadow-sm hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
            >
              Meet the specialists
            </a>
            <Link
              to="/signup?role=specialist"
              className="rounded-lg border border-slate-300 bg-white px-5 py-3 font-semibold text-slate-800 hover:border-brand-600"
            >
              Sell your time
            </Link>
          </p>
        </div>
        <ul className="grid grid-cols-2 gap-4 text-sm" aria-label="Why Specialistly">
          {[
            ["Your time zone, always", "Open times appear in your local time, next to the specialist's."],
            ["No double bookings", "A time is yours the moment you book it, held while you pay."],
            ["Clear refunds", "Each specialist's cancellation policy is shown before you pay."],
            ["Video link included", "Every confirmed session comes with a link and reminders."],
          ].map(([title, text]) => (
            <li key={title} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
              <p className="font-semibold text-slate-900">{title}</p>
              <p className="mt-1 text-slate-600">{text}</p>
            </li>
          ))}
        </ul>
      </section>

      <section id="specialists" aria-labelledby="specialists-heading" className="scroll-mt-8">
        <h2 id="specialists-heading" className="text-2xl font-bold tracking-tight">
          Specialists on Specialistly
        </h2>
        {specialists.length === 0 ? (
          <p className="mt-4 rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-600">
            No specialists are listed yet. Check back soon.
          </p>
        ) : (
          <ul className="mt-6 grid gap-5 sm:grid-cols-2 lg:grid-cols-3">
            {specialists.map((specialist) => (
              <SpecialistCardItem key={specialist.slug} specialist={specialist} />
            ))}
          </ul>
        )}
      </section>

      <section id="how-it-works" aria-labelledby="how-heading" className="scroll-mt-8">
        <h2 id="how-heading" className="text-2xl font-bold tracking-tight">
          How it works
        </h2>
        <ol className="mt-6 grid gap-5 sm:grid-cols-3">
          {[
            ["Find", "Browse by specialty, language, price and availability."],
            ["Book and pay", "Pick an open time in your zone and pay securely; the time is held while you do."],
            ["Meet", "Join the video call from your confirmation email, then leave a review."],
          ].map(([title, text], index) => (
            <li key={title} className="rounded-xl border border-slate-200 bg-white p-5">
              <p className="text-sm font-semibold text-brand-700">Step {index + 1}</p>
              <p className="mt-1 text-lg font-semibold">{title}</p>
              <p className="mt-2 text-slate-600">{text}</p>
            </li>
          ))}
        </ol>
      </section>

      <section
        id="for-specialists"
        aria-labelledby="for-specialists-heading"
        className="scroll-mt-8 rounded-2xl bg-brand-900 px-6 py-10 text-white sm:px-10"
      >
        <h2 id="for-specialists-heading" className="text-2xl font-bold tracking-tight">
          For specialists
        </h2>
        <p className="mt-3 max-w-2xl text-brand-100">
          Publish your weekly hours in your own time zone, set your prices and session lengths, and get paid out through Stripe. Clients
          worldwide see your availability in their local time.
        </p>
        <p className="mt-6">
          <Link
            to="/signup?role=specialist"
            className="inline-block rounded-lg bg-white px-5 py-3 font-semibold text-brand-900 shadow-sm hover:bg-brand-50"
          >
            Sign up as a specialist
          </Link>
        </p>
      </section>
    </div>
  );
}

function SpecialistCardItem({ specialist }: { specialist: SpecialistCard & { offset: string } }) {
  return (
    <li className="relative flex flex-col rounded-xl border border-slate-200 bg-white p-5 shadow-sm hover:border-brand-600">
      <div className="flex items-center gap-4">
        <img src={`/avatars/${specialist.slug}`} alt="" width={56} height={56} loading="lazy" className="h-14 w-14 rounded-full" />
        <div className="min-w-0">
          <h3 className="truncate text-lg font-semibold text-slate-900">
            {/* The link covers the whole card, so the card opens the profile wherever it is clicked. */}
            <Link to={`/s/${specialist.slug}`} className="after:absolute after:inset-0 hover:underline">
              {specialist.displayName}
            </Link>
          </h3>
          <p className="text-sm text-slate-500">
            {zoneCity(specialist.timezone)} · {specialist.offset}
          </p>
        </div>
      </div>
      <p className="mt-3 line-clamp-2 text-slate-700">{specialist.headline}</p>
      <SpecialtyChips specialties={specialist.specialties} />
      <p className="mt-auto pt-4 text-sm text-slate-600">
        {specialist.fromPrice === null
          ? "No sessions offered yet"
          : specialist.fromPrice.amountMinor === 0
            ? "Free intro call available"
            : `From ${formatMoney(specialist.fromPrice.amountMinor, specialist.fromPrice.currency)}`}
        {specialist.sessionCount > 1 ? ` · ${specialist.sessionCount} session types` : null}
      </p>
    </li>
  );
}
