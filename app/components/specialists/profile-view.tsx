import type { ReactNode } from "react";
import type { PublicProfile } from "~/domain/specialists/public-profile.server";
import { renderBio } from "~/domain/specialists/bio";
import { languageName, specialtyLabel } from "~/domain/specialists/specialties";
import { zoneName } from "~/domain/specialists/viewer-zone";
import { formatPrice } from "~/lib/money";
import { formatDayTime, formatTime, zoneOffsetLabel } from "~/lib/time-format";
import { currentZoneName } from "~/lib/time-zones";
import type { ProfileSessionType } from "./profile-sessions";

// The public profile as customers see it, shared by /s/<slug> and the admin's preview of a
// profile waiting for approval, so the preview can't drift from the real page.

/** What the profile page renders of a profile, formatted on the server in the viewer's zone. */
export function profileView(profile: PublicProfile, options: { now: Date; viewerZone: string; ownZone: boolean }) {
  const { now, viewerZone } = options;
  return {
    displayName: profile.displayName,
    headline: profile.headline,
    slug: profile.slug,
    bioHtml: renderBio(profile.bio),
    specialties: profile.specialties.map(specialtyLabel),
    languages: profile.languages.map(languageName),
    zone: { name: zoneName(profile.timezone), offset: zoneOffsetLabel(profile.timezone, now) },
    viewerZone: { name: zoneName(viewerZone), offset: zoneOffsetLabel(viewerZone, now), own: options.ownZone },
    rating:
      profile.ratingAvg === null || profile.ratingCount === 0
        ? null
        : { average: profile.ratingAvg.toFixed(1), count: profile.ratingCount },
    sessionTypes: profile.sessionTypes.map((type): ProfileSessionType => ({
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
  };
}

export type ProfileView = ReturnType<typeof profileView>;

/**
 * The header, the bio and the side facts; `children` go in the main column under the bio. The name
 * is the page's h1, or an h3 inside an admin page (whose h1 and h2 are the area's and the page's).
 */
export function ProfileOverview({
  profile,
  nameHeading: NameHeading = "h1",
  children,
}: {
  profile: Omit<ProfileView, "sessionTypes" | "viewerZone">;
  nameHeading?: "h1" | "h3";
  children: ReactNode;
}) {
  return (
    <>
      <header className="flex flex-col gap-6 sm:flex-row sm:items-center">
        <img src={`/avatars/${profile.slug}`} alt="" width={112} height={112} className="h-28 w-28 rounded-full" />
        <div className="min-w-0">
          <NameHeading className="text-3xl font-bold tracking-tight text-slate-900">{profile.displayName}</NameHeading>
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
          {children}
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
    </>
  );
}
