export * from "./approval.ts";
export * from "./calendar.ts";
export * from "./catalogue.ts";
export * from "./enrollment.ts";
export * from "./mentoring.ts";
