/**
 * Invented, report-like Chinese work items for benchmarks: project names × actions × dates × metrics,
 * deterministic for a seed. Nothing here comes from a real report.
 */
import type { ItemDate, ItemMetric, ItemStatus, ReportItem, WeeklyReport } from '../../src/domain/reports/model';

/** Deterministic PRNG (mulberry32): the same seed gives the same corpus on every machine. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: () => number, xs: readonly T[]): T {
  return xs[Math.floor(random() * xs.length)];
}

/** The first generator's shape: eight teams, so at a million items each has 125,000 items over 60 years of weeks. */
export const TEAMS = ['支付中心', '清结算中心', '账户中心', '风控中心', '数据平台部', '基础架构组', '商户服务部', '资金中心'];

/**
 * Issue 13's company: "500 teams writing 40 items a week store about a million items a year". Invented
 * names, business line × function (跨境收单研发一组): 25 × 20. No name contains another nor another's
 * 组/部-less stem, so the parser files every title under its own team and a question names one team.
 */
const BUSINESS_LINES = [
  '跨境收单', '线下零售', '企业财资', '消费信贷', '财富管理', '保险科技', '商旅出行', '本地生活', '会员权益', '供应链金融',
  '票据业务', '智慧政务', '医疗健康', '教育缴费', '物流结算', '能源缴费', '海外钱包', '小微商户', '汽车金融', '文旅消费',
  '农村普惠', '校园生态', '社区团购', '直播电商', '数字藏品',
];
const FUNCTIONS = [
  '研发一组', '研发二组', '研发三组', '前端组', '后端组', '测试组', '运维组', '产品组', '设计组', '运营组',
  '数据组', '算法组', '安全组', '架构组', '客服组', '商务组', '法务组', '财务组', '项目管理组', '质量保障组',
];
export const COMPANY_TEAMS: readonly string[] = BUSINESS_LINES.flatMap((line) => FUNCTIONS.map((fn) => line + fn));

/** The teams of a generated store: the company's 500 by default, the first eight for `--teams 8`. */
export function benchTeams(count = COMPANY_TEAMS.length): readonly string[] {
  if (count === TEAMS.length) return TEAMS;
  if (count < 1 || count > COMPANY_TEAMS.length) throw new Error(`teams: 8 or 1–${COMPANY_TEAMS.length}, not ${count}`);
  return COMPANY_TEAMS.slice(0, count);
}

const BANKS = [
  '光大', '招行', '工行', '建行', '农行', '中信', '民生', '浦发', '华夏', '平安', '兴业', '北京银行', '宁波银行', '百信',
  '网商', '微众', '邮储', '广发', '渤海', '恒丰', '浙商', '江苏银行', '上海银行', '银联', '网联',
];
const PRODUCTS = [
  '备份通道', '签约支付', '代扣通道', '快捷支付', '虚户对接', '二类户开户', '聚合支付', '收银台改版', '对账平台', '清结算系统',
  '分账系统', '风控引擎', '营销平台', '账单中心', 'POS收单', '退款服务', '出金链路', '入金链路', '商户门户', '开放平台',
  '支付网关', '智能路由', '鉴权服务', '消息中心', '数据仓库', '监控大盘', '告警平台', '密钥管理', '证书系统', '电子发票',
  '资金归集', '跨境支付', '外汇结算', '意向金托管', '保证金账户', '代付通道', '协议支付', '扫码支付', '条码支付', '网银支付',
];
const PREFIXES = ['', '', '', '', '一期', '二期', '三期', '新版', '存量', '海外'];
const EVENTS: Array<{ phrase: (d: string) => string; status: ItemStatus; event: string; planned: boolean }> = [
  { phrase: (d) => `已提测，计划${d}上线`, status: 'testing', event: '上线', planned: true },
  { phrase: (d) => `预计${d}提测`, status: 'in_progress', event: '提测', planned: true },
  { phrase: (d) => `${d}完成评审`, status: 'done', event: '评审', planned: false },
  { phrase: (d) => `已于${d}上线`, status: 'launched', event: '上线', planned: false },
  { phrase: (d) => `延期至${d}`, status: 'delayed', event: '上线', planned: true },
  { phrase: (d) => `联调中，预计${d}完成`, status: 'in_progress', event: '完成', planned: true },
  { phrase: (d) => `灰度中，${d}全量开放`, status: 'testing', event: '开放', planned: true },
  { phrase: (d) => `完成压测，${d}投产`, status: 'testing', event: '上线', planned: true },
  { phrase: (d) => `需求评审通过，${d}启动开发`, status: 'planned', event: '启动', planned: true },
  { phrase: (d) => `开发完成，待${d}送测`, status: 'in_progress', event: '提测', planned: true },
  { phrase: (d) => `${d}上线完成，运行平稳`, status: 'launched', event: '上线', planned: false },
  { phrase: (d) => `验收通过，${d}向全国开放`, status: 'done', event: '开放', planned: true },
];
const METRICS: Array<{ make: (r: () => number) => ItemMetric }> = [
  { make: (r) => metric('成功率', `${(99 + r()).toFixed(3)}%`, '%') },
  { make: (r) => metric('可用性', `${(99.9 + r() / 10).toFixed(3)}%`, '%') },
  { make: (r) => metric('进度', `${Math.floor(r() * 100)}%`, '%') },
  { make: (r) => metric('覆盖率', `${Math.floor(r() * 100)}%`, '%') },
  { make: (r) => metric('接入商户', `${Math.floor(r() * 900 + 10)}家`, '家') },
  { make: (r) => metric('日均交易', `${Math.floor(r() * 500 + 5)}万笔`, '万笔') },
  { make: (r) => metric('告警', `${Math.floor(r() * 40)}次`, '次') },
];
const EXTRAS = [
  '', '', '', '配合业务方完成验证', '补充监控告警', '梳理异常场景', '同步风控策略', '协调运维扩容', '输出技术方案', '完成代码评审',
  '推进合规评估', '整理上线检查单', '优化对账差错处理', '与产品确认交互细节', '沉淀标准能力', '处理遗留缺陷',
];
const SECTIONS = [
  ['重点工作'], ['重点工作', '银行合作'], ['O1 服务业务'], ['O2 系统升级'], ['O2 系统升级', '支付系统双活'], ['系统运行数据'],
  ['风险与问题'], ['下周计划'], ['数据治理'], ['AIGC与大模型应用'],
];

function metric(label: string, text: string, unit: string): ItemMetric {
  return { text, value: parseFloat(text), unit, label };
}

export interface SyntheticItem {
  team: string;
  sectionPath: string[];
  text: string;
  /** The subject words: bank + product, e.g. 光大备份通道 */
  subject: string;
  bank: string;
  product: string;
  event: string;
  status: ItemStatus;
  dates: ItemDate[];
  metrics: ItemMetric[];
}

/** One invented work item. */
export function syntheticItem(random: () => number, year = 2023): SyntheticItem {
  const bank = pick(random, BANKS);
  const product = pick(random, PREFIXES) + pick(random, PRODUCTS);
  const month = 1 + Math.floor(random() * 12);
  const day = 1 + Math.floor(random() * 28);
  const dateText = random() < 0.5 ? `${month}/${day}` : `${month}月${day}日`;
  const ev = pick(random, EVENTS);
  const parts = [`${bank}${product}${ev.phrase(dateText)}`];
  const metrics: ItemMetric[] = [];
  if (random() < 0.35) {
    const m = pick(random, METRICS).make(random);
    metrics.push(m);
    parts.push(`${m.label}${m.text}`);
  }
  const extra = pick(random, EXTRAS);
  if (extra) parts.push(extra);
  const iso = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return {
    team: pick(random, TEAMS),
    sectionPath: pick(random, SECTIONS),
    text: parts.join('，') + '。',
    subject: bank + product,
    bank,
    product,
    event: ev.event,
    status: ev.status,
    dates: [{ iso, text: dateText, event: ev.event, planned: ev.planned }],
    metrics,
  };
}

export function syntheticItems(count: number, seed = 42): SyntheticItem[] {
  const random = createRandom(seed);
  return Array.from({ length: count }, () => syntheticItem(random));
}

/**
 * `reports` × `itemsPerReport` items grouped into weekly reports (team × week), as the store takes
 * them: week by week, every team's report of a week before the next week's (a store grows so). Team,
 * week and date are unique per report.
 */
export interface SyntheticReport {
  report: WeeklyReport;
  rawText: string;
  /** The generated items behind report.items, in the same order (subject, event… for making queries) */
  synthetic: SyntheticItem[];
}

export function syntheticReports(reports: number, itemsPerReport: number, seed = 42, teams: readonly string[] = TEAMS): SyntheticReport[] {
  return [...syntheticReportStream(reports, itemsPerReport, seed, teams)];
}

/**
 * The same reports as syntheticReports, one at a time: a million items never have to be in memory
 * at once (the scale benchmark ingests each as it is made).
 */
export function* syntheticReportStream(reports: number, itemsPerReport: number, seed = 42, teams: readonly string[] = TEAMS): Generator<SyntheticReport> {
  const random = createRandom(seed);
  for (let r = 0; r < reports; r++) {
    const team = teams[r % teams.length];
    const k = Math.floor(r / teams.length);
    const weekIndex = k % 52;
    const year = 2000 + Math.floor(k / 52);
    const date = new Date(Date.UTC(year, 0, 6 + weekIndex * 7));
    const reportDate = date.toISOString().slice(0, 10);
    const weekNumber = weekIndex + 1;
    const items: ReportItem[] = [];
    const synthetic: SyntheticItem[] = [];
    const lines = [`# ${team} 第${weekNumber}周 ${reportDate}`];
    for (let i = 0; i < itemsPerReport; i++) {
      const s = syntheticItem(random, year);
      s.team = team;
      synthetic.push(s);
      const rawLine = `- ${s.text}`;
      lines.push(rawLine);
      items.push({
        ordinal: i,
        sectionPath: s.sectionPath,
        text: s.text,
        rawLine,
        lineNo: i + 2,
        dates: s.dates,
        metrics: s.metrics,
        status: s.status,
        owner: null,
      });
    }
    yield {
      report: {
        team,
        weekLabel: `第${weekNumber}周`,
        weekNumber,
        reportDate,
        title: lines[0].slice(2),
        period: null,
        sections: [],
        items,
        warnings: [],
      },
      rawText: lines.join('\n') + '\n',
      synthetic,
    };
  }
}
