import type { LoaderFunctionArgs } from "@remix-run/server-runtime";
import { formatInTimeZone } from "date-fns-tz";
import { exportAccountData } from "~/domain/account/account.server";
import { requireUser } from "~/domain/auth/auth.server";

// A GET download: other sites can link here but can't read the answer, and it changes nothing.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireUser(request, context);
  const now = context.clock.now();
  const exported = await exportAccountData(context.db, user.id, now);
  const filename = `specialistly-export-${formatInTimeZone(now, user.timezone, "yyyy-MM-dd")}.json`;
  return new Response(JSON.stringify(exported, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      // Personal data: never kept by a browser or shared cache.
      "Cache-Control": "no-store",
    },
  });
}
