// The feed server and the fault server on 127.0.0.1 that the HTTP tests share: started before a file's tests
// and closed after them. Read them from the returned object inside the tests (they exist once beforeAll ran).
import { beforeAll, afterAll } from 'vitest';
import { startFeedServer, type FeedServer } from './feed-server.js';
import { startFaultServer, type FaultServer } from './fault-server.js';

export interface LoopbackServers {
  feeds: FeedServer;
  faults: FaultServer;
}

export function useLoopbackServers(): LoopbackServers {
  const servers = {} as LoopbackServers;
  beforeAll(async () => {
    [servers.feeds, servers.faults] = await Promise.all([startFeedServer(), startFaultServer()]);
  });
  afterAll(async () => {
    await Promise.all([servers.feeds?.close(), servers.faults?.close()]);
  });
  return servers;
}
