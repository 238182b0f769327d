import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * A team releases its service alone (nx.json `release`: independent versions, a changelog per
 * service, a tag `<service>@<version>`). Tried for real in a throw-away clone of this commit with
 * this working tree's release configuration: dispatch is released after a commit to dispatch
 * and one to intake; only dispatch's version, changelog and tag move. And what a change touched
 * is what `nx affected -t build` builds: dispatch alone, or every service for a shared library.
 */
const ROOT = path.resolve(__dirname, '../..');

describe('one service built and released alone (Nx)', () => {
  let clone: string;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: clone, encoding: 'utf8' });
  const versionOf = (service: string) => JSON.parse(fs.readFileSync(path.join(clone, 'services', service, 'package.json'), 'utf8')).version as string;
  const touch = (file: string) => fs.appendFileSync(path.join(clone, file), '\n// a change of this test\n');
  const nx = (...args: string[]) =>
    execFileSync(path.join(clone, 'node_modules/.bin/nx'), args, { cwd: clone, encoding: 'utf8', env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' }, stdio: 'pipe' });
  let released: string;

  beforeAll(() => {
    clone = fs.mkdtempSync(path.join(os.tmpdir(), 'aftercare-release-'));
    execFileSync('git', ['clone', '--quiet', '--shared', ROOT, clone]);
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(clone, 'node_modules'));
    // Nx commits and tags with git too: the clone's own identity, whatever the machine's configuration.
    for (const [key, value] of Object.entries({ 'user.name': 'Release Test', 'user.email': 'release-test@aftercare.invalid', 'commit.gpgsign': 'false', 'tag.gpgsign': 'false' })) git('config', key, value);
    fs.copyFileSync(path.join(ROOT, 'nx.json'), path.join(clone, 'nx.json'));
    git('commit', '--quiet', '--allow-empty', '-am', 'chore: the release configuration under test');
    // The last releases, as a team's earlier release left them.
    git('tag', `dispatch@${versionOf('dispatch')}`);
    git('tag', `intake@${versionOf('intake')}`);
    touch('services/dispatch/src/main.ts');
    git('commit', '--quiet', '-am', 'feat(dispatch): a feature of this test');
    touch('services/intake/src/main.ts');
    git('commit', '--quiet', '-am', 'fix(intake): a fix of this test');

    const [major, minor] = versionOf('dispatch').split('.').map(Number);
    released = `${major}.${minor + 1}.0`;
    nx('release', released, '--projects=dispatch', '--skip-publish');
  }, 180_000);

  afterAll(() => {
    if (clone) fs.rmSync(clone, { recursive: true, force: true });
  });

  it("commits dispatch's new version and changelog, and nothing else", () => {
    expect(git('show', '--name-only', '--format=', 'HEAD').trim().split('\n').sort()).toEqual(['services/dispatch/CHANGELOG.md', 'services/dispatch/package.json']);
    expect(versionOf('dispatch')).toBe(released);
  });

  it('tags the release dispatch@<version>', () => {
    expect(git('tag', '--points-at', 'HEAD').trim()).toBe(`dispatch@${released}`);
  });

  it("lists dispatch's changes since its last release in its changelog, not intake's", () => {
    const changelog = fs.readFileSync(path.join(clone, 'services/dispatch/CHANGELOG.md'), 'utf8');
    expect(changelog).toContain(`## ${released}`);
    expect(changelog).toContain('a feature of this test');
    expect(changelog).not.toContain('a fix of this test');
  });

  // What `nx affected -t build` builds for a change to these files.
  const builtFor = (file: string) => nx('show', 'projects', '--affected', '--withTarget=build', `--files=${file}`).trim().split('\n').sort();

  it("builds dispatch alone for a change to dispatch's code", () => {
    expect(builtFor('services/dispatch/src/main.ts')).toEqual(['dispatch']);
  });

  it('builds every service for a change to a library they all use', () => {
    expect(builtFor('libs/messaging/src/outbox-relay.ts')).toEqual(['claims', 'dispatch', 'intake', 'parts', 'survey']);
  });
});
