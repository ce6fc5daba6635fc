/**
 * `zhoubao migrate [--from-sqlite DIR] [--json]`: applies the store's schema migrations — PostgreSQL
 * when ZHOUBAO_DATABASE_URL is set, else the SQLite store of --data-dir — or copies a SQLite data
 * directory into PostgreSQL (services/storeMigration.ts does the work). The database URL is only
 * ever printed masked.
 */
import type { Config } from '../config';
import { copySqliteStoreToPostgres, migrateConfiguredStore, type CopySummary } from '../services/storeMigration';

export interface MigrateOptions {
  fromSqlite?: string;
  json: boolean;
}

export async function runMigrateCommand(
  config: Config,
  args: string[],
  options: MigrateOptions,
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  if (args.length) {
    err(`migrate 不接受参数「${args.join(' ')}」。\n用法：zhoubao migrate [--from-sqlite 数据目录] [--json]`);
    return 1;
  }
  try {
    if (options.fromSqlite !== undefined) {
      const { target, summary } = await copySqliteStoreToPostgres(config, options.fromSqlite);
      out(options.json ? JSON.stringify({ target, ...summary }) : describeCopy(options.fromSqlite, target, summary));
      return 0;
    }
    const outcome = await migrateConfiguredStore(config);
    if (options.json) out(JSON.stringify(outcome));
    else {
      const where = outcome.backend === 'postgres' ? `PostgreSQL（${outcome.target}）` : `SQLite（${outcome.target}）`;
      out(outcome.applied.length ? `${where}：已应用迁移 ${outcome.applied.join('、')}，当前版本 ${outcome.version}。` : `${where}：已是最新（版本 ${outcome.version}）。`);
    }
    return 0;
  } catch (error) {
    err(`✗ 迁移失败：${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

function describeCopy(from: string, target: string, s: CopySummary): string {
  const others = Object.entries(s.tables)
    .filter(([, n]) => n > 0)
    .map(([table, n]) => `${table} ${n}`);
  return [
    `已把 ${from} 的 SQLite 数据复制到 PostgreSQL（${target}）：`,
    `  周报：新复制 ${s.reports.copied} 份，更新 ${s.reports.replaced} 份，未变 ${s.reports.unchanged} 份；条目 ${s.items} 条；历史版本 ${s.versions} 个`,
    `  其他数据：${others.length ? others.join('，') : '无新增'}`,
  ].join('\n');
}
