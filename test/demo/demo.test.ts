/** `npm run demo` exactly as a new user runs it: it must exit 0 and show the owner's pop-ups. */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../scripts/processes.ts';

function runDemo(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn('npm', ['run', '--silent', 'demo'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (chunk) => (stdout += chunk));
    proc.stderr.on('data', (chunk) => (stderr += chunk));
    proc.on('error', reject);
    proc.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run demo', () => {
  it('exits 0 and shows every pop-up once, in order, and the final log', async () => {
    const { code, stdout, stderr } = await runDemo();
    expect(code, stderr).toBe(0);
    const popUps = stdout.split('\n').filter((line) => line.includes('🔔 Pop-up'));
    expect(popUps).toHaveLength(4);
    const expected = [
      '★★☆☆☆ New review · Petra K.',
      '"accepted":0,"duplicates":1',
      '★★★★☆ Review revised · Petra K.',
      '2★ → 4★ · Replacement came, all good now',
      '★☆☆☆☆ New review · xx',
      'no pop-up: a deletion only shows in the log',
      'while the client is stopped',
      '★★★★★ New review · \u2068محمد\u2069',
      'Review log (3 reviews, cursor at seq 5):',
      'Buy cheap watches at … · xx  [deleted]',
      'Replacement came, all good now · Petra K.  (revised; earlier: 2★)',
      'Demo finished',
    ];
    let from = 0;
    for (const text of expected) {
      const at = stdout.indexOf(text, from);
      expect(at, `"${text}" after position ${from} in:\n${stdout}`).toBeGreaterThanOrEqual(0);
      from = at + text.length;
    }
  }, 90_000);
});
