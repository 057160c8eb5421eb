export * from "./consent.ts";
export * from "./competencies.ts";
