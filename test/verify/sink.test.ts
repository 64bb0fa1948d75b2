// The exfiltration sink: whatever reaches its HTTP or raw TCP listener on 127.0.0.1 is recorded,
// including a connection that sends nothing.
import * as assert from "assert";
import * as net from "net";
import { startExfiltrationSink } from "../../cli/verify/sink";

describe("verify: exfiltration sink", () => {
  it("starts empty on two loopback ports", async () => {
    const sink = await startExfiltrationSink();
    try {
      assert.notStrictEqual(sink.httpPort, sink.tcpPort);
      assert.deepStrictEqual(sink.hits, []);
    } finally {
      await sink.close();
    }
  });

  it("records an HTTP request with its method, path and body", async () => {
    const sink = await startExfiltrationSink();
    try {
      const response = await fetch(`http://127.0.0.1:${sink.httpPort}/curl?x=1`, {
        method: "POST",
        body: "stolen-key",
      });
      assert.strictEqual(response.status, 200);
      await response.text();
      assert.deepStrictEqual(sink.hits, [{ listener: "http", request: "POST /curl?x=1", data: "stolen-key" }]);
    } finally {
      await sink.close();
    }
  });

  it("records raw TCP bytes, and a connection that sends nothing", async () => {
    const sink = await startExfiltrationSink();
    const send = (data: string) =>
      new Promise<void>((resolve, reject) => {
        const socket = net.connect(sink.tcpPort, "127.0.0.1", () => socket.end(data));
        socket.on("close", () => resolve());
        socket.on("error", reject);
      });
    try {
      await send("devtcp");
      await send("");
      await waitFor(() => sink.hits.length === 2 && sink.hits[0].data === "devtcp");
      assert.deepStrictEqual(sink.hits, [
        { listener: "tcp", request: "", data: "devtcp" },
        { listener: "tcp", request: "", data: "" },
      ]);
    } finally {
      await sink.close();
    }
  });

  it("closes even while a client holds a connection open", async () => {
    const sink = await startExfiltrationSink();
    const socket = net.connect(sink.tcpPort, "127.0.0.1");
    socket.on("error", () => undefined);
    await new Promise((resolve) => socket.on("connect", resolve));
    await sink.close();
    assert.strictEqual(sink.hits.length, 1);
  });
});

/** Waits for the server side to see the client's close (event order, not a timer race). */
async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}
