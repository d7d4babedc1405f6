/**
 * libSQL reports constraint failures as SQLITE_CONSTRAINT (Turso) or SQLITE_CONSTRAINT_UNIQUE
 * (local files); drizzle wraps the driver error in `cause`.
 */
export function isUniqueViolation(error: unknown): boolean {
  for (let current = error; current instanceof Error; current = current.cause) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && code.startsWith("SQLITE_CONSTRAINT") && /UNIQUE|PRIMARY KEY/i.test(current.message)) {
      return true;
    }
  }
  return false;
}
