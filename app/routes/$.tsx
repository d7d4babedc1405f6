import { GeneralErrorBoundary } from "~/components/error-boundary";

// Unknown URLs render the 404 page inside the site's layout instead of a bare error.
export function loader() {
  throw new Response(null, { status: 404, statusText: "Not Found" });
}

export default function NotFound() {
  return null;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
