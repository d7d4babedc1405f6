import { expect, test } from "vitest";
import { apiReference, type OpenApiDocumentLike } from "./reference";

// Shapes the auth operations don't use yet but later ones will: nullable refs, arrays of
// objects, enums, a self-reference, and operations sorted under their tags.
const document: OpenApiDocumentLike = {
  info: { title: "Test API", version: "1.0.0" },
  tags: [{ name: "Bookings" }],
  paths: {
    "/bookings": {
      get: {
        operationId: "listBookings",
        tags: ["Bookings"],
        summary: "List bookings",
        security: [{ bearer: [] }],
        parameters: [{ name: "limit", in: "query", required: false, schema: { type: "integer", minimum: 1, maximum: 100, default: 20 } }],
        responses: {
          "200": {
            description: "A page.",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["data", "nextCursor"],
                  properties: {
                    data: { type: "array", items: { $ref: "#/components/schemas/Booking" } },
                    nextCursor: { type: ["string", "null"] },
                  },
                },
              },
            },
          },
          "401": { description: "Error: `unauthorized`." },
        },
      },
      post: {
        operationId: "createBooking",
        tags: ["Bookings"],
        summary: "Book",
        security: [{ bearer: [] }],
        requestBody: {
          content: { "application/json": { schema: { type: "object", properties: { at: { type: "string", format: "date-time" } } } } },
        },
        responses: { "204": { description: "Booked." }, "403": { description: "Error: `forbidden`, `insufficient_scope`." } },
      },
    },
  },
  components: {
    schemas: {
      Booking: {
        type: "object",
        required: ["id", "status"],
        properties: {
          id: { type: "string", description: "Stable id." },
          status: { type: "string", enum: ["confirmed", "cancelled"] },
          price: { anyOf: [{ $ref: "#/components/schemas/Money" }, { type: "null" }] },
          rescheduledFrom: { anyOf: [{ $ref: "#/components/schemas/Booking" }, { type: "null" }] },
        },
      },
      Money: { type: "object", required: ["amount"], properties: { amount: { type: "integer" }, currency: { type: "string" } } },
    },
  },
};

const reference = apiReference(document);
const [list, create] = reference.tags[0]!.operations;

test("operations are grouped by tag with their method, full path, auth and scope", () => {
  expect(reference.tags.map((tag) => tag.name)).toEqual(["Bookings"]);
  expect(list).toMatchObject({ id: "listBookings", method: "GET", path: "/api/v1/bookings" });
  expect(list!.auth).toContain("read or read-write");
  expect(create!.auth).toContain("read-write access");
  expect(create!.errors).toEqual([{ status: "403", codes: ["forbidden", "insufficient_scope"] }]);
  expect(create!.responses).toEqual([{ status: "204", description: "Booked.", fields: null }]);
});

test("parameters carry their type, requiredness and bounds", () => {
  expect(list!.parameters).toEqual([
    { name: "limit", in: "query", required: false, type: "integer", description: "(≥ 1, ≤ 100, default 20)" },
  ]);
});

test("bodies flatten into rows: arrays of refs and nullable refs nest, a self-reference stops", () => {
  const rows = list!.responses[0]!.fields!.map((row) => [row.name, row.depth, row.type, row.required]);
  expect(rows).toEqual([
    ["data", 0, "array of Booking", true],
    ["data[].id", 1, "string", true],
    ["data[].status", 1, 'one of "confirmed", "cancelled"', true],
    ["data[].price", 1, "Money or null", false],
    ["data[].price.amount", 2, "integer", true],
    ["data[].price.currency", 2, "string", false],
    ["data[].rescheduledFrom", 1, "Booking or null", false],
    ["nextCursor", 0, "string or null", true],
  ]);
  expect(create!.requestBody).toEqual([{ name: "at", depth: 0, type: "string (date-time)", required: false, description: "" }]);
});
