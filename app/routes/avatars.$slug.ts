import type { LoaderFunctionArgs } from "@remix-run/server-runtime";
import { findListedSpecialistName } from "~/domain/specialists/directory.server";
import { initialsAvatarSvg } from "~/lib/avatar";

export async function loader({ params, context }: LoaderFunctionArgs) {
  const slug = params.slug ?? "";
  const name = await findListedSpecialistName(context.db, slug);
  if (name === undefined) throw new Response("No specialist has that address.", { status: 404 });
  return new Response(initialsAvatarSvg(name, slug), {
    headers: {
      "Content-Type": "image/svg+xml; charset=utf-8",
      "Cache-Control": "public, max-age=86400",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
