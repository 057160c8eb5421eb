export * from "./regions.ts";
export * from "./accounts.ts";
export * from "./form-errors.ts";
export * from "./realtime.ts";
export * from "./family.ts";
export * from "./trials.ts";
