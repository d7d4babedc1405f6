import type { LoaderFunctionArgs } from "@remix-run/server-runtime";
import { getSessionUser } from "~/domain/auth/auth.server";
import { findAvatar } from "~/domain/specialists/profile.server";
import { initialsAvatarSvg } from "~/lib/avatar";

// Listed specialists' pictures are public. An unlisted profile's picture is shown only to its
// owner (for the profile page's preview), and then never stored by shared caches.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const slug = params.slug ?? "";
  const avatar = await findAvatar(context.db, slug);
  const visible = avatar && (avatar.listed || (await getSessionUser(request, context))?.user.id === avatar.userId);
  if (!avatar || !visible) throw new Response("No specialist has that address.", { status: 404 });

  const headers = {
    // Pages link with ?v=<last change>, so an hour of caching never shows a replaced picture there.
    "Cache-Control": avatar.listed ? "public, max-age=3600" : "private, no-cache",
    "X-Content-Type-Options": "nosniff",
  };
  if (avatar.image && avatar.contentType) {
    return new Response(new Uint8Array(avatar.image), {
      headers: {
        ...headers,
        "Content-Type": avatar.contentType,
        "Content-Length": String(avatar.image.byteLength),
      },
    });
  }
  return new Response(initialsAvatarSvg(avatar.displayName, slug), {
    headers: { ...headers, "Content-Type": "image/svg+xml; charset=utf-8" },
  });
}
