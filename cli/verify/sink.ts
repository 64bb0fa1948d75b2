// The exfiltration sink: an HTTP listener and a raw TCP listener on 127.0.0.1 that every attack
// aims at. Whatever reaches either one is recorded; a profile passes only if it records nothing.
import * as http from "node:http";
import * as net from "node:net";
import { AddressInfo } from "node:net";

export interface SinkHit {
  readonly listener: "http" | "tcp";
  /** HTTP: method and path; TCP: empty. */
  readonly request: string;
  /** Every byte received (body for HTTP, the whole stream for TCP), as latin1 text. */
  readonly data: string;
}

export interface ExfiltrationSink {
  readonly httpPort: number;
  readonly tcpPort: number;
  /** Hits so far, in arrival order. */
  readonly hits: readonly SinkHit[];
  close(): Promise<void>;
}

export async function startExfiltrationSink(): Promise<ExfiltrationSink> {
  const hits: SinkHit[] = [];
  const httpServer = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      hits.push({
        listener: "http",
        request: `${req.method} ${req.url}`,
        data: Buffer.concat(chunks).toString("latin1"),
      });
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("ok\n");
    });
  });
  const sockets = new Set<net.Socket>();
  const tcpServer = net.createServer((socket) => {
    sockets.add(socket);
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", () => undefined);
    // Record on connect too: a connection that sends nothing still proves the sink was reachable.
    const hit = { listener: "tcp" as const, request: "", data: "" };
    hits.push(hit);
    socket.on("close", () => {
      sockets.delete(socket);
      hits[hits.indexOf(hit)] = { ...hit, data: Buffer.concat(chunks).toString("latin1") };
    });
  });
  await Promise.all([listen(httpServer), listen(tcpServer)]);
  return {
    httpPort: (httpServer.address() as AddressInfo).port,
    tcpPort: (tcpServer.address() as AddressInfo).port,
    hits,
    close: async () => {
      httpServer.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      await Promise.all([close(httpServer), close(tcpServer)]);
    },
  };
}

function listen(server: net.Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
}

function close(server: net.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
