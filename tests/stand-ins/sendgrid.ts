import { generateKeyPairSync, randomBytes, sign } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

// A stand-in for SendGrid, as its v3 reference describes it:
// - POST /v3/mail/send with `Authorization: Bearer <key>` and a JSON body, validated field by field
//   (400 with `{errors: [{message, field, help}]}`, every problem listed), 202 with X-Message-Id;
// - the Event Webhook: batches of events (a JSON array) signed with ECDSA P-256 / SHA-256 over
//   timestamp + raw body, the DER signature in base64 in X-Twilio-Email-Event-Webhook-Signature.

export interface AcceptedMail {
  messageId: string;
  to: string;
  from: { email: string; name?: string };
  subject: string;
  /** The content blocks in the order sent. */
  content: { type: string; value: string }[];
  headers: Record<string, string>;
  /** Attachments with their content decoded from base64 (UTF-8). */
  attachments: { filename: string; type: string; disposition: string; content: string }[];
  customArgs: Record<string, string>;
  body: unknown;
}

export type SendGridEvent = Record<string, unknown> & { event: string; sg_event_id: string; email: string; timestamp: number };

interface SendGridError {
  message: string;
  field: string | null;
}

export interface SendGridStandIn {
  /** SENDGRID_API_URL */
  url: string;
  /** SENDGRID_API_KEY: the only key it accepts. */
  apiKey: string;
  /** SENDGRID_WEBHOOK_PUBLIC_KEY: base64 DER (SPKI) of the key the event batches are signed with. */
  webhookPublicKey: string;
  /** Every mail send request received, accepted or not. */
  requests: number;
  accepted: AcceptedMail[];
  /** The next `count` requests get `status` (with SendGrid's error shape) whatever they hold. */
  failNext(count: number, status: number, message?: string): void;
  /** An event SendGrid would post about an accepted message (custom args at the top level, as SendGrid does). */
  event(mail: AcceptedMail, event: string, fields?: Record<string, unknown>, at?: Date): SendGridEvent;
  /** The body and headers of a signed batch, signed at `at` (default: now). */
  signBatch(events: unknown[], at?: Date): { body: string; headers: Record<string, string> };
  close(): Promise<void>;
}

const authError = { message: "The provided authorization grant is invalid, expired, or revoked", field: null };
const reservedHeaders = [
  "x-sg-id",
  "x-sg-eid",
  "received",
  "dkim-signature",
  "content-type",
  "content-transfer-encoding",
  "to",
  "from",
  "subject",
  "reply-to",
  "cc",
  "bcc",
];
const emailPattern = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
const fromMessage =
  'The from object must be provided for every email send. It is an object that requires the email parameter, but may also contain a name parameter.  e.g. {"email" : "example@example.com"}  or {"email" : "example@example.com", "name" : "Example Recipient"}.';
const toMessage =
  'The to array must at least have an email parameter with a valid email address and it may also contain a name parameter. e.g. {"email" : "example@example.com"} or {"email" : "example@example.com", "name" : "Example Recipient"}.';

export async function startSendGridStandIn(options: { apiKey?: string } = {}): Promise<SendGridStandIn> {
  const apiKey = options.apiKey ?? `SG.stand-in.${randomBytes(16).toString("hex")}`;
  const keys = generateKeyPairSync("ec", { namedCurve: "P-256" });
  let failures: { remaining: number; status: number; message: string } = { remaining: 0, status: 500, message: "" };

  const standIn: SendGridStandIn = {
    url: "",
    apiKey,
    webhookPublicKey: keys.publicKey.export({ type: "spki", format: "der" }).toString("base64"),
    requests: 0,
    accepted: [],
    failNext(count, status, message = status >= 500 ? "Internal server error" : "Too many requests") {
      failures = { remaining: count, status, message };
    },
    event(mail, event, fields = {}, at = new Date()) {
      return {
        email: mail.to,
        timestamp: Math.floor(at.getTime() / 1000),
        "smtp-id": `<${mail.messageId}@ismtpd-stand-in>`,
        event,
        sg_event_id: randomBytes(16).toString("base64url"),
        sg_message_id: `${mail.messageId}.recvd-stand-in-1-${randomBytes(4).toString("hex").toUpperCase()}-0`,
        ...mail.customArgs,
        ...fields,
      };
    },
    signBatch(events, at = new Date()) {
      const body = JSON.stringify(events);
      const timestamp = String(Math.floor(at.getTime() / 1000));
      const signature = sign("sha256", Buffer.from(timestamp + body), { key: keys.privateKey, dsaEncoding: "der" });
      return {
        body,
        headers: {
          "content-type": "application/json",
          "x-twilio-email-event-webhook-signature": signature.toString("base64"),
          "x-twilio-email-event-webhook-timestamp": timestamp,
        },
      };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const reply = (status: number, errors?: SendGridError[], headers: Record<string, string> = {}) => {
        const body = errors ? JSON.stringify({ errors: errors.map((error) => ({ ...error, help: null })) }) : "";
        response.writeHead(status, { ...(errors ? { "content-type": "application/json" } : {}), ...headers }).end(body);
      };
      if (request.method !== "POST" || request.url !== "/v3/mail/send") return reply(404, [{ message: "Not found", field: null }]);
      standIn.requests += 1;
      if (request.headers.authorization !== `Bearer ${apiKey}`) return reply(401, [authError]);
      if (failures.remaining > 0) {
        failures.remaining -= 1;
        return reply(failures.status, [{ message: failures.message, field: null }]);
      }
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        return reply(400, [{ message: "Bad Request", field: null }]);
      }
      const { errors, mail } = validateMailSend(body);
      if (errors.length > 0) return reply(400, errors);
      const messageId = randomBytes(16).toString("base64url").slice(0, 22);
      standIn.accepted.push({ ...mail!, messageId, body });
      reply(202, undefined, { "x-message-id": messageId });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  standIn.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return standIn;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const nonEmptyString = (value: unknown): value is string => typeof value === "string" && value.length > 0;
const hasCrlfOrSemicolon = (value: string) => /[;\r\n]/.test(value);

/** The checks SendGrid's Mail Send errors reference lists for the fields the app uses. */
function validateMailSend(body: unknown): { errors: SendGridError[]; mail?: Omit<AcceptedMail, "messageId" | "body"> } {
  const errors: SendGridError[] = [];
  if (!isObject(body)) return { errors: [{ message: "Bad Request", field: null }] };

  const personalizations = body.personalizations;
  let to = "";
  if (!Array.isArray(personalizations) || personalizations.length === 0) {
    errors.push({ message: "You must have at least one personalization.", field: "personalizations" });
  } else {
    personalizations.forEach((personalization: unknown, index) => {
      const recipients = isObject(personalization) ? personalization.to : undefined;
      if (!Array.isArray(recipients) || recipients.length === 0) {
        errors.push({ message: "The to parameter is required for all personalization objects.", field: `personalizations.${index}.to` });
        return;
      }
      recipients.forEach((recipient: unknown, position) => {
        const email = isObject(recipient) ? recipient.email : undefined;
        if (typeof email !== "string" || !emailPattern.test(email)) {
          errors.push({ message: toMessage, field: `personalizations.${index}.to.${position}.email` });
        } else if (!to) {
          to = email;
        }
      });
    });
  }

  const from = body.from;
  if (!isObject(from) || typeof from.email !== "string" || !emailPattern.test(from.email)) {
    errors.push({ message: fromMessage, field: "from" });
  } else if (from.name !== undefined && typeof from.name !== "string") {
    errors.push({ message: fromMessage, field: "from.name" });
  }

  if (!nonEmptyString(body.subject)) {
    errors.push({
      message:
        "The subject is required. You can get around this requirement if you use a template with a subject defined or if every personalization has a subject defined.",
      field: "subject",
    });
  }

  const content = body.content;
  if (!Array.isArray(content) || content.length === 0) {
    errors.push({
      message:
        "There must be at least one defined content block. We typically suggest both text/plain and text/html blocks are included, but only one block is required.",
      field: "content",
    });
  } else {
    const types: string[] = [];
    content.forEach((block: unknown, index) => {
      const type = isObject(block) ? block.type : undefined;
      const value = isObject(block) ? block.value : undefined;
      if (!nonEmptyString(type))
        errors.push({
          message: "A content type is required, this tells email clients how to display the email.",
          field: `content.${index}.type`,
        });
      else if (hasCrlfOrSemicolon(type))
        errors.push({ message: "Cannot contain ';', or CRLF characters.", field: `content.${index}.type` });
      else types.push(type);
      if (!nonEmptyString(value))
        errors.push({ message: "The content value must be a string at least one character in length.", field: `content.${index}.value` });
    });
    const plain = types.indexOf("text/plain");
    const html = types.indexOf("text/html");
    if ((plain !== -1 && plain !== 0) || (html !== -1 && html !== (plain === -1 ? 0 : 1))) {
      errors.push({
        message:
          "Following RFC 1341, section 7.2, if either text/html or text/plain are to be sent in your email: text/plain needs to be first, followed by text/html, followed by any other content.",
        field: "content",
      });
    }
  }

  const headers = body.headers ?? {};
  if (!isObject(headers)) {
    errors.push({ message: "The header values must be strings.", field: "headers" });
  } else {
    for (const [key, value] of Object.entries(headers)) {
      if (typeof value !== "string") errors.push({ message: "The header values must be strings.", field: `headers.${key}` });
      if (!/^[\x21-\x7e]+$/.test(key))
        errors.push({ message: "Header keys can't contain non-ASCII characters and empty spaces.", field: `headers.${key}` });
      if (reservedHeaders.includes(key.toLowerCase()))
        errors.push({ message: "Header can not be one of the reserved keys.", field: `headers.${key}` });
    }
  }

  const attachments: AcceptedMail["attachments"] = [];
  const attachmentList = body.attachments ?? [];
  if (!Array.isArray(attachmentList)) {
    errors.push({ message: "Invalid type. Expected: array, given: object.", field: "attachments" });
  } else {
    attachmentList.forEach((attachment: unknown, index) => {
      const field = (name: string) => `attachments.${index}.${name}`;
      const item = isObject(attachment) ? attachment : {};
      const { content: encoded, filename, type, disposition = "attachment" } = item;
      if (!nonEmptyString(encoded))
        errors.push({ message: "The attachment content must be a string at least one character in length.", field: field("content") });
      else if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 !== 0)
        errors.push({ message: "The attachment content must be base64 encoded.", field: field("content") });
      if (filename === undefined) errors.push({ message: "filename is required.", field: field("filename") });
      else if (typeof filename !== "string")
        errors.push({ message: "The filename of your attachment must be a string.", field: field("filename") });
      else if (/[\r\n]/.test(filename))
        errors.push({ message: "The filename of your attachment can't contain CRLF characters.", field: field("filename") });
      if (type !== undefined) {
        if (!nonEmptyString(type))
          errors.push({ message: "The attachment type must be a string and at least one character in length.", field: field("type") });
        else if (hasCrlfOrSemicolon(type))
          errors.push({ message: "The type can't contain ';', or CRLF characters.", field: field("type") });
      }
      if (disposition !== "inline" && disposition !== "attachment") {
        errors.push({
          message: `The disposition of your attachment can be either "inline" or "attachment". You provided ${String(disposition)}.`,
          field: field("disposition"),
        });
      }
      if (nonEmptyString(encoded) && typeof filename === "string") {
        attachments.push({
          filename,
          type: typeof type === "string" ? type : "application/octet-stream",
          disposition: String(disposition),
          content: Buffer.from(encoded, "base64").toString("utf8"),
        });
      }
    });
  }

  const customArgs = body.custom_args ?? {};
  if (!isObject(customArgs)) {
    errors.push({ message: `Invalid type. Expected: object, given: ${typeof customArgs}.`, field: "custom_args" });
  } else if (body.custom_args !== undefined && Object.keys(customArgs).length === 0) {
    errors.push({ message: "custom_args can't be empty.", field: "custom_args" });
  } else if (Object.values(customArgs).some((value) => typeof value !== "string")) {
    errors.push({ message: "All values of custom arguments object must be strings", field: "custom_args" });
  }

  if (errors.length > 0) return { errors };
  return {
    errors,
    mail: {
      to,
      from: from as AcceptedMail["from"],
      subject: body.subject as string,
      content: content as AcceptedMail["content"],
      headers: headers as Record<string, string>,
      attachments,
      customArgs: customArgs as Record<string, string>,
    },
  };
}
