export * from "./accounts";
export * from "./audit";
export * from "./mail";
export * from "./processes";
export * from "./collab";
export * from "./annotations";
export * from "./debates";
export * from "./amendments";
