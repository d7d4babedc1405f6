import { useLoaderData, type MetaFunction } from "@remix-run/react";
import { data, type LoaderFunctionArgs } from "@remix-run/server-runtime";
import { apiErrorStatuses } from "~/api/v1/errors";
import { openApiDocument } from "~/api/v1/openapi.server";
import { apiBasePath } from "~/api/v1/router.server";
import { ApiIntro } from "~/components/api-docs/api-intro";
import { ApiOperations } from "~/components/api-docs/api-reference";
import { apiReference, type OpenApiDocumentLike } from "~/components/api-docs/reference";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { publicPageCaching, publicPageHeaders } from "~/security/headers.server";

export const meta: MetaFunction = () => [
  { title: "API reference · Specialistly" },
  { name: "description", content: "The Specialistly REST API: authentication, errors, pagination and every operation." },
];

export const headers = publicPageCaching;

// Rendered from the generated OpenAPI document, so a new operation appears here by itself.
export function loader({ request }: LoaderFunctionArgs) {
  const reference = apiReference(openApiDocument() as unknown as OpenApiDocumentLike, apiBasePath);
  const errorCodes = Object.entries(apiErrorStatuses).map(([code, status]) => ({ code, status }));
  return data({ reference, errorCodes }, { headers: publicPageHeaders(request) });
}

export default function ApiDocs() {
  const { reference, errorCodes } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-5xl">
      <h1 className="text-3xl font-bold tracking-tight text-slate-900">{reference.title} reference</h1>
      <p className="mt-1 text-sm text-slate-600">Version {reference.version}</p>
      <div className="mt-6">
        <ApiIntro basePath={reference.basePath} errorCodes={errorCodes} />
      </div>
      <ApiOperations reference={reference} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
