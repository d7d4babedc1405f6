import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link, useFetcher, useLoaderData, useLocation, type MetaFunction } from "@remix-run/react";
import { data, type LoaderFunctionArgs } from "@remix-run/server-runtime";
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from "react";
import { ErrorList, inputClass, Notice, SubmitButton } from "~/components/forms";
import { searchQuerySchema, searchSorts, sortLabels, type SearchQueryInput } from "~/domain/specialists/search-schema";
import { searchSpecialists, type SearchResult } from "~/domain/specialists/search.server";
import { languageNames, specialties, specialtyLabel } from "~/domain/specialists/specialties";
import { formatDayTime, viewerTimeZone, zoneName } from "~/domain/specialists/viewer-zone";
import { formatMoney } from "~/lib/money";
import { useHydrated } from "~/lib/use-hydrated";
import { zoneCity, zoneOffsetLabel } from "~/lib/time-zones";

export const meta: MetaFunction<typeof loader> = ({ location }) => {
  const text = new URLSearchParams(location.search).get("q")?.trim();
  return [
    { title: text ? `“${text.slice(0, 60)}” · Find a specialist · Specialistly` : "Find a specialist · Specialistly" },
    {
      name: "description",
      content:
        "Search coaches, consultants and experts by specialty, language, price, rating and availability, and book a paid 1:1 session in your own time zone.",
    },
  ];
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const submission = parseWithZod(url.searchParams, { schema: searchQuerySchema });
  if (submission.status !== "success") {
    return data({ lastResult: submission.reply() as SubmissionResult<string[]>, results: [], total: null, nextHref: null }, { status: 400 });
  }
  const now = context.clock.now();
  const viewerZone = viewerTimeZone(request);
  const page = await searchSpecialists(context.db, submission.value, now);
  const next = new URLSearchParams(url.searchParams);
  if (page.nextCursor) next.set("cursor", page.nextCursor);
  return {
    lastResult: null,
    results: page.results.map((result) => toCard(result, now, viewerZone)),
    total: page.total,
    nextHref: page.nextCursor ? `/specialists?${next}` : null,
  };
}

export type ResultCard = ReturnType<typeof toCard>;

/** Labels are computed on the server so server and browser render the same text. */
function toCard(result: SearchResult, now: Date, viewerZone: string | null) {
  const zone = viewerZone ?? result.timezone;
  return {
    slug: result.slug,
    displayName: result.displayName,
    headline: result.headline,
    specialties: result.specialties,
    zone: `${zoneCity(result.timezone)} · ${zoneOffsetLabel(result.timezone, now)}`,
    price:
      result.fromPrice === null
        ? null
        : result.fromPrice.amountMinor === 0
          ? "Free intro call available"
          : `From ${formatMoney(result.fromPrice.amountMinor, result.fromPrice.currency)}`,
    rating: result.ratingAvg === null || result.ratingCount === 0 ? null : { average: result.ratingAvg.toFixed(1), count: result.ratingCount },
    nextAvailable: result.nextAvailableAt ? `${formatDayTime(result.nextAvailableAt, zone)} (${zoneName(zone)} time)` : null,
  };
}

const availabilityChoices = [1, 3, 7, 14, 30];
const ratingChoices = ["3", "4", "4.5"];

export default function Specialists() {
  const { lastResult, results, total, nextHref } = useLoaderData<typeof loader>();
  const location = useLocation();
  const hydrated = useHydrated();
  const defaults: Record<string, string> = Object.fromEntries(new URLSearchParams(location.search));
  const [form, fields] = useForm<SearchQueryInput>({
    lastResult,
    defaultValue: defaults,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: searchQuerySchema }),
  });

  const debounce = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(debounce.current), []);
  // With JavaScript, filters apply as they change; typed values (search, prices) wait for a pause.
  function submitOnChange(event: FormEvent<HTMLFormElement>) {
    const formElement = event.currentTarget;
    const typed = event.target instanceof HTMLInputElement;
    clearTimeout(debounce.current);
    debounce.current = setTimeout(() => formElement.requestSubmit(), typed ? 400 : 0);
  }

  const invalid = lastResult !== null;
  const cursorErrors = fields.cursor.errors;

  return (
    <div className="space-y-8">
      <header>
        <h1 className="text-3xl font-bold tracking-tight text-slate-900">Find a specialist</h1>
        <p className="mt-2 text-slate-600">Search by topic, then narrow down by specialty, language, price, rating and availability.</p>
      </header>

      <Form
        method="get"
        action="/specialists"
        {...getFormProps(form)}
        onChange={hydrated ? submitOnChange : undefined}
        className="grid gap-4 rounded-2xl border border-slate-200 bg-white p-5 shadow-sm sm:grid-cols-2 lg:grid-cols-4"
        role="search"
      >
        <FilterField label="Search" htmlFor={fields.q.id} errors={fields.q.errors} className="sm:col-span-2 lg:col-span-4">
          <input {...getInputProps(fields.q, { type: "search" })} placeholder="e.g. distributed systems, tax, Japanese" className={inputClass} />
        </FilterField>
        <FilterField label="Specialty" htmlFor={fields.specialty.id} errors={fields.specialty.errors}>
          <select {...getSelectProps(fields.specialty)} className={inputClass}>
            <option value="">Any specialty</option>
            {specialties.map((specialty) => (
              <option key={specialty.slug} value={specialty.slug}>
                {specialty.label}
              </option>
            ))}
          </select>
        </FilterField>
        <FilterField label="Language" htmlFor={fields.language.id} errors={fields.language.errors}>
          <select {...getSelectProps(fields.language)} className={inputClass}>
            <option value="">Any language</option>
            {Object.entries(languageNames).map(([code, name]) => (
              <option key={code} value={code}>
                {name}
              </option>
            ))}
          </select>
        </FilterField>
        <FilterField label="Rating" htmlFor={fields.minRating.id} errors={fields.minRating.errors}>
          <select {...getSelectProps(fields.minRating)} className={inputClass}>
            <option value="">Any rating</option>
            {withCurrent(ratingChoices, fields.minRating.initialValue).map((value) => (
              <option key={value} value={value}>
                {value} stars or more
              </option>
            ))}
          </select>
        </FilterField>
        <FilterField label="Available within" htmlFor={fields.availableWithin.id} errors={fields.availableWithin.errors}>
          <select {...getSelectProps(fields.availableWithin)} className={inputClass}>
            <option value="">Any time</option>
            {withCurrent(availabilityChoices.map(String), fields.availableWithin.initialValue).map((value) => (
              <option key={value} value={value}>
                {value === "1" ? "the next day" : `${value} days`}
              </option>
            ))}
          </select>
        </FilterField>
        <FilterField
          label="Price from"
          htmlFor={fields.minPrice.id}
          errors={fields.minPrice.errors}
          hint="In the specialist's currency"
        >
          <input {...getInputProps(fields.minPrice, { type: "number" })} min={0} step="any" inputMode="decimal" className={inputClass} />
        </FilterField>
        <FilterField label="Price up to" htmlFor={fields.maxPrice.id} errors={fields.maxPrice.errors}>
          <input {...getInputProps(fields.maxPrice, { type: "number" })} min={0} step="any" inputMode="decimal" className={inputClass} />
        </FilterField>
        <FilterField label="Sort by" htmlFor={fields.sort.id} errors={fields.sort.errors}>
          <select {...getSelectProps(fields.sort)} className={inputClass}>
            {searchSorts.map((sort) => (
              <option key={sort} value={sort}>
                {sortLabels[sort]}
              </option>
            ))}
          </select>
        </FilterField>
        <div className="flex items-end gap-3">
          <SubmitButton pendingLabel="Searching…">Search</SubmitButton>
          <Link to="/specialists" className="py-2 text-sm font-medium text-brand-700 underline underline-offset-4">
            Clear filters
          </Link>
        </div>
      </Form>

      {invalid ? (
        <Notice tone="error">
          Some filters need fixing before we can search.
          <ErrorList errors={[...(cursorErrors ?? []), ...(form.errors ?? [])]} />
        </Notice>
      ) : (
        <Results key={location.search} results={results} total={total} nextHref={nextHref} />
      )}
    </div>
  );
}

/** Keeps a value that came from a shared URL selectable even if it isn't one of the usual choices. */
function withCurrent(choices: string[], current: unknown) {
  return typeof current === "string" && current !== "" && !choices.includes(current) ? [...choices, current] : choices;
}

function FilterField({
  label,
  htmlFor,
  errors,
  hint,
  className,
  children,
}: {
  label: string;
  htmlFor: string;
  errors?: string[];
  hint?: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={className}>
      <label htmlFor={htmlFor} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {children}
      {hint ? <p className="mt-1 text-xs text-slate-500">{hint}</p> : null}
      <ErrorList id={`${htmlFor}-error`} errors={errors} />
    </div>
  );
}

function Results({ results, total, nextHref }: { results: ResultCard[]; total: number | null; nextHref: string | null }) {
  // With JavaScript, "Load more" appends the next page here; without it, the link opens that page.
  const fetcher = useFetcher<typeof loader>();
  const [more, setMore] = useState<{ results: ResultCard[]; nextHref: string | null; from: unknown }>({
    results: [],
    nextHref,
    from: undefined,
  });
  // Absorb each loaded page once, while rendering (React's way to derive state from new data).
  const loaded = fetcher.state === "idle" ? fetcher.data : undefined;
  if (loaded && loaded !== more.from) {
    setMore({ results: [...more.results, ...loaded.results], nextHref: loaded.nextHref, from: loaded });
  }
  const shown = [...results, ...more.results];

  if (shown.length === 0) {
    return (
      <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-600">
        No specialists match these filters. Try fewer words or{" "}
        <Link to="/specialists" className="font-medium text-brand-700 underline underline-offset-4">
          clear the filters
        </Link>
        .
      </p>
    );
  }
  return (
    <section aria-labelledby="results-heading">
      <h2 id="results-heading" className="text-lg font-semibold text-slate-900">
        {total === null ? "More specialists" : total === 1 ? "1 specialist" : `${total} specialists`}
      </h2>
      <ul className="mt-4 grid gap-5 sm:grid-cols-2 lg:grid-cols-3">
        {shown.map((card) => (
          <ResultCardItem key={card.slug} card={card} />
        ))}
      </ul>
      {more.nextHref ? (
        <p className="mt-8 text-center">
          <a
            href={more.nextHref}
            onClick={(event) => {
              event.preventDefault();
              if (more.nextHref && fetcher.state === "idle") fetcher.load(more.nextHref);
            }}
            aria-busy={fetcher.state !== "idle"}
            className="inline-block rounded-lg border border-slate-300 bg-white px-5 py-2.5 font-semibold text-slate-800 hover:border-brand-600"
          >
            {fetcher.state === "idle" ? "Load more" : "Loading…"}
          </a>
        </p>
      ) : null}
    </section>
  );
}

function ResultCardItem({ card }: { card: ResultCard }) {
  return (
    <li className="relative flex flex-col rounded-xl border border-slate-200 bg-white p-5 shadow-sm hover:border-brand-600">
      <div className="flex items-center gap-4">
        <img src={`/avatars/${card.slug}`} alt="" width={56} height={56} loading="lazy" className="h-14 w-14 rounded-full" />
        <div className="min-w-0">
          <h3 className="truncate text-lg font-semibold text-slate-900">
            <a href={`/s/${card.slug}`} className="after:absolute after:inset-0">
              {card.displayName}
            </a>
          </h3>
          <p className="text-sm text-slate-500">{card.zone}</p>
        </div>
      </div>
      <p className="mt-3 line-clamp-2 text-slate-700">{card.headline}</p>
      <ul className="mt-3 flex flex-wrap gap-1.5" aria-label="Specialties">
        {card.specialties.map((slug) => (
          <li key={slug} className="rounded-full bg-brand-50 px-2.5 py-0.5 text-xs font-medium text-brand-700">
            {specialtyLabel(slug)}
          </li>
        ))}
      </ul>
      <div className="mt-auto space-y-1 pt-4 text-sm text-slate-600">
        {card.price ? <p>{card.price}</p> : null}
        {card.rating ? (
          <p>
            <span aria-hidden="true">★ </span>
            {card.rating.average} ({card.rating.count} {card.rating.count === 1 ? "review" : "reviews"})
          </p>
        ) : null}
        <p>{card.nextAvailable ? `Next available: ${card.nextAvailable}` : "No open times right now"}</p>
      </div>
    </li>
  );
}
