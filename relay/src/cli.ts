#!/usr/bin/env node
/**
 * reviewtray-relay command line. The one place that reads the environment.
 *
 *   reviewtray-relay [serve] [--port N ...]     run the relay
 *   reviewtray-relay shop add "Name" [--basic-auth]
 *   reviewtray-relay shop list [--json]
 *   reviewtray-relay shop rotate-secret <shop>
 *   reviewtray-relay token add <shop> [--label NAME]
 *   reviewtray-relay token revoke <token id>
 */
import { parseArgs } from 'node:util';
import { ConfigError, UsageError, loadConfig, settingFlags } from './config.ts';
import type { CliConfig } from './config.ts';
import { runShopCommand } from './commands/shop-commands.ts';
import { createJsonLogger } from './log.ts';
import type { Logger } from './log.ts';
import { createRelay, subscriptionUrl } from './index.ts';
import type { Relay } from './index.ts';
import { formatConnectionString } from './protocol.ts';

const USAGE = `usage:
  reviewtray-relay [serve] [--host H] [--port N] [--data-dir DIR] [--public-url URL]
  reviewtray-relay shop add "Name" [--basic-auth]   new shop: prints its subscription URL and a device token
  reviewtray-relay shop list [--json]               shops, devices, last connection and lag
  reviewtray-relay shop rotate-secret <shop>        new webhook secret (the old URL stops working)
  reviewtray-relay token add <shop> [--label NAME]  new device token for a shop (name or id)
  reviewtray-relay token revoke <token id>          revoke a device token
Settings come from RELAY_* environment variables (see RELAY.md); flags override them.`;

async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...settingFlags(),
      help: { type: 'boolean', short: 'h' },
      json: { type: 'boolean' },
      'basic-auth': { type: 'boolean' },
      label: { type: 'string' },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  // `npm run relay` runs in relay/; a relative data dir means the directory the user was in.
  const config = loadConfig(env, values, env.INIT_CWD ?? process.cwd());
  const [command = 'serve', ...rest] = positionals;
  if (command === 'serve') {
    if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
    return serve(config);
  }
  if (command === 'shop' || command === 'token') {
    return runShopCommand(command, rest, config, {
      json: values.json === true,
      basicAuth: values['basic-auth'] === true,
      label: values.label,
    });
  }
  throw new UsageError(`unknown command "${command}"`);
}

async function serve(config: CliConfig): Promise<number> {
  const logger = createJsonLogger(undefined, config.logLevel);
  // Installed before the relay starts, so a signal during startup still ends in a graceful close.
  let stopping: NodeJS.Signals | undefined;
  const running: { relay?: Relay } = {};
  const stop = (signal: NodeJS.Signals) => {
    logger.log('info', 'shutting down', { signal });
    running.relay!.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.log('error', 'shutdown failed', { error: String(err) });
        process.exit(1);
      },
    );
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.log('warn', 'second signal, exiting at once', { signal });
      process.exit(1);
    }
    stopping = signal;
    // Still starting: there is nothing to close yet; serve() stops once the relay is up.
    if (running.relay) stop(signal);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  const relay = await createRelay({ ...config.relay, logger });
  running.relay = relay;

  const { generated } = relay;
  if (generated.webhookSecret || generated.token) {
    // Shown once: only hashes are stored, so these can never be printed again.
    const lines = ['Reviewtray relay: new secrets were generated. They are shown only this once.'];
    if (generated.webhookSecret) {
      lines.push(
        `Trustpilot subscription URL: ${subscriptionUrl(relay.publicUrl, generated.webhookSecret, config.relay.hookBasicAuth)}`,
      );
    }
    if (generated.token) {
      lines.push(`Device token (${generated.tokenId}): ${generated.token}`);
      lines.push(
        `Connection string for the desktop app: ${formatConnectionString({ relayUrl: relay.publicUrl, token: generated.token })}`,
      );
    }
    process.stdout.write(lines.join('\n') + '\n');
  }
  logConnectionHint(logger, relay, config);
  // A signal that came while starting: the secrets above are printed first (they exist only now).
  if (stopping) stop(stopping);
  if (!config.relay.publicUrl) {
    logger.log(
      'warn',
      'RELAY_PUBLIC_URL is not set: the subscription URL uses the listening address',
    );
  }
  // SIGHUP (systemctl reload): re-read RELAY_TLS_CERT/RELAY_TLS_KEY after a renewal.
  process.on('SIGHUP', () => {
    try {
      relay.reloadTls();
      logger.log('info', 'tls certificate reloaded');
    } catch (err) {
      logger.log('error', 'tls certificate reload failed, keeping the old one', {
        error: String(err),
      });
    }
  });
  return new Promise<number>(() => {
    // Runs until a signal.
  });
}

/**
 * Secrets this start did not generate are never printed: they came from the environment, or only
 * their hashes exist from an earlier start. Say which, and how to get a new URL or token.
 */
function logConnectionHint(logger: Logger, relay: Relay, config: CliConfig): void {
  const { generated, defaultShop } = relay;
  const shop = JSON.stringify(defaultShop.name);
  const parts: string[] = [];
  if (config.relay.webhookSecret) {
    parts.push(
      'the webhook secret comes from RELAY_WEBHOOK_SECRET; it is not printed (change the variable for a new subscription URL)',
    );
  } else if (!generated.webhookSecret) {
    parts.push(
      `the webhook secret already exists and is not shown again; \`reviewtray-relay shop rotate-secret ${shop}\` makes a new subscription URL`,
    );
  }
  if (config.relay.token) {
    parts.push(
      `the device token comes from RELAY_TOKEN; it is not printed (\`reviewtray-relay token add ${shop}\` makes one more)`,
    );
  } else if (!generated.token) {
    parts.push(
      `device tokens already exist and are not shown again; \`reviewtray-relay token add ${shop}\` makes a new one`,
    );
  }
  if (parts.length === 0) return;
  logger.log(
    'info',
    `${parts.join('; ')} (in a checkout: \`npm run relay -- ...\` with the same RELAY_DATA_DIR)`,
    { shop: defaultShop.name },
  );
}

main(process.argv.slice(2), process.env).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // One line, naming what is wrong; never a stack trace for a user mistake.
    if (err instanceof ConfigError) {
      process.stderr.write(`reviewtray-relay: invalid configuration: ${err.message}\n`);
      process.exitCode = 2;
    } else if (err instanceof UsageError || isArgError(err)) {
      process.stderr.write(`reviewtray-relay: ${(err as Error).message}\n${USAGE}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(
        `reviewtray-relay: ${err instanceof Error ? err.message : String(err)}\n`,
      );
      process.exitCode = 1;
    }
  },
);

function isArgError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}
