import { createContext, useContext } from "react";

/**
 * The CSP nonce of the current response, provided by the server entry. In the browser it is
 * empty: browsers hide nonces from the DOM, and only server-rendered scripts need one.
 */
const NonceContext = createContext<string>("");

export const NonceProvider = NonceContext.Provider;

export function useNonce(): string {
  return useContext(NonceContext);
}
