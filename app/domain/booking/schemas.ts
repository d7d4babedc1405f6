/** Longest "what would you like to talk about" note a customer can send with a booking. */
export const maxTopicLength = 1000;
