/**
 * Recognises files that hold credentials, so that they are never indexed (and so never quoted
 * into a Discord channel). Two checks: the file name (dotenv files, SSH keys, key stores,
 * credential rc files), and the text (private key blocks, tokens of a documented shape,
 * dotenv-like content, system account files). Token shapes are those the issuing services
 * document and that secret scanners look for; documentation placeholders (`EXAMPLE`, `xxxx…`)
 * are not secrets, so docs that explain configuration keep being indexed.
 */

/** Supported document extensions, removed before the name check (`id_rsa.txt` is still a key). */
const DOCUMENT_EXTENSION = /\.(?:txt|md|markdown|html?|pdf)$/i;

/**
 * Markup that a person writes to explain a file: `npmrc.md`, `netrc.html` or `pgpass.pdf` is the manual page of a
 * credentials file, not a copy of one (a copy is plain text). Its content is still checked like any other file's.
 */
const MARKUP_EXTENSION = /\.(?:md|markdown|html?|pdf)$/i;

const SECRET_NAMES: ReadonlyArray<readonly [pattern: RegExp, what: string, evenAsMarkup: boolean]> = [
  [/^\.env(?:\..*)?$|\.env$/i, 'a dotenv file (environment variables, often tokens)', true],
  [/^id_(?:rsa|dsa|ecdsa|ed25519)(?:_sk)?$/i, 'an SSH private key', true],
  [/\.(?:pem|key|p12|pfx|jks|keystore|ppk|kdbx|gpg)$/i, 'a key, certificate or password store', true],
  [/^\.?(?:npmrc|pypirc|netrc|pgpass|git-credentials|htpasswd|dockercfg)$/i, 'a credentials file', false],
];

/**
 * Why a file name looks like a secrets file, or null. `name` is a base name (`prod.env.txt`,
 * `id_rsa`); a trailing document extension is ignored, except that a Markdown, HTML or PDF page named after a
 * credentials rc file (`npmrc.md`) is taken for its documentation.
 */
export function secretFileName(name: string): string | null {
  const stripped = name.replace(DOCUMENT_EXTENSION, '');
  const isMarkup = MARKUP_EXTENSION.test(name);
  for (const [pattern, what, evenAsMarkup] of SECRET_NAMES) {
    const candidates = isMarkup && !evenAsMarkup ? [name] : [name, stripped];
    if (candidates.some((candidate) => candidate !== '' && pattern.test(candidate)))
      return `its name looks like ${what}`;
  }
  return null;
}

/** A token of a documented shape: the prefix makes it specific enough to refuse a whole file for. */
const TOKEN_SHAPES: ReadonlyArray<readonly [pattern: RegExp, what: string]> = [
  [/(?<![A-Za-z0-9])(?:AKIA|ASIA)[0-9A-Z]{16}(?![A-Za-z0-9])/g, 'an AWS access key'],
  [/(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36,}/g, 'a GitHub token'],
  [/(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9_]{60,}/g, 'a GitHub token'],
  [/(?<![A-Za-z0-9_-])glpat-[A-Za-z0-9_-]{20,}/g, 'a GitLab token'],
  [/(?<![A-Za-z0-9_-])xox[abposr]-[A-Za-z0-9-]{10,}/g, 'a Slack token'],
  [/(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/g, 'a Google API key'],
  [/(?<![A-Za-z0-9_])[sr]k_live_[0-9A-Za-z]{20,}/g, 'a Stripe secret key'],
  [/(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])/g, 'an npm token'],
  [/(?<![A-Za-z0-9_-])sk-(?:proj|ant|svcacct)-[A-Za-z0-9_-]{32,}/g, 'an AI service API key'],
  [/discord(?:app)?\.com\/api\/webhooks\/\d{17,20}\/[A-Za-z0-9_-]{60,}/g, 'a Discord webhook URL'],
];

/**
 * Discord bot tokens: base64url(user id) . base64url(timestamp) . HMAC. The first part must
 * decode to a snowflake (17–20 digits), which keeps other dotted base64 (JWT, hashes) out.
 */
const DISCORD_TOKEN =
  /(?<![A-Za-z0-9_.-])([A-Za-z0-9_-]{20,30})\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,40}(?![A-Za-z0-9_-])/g;

const PRIVATE_KEY_BEGIN = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g;
/** A real key block has hundreds of base64 characters after its header; a doc's `...` example has not. */
const KEY_BODY_CHARACTERS = 200;
const KEY_BODY_WINDOW = 600;

/** A documentation placeholder, not a credential. */
const PLACEHOLDER = /example|sample|dummy|your|(.)\1{5,}/i;

/** Only the start of a file is looked at for dotenv or passwd layouts: such files are short. */
const LAYOUT_SAMPLE_CHARACTERS = 64 * 1024;
const SECRET_KEY_NAME = /token|secret|passw(?:or)?d|pwd|api_?key|private_?key|access_?key|credential|auth/i;

/**
 * Why `text` looks like it holds credentials, or null. Linear in the text's length.
 */
export function secretContent(text: string): string | null {
  for (const match of text.matchAll(PRIVATE_KEY_BEGIN)) {
    const after = text.slice(match.index + match[0].length, match.index + match[0].length + KEY_BODY_WINDOW);
    if ((after.match(/[A-Za-z0-9+/=]/g)?.length ?? 0) >= KEY_BODY_CHARACTERS)
      return `it contains a private key (${match[0]})`;
  }
  for (const match of text.matchAll(DISCORD_TOKEN)) {
    if (isSnowflake(match[1]!) && !PLACEHOLDER.test(match[0])) return 'it contains a Discord bot token';
  }
  for (const [pattern, what] of TOKEN_SHAPES) {
    for (const match of text.matchAll(pattern)) {
      if (!PLACEHOLDER.test(match[0])) return `it contains ${what}`;
    }
  }
  return layoutOfSecrets(text.slice(0, LAYOUT_SAMPLE_CHARACTERS));
}

function isSnowflake(base64: string): boolean {
  const decoded = Buffer.from(base64, 'base64url').toString('latin1');
  return /^\d{17,20}$/.test(decoded);
}

/** A dotenv file (mostly `KEY=value` lines, one of them a secret with a value) or a passwd/shadow file. */
function layoutOfSecrets(sample: string): string | null {
  const lines = sample.split(/\r?\n/).filter((line) => line.trim() !== '' && !line.trimStart().startsWith('#'));
  if (lines.length === 0) return null;
  let assignments = 0;
  let secretValue = false;
  let accounts = 0;
  for (const line of lines) {
    const assignment = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*)$/.exec(line);
    if (assignment !== null) {
      assignments++;
      const value = assignment[2]!.trim().replace(/^(['"])(.*)\1$/, '$2');
      if (SECRET_KEY_NAME.test(assignment[1]!) && value.length >= 8 && !/\s/.test(value) && !PLACEHOLDER.test(value))
        secretValue = true;
    }
    if (
      /^[a-z_][a-z0-9_.-]*:[^:]*:\d+:\d+:[^:]*:[^:]*:[^:]*$/.test(line) ||
      /^[a-z_][a-z0-9_.-]*:\$[0-9a-z]+\$/.test(line)
    )
      accounts++;
  }
  if (secretValue && assignments >= Math.max(1, lines.length * 0.8))
    return 'it looks like a dotenv file (KEY=value lines holding a secret)';
  if (accounts >= 3 && accounts >= lines.length * 0.5)
    return 'it looks like a system account file (/etc/passwd or /etc/shadow)';
  return null;
}
