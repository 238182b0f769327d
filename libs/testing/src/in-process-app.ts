import type { INestApplication } from '@nestjs/common';
import { ConsumerGroups, startMessaging } from '@aftercare/messaging';

/**
 * Starts a configured app in the test process the way `runService` starts a service — the
 * messaging transport, then HTTP (on a free local port) — and returns its base URL once every
 * consumer group has joined.
 */
export async function listenInProcess(app: INestApplication): Promise<string> {
  await startMessaging(app);
  await app.listen(0, '127.0.0.1');
  await app.get(ConsumerGroups).waitUntilJoined();
  return (await app.getUrl()).replace('[::1]', '127.0.0.1');
}
