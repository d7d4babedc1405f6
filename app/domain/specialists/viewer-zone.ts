import { isValidTimeZone } from "../../lib/time-format";
import { currentZoneName, zoneCity } from "../../lib/time-zones";

/**
 * The visitor's zone from the `tz` cookie (set by the browser before the first paint, see
 * `zoneCookieScript`), under its current name; null when absent or not a known zone.
 */
export function viewerTimeZone(request: Request): string | null {
  const header = request.headers.get("cookie") ?? "";
  for (const part of header.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name !== "tz") continue;
    let value: string;
    try {
      value = decodeURIComponent(rest.join("="));
    } catch {
      return null;
    }
    return isValidTimeZone(value) ? currentZoneName(value) : null;
  }
  return null;
}

/** Where the zone times are shown in came from: the browser, the signed-in user's settings, or neither. */
export type ViewerZoneSource = "browser" | "account" | "fallback";

/** The zone to show this visitor times in: their browser's, else their account's, else `fallback`. */
export function resolveViewerZone(
  request: Request,
  accountZone: string | null | undefined,
  fallback: string,
): { zone: string; source: ViewerZoneSource } {
  const detected = viewerTimeZone(request);
  if (detected) return { zone: detected, source: "browser" };
  const account = accountZoneName(accountZone);
  if (account) return { zone: account, source: "account" };
  return { zone: currentZoneName(fallback), source: "fallback" };
}

/** The visitor's zone from their browser, else their account; null when neither is known. */
export function knownViewerZone(request: Request, accountZone: string | null | undefined): string | null {
  return viewerTimeZone(request) ?? accountZoneName(accountZone);
}

function accountZoneName(zone: string | null | undefined) {
  return zone && isValidTimeZone(zone) ? currentZoneName(zone) : null;
}

/**
 * Runs in <head> before the first paint: stores the browser's zone in the `tz` cookie and, when
 * that changed it (the first visit, or after travelling), reloads so the server renders times in
 * it, as client hints do. It reloads only once the cookie has stuck, so a browser that refuses
 * cookies never loops.
 */
export const zoneCookieScript = `(function(){try{var z=Intl.DateTimeFormat().resolvedOptions().timeZone;if(!z)return;var v=encodeURIComponent(z);var has=function(){return (";"+document.cookie.replace(/ /g,"")+";").indexOf(";tz="+v+";")!==-1};if(has())return;document.cookie="tz="+v+"; Path=/; Max-Age=31536000; SameSite=Lax";if(has())location.reload()}catch(e){}})();`;

/** A zone as people read it: "Berlin", "Kolkata", "São Paulo", or "UTC". */
export function zoneName(timeZone: string): string {
  return zoneCity(timeZone);
}
