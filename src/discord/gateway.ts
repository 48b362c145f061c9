import { setTimeout as sleep } from 'node:timers/promises';
import { GatewayCloseCodes, Routes, SimpleIdentifyThrottler, type IIdentifyThrottler, type REST } from 'discord.js';
import { CitebotError, type ErrorCode } from '../errors.ts';
import type { Logger } from '../logger.ts';

// The close codes after which Discord will not take the session back (discord.js stops reconnecting):
// each has its own row in the error table, saying what the operator has to change.
const FATAL_CLOSE_CODES: ReadonlyMap<number, ErrorCode> = new Map<number, ErrorCode>([
  [GatewayCloseCodes.AuthenticationFailed, 'DISCORD_TOKEN_INVALID'],
  [GatewayCloseCodes.InvalidShard, 'DISCORD_SHARD_INVALID'],
  [GatewayCloseCodes.ShardingRequired, 'DISCORD_SHARDING_REQUIRED'],
  [GatewayCloseCodes.InvalidAPIVersion, 'DISCORD_API_VERSION_INVALID'],
  [GatewayCloseCodes.InvalidIntents, 'DISCORD_INTENTS_INVALID'],
  [GatewayCloseCodes.DisallowedIntents, 'DISCORD_INTENT_DISALLOWED'],
]);

/** A privileged intent the bot asks for, with the setting that needs it. */
export interface PrivilegedIntent {
  /** Its name in the Developer Portal, e.g. `Message Content Intent`. */
  readonly portalName: string;
  /** The setting that makes the bot ask for it, e.g. `ANSWER_CHANNEL_IDS=123`. */
  readonly neededBy: string;
}

/**
 * The error for a gateway close code Discord does not come back from (4004, 4010–4014), or
 * undefined for a code discord.js recovers from by itself.
 */
export function fatalCloseError(
  closeCode: number,
  session: { readonly intents: number; readonly privileged: readonly PrivilegedIntent[] },
): CitebotError | undefined {
  const code = FATAL_CLOSE_CODES.get(closeCode);
  if (code === undefined) return undefined;
  if (code === 'DISCORD_INTENT_DISALLOWED')
    return new CitebotError(
      code,
      session.privileged.length === 0
        ? 'the bot asked for no privileged intent, so Discord or a proxy refused a standard one'
        : session.privileged
            .map((intent) => `the bot asks for the ${intent.portalName} because of ${intent.neededBy}`)
            .join('; '),
    );
  if (code === 'DISCORD_INTENTS_INVALID') return new CitebotError(code, `intents ${session.intents}`);
  return new CitebotError(code);
}

/** How the bot reacts to a connection that keeps failing. */
export interface GatewayRetryOptions {
  /** Failed attempts in a row before a warning (then again every that many). Default 5. */
  readonly warnAfterFailures?: number;
  /** Wait before the first retry of a new session (IDENTIFY) or of REST at start; doubles per failure. Default 1 s. */
  readonly firstBackoffMs?: number;
  /** Longest wait between two attempts. Default 60 s. */
  readonly maxBackoffMs?: number;
  /** A session up this long ends a run of failures (one dropping right after READY does not). Default 60 s. */
  readonly stableAfterMs?: number;
}

/** The wait before attempt `failures + 1`: none before the first, then doubling up to `maxMs`. */
export function backoffMs(failures: number, firstMs: number, maxMs: number): number {
  if (failures <= 0) return 0;
  return Math.min(maxMs, firstMs * 2 ** Math.min(failures - 1, 30));
}

// Node's codes for a host that cannot be reached (undici wraps them in `cause`).
const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);

function networkErrorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_ERROR_CODES.has(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Follows the gateway connection for the operator: counts failed connection attempts in a
 * row, warns while Discord cannot be reached at start and after repeated disconnects, and
 * spaces new sessions (IDENTIFY) with a growing backoff. discord.js still does the
 * reconnecting; this only adds the wait before an IDENTIFY, through its identify-throttler
 * hook, so a flapping connection does not spend the daily session-start budget.
 */
export class GatewayMonitor {
  private failures = 0;
  private connectedOnce = false;
  private stableTimer: NodeJS.Timeout | undefined;
  private readonly warnAfter: number;
  private readonly firstMs: number;
  private readonly maxMs: number;
  private readonly stableAfterMs: number;

  constructor(
    private readonly logger: Logger,
    private readonly where: () => string,
    options: GatewayRetryOptions = {},
  ) {
    this.warnAfter = Math.max(1, options.warnAfterFailures ?? 5);
    this.firstMs = options.firstBackoffMs ?? 1000;
    this.maxMs = options.maxBackoffMs ?? 60_000;
    this.stableAfterMs = options.stableAfterMs ?? 60_000;
  }

  /** Failed connection attempts since the last stable session. */
  get consecutiveFailures(): number {
    return this.failures;
  }

  /** The gateway closed and discord.js is connecting again. */
  onReconnecting(shardId: number): void {
    clearTimeout(this.stableTimer);
    this.failures += 1;
    const attempt = { shardId, failures: this.failures, nextIdentifyInMs: this.identifyDelayMs() };
    if (!this.connectedOnce) {
      // A clear line at the first failure, then every `warnAfter` (discord.js retries about twice a second).
      if (this.failures === 1 || this.failures % this.warnAfter === 0)
        this.logger.warn(
          { event: 'gateway_unreachable', gateway: this.where(), ...attempt },
          `cannot connect to the Discord gateway at ${this.where()} yet (${this.failures} attempt(s)): ` +
            `still retrying; check the network, a firewall or proxy, or DISCORD_API_URL`,
        );
      return;
    }
    if (this.failures % this.warnAfter === 0)
      this.logger.warn(
        { event: 'gateway_unstable', gateway: this.where(), ...attempt },
        `the Discord gateway connection failed ${this.failures} times in a row: still retrying, ` +
          `new sessions spaced by up to ${Math.round(this.maxMs / 1000)} s`,
      );
    else this.logger.info({ event: 'gateway_reconnecting', ...attempt }, 'gateway reconnecting');
  }

  /** A session is up (READY or RESUMED): a run of failures ends once it has lasted a while. */
  onConnected(): void {
    this.connectedOnce = true;
    clearTimeout(this.stableTimer);
    if (this.failures === 0) return;
    this.stableTimer = setTimeout(() => (this.failures = 0), this.stableAfterMs);
    this.stableTimer.unref();
  }

  /** The wait the next IDENTIFY gets on top of Discord's own identify spacing. */
  identifyDelayMs(): number {
    return backoffMs(this.failures, this.firstMs, this.maxMs);
  }

  /** discord.js's identify throttler, preceded by the backoff: for `ws.buildIdentifyThrottler`. */
  async buildIdentifyThrottler(manager: {
    fetchGatewayInformation(): Promise<{ session_start_limit: { max_concurrency: number } }>;
  }): Promise<IIdentifyThrottler> {
    const info = await manager.fetchGatewayInformation();
    const discordSpacing = new SimpleIdentifyThrottler(info.session_start_limit.max_concurrency);
    return {
      waitForIdentify: async (shardId, signal) => {
        const delay = this.identifyDelayMs();
        if (delay > 0) await sleep(delay, undefined, { signal });
        await discordSpacing.waitForIdentify(shardId, signal);
      },
    };
  }

  /**
   * Waits until Discord's REST API answers (`GET /gateway/bot`, the first thing a login
   * does), retrying with the growing backoff and a warning per attempt while the host cannot
   * be reached. Other failures (a refused token) are thrown for the login to report.
   */
  async waitForApi(rest: REST, apiUrl: string): Promise<void> {
    for (let failures = 0; ; failures++) {
      try {
        await rest.get(Routes.gatewayBot());
        return;
      } catch (error) {
        const network = networkErrorCode(error);
        if (network === undefined) throw error;
        const waitMs = backoffMs(failures + 1, this.firstMs, this.maxMs);
        this.logger.warn(
          { event: 'discord_unreachable', apiUrl, error: network, attempt: failures + 1, retryInMs: waitMs },
          `cannot reach Discord at ${apiUrl} (${network}): retrying in ${Math.round(waitMs / 100) / 10} ` +
            `s; check the network, a firewall or proxy, or DISCORD_API_URL`,
        );
        await sleep(waitMs);
      }
    }
  }

  /** Stops the timer of a pending reset. */
  close(): void {
    clearTimeout(this.stableTimer);
  }
}
