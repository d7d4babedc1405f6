// Shared by the payouts page (its country list) and the server (validation).

/** Countries where Stripe offers Express accounts to platforms (its Connect country list). */
export const payoutCountries = [
  "AE", "AT", "AU", "BE", "BG", "BR", "CA", "CH", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GB", "GI", "GR", "HK",
  "HR", "HU", "IE", "IT", "JP", "LI", "LT", "LU", "LV", "MT", "MX", "MY", "NL", "NO", "NZ", "PL", "PT", "RO", "SE", "SG",
  "SI", "SK", "TH", "US",
] as const;

export type PayoutCountry = (typeof payoutCountries)[number];
