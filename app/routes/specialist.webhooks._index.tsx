import type { MetaFunction } from "@remix-run/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/server-runtime";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { WebhookListPage } from "~/components/webhooks/webhook-pages";
import { webhookListAction, webhookListLoader } from "~/domain/outgoing-webhooks/webhook-pages.server";

export const meta: MetaFunction = () => [{ title: "Webhooks · Your practice · Specialistly" }];

export const loader = ({ request, context }: LoaderFunctionArgs) => webhookListLoader("specialist", request, context);
export const action = ({ request, context }: ActionFunctionArgs) => webhookListAction("specialist", request, context);

export default WebhookListPage;

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
