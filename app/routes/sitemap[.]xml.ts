import type { LoaderFunctionArgs } from "@remix-run/server-runtime";
import { listedSpecialistSlugs } from "~/domain/specialists/directory.server";
import { appOrigin } from "~/lib/app-origin";

const escapeXml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function entry(location: string, lastModified?: Date) {
  const lastmod = lastModified ? `<lastmod>${lastModified.toISOString().slice(0, 10)}</lastmod>` : "";
  return `<url><loc>${escapeXml(location)}</loc>${lastmod}</url>`;
}

/** The public pages: home, the directory and every listed specialist's profile. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const origin = appOrigin(request, context);
  const profiles = await listedSpecialistSlugs(context.db);
  const xml = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    entry(`${origin}/`),
    entry(`${origin}/specialists`),
    ...profiles.map((profile) => entry(`${origin}/s/${encodeURIComponent(profile.slug)}`, profile.updatedAt)),
    "</urlset>",
  ].join("\n");
  return new Response(`${xml}\n`, {
    headers: {
      "Content-Type": "application/xml; charset=utf-8",
      "Cache-Control": "public, max-age=3600, s-maxage=3600, stale-while-revalidate=86400",
    },
  });
}
