/** Slow password hashing lives outside app/ (it needs node:crypto); it arrives via the load context. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** Constant-time; false for a wrong password or an unreadable stored hash. */
  verify(password: string, storedHash: string): Promise<boolean>;
}
