import type { LoaderFunctionArgs } from "@remix-run/server-runtime";
import { appOrigin } from "~/lib/app-origin";

// Account, payment and dashboard pages are private: crawlers have nothing to find there.
const privatePaths = [
  "/bookings",
  "/settings",
  "/specialist/",
  "/onboarding",
  "/pay",
  "/auth",
  "/dev",
  "/webhooks",
  "/verify-email",
  "/reset-password",
];

export function loader({ request, context }: LoaderFunctionArgs) {
  const lines = [
    "User-agent: *",
    "Allow: /",
    ...privatePaths.map((path) => `Disallow: ${path}`),
    "",
    `Sitemap: ${appOrigin(request, context)}/sitemap.xml`,
  ];
  return new Response(`${lines.join("\n")}\n`, {
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "public, max-age=3600" },
  });
}
