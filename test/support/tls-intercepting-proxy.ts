import { createServer, request as httpRequest, type IncomingMessage, type RequestListener, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import type { TLSSocket } from "node:tls";

/**
 * An HTTPS proxy that terminates TLS itself, as corporate proxies do: a client configured with
 * HTTPS_PROXY=proxy.url sends `CONNECT host:443`, and for the host names in `hosts` the proxy
 * answers 200, speaks TLS with `cert` (which the client trusts through NODE_EXTRA_CA_CERTS) and
 * hands each decrypted request to that host's handler. Every other CONNECT, and every plain-HTTP
 * request, is refused with 403 and listed in `refused`: a test can prove nothing else was reached.
 */

export interface InterceptingProxy {
  /** "http://127.0.0.1:PORT", for HTTPS_PROXY. */
  url: string;
  /** The CONNECT targets let through ("oauth2.googleapis.com:443"), in order. */
  connects: string[];
  /** What was refused: "CONNECT host:port", "GET http://…", or "TLS host" for a request whose Host did not match. */
  refused: string[];
  close(): Promise<void>;
}

export interface InterceptingProxyOptions {
  cert: string;
  key: string;
  /** Handler per host name, e.g. {"sheets.googleapis.com": forwardTo(double.rootUrl)}. */
  hosts: Record<string, RequestListener>;
}

export async function startInterceptingProxy(options: InterceptingProxyOptions): Promise<InterceptingProxy> {
  const connects: string[] = [];
  const refused: string[] = [];
  const sockets = new Set<Socket>();

  // Never listens: it only gets the sockets the proxy hands it after a CONNECT.
  const tls = createHttpsServer({ cert: options.cert, key: options.key }, (request, response) => {
    // SNI is the host the client opened the tunnel for; the Host header must agree with it.
    const servername = (request.socket as TLSSocket).servername || "";
    const host = (request.headers.host ?? "").replace(/:443$/, "");
    const handler = options.hosts[servername];
    if (!handler || host !== servername) {
      refused.push(`TLS ${servername} Host ${host} ${request.method} ${request.url}`);
      response.writeHead(421, { "content-type": "text/plain" }).end("misdirected request");
      return;
    }
    handler(request, response);
  });

  const proxy = createServer((request, response) => {
    refused.push(`${request.method} ${request.url}`);
    response.writeHead(403, { "content-type": "text/plain" }).end("refused by the test proxy");
  });
  proxy.on("connect", (request: IncomingMessage, client: Socket, head: Buffer) => {
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    client.on("error", () => client.destroy());
    const target = request.url ?? "";
    const [host, port] = target.split(":");
    if (port !== "443" || !host || !(host in options.hosts)) {
      refused.push(`CONNECT ${target}`);
      client.end("HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n");
      return;
    }
    connects.push(target);
    client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
    if (head.length > 0) client.unshift(head);
    tls.emit("connection", client);
  });

  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const { port } = proxy.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connects,
    refused,
    async close() {
      for (const socket of sockets) socket.destroy();
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    },
  };
}

/** A handler that passes each request on, unchanged, to a plain-HTTP server (the Sheets double). */
export function forwardTo(rootUrl: string): RequestListener {
  const target = new URL(rootUrl);
  return (request: IncomingMessage, response: ServerResponse) => {
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: request.method,
        path: request.url,
        headers: { ...request.headers, host: target.host },
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    // The double dropping a connection drops the client's too, as a reset at Google would.
    upstream.on("error", () => response.destroy());
    request.pipe(upstream);
  };
}
