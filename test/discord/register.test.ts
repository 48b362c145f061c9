import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { commands, registerCommands } from '../../src/discord/index.ts';
import { WORDS } from '../../src/discord/wording.ts';
import { FakeDiscord } from './server/fake-discord.ts';

describe('registerCommands', () => {
  let server: FakeDiscord;
  beforeAll(async () => {
    server = await FakeDiscord.start();
  });
  afterAll(() => server.close());

  it('GIVEN no guild id and a configured application id THEN every command is registered globally for that application', async () => {
    const registration = await registerCommands(
      loadConfig({ DISCORD_TOKEN: 't', DISCORD_API_URL: server.apiUrl, DISCORD_APPLICATION_ID: '1999999999999999999' }),
    );
    expect(registration).toEqual({
      applicationId: '1999999999999999999',
      scope: 'global',
      commands: ['ask', 'sources', 'source', 'help', 'reindex', 'gaps'],
    });
    const put = server.calls.at(-1);
    expect(put?.method).toBe('PUT');
    expect(put?.path).toBe('/applications/1999999999999999999/commands');
    expect(server.calls.some((call) => call.path === '/applications/@me')).toBe(false);
  });

  it('GIVEN no token THEN it says DISCORD_TOKEN is missing', async () => {
    await expect(registerCommands(loadConfig({ DISCORD_API_URL: server.apiUrl }))).rejects.toThrow(
      /DISCORD_TOKEN is not set/,
    );
  });
});

describe('commands', () => {
  it('GIVEN every definition THEN names and descriptions (French included) follow Discord’s rules', () => {
    for (const { data } of commands) {
      const described = [data, ...(data.options ?? [])];
      for (const entry of described) {
        expect(entry.name).toMatch(/^[a-z]{1,32}$/);
        expect(entry.description.length).toBeLessThanOrEqual(100);
        expect(entry.description_localizations?.fr?.length ?? 0).toBeGreaterThan(0);
        expect(entry.description_localizations?.fr?.length ?? 0).toBeLessThanOrEqual(100);
        // Discord's rule for localised names: lower-case letters (accents allowed), digits, - and _.
        expect(entry.name_localizations?.fr).toMatch(/^[-_\p{Ll}\p{N}]{1,32}$/u);
      }
    }
  });

  it('GIVEN /reindex and /gaps THEN only members with Manage Server may use them by default; the others are open', () => {
    const permissions = Object.fromEntries(commands.map(({ data }) => [data.name, data.default_member_permissions]));
    expect(permissions).toEqual({
      ask: undefined,
      sources: undefined,
      source: undefined,
      help: undefined,
      reindex: '32',
      gaps: '32',
    });
    expect(commands.find(({ data }) => data.name === 'reindex')?.data.contexts).toEqual([0]);
  });

  it('GIVEN /help in each language THEN it names the commands as Discord shows them in that language', () => {
    const named = (text: string) => [...text.matchAll(/`\/([-_\p{L}]+)/gu)].map((match) => match[1]);
    const french = (name: string | undefined) =>
      commands.find(({ data }) => data.name === name)?.data.name_localizations?.fr;
    expect(named(WORDS.en.helpUsage)).toEqual(['ask', 'sources', 'source', 'reindex']);
    expect(named(WORDS.fr.helpUsage)).toEqual(['demander', 'sources', 'document', 'réindexer']);
    expect(named(WORDS.fr.helpUsage)).toEqual(named(WORDS.en.helpUsage).map(french));
  });
});
