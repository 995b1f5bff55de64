import type { LoaderFunctionArgs } from "@remix-run/node";

/**
 * The registry's public key (`/.well-known/redacta-registry-key`), SPKI PEM: what anyone needs
 * to check receipt signatures offline. `?format=json` adds the key id.
 */
export function loader({ request, context }: LoaderFunctionArgs) {
  const key = context.app.registry.key;
  if (new URL(request.url).searchParams.get("format") === "json") {
    return Response.json({ algorithm: "Ed25519", keyId: key.keyId, publicKey: key.publicKeyPem }, { headers: { "Cache-Control": "public, max-age=300" } });
  }
  return new Response(key.publicKeyPem, { headers: { "Content-Type": "application/x-pem-file; charset=utf-8", "Cache-Control": "public, max-age=300" } });
}
