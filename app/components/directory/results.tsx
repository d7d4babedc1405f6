import { Link, useFetcher } from "@remix-run/react";
import { SpecialtyChips } from "~/components/specialty-chips";
import { useState } from "react";

/** A directory card's labels, computed on the server so server and browser render the same text. */
export interface ResultCard {
  slug: string;
  displayName: string;
  headline: string;
  specialties: string[];
  zone: string;
  price: string | null;
  rating: { average: string; count: number } | null;
  nextAvailable: string | null;
}

/** What a directory page's data answers with, as "Load more" reads it. */
interface ResultsPage {
  results: ResultCard[];
  nextHref: string | null;
}

export function Results({
  results,
  total,
  totalCapped = false,
  nextHref,
}: {
  results: ResultCard[];
  total: number | null;
  /** More than `total` match: the count stops there. */
  totalCapped?: boolean;
  nextHref: string | null;
}) {
  // With JavaScript, "Load more" appends the next page here; without it, the link opens that page.
  const fetcher = useFetcher<ResultsPage>();
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
        {total === null
          ? "More specialists"
          : totalCapped
            ? `${total.toLocaleString("en")}+ specialists`
            : total === 1
              ? "1 specialist"
              : `${total} specialists`}
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
      <SpecialtyChips specialties={card.specialties} />
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
