/**
 * Command-line arguments: one table of options, parsed once, with errors a user can act on (in
 * Chinese, with the command's usage line) instead of Node's English parseArgs messages.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isIsoCalendarDate } from '../domain/calendar';

export const OPTIONS = {
  'data-dir': { type: 'string' },
  team: { type: 'string' },
  json: { type: 'boolean', default: false },
  questions: { type: 'string' },
  now: { type: 'string' },
  week: { type: 'string' },
  date: { type: 'string' },
  database: { type: 'string' },
  space: { type: 'string' },
  chart: { type: 'string' },
  'from-sqlite': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies ParseArgsConfig['options'];

export interface CliArgs {
  command: string | undefined;
  args: string[];
  values: {
    'data-dir'?: string;
    team?: string;
    json: boolean;
    questions?: string;
    now?: string;
    week?: string;
    date?: string;
    database?: string;
    space?: string;
    chart?: string;
    'from-sqlite'?: string;
    help: boolean;
  };
}

/** Usage lines per command, shown with an argument error. */
export const USAGE: Record<string, string> = {
  ingest: 'zhoubao ingest <文件|目录>... [--team 团队] [--date YYYY-MM-DD] [--json]',
  parse: 'zhoubao parse <文件> [--team 团队] [--date YYYY-MM-DD] [--json]',
  import: 'zhoubao import <notion|confluence|文件夹|文件>... [--database ID] [--space KEY] [--team 团队] [--date YYYY-MM-DD] [--json]',
  ask: 'zhoubao ask "问题" [--json] [--now ISO时间] [--chart 图.png]   或   zhoubao ask --questions 文件 --json',
  reports: 'zhoubao reports [--json]',
  reindex: 'zhoubao reindex',
  feedback: 'zhoubao feedback [--json]',
  remind: 'zhoubao remind [--now ISO时间] [--json]',
  export: 'zhoubao export [--team 团队] [--week 周]',
  changes: 'zhoubao changes --team 团队 [--week 周] [--json] [--chart 图.png]',
  serve: 'zhoubao serve',
  start: 'zhoubao start',
  migrate: 'zhoubao migrate [--from-sqlite 数据目录] [--json]',
};

export class CliUsageError extends Error {
  constructor(
    message: string,
    readonly command: string | undefined,
  ) {
    super(message);
    this.name = 'CliUsageError';
  }
}

const KNOWN_FLAGS = new Set(
  Object.entries(OPTIONS).flatMap(([name, o]) => [`--${name}`, ...('short' in o ? [`-${o.short}`] : [])]),
);

/**
 * A question may start with "-" ("-5%是什么意思"): for `ask`, a dash word that is not one of our
 * options is part of the question, not an unknown flag.
 */
function protectQuestionWords(argv: string[]): string[] {
  const commandAt = argv.findIndex((a) => !a.startsWith('-'));
  if (argv[commandAt] !== 'ask') return argv;
  const options: string[] = [];
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      words.push(...argv.slice(i + 1));
      break;
    }
    const flag = arg.split('=')[0];
    if (i === commandAt) options.push(arg);
    else if (arg.startsWith('-') && KNOWN_FLAGS.has(flag)) {
      options.push(arg);
      const spec = OPTIONS[flag.replace(/^--?/, '') as keyof typeof OPTIONS] ?? OPTIONS.help;
      if (spec.type === 'string' && !arg.includes('=') && i + 1 < argv.length) options.push(argv[++i]);
    } else if (arg.startsWith('-')) words.push(arg);
    else options.push(arg);
  }
  return words.length ? [...options, '--', ...words] : options;
}

export function parseCliArgs(argv: string[]): CliArgs {
  const guessedCommand = argv.find((a) => !a.startsWith('-'));
  let parsed;
  try {
    parsed = parseArgs({ args: protectQuestionWords(argv), allowPositionals: true, strict: true, options: OPTIONS });
  } catch (err) {
    throw new CliUsageError(describeParseError(err as Error & { code?: string }), guessedCommand);
  }
  const [command, ...args] = parsed.positionals;
  const values = parsed.values as CliArgs['values'];
  if (values.date !== undefined && !isIsoCalendarDate(values.date)) {
    throw new CliUsageError(`--date 需要一个日期，格式为 YYYY-MM-DD（所报告那一周的任意一天），例如 --date 2023-11-17；收到「${values.date}」。`, command);
  }
  return { command, args, values };
}

function describeParseError(err: Error & { code?: string }): string {
  const option = /'(-[^']*)'/.exec(err.message)?.[1];
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `未知选项「${option ?? err.message}」。`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return option ? `选项「${option.split(' ')[0]}」需要一个值（或不接受值）。` : '选项的值不对。';
    default:
      return `参数有误：${err.message}`;
  }
}

export function usageFor(command: string | undefined): string {
  return command && USAGE[command] ? `用法：${USAGE[command]}` : `用法：zhoubao <命令> [选项]（zhoubao help 查看全部命令）`;
}
