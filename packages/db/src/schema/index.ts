export * from "./reference.ts";
export * from "./accounts.ts";
export * from "./notifications.ts";
export * from "./mail.ts";
export * from "./audit.ts";
export * from "./family.ts";
export * from "./trials.ts";
export * from "./diagnostics.ts";
