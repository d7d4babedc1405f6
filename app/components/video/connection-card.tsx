import { Form } from "@remix-run/react";
import { Notice, SubmitButton } from "~/components/forms";

export type ConnectionView = {
  state: "connected" | "lost";
  email: string | null;
  name: string | null;
  since: string;
} | null;

export interface ConnectionCardProps {
  provider: "zoom" | "google";
  /** "Zoom", "Google Calendar" */
  title: string;
  /** Whose account it is at the provider: "Zoom", "Google". */
  company: string;
  connection: ConnectionView;
  unavailable: string | null;
  /** Why the site can't offer it, when `unavailable` is the provider's missing settings. */
  settingsHint: string;
  justConnected: boolean;
  justDisconnected: boolean;
  disconnectedNotice: string;
  disconnectHint: string;
}

/** One provider's connection on /specialist/video: its state, connect/reconnect, disconnect. */
export function ConnectionCard(props: ConnectionCardProps) {
  const { provider, title, company, connection } = props;
  const who = connection ? (connection.email ?? connection.name ?? `your ${company} account`) : null;
  return (
    <div className="space-y-4">
      <h3 className="text-base font-semibold text-slate-900">{title}</h3>
      {props.justConnected && connection?.state === "connected" ? <Notice tone="success">{`${title} is connected.`}</Notice> : null}
      {props.justDisconnected && !connection ? (
        <Notice tone="success">{`${title} is disconnected: ${props.disconnectedNotice}`}</Notice>
      ) : null}
      {connection === null ? (
        <p>
          <strong>{`${title}: not connected.`}</strong>
        </p>
      ) : connection.state === "connected" ? (
        <p>
          <strong>Connected as {who}</strong> since {connection.since}.
        </p>
      ) : (
        <Notice tone="error">
          <strong>{`${title}: connection lost — reconnect.`}</strong> {company} stopped accepting our access to {who}, perhaps because the
          app was removed in {company}. Reconnect to keep getting {title} meetings.
        </Notice>
      )}

      {props.unavailable ? (
        <Notice>
          {`Connecting ${title} isn't available on this site yet: ${
            props.unavailable === "encryption-key" ? "it needs an encryption key for the tokens (ENCRYPTION_KEY)." : props.settingsHint
          }`}
        </Notice>
      ) : connection?.state !== "connected" ? (
        <Form method="post">
          <input type="hidden" name="provider" value={provider} />
          <SubmitButton name="intent" value="connect" pendingLabel={`Opening ${company}…`}>
            {connection ? `Reconnect ${title}` : `Connect ${title}`}
          </SubmitButton>
        </Form>
      ) : null}
      {connection ? (
        <Form method="post" className="space-y-2">
          <input type="hidden" name="provider" value={provider} />
          <p className="text-xs text-slate-500">{props.disconnectHint}</p>
          <SubmitButton name="intent" value="disconnect" variant="secondary" pendingLabel="Disconnecting…">
            {`Disconnect ${title}`}
          </SubmitButton>
        </Form>
      ) : null}
    </div>
  );
}
