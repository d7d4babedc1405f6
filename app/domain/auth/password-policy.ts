import { dictionary } from "@zxcvbn-ts/language-common";

import { maxPasswordLength, minPasswordLength } from "./schemas";

let commonPasswords: Set<string> | undefined;

/** A bundled list of ~49,000 passwords seen most often in breaches (zxcvbn-ts). */
export function isCommonPassword(password: string) {
  commonPasswords ??= new Set(dictionary["passwords-common"]);
  return commonPasswords.has(password.toLowerCase());
}

/** The reason a password is not acceptable, or null when it is. */
export function passwordProblem(password: string, context: { email?: string } = {}): string | null {
  if (password.length < minPasswordLength) return `Use at least ${minPasswordLength} characters.`;
  if (password.length > maxPasswordLength) return `Use at most ${maxPasswordLength} characters.`;
  if (isCommonPassword(password)) return "This password is too common; choose one that's harder to guess.";
  const local = context.email?.split("@")[0]?.toLowerCase();
  if (local && local.length >= 4 && password.toLowerCase().includes(local)) {
    return "Your password shouldn't contain your email address.";
  }
  return null;
}
