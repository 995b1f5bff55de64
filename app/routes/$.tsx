/**
 * Any URL no other route matches: a translated 404 (rendered by the root error boundary),
 * without Remix logging a "no route matches" error for what is only a bad link.
 */
export function loader() {
  throw new Response("Not Found", { status: 404 });
}

export function action() {
  throw new Response("Not Found", { status: 404 });
}

export default function NotFound() {
  return null;
}
