/** How a request's status badge looks (the `status` classes of app.css). */
export const STATUS_TONE: Record<string, "ok" | "wait" | "off"> = { new: "wait", in_progress: "wait", answered: "ok", unanswered: "off", closed: "off" };
