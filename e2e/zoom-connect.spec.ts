import { expect, test } from "@playwright/test";
import { visit } from "./helpers";

// A specialist connects their Zoom account on the Zoom stand-in's consent page (playwright.config.ts
// starts it and points the app at it), sees whom they connected as, and disconnects.

const id = `${Date.now()}-${process.pid}`;

test("a specialist connects Zoom, sees the account, and disconnects", async ({ page }) => {
  await visit(page, "/signup");
  await page.getByLabel("Offer sessions").check();
  await page.getByLabel("Name").fill("Zoe Zoom");
  await page.getByLabel("Email").fill(`zoe-${id}@example.test`);
  await page.getByLabel("Password").fill("plum-ferry-quartz-71");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/onboarding/);

  await visit(page, "/specialist/video");
  await expect(page.getByText("Zoom: not connected.")).toBeVisible();
  await page.getByRole("button", { name: "Connect Zoom" }).click();

  // Zoom's (stand-in) consent page.
  await expect(page.getByRole("heading", { name: "Allow this app to use your Zoom account?" })).toBeVisible();
  await page.getByRole("button", { name: "Allow" }).click();

  await expect(page).toHaveURL(/\/specialist\/video\?connected=1$/);
  await expect(page.getByText("Zoom is connected.")).toBeVisible();
  await expect(page.getByText(/Connected as specialist@zoom\.example/)).toBeVisible();

  await page.getByRole("button", { name: "Disconnect Zoom" }).click();
  await expect(page.getByText(/Zoom is disconnected: we deleted our access/)).toBeVisible();
  await expect(page.getByText("Zoom: not connected.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Connect Zoom" })).toBeVisible();
});
