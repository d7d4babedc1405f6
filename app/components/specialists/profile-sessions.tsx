import { Link } from "@remix-run/react";

export interface ProfileSessionType {
  id: string;
  title: string;
  description: string;
  minutes: number;
  price: string;
  nextSlots: { startsAt: string; href: string; viewer: string; specialist: string | null }[];
}

const bookClass = "inline-block rounded-lg bg-brand-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-brand-700";
const slotClass = "inline-block rounded-md border border-brand-100 bg-brand-50 px-2.5 py-1 text-sm text-brand-900 hover:border-brand-600";

/**
 * The profile's session types, each with a Book link and its next open times in the viewer's zone.
 * In an admin's `preview` of an unlisted profile the same buttons show but lead nowhere.
 */
export function ProfileSessions({
  slug,
  sessionTypes,
  viewerZone,
  zoneName,
  preview = false,
}: {
  slug: string;
  sessionTypes: ProfileSessionType[];
  viewerZone: { name: string; offset: string; own: boolean };
  zoneName: string;
  preview?: boolean;
}) {
  return (
    <section aria-labelledby="sessions-heading">
      <h2 id="sessions-heading" className="text-xl font-semibold text-slate-900">
        Sessions
      </h2>
      <p className="mt-1 text-sm text-slate-500">
        Times in {viewerZone.own ? "your time zone" : "the specialist's time zone"}: {viewerZone.name} ({viewerZone.offset})
      </p>
      <ul className="mt-4 space-y-4">
        {sessionTypes.map((type) => (
          <li key={type.id} className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <h3 className="text-lg font-semibold text-slate-900">{type.title}</h3>
              <p className="font-semibold text-slate-900">
                {type.price} <span className="font-normal text-slate-500">· {type.minutes} min</span>
              </p>
            </div>
            {type.description ? <p className="mt-2 text-slate-600">{type.description}</p> : null}
            <p className="mt-3">
              {preview ? (
                <span className={bookClass}>
                  Book<span className="sr-only"> {type.title}</span>
                </span>
              ) : (
                <Link to={`/s/${slug}/book/${type.id}`} className={bookClass}>
                  Book<span className="sr-only"> {type.title}</span>
                </Link>
              )}
            </p>
            <h4 className="mt-4 text-sm font-medium text-slate-800">Next available</h4>
            {type.nextSlots.length === 0 ? (
              <p className="mt-1 text-sm text-slate-500">No open times right now.</p>
            ) : (
              <ul className="mt-2 flex flex-wrap gap-2" aria-label="Next available">
                {type.nextSlots.map((slot) => (
                  <li key={slot.startsAt}>
                    {preview ? (
                      <span className={slotClass}>
                        <SlotTime slot={slot} zoneName={zoneName} />
                      </span>
                    ) : (
                      <Link to={slot.href} className={slotClass}>
                        <SlotTime slot={slot} zoneName={zoneName} />
                      </Link>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function SlotTime({ slot, zoneName }: { slot: ProfileSessionType["nextSlots"][number]; zoneName: string }) {
  return (
    <time dateTime={slot.startsAt}>
      {slot.viewer}
      {slot.specialist ? ` your time · ${slot.specialist} ${zoneName}` : null}
    </time>
  );
}
