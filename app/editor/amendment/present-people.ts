import type { PresentPerson } from "./Presence";

/**
 * The people in the awareness states: one entry per person (several tabs of one person are one
 * entry), keyed by the user id each client announces, so two different people who share a
 * display name are listed twice. A state without an id (an older editor) counts on its own.
 */
export function presentPeople(states: ReadonlyMap<number, Record<string, unknown>>, selfClientId: number): PresentPerson[] {
  const people = new Map<string, PresentPerson>();
  states.forEach((state, clientId) => {
    const user: unknown = state.user;
    if (typeof user !== "object" || user === null || !("name" in user) || typeof user.name !== "string") return;
    const color = "color" in user && typeof user.color === "string" ? user.color : "#1c2430";
    const key = "id" in user && typeof user.id === "number" ? `user:${user.id}` : `client:${clientId}`;
    const existing = people.get(key);
    people.set(key, { key, name: user.name, color, isSelf: clientId === selfClientId || (existing?.isSelf ?? false) });
  });
  return [...people.values()].sort((a, b) => Number(b.isSelf) - Number(a.isSelf) || a.name.localeCompare(b.name) || a.key.localeCompare(b.key));
}
