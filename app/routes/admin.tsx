import { useOutlet, type MetaFunction } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/server-runtime";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SectionLayout } from "~/components/section-layout";
import { requireRole } from "~/domain/auth/auth.server";

export const meta: MetaFunction = () => [{ title: "Admin · Specialistly" }];

// Each child route checks the role too: Remix runs child loaders and actions in parallel with
// (or without) this one, so this check alone would not protect them.
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(request, context, ["admin"]);
  return null;
}

const sections = [
  { to: "/admin/reviews", label: "Reviews" },
  { to: "/admin/specialists", label: "Specialists" },
  { to: "/admin/revenue", label: "Revenue" },
];

export default function AdminArea() {
  const outlet = useOutlet();
  return (
    <SectionLayout title="Admin" sections={sections} width="max-w-6xl">
      {outlet ?? (
        <section className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
          <p className="text-slate-700">Choose a section.</p>
        </section>
      )}
    </SectionLayout>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
