import { specialtyLabel } from "~/domain/specialists/specialties";

/** A specialist's specialties as the chips every card shows. */
export function SpecialtyChips({ specialties }: { specialties: readonly string[] }) {
  return (
    <ul className="mt-3 flex flex-wrap gap-1.5" aria-label="Specialties">
      {specialties.map((slug) => (
        <li key={slug} className="rounded-full bg-brand-50 px-2.5 py-0.5 text-xs font-medium text-brand-700">
          {specialtyLabel(slug)}
        </li>
      ))}
    </ul>
  );
}
