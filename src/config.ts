/**
 * Configuration (kernel: imports no other src/ module), parsed and checked once from the environment
 * (and `.env`, loaded by the entry points). Nothing else in src/ reads process.env: the entry points
 * load a Config and hand it down. Secrets live only here and in the process environment: never log
 * a Config object as a whole; use `describeConfig` for a printable summary.
 */
import fs from 'node:fs';
import path from 'node:path';

/** A configuration value that cannot be used; the message names each variable and says what it should be. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`配置有误：\n${problems.map((p) => `- ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** The levels LOG_LEVEL may name, and the level each one means (trace, warning, fatal, silent are accepted spellings). */
const LOG_LEVELS = {
  trace: 'debug',
  debug: 'debug',
  info: 'info',
  warn: 'warn',
  warning: 'warn',
  error: 'error',
  fatal: 'error',
  silent: 'error',
} as const;

export type LogLevelName = (typeof LOG_LEVELS)[keyof typeof LOG_LEVELS];

/** The install's zone when ZHOUBAO_TZ is unset (the calendar's own default, src/domain/calendar.ts, is the same zone). */
const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
/** Friday 16:00 in the team's zone. */
export const DEFAULT_REMINDER_CRON = '0 16 * * 5';

/** A user-facing reason why `timeZone` is not an IANA zone Intl accepts, or null when it is. */
export function timeZoneProblem(timeZone: string): string | null {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return null;
  } catch {
    return `「${timeZone}」不是有效的时区（IANA 时区名，例如 Asia/Shanghai、America/Los_Angeles）`;
  }
}

/** A user-facing reason why `pattern` is not a cron pattern croner accepts, or null when it is. */
export function cronProblem(pattern: string): string | null {
  // Loaded only when a pattern is set: the default needs no check, and startup does not pay for croner.
  const { Cron } = require('croner') as typeof import('croner');
  try {
    // No callback and paused: croner only parses, it schedules nothing.
    new Cron(pattern, { paused: true });
    return null;
  } catch (error) {
    return `「${pattern}」不是有效的 cron 表达式（例如 0 16 * * 5 表示每周五 16:00；${(error as Error).message}）`;
  }
}

function urlProblem(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? null : `「${value}」不是 http(s) 网址`;
  } catch {
    return `「${value}」不是有效的网址（应以 http:// 或 https:// 开头）`;
  }
}

/**
 * A connection URL as it may be shown: the password replaced by ***. The URL itself must never be
 * printed or logged (it carries the password); this is what a message may say instead.
 */
export function maskDatabaseUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    // Not parseable: show nothing of it that could be a secret.
    return '（无法解析的地址）';
  }
}

/** ZHOUBAO_DATABASE_URL: a postgres:// or postgresql:// URL naming a host. The message never repeats the password. */
function databaseUrlProblem(value: string): string | null {
  const problem = '应为 PostgreSQL 连接地址，例如 postgres://用户:密码@主机:5432/数据库';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `不是有效的网址：${problem}`;
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') return `「${maskDatabaseUrl(value)}」${problem}`;
  if (!url.hostname) return `「${maskDatabaseUrl(value)}」缺少主机名：${problem}`;
  return null;
}

function portProblem(value: string): string | null {
  return /^\d{1,5}$/.test(value) && Number(value) <= 65535 ? null : `「${value}」不是有效的端口（0–65535 的整数）`;
}

function logLevelProblem(value: string): string | null {
  return Object.hasOwn(LOG_LEVELS, value.toLowerCase()) ? null : `「${value}」不是可用的日志级别（debug、info、warn 或 error）`;
}

/**
 * Each variable the configuration reads, and the check a set value must pass (none: any text).
 * Checked by hand rather than with a schema library: every process loads this module first, and a
 * cold `zhoubao ask` should not pay ~200 ms to load one for twenty optional strings.
 */
const VARIABLES = {
  ZHOUBAO_DATA_DIR: null,
  ZHOUBAO_TEAM: null,
  ZHOUBAO_TEAM_CHANNEL: null,
  ZHOUBAO_TZ: timeZoneProblem,
  ZHOUBAO_REMINDER_CRON: cronProblem,
  ZHOUBAO_ALIASES_FILE: null,
  ZHOUBAO_DATABASE_URL: databaseUrlProblem,
  SLACK_BOT_TOKEN: null,
  SLACK_SIGNING_SECRET: null,
  SLACK_APP_TOKEN: null,
  SLACK_API_URL: urlProblem,
  PORT: portProblem,
  OPENAI_API_KEY: null,
  OPENAI_BASE_URL: urlProblem,
  OPENAI_MODEL: null,
  OPENAI_EMBEDDING_MODEL: null,
  LOG_LEVEL: logLevelProblem,
  NOTION_TOKEN: null,
  NOTION_API_URL: urlProblem,
  CONFLUENCE_URL: urlProblem,
  CONFLUENCE_USER: null,
  CONFLUENCE_TOKEN: null,
} satisfies Record<string, ((value: string) => string | null) | null>;

type VariableName = keyof typeof VARIABLES;

/**
 * Every variable's value, trimmed (blank = unset), and a problem per set value that fails its check,
 * in the order the variables are listed; each message starts with the variable's name so it reads on its own.
 */
function readVariables(env: NodeJS.ProcessEnv): { values: Partial<Record<VariableName, string>>; problems: string[] } {
  const values: Partial<Record<VariableName, string>> = {};
  const problems: string[] = [];
  for (const [name, problem] of Object.entries(VARIABLES) as Array<[VariableName, ((value: string) => string | null) | null]>) {
    const raw: unknown = env[name];
    if (raw === undefined) continue;
    if (typeof raw !== 'string') {
      problems.push(`${name}应为文本`);
      continue;
    }
    const value = raw.trim();
    if (!value) continue;
    const reason = problem ? problem(value) : null;
    if (reason) problems.push(`${name}${reason}`);
    else values[name] = value;
  }
  return { values, problems };
}

/** Every variable the configuration reads (each one is documented in .env.example). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(VARIABLES);

export interface Config {
  /** Where SQLite and the derived index live */
  dataDir: string;
  /** The team for a single-team install: DM submissions go here unless a member belongs elsewhere */
  defaultTeam: string;
  teamChannel?: string;
  /** An IANA zone Intl accepts (checked at load) */
  timeZone: string;
  /** A cron pattern croner accepts (checked at load) */
  reminderCron: string;
  aliasesFile: string;
  /** PostgreSQL instead of SQLite in dataDir (issue 15, in progress): a secret, shown only through maskDatabaseUrl */
  databaseUrl?: string;
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
  /** `zhoubao import notion`: an internal integration's token, and the API base URL (proxies, tests) */
  notion: {
    token?: string;
    apiUrl?: string;
  };
  /** `zhoubao import confluence`: base URL (Cloud ends in /wiki), account e-mail (Cloud) and API token or PAT */
  confluence: {
    url?: string;
    user?: string;
    token?: string;
  };
  logLevel: LogLevelName;
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

/**
 * The configuration from `env`, checked once: a time zone, cron pattern, log level, port or URL
 * that cannot be used is rejected here, with a ConfigError naming every such variable, rather than
 * failing later at the first reminder or Slack call.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: { dataDir?: string } = {}): Config {
  const { values: e, problems } = readVariables(env);
  if (problems.length) throw new ConfigError(problems);
  return {
    dataDir: path.resolve(overrides.dataDir ?? e.ZHOUBAO_DATA_DIR ?? DEFAULT_DATA_DIR),
    defaultTeam: e.ZHOUBAO_TEAM ?? '我的团队',
    teamChannel: e.ZHOUBAO_TEAM_CHANNEL,
    timeZone: e.ZHOUBAO_TZ ?? DEFAULT_TIME_ZONE,
    reminderCron: e.ZHOUBAO_REMINDER_CRON ?? DEFAULT_REMINDER_CRON,
    aliasesFile: path.resolve(e.ZHOUBAO_ALIASES_FILE ?? path.join(PROJECT_ROOT, 'data', 'aliases.txt')),
    databaseUrl: e.ZHOUBAO_DATABASE_URL,
    slack: {
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL,
      port: e.PORT === undefined ? 3000 : Number(e.PORT),
    },
    llm: {
      apiKey: e.OPENAI_API_KEY,
      baseUrl: e.OPENAI_BASE_URL,
      model: e.OPENAI_MODEL,
      embeddingModel: e.OPENAI_EMBEDDING_MODEL,
    },
    notion: {
      token: e.NOTION_TOKEN,
      apiUrl: e.NOTION_API_URL,
    },
    confluence: {
      url: e.CONFLUENCE_URL,
      user: e.CONFLUENCE_USER,
      token: e.CONFLUENCE_TOKEN,
    },
    logLevel: e.LOG_LEVEL ? LOG_LEVELS[e.LOG_LEVEL.toLowerCase() as keyof typeof LOG_LEVELS] : 'info',
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
    database: config.databaseUrl ? maskDatabaseUrl(config.databaseUrl) : 'SQLite（数据目录）',
    defaultTeam: config.defaultTeam,
    timeZone: config.timeZone,
    slackBotToken: mask(config.slack.botToken),
    slackSigningSecret: mask(config.slack.signingSecret),
    slackAppToken: mask(config.slack.appToken),
    slackApiUrl: config.slack.apiUrl ?? 'https://slack.com/api/',
    llm: config.llm.apiKey ? `${config.llm.model ?? '(默认模型)'} @ ${config.llm.baseUrl ?? 'OpenAI'}` : '离线模式',
    notionToken: mask(config.notion.token),
    confluenceToken: mask(config.confluence.token),
  };
}
