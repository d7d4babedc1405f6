import { createHmac, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

// A stand-in for Twilio's Messages API (2010-04-01) and the webhooks Twilio sends back. It checks
// what the real API checks for the parameters the app uses, answers with Twilio's JSON (a Message
// resource, or {code, message, more_info, status}), and signs its callbacks as Twilio does:
// X-Twilio-Signature = base64(HMAC-SHA1(auth token, URL + each POST param name+value sorted by name)).

export const standInAccountSid = `AC${"0123456789abcdef".repeat(2)}`;
export const standInAuthToken = "stand-in-twilio-auth-token";
/** The account's own number, where replies arrive. */
export const standInNumber = "+15005550006";

const e164 = /^\+[1-9]\d{6,14}$/;
const apiVersion = "2010-04-01";

export interface StandInMessage {
  sid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  statusCallback: string | null;
  /** Every form parameter as received. */
  params: Record<string, string>;
}

export interface TwilioFailure {
  status: number;
  code: number;
  message: string;
}

/** How a callback reaches the app: `fetch` for a running server, or a test's in-process handler. */
export type Deliver = (request: Request) => Promise<Response>;

export interface TwilioStandIn {
  /** For TWILIO_API_URL. */
  url: string;
  accountSid: string;
  authToken: string;
  /** Messages accepted, oldest first. */
  messages: StandInMessage[];
  /** Requests to the Messages endpoint, refused ones included. */
  requests: number;
  /** The next `count` valid requests get this error instead of a message. */
  failNext(count: number, failure: TwilioFailure): void;
  /** Reports `status` of a sent message to the StatusCallback it was sent with. */
  sendStatus(sid: string, status: "sent" | "delivered" | "undelivered" | "failed", options?: { errorCode?: number }): Promise<Response>;
  /**
   * A text from `from` to the account's number, posted to `inboundUrl`. STOP and START also change
   * who the stand-in sends to, as Twilio does; `advancedOptOut` adds OptOutType as a Messaging
   * Service with Advanced Opt-Out does.
   */
  sendInbound(message: { from: string; body: string; to?: string; advancedOptOut?: boolean }, inboundUrl: string): Promise<Response>;
  /** The signed request Twilio would send, for tests that alter it. */
  signedRequest(url: string, params: Record<string, string>, authToken?: string): Request;
  close(): Promise<void>;
}

/** Twilio's signature over a POST of `params` to `url`, computed independently of the app's code. */
export function twilioSignatureFor(authToken: string, url: string, params: Record<string, string>) {
  const data =
    url +
    Object.keys(params)
      .sort()
      .map((name) => name + params[name])
      .join("");
  return createHmac("sha1", authToken).update(data, "utf8").digest("base64");
}

const optOut = new Set(["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"]);
const optIn = new Set(["START", "UNSTOP"]);

export async function startTwilioStandIn(options: { deliver?: Deliver } = {}): Promise<TwilioStandIn> {
  const deliver: Deliver = options.deliver ?? ((request) => fetch(request));
  const failures: TwilioFailure[] = [];
  const unsubscribed = new Set<string>();

  const signedRequest = (url: string, params: Record<string, string>, authToken = standInAuthToken) =>
    new Request(url, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-twilio-signature": twilioSignatureFor(authToken, url, params),
        "user-agent": "TwilioProxy/1.1",
      },
      body: new URLSearchParams(params),
    });

  const standIn: TwilioStandIn = {
    url: "",
    accountSid: standInAccountSid,
    authToken: standInAuthToken,
    messages: [],
    requests: 0,
    failNext(count, failure) {
      for (let index = 0; index < count; index += 1) failures.push(failure);
    },
    async sendStatus(sid, status, { errorCode } = {}) {
      const message = standIn.messages.find((one) => one.sid === sid);
      if (!message) throw new Error(`The stand-in sent no message ${sid}`);
      if (!message.statusCallback) throw new Error(`Message ${sid} was sent without a StatusCallback`);
      const params: Record<string, string> = {
        AccountSid: standInAccountSid,
        ApiVersion: apiVersion,
        From: message.from ?? standInNumber,
        MessageSid: sid,
        MessageStatus: status,
        SmsSid: sid,
        SmsStatus: status,
        To: message.to,
      };
      if (message.messagingServiceSid) params.MessagingServiceSid = message.messagingServiceSid;
      if (errorCode !== undefined) params.ErrorCode = String(errorCode);
      return deliver(signedRequest(message.statusCallback, params));
    },
    async sendInbound({ from, body, to = standInNumber, advancedOptOut = false }, inboundUrl) {
      const sid = messageSid();
      const keyword = body.trim().toUpperCase();
      const params: Record<string, string> = {
        AccountSid: standInAccountSid,
        ApiVersion: apiVersion,
        Body: body,
        From: from,
        MessageSid: sid,
        NumMedia: "0",
        NumSegments: "1",
        SmsMessageSid: sid,
        SmsSid: sid,
        SmsStatus: "received",
        To: to,
      };
      if (optOut.has(keyword)) {
        unsubscribed.add(from);
        if (advancedOptOut) params.OptOutType = "STOP";
      } else if (optIn.has(keyword)) {
        unsubscribed.delete(from);
        if (advancedOptOut) params.OptOutType = "START";
      }
      return deliver(signedRequest(inboundUrl, params));
    },
    signedRequest,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };

  const server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      response.writeHead(500).end(String(error));
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const path = new URL(request.url ?? "/", "http://stand-in").pathname;
    const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(path);
    if (!match) return reply(response, 404, error(20404, "The requested resource was not found", 404));
    if (request.method !== "POST") return reply(response, 405, error(20004, "Method not allowed", 405));
    standIn.requests += 1;

    const credentials = basicCredentials(request.headers.authorization);
    if (!credentials || credentials.user !== standInAccountSid || credentials.password !== standInAuthToken) {
      response.setHeader("www-authenticate", 'Basic realm="Twilio API"');
      return reply(response, 401, error(20003, "Authenticate", 401));
    }
    if (match[1] !== standInAccountSid) {
      return reply(response, 404, error(20404, `The requested resource ${path} was not found`, 404));
    }
    if (!request.headers["content-type"]?.startsWith("application/x-www-form-urlencoded")) {
      return reply(response, 400, error(20001, "Content-Type must be application/x-www-form-urlencoded", 400));
    }
    const params = Object.fromEntries(new URLSearchParams(await readBody(request)));

    const refusal = validate(params);
    if (refusal) return reply(response, refusal.status, error(refusal.code, refusal.message, refusal.status));
    if (unsubscribed.has(params.To!)) {
      return reply(response, 400, error(21610, "Attempt to send to unsubscribed recipient", 400));
    }
    const failure = failures.shift();
    if (failure) return reply(response, failure.status, error(failure.code, failure.message, failure.status));

    const sid = messageSid();
    const message: StandInMessage = {
      sid,
      to: params.To!,
      from: params.From ?? null,
      messagingServiceSid: params.MessagingServiceSid ?? null,
      body: params.Body!,
      statusCallback: params.StatusCallback ?? null,
      params,
    };
    standIn.messages.push(message);
    const now = new Date().toUTCString().replace("GMT", "+0000");
    const uri = `/${apiVersion}/Accounts/${standInAccountSid}/Messages/${sid}.json`;
    return reply(response, 201, {
      account_sid: standInAccountSid,
      api_version: apiVersion,
      body: message.body,
      date_created: now,
      date_sent: null,
      date_updated: now,
      direction: "outbound-api",
      error_code: null,
      error_message: null,
      from: message.from,
      messaging_service_sid: message.messagingServiceSid,
      num_media: "0",
      num_segments: String(Math.max(1, Math.ceil(message.body.length / 153))),
      price: null,
      price_unit: "USD",
      sid,
      // A Messaging Service picks the sender first: its messages start as "accepted".
      status: message.messagingServiceSid ? "accepted" : "queued",
      subresource_uris: { media: uri.replace(/\.json$/, "/Media.json") },
      to: message.to,
      uri,
    });
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  standIn.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return standIn;
}

/** Twilio's checks on the parameters the app sends, with its error codes. */
function validate(params: Record<string, string>): TwilioFailure | null {
  const { To: to, Body: body, From: from, MessagingServiceSid: service, StatusCallback: callback } = params;
  if (!to) return { status: 400, code: 21604, message: "A 'To' phone number is required." };
  if (!e164.test(to)) return { status: 400, code: 21211, message: `Invalid 'To' Phone Number: ${to}` };
  if (!from && !service) return { status: 400, code: 21603, message: "A 'From' phone number is required." };
  // Twilio would take both (From wins); the app is meant to send exactly one, so the stand-in insists.
  if (from && service) return { status: 400, code: 21603, message: "Send either From or MessagingServiceSid, not both." };
  if (from && !e164.test(from)) return { status: 400, code: 21212, message: `Invalid From Number (caller ID): ${from}` };
  if (service && !/^MG[0-9a-fA-F]{32}$/.test(service))
    return { status: 400, code: 21701, message: "The Messaging Service Sid is invalid." };
  if (!body) return { status: 400, code: 21602, message: "Message body is required." };
  if (body.length > 1600) return { status: 400, code: 21617, message: "The concatenated message body exceeds the 1600 character limit." };
  if (callback !== undefined && !/^https?:\/\/[^/_]+(\/|$)/.test(callback)) {
    return { status: 400, code: 21609, message: `Invalid StatusCallback url: ${callback}` };
  }
  return null;
}

function error(code: number, message: string, status: number) {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

function reply(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(body));
}

function basicCredentials(header: string | undefined) {
  const encoded = /^Basic\s+(\S+)$/i.exec(header ?? "")?.[1];
  if (!encoded) return null;
  const decoded = Buffer.from(encoded, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? null : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

async function readBody(request: IncomingMessage) {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function messageSid() {
  return `SM${randomBytes(16).toString("hex")}`;
}
