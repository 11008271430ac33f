// Loads every slash command module from commands/ (one command a file).
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import type { SlashCommand } from './command.js';

export const COMMANDS_DIR = fileURLToPath(new URL('../../commands/', import.meta.url));

export async function loadCommands(dir = COMMANDS_DIR): Promise<Map<string, SlashCommand>> {
  const commands = new Map<string, SlashCommand>();
  const files = readdirSync(dir).filter((f) => /\.(ts|js)$/.test(f) && !/\.test\.|\.d\.ts$/.test(f)).sort();
  for (const file of files) {
    const mod = (await import(pathToFileURL(join(dir, file)).href)) as Partial<SlashCommand>;
    if (!mod.data || typeof mod.execute !== 'function') throw new Error(`commands/${file} must export data and execute`);
    commands.set(mod.data.name, mod as SlashCommand);
  }
  return commands;
}
