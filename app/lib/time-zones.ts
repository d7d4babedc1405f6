/** "America/Los_Angeles" → "Los Angeles". */
export function zoneCity(timeZone: string): string {
  const last = timeZone.split("/").at(-1) ?? timeZone;
  return last.replaceAll("_", " ");
}

/** The zone's UTC offset at `at`, e.g. "GMT+5:45", "GMT-7", "GMT". */
export function zoneOffsetLabel(timeZone: string, at: Date): string {
  const part = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "shortOffset" })
    .formatToParts(at)
    .find((candidate) => candidate.type === "timeZoneName");
  // ICU versions differ on zero offsets ("GMT" vs "GMT+0"); keep one spelling.
  return part?.value.replace(/^GMT[+-]0$/, "GMT") ?? "GMT";
}

/** Whether `timeZone` is an IANA zone this runtime knows (aliases such as Asia/Calcutta included). */
export function isValidTimeZone(timeZone: string): boolean {
  if (!timeZone || timeZone.length > 64) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}
