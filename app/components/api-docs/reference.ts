// The API reference as plain data, read from the generated OpenAPI document: every operation by
// tag, with its parameters, and its bodies flattened into field rows ($refs resolved, nested
// objects as deeper rows). Pages render it; nothing here is written by hand per operation.

type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  description?: string;
  default?: unknown;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
};

interface OpenApiOperation {
  operationId: string;
  tags?: string[];
  summary?: string;
  description?: string;
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string; required?: boolean; description?: string; schema?: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  responses: Record<string, { description?: string; content?: Record<string, { schema?: JsonSchema }> }>;
}

export interface OpenApiDocumentLike {
  info: { title: string; version: string; description?: string };
  tags?: { name: string }[];
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

export interface FieldRow {
  name: string;
  depth: number;
  type: string;
  required: boolean;
  description: string;
}

export interface ParameterRow {
  name: string;
  in: string;
  required: boolean;
  type: string;
  description: string;
}

export interface OperationView {
  id: string;
  method: string;
  path: string;
  summary: string;
  description: string | null;
  auth: string;
  parameters: ParameterRow[];
  requestBody: FieldRow[] | null;
  responses: { status: string; description: string; fields: FieldRow[] | null }[];
  errors: { status: string; codes: string[] }[];
}

export interface ReferenceView {
  title: string;
  version: string;
  basePath: string;
  tags: { name: string; operations: OperationView[] }[];
}

// Schemas nest a few levels at most; the cap keeps a self-referencing schema from looping.
const maxDepth = 5;

export function apiReference(document: OpenApiDocumentLike, basePath = "/api/v1"): ReferenceView {
  const schemas = document.components?.schemas ?? {};
  const resolve = (schema: JsonSchema): JsonSchema => {
    const name = refName(schema);
    return name ? (schemas[name] ?? {}) : schema;
  };

  function typeOf(schema: JsonSchema): string {
    const name = refName(schema);
    if (name) return typeOf(resolve(schema)) === "object" ? name : `${name} (${typeOf(resolve(schema))})`;
    const variants = schema.anyOf ?? schema.oneOf;
    if (variants) return [...new Set(variants.map(typeOf))].join(" or ");
    if (schema.allOf?.length === 1) return typeOf(schema.allOf[0]!);
    if (schema.const !== undefined) return JSON.stringify(schema.const);
    if (schema.enum) return `one of ${schema.enum.map((value) => JSON.stringify(value)).join(", ")}`;
    const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
    if (types.includes("array")) return `array of ${schema.items ? typeOf(schema.items) : "anything"}`;
    const label = types.length ? types.join(" or ") : schema.properties ? "object" : "any";
    return schema.format ? `${label} (${schema.format})` : label;
  }

  function notes(schema: JsonSchema): string {
    const own = resolve(schema);
    const bounds = [
      own.minLength !== undefined ? `at least ${own.minLength} characters` : null,
      own.maxLength !== undefined ? `at most ${own.maxLength} characters` : null,
      // zod's integers carry the safe-integer range, which says nothing to a reader.
      own.minimum !== undefined && own.minimum > Number.MIN_SAFE_INTEGER ? `≥ ${own.minimum}` : null,
      own.exclusiveMinimum !== undefined ? `> ${own.exclusiveMinimum}` : null,
      own.maximum !== undefined && own.maximum < Number.MAX_SAFE_INTEGER ? `≤ ${own.maximum}` : null,
      own.exclusiveMaximum !== undefined ? `< ${own.exclusiveMaximum}` : null,
      own.minItems !== undefined ? `at least ${own.minItems} items` : null,
      own.maxItems !== undefined ? `at most ${own.maxItems} items` : null,
      own.default !== undefined ? `default ${JSON.stringify(own.default)}` : null,
    ].filter(Boolean);
    return [schema.description ?? own.description, bounds.length ? `(${bounds.join(", ")})` : null].filter(Boolean).join(" ");
  }

  /** The object a field's rows nest into, if it is one (directly, as array items, or nullable). */
  function objectWithin(schema: JsonSchema, seen: readonly string[]): { schema: JsonSchema; suffix: string; seen: string[] } | null {
    const name = refName(schema);
    if (name && seen.includes(name)) return null;
    const nextSeen = name ? [...seen, name] : [...seen];
    const own = resolve(schema);
    if (own.properties) return { schema: own, suffix: "", seen: nextSeen };
    const variants = (own.anyOf ?? own.oneOf ?? []).filter((variant) => variant.type !== "null");
    if (variants.length === 1) return objectWithin(variants[0]!, nextSeen);
    if (own.items) {
      const inner = objectWithin(own.items, nextSeen);
      return inner ? { ...inner, suffix: `[]${inner.suffix}` } : null;
    }
    return null;
  }

  function fields(schema: JsonSchema, prefix = "", depth = 0, seen: readonly string[] = []): FieldRow[] {
    const object = objectWithin(schema, seen);
    if (!object || depth > maxDepth) return [];
    const required = new Set(object.schema.required ?? []);
    return Object.entries(object.schema.properties ?? {}).flatMap(([name, property]) => {
      const path = `${prefix}${name}`;
      const row: FieldRow = { name: path, depth, type: typeOf(property), required: required.has(name), description: notes(property) };
      const inner = objectWithin(property, object.seen);
      return [row, ...(inner ? fields(property, `${path}${inner.suffix}.`, depth + 1, object.seen) : [])];
    });
  }

  function bodyRows(schema: JsonSchema | undefined): FieldRow[] | null {
    if (!schema) return null;
    const rows = fields(schema);
    // A body that isn't an object (a bare array or value) still gets one row saying what it is.
    return rows.length ? rows : [{ name: "(body)", depth: 0, type: typeOf(schema), required: true, description: notes(schema) }];
  }

  function view(path: string, method: string, operation: OpenApiOperation): OperationView {
    const security = operation.security ?? [];
    const bearerOptional = security.some((entry) => Object.keys(entry).length === 0);
    const errors = Object.entries(operation.responses)
      .filter(([status]) => Number(status) >= 400)
      .map(([status, response]) => ({ status, codes: [...(response.description ?? "").matchAll(/`(\w+)`/g)].map((match) => match[1]!) }));
    const writes = errors.some((error) => error.codes.includes("insufficient_scope"));
    const auth =
      security.length === 0
        ? "None: anyone may call it."
        : bearerOptional
          ? "Optional: a bearer token (access token or personal token) is used when sent."
          : `Bearer token: an access token, or a personal token with ${writes ? "read-write" : "read or read-write"} access.`;
    return {
      id: operation.operationId,
      method: method.toUpperCase(),
      path: `${basePath}${path}`,
      summary: operation.summary ?? "",
      description: operation.description ?? null,
      auth,
      parameters: (operation.parameters ?? []).map((parameter) => ({
        name: parameter.name,
        in: parameter.in,
        required: parameter.required ?? false,
        type: parameter.schema ? typeOf(parameter.schema) : "string",
        description: parameter.description ?? (parameter.schema ? notes(parameter.schema) : ""),
      })),
      requestBody: bodyRows(operation.requestBody?.content?.["application/json"]?.schema),
      responses: Object.entries(operation.responses)
        .filter(([status]) => Number(status) < 400)
        .map(([status, response]) => ({
          status,
          description: response.description ?? "",
          fields: bodyRows(response.content?.["application/json"]?.schema),
        })),
      errors,
    };
  }

  const all = Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({ tag: operation.tags?.[0] ?? "Other", view: view(path, method, operation) })),
  );
  const tagNames = [...new Set([...(document.tags ?? []).map((tag) => tag.name), ...all.map((entry) => entry.tag)])];
  return {
    title: document.info.title,
    version: document.info.version,
    basePath,
    tags: tagNames
      .map((name) => ({ name, operations: all.filter((entry) => entry.tag === name).map((entry) => entry.view) }))
      .filter((tag) => tag.operations.length > 0),
  };
}

function refName(schema: JsonSchema) {
  return schema.$ref?.startsWith("#/components/schemas/") ? schema.$ref.slice("#/components/schemas/".length) : null;
}
