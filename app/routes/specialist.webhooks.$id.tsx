import type { MetaFunction } from "@remix-run/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/server-runtime";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { WebhookDetailPage } from "~/components/webhooks/webhook-pages";
import { webhookDetailAction, webhookDetailLoader } from "~/domain/outgoing-webhooks/webhook-pages.server";

export const meta: MetaFunction = () => [{ title: "Webhook endpoint · Your practice · Specialistly" }];

export const loader = ({ request, context, params }: LoaderFunctionArgs) =>
  webhookDetailLoader("specialist", request, context, params.id ?? "");
export const action = ({ request, context, params }: ActionFunctionArgs) =>
  webhookDetailAction("specialist", request, context, params.id ?? "");

export default WebhookDetailPage;

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
