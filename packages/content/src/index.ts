export * from "./consent.ts";
export * from "./competencies.ts";
export * from "./diagnostics/index.ts";
