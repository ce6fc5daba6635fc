/**
 * Prompts live in `prompts/<name>.md` (PROMPTS_DIR), so they can be read and changed without
 * touching code. A file is the system prompt, then a line `<!-- user -->`, then the user message;
 * other HTML comments are notes for maintainers and are not sent. Variables are written `{{name}}`.
 *
 * Rendering is a single pass: a value is inserted as it is and never scanned again, so report text
 * that happens to contain `{{question}}` stays text. A template variable without a value, or a value
 * the template does not use, is an error: a prompt and its caller cannot drift apart silently.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PROMPTS_DIR } from '../../config';

export interface PromptTemplate {
  name: string;
  file: string;
  system: string;
  user: string;
  /** Every {{variable}} in the template, in order of first use */
  variables: string[];
}

export interface RenderedPrompt {
  name: string;
  system: string;
  user: string;
}

const VARIABLE = /\{\{\s*([a-z][a-z0-9_]*)\s*\}\}/g;
const USER_MARKER = /^[ \t]*<!--\s*user\s*-->[ \t]*$/m;
const COMMENT = /<!--[\s\S]*?-->/g;

const cache = new Map<string, PromptTemplate>();

export function loadPrompt(name: string, dir: string = PROMPTS_DIR): PromptTemplate {
  if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`invalid prompt name: ${name}`);
  const file = path.join(dir, `${name}.md`);
  const cached = cache.get(file);
  if (cached) return cached;
  const text = fs.readFileSync(file, 'utf8').replace(/\r\n/g, '\n');
  const marker = USER_MARKER.exec(text);
  if (!marker) throw new Error(`prompt ${file} has no "<!-- user -->" line separating the system prompt from the user message`);
  const system = clean(text.slice(0, marker.index));
  const user = clean(text.slice(marker.index + marker[0].length));
  const variables = [...new Set([...`${system}\n${user}`.matchAll(VARIABLE)].map((m) => m[1]))];
  const prompt: PromptTemplate = { name, file, system, user, variables };
  cache.set(file, prompt);
  return prompt;
}

export function renderPrompt(prompt: PromptTemplate, values: Record<string, string>): RenderedPrompt {
  const missing = prompt.variables.filter((v) => !(v in values));
  if (missing.length) throw new Error(`prompt ${prompt.name}: no value for ${missing.map((m) => `{{${m}}}`).join(', ')}`);
  const unused = Object.keys(values).filter((k) => !prompt.variables.includes(k));
  if (unused.length) throw new Error(`prompt ${prompt.name}: does not use ${unused.map((u) => `{{${u}}}`).join(', ')}`);
  const fill = (template: string) => template.replace(VARIABLE, (_, name: string) => values[name]);
  return { name: prompt.name, system: fill(prompt.system), user: fill(prompt.user) };
}

function clean(text: string): string {
  return text.replace(COMMENT, '').replace(/\n{3,}/g, '\n\n').trim();
}
