import type { LoaderFunctionArgs } from "@remix-run/server-runtime";
import { checkHealth } from "~/domain/health/health.server";

export async function loader({ context }: LoaderFunctionArgs) {
  const report = await checkHealth(context.db);
  return Response.json(report, {
    status: report.status === "ok" ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}
