import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/server-runtime";
import { handleApiRequest } from "~/api/v1/router.server";

// Every /api/v1 address: the API routes, validates and answers in JSON itself.
export const loader = ({ request, context }: LoaderFunctionArgs) => handleApiRequest(request, context);
export const action = ({ request, context }: ActionFunctionArgs) => handleApiRequest(request, context);
