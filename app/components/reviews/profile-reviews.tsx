import { Link } from "@remix-run/react";
import { ReportFields } from "~/components/reviews/report-form";

export interface RatingSummary {
  average: string;
  count: number;
  distribution: { stars: number; count: number; percent: number }[];
  aspects: { label: string; average: string }[];
}

export interface ProfileReview {
  id: string;
  author: string;
  overall: number;
  comment: string;
  createdAt: string;
  date: string;
  response: string | null;
}

export interface ReviewsPage {
  sorts: { label: string; href: string; current: boolean }[];
  items: ProfileReview[];
  page: number;
  previousHref: string | null;
  nextHref: string | null;
}

const linkClass = "font-medium text-brand-700 underline underline-offset-4";

/** The rating summary (average, distribution, aspects) and a page of reviews with responses; plain links, no JavaScript needed. */
export function ProfileReviews({ name, summary, reviews }: { name: string; summary: RatingSummary | null; reviews: ReviewsPage }) {
  return (
    <section id="reviews" aria-labelledby="reviews-heading">
      <h2 id="reviews-heading" className="text-xl font-semibold text-slate-900">
        Reviews
      </h2>
      {!summary ? (
        <p className="mt-2 text-slate-600">No reviews of {name} yet.</p>
      ) : (
        <>
          <div className="mt-3 grid gap-6 rounded-xl border border-slate-200 bg-white p-5 shadow-sm sm:grid-cols-3">
            <p>
              <span className="text-4xl font-bold text-slate-900">{summary.average}</span>
              <span className="text-slate-600"> out of 5</span>
              <span className="block text-sm text-slate-500">
                {summary.count} {summary.count === 1 ? "review" : "reviews"}
              </span>
            </p>
            <table className="text-sm sm:col-span-1">
              <caption className="sr-only">How many reviews gave each rating</caption>
              <tbody>
                {summary.distribution.map((row) => (
                  <tr key={row.stars}>
                    <th scope="row" className="pr-2 text-left font-normal whitespace-nowrap text-slate-700">
                      {row.stars} {row.stars === 1 ? "star" : "stars"}
                    </th>
                    <td className="w-full">
                      <span aria-hidden="true" className="block h-2 rounded bg-slate-100">
                        <span className="block h-2 rounded bg-amber-400" style={{ width: `${row.percent}%` }} />
                      </span>
                    </td>
                    <td className="pl-2 text-right text-slate-700">{row.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <dl className="space-y-1 text-sm">
              {summary.aspects.map((aspect) => (
                <div key={aspect.label} className="flex justify-between gap-2">
                  <dt className="text-slate-700">{aspect.label}</dt>
                  <dd className="font-medium text-slate-900">{aspect.average}</dd>
                </div>
              ))}
            </dl>
          </div>

          <nav aria-label="Sort reviews" className="mt-4 flex flex-wrap gap-3 text-sm">
            <span className="text-slate-600">Sort:</span>
            {reviews.sorts.map((sort) => (
              <Link
                key={sort.label}
                to={sort.href}
                aria-current={sort.current ? "page" : undefined}
                className={sort.current ? "font-semibold text-slate-900" : linkClass}
              >
                {sort.label}
              </Link>
            ))}
          </nav>

          <ol className="mt-4 space-y-4">
            {reviews.items.map((review) => (
              <li key={review.id} className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
                <p className="flex flex-wrap items-baseline justify-between gap-2">
                  <span className="font-semibold text-slate-900">
                    <span aria-hidden="true">
                      {"★".repeat(review.overall)}
                      {"☆".repeat(5 - review.overall)}{" "}
                    </span>
                    <span className="sr-only">Rated </span>
                    {review.overall} of 5
                  </span>
                  <span className="text-sm text-slate-500">
                    {review.author} · <time dateTime={review.createdAt}>{review.date}</time>
                  </span>
                </p>
                {review.comment ? <p className="mt-2 whitespace-pre-line text-slate-700">{review.comment}</p> : null}
                {review.response ? (
                  <div className="mt-3 border-l-4 border-brand-100 pl-3">
                    <p className="text-sm font-medium text-slate-800">Response from {name}</p>
                    <p className="mt-1 whitespace-pre-line text-slate-700">{review.response}</p>
                  </div>
                ) : null}
                {/* The same form for every visitor keeps the page cacheable; signing in happens on submit. */}
                <details className="mt-3 text-sm">
                  <summary className="cursor-pointer text-slate-500">Report this review</summary>
                  <ReportFields reviewId={review.id} />
                </details>
              </li>
            ))}
          </ol>
          {reviews.previousHref || reviews.nextHref ? (
            <nav aria-label="Review pages" className="mt-4 flex gap-4 text-sm">
              {reviews.previousHref ? (
                <Link to={reviews.previousHref} className={linkClass} rel="prev">
                  Previous page
                </Link>
              ) : null}
              <span className="text-slate-600">Page {reviews.page}</span>
              {reviews.nextHref ? (
                <Link to={reviews.nextHref} className={linkClass} rel="next">
                  Next page
                </Link>
              ) : null}
            </nav>
          ) : null}
        </>
      )}
    </section>
  );
}
