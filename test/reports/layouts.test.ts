import type { ReportItem, WeeklyReport } from '../../src/domain/reports/model';
import { parseWeeklyReport } from '../../src/domain/reports/parse';

/**
 * Every sample below is invented, written in a layout teams actually use. Each test reads what a
 * user would see stored: the items, where they sit, whose they are and where they stand.
 */
const parse = (lines: string[]) => parseWeeklyReport(lines.join('\n'), { team: '测试组', reportDate: '2024-03-15' });
const texts = (report: WeeklyReport) => report.items.map((i) => i.text);
const item = (report: WeeklyReport, fragment: string): ReportItem => {
  const found = report.items.find((i) => i.text.includes(fragment));
  if (!found) throw new Error(`no item containing ${fragment}: ${texts(report).join(' | ')}`);
  return found;
};

describe('headings and bullets', () => {
  it('files bullets under nested headings and ignores empty headings', () => {
    const report = parse(['# 网关组周报 第11周 2024-03-15', '## 本周完成', '### 限流', '- 令牌桶算法上线完成', '## ', '### ***', '- 熔断配置评审通过']);
    expect(item(report, '令牌桶').sectionPath).toEqual(['本周完成', '限流']);
    expect(report.sections.map((s) => s.heading)).not.toContain('');
    expect(report.items).toHaveLength(2);
  });
});

describe('Chinese outlines', () => {
  it('reads 一、 block titles as sections and 1、 lines as items', () => {
    const report = parse(['2024年3月15周报', '', '一、本周进展/完成', '', '1、完成网关鉴权模块重构；', '', '2、修复日志丢失问题；', '', '二、下周计划', '', '1、压测限流模块；', '', '1、']);
    expect(report.items.map((i) => [i.sectionPath.join('/'), i.text, i.status])).toEqual([
      ['本周进展/完成', '完成网关鉴权模块重构；', 'done'],
      ['本周进展/完成', '修复日志丢失问题；', 'done'],
      ['下周计划', '压测限流模块；', 'planned'],
    ]);
  });

  it('nests （1） and ① under 1、, drops 一、 from headings and keeps 1.1 (it may be a version)', () => {
    const report = parse(['## 一、后端', '#### 1.1 缓存改造', '1、热点键拆分', '（1）本地缓存命中率提升到92%', '① 预热脚本编写中']);
    expect(item(report, '热点键拆分').sectionPath).toEqual(['后端', '1.1 缓存改造']);
    expect(item(report, '命中率').sectionPath).toEqual(['后端', '1.1 缓存改造', '热点键拆分']);
    expect(item(report, '预热脚本').sectionPath).toEqual(['后端', '1.1 缓存改造', '热点键拆分']);
    expect(item(report, '命中率').metrics[0]).toMatchObject({ value: 92, unit: '%' });
  });
});

describe('per-person sections', () => {
  it('gives each item the person of its heading, including "X的任务" and a setext week heading', () => {
    const report = parse([
      '2024-3-11到2024-3-15',
      '====================',
      '',
      '## 小周的任务 ##',
      '',
      '###本周已完成###',
      '1.\t接口文档整理(done)',
      '',
      '### 下周计划 ####',
      '1.\t联调支付回调',
      '',
      '## 欧阳明 ##',
      '### 本周已完成 ###',
      '1.\t日志采集脚本(continue)',
    ]);
    expect(report.items.map((i) => [i.text, i.owner, i.status])).toEqual([
      ['接口文档整理(done)', '小周', 'done'],
      ['联调支付回调', '小周', 'planned'],
      ['日志采集脚本(continue)', '欧阳明', 'in_progress'],
    ]);
    expect(texts(report)).not.toContain('2024-3-11到2024-3-15');
  });

  it('groups checkboxes under @handle lines and reads [ ] / [x] / <del> / ~~ as open / done / cancelled', () => {
    const report = parse([
      '> **ToDo**:',
      '',
      '@alice:',
      '- [ ] 小程序分享卡片改版',
      '- [x] 首页骨架屏',
      '- <del> [d] : 旧版埋点迁移 </del>',
      '',
      '@bob:',
      '- ~~搜索联想词接口~~（需求变更）',
      '- [ ] 订单列表分页 by @carol',
    ]);
    expect(report.items.map((i) => [i.text, i.owner, i.status])).toEqual([
      ['小程序分享卡片改版', 'alice', 'planned'],
      ['首页骨架屏', 'alice', 'done'],
      ['旧版埋点迁移', 'alice', 'cancelled'],
      ['搜索联想词接口（需求变更）', 'bob', 'cancelled'],
      ['订单列表分页 by @carol', 'carol', 'planned'],
    ]);
  });
});

describe('blocks: 本周完成 / 下周计划 / 风险 / 求助 and English headings', () => {
  it('gives items the status their block implies unless their words say otherwise', () => {
    const report = parse([
      '## Done',
      '- 账单导出（#812）',
      '- 预计下周补充文档',
      '## Next week',
      '- 灰度发布',
      '## Blockers',
      '- 等待安全评审',
      '## 风险',
      '- 第三方接口限额不足',
      '## 求助',
      '- 需要运维协助扩容',
    ]);
    expect(item(report, '#812').status).toBe('done');
    expect(item(report, '补充文档').status).toBe('done');
    expect(item(report, '灰度发布').status).toBe('planned');
    expect(item(report, '安全评审').status).toBe('blocked');
    expect(item(report, '接口限额').sectionPath).toEqual(['风险']);
    expect(item(report, '运维协助').sectionPath).toEqual(['求助']);
  });

  it('reads Committed: / Reviewing: labels as done / in progress', () => {
    const report = parse(['## 上游贡献', 'Committed:', '', '**[parser] Support nested tables**', '', 'Reviewing:', '', '**[lexer] Faster unicode scan**']);
    expect(item(report, 'nested tables')).toMatchObject({ status: 'done', sectionPath: ['上游贡献', 'Committed'] });
    expect(item(report, 'unicode scan').status).toBe('in_progress');
  });
});

describe('prose', () => {
  it('reads Chinese prose inside a fence as sentences, and leaves code and English commit messages out', () => {
    const report = parse([
      '## 第三周',
      '### 一、本周工作总结',
      '```',
      '    本周主要完成了缓存一致性的方案讨论，确定了写回策略并整理了接口约定。',
      '    小林负责的译码模块已经通过了全部单元测试，',
      '下周可以开始联调。',
      '```',
      '```',
      'Refactor the decoder so that illegal instructions raise an exception.',
      '```',
      '```js',
      'const cache = new Map();',
      '```',
      '### 二、下周进度展望',
      '```',
      '    下周集中精力把访存流水线接入总线，争取周五前完成第一版仿真。',
      '```',
    ]);
    expect(report.items.map((i) => [i.sectionPath.join('/'), i.text, i.status])).toEqual([
      ['本周工作总结', '本周主要完成了缓存一致性的方案讨论，确定了写回策略并整理了接口约定。', 'done'],
      ['本周工作总结', '小林负责的译码模块已经通过了全部单元测试，下周可以开始联调。', 'done'],
      ['下周进度展望', '下周集中精力把访存流水线接入总线，争取周五前完成第一版仿真。', 'planned'],
    ]);
    expect(item(report, '译码模块').lineNo).toBe(5);
  });

  it('reads a list written inside a prose fence as one item per entry', () => {
    const report = parse(['## 本周', '```', '1、完成了取指模块的分支预测改造，命中率明显提高', '2、整理了总线接口的时序约定，并同步给了队友', '```']);
    expect(texts(report)).toEqual(['完成了取指模块的分支预测改造，命中率明显提高', '整理了总线接口的时序约定，并同步给了队友']);
  });

  it('splits a long prose paragraph into sentences where the section has no list, and keeps short ones whole', () => {
    const wall =
      '本期我们把编译器后端的寄存器分配从线性扫描换成了图着色，基准测试的平均代码体积下降了百分之六，编译时间基本持平。' +
      '调试信息生成也同步重写，现在可以在模拟器里按源码行单步执行，定位问题的效率明显提高，新同学上手也快了不少。' +
      '下个阶段准备把向量指令的选择规则迁移到新的描述文件里，并补齐对应的回归用例，争取月底前合入主线。';
    const report = parse(['## 编译器后端', wall, '', '## 模拟器', '本期修复了中断嵌套时的状态丢失问题。']);
    expect(report.items.map((i) => [i.sectionPath.join('/'), i.lineNo])).toEqual([
      ['编译器后端', 2],
      ['编译器后端', 2],
      ['编译器后端', 2],
      ['模拟器', 5],
    ]);
    expect(report.items[2].text).toMatch(/^下个阶段准备/);
    expect(report.items[2].status).toBe('planned');
  });

  it('joins a bullet wrapped onto the next lines into one item', () => {
    const report = parse(['- 本周尝试把埋点数据写入离线仓库，发现查询太慢，', '  无法实时展示，新方案是写回业务库', '- 参加了', '', '', '  前端性能专项的周会', '- 优化索引']);
    expect(texts(report)).toEqual(['本周尝试把埋点数据写入离线仓库，发现查询太慢，无法实时展示，新方案是写回业务库', '参加了前端性能专项的周会', '优化索引']);
  });
});

describe('never items', () => {
  it('skips front matter, comments, tags, links, images, placeholders, reference lists and repository lists', () => {
    const report = parse([
      '---',
      'title: 周报',
      'date: 2024-03-15T08:00:00.000Z',
      'tags:',
      '  - 周报',
      '---',
      '# 2024.03.11~03.15',
      '<!--truncate-->',
      '<div align="center"> 2024-3-11 ~~2024-3-15 </div>',
      '<br>',
      '## 编译器',
      '本期没有更新。',
      '## 模拟器',
      '- 修复浮点舍入错误 (https://example.com/pull/12)',
      'https://example.com/sim',
      '![截图](img/a.png)',
      '演示视频：https://example.com/v/1',
      '## 虚拟机',
      '暂无',
      '## 生产事件',
      '无',
      '## 参考链接',
      '[1] 路线图 https://example.com/roadmap',
      '## 开源仓库',
      '1. 编译器 https://example.com/cc',
      '2. https://example.com/sim',
      'TODO',
    ]);
    expect(report.items.map((i) => [i.sectionPath.join('/'), i.text])).toEqual([
      ['模拟器', '修复浮点舍入错误 (https://example.com/pull/12)'],
      ['生产事件', '无'],
    ]);
  });

  it('reads a category label over a list as a section', () => {
    const report = parse(['## 3.2 版本', 'Bug 修复', '- 修复表格导出乱码', 'RTL 新特性', '- 支持右到左排版']);
    expect(report.items.map((i) => [i.sectionPath.join('/'), i.text])).toEqual([
      ['3.2 版本/Bug 修复', '修复表格导出乱码'],
      ['3.2 版本/RTL 新特性', '支持右到左排版'],
    ]);
  });

  it('leaves out the frame of meeting minutes and keeps the commitments', () => {
    const report = parse([
      '# Weekly Meeting 2024w11 (03.11 ~ 03.15)',
      '> **Time**: March 15, 2024',
      '<br>',
      '> **Moderator**: @alice',
      '> **Moderator checklist**:',
      '- 确认参会人数',
      '> **Attendees:**',
      '- @alice',
      '> **Agenda**',
      '> **Notes**:',
      '- 讨论了支付方式',
      '> **Comments**:',
      '- @bob 下周开始跟进发票接口。',
    ]);
    expect(report.items.map((i) => [i.text, i.owner, i.status])).toEqual([['@bob 下周开始跟进发票接口。', 'bob', 'planned']]);
  });

  it('leaves out a project meta block and a greeting under the title, and keeps work written there', () => {
    const report = parse([
      '# 项目周报',
      '各位好，这周的周报晚交了一天',
      '',
      '出差回来有点手忙脚乱',
      '本周主要在做压缩服务的接口改造',
      '## 项目基本信息',
      '- **项目名称**：图片压缩服务',
      '- **报告周期**：2024年3月11日 - 2024年3月15日',
      '## 本周进展',
      '- **压缩算法**：接入新的量化表，体积减少18%',
      '**项目**: 图片压缩 **分支**: `main`',
    ]);
    expect(texts(report)).toEqual(['本周主要在做压缩服务的接口改造', '压缩算法：接入新的量化表，体积减少18%']);
  });
});

describe('item facts in a project report', () => {
  it('reads a task block with 负责人 and 截止日期 as one item with its owner and deadline', () => {
    const report = parse([
      '## 四、下周计划',
      '### 1. 预览重试',
      '- **任务描述**：增加重试按钮，前后端比对参数签名',
      '- **技术要点**：',
      '  - 前端按钮',
      '  - 后端签名',
      '- **负责人**：王晓东  ',
      '- **截止日期**：2024年3月22日',
      '### 2. 体积优化',
      '- 压缩静态资源',
      '  - **负责人**：李雷',
    ]);
    expect(report.items).toHaveLength(2);
    const task = item(report, '预览重试');
    expect(task).toMatchObject({ owner: '王晓东', status: 'planned', sectionPath: ['下周计划', '预览重试'] });
    expect(task.text).toContain('增加重试按钮');
    expect(task.dates).toEqual([expect.objectContaining({ iso: '2024-03-22' })]);
    expect(item(report, '压缩静态资源').owner).toBe('李雷');
  });

  it('reads owners written in the item', () => {
    const report = parse(['## 本周', '- 搜索召回优化（负责人：赵敏）', '- 张伟：完成灰度方案', '- @dean 跟进告警收敛', '- 周一：阅读网关源码']);
    expect(report.items.map((i) => i.owner)).toEqual(['赵敏', '张伟', 'dean', null]);
  });
});
