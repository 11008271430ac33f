// Lint: the recommended JS and TypeScript rules, type-aware where it matters (floating promises kill bots).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

// ---- Boundaries: the rules of README "How it works", checked on every import --------------------------
// The domain stages read, match, cluster, extract and summarise; they know nothing of each other, of SQL or
// of Discord. src/pipeline/ is the one module that joins several stages.
const STAGES = ['feeds', 'topics', 'stories', 'articles', 'summaries'];
// What a stage may import besides its own files: shared infrastructure that imports no stage itself —
// src/lang/ (language knowledge: detection, sentences, run-in furniture), src/net/ (HTTP), src/log.ts and
// src/clock.ts. Anything else in src/ (store, delivery, discord, pipeline, app, scheduler, cli, i18n, config,
// another stage) and commands/ is out of reach.
const SHARED_DIRS = ['lang', 'net'];
const SHARED_FILES = ['log', 'clock'];
// Tests are held to the rules of the directory they sit in, so a stage's tests test that stage alone (a
// test joining two stages belongs in src/pipeline/); they may also use the harnesses of test/ (fake servers,
// fixtures, fault injectors), which are outside every rule because their job is to reach any layer.
const TEST_HELPERS = '\\.\\./test/';
// The core below the chat adapter (store, pipeline, delivery, scheduler) never imports the adapter, the
// facade, the entry points or the commands. Its integration tests drive it through those, so this one rule
// binds the sources only.
const CORE = ['store', 'pipeline', 'delivery', 'scheduler'];
const NOT_ABOVE_CORE = {
  regex: '^\\.\\./(?:(?:app|discord|cli)/|main\\.js$|\\.\\./commands/)',
  message: 'The core (store, pipeline, delivery, scheduler) never imports src/app, src/discord, src/cli, src/main.ts or commands/.',
};

const NO_SQLITE = { name: 'better-sqlite3', message: 'Only src/store/ talks to SQLite; go through the Store.' };
const NO_PG = { name: 'pg', message: 'Only src/store/ talks to PostgreSQL; go through the Store.' };
const NO_DISCORD = { name: 'discord.js', message: 'Only src/discord/ and commands/ speak discord.js.' };
const TEST_FILES = ['**/*.test.ts'];

/** One complete `no-restricted-imports` setting: a later block replaces, not merges, an earlier one's options. */
function restrict({ files, ignores = [], sqlite = false, discord = false, patterns = [] }) {
  const paths = [...(sqlite ? [] : [NO_SQLITE, NO_PG]), ...(discord ? [] : [NO_DISCORD])];
  return { files, ignores, rules: { 'no-restricted-imports': ['error', { paths, patterns }] } };
}

/** Relative imports that leave the directory for anywhere but `allowed` (regexes after the leading '../'). */
function onlyUpTo(allowed, message) {
  return { regex: `^\\.\\./(?!${allowed.join('|')})`, message };
}

const STAGE_ALLOWED = [`(?:${SHARED_DIRS.join('|')})/`, `(?:${SHARED_FILES.join('|')})\\.js$`];
const STAGE_MESSAGE =
  'A stage imports only its own files and src/lang, src/net, src/log.ts, src/clock.ts; src/pipeline/ joins stages and talks to the store.';
const SHARED_MESSAGE = 'src/lang/ and src/net/ are shared by the stages: they import no stage and nothing above (only src/log.ts, src/clock.ts).';

const boundaries = [
  // Everywhere in the app: the database driver and the chat library stay in their adapters.
  restrict({ files: ['src/**/*.ts', 'commands/**/*.ts'] }),
  restrict({ files: ['src/store/**/*.ts'], sqlite: true }),
  restrict({ files: ['src/discord/**/*.ts', 'commands/**/*.ts'], discord: true }),
  restrict({ files: ['src/store/**/*.ts'], ignores: TEST_FILES, sqlite: true, patterns: [NOT_ABOVE_CORE] }),
  restrict({ files: CORE.filter((d) => d !== 'store').map((d) => `src/${d}/**/*.ts`), ignores: TEST_FILES, patterns: [NOT_ABOVE_CORE] }),
  // The stages, their tests, and the shared infrastructure they may use.
  restrict({ files: STAGES.map((d) => `src/${d}/**/*.ts`), patterns: [onlyUpTo(STAGE_ALLOWED, STAGE_MESSAGE)] }),
  restrict({ files: STAGES.map((d) => `src/${d}/**/*.test.ts`), patterns: [onlyUpTo([...STAGE_ALLOWED, TEST_HELPERS], STAGE_MESSAGE)] }),
  restrict({ files: SHARED_DIRS.map((d) => `src/${d}/**/*.ts`), patterns: [onlyUpTo([`(?:${SHARED_FILES.join('|')})\\.js$`], SHARED_MESSAGE)] }),
  restrict({
    files: SHARED_DIRS.map((d) => `src/${d}/**/*.test.ts`),
    patterns: [onlyUpTo([`(?:${SHARED_FILES.join('|')})\\.js$`, TEST_HELPERS], SHARED_MESSAGE)],
  }),
  {
    // No import cycles anywhere (types included); `.js` specifiers resolve to the `.ts` sources.
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  ...boundaries,
  {
    // Preflight scripts in plain CommonJS, so that an old Node can run them before anything else loads.
    files: ['scripts/**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', process: 'readonly', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
