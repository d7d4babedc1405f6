import type { Operation } from "../operation";
import { authOperations } from "./auth.server";
import { meOperations } from "./me.server";
import { notificationOperations } from "./notifications.server";
import { reviewOperations } from "./reviews.server";
import { sessionOperations } from "./sessions.server";

// Every operation of /api/v1, in the order the reference lists them.
export const operations: Operation[] = [
  ...authOperations,
  ...meOperations,
  ...notificationOperations,
  ...reviewOperations,
  ...sessionOperations,
];
