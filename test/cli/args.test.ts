import { describe, expect, it } from 'vitest';
import { parseClientArgs } from '../../main/cli/args.ts';

const base = ['--relay', 'http://127.0.0.1:8787', '--token', 'tok', '--data-dir', '/tmp/x'];

describe('terminal client flags', () => {
  it('parses the documented flags', () => {
    expect(parseClientArgs(base)).toEqual({
      kind: 'run',
      args: {
        relayUrl: 'http://127.0.0.1:8787',
        token: 'tok',
        dataDir: '/tmp/x',
        heartbeatMs: 30_000,
        notifyStars: [1, 2, 3, 4, 5],
        notifyRevisions: true,
      },
    });
    const parsed = parseClientArgs([
      ...base,
      '--notify-stars',
      '3,1,2,1',
      '--no-revisions',
      '--heartbeat-ms',
      '500',
    ]);
    expect(parsed).toMatchObject({
      kind: 'run',
      args: { notifyStars: [1, 2, 3], notifyRevisions: false, heartbeatMs: 500 },
    });
  });

  it('takes the token from REVIEWTRAY_TOKEN when the flag is absent', () => {
    const parsed = parseClientArgs(['--relay', 'http://h:1', '--data-dir', 'd'], {
      REVIEWTRAY_TOKEN: 'env-tok',
    });
    expect(parsed).toMatchObject({ kind: 'run', args: { token: 'env-tok' } });
  });

  it('explains what is missing or wrong', () => {
    const cases: [string[], RegExp][] = [
      [[], /missing --relay/],
      [['--relay', 'not a url', '--token', 't', '--data-dir', 'd'], /--relay is not a URL/],
      [['--relay', 'ftp://h', '--token', 't', '--data-dir', 'd'], /http\(s\) or ws\(s\)/],
      [['--relay', 'http://h:1', '--data-dir', 'd'], /missing --token/],
      [['--relay', 'http://h:1', '--token', 't'], /missing --data-dir/],
      [[...base, '--heartbeat-ms', 'soon'], /--heartbeat-ms must be an integer/],
      [[...base, '--notify-stars', '0,6'], /--notify-stars must be ratings 1–5/],
      [[...base, '--bogus'], /Unknown option '--bogus'/],
      [[...base, 'extra'], /Unexpected argument 'extra'/],
    ];
    for (const [argv, message] of cases) {
      const parsed = parseClientArgs(argv);
      expect(parsed.kind, argv.join(' ')).toBe('error');
      expect(parsed.kind === 'error' && parsed.message).toMatch(message);
    }
  });

  it('wants the relay base URL: no endpoint path, no query, no fragment', () => {
    const relayArgs = (relay: string) =>
      parseClientArgs(['--relay', relay, '--token', 'tok', '--data-dir', 'd']);
    expect(relayArgs('http://127.0.0.1:8787/v1/stream')).toEqual({
      kind: 'error',
      message:
        "--relay must be the relay's base URL, not one of its endpoints: use http://127.0.0.1:8787 (without /v1/stream)",
    });
    expect(relayArgs('https://r.example/base/v1/stream/?since=4')).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('use https://r.example/base (without /v1/stream)'),
    });
    for (const endpoint of ['/v1/status', '/v1/test', '/healthz'])
      expect(relayArgs(`http://h:1${endpoint}`)).toMatchObject({
        kind: 'error',
        message: expect.stringContaining(`use http://h:1 (without ${endpoint})`),
      });
    // The webhook URL holds the secret: the message must not repeat it.
    const hook = relayArgs('http://h:1/hooks/trustpilot/s3cret-s3cret-s3cret');
    expect(hook).toMatchObject({ kind: 'error', message: expect.stringContaining('webhook path') });
    expect(JSON.stringify(hook)).not.toContain('s3cret');
    expect(relayArgs('http://h:1/?token=abc')).toEqual({
      kind: 'error',
      message: "--relay must be the relay's base URL, without a query: use http://h:1",
    });
    expect(relayArgs('http://h:1/base#x')).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('without a fragment: use http://h:1/base'),
    });
    // A relay behind a reverse proxy may have a base path.
    expect(relayArgs('https://r.example/reviewtray/')).toMatchObject({ kind: 'run' });
  });

  it('shows help', () => {
    const parsed = parseClientArgs(['--help']);
    expect(parsed.kind === 'help' && parsed.text).toMatch(
      /Usage: npm run client -- --relay URL --token TOKEN --data-dir DIR/,
    );
  });
});
