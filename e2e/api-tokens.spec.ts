import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { createUser } from "../db/factories";
import { onE2eDatabase } from "./e2e-database";
import { logInWithDemoPassword, visit } from "./helpers";

// A user makes a read-only personal token in Settings → API, copies it, uses it against the API,
// finds the reference from there, and revokes the token after confirming.

async function givenUser() {
  return onE2eDatabase(async ({ db, suffix, signInWithDemoPassword }) => {
    const user = await createUser(db, { name: "Tobi Token", email: `tobi-${suffix}@example.test` });
    await signInWithDemoPassword([user.id]);
    return { email: user.email };
  });
}

async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
}

test("a user creates a personal token, uses it, and revokes it", async ({ page, context, request }) => {
  const { email } = await givenUser();
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await logInWithDemoPassword(page, email);
  await visit(page, "/settings");
  await page.getByRole("link", { name: "API", exact: true }).click();
  // The profile page has a "Name" field too: wait for the API page before filling.
  await expect(page.getByRole("heading", { name: "Personal API tokens" })).toBeVisible();
  await page.getByLabel("Name").fill("Weekly report");
  await page.getByLabel("Read only").check();
  await page.getByRole("button", { name: "Create token" }).click();

  const shown = page.getByLabel("New token");
  await expect(page.getByText("it won't be shown again")).toBeVisible();
  const token = await shown.inputValue();
  expect(token).toMatch(/^spl_/);
  await page.getByRole("button", { name: "Copy" }).click();
  await expect(page.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
  await expect(page.getByRole("row", { name: /Weekly report/ })).toContainText("Never used");
  await expectNoAxeViolations(page);

  // The API takes the token; the browser's session cookie plays no part in that request.
  const me = await request.get("/api/v1/me", { headers: { authorization: `Bearer ${token}` } });
  expect(me.status()).toBe(200);
  expect(await me.json()).toMatchObject({ email });

  await page.reload();
  await expect(page.getByLabel("New token")).toHaveCount(0);
  await expect(page.getByRole("row", { name: /Weekly report/ })).not.toContainText("Never used");
  await page.getByRole("link", { name: "Revoke Weekly report" }).click();
  await expect(page.getByRole("heading", { name: "Revoke “Weekly report”?" })).toBeVisible();
  await page.getByRole("button", { name: "Revoke token" }).click();
  await expect(page.getByText("The token was revoked.")).toBeVisible();
  await expect(page.getByRole("row", { name: /Weekly report/ })).toHaveCount(0);
  expect((await request.get("/api/v1/me", { headers: { authorization: `Bearer ${token}` } })).status()).toBe(401);

  await page.getByRole("link", { name: "Specialistly API" }).click();
  await expect(page.getByRole("heading", { name: "Specialistly API reference" })).toBeVisible();
});

test("the API reference has no detectable accessibility violations", async ({ page }) => {
  await visit(page, "/api/docs");
  await expect(page.getByRole("heading", { name: "Specialistly API reference" })).toBeVisible();
  await expectNoAxeViolations(page);
});
