// ESLint flat config: type-aware typescript-eslint rules plus the house rules of DEVELOPERS.md
// (pipeline layering, discord.js and process.env each in one place). Prettier formats; this checks.
import js from '@eslint/js';
import stylistic from '@stylistic/eslint-plugin';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/**
 * The stages from bottom to top: a stage may import the stages before it, never those after.
 * The error table, the logger and the statistics helpers sit under everything and import no stage.
 * ingest → embed → index → answer are the core; src/feedback records what users think of answers
 * (votes, misses) and reports the gaps; src/pipeline orchestrates the core (build, model loading,
 * the knowledge base); the bot (src/discord, which also runs /reindex builds) and the evaluation
 * (src/eval) are front-ends on the pipeline; src/main.ts wires everything.
 */
const STAGES = [
  ['src/errors.ts', 'src/logger.ts', 'src/statistics.ts'],
  'src/ingest',
  'src/embed',
  'src/index',
  'src/answer',
  'src/feedback',
  ['src/config.ts'],
  'src/pipeline',
  'src/discord',
  'src/eval',
  ['src/main.ts'],
];
const stagePaths = (stage) => (Array.isArray(stage) ? stage : [stage]).map((path) => `./${path}`);
const layerZones = STAGES.slice(0, -1).flatMap((stage, position) =>
  stagePaths(stage).map((target) => ({
    target,
    from: STAGES.slice(position + 1).flatMap(stagePaths),
    message: 'a lower pipeline stage must not import a higher one (see the layering in eslint.config.js)',
  })),
);

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', '.eval-cache/', 'models/', 'corpus/', 'test/fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    // `line-cap` is @stylistic's max-len once more, without exemptions: the hard limit even a long string keeps.
    plugins: {
      'import-x': importX,
      '@stylistic': stylistic,
      'line-cap': { rules: { 'max-len': stylistic.rules['max-len'] } },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // An async function that only returns still turns a throw into a rejection, as its interface promises.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Prettier wraps code at 120 but never comments: this holds comments to the same width. A line
      // that is one long string (a message, a test title, a table row) may run over, up to line-cap's 160.
      '@stylistic/max-len': [
        'error',
        {
          code: 120,
          ignoreUrls: true,
          ignoreStrings: true,
          ignoreTemplateLiterals: true,
          ignoreRegExpLiterals: true,
        },
      ],
      // A message, a test title or a table row may pass 120 columns, never 160: split it (or its cells) beyond that.
      'line-cap/max-len': ['error', { code: 160 }],
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            ...layerZones,
            { target: './src', from: ['./scripts', './test', './tools'], message: 'src/ is product code only' },
          ],
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'discord.js', message: 'only src/discord imports discord.js' },
            { name: 'node:process', importNames: ['env'], message: 'only src/config.ts reads the environment' },
            { name: 'process', importNames: ['env'], message: 'only src/config.ts reads the environment' },
          ],
          patterns: [{ group: ['@discordjs/*'], message: 'only src/discord imports discord.js' }],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'only src/config.ts reads the environment (loadConfig)' },
      ],
    },
  },
  {
    files: ['src/discord/**', 'test/discord/**', 'test/support/discord-*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'node:process', importNames: ['env'], message: 'only src/config.ts reads the environment' },
            { name: 'process', importNames: ['env'], message: 'only src/config.ts reads the environment' },
          ],
        },
      ],
    },
  },
  {
    // Tests read untyped JSON (the fake Discord server's payloads, parsed files) and use vitest's
    // asymmetric matchers, which are typed \`any\`.
    files: ['test/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  // Config reads the environment; tests build clean environments for the processes they start.
  { files: ['src/config.ts', 'test/**'], rules: { 'no-restricted-properties': 'off' } },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
);
