import { expect, test } from "@playwright/test";
import { logInWithDemoPassword } from "./helpers";
import { givenSessionUnderWay } from "./session-fixtures";

test("during a session the specialist writes a shared note and shares the recording; the customer sees both", async ({ browser }) => {
  const baseURL = test.info().project.use.baseURL!;
  const { customerEmail, specialistEmail, bookingId } = await givenSessionUnderWay();

  // The specialist, without JavaScript: every session form is a plain form.
  const specialistContext = await browser.newContext({ baseURL, javaScriptEnabled: false });
  const specialist = await specialistContext.newPage();
  await logInWithDemoPassword(specialist, specialistEmail);
  await specialist.goto(`/bookings/${bookingId}`);
  const session = specialist.getByRole("region", { name: "Session" });
  await expect(session.getByRole("link", { name: "Join the session" })).toHaveAttribute("href", /^https:\/\/meet\.jit\.si\//);
  await expect(session.getByRole("row", { name: /Sam Session/ })).toContainText("still in the meeting");

  await session.getByLabel(/Private notes/).fill("Seemed tired today.");
  await session.getByRole("button", { name: "Save private notes" }).click();
  await expect(specialist.getByText("Note saved.")).toBeVisible();
  await session.getByLabel(/Notes for the customer/).fill("Practise **daily** <script>alert(1)</script>");
  await session.getByRole("button", { name: "Save notes for the customer" }).click();
  await expect(specialist.getByText("Note saved.")).toBeVisible();
  await session.getByRole("button", { name: "Share with customer" }).click();
  await expect(specialist.getByText("The recording is shared with the customer.")).toBeVisible();
  await specialistContext.close();

  const customerContext = await browser.newContext({ baseURL });
  const customer = await customerContext.newPage();
  await logInWithDemoPassword(customer, customerEmail);
  await customer.goto(`/bookings/${bookingId}`);
  const customerSession = customer.getByRole("region", { name: "Session" });
  await expect(customerSession.getByText("Notes from your specialist")).toBeVisible();
  await expect(customerSession.locator("strong", { hasText: "daily" })).toBeVisible();
  await expect(customerSession.getByText("<script>alert(1)</script>")).toBeVisible();
  await expect(customer.getByText("Seemed tired today.")).toHaveCount(0);
  await expect(customerSession.getByRole("link", { name: /Play the recording/ })).toBeVisible();
  await expect(customerSession.getByText("Passcode: e2e-rec")).toBeVisible();
  await expect(customerSession.getByRole("button", { name: "Save notes for the customer" })).toHaveCount(0);
  await customerContext.close();
});
