import { Link, useLoaderData, type MetaFunction } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/server-runtime";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ApprovalStatus } from "~/components/specialists/listing-panels";
import { requireRole } from "~/domain/auth/auth.server";
import { findOwnProfile, onboardingProgress, type OnboardingProgress } from "~/domain/specialists/profile.server";

export const meta: MetaFunction = () => [{ title: "Getting started · Specialistly" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, context, ["specialist"]);
  const profile = await findOwnProfile(context.db, user.id);
  return {
    name: user.name,
    // Weekly hours are read in the profile's zone; before there is a profile, it will start with the account's.
    timezone: profile?.timezone ?? user.timezone,
    progress: await onboardingProgress(context.db, user),
    approval: profile ? { status: profile.approval, note: profile.approvalNote } : null,
  };
}

interface Step {
  key: keyof OnboardingProgress;
  title: string;
  todo: string;
  done: string;
  href: string;
  action: string;
}

const steps: Step[] = [
  {
    key: "emailConfirmed",
    title: "Confirm your email",
    todo: "We sent you a link. Clients can only book specialists whose email is confirmed.",
    done: "Your email address is confirmed.",
    href: "/settings/email",
    action: "Resend the link",
  },
  {
    key: "profileCreated",
    title: "Create your profile",
    todo: "Your name, headline, specialties, languages, time zone and picture: what clients see.",
    done: "Your profile is created. You can edit it any time.",
    href: "/specialist/profile",
    action: "Create profile",
  },
  {
    key: "hasSessionType",
    title: "Add a session type",
    todo: "What clients book: a length and a price, e.g. a 60-minute consultation.",
    done: "You offer at least one active session type.",
    href: "/specialist/session-types",
    action: "Add a session type",
  },
  {
    key: "hasWeeklyHours",
    title: "Set your weekly hours",
    todo: "When you are available each week, in your own time zone.",
    done: "Your weekly hours are set.",
    href: "/specialist/availability",
    action: "Set weekly hours",
  },
  {
    key: "published",
    title: "Publish your profile",
    todo: "Once the steps above are done, publish to appear in the directory and take bookings.",
    done: "Your profile is published: clients can find and book you.",
    href: "/specialist/profile#publish",
    action: "Review and publish",
  },
];

export default function Onboarding() {
  const { name, timezone, progress, approval } = useLoaderData<typeof loader>();
  const doneCount = steps.filter((step) => progress[step.key]).length;
  const next = steps.find((step) => !progress[step.key]);
  const approved = approval?.status === "approved";
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <h1 className="text-3xl font-bold tracking-tight">Welcome, {name}</h1>
      <p className="text-slate-600">
        {next
          ? `Here is what it takes to start selling sessions on Specialistly: ${doneCount} of ${steps.length} steps done.`
          : approved
            ? "You're all set: clients can find and book you."
            : "Your steps are done: your profile lists and takes bookings once an admin approves it."}
      </p>
      {approval ? <ApprovalStatus approval={approval.status} note={approval.note} /> : null}
      <p className="text-sm text-slate-600">
        Your weekly hours are read in <strong>{timezone}</strong>. You can change it in{" "}
        <Link to="/specialist/profile" className="text-brand-700 underline">
          your profile
        </Link>
        .
      </p>
      <ol className="space-y-3">
        {steps.map((step, index) => {
          const done = progress[step.key];
          return (
            <li key={step.key} className={`rounded-xl border bg-white p-4 ${step === next ? "border-brand-600" : "border-slate-200"}`}>
              <p className="flex items-center gap-2 font-semibold">
                <span
                  aria-hidden="true"
                  className={`inline-flex h-6 w-6 items-center justify-center rounded-full text-sm ${
                    done ? "bg-green-600 text-white" : "bg-slate-100 text-slate-700"
                  }`}
                >
                  {done ? "✓" : index + 1}
                </span>
                {step.title}
                <span className="sr-only">{done ? " (done)" : " (to do)"}</span>
              </p>
              <p className="mt-1 text-sm text-slate-600">
                {done
                  ? step.key === "published" && !approved
                    ? "Your profile is published; it lists once an admin approves it."
                    : step.done
                  : step.todo}
              </p>
              {done ? null : (
                <p className="mt-2 text-sm">
                  <Link to={step.href} className="font-medium text-brand-700 underline">
                    {step.action}
                  </Link>
                </p>
              )}
            </li>
          );
        })}
      </ol>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
