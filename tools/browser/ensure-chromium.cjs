'use strict';
/**
 * The browser tests (survey's answer page) drive the OS's Chromium with playwright-core, which
 * downloads no browser of its own. A machine without one (a fresh CI runner) gets it from the
 * OS packages: `apt-get update && apt-get install -y chromium`, as root (or through sudo).
 * CHROMIUM_PATH names another binary; the tests read the same variable.
 */
const fs = require('node:fs');
const { spawnSync } = require('node:child_process');

const DEFAULT_PATH = '/usr/bin/chromium';

function ensureChromium({ say, fail }) {
  const wanted = process.env.CHROMIUM_PATH || DEFAULT_PATH;
  if (fs.existsSync(wanted)) return;
  if (process.env.CHROMIUM_PATH) fail(`CHROMIUM_PATH=${wanted} does not exist; unset it to install the OS's Chromium at ${DEFAULT_PATH}`);
  if (process.platform !== 'linux' || !fs.existsSync('/usr/bin/apt-get')) {
    fail(`no Chromium at ${DEFAULT_PATH} and no apt-get to install it: install Chromium and set CHROMIUM_PATH to it`);
  }
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const sudo = asRoot ? [] : ['sudo', '-n'];
  if (!asRoot && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status !== 0) {
    fail(`no Chromium at ${DEFAULT_PATH}; installing it needs root: run "sudo apt-get update && sudo apt-get install -y chromium", or set CHROMIUM_PATH`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['apt-get', 'update'], ['apt-get', 'install', '-y', '--no-install-recommends', 'chromium']]) {
    const command = [...sudo, ...args];
    say(`no Chromium at ${DEFAULT_PATH} (needed by the browser tests): ${command.join(' ')}`);
    const result = spawnSync(command[0], command.slice(1), { stdio: 'inherit', env });
    if (result.status !== 0) fail(`${command.join(' ')} failed (exit ${result.status ?? result.signal}): install Chromium by hand or set CHROMIUM_PATH`);
  }
  if (!fs.existsSync(DEFAULT_PATH)) fail(`apt-get installed chromium but ${DEFAULT_PATH} is still missing: set CHROMIUM_PATH`);
  say(`Chromium installed at ${DEFAULT_PATH}`);
}

module.exports = { ensureChromium };
