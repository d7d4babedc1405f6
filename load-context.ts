import type { SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { PasswordHasher } from "./app/domain/auth/password-hasher";
import type { PaymentProvider } from "./app/domain/payments/payment-provider";
import type { AppEnv } from "./app/env.server";
import type { Mailer } from "./app/integrations/mail/mailer";
import type { SmsSender } from "./app/integrations/sms/sms-sender";
import type { Database } from "./db/database";
import type { JobMessage } from "./jobs/messages";

/** Where the app puts work for later: the `jobs` table on Node, Cloudflare Queues on Workers. */
export interface JobQueue {
  enqueue(message: JobMessage, options?: { delayMs?: number }): Promise<void>;
  /**
   * Only where jobs are database rows (Node): the INSERT that enqueues `message` inside the caller's
   * batch, written only when `when` holds, so a job commits exactly with the write that needs it.
   */
  enqueueInBatch?(message: JobMessage, when: SQL): BatchItem<"sqlite">;
  /** As `enqueueInBatch`, for many messages in one statement: each enqueued when `when(message)` (its JSON, as SQL) holds. */
  enqueueEachInBatch?(messages: JobMessage[], when: (message: SQL) => SQL): BatchItem<"sqlite">;
  /** Several messages at once, where the queue has a bulk send (Cloudflare Queues' sendBatch). */
  enqueueMany?(messages: JobMessage[]): Promise<void>;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export type Runtime = "node" | "workers";

declare module "@remix-run/server-runtime" {
  interface AppLoadContext {
    runtime: Runtime;
    env: AppEnv;
    db: Database;
    queue: JobQueue;
    clock: Clock;
    passwords: PasswordHasher;
    mailer: Mailer;
    sms: SmsSender;
    payments: PaymentProvider;
    /** Per request: the CSP nonce for inline scripts. */
    cspNonce: string;
    /** Per request: the client's IP address, when the runtime knows it. */
    clientAddress: string | null;
    /** Per request without an action (GET, HEAD): reads its loaders share, such as the session. */
    requestMemo?: RequestMemo;
  }
}

/** Reads done once per request and shared by every loader that asks (Remix runs them in parallel). */
export interface RequestMemo {
  /** The promise of `read`, started by the first caller with this key. */
  once<T>(key: RequestMemoKey<T>, read: () => Promise<T>): Promise<T>;
}

/** A key of one read in a request memo; the type parameter ties it to what that read returns. */
export type RequestMemoKey<T> = symbol & { readonly value?: T };

export function createRequestMemo(): RequestMemo {
  const reads = new Map<symbol, Promise<unknown>>();
  return {
    once<T>(key: RequestMemoKey<T>, read: () => Promise<T>) {
      let value = reads.get(key) as Promise<T> | undefined;
      if (!value) {
        value = read();
        reads.set(key, value);
      }
      return value;
    },
  };
}

export interface LoadContextParts {
  runtime: Runtime;
  env: AppEnv;
  db: Database;
  queue: JobQueue;
  clock?: Clock;
  passwords: PasswordHasher;
  mailer: Mailer;
  sms: SmsSender;
  payments: PaymentProvider;
}

export type BaseLoadContext = ReturnType<typeof createLoadContext>;

/** The one place a load context is assembled; each runtime entry supplies its adapters. */
export function createLoadContext(parts: LoadContextParts) {
  return { ...parts, clock: parts.clock ?? systemClock };
}
