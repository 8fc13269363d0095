/**
 * A TCP proxy for tests that can fail the way real networks do: `freeze()`
 * holds every connection open (old and new) and forwards nothing, like a
 * stuck server or a partition; `refuse()` stops listening and drops every
 * connection, like a database that is down; `forward()` brings it back.
 */
import net from 'node:net';

/** Text that would tell an outsider what the server runs on, or that a fault is a fault in the code. */
export const INTERNAL_TEXT = /ECONN|Query read timeout|timeout exceeded|Connection terminated|not queryable|127\.0\.0\.1:\d|:5432|PSL_ERR|SQLITE_|ENOSPC|EROFS|\bat .+:\d+:\d+|Error:/;

export interface FreezingProxy {
  readonly port: number;
  freeze(): void;
  refuse(): Promise<void>;
  forward(): Promise<void>;
  close(): Promise<void>;
}

export async function freezingProxy(upstream: { host: string; port: number }): Promise<FreezingProxy> {
  let frozen = false;
  const pairs = new Set<{ client: net.Socket; server: net.Socket; held: { up: Buffer[]; down: Buffer[] } }>();
  const onConnection = (client: net.Socket) => {
    const server = net.connect(upstream);
    const pair = { client, server, held: { up: [] as Buffer[], down: [] as Buffer[] } };
    pairs.add(pair);
    client.on('data', (d: Buffer) => (frozen ? pair.held.up.push(d) : server.write(d)));
    server.on('data', (d: Buffer) => (frozen ? pair.held.down.push(d) : client.write(d)));
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      server.destroy();
    };
    client.on('close', end).on('error', end);
    server.on('close', end).on('error', end);
  };
  let listener = net.createServer(onConnection);
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const port = (listener.address() as net.AddressInfo).port;
  const dropAll = () => {
    for (const p of pairs) {
      p.client.destroy();
      p.server.destroy();
    }
    pairs.clear();
  };
  return {
    port,
    freeze() {
      frozen = true;
    },
    async refuse() {
      frozen = false;
      await new Promise<void>((resolve) => {
        listener.close(() => resolve());
        dropAll();
      });
    },
    async forward() {
      frozen = false;
      for (const p of pairs) {
        for (const d of p.held.up.splice(0)) p.server.write(d);
        for (const d of p.held.down.splice(0)) p.client.write(d);
      }
      if (!listener.listening) {
        listener = net.createServer(onConnection);
        await new Promise<void>((resolve) => listener.listen(port, '127.0.0.1', resolve));
      }
    },
    async close() {
      dropAll();
      if (listener.listening) await new Promise<void>((resolve) => listener.close(() => resolve()));
    },
  };
}
