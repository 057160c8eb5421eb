export * from "./consent.ts";
export * from "./competencies.ts";
export * from "./diagnostics/index.ts";
export * from "./faq/index.ts";
export * from "./recommendations/index.ts";
