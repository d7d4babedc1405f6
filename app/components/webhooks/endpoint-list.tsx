import { Link } from "@remix-run/react";

export interface EndpointSummary {
  id: string;
  url: string;
  description: string | null;
  events: string[];
  enabled: boolean;
  createdOn: string;
}

export function EndpointList({ endpoints, basePath }: { endpoints: EndpointSummary[]; basePath: string }) {
  if (endpoints.length === 0) return <p className="mt-4 text-sm text-slate-700">No endpoints yet. Add one below.</p>;
  return (
    <ul className="mt-4 divide-y divide-slate-200">
      {endpoints.map((endpoint) => (
        <li key={endpoint.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
          <div className="min-w-0">
            <p className="break-all font-medium text-slate-900">
              {endpoint.url}
              {endpoint.enabled ? null : (
                <span className="ml-2 rounded-full bg-red-50 px-2 py-0.5 text-xs font-medium text-red-800">Disabled</span>
              )}
            </p>
            <p className="text-sm text-slate-600">
              {[
                endpoint.description,
                `${endpoint.events.length} event${endpoint.events.length === 1 ? "" : "s"}`,
                `added ${endpoint.createdOn}`,
              ]
                .filter(Boolean)
                .join(" · ")}
            </p>
          </div>
          <Link to={`${basePath}/${endpoint.id}`} className="text-sm font-medium text-brand-700 underline">
            Manage<span className="sr-only"> {endpoint.url}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
