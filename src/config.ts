/**
 * Configuration, parsed once from the environment (and `.env`, loaded by the entry points).
 * Secrets live only here and in the process environment: never log a Config object as a whole;
 * use `describeConfig` for a printable summary.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const optionalString = z
  .string()
  .transform((s) => s.trim())
  .optional()
  .transform((s) => (s ? s : undefined));

const envSchema = z.object({
  ZHOUBAO_DATA_DIR: optionalString,
  ZHOUBAO_TEAM: optionalString,
  ZHOUBAO_TEAM_CHANNEL: optionalString,
  ZHOUBAO_TZ: optionalString,
  ZHOUBAO_REMINDER_CRON: optionalString,
  ZHOUBAO_ALIASES_FILE: optionalString,
  SLACK_BOT_TOKEN: optionalString,
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString,
  SLACK_API_URL: optionalString,
  PORT: optionalString.pipe(z.coerce.number<string | undefined>().int().min(0).max(65535).optional()),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalString,
  OPENAI_MODEL: optionalString,
  OPENAI_EMBEDDING_MODEL: optionalString,
  LOG_LEVEL: optionalString,
});

export interface Config {
  /** Where SQLite and the derived index live */
  dataDir: string;
  /** The team for a single-team install: DM submissions go here unless a member belongs elsewhere */
  defaultTeam: string;
  teamChannel?: string;
  timeZone: string;
  reminderCron: string;
  aliasesFile: string;
  slack: {
    botToken?: string;
    signingSecret?: string;
    appToken?: string;
    apiUrl?: string;
    port: number;
  };
  llm: {
    apiKey?: string;
    baseUrl?: string;
    model?: string;
    embeddingModel?: string;
  };
  logLevel: string;
}

/**
 * The repository root: the nearest folder above this module holding package.json. Walking up rather
 * than counting levels keeps it right wherever the code was compiled to (dist/, a tools build).
 */
export const PROJECT_ROOT = findProjectRoot(__dirname);

function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(start, '..');
  }
}

export const DEFAULT_DATA_DIR = path.join(PROJECT_ROOT, 'data', 'store');
export const SAMPLES_DIR = path.join(PROJECT_ROOT, 'data', 'samples');
export const PROMPTS_DIR = path.join(PROJECT_ROOT, 'prompts');

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: { dataDir?: string } = {}): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`配置有误：${problems}`);
  }
  const e = parsed.data;
  return {
    dataDir: path.resolve(overrides.dataDir ?? e.ZHOUBAO_DATA_DIR ?? DEFAULT_DATA_DIR),
    defaultTeam: e.ZHOUBAO_TEAM ?? '我的团队',
    teamChannel: e.ZHOUBAO_TEAM_CHANNEL,
    timeZone: e.ZHOUBAO_TZ ?? 'Asia/Shanghai',
    reminderCron: e.ZHOUBAO_REMINDER_CRON ?? '0 16 * * 5',
    aliasesFile: path.resolve(e.ZHOUBAO_ALIASES_FILE ?? path.join(PROJECT_ROOT, 'data', 'aliases.txt')),
    slack: {
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL,
      port: e.PORT ?? 3000,
    },
    llm: {
      apiKey: e.OPENAI_API_KEY,
      baseUrl: e.OPENAI_BASE_URL,
      model: e.OPENAI_MODEL,
      embeddingModel: e.OPENAI_EMBEDDING_MODEL,
    },
    logLevel: e.LOG_LEVEL ?? 'info',
  };
}

/** True when every Slack credential that the HTTP or Socket Mode receiver needs is present. */
export function hasSlackCredentials(config: Config): boolean {
  return Boolean(config.slack.botToken && (config.slack.signingSecret || config.slack.appToken));
}

/** A printable summary with every secret masked. */
export function describeConfig(config: Config): Record<string, string> {
  const mask = (v?: string) => (v ? '已设置' : '未设置');
  return {
    dataDir: config.dataDir,
    defaultTeam: config.defaultTeam,
    timeZone: config.timeZone,
    slackBotToken: mask(config.slack.botToken),
    slackSigningSecret: mask(config.slack.signingSecret),
    slackAppToken: mask(config.slack.appToken),
    slackApiUrl: config.slack.apiUrl ?? 'https://slack.com/api/',
    llm: config.llm.apiKey ? `${config.llm.model ?? '(默认模型)'} @ ${config.llm.baseUrl ?? 'OpenAI'}` : '离线模式',
  };
}
