/**
 * A TCP relay on 127.0.0.1 that the test can close and reopen: while closed, connections to its port
 * are refused and the ones open are reset — to the stack, the SQS endpoint is down.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import { freePort } from '../../../local/ports';

export interface TcpProxy {
  port: number;
  url: string;
  /** Connections relayed so far (to show traffic really went through). */
  connections(): number;
  refuse(): Promise<void>;
  accept(): Promise<void>;
  close(): Promise<void>;
}

export const startTcpProxy = async (targetPort: number): Promise<TcpProxy> => {
  const port = await freePort();
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let relayed = 0;

  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };

  const accept = () =>
    new Promise<void>((resolve, reject) => {
      if (server) return resolve();
      const listening = createServer((client) => {
        relayed++;
        const upstream = connect(targetPort, '127.0.0.1');
        track(client);
        track(upstream);
        client.on('error', () => upstream.destroy());
        upstream.on('error', () => client.destroy());
        client.pipe(upstream).pipe(client);
      });
      listening.once('error', reject);
      listening.listen(port, '127.0.0.1', () => {
        server = listening;
        resolve();
      });
    });

  const refuse = () =>
    new Promise<void>((resolve) => {
      const closing = server;
      server = undefined;
      for (const socket of sockets) socket.destroy();
      if (!closing) return resolve();
      closing.close(() => resolve());
    });

  await accept();
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    connections: () => relayed,
    refuse,
    accept,
    close: refuse,
  };
};
