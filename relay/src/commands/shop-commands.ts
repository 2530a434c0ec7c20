/**
 * `shop …` and `token …` commands. They open the same SQLite file as a running relay (WAL lets
 * both work at once); the relay looks shops and tokens up per request, so changes apply at once.
 * They never create a data dir: only an existing relay's relay.db is changed.
 */
import { UsageError } from '../config.ts';
import type { CliConfig } from '../config.ts';
import { subscriptionUrl, DEFAULTS } from '../index.ts';
import { formatConnectionString } from '../protocol.ts';
import { generateSecret } from '../secrets.ts';
import type { Device, ShopSummary } from '../store/shop-directory.ts';
import { openExistingStoreInDataDir } from '../startup-errors.ts';

export interface ShopCommandOptions {
  json: boolean;
  basicAuth: boolean;
  label?: string;
}

const BASIC_AUTH_USER = 'trustpilot';
const COMMANDS = new Set([
  'shop add',
  'shop list',
  'shop rotate-secret',
  'token add',
  'token revoke',
]);

export async function runShopCommand(
  group: 'shop' | 'token',
  args: string[],
  config: CliConfig,
  options: ShopCommandOptions,
): Promise<number> {
  const [action, target, ...extra] = args;
  if (!COMMANDS.has(`${group} ${action}`)) {
    throw new UsageError(`unknown command "${group} ${action ?? ''}"`);
  }
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const needsTarget = !(group === 'shop' && action === 'list');
  if (needsTarget && !target) throw new UsageError(`"${group} ${action ?? ''}" needs an argument`);

  const { dataDir } = config.relay;
  const store = openExistingStoreInDataDir(dataDir);
  // Which relay this changes: two data dirs are two relays that know nothing of each other.
  process.stderr.write(`reviewtray-relay: data dir ${dataDir}\n`);
  try {
    const publicUrl = config.relay.publicUrl ?? defaultPublicUrl(config);
    const out = (line = '') => process.stdout.write(line + '\n');
    switch (`${group} ${action}`) {
      case 'shop add': {
        const basicAuth = options.basicAuth ? `${BASIC_AUTH_USER}:${generateSecret()}` : undefined;
        const created = store.shops.addShop(target!, { basicAuth });
        if (options.json) {
          out(
            JSON.stringify({
              shop: { id: created.shop.id, name: created.shop.name },
              subscriptionUrl: subscriptionUrl(publicUrl, created.webhookSecret, basicAuth),
              tokenId: created.tokenId,
              token: created.token,
            }),
          );
        } else {
          out(`Shop "${created.shop.name}" created (id ${created.shop.id}).`);
          out(
            `Trustpilot subscription URL: ${subscriptionUrl(publicUrl, created.webhookSecret, basicAuth)}`,
          );
          out(`Device token (${created.tokenId}): ${created.token}`);
          out(
            `Connection string for the desktop app: ${formatConnectionString({ relayUrl: publicUrl, token: created.token })}`,
          );
          out('Both are shown only this once: the relay keeps only their hashes.');
          if (!config.relay.publicUrl)
            out(`(Set RELAY_PUBLIC_URL: the URL above uses ${publicUrl}.)`);
        }
        return 0;
      }
      case 'shop rotate-secret': {
        const { shop, webhookSecret } = store.shops.rotateSecret(target!);
        out(
          `New webhook secret for shop "${shop.name}"; the old subscription URL no longer works.`,
        );
        out(`Trustpilot subscription URL: ${subscriptionUrl(publicUrl, webhookSecret)}`);
        return 0;
      }
      case 'shop list': {
        const shops = store.shops.listShops();
        if (options.json) out(JSON.stringify(shops.map(withLag)));
        else for (const shop of shops) printShop(shop, out);
        return 0;
      }
      case 'token add': {
        const { tokenId, token, shop } = store.shops.addToken(target!, options.label ?? 'device');
        if (options.json) out(JSON.stringify({ shop: shop.name, tokenId, token }));
        else {
          out(`Device token for shop "${shop.name}" (${tokenId}): ${token}`);
          out(
            `Connection string for the desktop app: ${formatConnectionString({ relayUrl: publicUrl, token })}`,
          );
          out('Shown only this once: the relay keeps only its hash.');
        }
        return 0;
      }
      case 'token revoke': {
        if (!store.shops.revokeToken(target!)) {
          throw new Error(`no active device token with id "${target}"`);
        }
        out(
          `Token ${target} revoked; a device connected with it is disconnected before the next event (at the latest within one heartbeat).`,
        );
        return 0;
      }
      default:
        throw new UsageError(`unknown command "${group} ${action ?? ''}"`);
    }
  } finally {
    await store.close();
  }
}

function defaultPublicUrl(config: CliConfig): string {
  const host = config.relay.host ?? DEFAULTS.host;
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${shown}:${config.relay.port ?? DEFAULTS.port}`;
}

function lag(shop: ShopSummary, device: Device): number | null {
  return device.ackedSeq === null ? null : Math.max(0, shop.latestSeq - device.ackedSeq);
}

function withLag(shop: ShopSummary) {
  return {
    ...shop,
    devices: shop.devices.map((device) => ({ ...device, lag: lag(shop, device) })),
  };
}

function printShop(shop: ShopSummary, out: (line?: string) => void): void {
  const flags = [shop.isDefault ? 'default' : null, shop.basicAuthHash ? 'basic auth' : null]
    .filter(Boolean)
    .join(', ');
  out(`shop ${shop.id} "${shop.name}"${flags ? ` (${flags})` : ''}: latest seq ${shop.latestSeq}`);
  if (shop.devices.length === 0) out('  no devices');
  for (const device of shop.devices) {
    const state = device.revokedAt ? `revoked ${device.revokedAt}` : 'active';
    const seen = device.lastConnectedAt
      ? `last connection ${device.lastConnectedAt}`
      : 'never connected';
    const deviceLag = lag(shop, device);
    const lagText = deviceLag === null ? 'lag unknown (no ack yet)' : `lag ${deviceLag}`;
    out(`  ${device.id}  ${device.label}  ${state}  ${seen}  ${lagText}`);
  }
}
