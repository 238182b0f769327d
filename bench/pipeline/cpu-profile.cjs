// Preloaded into a service (`--require`; node refuses --cpu-prof in NODE_OPTIONS): profiles the
// process with V8's sampling profiler and writes a .cpuprofile into CPU_PROFILE_DIR when it exits
// (the service's graceful shutdown ends with process.exit). Open it in Chrome DevTools or speedscope.
// With CPU_PROFILE_FROM_SIGNAL=SIGUSR2 the profile starts at that signal instead of at once (the
// idle bench profiles its measured window only, not the start-up).
const fs = require('node:fs');
const path = require('node:path');
const inspector = require('node:inspector');

const dir = process.env.CPU_PROFILE_DIR;
if (dir) {
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 1000 });
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    session.post('Profiler.start');
  };
  const signal = process.env.CPU_PROFILE_FROM_SIGNAL;
  if (signal) process.on(signal, start);
  else start();
  const exit = process.exit.bind(process);
  process.exit = (code) => {
    // the in-process session answers synchronously, so the file is written before the exit
    if (started) {
      session.post('Profiler.stop', (error, result) => {
        if (!error) {
          fs.mkdirSync(dir, { recursive: true });
          fs.writeFileSync(path.join(dir, `${path.basename(path.dirname(path.dirname(process.argv[1] ?? 'x')))}-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
        }
      });
    }
    return exit(code);
  };
}
