import { useLoaderData, type MetaFunction } from "@remix-run/react";
import { data, type LoaderFunctionArgs } from "@remix-run/server-runtime";
import { ErrorPanel, GeneralErrorBoundary } from "~/components/error-boundary";
import { renderBio } from "~/domain/specialists/bio";
import { ProfileReviews } from "~/components/reviews/profile-reviews";
import { ProfileSessions } from "~/components/specialists/profile-sessions";
import { parseReviewsQuery, profileReviewsView } from "~/domain/reviews/profile-reviews.server";
import { findPublicProfile, type PublicProfile } from "~/domain/specialists/public-profile.server";
import { languageName, specialtyLabel } from "~/domain/specialists/specialties";
import { jsonForScript, personJsonLd } from "~/domain/specialists/structured-data";
import { getSessionUser } from "~/domain/auth/auth.server";
import { resolveViewerZone, zoneName } from "~/domain/specialists/viewer-zone";
import { formatPrice } from "~/lib/money";
import { useNonce } from "~/lib/nonce-provider";
import { formatDayTime, formatTime, zoneOffsetLabel } from "~/lib/time-format";
import { currentZoneName } from "~/lib/time-zones";
import { publicPageCaching, publicPageHeaders } from "~/security/headers.server";

export const headers = publicPageCaching;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const now = context.clock.now();
  const reviewsQuery = parseReviewsQuery(new URL(request.url).searchParams);
  const profile = await findPublicProfile(context.db, params.slug ?? "", now, reviewsQuery);
  if (!profile) throw new Response("No specialist has that address", { status: 404, statusText: "Not Found" });

  const origin = context.env.APP_URL ?? new URL(request.url).origin;
  const url = `${origin}/s/${encodeURIComponent(profile.slug)}`;
  const image = `${origin}/avatars/${encodeURIComponent(profile.slug)}`;
  const session = await getSessionUser(request, context);
  const viewer = resolveViewerZone(request, session?.user.timezone, profile.timezone);
  const viewerZone = viewer.zone;
  const description = summary(profile);
  const reviews = profileReviewsView(profile, reviewsQuery, viewerZone);

  return data(
    {
      url,
      image,
      description,
      displayName: profile.displayName,
      headline: profile.headline,
      slug: profile.slug,
      bioHtml: renderBio(profile.bio),
      specialties: profile.specialties.map(specialtyLabel),
      languages: profile.languages.map(languageName),
      zone: { name: zoneName(profile.timezone), offset: zoneOffsetLabel(profile.timezone, now) },
      viewerZone: { name: zoneName(viewerZone), offset: zoneOffsetLabel(viewerZone, now), own: viewer.source !== "fallback" },
      rating:
        profile.ratingAvg === null || profile.ratingCount === 0
          ? null
          : { average: profile.ratingAvg.toFixed(1), count: profile.ratingCount },
      ratingSummary: reviews.summary,
      reviews: reviews.page,
      sessionTypes: profile.sessionTypes.map((type) => ({
        id: type.id,
        title: type.title,
        description: type.description,
        minutes: type.minutes,
        price: formatPrice(type.priceMinor, type.currency),
        // Times are formatted here so server and browser render the same text.
        nextSlots: type.nextSlots.map((slot) => ({
          startsAt: slot.startsAt.toISOString(),
          href: `/s/${encodeURIComponent(profile.slug)}/book/${type.id}?${new URLSearchParams({ start: slot.startsAt.toISOString() })}`,
          viewer: formatDayTime(slot.startsAt, viewerZone),
          specialist: viewerZone === currentZoneName(profile.timezone) ? null : formatTime(slot.startsAt, profile.timezone),
        })),
      })),
      jsonLd: jsonForScript(
        personJsonLd({
          name: profile.displayName,
          description,
          url,
          image,
          offers: profile.sessionTypes.map((type) => ({
            name: type.title,
            description: type.description,
            amountMinor: type.priceMinor,
            currency: type.currency,
          })),
          rating: reviews.jsonLd,
        }),
      ),
    },
    { headers: publicPageHeaders(request) },
  );
}

/** The headline, or the bio's opening words, for search results and link previews. */
function summary(profile: PublicProfile): string {
  const text =
    profile.headline.trim() ||
    profile.bio
      .replace(/[*_\\[\]()#>`-]/g, "")
      .replace(/\s+/g, " ")
      .trim();
  const specialtyText = profile.specialties.map(specialtyLabel).join(", ");
  const full = specialtyText ? `${text} · ${specialtyText}` : text;
  return full.length > 160 ? `${full.slice(0, 157).trimEnd()}…` : full;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  if (!data) return [{ title: "Specialist not found · Specialistly" }];
  const title = `${data.displayName}${data.headline ? ` · ${data.headline}` : ""} · Specialistly`;
  return [
    { title },
    { name: "description", content: data.description },
    { property: "og:title", content: `${data.displayName} on Specialistly` },
    { property: "og:description", content: data.description },
    { property: "og:type", content: "profile" },
    { property: "og:url", content: data.url },
    { property: "og:image", content: data.image },
    { tagName: "link", rel: "canonical", href: data.url },
  ];
};

export default function SpecialistProfile() {
  const profile = useLoaderData<typeof loader>();
  const nonce = useNonce();
  return (
    <article className="space-y-10">
      <script
        type="application/ld+json"
        nonce={nonce}
        // The nonce is hidden from the DOM after load, so the browser's render differs on purpose.
        suppressHydrationWarning
        dangerouslySetInnerHTML={{ __html: profile.jsonLd }}
      />
      <header className="flex flex-col gap-6 sm:flex-row sm:items-center">
        <img src={`/avatars/${profile.slug}`} alt="" width={112} height={112} className="h-28 w-28 rounded-full" />
        <div className="min-w-0">
          <h1 className="text-3xl font-bold tracking-tight text-slate-900">{profile.displayName}</h1>
          {profile.headline ? <p className="mt-2 text-lg text-slate-700">{profile.headline}</p> : null}
          <p className="mt-2 text-sm text-slate-500">
            {profile.zone.name} · {profile.zone.offset}
            {profile.rating ? (
              <>
                {" · "}
                <span aria-hidden="true">★ </span>
                <a href="#reviews" className="underline underline-offset-4">
                  {profile.rating.average} ({profile.rating.count} {profile.rating.count === 1 ? "review" : "reviews"})
                </a>
              </>
            ) : null}
          </p>
        </div>
      </header>

      <div className="grid gap-10 lg:grid-cols-3">
        <div className="space-y-8 lg:col-span-2">
          <section aria-labelledby="about-heading">
            <h2 id="about-heading" className="text-xl font-semibold text-slate-900">
              About
            </h2>
            <div
              className="mt-3 space-y-3 text-slate-700 [&_a]:text-brand-700 [&_a]:underline [&_ol]:list-decimal [&_ol]:pl-6 [&_ul]:list-disc [&_ul]:pl-6"
              dangerouslySetInnerHTML={{ __html: profile.bioHtml }}
            />
          </section>

          <ProfileSessions
            slug={profile.slug}
            sessionTypes={profile.sessionTypes}
            viewerZone={profile.viewerZone}
            zoneName={profile.zone.name}
          />

          <ProfileReviews name={profile.displayName} summary={profile.ratingSummary} reviews={profile.reviews} />
        </div>

        <aside className="space-y-6 text-sm">
          <section aria-labelledby="specialties-heading">
            <h2 id="specialties-heading" className="font-semibold text-slate-900">
              Specialties
            </h2>
            <ul className="mt-2 flex flex-wrap gap-1.5">
              {profile.specialties.map((label) => (
                <li key={label} className="rounded-full bg-brand-50 px-2.5 py-0.5 text-xs font-medium text-brand-700">
                  {label}
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="languages-heading">
            <h2 id="languages-heading" className="font-semibold text-slate-900">
              Languages
            </h2>
            <p className="mt-2 text-slate-700">{profile.languages.join(", ")}</p>
          </section>
          <section aria-labelledby="zone-heading">
            <h2 id="zone-heading" className="font-semibold text-slate-900">
              Time zone
            </h2>
            <p className="mt-2 text-slate-700">
              {profile.zone.name} ({profile.zone.offset})
            </p>
          </section>
        </aside>
      </div>
    </article>
  );
}

export function ErrorBoundary() {
  return (
    <GeneralErrorBoundary
      statusHandlers={{
        404: () => (
          <ErrorPanel
            title="No specialist has that address"
            detail="The link may be mistyped, or the specialist is no longer listed. Browse the directory to find someone else."
            next={{ href: "/specialists", label: "Find a specialist" }}
          />
        ),
      }}
    />
  );
}
