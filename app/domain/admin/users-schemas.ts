// The admin users pages' choices, shared by their forms (client) and the domain (server).
import type { UserRole } from "../../../db/schema";

export const roleChoices = ["customer", "specialist", "admin"] as const satisfies readonly UserRole[];
export const roleLabels: Record<UserRole, string> = { customer: "Customer", specialist: "Specialist", admin: "Admin" };

export const userStatusFilters = ["active", "suspended"] as const;
export type UserStatusFilter = (typeof userStatusFilters)[number];
export const userStatusLabels: Record<string, string> = { active: "Active", suspended: "Suspended", deleted: "Deleted" };

export const maxSuspensionReasonLength = 500;
