import { HealthRegistry } from './health';

describe('HealthRegistry', () => {
  it('is alive and ready with nothing registered', async () => {
    const registry = new HealthRegistry();
    expect(registry.liveness()).toEqual({ alive: true, checks: {} });
    expect(await registry.readiness()).toEqual({ ready: true, checks: {} });
  });

  it('keeps liveness apart from readiness: a dependency away makes the instance unready, not dead', async () => {
    const registry = new HealthRegistry();
    registry.register('mongo', () => ({ ok: false, detail: 'store unreachable' }));
    registry.registerLiveness('kafka-consumer', () => ({ ok: true }));
    expect((await registry.readiness()).ready).toBe(false);
    expect(registry.liveness().alive).toBe(true);
  });

  it('fails liveness with the failing check named', () => {
    const registry = new HealthRegistry();
    registry.registerLiveness('kafka-consumer', () => ({ ok: false, detail: 'consumer intake.main crashed for good: x' }));
    expect(registry.liveness()).toEqual({ alive: false, checks: { 'kafka-consumer': { ok: false, detail: 'consumer intake.main crashed for good: x' } } });
  });

  it('reports a draining instance unready', async () => {
    const registry = new HealthRegistry();
    registry.markShuttingDown();
    expect(await registry.readiness()).toEqual({ ready: false, checks: { shutdown: { ok: false, detail: 'shutting down' } } });
  });
});
