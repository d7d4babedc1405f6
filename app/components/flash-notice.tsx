import { useLocation } from "@remix-run/react";
import { useEffect, useState, type ReactNode } from "react";
import { Notice } from "./forms";

/**
 * The success message of the last save. It speaks about that save only, so it goes as soon as a
 * form on the page shows an error (checked in the browser, after any submit including conform's
 * validation on blur); the next save's page shows its own message. Without JavaScript the
 * server's answer replaces the page, so the caller drops the message when an action answered.
 */
export function FlashNotice({ children }: { children: ReactNode }) {
  const { key } = useLocation();
  // The page visit (location key) on which an error showed; a new visit shows the message again.
  const [staleOn, setStaleOn] = useState<string | null>(null);
  useEffect(() => {
    // After the submit's errors are rendered (fields with errors carry aria-invalid).
    const checkForErrors = () =>
      requestAnimationFrame(() => {
        if (document.querySelector('main [aria-invalid="true"]')) setStaleOn(key);
      });
    window.addEventListener("submit", checkForErrors);
    return () => window.removeEventListener("submit", checkForErrors);
  }, [key]);
  return staleOn === key ? null : <Notice tone="success">{children}</Notice>;
}
