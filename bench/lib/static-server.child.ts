/**
 * Child entry: the baseline — a bare node:http server that answers every request with the
 * bytes of BENCH_BODY_FILE and the content type BENCH_CONTENT_TYPE. It does the minimum any
 * Node server must do for that response, which is what the subject is measured against.
 */
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { reportToParent } from "./child-server";

const bodyFile = process.env.BENCH_BODY_FILE;
const contentType = process.env.BENCH_CONTENT_TYPE;
if (!bodyFile || !contentType) {
  reportToParent({ type: "failed", message: "BENCH_BODY_FILE and BENCH_CONTENT_TYPE are required" });
  process.exit(1);
}
const body = readFileSync(bodyFile);
const headers = { "content-type": contentType, "content-length": String(body.length) };

const server = createServer((_req, res) => {
  res.writeHead(200, headers);
  res.end(body);
});
// Same keep-alive window as the Redacta server, so connection reuse is alike.
server.keepAliveTimeout = 5_000;
server.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  reportToParent({ type: "ready", url: `http://127.0.0.1:${port}` });
});
process.once("SIGTERM", () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
