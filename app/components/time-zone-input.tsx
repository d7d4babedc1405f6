import { useHydrated } from "~/lib/use-hydrated";

/**
 * Submits the browser's time zone with the form. Without JavaScript it stays "UTC" and the
 * user can change it in settings.
 */
export function TimeZoneInput({ name = "timezone" }: { name?: string }) {
  const hydrated = useHydrated();
  const zone = hydrated ? Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC" : "UTC";
  return <input type="hidden" name={name} value={zone} readOnly />;
}
