/** What the e2e tests share: a built renderer, the preload bundle, Chromium, and Trustpilot payloads. */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';

const run = promisify(execFile);
export const ROOT = path.resolve(import.meta.dirname, '../..');
export const ARTIFACTS = path.join(ROOT, 'test/artifacts/e2e');

/** `vite build` of the renderer into a fresh temp dir (not dist/, which a developer may be using). */
export async function buildRenderer(): Promise<string> {
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'reviewtray-renderer-'));
  await run(
    path.join(ROOT, 'node_modules/.bin/vite'),
    ['build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'],
    {
      cwd: ROOT,
    },
  );
  return outDir;
}

/** page-preload.ts as one script for page.addInitScript. */
export async function bundlePagePreload(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(import.meta.dirname, 'page-preload.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'warning',
  });
  return result.outputFiles[0]!.text;
}

/** Debian's Chromium (`apt-get install chromium`); a test tool's own browser download cannot work here. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export async function artifactPath(name: string): Promise<string> {
  await mkdir(ARTIFACTS, { recursive: true });
  return path.join(ARTIFACTS, name);
}

/** The README's screenshots; refreshed by an e2e run with UPDATE_SCREENSHOTS=1. */
export const DOCS_SCREENSHOTS = path.join(ROOT, 'docs/screenshots');

/**
 * Saves a screenshot of `page` as test/artifacts/e2e/<name> (every run), and also as
 * docs/screenshots/<name> when UPDATE_SCREENSHOTS=1 is set, so the README shows the current build.
 */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  const image = await page.screenshot({ path: await artifactPath(name) });
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    await mkdir(DOCS_SCREENSHOTS, { recursive: true });
    await writeFile(path.join(DOCS_SCREENSHOTS, name), image);
  }
}

/** Polls until `check` stops throwing (or returns true); fails with its last error. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await check();
      if (value !== false) return value;
      if (Date.now() > deadline) throw new Error('condition still false');
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface ReviewData {
  id: string;
  stars?: unknown;
  title?: string | null;
  text?: string | null;
  language?: string;
  referenceId?: string;
  createdAt?: string;
  consumerName?: string | null;
  locationId?: string;
  tags?: { group: string; value: string }[];
}

/** A Trustpilot service-review event, shaped like the real webhook's. */
export function reviewEvent(
  eventName: 'service-review-created' | 'service-review-updated' | 'service-review-deleted',
  data: ReviewData,
) {
  if (eventName === 'service-review-deleted')
    return { eventName, version: '1', eventData: { id: data.id } };
  return {
    eventName,
    version: '1',
    eventData: {
      id: data.id,
      language: data.language ?? 'en',
      title: data.title ?? null,
      text: data.text ?? null,
      referenceId: data.referenceId,
      stars: data.stars ?? 5,
      createdAt: data.createdAt ?? '2026-11-01T10:00:00.000Z',
      isVerified: true,
      locationId: data.locationId,
      link: `https://api.trustpilot.com/v1/reviews/${data.id}`,
      consumer: {
        id: `consumer-${data.id.slice(-4)}`,
        name: data.consumerName ?? null,
        link: `https://api.trustpilot.com/v1/consumers/consumer-${data.id.slice(-4)}`,
      },
      tags: data.tags ?? [],
    },
  };
}
