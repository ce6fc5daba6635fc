import { htmlToReportText } from '../../src/adapters/import/html';

describe('htmlToReportText', () => {
  test('a merged owner cell applies to every row it spans; a wide cell keeps later columns under their headers', () => {
    const html = `<table>
      <tr><th>模块</th><th>事项</th><th>负责人</th><th>状态</th></tr>
      <tr><td rowspan="2">支付网关</td><td>签名算法升级</td><td>郑一</td><td>进行中</td></tr>
      <tr><td>证书轮换 a|b</td><td>王二</td><td>已完成</td></tr>
      <tr><td colspan="2">本周无其他事项</td><td>—</td><td></td></tr>
      <tr><td></td><td></td><td></td><td></td></tr>
    </table>`;
    expect(htmlToReportText(html).split('\n')).toEqual([
      '| 模块 | 事项 | 负责人 | 状态 |',
      '| --- | --- | --- | --- |',
      '| 支付网关 | 签名算法升级 | 郑一 | 进行中 |',
      '| 支付网关 | 证书轮换 a\\|b | 王二 | 已完成 |',
      '| 本周无其他事项 |  | — |  |',
    ]);
  });

  test('a cell on several lines becomes one line, so one row stays one item', () => {
    expect(htmlToReportText('<table><tr><th>事项</th></tr><tr><td><p>第一段</p><p>第二段</p></td></tr></table>')).toContain('| 第一段 第二段 |');
  });

  test('lists keep markers and nesting; numbered lists start at their own number', () => {
    const html = '<ol start="3"><li>三<ol><li>子一</li></ol></li><li>四</li></ol><ul><li>甲<ul><li>乙<ul><li>丙</li></ul></li></ul></li></ul>';
    expect(htmlToReportText(html).split('\n')).toEqual(['3. 三', '   1. 子一', '4. 四', '', '- 甲', '  - 乙', '    - 丙']);
  });

  test('headings keep their level and are not upper-cased; long lines are not wrapped', () => {
    const long = 'Done: migrated the billing service to the new cluster and removed the legacy cron jobs that ran nightly';
    expect(htmlToReportText(`<h3>Next week</h3><p>${long}</p>`)).toBe(`### Next week\n\n${long}`);
  });
});
