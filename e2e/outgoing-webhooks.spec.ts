import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { logInWithDemoPassword, visit } from "./helpers";

// A receiver on this machine (the e2e app allows local http endpoints: WEBHOOK_ALLOW_INSECURE_URLS),
// checking each request with the standardwebhooks package once the page has shown the secret.
let receiver: Server;
const requests: { headers: Record<string, string>; body: string }[] = [];
test.beforeAll(async () => {
  receiver = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      requests.push({ headers: Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)])), body });
      response.writeHead(200, { "content-type": "text/plain" }).end("received");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
});
test.afterAll(() => new Promise((resolve) => receiver.close(resolve)));

test("a specialist adds an endpoint, sends a test and sees it delivered in the log", async ({ page }) => {
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/${test.info().workerIndex}-${Date.now()}`;
  await logInWithDemoPassword(page, "specialist@demo.specialistly.test");
  await visit(page, "/specialist");
  await page.getByRole("link", { name: "Webhooks" }).click();
  await expect(page.getByRole("heading", { name: "Add an endpoint" })).toBeVisible();

  await page.getByLabel("Endpoint URL").fill(url);
  await page.getByLabel("Description (optional)").fill("Journey receiver");
  await page.getByLabel(/Review published/).check();
  await page.getByRole("button", { name: "Add endpoint" }).click();
  await expect(page.getByRole("heading", { name: url })).toBeVisible();
  const secret = (await page.getByTestId("webhook-secret").textContent())!.trim();
  expect(secret).toMatch(/^whsec_/);

  await page.getByRole("button", { name: "Send test" }).click();
  await expect(page.getByText(/Test sent/)).toBeVisible();
  await expect.poll(() => requests.filter((request) => request.body.includes("webhook.test")).length, { timeout: 30_000 }).toBe(1);
  const [delivered] = requests.filter((request) => request.body.includes("webhook.test"));
  expect(new Webhook(secret).verify(delivered!.body, delivered!.headers)).toMatchObject({ type: "webhook.test" });

  // The log shows the delivery with the receiver's answer.
  await expect(async () => {
    await page.reload();
    const log = page.locator(`[data-delivery="${delivered!.headers["webhook-id"]}"]`);
    await expect(log.getByText("Delivered")).toBeVisible({ timeout: 1000 });
    await expect(log.getByRole("cell", { name: "200" })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000 });
});
