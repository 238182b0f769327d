'use strict';
/**
 * A system test's shared clock, loaded into every service process of the test with
 * `NODE_OPTIONS=--require <this file>` and installed in the test process itself (never loaded in
 * production): `Date` runs at real time plus an offset in milliseconds read from the file named
 * by AFTERCARE_TEST_CLOCK_FILE. The services run unchanged; the test moves the whole system's time
 * by rewriting one file (a month can be lived in and then closed, as in production).
 *
 * The file is read again at most every RECHECK_MS of real time, when the time is asked for: after
 * the test rewrites it and that much time has passed, every process answers the new time.
 * Timers (setTimeout, monotonic clocks) are untouched. Messages produced while the clock is set
 * back carry old timestamps: the broker keeps them by time retention (7 days locally), so a test
 * should consume them before a retention pass could drop them (minutes), which a test does anyway.
 */
const fs = require('node:fs');

const RECHECK_MS = 20;

function installTestClock(file, scope = globalThis) {
  const RealDate = scope.Date;
  let offset = 0;
  let checkedAt = -Infinity;
  const now = () => {
    const real = RealDate.now();
    if (real - checkedAt >= RECHECK_MS) {
      checkedAt = real;
      try {
        offset = Number(fs.readFileSync(file, 'utf8')) || 0;
      } catch {
        offset = 0;
      }
    }
    return real + offset;
  };
  scope.Date = new Proxy(RealDate, {
    construct: (Target, args, newTarget) => Reflect.construct(Target, args.length === 0 ? [now()] : args, newTarget),
    apply: () => new RealDate(now()).toString(),
    get: (Target, key, receiver) => (key === 'now' ? now : Reflect.get(Target, key, receiver)),
  });
  return () => {
    scope.Date = RealDate;
  };
}

module.exports = { installTestClock };

if (process.env.AFTERCARE_TEST_CLOCK_FILE) installTestClock(process.env.AFTERCARE_TEST_CLOCK_FILE);
