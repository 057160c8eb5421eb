export * from "./factory.ts";
