import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { logInWithDemoPassword } from "./helpers";
import { givenCompletedBooking } from "./review-fixtures";

async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  expect(
    results.violations.map((violation) => `${violation.id}: ${violation.help} ${violation.nodes.map((node) => node.html).join(" | ")}`),
  ).toEqual([]);
}

test("a user reports a review, an admin hides it with a reason, it leaves the profile and its author sees why", async ({ browser }) => {
  const baseURL = test.info().project.use.baseURL!;
  const { customerEmail, bookingId, slug } = await givenCompletedBooking();
  const comment = `Worst hour of my life, avoid (${Date.now()}).`;

  const authorContext = await browser.newContext({ baseURL });
  const author = await authorContext.newPage();
  await logInWithDemoPassword(author, customerEmail);
  await author.goto(`/bookings/${bookingId}/review`);
  for (const aspect of ["Overall", "Communication", "Expertise", "Value"]) {
    await author.getByRole("group", { name: aspect }).getByLabel("1 star", { exact: true }).check();
  }
  await author.getByLabel("Your review").fill(comment);
  await author.getByRole("button", { name: "Publish review" }).click();
  await expect(author.getByText("Thank you — your review is on Petra Praise's profile.")).toBeVisible();

  // Another user, without JavaScript, reports it from the profile.
  const reporterContext = await browser.newContext({ baseURL, javaScriptEnabled: false });
  const reporter = await reporterContext.newPage();
  await logInWithDemoPassword(reporter, "customer@demo.specialistly.test");
  await reporter.goto(`/s/${slug}`);
  const review = reporter.getByRole("region", { name: "Reviews" }).getByRole("listitem").filter({ hasText: comment });
  await review.getByText("Report this review").click();
  await review.getByLabel("Offensive or abusive").check();
  await review.getByLabel("Note for the moderators (optional)").fill("Not a fair review of the session.");
  await review.getByRole("button", { name: "Send report" }).click();
  await expect(reporter.getByText("Thank you — an admin will look at this review.")).toBeVisible();

  // The admin sees it in the queue with the report, and hides it.
  const adminContext = await browser.newContext({ baseURL });
  const admin = await adminContext.newPage();
  await logInWithDemoPassword(admin, "admin@demo.specialistly.test");
  await admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
  await expect(admin.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await expectNoAxeViolations(admin);
  await admin.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Reviews" }).click();
  await expect(admin.getByRole("heading", { name: "Review moderation" })).toBeVisible();
  const queued = admin.getByRole("listitem").filter({ hasText: comment });
  await expect(queued).toContainText("Offensive or abusive: Not a fair review of the session.");
  await queued.getByLabel("Reason the author will see").fill("Personal attacks aren't allowed in reviews.");
  await queued.getByRole("button", { name: "Hide" }).click();
  await expect(admin.getByText("Hidden: the author sees your reason.")).toBeVisible();
  await expect(admin.getByText(comment)).toHaveCount(0);

  // The hide is in the audit log, with the change and the reason.
  await admin.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Audit log" }).click();
  await admin.getByLabel("Action").selectOption("review.hide");
  await admin.getByRole("button", { name: "Filter" }).click();
  const entry = admin.getByRole("row").filter({ hasText: "review.hide" });
  await expect(entry).toHaveCount(1);
  await expect(entry).toContainText("Morgan Lee");
  await expect(entry).toContainText("status: published → hidden");
  await expect(entry).toContainText("Reason: Personal attacks aren't allowed in reviews.");
  await expectNoAxeViolations(admin);

  await reporter.goto(`/s/${slug}`);
  await expect(reporter.getByText(comment)).toHaveCount(0);
  await expect(reporter.getByRole("region", { name: "Reviews" })).toContainText("No reviews of Petra Praise yet.");

  await author.goto(`/bookings/${bookingId}/review`);
  await expect(author.getByText("Your review was hidden by a moderator")).toContainText("Personal attacks aren't allowed in reviews.");

  await authorContext.close();
  await reporterContext.close();
  await adminContext.close();
});
