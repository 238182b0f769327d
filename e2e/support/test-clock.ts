import { mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The preload every service process of the test loads (plain JavaScript: it runs before the TypeScript loader). */
const PRELOAD = path.join(__dirname, 'test-clock.cjs');
const { installTestClock } = require(PRELOAD) as { installTestClock: (file: string) => () => void };

/** Longer than the preload's re-read period (20 ms): every `Date` asked for after this sees the new time. */
const SETTLES_MS = 100;

/**
 * One clock for a whole system test: the service processes started with `settings` and this test
 * process read their time from one file, so the test can live in a chosen month and then close it
 * the way production does (the services run unchanged; no test route or flag in them). Construct
 * it before the services start, `install` it here, `restore` it in `afterAll`.
 */
export class TestClock {
  private readonly file = path.join(mkdtempSync(path.join(os.tmpdir(), 'aftercare-clock-')), 'offset-ms');
  private offsetMs = 0;
  private uninstall: (() => void) | null = null;

  constructor() {
    writeFileSync(this.file, '0');
  }

  /** The environment that puts a service process on this clock. */
  get settings(): NodeJS.ProcessEnv {
    return { NODE_OPTIONS: `--require ${PRELOAD}`, AFTERCARE_TEST_CLOCK_FILE: this.file };
  }

  install(): void {
    this.uninstall ??= installTestClock(this.file);
  }

  /** Every process's time is `instant` now and runs on from there. */
  async set(instant: Date): Promise<void> {
    const real = Date.now() - this.offsetMs;
    this.offsetMs = instant.getTime() - real;
    writeFileSync(this.file, String(this.offsetMs));
    await new Promise((resolve) => setTimeout(resolve, SETTLES_MS));
  }

  restore(): void {
    this.uninstall?.();
    this.uninstall = null;
  }
}
