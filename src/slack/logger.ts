/**
 * The Bolt/WebClient logger: levels from config, one line per message, and every secret masked.
 * @slack/web-api already redacts token fields it logs; this is the second line of defence for
 * anything else (error messages, request dumps, our own logs) that might carry a token.
 */
import { systemClock, type Clock } from '../clock';
import { inspect } from 'node:util';
import { LogLevel, type Logger } from '@slack/bolt';

const LEVEL_ORDER: Record<LogLevel, number> = {
  [LogLevel.DEBUG]: 0,
  [LogLevel.INFO]: 1,
  [LogLevel.WARN]: 2,
  [LogLevel.ERROR]: 3,
};

/** Slack token shapes: bot/user/app-config tokens (xox?-) and app-level tokens (xapp-). */
const TOKEN_PATTERN = /\b(?:xox[abeoprs]|xapp)-[A-Za-z0-9-]+/g;

export function parseLogLevel(level: string | undefined): LogLevel {
  switch ((level ?? '').toLowerCase()) {
    case 'debug':
    case 'trace':
      return LogLevel.DEBUG;
    case 'warn':
    case 'warning':
      return LogLevel.WARN;
    case 'error':
    case 'fatal':
    case 'silent':
      return LogLevel.ERROR;
    default:
      return LogLevel.INFO;
  }
}

export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text.replace(TOKEN_PATTERN, '[redacted]');
  for (const secret of secrets) {
    if (secret && secret.length >= 6) out = out.split(secret).join('[redacted]');
  }
  return out;
}

export class RedactingLogger implements Logger {
  private level: LogLevel;
  private name: string;

  constructor(
    private readonly options: {
      level?: LogLevel;
      name?: string;
      /** Values that must never be printed (tokens, signing secret) */
      secrets?: readonly string[];
      /** Where lines go; stderr by default */
      write?: (line: string, level: LogLevel) => void;
      /** The time each line is stamped with */
      clock?: Clock;
    } = {},
  ) {
    this.level = options.level ?? LogLevel.INFO;
    this.name = options.name ?? 'zhoubao-slack';
  }

  debug(...msg: unknown[]): void {
    this.log(LogLevel.DEBUG, msg);
  }
  info(...msg: unknown[]): void {
    this.log(LogLevel.INFO, msg);
  }
  warn(...msg: unknown[]): void {
    this.log(LogLevel.WARN, msg);
  }
  error(...msg: unknown[]): void {
    this.log(LogLevel.ERROR, msg);
  }
  setLevel(level: LogLevel): void {
    this.level = level;
  }
  getLevel(): LogLevel {
    return this.level;
  }
  setName(name: string): void {
    this.name = name;
  }

  private log(level: LogLevel, msg: unknown[]): void {
    if (LEVEL_ORDER[level] < LEVEL_ORDER[this.level]) return;
    const text = msg.map((m) => (typeof m === 'string' ? m : inspect(m, { depth: 4, breakLength: Infinity }))).join(' ');
    const line = `${(this.options.clock ?? systemClock)().toISOString()} ${level.toUpperCase()} [${this.name}] ${redactSecrets(text, this.options.secrets ?? [])}`;
    (this.options.write ?? ((l: string) => process.stderr.write(l + '\n')))(line, level);
  }
}
