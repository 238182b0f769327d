import { waitUntilReady, type ServiceProcess } from '@aftercare/testing';
import { IntakeAndDispatch } from './intake-and-dispatch';
import { spawnServiceBeside } from './service-beside';

/** Three services joining their consumer groups on a shared, busy machine take longer than two. */
export const READY_WITHIN_MS = 240_000;

/**
 * Intake, dispatch and parts as separate processes, on the same broker and topic prefix, each
 * with its own database; `call`, `topic` and `probe` as in `IntakeAndDispatch`.
 */
export class IntakeDispatchAndParts extends IntakeAndDispatch {
  parts!: ServiceProcess;

  override async start(watched: string[], settings: NodeJS.ProcessEnv = {}): Promise<void> {
    this.parts = await spawnServiceBeside(this, 'parts', settings);
    await super.start(watched, settings, { readyTimeoutMs: READY_WITHIN_MS });
    await waitUntilReady(this.parts, READY_WITHIN_MS);
  }

  override async stop(): Promise<void> {
    await Promise.all([super.stop(), this.parts?.stop()]);
  }
}
