import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { waitFor } from './wait.ts';

/**
 * A Discord-compatible server for end-to-end tests: the REST routes the bot uses and the
 * gateway over WebSocket (HELLO, heartbeat ACK, IDENTIFY → READY → GUILD_CREATE, RESUME),
 * on 127.0.0.1 with a random port. Every REST call and gateway frame is recorded; helpers
 * dispatch interactions and messages the way Discord does, fail a route once with a 429,
 * and close the socket.
 */

/** One REST call as the server received it. */
export interface RecordedCall {
  readonly method: string;
  /** Path after `/api/v10`, e.g. `/interactions/1/abc/callback`. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: any;
  readonly authorization: string | undefined;
  readonly status: number;
  /** Id of the message this call created or edited, if any. */
  readonly messageId: string | undefined;
  /** `performance.now()` when the request arrived. */
  readonly at: number;
}

/** One gateway frame, in either direction. */
export interface RecordedFrame {
  readonly direction: 'received' | 'sent';
  readonly op: number;
  readonly t: string | null;
  readonly d: any;
  readonly at: number;
}

/** A user as Discord sends it. */
export interface FakeUser {
  readonly id: string;
  readonly username: string;
  readonly bot?: boolean;
}

/** Options shared by every dispatched interaction. */
export interface InteractionOptions {
  readonly user?: FakeUser;
  readonly locale?: string;
  /** Dispatch as in a direct message (no guild, no member). */
  readonly inDirectMessage?: boolean;
}

/** What the test needs to find the bot's answer to a dispatched interaction. */
export interface DispatchedInteraction {
  readonly id: string;
  readonly token: string;
  /** `performance.now()` when the event was dispatched. */
  readonly at: number;
}

const API_PREFIX = '/api/v10';
const HEARTBEAT_INTERVAL_MS = 41_250;

let lastSnowflake = 1_300_000_000_000_000_000n;
/** A fresh, increasing Discord id. */
export function snowflake(): string {
  lastSnowflake += 1n;
  return lastSnowflake.toString();
}

export class FakeDiscord {
  readonly calls: RecordedCall[] = [];
  readonly frames: RecordedFrame[] = [];
  readonly botUser: FakeUser = { id: '1100000000000000001', username: 'citebot', bot: true };
  readonly applicationId = '1100000000000000001';
  readonly guildId = '1200000000000000001';
  readonly channelId = '1200000000000000002';
  /** A text channel and a forum channel (type 15) the bot can be told to answer by itself. */
  readonly helpChannelId = '1200000000000000003';
  readonly forumChannelId = '1200000000000000004';
  /** Intents the application may use; IDENTIFY with others is closed with 4014, as Discord does. */
  allowedIntents = 0xffffffff;
  /** When set, every IDENTIFY is answered by closing the socket with this code (4004: the token was reset). */
  identifyCloseCode: number | undefined;
  /** While true the gateway refuses connections (the socket is dropped before the WebSocket handshake). */
  gatewayDown = false;
  /** While true every REST request is dropped without an answer (a host that cannot be reached). */
  restDown = false;
  /** While true every REST request is answered 401, as Discord answers a wrong or reset token. */
  refuseToken = false;
  /** Threads created by the bot or by forum posts, by id. */
  readonly threads = new Map<string, any>();
  readonly commandIds = new Map<string, string>();
  /** Messages the bot posted or edited, by id: what buttons and replies refer to. */
  readonly messages = new Map<string, any>();

  private readonly sessions = new Map<string, { sequence: number }>();
  private readonly sockets = new Set<WebSocket>();
  /** Sockets that completed IDENTIFY or RESUME: dispatches go there. */
  private live: { socket: WebSocket; sessionId: string } | undefined;
  /** Events dispatched while no socket was live, sent after READY/RESUMED (as Discord replays them). */
  private readonly pending: Array<{ t: string; d: unknown }> = [];
  private readonly failures: Array<{ method: string; path: RegExp; retryAfterSeconds: number }> = [];
  private readonly exhausted: Array<{ method: string; path: RegExp; resetAfterSeconds: number }> = [];
  /** Dispatched interactions by id. */
  private readonly interactions = new Map<string, any>();
  /** Interaction token → id of its original response message. */
  private readonly webhookMessages = new Map<string, string>();

  private constructor(
    private readonly http: Server,
    private readonly gateway: WebSocketServer,
    readonly port: number,
  ) {}

  /** Starts the server on a random port of 127.0.0.1. */
  static async start(): Promise<FakeDiscord> {
    const http = createServer();
    const gateway = new WebSocketServer({ noServer: true });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const server = new FakeDiscord(http, gateway, (http.address() as AddressInfo).port);
    http.on('request', (request, response) =>
      server.restDown ? request.socket.destroy() : void server.handleHttp(request, response),
    );
    http.on('upgrade', (request, socket, head) =>
      server.gatewayDown
        ? socket.destroy()
        : gateway.handleUpgrade(request, socket, head, (ws) => server.handleSocket(ws)),
    );
    return server;
  }

  /** REST base to configure the bot with (`DISCORD_API_URL`). */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  private get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    this.gateway.close();
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  // ---------------------------------------------------------------- REST

  private async handleHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const at = performance.now();
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const pathname = decodeURIComponent(url.pathname);
    const path = pathname.startsWith(API_PREFIX) ? pathname.slice(API_PREFIX.length) : pathname;
    const method = request.method ?? 'GET';
    const raw = await readBody(request);
    const body = await parseRequestBody(raw, request.headers['content-type']);
    const record = (status: number, messageId?: string) =>
      this.calls.push({
        method,
        path,
        query: url.searchParams,
        body,
        authorization: request.headers.authorization,
        status,
        messageId,
        at,
      });

    if (this.refuseToken) {
      record(401);
      send(response, 401, { message: '401: Unauthorized', code: 0 });
      return;
    }
    const failure = this.failures.findIndex((entry) => entry.method === method && entry.path.test(path));
    if (failure >= 0) {
      const [entry] = this.failures.splice(failure, 1);
      const retryAfter = String(entry?.retryAfterSeconds ?? 0.2);
      record(429);
      send(
        response,
        429,
        { message: 'You are being rate limited.', retry_after: Number(retryAfter), global: false },
        {
          'retry-after': retryAfter,
          'x-ratelimit-limit': '5',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset-after': retryAfter,
          'x-ratelimit-bucket': 'fake-bucket',
          'x-ratelimit-scope': 'user',
        },
      );
      return;
    }
    const [status, payload] = this.route(method, path, body);
    record(status, isMessage(payload) ? payload.id : undefined);
    const exhausted = this.exhausted.findIndex((entry) => entry.method === method && entry.path.test(path));
    if (exhausted < 0) {
      send(response, status, payload);
      return;
    }
    // A success that uses up the bucket, as Discord's headers say it: the client must hold the next request itself.
    const [entry] = this.exhausted.splice(exhausted, 1);
    const resetAfter = entry?.resetAfterSeconds ?? 0.3;
    send(response, status, payload, {
      'x-ratelimit-limit': '1',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset-after': String(resetAfter),
      'x-ratelimit-reset': String(Date.now() / 1000 + resetAfter),
      'x-ratelimit-bucket': 'fake-exhausted-bucket',
    });
  }

  private route(method: string, path: string, body: any): [number, unknown] {
    const threadRoute = this.routeThreads(method, path, body);
    if (threadRoute) return threadRoute;
    let match: RegExpExecArray | null;
    if (method === 'GET' && path === '/gateway/bot') {
      return [
        200,
        {
          url: this.gatewayUrl,
          shards: 1,
          session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
        },
      ];
    }
    if (method === 'GET' && path === '/applications/@me')
      return [200, { id: this.applicationId, name: 'citebot', flags: 0, bot: this.botUser }];
    if (method === 'PUT' && (match = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(path))) {
      const commands = (body as any[]).map((command) => {
        const id = this.commandIds.get(command.name) ?? snowflake();
        this.commandIds.set(command.name, id);
        return {
          ...command,
          id,
          application_id: match?.[1],
          version: snowflake(),
          ...(match?.[2] ? { guild_id: match[2] } : {}),
        };
      });
      return [200, commands];
    }
    if (method === 'POST' && (match = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path))) {
      this.respondToInteraction(match[1] ?? '', match[2] ?? '', body);
      return [204, undefined];
    }
    if ((match = /^\/webhooks\/(\d+)\/([^/]+)\/messages\/@original$/.exec(path))) {
      const token = match[2] ?? '';
      const id = this.webhookMessages.get(token) ?? snowflake();
      this.webhookMessages.set(token, id);
      if (method === 'PATCH') return [200, this.storeMessage(id, this.channelId, body, this.messages.get(id))];
      if (method === 'GET') return [200, this.messages.get(id) ?? this.storeMessage(id, this.channelId, {}, undefined)];
    }
    if (method === 'POST' && /^\/webhooks\/\d+\/[^/]+$/.test(path))
      return [200, this.storeMessage(snowflake(), this.channelId, body, undefined)];
    if ((match = /^\/channels\/(\d+)\/messages$/.exec(path)) && method === 'POST') {
      return [200, this.storeMessage(snowflake(), match[1] ?? '', body, undefined)];
    }
    if (method === 'POST' && /^\/channels\/\d+\/typing$/.test(path)) return [204, undefined];
    return [404, { message: `Unknown route ${method} ${path}`, code: 0 }];
  }

  // What Discord does with a callback: the reply (or deferred "thinking" reply) becomes the
  // interaction's original message; an update edits the message the button was on.
  private respondToInteraction(interactionId: string, token: string, body: any): void {
    const type = body?.type;
    if (type === 4 || type === 5) {
      const id = snowflake();
      this.webhookMessages.set(token, id);
      this.storeMessage(id, this.channelId, type === 4 ? body.data : { flags: body.data?.flags }, undefined);
    } else if (type === 7) {
      const messageId = this.interactions.get(interactionId)?.message?.id;
      if (messageId) this.storeMessage(messageId, this.channelId, body.data, this.messages.get(messageId));
    }
  }

  /** A message the bot posted earlier (e.g. before a restart), so the bot remembers nothing of it. */
  pastBotMessage(body: { content?: string; embeds?: unknown[] }): string {
    const id = snowflake();
    this.storeMessage(id, this.channelId, body, undefined);
    return id;
  }

  /** The id of the original response message of `interaction` (its reply or deferred reply). */
  originalMessageId(interaction: DispatchedInteraction): string {
    const id = this.webhookMessages.get(interaction.token);
    if (!id) throw new Error(`Interaction ${interaction.id} has no response message`);
    return id;
  }

  private storeMessage(id: string, channelId: string, body: any, previous: any): any {
    const message = {
      ...(previous ?? {}),
      id,
      channel_id: channelId,
      author: { ...this.botUser, discriminator: '0', avatar: null, global_name: null },
      content: body?.content ?? previous?.content ?? '',
      embeds: body?.embeds ?? previous?.embeds ?? [],
      components: body?.components ?? previous?.components ?? [],
      attachments: [],
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      pinned: false,
      tts: false,
      type: body?.message_reference ? 19 : 0,
      flags: body?.flags ?? 0,
      timestamp: new Date().toISOString(),
      edited_timestamp: previous ? new Date().toISOString() : null,
      ...(body?.message_reference ? { message_reference: body.message_reference } : {}),
    };
    this.messages.set(id, message);
    return message;
  }

  /** The next `method` call whose path matches `path` answers 429 (with Discord's rate-limit headers) once. */
  rateLimitOnce(method: string, path: RegExp, retryAfterSeconds = 0.2): void {
    this.failures.push({ method, path, retryAfterSeconds });
  }

  /** The next `method` call matching `path` succeeds with headers saying its rate-limit bucket is used up (no 429). */
  exhaustBucketOnce(method: string, path: RegExp, resetAfterSeconds = 0.3): void {
    this.exhausted.push({ method, path, resetAfterSeconds });
  }

  // ---------------------------------------------------------------- gateway

  private handleSocket(socket: WebSocket): void {
    this.sockets.add(socket);
    socket.on('close', () => {
      this.sockets.delete(socket);
      if (this.live?.socket === socket) this.live = undefined;
    });
    socket.on('message', (data) => {
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
      const text = bytes.toString();
      this.handleFrame(socket, parseJson(text));
    });
    this.sendFrame(socket, { op: 10, d: { heartbeat_interval: HEARTBEAT_INTERVAL_MS } });
  }

  private handleFrame(socket: WebSocket, frame: any): void {
    this.frames.push({ direction: 'received', op: frame?.op, t: null, d: frame?.d, at: performance.now() });
    switch (frame?.op) {
      case 1:
        this.sendFrame(socket, { op: 11 });
        return;
      case 2:
        this.identify(socket, Number(frame.d?.intents ?? 0));
        return;
      case 6:
        this.resume(socket, frame.d);
        return;
      default:
        return;
    }
  }

  private identify(socket: WebSocket, intents: number): void {
    if (this.refuseIntents(socket, intents)) return;
    if (this.identifyCloseCode !== undefined) {
      socket.close(this.identifyCloseCode, 'closed by the test');
      return;
    }
    const sessionId = randomUUID();
    this.sessions.set(sessionId, { sequence: 0 });
    this.live = { socket, sessionId };
    this.sendDispatch('READY', {
      v: 10,
      user: { ...this.botUser, discriminator: '0', avatar: null, global_name: null, verified: true, flags: 0 },
      guilds: [{ id: this.guildId, unavailable: true }],
      session_id: sessionId,
      resume_gateway_url: this.gatewayUrl,
      shard: [0, 1],
      application: { id: this.applicationId, flags: 0 },
    });
    // discord.js waits for every guild listed in READY before it is ready.
    this.sendDispatch('GUILD_CREATE', this.guildPayload());
    this.flushPending();
  }

  private resume(socket: WebSocket, data: { session_id?: string }): void {
    const sessionId = data?.session_id ?? '';
    if (!this.sessions.has(sessionId)) {
      this.sendFrame(socket, { op: 9, d: false });
      return;
    }
    this.live = { socket, sessionId };
    this.sendDispatch('RESUMED', {});
    this.flushPending();
  }

  private flushPending(): void {
    for (const event of this.pending.splice(0)) this.sendDispatch(event.t, event.d);
  }

  private sendDispatch(t: string, d: unknown): void {
    const live = this.live;
    if (!live) {
      this.pending.push({ t, d });
      return;
    }
    const session = this.sessions.get(live.sessionId);
    if (!session) return;
    session.sequence += 1;
    this.sendFrame(live.socket, { op: 0, t, s: session.sequence, d });
  }

  private sendFrame(socket: WebSocket, frame: { op: number; t?: string; s?: number; d?: unknown }): void {
    this.frames.push({ direction: 'sent', op: frame.op, t: frame.t ?? null, d: frame.d, at: performance.now() });
    socket.send(JSON.stringify({ t: null, s: null, d: null, ...frame }));
  }

  /** How many IDENTIFY / RESUME frames the bot has sent so far. */
  count(op: 2 | 6): number {
    return this.frames.filter((frame) => frame.direction === 'received' && frame.op === op).length;
  }

  /** Closes the bot's gateway socket with `code` (4000: unknown error, which Discord clients resume from). */
  closeGateway(code = 4000): void {
    const live = this.live;
    this.live = undefined;
    live?.socket.close(code, 'closed by the test');
  }

  /** Resolves once the bot has identified `times` times (or resumed). */
  async waitForSession(description = 'the bot to identify'): Promise<void> {
    await waitFor(() => (this.live ? true : undefined), description);
  }

  private guildPayload() {
    return {
      id: this.guildId,
      name: 'Test guild',
      icon: null,
      owner_id: '1300000000000000009',
      unavailable: false,
      member_count: 2,
      large: false,
      preferred_locale: 'en-US',
      features: [],
      roles: [
        {
          id: this.guildId,
          name: '@everyone',
          permissions: '1071698660929',
          position: 0,
          color: 0,
          hoist: false,
          managed: false,
          mentionable: false,
          flags: 0,
        },
      ],
      emojis: [],
      stickers: [],
      channels: [
        {
          id: this.channelId,
          type: 0,
          name: 'general',
          position: 0,
          guild_id: this.guildId,
          permission_overwrites: [],
        },
        ...this.answerChannels(),
      ],
      threads: [],
      members: [],
      presences: [],
      voice_states: [],
      stage_instances: [],
      guild_scheduled_events: [],
      joined_at: new Date().toISOString(),
    };
  }

  // ---------------------------------------------------------------- dispatch helpers

  private interactionBase(
    type: number,
    options: InteractionOptions,
  ): Record<string, unknown> & { id: string; token: string } {
    const user = {
      discriminator: '0',
      avatar: null,
      global_name: null,
      ...(options.user ?? { id: '1300000000000000001', username: 'alice' }),
    };
    const where = options.inDirectMessage
      ? { user, channel_id: user.id, channel: { id: user.id, type: 1, recipients: [user] }, context: 1 }
      : {
          guild_id: this.guildId,
          guild_locale: 'en-US',
          channel_id: this.channelId,
          channel: { id: this.channelId, type: 0, guild_id: this.guildId, name: 'general', permission_overwrites: [] },
          member: {
            user,
            roles: [],
            joined_at: new Date().toISOString(),
            deaf: false,
            mute: false,
            flags: 0,
            permissions: '1071698660929',
          },
          context: 0,
        };
    return {
      id: snowflake(),
      application_id: this.applicationId,
      type,
      token: `interaction-token-${randomUUID()}`,
      version: 1,
      locale: options.locale ?? 'en-US',
      app_permissions: '1071698660929',
      entitlements: [],
      authorizing_integration_owners: { 0: this.guildId },
      attachment_size_limit: 8_388_608,
      ...where,
    };
  }

  private dispatchInteraction(payload: Record<string, unknown> & { id: string; token: string }): DispatchedInteraction {
    const at = performance.now();
    this.interactions.set(payload.id, payload);
    this.sendDispatch('INTERACTION_CREATE', payload);
    return { id: payload.id, token: payload.token, at };
  }

  /** `/name option:value …` as a user types it. */
  slashCommand(
    name: string,
    options: Record<string, string | boolean | number> = {},
    settings: InteractionOptions = {},
  ): DispatchedInteraction {
    const payload = {
      ...this.interactionBase(2, settings),
      data: {
        id: this.commandIds.get(name) ?? snowflake(),
        name,
        type: 1,
        options: Object.entries(options).map(([optionName, value]) => ({
          name: optionName,
          type: optionType(value),
          value,
        })),
      },
    };
    return this.dispatchInteraction(payload);
  }

  /** An autocomplete request while the user types `focused` in option `focusedName`. */
  autocomplete(
    name: string,
    focusedName: string,
    focused: string,
    others: Record<string, string> = {},
    settings: InteractionOptions = {},
  ): DispatchedInteraction {
    const options = [
      ...Object.entries(others).map(([optionName, value]) => ({ name: optionName, type: 3, value })),
      { name: focusedName, type: 3, value: focused, focused: true },
    ];
    return this.dispatchInteraction({
      ...this.interactionBase(4, settings),
      data: { id: this.commandIds.get(name) ?? snowflake(), name, type: 1, options },
    });
  }

  /** A click on the button `customId` of the bot's message `messageId`. */
  clickButton(messageId: string, customId: string, settings: InteractionOptions = {}): DispatchedInteraction {
    const message = this.messages.get(messageId);
    if (!message) throw new Error(`The bot never posted message ${messageId}`);
    return this.dispatchInteraction({
      ...this.interactionBase(3, settings),
      message,
      data: { custom_id: customId, component_type: 2 },
    });
  }

  /** A user message: in the guild channel (optionally mentioning the bot / replying to a message), or a DM. */
  userMessage(
    content: string,
    options: {
      user?: FakeUser;
      inDirectMessage?: boolean;
      mentionBot?: boolean;
      replyTo?: string;
      /** A guild channel or thread other than the general channel. */
      channelId?: string;
      /** Set the message's id (a forum post's first message has the thread's id). */
      id?: string;
    } = {},
  ): { id: string; channelId: string; at: number } {
    const author = {
      discriminator: '0',
      avatar: null,
      global_name: null,
      ...(options.user ?? { id: '1300000000000000002', username: 'bob' }),
    };
    const id = options.id ?? snowflake();
    const channelId = options.inDirectMessage ? `${BigInt(author.id) + 7n}` : (options.channelId ?? this.channelId);
    const replied = options.replyTo === undefined ? undefined : this.messages.get(options.replyTo);
    const mentions = [
      ...(options.mentionBot ? [{ ...this.botUser, discriminator: '0', avatar: null, global_name: null }] : []),
    ];
    const payload = {
      id,
      channel_id: channelId,
      // Discord sends the channel type with MESSAGE_CREATE; discord.js needs it to build an uncached DM channel.
      channel_type: options.inDirectMessage ? 1 : this.threads.has(channelId) ? 11 : 0,
      ...(options.inDirectMessage
        ? {}
        : {
            guild_id: this.guildId,
            member: { roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 },
          }),
      author,
      content,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions,
      mention_roles: [],
      attachments: [],
      embeds: [],
      components: [],
      pinned: false,
      flags: 0,
      type: options.replyTo ? 19 : 0,
      ...(options.replyTo
        ? {
            message_reference: {
              type: 0,
              message_id: options.replyTo,
              channel_id: channelId,
              ...(options.inDirectMessage ? {} : { guild_id: this.guildId }),
            },
            referenced_message: replied ?? null,
          }
        : {}),
    };
    const at = performance.now();
    this.sendDispatch('MESSAGE_CREATE', payload);
    return { id, channelId, at };
  }

  // ---------------------------------------------------------------- threads, forums, intents

  private answerChannels() {
    const base = { guild_id: this.guildId, permission_overwrites: [], position: 1 };
    return [
      { ...base, id: this.helpChannelId, type: 0, name: 'help' },
      {
        ...base,
        id: this.forumChannelId,
        type: 15,
        name: 'questions',
        available_tags: [],
        default_reaction_emoji: null,
        default_sort_order: null,
        default_forum_layout: 0,
        flags: 0,
      },
    ];
  }

  private threadPayload(id: string, parentId: string, name: string, ownerId: string) {
    return {
      id,
      type: 11,
      guild_id: this.guildId,
      parent_id: parentId,
      name,
      owner_id: ownerId,
      last_message_id: null,
      rate_limit_per_user: 0,
      message_count: 0,
      member_count: 1,
      flags: 0,
      thread_metadata: {
        archived: false,
        auto_archive_duration: 1440,
        archive_timestamp: new Date().toISOString(),
        locked: false,
      },
    };
  }

  // POST /channels/:id/messages/:id/threads: a public thread started from a message, whose id it takes.
  private routeThreads(method: string, path: string, body: any): [number, unknown] | undefined {
    const existing = /^\/channels\/(\d+)$/.exec(path);
    if (method === 'GET' && existing && this.threads.has(existing[1] ?? ''))
      return [200, this.threads.get(existing[1] ?? '')];
    const match = /^\/channels\/(\d+)\/messages\/(\d+)\/threads$/.exec(path);
    if (method !== 'POST' || !match) return undefined;
    const [, channelId = '', messageId = ''] = match;
    if (this.threads.has(messageId))
      return [400, { message: 'A thread has already been created for this message', code: 160004 }];
    if (typeof body?.name !== 'string' || body.name.length < 1 || body.name.length > 100)
      return [400, { message: 'Invalid Form Body: name must be 1-100 characters', code: 50035 }];
    const thread = this.threadPayload(messageId, channelId, body.name, this.botUser.id);
    this.threads.set(messageId, thread);
    return [201, thread];
  }

  /**
   * A new forum post, as Discord sends it: THREAD_CREATE for the post, then MESSAGE_CREATE
   * for its first message (same id as the thread) in the thread.
   */
  forumPost(title: string, content: string, options: { user?: FakeUser } = {}): { threadId: string; at: number } {
    const user = options.user ?? { id: '1300000000000000002', username: 'bob' };
    const threadId = snowflake();
    const thread = { ...this.threadPayload(threadId, this.forumChannelId, title, user.id), newly_created: true };
    this.threads.set(threadId, thread);
    this.sendDispatch('THREAD_CREATE', thread);
    const { at } = this.userMessage(content, { user, channelId: threadId, id: threadId });
    return { threadId, at };
  }

  /** A thread a user opened on message `messageId` of channel `channelId` (Discord then refuses a second one). */
  userThread(channelId: string, messageId: string, name: string): void {
    this.threads.set(messageId, this.threadPayload(messageId, channelId, name, '1300000000000000002'));
  }

  /** Messages the bot posted in channel or thread `channelId`. */
  postsIn(channelId: string): RecordedCall[] {
    return this.calls.filter(
      (call) => call.method === 'POST' && call.path === `/channels/${channelId}/messages` && call.status < 400,
    );
  }

  // Discord closes the gateway with 4014 when IDENTIFY asks for a privileged intent the
  // application was not granted in the Developer Portal.
  private refuseIntents(socket: WebSocket, intents: number): boolean {
    if ((intents & ~this.allowedIntents) === 0) return false;
    socket.close(4014, 'Disallowed intent(s).');
    return true;
  }

  /** The intents of the bot's last IDENTIFY. */
  identifiedIntents(): number | undefined {
    return this.frames.findLast((frame) => frame.direction === 'received' && frame.op === 2)?.d?.intents;
  }

  // ---------------------------------------------------------------- what the bot did

  /** Waits for a call matching `predicate`, made after `since` (performance.now()). */
  waitForCall(
    predicate: (call: RecordedCall) => boolean,
    description: string,
    timeoutMs?: number,
  ): Promise<RecordedCall> {
    return waitFor(() => this.calls.find((call) => call.status < 400 && predicate(call)), description, timeoutMs);
  }

  /** The successful edit of the deferred reply to `interaction` (where /ask answers arrive). */
  waitForAnswer(interaction: DispatchedInteraction, timeoutMs?: number): Promise<RecordedCall> {
    return this.waitForCall(
      (call) =>
        call.method === 'PATCH' &&
        call.path === `/webhooks/${this.applicationId}/${interaction.token}/messages/@original`,
      `the answer to interaction ${interaction.id}`,
      timeoutMs,
    );
  }

  /** The callback the bot sent for `interaction` (defer, reply, autocomplete result, update). */
  waitForCallback(interaction: DispatchedInteraction, timeoutMs?: number): Promise<RecordedCall> {
    return this.waitForCall(
      (call) => call.method === 'POST' && call.path === `/interactions/${interaction.id}/${interaction.token}/callback`,
      `the callback for interaction ${interaction.id}`,
      timeoutMs,
    );
  }

  /** Follow-up messages sent for `interaction`. */
  followUps(interaction: DispatchedInteraction): RecordedCall[] {
    return this.calls.filter(
      (call) =>
        call.method === 'POST' &&
        call.path === `/webhooks/${this.applicationId}/${interaction.token}` &&
        call.status < 400,
    );
  }

  /** The bot's reply to the user message `messageId`. */
  waitForReplyTo(messageId: string, timeoutMs?: number): Promise<RecordedCall> {
    return this.waitForCall(
      (call) =>
        call.method === 'POST' &&
        /^\/channels\/\d+\/messages$/.test(call.path) &&
        call.body?.message_reference?.message_id === messageId,
      `the reply to message ${messageId}`,
      timeoutMs,
    );
  }

  /** The id of the message the bot created or edited with `call`. */
  messageIdOf(call: RecordedCall): string {
    if (call.messageId === undefined) throw new Error(`${call.method} ${call.path} created no message`);
    return call.messageId;
  }
}

// Discord's option types: 3 string, 4 integer, 5 boolean, 10 number.
function optionType(value: string | boolean | number): number {
  if (typeof value === 'boolean') return 5;
  if (typeof value === 'number') return Number.isInteger(value) ? 4 : 10;
  return 3;
}

function isMessage(payload: unknown): payload is { id: string } {
  return typeof payload === 'object' && payload !== null && 'channel_id' in payload && 'id' in payload;
}

/** A file the bot attached to a message or interaction response (multipart upload). */
export interface UploadedFile {
  readonly field: string;
  readonly name: string;
  readonly contentType: string;
  readonly text: string;
}

// discord.js sends a message with files as multipart/form-data: the JSON body in `payload_json`,
// each file in `files[n]`. The recorded body is that JSON plus `uploads`, the files as text
// (text files only: the body was read as UTF-8).
async function parseRequestBody(raw: string, contentType: string | undefined): Promise<any> {
  if (raw === '') return undefined;
  if (!contentType?.startsWith('multipart/form-data')) return parseJson(raw);
  const form = await new Response(Buffer.from(raw, 'utf8'), { headers: { 'content-type': contentType } }).formData();
  const payload = form.get('payload_json');
  const uploads: UploadedFile[] = [];
  for (const [field, value] of form.entries()) {
    if (typeof value === 'string') continue;
    uploads.push({ field, name: value.name, contentType: value.type, text: await value.text() });
  }
  return { ...(typeof payload === 'string' ? parseJson(payload) : {}), uploads };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function parseJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function send(response: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
  if (payload === undefined) {
    response.writeHead(status, headers).end();
    return;
  }
  response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(payload));
}
