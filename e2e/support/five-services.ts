import { waitUntilReady, type ServiceProcess } from '@aftercare/testing';
import { IntakeAndDispatch } from './intake-and-dispatch';
import { spawnServiceBeside } from './service-beside';
import { READY_WITHIN_MS } from './with-parts';

/**
 * All five services as separate processes, as `npm start` runs them: the same broker and topic
 * prefix, each with its own database, sharing nothing else; `call`, `topic` and `probe` as in
 * `IntakeAndDispatch`. All five start side by side and are ready when `start` resolves.
 */
export class FiveServices extends IntakeAndDispatch {
  parts!: ServiceProcess;
  claims!: ServiceProcess;
  survey!: ServiceProcess;

  override async start(watched: string[], settings: NodeJS.ProcessEnv = {}): Promise<void> {
    [this.parts, this.claims, this.survey] = await Promise.all((['parts', 'claims', 'survey'] as const).map((name) => spawnServiceBeside(this, name, settings)));
    await super.start(watched, settings, { readyTimeoutMs: READY_WITHIN_MS });
    await Promise.all([this.parts, this.claims, this.survey].map((service) => waitUntilReady(service, READY_WITHIN_MS)));
  }

  override async stop(): Promise<void> {
    await Promise.all([super.stop(), this.parts?.stop(), this.claims?.stop(), this.survey?.stop()]);
  }
}
