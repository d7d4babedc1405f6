import { parseWithZod } from "@conform-to/zod/v4";
import { Link, useActionData, useLoaderData, type MetaFunction } from "@remix-run/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/server-runtime";
import * as z from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Notice } from "~/components/forms";
import { DecisionForms, OfferSummary } from "~/components/specialists/approval-preview";
import { ProfileSessions } from "~/components/specialists/profile-sessions";
import { ProfileOverview, profileView } from "~/components/specialists/profile-view";
import { requireRole } from "~/domain/auth/auth.server";
import { weekdays, windowLabel } from "~/domain/availability/windows";
import { rejectSchema } from "~/domain/specialists/approval-schemas";
import {
  approvalFailureStatus,
  approvalPreviewState,
  approveSpecialist,
  previewDetails,
  rejectSpecialist,
} from "~/domain/specialists/approval.server";
import { findProfileForPreview } from "~/domain/specialists/public-profile.server";
import { resolveViewerZone, zoneName } from "~/domain/specialists/viewer-zone";
import { formatPrice } from "~/lib/money";
import { formatDayTime } from "~/lib/time-format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `${data.profile.displayName} · ` : ""}Specialist approval · Specialistly` },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, context, ["admin"]);
  const id = params.id ?? "";
  const now = context.clock.now();
  const [profile, state, details] = await Promise.all([
    findProfileForPreview(context.db, id, now),
    approvalPreviewState(context, id),
    previewDetails(context, id),
  ]);
  if (!profile || !state) throw new Response("There's no specialist at that address.", { status: 404 });
  const viewer = resolveViewerZone(request, user.timezone, profile.timezone);
  return {
    profile: profileView(profile, { now, viewerZone: viewer.zone, ownZone: viewer.source !== "fallback" }),
    state: {
      approval: state.approval,
      published: state.published,
      complete: state.complete,
      note: state.note,
      decidedBy: state.decidedBy,
      requestedAt: state.requestedAt ? formatDayTime(state.requestedAt, viewer.zone) : null,
      decidedAt: state.decidedAt ? formatDayTime(state.decidedAt, viewer.zone) : null,
    },
    sessionTypes: details.sessionTypes.map((type) => ({
      id: type.id,
      title: type.title,
      minutes: type.minutes,
      price: formatPrice(type.priceMinor, type.currency),
      active: type.active,
    })),
    weeklyHours: weekdays.flatMap(({ weekday, label }) => {
      const windows = details.weeklyWindows.filter((window) => window.weekday === weekday);
      return windows.length === 0 ? [] : [{ day: label, hours: windows.map(windowLabel).join(", ") }];
    }),
    specialistZone: zoneName(profile.timezone),
  };
}

const decisionSchema = z.discriminatedUnion(
  "intent",
  [z.object({ intent: z.literal("approve") }), rejectSchema.extend({ intent: z.literal("reject") })],
  {
    error: "Choose approve or reject.",
  },
);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user } = await requireRole(request, context, ["admin"]);
  const submission = parseWithZod(await request.formData(), { schema: decisionSchema });
  if (submission.status !== "success") return data({ reply: submission.reply(), error: null }, { status: 400 });
  const input = { actorUserId: user.id, specialistId: params.id ?? "" };
  const result =
    submission.value.intent === "approve"
      ? await approveSpecialist(context, input)
      : await rejectSpecialist(context, { ...input, reason: submission.value.reason });
  if (!result.ok) return data({ reply: submission.reply(), error: result.message }, { status: approvalFailureStatus[result.reason] });
  return redirect(`/admin/specialists?done=${submission.value.intent}`);
}

const stateLabels = { pending: "Waiting for approval", rejected: "Not approved", approved: "Approved" } as const;

export default function AdminSpecialistPreview() {
  const { profile, state, sessionTypes, weeklyHours, specialistZone } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link to="/admin/specialists" className="font-medium text-brand-700 underline underline-offset-4">
          ← Specialist approval
        </Link>
      </p>
      <h2 className="text-2xl font-semibold text-slate-900">Review {profile.displayName}</h2>
      <section aria-labelledby="decision-heading" className="space-y-3 rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
        <h3 id="decision-heading" className="text-lg font-semibold text-slate-900">
          {stateLabels[state.approval]}
        </h3>
        <p className="text-sm text-slate-700">
          {state.requestedAt ? `Sent for review ${state.requestedAt}. ` : ""}
          {state.decidedAt ? `Last decided ${state.decidedAt}${state.decidedBy ? ` by ${state.decidedBy}` : ""}. ` : ""}
          {state.published
            ? state.complete
              ? "Published: approving lists it at once."
              : "Published, but it has no active session type or no weekly hours yet, so it won't list until it does."
            : "Not published: approving lets it list once the specialist publishes."}
        </p>
        {state.note ? (
          <p className="text-sm text-slate-700">
            {state.approval === "rejected" ? "Reason given:" : "Previously not approved because:"} {state.note}
          </p>
        ) : null}
        {failed?.error ? <Notice tone="error">{failed.error}</Notice> : null}
        <DecisionForms canApprove={state.approval !== "approved"} canReject={state.approval === "pending"} lastResult={failed?.reply} />
      </section>

      <section aria-labelledby="offer-heading" className="space-y-3 rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
        <h3 id="offer-heading" className="text-lg font-semibold text-slate-900">
          What they offer
        </h3>
        <OfferSummary sessionTypes={sessionTypes} weeklyHours={weeklyHours} zoneName={specialistZone} />
      </section>

      <section aria-label="Preview of the public profile" className="space-y-10 rounded-2xl border border-dashed border-slate-300 p-6">
        <p className="text-sm font-medium text-slate-600">The profile as customers will see it:</p>
        <ProfileOverview profile={profile} nameHeading="h3">
          <ProfileSessions
            slug={profile.slug}
            sessionTypes={profile.sessionTypes}
            viewerZone={profile.viewerZone}
            zoneName={profile.zone.name}
            preview
          />
        </ProfileOverview>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
