export * from "./client.ts";
export * as schema from "./schema/index.ts";
export * from "./schema/index.ts";
export * from "./dto.ts";
export * from "./keyset.ts";
