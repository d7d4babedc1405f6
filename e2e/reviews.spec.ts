import { expect, test } from "@playwright/test";
import { logInWithDemoPassword } from "./helpers";
import { givenCompletedBooking } from "./review-fixtures";

test("a customer reviews a completed session without JavaScript, it shows on the profile, and the specialist responds", async ({
  browser,
}) => {
  const baseURL = test.info().project.use.baseURL!;
  const { customerEmail, specialistEmail, bookingId, slug } = await givenCompletedBooking();

  // The customer, with JavaScript off: the form is plain radios and a text area.
  const customerContext = await browser.newContext({ baseURL, javaScriptEnabled: false });
  const customer = await customerContext.newPage();
  await logInWithDemoPassword(customer, customerEmail);
  await customer.goto(`/bookings/${bookingId}`);
  await customer.getByRole("link", { name: "Review this session" }).click();
  await expect(customer.getByRole("heading", { name: "Review your Leadership call with Petra Praise" })).toBeVisible();
  await customer.getByRole("group", { name: "Overall" }).getByLabel("5 stars").check();
  await customer.getByRole("group", { name: "Communication" }).getByLabel("4 stars").check();
  await customer.getByRole("group", { name: "Expertise" }).getByLabel("5 stars").check();
  await customer.getByRole("group", { name: "Value" }).getByLabel("3 stars").check();
  await customer.getByLabel("Your review").fill("Petra untangled our team's priorities in an hour.");
  await customer.getByRole("button", { name: "Publish review" }).click();
  await expect(customer.getByText("Thank you — your review is on Petra Praise's profile.")).toBeVisible();

  await customer.getByRole("link", { name: "See the reviews on Petra Praise's profile" }).click();
  const reviews = customer.getByRole("region", { name: "Reviews" });
  await expect(reviews).toContainText("5.0 out of 5");
  await expect(reviews.getByText("1 review", { exact: true })).toBeVisible();
  await expect(reviews.getByText("Petra untangled our team's priorities in an hour.")).toBeVisible();
  await expect(reviews.getByText("Rowan R.")).toBeVisible();
  // The directory's rating sort follows the live figures: Petra now leads those with a rating of 5.
  await customer.goto("/specialists?sort=rating&minRating=5&q=Petra+Praise");
  await expect(customer.getByRole("listitem").filter({ hasText: "Petra Praise" }).first()).toContainText("5.0 (1 review)");

  // The specialist hears of it and responds.
  const specialistContext = await browser.newContext({ baseURL });
  const specialist = await specialistContext.newPage();
  await logInWithDemoPassword(specialist, specialistEmail);
  await specialist.goto("/notifications");
  await specialist.getByRole("link", { name: /New review from Rowan Reviewer: 5 of 5/ }).click();
  await expect(specialist).toHaveURL(new RegExp(`/bookings/${bookingId}/review$`));
  await expect(specialist.getByText("Petra untangled our team's priorities in an hour.")).toBeVisible();
  await specialist.getByLabel("Your response").fill("Thank you, Rowan — good luck with the roadmap!");
  await specialist.getByRole("button", { name: "Post response" }).click();
  await expect(specialist.getByText("Your response is published under the review.")).toBeVisible();

  await customer.goto(`/s/${slug}`);
  await expect(reviews.getByText("Response from Petra Praise")).toBeVisible();
  await expect(reviews.getByText("Thank you, Rowan — good luck with the roadmap!")).toBeVisible();
  await customerContext.close();
  await specialistContext.close();
});
