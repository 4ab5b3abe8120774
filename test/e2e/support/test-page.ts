import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A web page on 127.0.0.1 to share as a best practice: a title and a paragraph to select. */
export interface TestPage {
  url: string;
  close(): Promise<void>;
}

export async function serveTestPage(title: string, paragraph: string): Promise<TestPage> {
  const html = `<!doctype html><html lang="it"><head><meta charset="utf-8"><title>${title}</title></head>
<body><h1>${title}</h1><p id="excerpt">${paragraph}</p><p>Altro testo della pagina.</p></body></html>`;
  const server: Server = createServer((_, response) => {
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    response.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/prassi/sportello.html`,
    // Chromium keeps its keep-alive connection open while it runs: drop it, or close() waits for it.
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
