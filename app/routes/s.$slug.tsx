import { useLoaderData, type MetaFunction } from "@remix-run/react";
import { data, type LoaderFunctionArgs } from "@remix-run/server-runtime";
import { ErrorPanel, GeneralErrorBoundary } from "~/components/error-boundary";
import { ProfileReviews } from "~/components/reviews/profile-reviews";
import { ProfileSessions } from "~/components/specialists/profile-sessions";
import { ProfileOverview, profileView } from "~/components/specialists/profile-view";
import { parseReviewsQuery, profileReviewsView } from "~/domain/reviews/profile-reviews.server";
import { findPublicProfile, type PublicProfile } from "~/domain/specialists/public-profile.server";
import { specialtyLabel } from "~/domain/specialists/specialties";
import { jsonForScript, personJsonLd } from "~/domain/specialists/structured-data";
import { getSessionUser } from "~/domain/auth/auth.server";
import { resolveViewerZone } from "~/domain/specialists/viewer-zone";
import { useNonce } from "~/lib/nonce-provider";
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
      ...profileView(profile, { now, viewerZone, ownZone: viewer.source !== "fallback" }),
      url,
      image,
      description,
      ratingSummary: reviews.summary,
      reviews: reviews.page,
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
      <ProfileOverview profile={profile}>
        <ProfileSessions
          slug={profile.slug}
          sessionTypes={profile.sessionTypes}
          viewerZone={profile.viewerZone}
          zoneName={profile.zone.name}
        />

        <ProfileReviews name={profile.displayName} summary={profile.ratingSummary} reviews={profile.reviews} />
      </ProfileOverview>
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
