import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link, useLoaderData, useLocation, type MetaFunction } from "@remix-run/react";
import { data, type LoaderFunctionArgs } from "@remix-run/server-runtime";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { FilterField } from "~/components/directory/filter-field";
import { Results, type ResultCard } from "~/components/directory/results";
import { ErrorList, inputClass, Notice, SubmitButton } from "~/components/forms";
import { currencyLabels, currencyName, formatRatesDate } from "~/domain/fx/currency-names";
import { currencyOfLanguages, currencyOfZone } from "~/domain/fx/local-currency";
import { sessionCurrencies } from "~/domain/specialists/price-input";
import { describePrices } from "~/domain/specialists/price-summary";
import { searchQuerySchema, searchSorts, sortLabels, type SearchQueryInput } from "~/domain/specialists/search-schema";
import { searchSpecialists, type SearchResult } from "~/domain/specialists/search.server";
import { languageNames, specialties } from "~/domain/specialists/specialties";
import { getSessionUser } from "~/domain/auth/auth.server";
import { knownViewerZone, zoneName } from "~/domain/specialists/viewer-zone";
import { useHydrated } from "~/lib/use-hydrated";
import { formatDayTime, zoneOffsetLabel } from "~/lib/time-format";
import { zoneCity } from "~/lib/time-zones";
import { publicPageCaching, publicPageHeaders } from "~/security/headers.server";

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

export const headers = publicPageCaching;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const submission = parseWithZod(url.searchParams, { schema: searchQuerySchema });
  const session = await getSessionUser(request, context);
  const viewerZone = knownViewerZone(request, session?.user.timezone);
  // The visitor's currency: chosen in the URL, else where their zone or language says they are.
  const chosen = submission.status === "success" ? submission.value.currency : undefined;
  const currency = chosen ?? currencyOfZone(viewerZone) ?? currencyOfLanguages(request.headers.get("accept-language")) ?? "USD";
  if (submission.status !== "success") {
    const reply = submission.reply();
    return data(
      { lastResult: reply, currency, ratesNote: null, ratingsExist: true, results: [], total: null, totalCapped: false, nextHref: null },
      { status: 400 },
    );
  }
  const now = context.clock.now();
  const page = await searchSpecialists(context.db, { ...submission.value, currency }, now);
  const next = new URLSearchParams(url.searchParams);
  if (page.nextCursor) next.set("cursor", page.nextCursor);
  return data(
    {
      lastResult: null,
      currency,
      ratesNote: `Prices in other currencies are converted to ${currencyName(currency)} at the reference rates of ${formatRatesDate(page.ratesAsOf)}. You pay in the specialist's currency.`,
      ratingsExist: page.ratingsExist,
      results: page.results.map((result) => toCard(result, now, viewerZone, currency)),
      total: page.total,
      totalCapped: page.totalCapped,
      nextHref: page.nextCursor ? `/specialists?${next}` : null,
    },
    { headers: publicPageHeaders(request, ["Cookie", "Accept-Language"]) },
  );
}

function toCard(result: SearchResult, now: Date, viewerZone: string | null, currency: string): ResultCard {
  const zone = viewerZone ?? result.timezone;
  return {
    slug: result.slug,
    displayName: result.displayName,
    headline: result.headline,
    specialties: result.specialties,
    zone: `${zoneCity(result.timezone)} · ${zoneOffsetLabel(result.timezone, now)}`,
    price: describePrices(result.prices, currency),
    rating:
      result.ratingAvg === null || result.ratingCount === 0 ? null : { average: result.ratingAvg.toFixed(1), count: result.ratingCount },
    nextAvailable: result.nextAvailableAt ? `${formatDayTime(result.nextAvailableAt, zone)} (${zoneName(zone)} time)` : null,
  };
}

const availabilityChoices = [1, 3, 7, 14, 30];
const ratingChoices = ["3", "4", "4.5"];
/** The fields that narrow the results (not the currency or the order). */
const filterNames = ["q", "specialty", "language", "minRating", "availableWithin", "minPrice", "maxPrice"];

export default function Specialists() {
  const { lastResult, currency, ratesNote, ratingsExist, results, total, totalCapped, nextHref } = useLoaderData<typeof loader>();
  const location = useLocation();
  const hydrated = useHydrated();
  const defaults = formDefaults(location.search, currency);
  // A new form (fresh fields from the URL) whenever the URL changes other than by this form: Clear
  // filters, Back. The form's own submissions already match the URL and keep their fields.
  const [generation, setGeneration] = useState(0);
  const formElement = useRef<HTMLFormElement>(null);
  useEffect(() => {
    const element = formElement.current;
    if (!element) return;
    // Never overwrite what the person is typing while an earlier search loads.
    const active = document.activeElement;
    if (active instanceof HTMLInputElement && element.contains(active)) return;
    const wanted = formDefaults(location.search, currency);
    const stale = [...new FormData(element)].some(([name, value]) => value !== (wanted[name] ?? ""));
    if (stale) setGeneration((current) => current + 1);
  }, [location.search, currency]);
  const [form, fields] = useForm<SearchQueryInput>({
    id: `directory-filters-${generation}`,
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
  // Until someone has reviews, rating filters and sorts would only pretend; a shared link keeps its choice.
  const ratingsShown = ratingsExist || defaults.minRating !== undefined || defaults.sort === "rating";
  const cursorErrors = fields.cursor.errors;
  const filtersOn = filterNames.filter((name) => (defaults[name] ?? "") !== "").length;

  return (
    <div className="space-y-8">
      <header>
        <h1 className="text-3xl font-bold tracking-tight text-slate-900">Find a specialist</h1>
        <p className="mt-2 text-slate-600">Search by topic, then narrow down by specialty, language, price, rating and availability.</p>
      </header>

      <details
        open={filtersOn > 0 || invalid}
        className="rounded-2xl border border-slate-200 bg-white shadow-sm lg:[&::details-content]:block lg:[&::details-content]:[content-visibility:visible]"
      >
        <summary className="cursor-pointer px-5 py-3 font-medium text-slate-900 lg:hidden">
          Filters{filtersOn > 0 ? ` · ${filtersOn} on` : ""}
        </summary>
        <Form
          key={generation}
          ref={formElement}
          method="get"
          action="/specialists"
          {...getFormProps(form)}
          onChange={hydrated ? submitOnChange : undefined}
          className="grid gap-4 p-5 sm:grid-cols-2 lg:grid-cols-4"
          role="search"
        >
          <FilterField label="Search" htmlFor={fields.q.id} errors={fields.q.errors} className="sm:col-span-2 lg:col-span-4">
            <input
              {...getInputProps(fields.q, { type: "search" })}
              placeholder="e.g. distributed systems, tax, Japanese"
              className={inputClass}
            />
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
          {ratingsShown ? (
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
          ) : (
            <div>
              <p className="block text-sm font-medium text-slate-800">Rating</p>
              <p className="mt-2 text-sm text-slate-500">No ratings yet: reviews appear here after the first sessions.</p>
            </div>
          )}
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
          <FilterField label="Currency" htmlFor={fields.currency.id} errors={fields.currency.errors}>
            <select {...getSelectProps(fields.currency)} className={inputClass}>
              {sessionCurrencies.map((code) => (
                <option key={code} value={code}>
                  {currencyLabels[code]}
                </option>
              ))}
            </select>
          </FilterField>
          <FilterField
            label="Price from"
            htmlFor={fields.minPrice.id}
            errors={fields.minPrice.errors}
            hint={`In ${currencyName(currency)}`}
          >
            <input {...getInputProps(fields.minPrice, { type: "number" })} min={0} step="any" inputMode="decimal" className={inputClass} />
          </FilterField>
          <FilterField label="Price up to" htmlFor={fields.maxPrice.id} errors={fields.maxPrice.errors}>
            <input {...getInputProps(fields.maxPrice, { type: "number" })} min={0} step="any" inputMode="decimal" className={inputClass} />
          </FilterField>
          <FilterField label="Sort by" htmlFor={fields.sort.id} errors={fields.sort.errors}>
            <select {...getSelectProps(fields.sort)} className={inputClass}>
              {searchSorts
                .filter((sort) => sort !== "rating" || ratingsShown)
                .map((sort) => (
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
      </details>

      {invalid ? (
        <Notice tone="error">
          Some filters need fixing before we can search.
          <ErrorList errors={[...(cursorErrors ?? []), ...(form.errors ?? [])]} />
        </Notice>
      ) : (
        <>
          <Results key={location.search} results={results} total={total} totalCapped={totalCapped} nextHref={nextHref} />
          {ratesNote && results.length > 0 ? <p className="text-sm text-slate-500">{ratesNote}</p> : null}
        </>
      )}
    </div>
  );
}

/** The form's values for a URL: its query, over the visitor's currency and the default order. */
function formDefaults(search: string, currency: string): Record<string, string> {
  return { currency, sort: "relevance", ...Object.fromEntries(new URLSearchParams(search)) };
}

/** Keeps a value that came from a shared URL selectable even if it isn't one of the usual choices. */
function withCurrent(choices: string[], current: unknown) {
  return typeof current === "string" && current !== "" && !choices.includes(current) ? [...choices, current] : choices;
}
