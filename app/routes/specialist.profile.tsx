import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, useActionData, useLoaderData, useSearchParams, type MetaFunction } from "@remix-run/react";
import {
  data,
  MaxPartSizeExceededError,
  redirect,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
} from "@remix-run/server-runtime";
import type * as z from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorList, Field, inputClass, Notice, SubmitButton } from "~/components/forms";
import { ApprovalStatus, PublishPanel, publishedNotice } from "~/components/specialists/listing-panels";
import { TimeZoneSelect } from "~/components/time-zone-select";
import { timeZoneGroups } from "~/domain/account/time-zone-options";
import { requireRole } from "~/domain/auth/auth.server";
import { avatarContentTypes, maxAvatarBytes } from "~/domain/specialists/avatar-image";
import { approvalFailureStatus, resubmitForApproval } from "~/domain/specialists/approval.server";
import { renderBio } from "~/domain/specialists/bio";
import {
  findOwnProfile,
  listingProblems,
  publishProfile,
  removeAvatar,
  saveProfile,
  suggestSlug,
  unpublishProfile,
} from "~/domain/specialists/profile.server";
import { maxSpecialties, specialistProfileSchema } from "~/domain/specialists/schemas";
import { languageNames, specialties } from "~/domain/specialists/specialties";

export const meta: MetaFunction = () => [{ title: "Profile · Your practice · Specialistly" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, context, ["specialist"]);
  const profile = await findOwnProfile(context.db, user.id);
  const timezone = profile?.timezone ?? user.timezone;
  return {
    profile: profile
      ? {
          ...profile,
          // The version busts caches when the picture (or the name its initials come from) changes.
          avatarUrl: `/avatars/${profile.slug}?v=${profile.updatedAt.getTime()}`,
          bioHtml: renderBio(profile.bio),
          problems: await listingProblems(context.db, profile.id),
        }
      : null,
    defaults: profile
      ? {
          displayName: profile.displayName,
          slug: profile.slug,
          headline: profile.headline,
          bio: profile.bio,
          specialties: profile.specialties,
          languages: profile.languages,
          timezone,
        }
      : { displayName: user.name, slug: await suggestSlug(context.db, user.name), timezone, specialties: [], languages: [] },
    // Built on the server: the browser's zone list may differ, and the server is what validates.
    timeZones: timeZoneGroups(timezone, context.clock.now()),
  };
}

/** Bigger than any honest form (a 512 KB picture and 5,000 characters of text); refused before reading. */
const maxRequestBytes = maxAvatarBytes + 256 * 1024;
const tooLargeMessage = "That picture is larger than 512 KB. Please choose a smaller one.";

/** The submitted form; multipart (with a picture) for the profile form, URL-encoded for the buttons. */
async function readForm(request: Request): Promise<FormData | "too-large"> {
  if (Number(request.headers.get("content-length") ?? 0) > maxRequestBytes) return "too-large";
  if (!request.headers.get("content-type")?.startsWith("multipart/form-data")) return request.formData();
  try {
    return await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: maxAvatarBytes }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return "too-large";
    throw error;
  }
}

/** A refused save that couldn't even be read: the picture gets the error, the form keeps its saved values. */
const tooLargeReply = (): SubmissionResult<string[]> => ({ status: "error", error: { avatar: [tooLargeMessage] } });

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireRole(request, context, ["specialist"]);
  const formData = await readForm(request);
  if (formData === "too-large") return data({ intent: "save" as const, reply: tooLargeReply() }, { status: 400 });

  switch (formData.get("intent")) {
    case "publish": {
      const result = await publishProfile(context.db, user.id);
      if (result.ok) return redirect("/specialist/profile?published=1");
      // Without a profile there is nothing to publish; the page asks them to create one.
      if (result.reason === "no-profile") return redirect("/specialist/profile");
      return data({ intent: "publish" as const, problems: result.problems }, { status: 400 });
    }
    case "unpublish":
      await unpublishProfile(context.db, user.id);
      return redirect("/specialist/profile?unpublished=1");
    case "resubmit": {
      const result = await resubmitForApproval(context, { actorUserId: user.id });
      if (result.ok) return redirect("/specialist/profile?resubmitted=1");
      return data({ intent: "resubmit" as const, error: result.message }, { status: approvalFailureStatus[result.reason] });
    }
    case "remove-avatar":
      await removeAvatar(context.db, user.id);
      return redirect("/specialist/profile?pictureRemoved=1");
  }

  const submission = parseWithZod(formData, { schema: specialistProfileSchema });
  if (submission.status !== "success") return data({ intent: "save" as const, reply: submission.reply() }, { status: 400 });
  const result = await saveProfile(context, user.id, submission.value);
  if (!result.ok) {
    const errors = result.field ? { fieldErrors: { [result.field]: [result.message] } } : { formErrors: [result.message] };
    return data({ intent: "save" as const, reply: submission.reply(errors) }, { status: 400 });
  }
  return redirect(`/specialist/profile?${result.created ? "created" : "saved"}=1`);
}

const notices: Record<string, string> = {
  created: "Your profile is created. Next, add a session type.",
  saved: "Profile saved.",
  resubmitted: "Resubmitted: your profile is back with the admins, waiting for approval.",
  unpublished: "Your profile is hidden from the directory. Existing bookings are kept.",
  pictureRemoved: "Picture removed. Your initials are shown instead.",
};

export default function SpecialistProfile() {
  const { profile, defaults, timeZones } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm<z.input<typeof specialistProfileSchema>, z.output<typeof specialistProfileSchema>>({
    lastResult: actionData?.intent === "save" ? actionData.reply : undefined,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: defaults,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: specialistProfileSchema }),
  });
  const notice = actionData ? undefined : Object.keys(notices).find((key) => searchParams.get(key) === "1");
  const justPublished = !actionData && profile && searchParams.get("published") === "1";
  const checked = (value: unknown, option: string) => (Array.isArray(value) ? value.includes(option) : value === option);

  return (
    <div className="space-y-6">
      {notice ? <Notice tone="success">{notices[notice]}</Notice> : null}
      {justPublished ? <Notice tone="success">{publishedNotice(profile.approval)}</Notice> : null}
      {actionData?.intent === "resubmit" ? <Notice tone="error">{actionData.error}</Notice> : null}
      {profile ? <ApprovalStatus approval={profile.approval} note={profile.approvalNote} /> : null}
      {!profile && searchParams.get("profileFirst") === "1" ? (
        <Notice>Create your profile first: your session types and booking rules belong to it.</Notice>
      ) : null}

      <section aria-labelledby="profile-heading" className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
        <h2 id="profile-heading" className="text-xl font-semibold text-slate-900">
          {profile ? "Public profile" : "Create your public profile"}
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          This is what clients see when they look for a specialist. Your weekly hours are read in the time zone you pick here.
        </p>
        <Form method="post" encType="multipart/form-data" className="mt-6 space-y-5" {...getFormProps(form)}>
          <ErrorList errors={form.errors} />
          <Field
            label="Display name"
            inputProps={{ ...getInputProps(fields.displayName, { type: "text" }), autoComplete: "name" }}
            errors={fields.displayName.errors}
          />
          <Field
            label="Profile address"
            inputProps={{ ...getInputProps(fields.slug, { type: "text" }), autoComplete: "off", spellCheck: false, maxLength: 40 }}
            errors={fields.slug.errors}
            hint="3–40 lower-case letters, digits and hyphens, e.g. ada-lovelace. It is part of your profile's web address, so changing it later breaks links you have shared."
          />
          <Field
            label="Headline"
            inputProps={{ ...getInputProps(fields.headline, { type: "text" }), maxLength: 120 }}
            errors={fields.headline.errors}
            hint="One line, up to 120 characters, e.g. “Career coach for engineers moving into management”."
          />
          <div>
            <label htmlFor={fields.bio.id} className="block text-sm font-medium text-slate-800">
              About you
            </label>
            <textarea {...getTextareaProps(fields.bio, { ariaDescribedBy: `${fields.bio.id}-hint` })} rows={8} className={inputClass} />
            <p id={`${fields.bio.id}-hint`} className="mt-1 text-sm text-slate-500">
              Up to 5,000 characters. Leave a blank line between paragraphs. You can use **bold**, *italic*, [links](https://example.com)
              and lists (lines starting with “- ” or “1. ”).
            </p>
            <ErrorList id={fields.bio.errorId} errors={fields.bio.errors} />
          </div>
          {profile?.bioHtml ? (
            <div>
              <p className="text-sm font-medium text-slate-800">How your saved bio looks</p>
              <div
                className="mt-1 space-y-2 rounded-lg border border-slate-200 bg-slate-50 p-3 text-sm text-slate-800 [&_a]:text-brand-700 [&_a]:underline [&_ol]:list-decimal [&_ol]:pl-5 [&_ul]:list-disc [&_ul]:pl-5"
                // renderBio escapes everything it doesn't itself produce; see bio.test.ts.
                dangerouslySetInnerHTML={{ __html: profile.bioHtml }}
              />
            </div>
          ) : null}

          <fieldset aria-describedby={`${fields.specialties.id}-hint`}>
            <legend className="text-sm font-medium text-slate-800">Specialties</legend>
            <p id={`${fields.specialties.id}-hint`} className="mt-1 text-sm text-slate-500">
              Choose 1 to {maxSpecialties}; clients browse by these.
            </p>
            <div className="mt-2 grid gap-2 sm:grid-cols-2">
              {specialties.map((specialty) => (
                <label key={specialty.slug} className="flex items-center gap-2 text-sm text-slate-800">
                  <input
                    type="checkbox"
                    name={fields.specialties.name}
                    value={specialty.slug}
                    defaultChecked={checked(fields.specialties.initialValue, specialty.slug)}
                    className="h-4 w-4 rounded border-slate-300"
                  />
                  {specialty.label}
                </label>
              ))}
            </div>
            <ErrorList id={fields.specialties.errorId} errors={fields.specialties.errors} />
          </fieldset>

          <fieldset>
            <legend className="text-sm font-medium text-slate-800">Languages you hold sessions in</legend>
            <div className="mt-2 grid gap-2 sm:grid-cols-3">
              {Object.entries(languageNames).map(([code, name]) => (
                <label key={code} className="flex items-center gap-2 text-sm text-slate-800">
                  <input
                    type="checkbox"
                    name={fields.languages.name}
                    value={code}
                    defaultChecked={checked(fields.languages.initialValue, code)}
                    className="h-4 w-4 rounded border-slate-300"
                  />
                  {name}
                </label>
              ))}
            </div>
            <ErrorList id={fields.languages.errorId} errors={fields.languages.errors} />
          </fieldset>

          <TimeZoneSelect
            selectProps={getSelectProps(fields.timezone)}
            groups={timeZones}
            errorId={fields.timezone.errorId}
            errors={fields.timezone.errors}
          />

          <div>
            <p className="text-sm font-medium text-slate-800">Picture</p>
            <div className="mt-2 flex items-center gap-4">
              {profile ? (
                <img src={profile.avatarUrl} alt="" width={64} height={64} className="h-16 w-16 rounded-2xl object-cover" />
              ) : null}
              {profile?.hasAvatar ? (
                // Submits the separate form below: nested forms aren't allowed, and pressing Enter in
                // this form must never remove the picture.
                <button
                  type="submit"
                  form="remove-picture"
                  className="rounded-lg border border-slate-300 bg-white px-3 py-1.5 text-sm font-semibold text-slate-800 shadow-sm hover:border-red-600 hover:text-red-700"
                >
                  Remove picture
                </button>
              ) : null}
            </div>
            <label htmlFor={fields.avatar.id} className="mt-3 block text-sm text-slate-700">
              {profile?.hasAvatar ? "Replace picture" : "Upload a picture"}
            </label>
            <input
              {...getInputProps(fields.avatar, { type: "file", ariaDescribedBy: `${fields.avatar.id}-hint` })}
              accept={avatarContentTypes.join(",")}
              className="mt-1 block w-full text-sm text-slate-700 file:mr-3 file:rounded-lg file:border-0 file:bg-brand-50 file:px-3 file:py-2 file:font-semibold file:text-brand-800"
            />
            <p id={`${fields.avatar.id}-hint`} className="mt-1 text-sm text-slate-500">
              PNG, JPEG or WebP, up to 512 KB. A square picture looks best. Without one, your initials are shown.
            </p>
            <ErrorList id={fields.avatar.errorId} errors={fields.avatar.errors} />
          </div>

          <SubmitButton pendingLabel="Saving…">{profile ? "Save profile" : "Create profile"}</SubmitButton>
        </Form>
        {profile?.hasAvatar ? (
          <Form method="post" id="remove-picture">
            <input type="hidden" name="intent" value="remove-avatar" />
          </Form>
        ) : null}
      </section>

      {profile ? (
        <PublishPanel
          published={profile.published}
          approval={profile.approval}
          problems={profile.problems}
          refused={actionData?.intent === "publish" ? actionData.problems : undefined}
        />
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
