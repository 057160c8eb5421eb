// First: Russian messages for every zod check, before any schema is built.
import "./russian-errors.ts";
export * from "./regions.ts";
export * from "./accounts.ts";
export * from "./form-errors.ts";
export * from "./realtime.ts";
export * from "./family.ts";
export * from "./trials.ts";
export * from "./dates.ts";
export * from "./trial-labels.ts";
export * from "./links.ts";
export * from "./text-input.ts";
export * from "./date-input.ts";
export * from "./diagnostics.ts";
export * from "./recommendations.ts";
export * from "./requests.ts";
