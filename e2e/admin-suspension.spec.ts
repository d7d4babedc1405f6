import { expect, test, type Page } from "@playwright/test";
import { logInWithDemoPassword, submitDemoLogin } from "./helpers";
import { givenSpecialistWithPaidBooking } from "./suspension-fixtures";

/** The specialist's card in the directory's results. */
const listed = (page: Page, name: string) => page.locator("#main").getByRole("link", { name });

test("an admin suspends a specialist with a paid booking: signed out, can't log in, unlisted, the customer refunded in full; reinstated, listed again", async ({
  browser,
}) => {
  const baseURL = test.info().project.use.baseURL!;
  const { name, specialistEmail, customerEmail, bookingId, slug } = await givenSpecialistWithPaidBooking();

  const specialistContext = await browser.newContext({ baseURL });
  const specialist = await specialistContext.newPage();
  await logInWithDemoPassword(specialist, specialistEmail);
  await specialist.goto("/specialists?q=Sully");
  await expect(listed(specialist, name)).toBeVisible();

  // The admin finds them, and suspends them through the confirmation step.
  const adminContext = await browser.newContext({ baseURL });
  const admin = await adminContext.newPage();
  await logInWithDemoPassword(admin, "admin@demo.specialistly.test");
  await admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
  await admin.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Users" }).click();
  await expect(admin.getByRole("heading", { name: "Users" })).toBeVisible();
  await admin.getByLabel("Name or email").fill("sully suspect");
  await admin.getByLabel("Role").selectOption("specialist");
  await admin.getByRole("button", { name: "Search" }).click();
  await admin.getByRole("link", { name }).click();
  await expect(admin.getByRole("heading", { name })).toBeVisible();
  await admin.getByRole("link", { name: "Suspend…" }).click();
  const confirmation = admin.getByRole("region", { name: `Suspend ${name}?` });
  await expect(confirmation).toContainText("cancel 1 upcoming booking");
  await expect(confirmation).toContainText("end 1 signed-in session");
  await expect(confirmation).toContainText("unlist their specialist profile");
  await confirmation.getByLabel(/^Reason/).fill("Impersonating a licensed professional.");
  await confirmation.getByRole("button", { name: `Suspend ${name}` }).click();
  await expect(
    admin.getByText("Suspended: signed out everywhere and can't log in; 1 upcoming booking cancelled with full refunds."),
  ).toBeVisible();
  await expect(admin.getByRole("region", { name: "Audit history" })).toContainText("Impersonating a licensed professional.");

  // Their open session is over, and logging in again says why it fails.
  await specialist.goto("/specialist");
  await expect(specialist).toHaveURL(/\/login/);
  await submitDemoLogin(specialist, specialistEmail);
  await expect(specialist.getByText("This account is suspended")).toBeVisible();

  // Gone from the directory and its profile.
  const visitorContext = await browser.newContext({ baseURL });
  const visitor = await visitorContext.newPage();
  await visitor.goto("/specialists?q=Sully");
  await expect(listed(visitor, name)).toHaveCount(0);
  expect((await visitor.goto(`/s/${slug}`))?.status()).toBe(404);

  // The customer's booking is cancelled by the platform, with everything paid given back.
  const customerContext = await browser.newContext({ baseURL });
  const customer = await customerContext.newPage();
  await logInWithDemoPassword(customer, customerEmail);
  await customer.goto(`/bookings/${bookingId}`);
  await expect(customer.getByText("Cancelled by Specialistly")).toBeVisible();
  await expect(customer.getByRole("region", { name: "Refunds" })).toContainText("Refund: €120 refunded");

  // Reinstated: listed again, and the specialist can log in.
  await admin.getByRole("button", { name: "Reinstate" }).click();
  await expect(admin.getByText("Reinstated: they can log in again.")).toBeVisible();
  // A new visitor: the browser may show the directory it cached (stale-while-revalidate) to the earlier one.
  const laterContext = await browser.newContext({ baseURL });
  const later = await laterContext.newPage();
  await later.goto("/specialists?q=Sully");
  await expect(listed(later, name)).toBeVisible();
  await logInWithDemoPassword(specialist, specialistEmail);

  for (const context of [specialistContext, adminContext, visitorContext, customerContext, laterContext]) await context.close();
});
