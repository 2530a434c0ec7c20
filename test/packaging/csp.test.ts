/**
 * The renderer's CSP lives twice: as the response header main/shell/security.ts sets, and as the
 * <meta> tag in renderer/index.html (file:// pages get no headers). This keeps them in step.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, metaContentSecurityPolicy } from '../../main/shell/security.ts';

const repo = join(dirname(fileURLToPath(import.meta.url)), '../..');

describe('content security policy', () => {
  it('renderer/index.html carries the same policy as the header, less header-only directives', async () => {
    const html = await readFile(join(repo, 'renderer/index.html'), 'utf8');
    // The tag as index.html writes it: http-equiv first, then content, across lines.
    const metas = [
      ...html.matchAll(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/gi),
    ];
    expect(metas).toHaveLength(1);
    expect(metas[0]![1]).toBe(metaContentSecurityPolicy());
  });

  it('only drops what a <meta> policy cannot carry', () => {
    expect(metaContentSecurityPolicy()).toBe(
      CONTENT_SECURITY_POLICY.replace("; frame-ancestors 'none'", ''),
    );
    expect(metaContentSecurityPolicy("default-src 'none'; sandbox; report-uri /r")).toBe(
      "default-src 'none'",
    );
  });
});
