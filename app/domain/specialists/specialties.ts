// The curated taxonomy specialists pick from. A fixed list (not free text) keeps
// browsing and filtering meaningful; slugs are stored in `specialists.specialties`
// and must never be renamed without a data migration.

export interface Specialty {
  slug: string;
  label: string;
}

export const specialties = [
  { slug: "career-coaching", label: "Career coaching" },
  { slug: "leadership", label: "Leadership & management" },
  { slug: "software-architecture", label: "Software architecture" },
  { slug: "data-science", label: "Data science & AI" },
  { slug: "product-management", label: "Product management" },
  { slug: "ux-design", label: "UX & product design" },
  { slug: "startup-fundraising", label: "Startup fundraising" },
  { slug: "marketing-growth", label: "Marketing & growth" },
  { slug: "legal-advice", label: "Legal advice" },
  { slug: "tax-accounting", label: "Tax & accounting" },
  { slug: "personal-finance", label: "Personal finance" },
  { slug: "nutrition", label: "Nutrition" },
  { slug: "fitness-coaching", label: "Fitness coaching" },
  { slug: "language-tutoring", label: "Language tutoring" },
  { slug: "public-speaking", label: "Public speaking" },
] as const satisfies readonly Specialty[];

export type SpecialtySlug = (typeof specialties)[number]["slug"];

const labelsBySlug: ReadonlyMap<string, string> = new Map(specialties.map((s) => [s.slug, s.label]));

export function isSpecialty(slug: string): slug is SpecialtySlug {
  return labelsBySlug.has(slug);
}

/** The label for a slug; unknown slugs (e.g. retired ones still in old rows) fall back to the slug itself. */
export function specialtyLabel(slug: string): string {
  return labelsBySlug.get(slug) ?? slug;
}

/**
 * English names of the ISO 639-1 languages specialists can offer sessions in.
 * Kept explicit rather than derived from `Intl.DisplayNames` so labels are the same
 * in every runtime and ICU build.
 */
export const languageNames = {
  ar: "Arabic",
  de: "German",
  en: "English",
  es: "Spanish",
  fr: "French",
  hi: "Hindi",
  id: "Indonesian",
  it: "Italian",
  ja: "Japanese",
  ko: "Korean",
  ne: "Nepali",
  pl: "Polish",
  pt: "Portuguese",
  sw: "Swahili",
  ta: "Tamil",
  tr: "Turkish",
  vi: "Vietnamese",
  yo: "Yoruba",
  zh: "Chinese",
} as const satisfies Record<string, string>;

export type LanguageCode = keyof typeof languageNames;

export function isLanguageCode(code: string): code is LanguageCode {
  return Object.hasOwn(languageNames, code);
}

/** The English name for a code; unknown codes are shown as given. */
export function languageName(code: string): string {
  return isLanguageCode(code) ? languageNames[code] : code;
}
