import { useEffect, useRef } from "react";

/**
 * Submits the browser's time zone with the form. Without JavaScript it stays "UTC" and the
 * user can change it in settings.
 */
export function TimeZoneInput({ name = "timezone" }: { name?: string }) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (ref.current && zone) ref.current.value = zone;
  }, []);
  return <input ref={ref} type="hidden" name={name} defaultValue="UTC" />;
}
