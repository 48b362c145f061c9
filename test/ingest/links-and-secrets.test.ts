import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildIndex, formatBuildSummary } from '../../src/pipeline/index.ts';
import { ingestFile, readCorpusFile, scanCorpus } from '../../src/ingest/index.ts';
import type { SkippedFile } from '../../src/ingest/index.ts';
import { secretContent, secretFileName } from '../../src/ingest/secrets.ts';
import { temporaryFolder } from '../support/temp.ts';

/** A corpus folder inside a workspace that also holds files outside it (the bot's own `.env`). */
async function workspace(): Promise<{ folder: string; corpus: string }> {
  const folder = await temporaryFolder('citebot-links-');
  const corpus = join(folder, 'corpus');
  await mkdir(corpus);
  await writeFile(join(folder, '.env'), 'DISCORD_TOKEN=not-a-real-token-but-long\n');
  await writeFile(join(folder, 'outside.txt'), 'A sentence that lives outside the corpus.\n');
  await writeFile(join(corpus, 'guide.txt'), 'The harbour opens at nine. Boats leave at ten.\n');
  return { folder, corpus };
}

async function scanWithSkips(corpus: string): Promise<{ paths: string[]; skipped: Record<string, SkippedFile> }> {
  const skipped: SkippedFile[] = [];
  const entries = await scanCorpus(corpus, { onSkipped: (file) => skipped.push(file) });
  return {
    paths: entries.map((entry) => entry.path),
    skipped: Object.fromEntries(skipped.map((file) => [file.path, file])),
  };
}

// A Discord token of the real shape: base64url(snowflake) . 6 characters . 27 characters (made up).
const FAKE_DISCORD_TOKEN = `${Buffer.from('112233445566778899').toString('base64url')}.GhIjKl.${'aB3dE5fG7hI9jK1lM3nO5pQ7rS9'}`;

describe('scanCorpus (links)', () => {
  it('GIVEN links to files outside the corpus (../.env, an absolute path) THEN skipped as LINK_OUTSIDE_CORPUS, only the real file listed', async () => {
    const { folder, corpus } = await workspace();
    await symlink('../.env', join(corpus, 'notes.txt'));
    await symlink(join(folder, 'outside.txt'), join(corpus, 'absolute.txt'));
    const { paths, skipped } = await scanWithSkips(corpus);
    expect(paths).toEqual(['guide.txt']);
    expect(skipped['notes.txt']).toEqual({
      path: 'notes.txt',
      code: 'LINK_OUTSIDE_CORPUS',
      reason: `notes.txt is a link to ${join(folder, '.env')}, outside the corpus folder; it is not followed`,
    });
    expect(skipped['absolute.txt']?.code).toBe('LINK_OUTSIDE_CORPUS');
  });

  it('GIVEN a link that leaves the corpus and comes back through .. THEN a target inside is followed', async () => {
    const { corpus } = await workspace();
    await mkdir(join(corpus, 'docs'));
    await writeFile(join(corpus, 'docs', 'readme'), 'Tickets are sold at the gate.\n');
    await symlink('../../corpus/docs/readme', join(corpus, 'docs', 'readme.txt'));
    const entries = await scanCorpus(corpus);
    expect(entries.map((entry) => [entry.path, entry.absolutePath])).toEqual([
      ['docs/readme.txt', join(corpus, 'docs', 'readme')],
      ['guide.txt', join(corpus, 'guide.txt')],
    ]);
  });

  it('GIVEN a link to a folder, inside or outside, THEN it is reported as LINK_TO_FOLDER and not followed', async () => {
    const { folder, corpus } = await workspace();
    await mkdir(join(corpus, 'real'));
    await writeFile(join(corpus, 'real', 'a.txt'), 'Inside a real folder.\n');
    await symlink('real', join(corpus, 'alias'));
    await symlink(folder, join(corpus, 'up'));
    const { paths, skipped } = await scanWithSkips(corpus);
    expect(paths).toEqual(['guide.txt', 'real/a.txt']);
    expect(skipped['alias']).toMatchObject({
      code: 'LINK_TO_FOLDER',
      reason: expect.stringContaining('alias is a link to the folder real/; links to folders are not followed'),
    });
    expect(skipped['up']).toMatchObject({
      code: 'LINK_TO_FOLDER',
      reason: expect.stringContaining('outside the corpus'),
    });
  });

  it('GIVEN a loop of links, whatever their names THEN each is reported as LINK_LOOP', async () => {
    const { corpus } = await workspace();
    await symlink('b.txt', join(corpus, 'a.txt'));
    await symlink('a.txt', join(corpus, 'b.txt'));
    await symlink('self', join(corpus, 'self'));
    const { paths, skipped } = await scanWithSkips(corpus);
    expect(paths).toEqual(['guide.txt']);
    expect(Object.values(skipped).map((file) => [file.path, file.code])).toEqual([
      ['a.txt', 'LINK_LOOP'],
      ['b.txt', 'LINK_LOOP'],
      ['self', 'LINK_LOOP'],
    ]);
  });

  it('GIVEN a link to a hidden file inside the corpus THEN it is skipped (FILE_SECRET for a .env, else LINK_OUTSIDE_CORPUS)', async () => {
    const { corpus } = await workspace();
    await writeFile(join(corpus, '.env'), 'TOKEN=abc\n');
    await mkdir(join(corpus, '.private'));
    await writeFile(join(corpus, '.private', 'diary.txt'), 'Dear diary.\n');
    await symlink('.env', join(corpus, 'settings.txt'));
    await symlink('.private/diary.txt', join(corpus, 'diary.txt'));
    const { paths, skipped } = await scanWithSkips(corpus);
    expect(paths).toEqual(['guide.txt']);
    expect(skipped['settings.txt']).toMatchObject({
      code: 'FILE_SECRET',
      reason: expect.stringContaining('dotenv'),
    });
    expect(skipped['diary.txt']).toMatchObject({
      code: 'LINK_OUTSIDE_CORPUS',
      reason: expect.stringContaining('hidden'),
    });
  });

  it('GIVEN files named like secrets files THEN they are skipped as FILE_SECRET with the reason', async () => {
    const { corpus } = await workspace();
    await writeFile(join(corpus, 'production.env.txt'), 'Hello.\n');
    await writeFile(join(corpus, 'id_rsa.txt'), 'Hello.\n');
    await writeFile(join(corpus, 'server.key.md'), 'Hello.\n');
    await writeFile(join(corpus, 'environment.md'), 'Setting up your environment.\n');
    const { paths, skipped } = await scanWithSkips(corpus);
    expect(paths).toEqual(['environment.md', 'guide.txt']);
    expect(Object.values(skipped).map((file) => [file.path, file.code, file.reason])).toEqual([
      ['id_rsa.txt', 'FILE_SECRET', 'id_rsa.txt is not indexed: its name looks like an SSH private key'],
      [
        'production.env.txt',
        'FILE_SECRET',
        'production.env.txt is not indexed: its name looks like a dotenv file (environment variables, often tokens)',
      ],
      [
        'server.key.md',
        'FILE_SECRET',
        'server.key.md is not indexed: its name looks like a key, certificate or password store',
      ],
    ]);
  });

  it('GIVEN only links that are refused THEN CORPUS_EMPTY says why each was skipped', async () => {
    const { corpus } = await workspace();
    await rm(join(corpus, 'guide.txt'));
    await symlink('../.env', join(corpus, 'notes.txt'));
    await expect(scanCorpus(corpus)).rejects.toThrow(
      /nothing to index in .*skipped: notes\.txt is a link to .*\.env.*LINK_OUTSIDE_CORPUS/,
    );
  });
});

describe('readCorpusFile (links)', () => {
  it('GIVEN a file replaced by a link to a secret after the scan THEN it is refused, not read', async () => {
    const { folder, corpus } = await workspace();
    const [entry] = await scanCorpus(corpus);
    await rm(join(corpus, 'guide.txt'));
    await symlink(join(folder, '.env'), join(corpus, 'guide.txt'));
    const read = await readCorpusFile(entry!, { maxFileBytes: 1024 });
    expect(read).toEqual({
      ok: false,
      skipped: {
        path: 'guide.txt',
        code: 'FILE_UNREADABLE',
        reason: 'guide.txt could not be read: it became a link after the scan; index again to check where it leads',
      },
    });
  });
});

describe('ingestFile (secrets)', () => {
  async function ingestText(name: string, text: string) {
    const entry = { path: name, absolutePath: `/nowhere/${name}`, format: 'txt' as const, size: text.length };
    return ingestFile(entry, new TextEncoder().encode(text));
  }

  it.each([
    ['a Discord bot token', `Our bot: ${FAKE_DISCORD_TOKEN} (do not share).`, /a Discord bot token/],
    [
      'a private key block',
      `Key:\n-----BEGIN OPENSSH PRIVATE KEY-----\n${'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAA\n'.repeat(6)}-----END OPENSSH PRIVATE KEY-----\n`,
      /a private key \(-----BEGIN OPENSSH PRIVATE KEY-----\)/,
    ],
    ['an AWS access key', 'The key is AKIA2OGYBAH6STMMNXNN in production.', /an AWS access key/],
    ['a GitHub token', `Use ghp_${'a1B2c3D4e5F6g7H8i9J0'.repeat(2).slice(0, 36)} to push.`, /a GitHub token/],
    [
      'a dotenv file',
      '# settings\nDISCORD_TOKEN=Zm9vYmFyYmF6cXV4.abcdef.ghijkl\nINDEX_LANGUAGE=fr\nexport DB_PASSWORD="s3cr3t-Pa55"\n',
      /looks like a dotenv file/,
    ],
    [
      'a passwd file',
      'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\nbin:x:2:2:bin:/bin:/usr/sbin/nologin\n',
      /system account file/,
    ],
  ])('GIVEN a text holding %s THEN it is FILE_SECRET with the reason', async (_what, text, reason) => {
    const result = await ingestText('notes.txt', text);
    expect(result).toEqual({
      ok: false,
      skipped: { path: 'notes.txt', code: 'FILE_SECRET', reason: expect.stringMatching(reason) },
    });
  });

  it.each([
    ['configuration docs with placeholders', 'Set DISCORD_TOKEN=your-bot-token in .env.\nThen run npm start.\n'],
    ['an AWS documentation example key', 'For example AKIAIOSFODNN7EXAMPLE is an access key id.'],
    [
      'a key block shown as an ellipsis',
      'A key looks like:\n-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----\n',
    ],
    [
      'dotted base64 that is not a Discord token',
      `A JWT: eyJhbGciOiJIUzI1NiIsInR5cCI6.eyJzdWIi.${'SflKxwRJSMeKKF2QT4fwpMeJf36P'}.`,
    ],
    ['a short list of assignments without secrets', 'LANG=fr\nTZ=Europe/Paris\n'],
  ])('GIVEN %s THEN it is indexed as before', async (_what, text) => {
    expect((await ingestText('doc.txt', text)).ok).toBe(true);
  });
});

describe('secretFileName', () => {
  it('GIVEN ordinary document names THEN none is taken for a secrets file', () => {
    for (const name of [
      'environment.md',
      'keys.md',
      'envoy.txt',
      'keyboard.html',
      'credentials-howto.md',
      'passwd.txt',
    ])
      expect(secretFileName(name)).toBeNull();
  });

  it('GIVEN the manual page of a credentials file (npmrc.md, netrc.html) THEN it is documentation, not a secret', () => {
    for (const name of ['npmrc.md', 'netrc.html', 'pgpass.pdf', '.pypirc.markdown'])
      expect(secretFileName(name)).toBeNull();
  });

  it('GIVEN a credentials file, bare or as plain text THEN it is refused', () => {
    for (const name of ['.npmrc', 'npmrc', '.netrc.txt', 'pgpass.txt'])
      expect(secretFileName(name)).toBe('its name looks like a credentials file');
    expect(secretFileName('id_rsa.md')).toBe('its name looks like an SSH private key');
  });
});

describe('secretContent', () => {
  it('GIVEN long runs of base64-like text THEN it finds no token in them', () => {
    expect(secretContent('AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_.'.repeat(5_000))).toBeNull();
  });
});

describe('buildIndex (links and secrets)', () => {
  it('GIVEN notes.txt -> ../.env and a file holding a token THEN neither is indexed and the summary says why', async () => {
    const { folder, corpus } = await workspace();
    await symlink('../.env', join(corpus, 'notes.txt'));
    await writeFile(join(corpus, 'leak.md'), `# Bot\n\nThe token is ${FAKE_DISCORD_TOKEN}.\n`);
    const summary = await buildIndex({
      corpusDir: corpus,
      outPath: join(folder, 'index.citebot'),
      language: 'auto',
      embedder: null,
      maxFileBytes: 1_000_000,
    });
    expect(summary.files).toBe(1);
    const text = formatBuildSummary(summary);
    expect(text).toContain('skipped notes.txt: notes.txt is a link to');
    expect(text).toContain('outside the corpus folder; it is not followed [LINK_OUTSIDE_CORPUS]');
    expect(text).toContain('skipped leak.md: leak.md is not indexed: it contains a Discord bot token [FILE_SECRET]');
  });
});
