// Discord's limits on messages, autocomplete choices, modals and command registrations, answered the way Discord
// answers them (400, code 50035 "Invalid Form Body", nested errors), so a bot that overruns a limit fails here first.
import { Locale } from 'discord-api-types/v10';

export interface FormError {
  /** Dotted path into the body, e.g. `embeds.0.title`. */
  path: string;
  code: string;
  message: string;
}

const MESSAGE_CONTENT_MAX = 2000;
const EMBEDS_MAX = 10;
const EMBED_TOTAL_MAX = 6000;
const NONCE_MAX = 25;
const EMBED_TEXT_LIMITS: [field: string, max: number][] = [
  ['title', 256],
  ['description', 4096],
];
const COMPONENTS_V2_FLAG = 1 << 15;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function tooLong(path: string, max: number): FormError {
  return { path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` };
}

function checkLength(errors: FormError[], value: unknown, path: string, max: number): number {
  if (typeof value !== 'string') return 0;
  if (value.length > max) errors.push(tooLong(path, max));
  return value.length;
}

function checkUrl(errors: FormError[], value: unknown, path: string, allowAttachment: boolean): void {
  if (typeof value !== 'string') return;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1]?.toLowerCase();
  const allowed = allowAttachment ? ['http', 'https', 'attachment'] : ['http', 'https'];
  if (scheme === undefined || !allowed.includes(scheme)) {
    errors.push({
      path,
      code: 'URL_TYPE_INVALID_SCHEME',
      message: `Scheme "${scheme ?? ''}" is not supported. Scheme must be one of (${allowed.map((s) => `'${s}'`).join(', ')}).`,
    });
  }
}

/** Returns the embed's character count towards the 6,000 per-message total. */
function checkEmbed(errors: FormError[], embed: Json, path: string): number {
  let total = 0;
  for (const [field, max] of EMBED_TEXT_LIMITS) total += checkLength(errors, embed[field], `${path}.${field}`, max);
  checkUrl(errors, embed.url, `${path}.url`, false);
  for (const image of ['image', 'thumbnail'] as const) {
    const media = embed[image];
    if (isObject(media)) checkUrl(errors, media.url, `${path}.${image}.url`, true);
  }
  if (isObject(embed.author)) {
    total += checkLength(errors, embed.author.name, `${path}.author.name`, 256);
    checkUrl(errors, embed.author.url, `${path}.author.url`, false);
    checkUrl(errors, embed.author.icon_url, `${path}.author.icon_url`, true);
  }
  if (isObject(embed.footer)) {
    total += checkLength(errors, embed.footer.text, `${path}.footer.text`, 2048);
    checkUrl(errors, embed.footer.icon_url, `${path}.footer.icon_url`, true);
  }
  if (typeof embed.color === 'number' && (!Number.isInteger(embed.color) || embed.color < 0 || embed.color > 0xffffff)) {
    errors.push({ path: `${path}.color`, code: 'NUMBER_TYPE_MAX', message: 'int value should be less than or equal to 16777215.' });
  }
  if (Array.isArray(embed.fields)) {
    if (embed.fields.length > 25) errors.push({ path: `${path}.fields`, code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' });
    embed.fields.forEach((field: unknown, i) => {
      if (!isObject(field)) return;
      for (const [key, max] of [['name', 256], ['value', 1024]] as const) {
        const value = field[key];
        if (typeof value !== 'string' || value.length === 0) {
          errors.push({ path: `${path}.fields.${i}.${key}`, code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
        }
        total += checkLength(errors, value, `${path}.fields.${i}.${key}`, max);
      }
    });
  }
  return total;
}

function checkComponents(errors: FormError[], rows: unknown[], flags: number): void {
  if ((flags & COMPONENTS_V2_FLAG) !== 0) return;
  if (rows.length > 5) errors.push({ path: 'components', code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 5 or fewer in length.' });
  const customIds = new Set<string>();
  rows.forEach((row, r) => {
    if (!isObject(row) || row.type !== 1 || !Array.isArray(row.components)) {
      errors.push({ path: `components.${r}`, code: 'UNION_TYPE_CHOICES', message: 'Top-level components must be action rows.' });
      return;
    }
    if (row.components.length > 5) errors.push({ path: `components.${r}.components`, code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 5 or fewer in length.' });
    row.components.forEach((component: unknown, c) => {
      if (!isObject(component)) return;
      const path = `components.${r}.components.${c}`;
      const isLinkButton = component.type === 2 && (component.style === 5 || component.style === 6);
      if (component.type === 2) checkLength(errors, component.label, `${path}.label`, 80);
      if (isLinkButton) {
        checkUrl(errors, component.url, `${path}.url`, false);
        return;
      }
      const customId = component.custom_id;
      if (typeof customId !== 'string' || customId.length === 0) {
        errors.push({ path: `${path}.custom_id`, code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
        return;
      }
      checkLength(errors, customId, `${path}.custom_id`, 100);
      if (customIds.has(customId)) {
        errors.push({ path: `${path}.custom_id`, code: 'COMPONENT_CUSTOM_ID_DUPLICATED', message: 'Component custom id cannot be duplicated' });
      }
      customIds.add(customId);
      if (Array.isArray(component.options) && component.options.length > 25) {
        errors.push({ path: `${path}.options`, code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' });
      }
    });
  });
}

function checkAllowedMentions(errors: FormError[], allowed: unknown): void {
  if (!isObject(allowed)) return;
  const parse = Array.isArray(allowed.parse) ? allowed.parse : [];
  for (const kind of ['users', 'roles'] as const) {
    const list = allowed[kind];
    if (!Array.isArray(list)) continue;
    if (parse.includes(kind)) {
      errors.push({
        path: `allowed_mentions.${kind}`,
        code: 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE',
        message: `parse:["${kind}"] and ${kind}: [ids...] are mutually exclusive.`,
      });
    }
    if (list.length > 100) errors.push({ path: `allowed_mentions.${kind}`, code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 100 or fewer in length.' });
  }
}

/** A message body (create, edit, interaction reply or webhook follow-up): every limit Discord enforces on it. */
export function checkMessageBody(body: Json, opts: { creating: boolean }): FormError[] {
  const errors: FormError[] = [];
  checkLength(errors, body.content, 'content', MESSAGE_CONTENT_MAX);
  if (Array.isArray(body.embeds)) {
    if (body.embeds.length > EMBEDS_MAX) errors.push({ path: 'embeds', code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${EMBEDS_MAX} or fewer in length.` });
    let total = 0;
    body.embeds.forEach((embed: unknown, i) => {
      if (isObject(embed)) total += checkEmbed(errors, embed, `embeds.${i}`);
    });
    if (total > EMBED_TOTAL_MAX) {
      errors.push({ path: 'embeds', code: 'MAX_EMBED_SIZE_EXCEEDED', message: `Embed size exceeds maximum size of ${EMBED_TOTAL_MAX}` });
    }
  }
  if (Array.isArray(body.components)) checkComponents(errors, body.components, typeof body.flags === 'number' ? body.flags : 0);
  checkAllowedMentions(errors, body.allowed_mentions);
  if (opts.creating && typeof body.nonce === 'string') checkLength(errors, body.nonce, 'nonce', NONCE_MAX);
  return errors;
}

/** Discord refuses a new message with nothing to show (code 50006), a common bug when every field is optional. */
export function isEmptyMessage(body: Json, fileCount: number): boolean {
  const has = (key: string) => {
    const value = body[key];
    return Array.isArray(value) ? value.length > 0 : typeof value === 'string' ? value.length > 0 : value !== undefined && value !== null;
  };
  return fileCount === 0 && !has('content') && !has('embeds') && !has('components') && !has('sticker_ids') && !has('poll');
}

export function checkAutocompleteChoices(data: Json): FormError[] {
  const errors: FormError[] = [];
  const choices = data.choices;
  if (!Array.isArray(choices)) return [{ path: 'data.choices', code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }];
  if (choices.length > 25) errors.push({ path: 'data.choices', code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' });
  choices.forEach((choice: unknown, i) => {
    if (!isObject(choice)) return;
    if (typeof choice.name !== 'string' || choice.name.length === 0) {
      errors.push({ path: `data.choices.${i}.name`, code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' });
    }
    checkLength(errors, choice.name, `data.choices.${i}.name`, 100);
    checkLength(errors, choice.value, `data.choices.${i}.value`, 100);
  });
  return errors;
}

export function checkModal(data: Json): FormError[] {
  const errors: FormError[] = [];
  checkLength(errors, data.title, 'data.title', 45);
  checkLength(errors, data.custom_id, 'data.custom_id', 100);
  const components = Array.isArray(data.components) ? data.components : [];
  if (components.length === 0 || components.length > 5) {
    errors.push({ path: 'data.components', code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 5 in length.' });
  }
  return errors;
}

/** Discord's nested error shape: `{ embeds: { 0: { title: { _errors: [...] } } } }`; discord.js flattens it into its message. */
export function invalidFormBody(errors: FormError[]): { code: 50035; message: string; errors: Json } {
  const root: Json = {};
  for (const error of errors) {
    let node = root;
    for (const key of error.path.split('.')) {
      const next = isObject(node[key]) ? (node[key] as Json) : {};
      node[key] = next;
      node = next;
    }
    const list = Array.isArray(node._errors) ? node._errors : [];
    node._errors = [...list, { code: error.code, message: error.message }];
  }
  return { code: 50035, message: 'Invalid Form Body', errors: root };
}

const LOCALES = new Set<string>(Object.values(Locale));
const COMMAND_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const SUBCOMMAND_TYPES = new Set([1, 2]);

function checkName(errors: FormError[], name: unknown, path: string, lowercase: boolean): void {
  if (typeof name !== 'string' || !COMMAND_NAME.test(name) || (lowercase && name !== name.toLowerCase())) {
    errors.push({ path, code: 'APPLICATION_COMMAND_INVALID_NAME', message: `Command name is invalid: ${JSON.stringify(name)}` });
  }
}

function checkDescription(errors: FormError[], description: unknown, path: string): void {
  if (typeof description !== 'string' || description.length < 1 || description.length > 100) {
    errors.push({ path, code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' });
  }
}

/** Localisation keys must be Discord locales: 'fr', not 'fr-FR' — Discord rejects the whole registration. */
function checkLocalizations(errors: FormError[], map: unknown, path: string, check: (value: unknown, path: string) => void): void {
  if (!isObject(map)) return;
  for (const [locale, value] of Object.entries(map)) {
    if (!LOCALES.has(locale)) errors.push({ path: `${path}.${locale}`, code: 'LOCALE_INVALID', message: `Invalid locale: ${locale}` });
    check(value, `${path}.${locale}`);
  }
}

function checkOptions(errors: FormError[], options: unknown, path: string): void {
  if (!Array.isArray(options)) return;
  if (options.length > 25) errors.push({ path, code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' });
  const names = new Set<string>();
  let seenOptional = false;
  options.forEach((option: unknown, i) => {
    if (!isObject(option)) return;
    const at = `${path}.${i}`;
    checkName(errors, option.name, `${at}.name`, true);
    if (typeof option.name === 'string') {
      if (names.has(option.name)) errors.push({ path: `${at}.name`, code: 'APPLICATION_COMMAND_OPTIONS_DUPLICATE_NAME', message: 'Option names must be unique' });
      names.add(option.name);
    }
    checkDescription(errors, option.description, `${at}.description`);
    checkLocalizations(errors, option.name_localizations, `${at}.name_localizations`, (v, p) => checkName(errors, v, p, true));
    checkLocalizations(errors, option.description_localizations, `${at}.description_localizations`, (v, p) => checkDescription(errors, v, p));
    if (!SUBCOMMAND_TYPES.has(Number(option.type))) {
      if (option.required === true && seenOptional) {
        errors.push({ path: `${at}.required`, code: 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', message: 'Required options must be placed before non-required options' });
      }
      if (option.required !== true) seenOptional = true;
    }
    if (Array.isArray(option.choices)) {
      if (option.choices.length > 25) errors.push({ path: `${at}.choices`, code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' });
      if (option.autocomplete === true && option.choices.length > 0) {
        errors.push({ path: `${at}.autocomplete`, code: 'APPLICATION_COMMAND_AUTOCOMPLETE_INVALID', message: 'Autocomplete cannot be set with choices' });
      }
      option.choices.forEach((choice: unknown, c) => {
        if (!isObject(choice)) return;
        if (typeof choice.name !== 'string' || choice.name.length < 1 || choice.name.length > 100) {
          errors.push({ path: `${at}.choices.${c}.name`, code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' });
        }
        checkLocalizations(errors, choice.name_localizations, `${at}.choices.${c}.name_localizations`, (v, p) => checkLength(errors, v, p, 100));
      });
    }
    checkOptions(errors, option.options, `${at}.options`);
  });
}

/** A PUT of the whole command list (global or guild): names, descriptions, options, choices, locales. */
export function checkCommands(body: unknown): FormError[] {
  if (!Array.isArray(body)) return [{ path: '_', code: 'LIST_TYPE_CONVERT', message: 'Only iterables may be used in a ListType' }];
  const errors: FormError[] = [];
  if (body.length > 100) errors.push({ path: '_', code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 100 or fewer in length.' });
  const seen = new Set<string>();
  body.forEach((command: unknown, i) => {
    if (!isObject(command)) return;
    const chatInput = command.type === undefined || command.type === 1;
    checkName(errors, command.name, `${i}.name`, chatInput);
    const key = `${String(command.type ?? 1)}:${String(command.name)}`;
    if (seen.has(key)) errors.push({ path: `${i}.name`, code: 'APPLICATION_COMMANDS_DUPLICATE_NAME', message: `Application command names must be unique` });
    seen.add(key);
    if (chatInput) checkDescription(errors, command.description, `${i}.description`);
    checkLocalizations(errors, command.name_localizations, `${i}.name_localizations`, (v, p) => checkName(errors, v, p, chatInput));
    checkLocalizations(errors, command.description_localizations, `${i}.description_localizations`, (v, p) => checkDescription(errors, v, p));
    checkOptions(errors, command.options, `${i}.options`);
  });
  return errors;
}
