// The repository explains itself: no tracked file points outside it, and every relative link in a
// tracked Markdown file leads to a file or folder that exists. Needs git, not the stack.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const REPOSITORY_ROOT = path.resolve(__dirname, '../../..');

// Built from parts so that this file does not contain what it looks for.
const FORBIDDEN = [['..', 'shared'].join('/'), ['shared', 'design'].join('/'), ['domain', 'sources'].join('-')];

interface Finding {
  file: string;
  line: number;
  text: string;
}

function trackedFiles(root: string): string[] {
  const out = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return out.split('\0').filter((file) => file.length > 0);
}

/** Text of a tracked file, or null for binaries and files deleted in the working copy. */
function readText(root: string, file: string): string | null {
  const full = path.join(root, file);
  if (!existsSync(full)) return null;
  const buffer = readFileSync(full);
  if (buffer.subarray(0, 8000).includes(0)) return null;
  return buffer.toString('utf8');
}

export function findOutsidePointers(file: string, text: string, forbidden: string[] = FORBIDDEN): Finding[] {
  const findings: Finding[] = [];
  text.split('\n').forEach((line, index) => {
    for (const needle of forbidden) {
      if (line.includes(needle)) findings.push({ file, line: index + 1, text: needle });
    }
  });
  return findings;
}

/** Blanks fenced code blocks and inline code (keeping line numbers), where brackets are code, not links. */
function withoutCode(markdown: string): string {
  const blank = (s: string) => s.replace(/[^\n]/g, ' ');
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, blank).replace(/`[^`\n]*`/g, blank);
}

const INLINE_LINK = /!?\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
const REFERENCE_DEFINITION = /^\s{0,3}\[[^\]\n]+\]:\s*<?(\S+?)>?(?:\s+.*)?$/gm;

/** Relative link targets of a Markdown file that do not exist on disk. */
export function findBrokenLinks(root: string, file: string, markdown: string): Finding[] {
  const text = withoutCode(markdown);
  const findings: Finding[] = [];
  const check = (target: string, offset: number) => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#') || target.startsWith('//')) return;
    const withoutFragment = decodeURI(target.split('#')[0].split('?')[0]);
    if (withoutFragment === '') return;
    const resolved = withoutFragment.startsWith('/')
      ? path.join(root, withoutFragment)
      : path.resolve(root, path.dirname(file), withoutFragment);
    const insideRepository = resolved === root || resolved.startsWith(root + path.sep);
    if (!insideRepository || !existsSync(resolved)) {
      findings.push({ file, line: text.slice(0, offset).split('\n').length, text: target });
    }
  };
  for (const match of text.matchAll(INLINE_LINK)) check(match[1], match.index ?? 0);
  for (const match of text.matchAll(REFERENCE_DEFINITION)) check(match[1], match.index ?? 0);
  return findings;
}

const describeFindings = (findings: Finding[]) => findings.map((f) => `${f.file}:${f.line}: ${f.text}`).join('\n');

describe('the repository explains itself', () => {
  const files = trackedFiles(REPOSITORY_ROOT);

  it('lists the tracked files (the checks below have something to check)', () => {
    expect(files).toContain('README.md');
    expect(files).toContain('docs/README.md');
  });

  it('has no tracked text file pointing at design material outside the repository', () => {
    const findings = files.flatMap((file) => {
      const text = readText(REPOSITORY_ROOT, file);
      return text === null ? [] : findOutsidePointers(file, text);
    });
    expect(describeFindings(findings)).toBe('');
  });

  it('has no relative link in a tracked Markdown file that leads nowhere', () => {
    const findings = files
      .filter((file) => file.endsWith('.md'))
      .flatMap((file) => {
        const text = readText(REPOSITORY_ROOT, file);
        return text === null ? [] : findBrokenLinks(REPOSITORY_ROOT, file, text);
      });
    expect(describeFindings(findings)).toBe('');
  });
});

describe('the checks themselves', () => {
  it('find a pointer outside the repository', () => {
    const pointer = ['..', '..', 'shared', 'design', 'DOMAIN.md'].join('/');
    expect(findOutsidePointers('x.md', `intro\nsee ${pointer}\n`)).toEqual([
      { file: 'x.md', line: 2, text: FORBIDDEN[0] },
      { file: 'x.md', line: 2, text: FORBIDDEN[1] },
    ]);
  });

  it('find a relative link to a missing file, and accept existing files, folders, anchors and URLs', () => {
    const markdown = [
      '[ok](README.md) [folder](docs/) [anchor](#top) [web](https://example.org/x.md)',
      '[ok with anchor](docs/README.md#reading-order) ![image](missing.png)',
      '`[not a link](nowhere.md)`',
      '```',
      '[also code](nowhere-either.md)',
      '```',
      '[gone](docs/no-such-file.md)',
      '[outside](../../etc/passwd)',
      '[ref]: docs/also-missing.md',
    ].join('\n');
    expect(findBrokenLinks(REPOSITORY_ROOT, 'README.md', markdown).map((f) => [f.line, f.text])).toEqual([
      [2, 'missing.png'],
      [7, 'docs/no-such-file.md'],
      [8, '../../etc/passwd'],
      [9, 'docs/also-missing.md'],
    ]);
  });
});
