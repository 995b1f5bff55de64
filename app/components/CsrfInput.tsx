import { useRootData } from "../utils/root-data";

/** The hidden CSRF field every mutating form must carry (the server refuses forms without it). */
export function CsrfInput() {
  const token = useRootData()?.csrfToken ?? "";
  return <input type="hidden" name="_csrf" value={token} />;
}
