// Topic-matching quality: our matcher against a plain keyword filter (any alias as a case-insensitive substring)
// on labelled items: relevance precision/recall/F1, country micro-F1, and every error listed under its trap tag;
// then theme precision/recall, micro-averaged over (item, theme) pairs, on the theme labels kept in this repository
// (eval/labels/sahel-themes.json, keyed by item id: the items themselves stay in ../shared).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { matchTopics, type TopicMatch } from '../src/topics/index.js';
import { topicModel } from '../src/topics/matcher.js';

const REPO_ROOT = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const DEFAULT_DATA = path.resolve(REPO_ROOT, '../shared/eval-data/sahel/dev.jsonl');
const DEFAULT_THEME_LABELS = path.resolve(REPO_ROOT, 'eval/labels/sahel-themes.json');

interface LabelledItem {
  id: string;
  lang?: string;
  title: string;
  text: string;
  relevant: boolean;
  countries: string[];
  trap: string | null;
  note?: string;
}

interface Prediction {
  relevant: boolean;
  countries: string[];
}

interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export async function run(args: string[]): Promise<number> {
  const at = args.indexOf('--data');
  const dataPath = at >= 0 && args[at + 1] ? path.resolve(args[at + 1]!) : DEFAULT_DATA;
  if (!existsSync(dataPath)) {
    console.error(`topics eval: no data at ${dataPath}; skipped (pass --data <file.jsonl>)`);
    return 0;
  }
  const items = readItems(dataPath);
  const baseline = keywordBaseline();
  const themesAt = args.indexOf('--themes');
  const themeLabels = readThemeLabels(themesAt >= 0 && args[themesAt + 1] ? path.resolve(args[themesAt + 1]!) : DEFAULT_THEME_LABELS);

  const ours: Prediction[] = [];
  const theirs: Prediction[] = [];
  const matches: TopicMatch[] = [];
  for (const item of items) {
    const m = matchTopics({ title: item.title, text: item.text });
    matches.push(m);
    ours.push({ relevant: m.relevant, countries: m.relevant ? m.countries : [] });
    theirs.push(baseline(item));
  }

  const rel = relevanceCounts(items, ours);
  const relBase = relevanceCounts(items, theirs);
  const ctry = countryCounts(items, ours);
  const ctryBase = countryCounts(items, theirs);
  const [p, r, f1] = prf(rel);
  const [bp, br, bf1] = prf(relBase);
  const [, , cf1] = prf(ctry);
  const [, , bcf1] = prf(ctryBase);

  console.log(`# topics eval on ${path.relative(process.cwd(), dataPath) || dataPath}: ${items.length} items, ${items.filter((i) => i.relevant).length} relevant\n`);
  console.log(table(
    ['', 'precision', 'recall', 'F1', 'country micro-F1', 'TP', 'FP', 'FN'],
    [
      ['matcher', fmt(p), fmt(r), fmt(f1), fmt(cf1), String(rel.tp), String(rel.fp), String(rel.fn)],
      ['keyword baseline', fmt(bp), fmt(br), fmt(bf1), fmt(bcf1), String(relBase.tp), String(relBase.fp), String(relBase.fn)],
    ],
  ));
  console.log(`\n## by trap tag (items right out of items)\n`);
  console.log(table(['trap', 'items', 'matcher', 'baseline'], trapRows(items, ours, theirs)));
  console.log(`\n## matcher errors by trap tag\n`);
  for (const line of errorLines(items, ours, matches)) console.log(line);

  const themed = themeReport(items, ours, matches, themeLabels);
  for (const line of themed.lines) console.log(line);

  const summary = {
    task: 'topics', n: items.length, precision: round3(p), recall: round3(r), f1: round3(f1), country_f1: round3(cf1), baseline_f1: round3(bf1),
    theme_precision: themed.counts ? round3(prf(themed.counts)[0]) : null,
    theme_recall: themed.counts ? round3(prf(themed.counts)[1]) : null,
    theme_items: themed.items,
  };
  console.log(JSON.stringify(summary));
  return 0;
}

function readItems(file: string): LabelledItem[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      const raw = JSON.parse(line) as Partial<LabelledItem>;
      if (typeof raw.title !== 'string' || typeof raw.relevant !== 'boolean') throw new Error(`${file}:${i + 1}: an item needs a title and a boolean "relevant"`);
      return { id: raw.id ?? `line-${i + 1}`, title: raw.title, text: raw.text ?? '', relevant: raw.relevant, countries: raw.countries ?? [], trap: raw.trap ?? null, ...(raw.note ? { note: raw.note } : {}) };
    });
}

/** Item id → gold themes, or null when the file is absent (another data set: theme figures are then null). */
function readThemeLabels(file: string): Map<string, string[]> | null {
  if (!existsSync(file)) return null;
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { labels?: Record<string, { themes?: unknown }> };
  const labels = new Map<string, string[]>();
  for (const [id, label] of Object.entries(raw.labels ?? {})) {
    if (!Array.isArray(label.themes) || !label.themes.every((t) => typeof t === 'string')) throw new Error(`${file}: ${id} needs a "themes" array of theme ids`);
    labels.set(id, label.themes as string[]);
  }
  return labels;
}

/**
 * Theme precision/recall over (item, theme) pairs of the items that have theme labels; an item predicted not
 * relevant predicts no theme (it is never posted). Relevant items without labels are named, not counted.
 */
function themeReport(items: LabelledItem[], ours: Prediction[], matches: TopicMatch[], labels: Map<string, string[]> | null): { counts: Counts | null; items: number; lines: string[] } {
  const lines = ['', '## themes (labels: eval/labels/sahel-themes.json)', ''];
  if (!labels) return { counts: null, items: 0, lines: [...lines, '  no theme labels for this data'] };
  const known = new Set(topicModel().topics.filter((t) => t.kind === 'theme').map((t) => t.id));
  const total: Counts = { tp: 0, fp: 0, fn: 0 };
  const byTheme = new Map<string, Counts>([...known].sort().map((t) => [t, { tp: 0, fp: 0, fn: 0 }]));
  const errors: string[] = [];
  const unlabelled: string[] = [];
  let labelled = 0;
  items.forEach((item, i) => {
    const gold = labels.get(item.id);
    if (!gold) {
      if (item.relevant) unlabelled.push(item.id);
      return;
    }
    labelled++;
    for (const t of gold) if (!known.has(t)) throw new Error(`theme labels: ${item.id} has unknown theme "${t}"`);
    const predicted = ours[i]!.relevant ? matches[i]!.themes : [];
    const count = (theme: string, kind: keyof Counts): void => {
      total[kind]++;
      byTheme.get(theme)![kind]++;
    };
    for (const t of predicted) count(t, gold.includes(t) ? 'tp' : 'fp');
    for (const t of gold) if (!predicted.includes(t)) count(t, 'fn');
    const extra = predicted.filter((t) => !gold.includes(t));
    const missed = gold.filter((t) => !predicted.includes(t));
    if (extra.length || missed.length) {
      const why = matches[i]!.evidence.filter((e) => !e.cancelledBy && [...extra, ...missed].includes(e.topic)).map((e) => `${e.alias}→${e.topic}`);
      errors.push(`  ${item.id}  +[${extra.join(',')}] -[${missed.join(',')}]  "${item.title.slice(0, 70)}"
            counted: ${why.slice(0, 12).join(', ') || '—'}`);
    }
  });
  const rows = [...byTheme].map(([theme, c]) => {
    const [tp, tr] = prf(c);
    return [theme, String(c.tp + c.fn), fmt(tp), fmt(tr), String(c.tp), String(c.fp), String(c.fn)];
  });
  const [mp, mr] = prf(total);
  rows.push(['micro-average', String(total.tp + total.fn), fmt(mp), fmt(mr), String(total.tp), String(total.fp), String(total.fn)]);
  lines.push(`${labelled} labelled items\n`, table(['theme', 'gold', 'precision', 'recall', 'TP', 'FP', 'FN'], rows), '', '## theme errors (+ predicted, not gold; - gold, missed)', '');
  lines.push(...(errors.length ? errors : ['  none']));
  if (unlabelled.length) lines.push('', `relevant items without theme labels (not counted): ${unlabelled.join(', ')}`);
  return { counts: labelled ? total : null, items: labelled, lines };
}

/** A plain RSS bot's keyword filter: relevant when any alias appears as a case-insensitive substring. */
function keywordBaseline(): (item: LabelledItem) => Prediction {
  const keywords = topicModel().keywordAliases;
  return (item) => {
    const haystack = `${item.title}\n${item.text}`.toLowerCase();
    const countries = new Set<string>();
    let relevant = false;
    for (const { keyword, topic } of keywords) {
      if (!haystack.includes(keyword)) continue;
      relevant = true;
      if (topic.country) countries.add(topic.country);
    }
    return { relevant, countries: [...countries] };
  };
}

function relevanceCounts(items: LabelledItem[], predictions: Prediction[]): Counts {
  const c: Counts = { tp: 0, fp: 0, fn: 0 };
  items.forEach((item, i) => {
    const predicted = predictions[i]!.relevant;
    if (predicted && item.relevant) c.tp++;
    else if (predicted) c.fp++;
    else if (item.relevant) c.fn++;
  });
  return c;
}

/** Micro-averaged over (item, country) pairs; an item predicted not relevant predicts no country. */
function countryCounts(items: LabelledItem[], predictions: Prediction[]): Counts {
  const c: Counts = { tp: 0, fp: 0, fn: 0 };
  items.forEach((item, i) => {
    const gold = new Set(item.countries);
    const predicted = new Set(predictions[i]!.countries);
    for (const country of predicted) if (gold.has(country)) c.tp++;
    else c.fp++;
    for (const country of gold) if (!predicted.has(country)) c.fn++;
  });
  return c;
}

function prf(c: Counts): [number, number, number] {
  const p = c.tp + c.fp === 0 ? 1 : c.tp / (c.tp + c.fp);
  const r = c.tp + c.fn === 0 ? 1 : c.tp / (c.tp + c.fn);
  const f1 = p + r === 0 ? 0 : (2 * p * r) / (p + r);
  return [p, r, f1];
}

function trapRows(items: LabelledItem[], ours: Prediction[], theirs: Prediction[]): string[][] {
  const byTrap = new Map<string, { n: number; ours: number; theirs: number }>();
  items.forEach((item, i) => {
    const key = item.trap ?? (item.relevant ? '(relevant)' : '(plain negative)');
    const row = byTrap.get(key) ?? { n: 0, ours: 0, theirs: 0 };
    row.n++;
    if (ours[i]!.relevant === item.relevant) row.ours++;
    if (theirs[i]!.relevant === item.relevant) row.theirs++;
    byTrap.set(key, row);
  });
  return [...byTrap]
    .sort((a, b) => b[1].n - a[1].n)
    .map(([trap, row]) => [trap, String(row.n), `${row.ours}/${row.n}`, `${row.theirs}/${row.n}`]);
}

function errorLines(items: LabelledItem[], ours: Prediction[], matches: TopicMatch[]): string[] {
  const groups = new Map<string, string[]>();
  items.forEach((item, i) => {
    const predicted = ours[i]!;
    const m = matches[i]!;
    const gold = [...item.countries].sort().join(',');
    const got = [...predicted.countries].sort().join(',');
    let kind: string | null = null;
    if (predicted.relevant && !item.relevant) kind = 'FP';
    else if (!predicted.relevant && item.relevant) kind = 'FN';
    else if (item.relevant && gold !== got) kind = 'countries';
    if (kind === null) return;
    const counted = m.evidence.filter((e) => !e.cancelledBy).map((e) => `${e.alias}→${e.topic}`);
    const key = item.trap ?? (item.relevant ? '(relevant)' : '(plain negative)');
    const line = `  ${kind.padEnd(9)} ${item.id}  score ${m.score}  gold [${gold}] got [${got}]  "${item.title.slice(0, 70)}"\n            counted: ${counted.slice(0, 12).join(', ') || '—'}`;
    groups.set(key, [...(groups.get(key) ?? []), line]);
  });
  if (groups.size === 0) return ['  none'];
  return [...groups].flatMap(([trap, lines]) => [`${trap}:`, ...lines]);
}

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]): string => r.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function fmt(n: number): string {
  return n.toFixed(3);
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
