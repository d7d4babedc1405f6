import { useEffect, useState } from "react";

/**
 * "Continue with Google" for the login and sign-up pages. A plain link, not a form: it works
 * without JavaScript, and a form POST redirected to Google would be blocked by the CSP's
 * `form-action 'self'`.
 */
export function GoogleSignIn({ redirectTo, label = "Continue with Google" }: { redirectTo?: string; label?: string }) {
  const [pending, setPending] = useState(false);
  // Coming back with the browser's Back button restores the page from cache: reset the label.
  useEffect(() => {
    const reset = () => setPending(false);
    window.addEventListener("pageshow", reset);
    return () => window.removeEventListener("pageshow", reset);
  }, []);
  const href = `/auth/google${redirectTo ? `?${new URLSearchParams({ redirectTo })}` : ""}`;
  return (
    <a
      href={href}
      onClick={() => setPending(true)}
      aria-disabled={pending || undefined}
      className="flex w-full items-center justify-center gap-3 rounded-lg border border-slate-300 bg-white px-4 py-2 font-semibold text-slate-800 shadow-sm hover:border-brand-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 aria-disabled:opacity-60"
    >
      <GoogleLogo />
      {pending ? "Opening Google…" : label}
    </a>
  );
}

/** "or" between the Google button and the email form. */
export function SignInDivider() {
  return (
    <div className="my-5 flex items-center gap-3 text-sm text-slate-500" role="separator" aria-label="or">
      <span className="h-px flex-1 bg-slate-200" />
      <span aria-hidden="true">or</span>
      <span className="h-px flex-1 bg-slate-200" />
    </div>
  );
}

function GoogleLogo() {
  return (
    <svg aria-hidden="true" focusable="false" width="18" height="18" viewBox="0 0 48 48">
      <path
        fill="#EA4335"
        d="M24 9.5c3.54 0 6.71 1.22 9.21 3.6l6.85-6.85C35.9 2.38 30.47 0 24 0 14.62 0 6.51 5.38 2.56 13.22l7.98 6.19C12.43 13.72 17.74 9.5 24 9.5z"
      />
      <path
        fill="#4285F4"
        d="M46.98 24.55c0-1.57-.15-3.09-.38-4.55H24v9.02h12.94c-.58 2.96-2.26 5.48-4.78 7.18l7.73 6c4.51-4.18 7.09-10.36 7.09-17.65z"
      />
      <path
        fill="#FBBC05"
        d="M10.53 28.59c-.48-1.45-.76-2.99-.76-4.59s.27-3.14.76-4.59l-7.98-6.19C.92 16.46 0 20.12 0 24c0 3.88.92 7.54 2.56 10.78l7.97-6.19z"
      />
      <path
        fill="#34A853"
        d="M24 48c6.48 0 11.93-2.13 15.89-5.81l-7.73-6c-2.15 1.45-4.92 2.3-8.16 2.3-6.26 0-11.57-4.22-13.47-9.91l-7.98 6.19C6.51 42.62 14.62 48 24 48z"
      />
    </svg>
  );
}
