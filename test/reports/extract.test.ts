import { detectStatus, extractDates, extractMetrics } from '../../src/domain/reports/extract';

const NOV_REPORT = '2023-11-24';

describe('extractDates', () => {
  it.each([
    ['预计11/28', '2023-11-28', '11/28'],
    ['预计11/28.', '2023-11-28', '11/28'],
    ['12月5日完成联调', '2023-12-05', '12月5日'],
    ['12月5号验收', '2023-12-05', '12月5号'],
    ['2023-12-05上线', '2023-12-05', '2023-12-05'],
    ['2023/12/5上线', '2023-12-05', '2023/12/5'],
    ['2023年12月5日启动', '2023-12-05', '2023年12月5日'],
    ['计划12-05上线', '2023-12-05', '12-05'],
  ])('%s -> %s', (text, iso, written) => {
    expect(extractDates(text, NOV_REPORT)).toEqual([expect.objectContaining({ iso, text: written })]);
  });

  it('finds two dates in one line, each with its own verb', () => {
    expect(extractDates('待11/21完善细节功能，然后11/30向全国开放', NOV_REPORT)).toEqual([
      { iso: '2023-11-21', text: '11/21', event: null, planned: true },
      { iso: '2023-11-30', text: '11/30', event: '开放', planned: true },
    ]);
  });

  it('rolls the year over at the turn of the year', () => {
    expect(extractDates('预计1/5上线', '2023-12-29')[0].iso).toBe('2024-01-05');
    expect(extractDates('1月8日启动压测', '2023-12-22')[0].iso).toBe('2024-01-08');
    expect(extractDates('12/28已上线', '2024-01-05')[0].iso).toBe('2023-12-28');
  });

  it('canonicalises the event next to the date', () => {
    const event = (text: string) => extractDates(text, NOV_REPORT)[0]?.event;
    expect(event('光大备份通道已于11/23上线')).toBe('上线');
    expect(event('预计12/5投产')).toBe('上线');
    expect(event('12/1送测')).toBe('提测');
    expect(event('待联调后12/1完成提测')).toBe('提测');
    expect(event('一期功能11/14上线完成')).toBe('上线');
    expect(event('12/6方案评审')).toBe('评审');
    expect(event('上线时间定为12/15')).toBe('上线');
    expect(event('12/15前')).toBeNull();
  });

  it('reads a delay as two dates of the same event', () => {
    expect(extractDates('提测由12/5推迟至12/8', NOV_REPORT)).toEqual([
      expect.objectContaining({ iso: '2023-12-05', event: '提测' }),
      expect.objectContaining({ iso: '2023-12-08', event: '提测' }),
    ]);
  });

  it('tells plans from facts', () => {
    const planned = (text: string) => extractDates(text, NOV_REPORT)[0].planned;
    expect(planned('计划11/23上线')).toBe(true);
    expect(planned('已于11/23上线')).toBe(false);
    expect(planned('11/20上线完成')).toBe(false);
    expect(planned('11/20上线')).toBe(false); // before the report, no plan word
    expect(planned('12/6上线')).toBe(true); // after the report
    expect(planned('目标12/6上线')).toBe(true);
    expect(planned('已提测，下周11/29上线')).toBe(true);
  });

  it('keeps the date as written, full-width included', () => {
    expect(extractDates('预计１２／６提测', NOV_REPORT)).toEqual([{ iso: '2023-12-06', text: '１２／６', event: '提测', planned: true }]);
  });

  it.each([
    ['进度95%'],
    ['成功率99.5%'],
    ['升级到v1.2'],
    ['见 https://wiki.example.com/2023/11/30/plan'],
    ['完成3/4的迁移'],
    ['A/B测试，QPS 13/45'],
    ['预计1-2周完成'],
    ['CD级1-2次'],
    ['2月30日上线'],
    ['版本2.3.1发布'],
  ])('finds no date in %s', (text) => {
    expect(extractDates(text, NOV_REPORT)).toEqual([]);
  });

  it('skips dates without a year when there is no report date', () => {
    expect(extractDates('预计11/28上线', null)).toEqual([]);
    expect(extractDates('2023-11-28上线', null)).toEqual([expect.objectContaining({ iso: '2023-11-28', event: '上线', planned: false })]);
  });
});

describe('extractMetrics', () => {
  it.each([
    ['入金有效成功率：99.996%', { text: '99.996%', value: 99.996, unit: '%', label: '入金有效成功率' }],
    ['系统稳定性度量与提升，支付中心本周健康分667分,排名中心第5', { text: '667分', value: 667, unit: '分', label: '健康分' }],
    ['测试回归方案开发中，进度95%', { text: '95%', value: 95, unit: '%', label: '进度' }],
    ['风险数据指标，整体进度**32.4%**', { text: '32.4%', value: 32.4, unit: '%', label: '整体进度' }],
    ['CodeLink覆盖率达到100%', { text: '100%', value: 100, unit: '%', label: 'CodeLink覆盖率' }],
    ['预计采购4台', { text: '4台', value: 4, unit: '台', label: '预计采购' }],
    ['交易量1,250万笔', { text: '1,250万笔', value: 1250, unit: '万笔', label: '交易量' }],
  ])('%s', (text, metric) => {
    expect(extractMetrics(text)).toEqual([metric]);
  });

  it('labels counted things by the noun after the number', () => {
    expect(extractMetrics('共计42个指标，其中24个业务新增指标')).toEqual([
      { text: '42个指标', value: 42, unit: '个', label: '指标' },
      { text: '24个业务新增指标', value: 24, unit: '个', label: '业务新增指标' },
    ]);
  });

  it('reads several figures with their own labels', () => {
    expect(extractMetrics('出金有效成功率：99.990% ，一次支付成功率：99.137%').map((m) => [m.label, m.value])).toEqual([
      ['出金有效成功率', 99.99],
      ['一次支付成功率', 99.137],
    ]);
    expect(extractMetrics('事故数AB级0次，CD级1次').map((m) => [m.label, m.value, m.unit])).toEqual([
      ['事故数AB级', 0, '次'],
      ['CD级', 1, '次'],
    ]);
  });

  it('does not report dates, years, ordinals or versions as figures', () => {
    expect(extractMetrics('预计12/5提测，2023年12月5日验收')).toEqual([]);
    expect(extractMetrics('2022&2023分账明细治理')).toEqual([]);
    expect(extractMetrics('第48周排名第5，升级v2.1')).toEqual([]);
    expect(extractMetrics('１２月５日上线，成功率９９．９％')).toEqual([{ text: '99.9%', value: 99.9, unit: '%', label: '成功率' }]);
  });
});

describe('detectStatus', () => {
  it.each([
    ['定转X，光大备份通道已提测，计划11/23上线', 'testing'],
    ['光大备份通道已于11/23上线，运行平稳', 'launched'],
    ['一期营销活动配置、交易报送等主要功能11/14上线完成', 'launched'],
    ['预计12/5提测', 'planned'],
    ['提测由12/5推迟至12/8', 'delayed'],
    ['数据一致性技术方案评审通过，研发按计划进行中，预计12/5提测', 'in_progress'],
    ['完成清分规则设计，开发进行中', 'in_progress'],
    ['对账规则设计完成', 'done'],
    ['联调完毕，压测通过', 'done'],
    ['完成Showcase测试中', 'testing'],
    ['灰度10%商户', 'testing'],
    ['原定11/20上线，延期一周', 'delayed'],
    ['原计划延期，已于11/23正式上线', 'launched'],
    ['待前端完成后12/1完成提测', 'planned'],
    ['交易不成退代进度正常，预计12/5投产', 'in_progress'],
    ['资金划拨，整体进度45.5%', 'in_progress'],
    ['迁移进度100%', 'done'],
    ['对账平台尚未上线', 'unknown'],
    ['无延期风险，开发中', 'in_progress'],
    ['差错问题已修复', 'done'],
    ['利用二类户解决资金沉淀问题', 'unknown'],
    ['下周启动压测', 'planned'],
    ['做人像水，做事像山', 'unknown'],
    ['Release delayed to next sprint', 'delayed'],
  ])('%s -> %s', (text, status) => {
    expect(detectStatus(text)).toBe(status);
  });
});
