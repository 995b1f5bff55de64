export * from "./clause-id";
export * from "./document-schema";
export * from "./outline";
export * from "./amendment-schema";
