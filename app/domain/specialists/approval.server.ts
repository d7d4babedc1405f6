// Specialist approval (issue #12, ADR 0019): a new profile waits as `pending` until an admin
// approves it or rejects it with a reason; after a rejection its owner may resubmit it (back to
// pending). Only approved profiles list or take bookings — the listing rule and the booking
// queries already require it. Each admin decision is one batch: its audit row, the change and the
// specialist's notices, all conditioned on the profile still being as the admin saw it and the
// actor being an active admin, so of two admins deciding at once only one writes anything.
import type { AppLoadContext } from "@remix-run/server-runtime";
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { availabilityWindows, sessionTypes, specialists, users, type approvalStatuses, type Specialist } from "../../../db/schema";
import { writeWithJobs } from "../../lib/write-with-jobs.server";
import { auditedWrite } from "../admin/audit.server";
import { notify, type RecordedNotification } from "../notifications/notifications.server";
import { rejectSchema } from "./approval-schemas";
import { meetsListingRequirements } from "./profile.server";

export type ApprovalFailure = "invalid-input" | "not-found" | "not-allowed" | "wrong-state";
export type ApprovalFailureResult = { ok: false; reason: ApprovalFailure; message: string };

export const approvalFailureStatus: Record<ApprovalFailure, number> = {
  "invalid-input": 400,
  "not-found": 404,
  "not-allowed": 403,
  "wrong-state": 409,
};

const fail = (reason: ApprovalFailure, message: string): ApprovalFailureResult => ({ ok: false, reason, message });

type WriteContext = Pick<AppLoadContext, "db" | "clock" | "queue">;
export type ApprovalStatus = (typeof approvalStatuses)[number];

export type ApprovalDecision = "approve" | "reject";
const transitions: Record<ApprovalDecision, { from: ApprovalStatus[]; to: ApprovalStatus; wrongState: string }> = {
  // An admin may change their mind about a rejection without waiting for a resubmission.
  approve: { from: ["pending", "rejected"], to: "approved", wrongState: "This profile is already approved." },
  reject: { from: ["pending"], to: "rejected", wrongState: "Only a profile waiting for approval can be rejected." },
};

const approvalState = (specialist: Pick<Specialist, "approval" | "approvalNote">) => ({
  approval: specialist.approval,
  approvalNote: specialist.approvalNote,
});

/** An admin approves a pending (or rejected) profile; the specialist is told. */
export function approveSpecialist(context: WriteContext, input: { actorUserId: string; specialistId: string }) {
  return decide(context, { ...input, decision: "approve" });
}

/** An admin rejects a pending profile with a reason (≤ 1,000 characters) the specialist sees. */
export function rejectSpecialist(context: WriteContext, input: { actorUserId: string; specialistId: string; reason: unknown }) {
  return decide(context, { ...input, decision: "reject" });
}

async function decide(
  context: WriteContext,
  input: { actorUserId: string; specialistId: string; decision: ApprovalDecision; reason?: unknown },
): Promise<{ ok: true; specialist: Specialist } | ApprovalFailureResult> {
  const { db } = context;
  const admin = await db.query.users.findFirst({ where: and(eq(users.id, input.actorUserId), eq(users.role, "admin")) });
  if (!admin || admin.status !== "active") return fail("not-allowed", "Only admins approve specialists.");
  let reason: string | null = null;
  if (input.decision === "reject") {
    const parsed = rejectSchema.safeParse({ reason: input.reason });
    if (!parsed.success) return fail("invalid-input", parsed.error.issues[0]?.message ?? "Check the reason.");
    reason = parsed.data.reason;
  }
  const specialist = await db.query.specialists.findFirst({ where: eq(specialists.id, input.specialistId) });
  if (!specialist) return fail("not-found", "There's no specialist at that address.");
  const transition = transitions[input.decision];
  if (!transition.from.includes(specialist.approval)) return fail("wrong-state", transition.wrongState);

  const now = context.clock.now();
  const after = { approval: transition.to, approvalNote: reason };
  // The profile as the admin saw it: another decision or a resubmission in between makes the whole write a no-op.
  const unchanged = sql`exists (select 1 from ${specialists} where ${specialists.id} = ${specialist.id}
    and ${specialists.approval} = ${specialist.approval}
    and coalesce(${specialists.approvalRequestedAt}, 0) = ${specialist.approvalRequestedAt?.getTime() ?? 0}
    and coalesce(${specialists.approvalDecidedAt}, 0) = ${specialist.approvalDecidedAt?.getTime() ?? 0})`;
  const audit = auditedWrite(
    db,
    {
      actorId: admin.id,
      action: `specialist.${input.decision}`,
      subjectType: "specialist",
      subjectId: specialist.id,
      before: approvalState(specialist),
      after,
      reason,
      at: now,
    },
    unchanged,
  );
  // Whether approval alone lists them: published, with something to book and hours to book it in.
  const [listing] = await db
    .select({ complete: sql<boolean>`${meetsListingRequirements}`.mapWith(Boolean) })
    .from(specialists)
    .where(eq(specialists.id, specialist.id));
  const listed = specialist.published && Boolean(listing?.complete);
  const notice = decisionNotice(context, { ...specialist, listed }, reason, audit.id, audit.audited);
  await writeWithJobs(
    context,
    [
      audit.insert,
      db
        .update(specialists)
        .set({ approval: transition.to, approvalNote: reason, approvalDecidedAt: now, approvalDecidedBy: admin.id })
        .where(and(eq(specialists.id, specialist.id), audit.audited)),
      ...notice.statements,
    ],
    notice.jobs,
  );
  if (!(await audit.wasWritten())) return fail("wrong-state", "Someone else decided on this profile just now; reload to see it.");
  const updated = await db.query.specialists.findFirst({ where: eq(specialists.id, specialist.id) });
  return { ok: true, specialist: updated! };
}

/** The specialist's notice of a decision; each decision is its own occurrence (a profile may be rejected twice). */
function decisionNotice(
  context: WriteContext,
  specialist: Specialist & { listed: boolean },
  reason: string | null,
  decisionId: string,
  when: ReturnType<typeof auditedWrite>["audited"],
): RecordedNotification {
  const subject = { type: "specialist", id: specialist.id };
  if (reason !== null) {
    return notify(
      context,
      {
        userId: specialist.userId,
        kind: "specialist-rejected",
        subject,
        occurrence: decisionId,
        payload: { specialistId: specialist.id, reason },
      },
      when,
    );
  }
  return notify(
    context,
    {
      userId: specialist.userId,
      kind: "specialist-approved",
      subject,
      occurrence: decisionId,
      payload: { specialistId: specialist.id, slug: specialist.slug, listed: specialist.listed },
    },
    when,
  );
}

/**
 * The owner sends a rejected profile back for review: pending again, at the end of the queue.
 * Acts only on `actorUserId`'s own profile, and only from `rejected`.
 */
export async function resubmitForApproval(
  context: Pick<AppLoadContext, "db" | "clock">,
  input: { actorUserId: string },
): Promise<{ ok: true } | ApprovalFailureResult> {
  const { db } = context;
  const updated = await db
    .update(specialists)
    .set({ approval: "pending", approvalRequestedAt: context.clock.now() })
    .where(and(eq(specialists.userId, input.actorUserId), eq(specialists.approval, "rejected")))
    .returning({ id: specialists.id });
  if (updated.length === 1) return { ok: true };
  const own = await db.query.specialists.findFirst({ columns: { approval: true }, where: eq(specialists.userId, input.actorUserId) });
  if (!own) return fail("not-found", "Create your profile first.");
  return fail(
    "wrong-state",
    own.approval === "pending" ? "Your profile is already waiting for approval." : "Your profile is approved: there's nothing to resubmit.",
  );
}

export type ApprovalFilter = ApprovalStatus;
export const approvalQueueLimit = 100;

/**
 * The profiles an admin looks at: pending ones oldest request first (the queue), or the rejected
 * or approved ones, latest decision first. Null when the viewer isn't an admin.
 */
export async function approvalQueue(context: Pick<AppLoadContext, "db">, viewer: { role: string }, filter: ApprovalFilter) {
  if (viewer.role !== "admin") return null;
  return context.db
    .select({
      id: specialists.id,
      slug: specialists.slug,
      displayName: specialists.displayName,
      headline: specialists.headline,
      approval: specialists.approval,
      published: specialists.published,
      requestedAt: specialists.approvalRequestedAt,
      decidedAt: specialists.approvalDecidedAt,
      note: specialists.approvalNote,
    })
    .from(specialists)
    .where(eq(specialists.approval, filter))
    .orderBy(
      ...(filter === "pending"
        ? [asc(sql`coalesce(${specialists.approvalRequestedAt}, ${specialists.createdAt})`)]
        : [desc(specialists.approvalDecidedAt)]),
      asc(specialists.id),
    )
    .limit(approvalQueueLimit);
}

/** What the admin's preview shows beside the public profile: the approval state and whether it would list. */
export async function approvalPreviewState(context: Pick<AppLoadContext, "db">, specialistId: string) {
  const [row] = await context.db
    .select({
      id: specialists.id,
      approval: specialists.approval,
      published: specialists.published,
      requestedAt: specialists.approvalRequestedAt,
      decidedAt: specialists.approvalDecidedAt,
      decidedBy: users.name,
      note: specialists.approvalNote,
      complete: sql<boolean>`${meetsListingRequirements}`.mapWith(Boolean),
    })
    .from(specialists)
    .leftJoin(users, eq(users.id, specialists.approvalDecidedBy))
    .where(eq(specialists.id, specialistId));
  return row ?? null;
}

/**
 * What the admin checks beside the public view: every session type (drafts too, which customers
 * don't see) and the weekly hours, read in the specialist's zone.
 */
export async function previewDetails(context: Pick<AppLoadContext, "db">, specialistId: string) {
  const { db } = context;
  const [types, windows] = await db.batch([
    db
      .select({
        id: sessionTypes.id,
        title: sessionTypes.title,
        minutes: sessionTypes.minutes,
        priceMinor: sessionTypes.priceMinor,
        currency: sessionTypes.currency,
        active: sessionTypes.active,
      })
      .from(sessionTypes)
      .where(eq(sessionTypes.specialistId, specialistId))
      .orderBy(desc(sessionTypes.active), asc(sessionTypes.priceMinor), asc(sessionTypes.id)),
    db
      .select({
        weekday: availabilityWindows.weekday,
        startMinute: availabilityWindows.startMinute,
        endMinute: availabilityWindows.endMinute,
      })
      .from(availabilityWindows)
      .where(eq(availabilityWindows.specialistId, specialistId))
      .orderBy(asc(availabilityWindows.weekday), asc(availabilityWindows.startMinute)),
  ]);
  return { sessionTypes: types, weeklyWindows: windows };
}
