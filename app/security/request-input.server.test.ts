import { describe, expect, test } from "vitest";
import { maxWindowsPerDay, weekdays } from "../domain/availability/windows";
import { bodyLimits, formProblem, maxFields, maxListLength, screenRequestInput } from "./request-input.server";

const options = { signedPathPrefixes: ["/webhooks/"] };
const intent = (value: unknown) => new URLSearchParams({ section: "weekly", __intent__: JSON.stringify(value) });

describe("formProblem", () => {
  test("the availability editor's longest lists fit, including one “Add hours” too many", () => {
    expect(maxListLength).toBeGreaterThan(maxWindowsPerDay + 1);
    const rows = maxWindowsPerDay + 1;
    const weekly = new URLSearchParams([["section", "weekly"]]);
    for (const { key } of weekdays) {
      for (let index = 0; index < rows; index++) {
        weekly.append(`${key}[${index}].start`, "09:00");
        weekly.append(`${key}[${index}].end`, "10:00");
        weekly.append(`${key}[${index}].untilMidnight`, "on");
      }
    }
    expect(formProblem(weekly)).toBeNull();
  });

  test.each([
    ["insert with a default row", { type: "insert", payload: { name: "monday", defaultValue: { start: "09:00", end: "17:00" } } }],
    ["insert without one", { type: "insert", payload: { name: "windows" } }],
    ["remove", { type: "remove", payload: { name: "windows", index: 0 } }],
    ["update of a row", { type: "update", payload: { name: "monday", index: 2, value: { start: "09:00" } } }],
    ["validate", { type: "validate", payload: {} }],
    ["reorder", { type: "reorder", payload: { name: "monday", from: 0, to: 3 } }],
  ])("accepts conform's %s intent", (_case, value) => {
    expect(formProblem(intent(value))).toBeNull();
  });

  test.each([
    ["a bracket index past the bound", `monday[${maxListLength}].start`, /at most 25 items/],
    ["a huge index", "q[99999999999999999999]", /at most 25 items/],
    ["a dotted index past the bound", "monday.10000", /at most 25 items/],
    ["__proto__", "__proto__.polluted", /isn't a field/],
    ["constructor inside a path", "a[constructor].x", /isn't a field/],
    ["a name as long as a nesting attack", "a.".repeat(60) + "a", /longer than any form/],
  ])("refuses %s", (_case, name, message) => {
    expect(formProblem(new URLSearchParams([[name, "x"]]))).toMatch(message);
  });

  test("refuses more fields than any form has", () => {
    const fields = (count: number) => new URLSearchParams(Array.from({ length: count }, () => ["specialties", "x"]));
    expect(formProblem(fields(maxFields))).toBeNull();
    expect(formProblem(fields(maxFields + 1))).toMatch(/too many fields/);
  });

  test.each([
    ["invalid JSON", "{x"],
    ["JSON that isn't an object", "[]"],
    ["an unknown type", JSON.stringify({ type: "explode", payload: {} })],
    ["no payload", JSON.stringify({ type: "remove" })],
    ["a remove at index 1e9", JSON.stringify({ type: "remove", payload: { name: "monday", index: 1e9 } })],
    ["a fractional index", JSON.stringify({ type: "remove", payload: { name: "monday", index: 0.5 } })],
    ["an update at index 1e9", JSON.stringify({ type: "update", payload: { name: "monday", index: 1e9 } })],
    ["an insert at a huge position", JSON.stringify({ type: "insert", payload: { name: "monday", index: 1e9 } })],
    ["a reorder far away", JSON.stringify({ type: "reorder", payload: { name: "monday", from: 0, to: 1e9 } })],
    ["a name with a huge index", JSON.stringify({ type: "update", payload: { name: "monday[1000000000]", value: "x" } })],
    ["__proto__ as the name", JSON.stringify({ type: "remove", payload: { name: "__proto__", index: 0 } })],
    ["a list intent on a field that isn't a list", JSON.stringify({ type: "remove", payload: { name: "section", index: 0 } })],
  ])("refuses an intent with %s", (_case, serialized) => {
    const form = new URLSearchParams({ section: "weekly", __intent__: serialized });
    expect(formProblem(form)).toBe("That form couldn't be read. Reload the page and try again.");
  });

  test("refuses conform state that isn't JSON, and an intent sent as a file", () => {
    expect(formProblem(new URLSearchParams({ __state__: "{x" }))).toMatch(/couldn't be read/);
    const form = new FormData();
    form.append("__intent__", new File([JSON.stringify({ type: "validate", payload: {} })], "intent.json"));
    expect(formProblem(form)).toMatch(/couldn't be read/);
  });
});

describe("screenRequestInput", () => {
  const post = (path: string, body: BodyInit | null, headers: Record<string, string> = {}) =>
    new Request(`http://localhost${path}`, { method: "POST", body, headers });

  test("hands on a request whose body the action can still read", async () => {
    const form = new URLSearchParams({ email: "ada@example.com", "monday[0].start": "09:00" });
    const screened = await screenRequestInput(post("/login", form), options);
    expect(screened).toBeInstanceOf(Request);
    expect([...(await (screened as Request).formData())]).toEqual([...form]);
  });

  test("keeps a multipart upload as sent", async () => {
    const form = new FormData();
    form.append("displayName", "Ada");
    form.append("avatar", new File([new Uint8Array(512 * 1024).fill(7)], "me.png", { type: "image/png" }));
    const screened = (await screenRequestInput(post("/specialist/profile", form), options)) as Request;
    const avatar = (await screened.formData()).get("avatar") as File;
    expect(avatar.size).toBe(512 * 1024);
    expect(new Uint8Array(await avatar.arrayBuffer())[0]).toBe(7);
  });

  test("signed paths keep their exact bytes and aren't read as forms", async () => {
    const raw = '{"id":"evt_1","data":{"q[100000]":"x"}}  ';
    const screened = await screenRequestInput(post("/webhooks/test-payments", raw, { "content-type": "application/json" }), options);
    expect(await (screened as Request).text()).toBe(raw);
  });

  test("GET requests pass untouched when their query is fine", async () => {
    const request = new Request("http://localhost/specialists?q=tax&sort=price");
    expect(await screenRequestInput(request, options)).toBe(request);
    const refused = (await screenRequestInput(new Request("http://localhost/specialists?q[30]=x"), options)) as Response;
    expect(refused.status).toBe(400);
  });

  test("a body over its limit is 413, whether announced or only discovered while reading", async () => {
    const tooLong = `email=${"x".repeat(bodyLimits.urlEncoded)}`;
    const announced = await screenRequestInput(post("/login", tooLong, { "content-type": "application/x-www-form-urlencoded" }), options);
    expect((announced as Response).status).toBe(413);
    expect(await (announced as Response).text()).toBe("That request is too large: at most 64 KB here.");

    const unannounced = new Request("http://localhost/login", {
      method: "POST",
      body: new Blob([tooLong]).stream(),
      headers: { "content-type": "application/x-www-form-urlencoded" },
      duplex: "half",
    });
    expect(unannounced.headers.has("content-length")).toBe(false);
    expect(((await screenRequestInput(unannounced, options)) as Response).status).toBe(413);

    const justFits = `email=${"x".repeat(bodyLimits.urlEncoded - "email=".length)}`;
    expect(
      await screenRequestInput(post("/login", justFits, { "content-type": "application/x-www-form-urlencoded" }), options),
    ).toBeInstanceOf(Request);
  });

  test.each([
    ["JSON", "{}", { "content-type": "application/json" }],
    ["no body and no type", null, {}],
    ["multipart without a boundary", "x", { "content-type": "multipart/form-data" }],
  ])("%s is a 400 that says what is accepted", async (_case, body, headers) => {
    const refused = (await screenRequestInput(post("/login", body, headers), options)) as Response;
    expect(refused.status).toBe(400);
    expect(await refused.text()).toMatch(/form/);
  });
});
