import { Controller, Get, Global, Injectable, Module, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '@aftercare/auth';

export interface CheckResult {
  ok: boolean;
  detail?: string;
}

export type ReadinessCheck = () => Promise<CheckResult> | CheckResult;

/** Libraries register what "ready" means for them (store reachable, consumer joined, backlog low). */
@Injectable()
export class HealthRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();
  private readonly livenessChecks = new Map<string, ReadinessCheck>();
  private shuttingDown = false;

  register(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  /**
   * What only a restart can cure (a consumer that crashed for good). Kept apart from readiness:
   * a dependency that is briefly away (Kafka, with the outbox buffering) must not restart pods.
   */
  registerLiveness(name: string, check: () => CheckResult): void {
    this.livenessChecks.set(name, check);
  }

  liveness(): { alive: boolean; checks: Record<string, CheckResult> } {
    const checks = Object.fromEntries([...this.livenessChecks].map(([name, check]) => [name, check() as CheckResult]));
    return { alive: Object.values(checks).every((c) => c.ok), checks };
  }

  /** A draining instance reports not ready so that load balancers stop sending it work. */
  markShuttingDown(): void {
    this.shuttingDown = true;
  }

  async readiness(): Promise<{ ready: boolean; checks: Record<string, CheckResult> }> {
    const entries = await Promise.all(
      [...this.checks].map(async ([name, check]) => {
        try {
          return [name, await withTimeout(Promise.resolve(check()), 2000)] as const;
        } catch (error) {
          return [name, { ok: false, detail: (error as Error).message }] as const;
        }
      }),
    );
    const checks = Object.fromEntries(entries);
    if (this.shuttingDown) checks.shutdown = { ok: false, detail: 'shutting down' };
    return { ready: Object.values(checks).every((c) => c.ok), checks };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`check timed out after ${ms} ms`)), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error) => (clearTimeout(timer), reject(error)),
    );
  });
}

@ApiExcludeController()
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly registry: HealthRegistry) {}

  @Get('live')
  live(@Res({ passthrough: true }) res: Response): unknown {
    const { alive, checks } = this.registry.liveness();
    res.status(alive ? 200 : 503);
    return alive ? { status: 'ok' } : { status: 'failed', checks };
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) res: Response): Promise<unknown> {
    const { ready, checks } = await this.registry.readiness();
    res.status(ready ? 200 : 503);
    return { status: ready ? 'ok' : 'unavailable', checks };
  }
}

@Global()
@Module({ controllers: [HealthController], providers: [HealthRegistry], exports: [HealthRegistry] })
export class HealthModule {}
