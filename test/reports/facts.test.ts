import { detectStatus, extractDates, extractMetrics } from '../../src/domain/reports/extract';
import { ownerInText, ownerOfHeading } from '../../src/domain/reports/owners';
import { parseWeeklyReport } from '../../src/domain/reports/parse';

describe('figures with units', () => {
  it.each([
    ['主频提升到3.3GHz', { text: '3.3GHz', value: 3.3, unit: 'GHz', label: '主频' }],
    ['L2 Cache 扩大到2MB', { text: '2MB', value: 2, unit: 'MB', label: 'L2 Cache 扩大' }],
    ['关键路径裕量 -40 ps', { text: '-40 ps', value: -40, unit: 'ps', label: '关键路径裕量' }],
    ['流水线加深到24 级', { text: '24 级', value: 24, unit: '级', label: '流水线加深' }],
    ['分支领先主干 37 个 commit', { text: '37 个 commit', value: 37, unit: '个', label: 'commit' }],
    ['标注进度2000/12370', { text: '2000/12370', value: 2000, unit: '/12370', label: '标注进度' }],
    ['top1_accuracy 95.35%', { text: '95.35%', value: 95.35, unit: '%', label: 'top1_accuracy' }],
  ])('%s', (text, metric) => {
    expect(extractMetrics(text)).toEqual([metric]);
  });

  it('never cuts a label mid-word', () => {
    const [metric] = extractMetrics('the quick brown fox jumps over Apache Kafka consumer lag 35%');
    expect(metric.label).toBe('consumer lag');
    expect(extractMetrics('We upgraded the Apache Kafka cluster 40%')[0].label).toBe('Kafka cluster');
  });

  it('does not read dates, versions, benchmark names or words starting with a unit as figures', () => {
    expect(extractMetrics('3/15 发布 3.2.1，400.perlbench 跑通')).toEqual([]);
    expect(extractMetrics('阅读528项目代码')).toEqual([]);
  });
});

describe('identifiers stay intact', () => {
  it('keeps 400.perlbench, #5969, 3.2.1 and L2 Cache in the item text', () => {
    const report = parseWeeklyReport(
      ['## 已完成', '400.perlbench 移植通过', '- 修复 L2 Cache 写回竞争（#5969）', '#5970 补充单测', '- 3.2.1 版本已合入'].join('\n'),
      { reportDate: '2024-03-15' },
    );
    expect(report.items.map((i) => [i.text, i.status])).toEqual([
      ['400.perlbench 移植通过', 'done'],
      ['修复 L2 Cache 写回竞争（#5969）', 'done'],
      ['#5970 补充单测', 'done'],
      ['3.2.1 版本已合入', 'done'],
    ]);
  });
});

describe('versions are not dates', () => {
  it('reads "App 5.6 发版" as a version and "计划4.5上线" as a date', () => {
    expect(extractDates('商家App 5.6 发版', '2024-03-15')).toEqual([]);
    expect(extractDates('计划4.5上线', '2024-03-15')).toEqual([expect.objectContaining({ iso: '2024-04-05', event: '上线' })]);
  });
});

describe('status phrasings', () => {
  it.each([
    ['补丁已合入主线', 'done'],
    ['PR 已合并', 'done'],
    ['parser refactor merged', 'done'],
    ['接口文档(done)', 'done'],
    ['驾照科目二(continue)', 'in_progress'],
    ['WIP: 登录页改版', 'in_progress'],
    ['报表导出进行中', 'in_progress'],
    ['等待上游修复，联调阻塞', 'blocked'],
    ['blocked by infra quota', 'blocked'],
    ['需求已取消', 'cancelled'],
    ['migration cancelled', 'cancelled'],
    ['计划下周上线，目前被卡住', 'blocked'],
    ['冷备迁移：仍在等待机房排期', 'blocked'],
    ['值周：线上问题答疑\t\t100%', 'done'],
    ['容器滚动升级  30%', 'in_progress'],
    ['看板原型（需求取消）', 'cancelled'],
  ])('%s -> %s', (text, status) => {
    expect(detectStatus(text)).toBe(status);
  });

  it('does not read 取消 as cancelled when it is the work itself', () => {
    expect(detectStatus('循环任务取消信号量修改')).not.toBe('cancelled');
  });

  it('reads a percentage as completion only when it is set apart at the end of the line', () => {
    expect(detectStatus('支付成功率：99.5%')).toBe('unknown');
    expect(detectStatus('成功率 99.5%')).toBe('unknown');
  });
});

describe('owners', () => {
  it.each([
    ['张三', '张三'],
    ['小王的任务', '小王'],
    ['欧阳明', '欧阳明'],
    ['@dean', 'dean'],
    ['本周工作', null],
    ['风险', null],
    ['清分系统', null],
    ['高可用', null],
    ['白名单', null],
  ])('heading %s -> %s', (heading, owner) => {
    expect(ownerOfHeading(heading)).toBe(owner);
  });

  it.each([
    ['搜索召回优化（负责人：赵敏）', '赵敏'],
    ['李雷：完成灰度方案', '李雷'],
    ['@dean 跟进告警收敛', 'dean'],
    ['订单分页 by @carol', 'carol'],
    ['周一：阅读网关源码', null],
    ['夏明就负责把缓存接进去', '夏明'],
    ['项目组负责联调', null],
    ['支付系统：完成灰度', null],
  ])('item %s -> %s', (text, owner) => {
    expect(ownerInText(text)).toBe(owner);
  });
});
