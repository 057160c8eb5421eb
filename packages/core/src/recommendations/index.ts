export * from "./plan.ts";
export * from "./service.ts";
export * from "./pdf.ts";
export * from "./demo.ts";
