export * from "./errors.ts";
export * from "./deps.ts";
export * from "./rate-limit.ts";
export * from "./audit.ts";
export * from "./notifications.ts";
export * as accounts from "./accounts.ts";
export { CABINET_PATH, type Me, type SignedIn } from "./accounts.ts";
export * from "./demo.ts";
export * from "./profiles.ts";
