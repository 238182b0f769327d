import type { GroupConsumer } from './group-consumer';

/** The service's consumer groups by purpose; `main` unless a handler's pattern names another. */
export class ConsumerGroups {
  private readonly groups = new Map<string, GroupConsumer>();

  constructor(
    private readonly create: (purpose: string) => GroupConsumer,
    private readonly defaultPurpose: string,
  ) {}

  get(purpose = this.defaultPurpose): GroupConsumer {
    let consumer = this.groups.get(purpose);
    if (!consumer) {
      consumer = this.create(purpose);
      this.groups.set(purpose, consumer);
    }
    return consumer;
  }

  all(): GroupConsumer[] {
    this.get();
    return [...this.groups.values()];
  }

  /** Resolves when every group with handlers has joined (tests, readiness). */
  async waitUntilJoined(timeoutMs?: number): Promise<void> {
    await Promise.all(this.all().filter((c) => c.hasHandlers).map((c) => c.waitUntilJoined(timeoutMs)));
  }
}
