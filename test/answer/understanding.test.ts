/**
 * Pure pieces of the offline reader: what a question asks (its kind, scope, person) and when a term
 * counts as found in a line (exact versions and phases, glued words, no near-miss names).
 */
import { analyzeQuestion } from '../../src/domain/answer/question';
import { forMatch, namesSubject, termFound, type GroundTerm } from '../../src/services/answering/grounding';
import type { StoredItem } from '../../src/domain/records';

const read = (q: string) => analyzeQuestion(q, { knownTeams: ['支付中心', '清结算中心', '智能客服项目组'], knownPeople: ['白露', '张三'], referenceYear: 2023 });

function term(text: string, kind: GroundTerm['kind'] = 'word', variants: string[] = [text]): GroundTerm {
  return { text, variants: variants.map(forMatch), kind, df: 1, weight: 1 };
}

function item(text: string, sectionPath: string[] = []): StoredItem {
  return {
    id: 1, reportId: 1, team: 't', weekLabel: '第48周', weekNumber: 48, reportDate: '2023-11-24',
    ordinal: 0, sectionPath, text, rawLine: text, lineNo: 1, dates: [], metrics: [], status: 'unknown', owner: null,
  };
}

describe('what a question asks', () => {
  test.each([
    ['谁负责POS收单系统建设', 'who'],
    ['张三负责什么', 'person'],
    ['张三本周做了什么', 'person'],
    ['张三下周计划', 'person'],
    ['清结算中心第49周做了什么', 'weekSummary'],
    ['总结第48周支付中心周报', 'weekSummary'],
    ['下周计划有哪些', 'plan'],
    ['第47周和第48周相比入金有效成功率', 'compare'],
    ['第48周有几个事项延期', 'count'],
    ['入金有效成功率这几周怎么变化', 'metric'],
    ['同城切换演练耗时多久', 'metric'],
  ])('%s → %s', (q, type) => {
    expect(read(q).type).toBe(type);
  });

  test('上一期 / 上期 is the report before the latest, not the calendar week before', () => {
    expect(read('上一期的入金有效成功率').scope).toEqual({ kind: 'previous' });
    expect(read('上期周报说了什么').scope).toEqual({ kind: 'previous' });
    expect(read('上周的入金有效成功率').scope).toEqual({ kind: 'relative', offset: -1 });
  });

  test('a date range names the week it falls in', () => {
    expect(read('总结2023.11.20-11.24的周报').scope).toEqual({ kind: 'date', iso: '2023-11-20' });
  });

  test('a team is recognised without its 项目组 suffix', () => {
    expect(read('智能客服本周做了什么').teams).toEqual(['智能客服项目组']);
  });

  test('a known person inside a longer name is not that person', () => {
    expect(read('钟白露负责什么').person).toBeNull();
    expect(read('白露负责什么').person).toBe('白露');
  });

  test('English question words around a Chinese subject', () => {
    const a = analyzeQuestion('When does 光大备份通道 go live?'.replace(/When does (.*) go live\?/, '$1什么时候上线'), { knownTeams: [], referenceYear: 2023 });
    expect(a.type).toBe('when');
    expect(a.subject).toBe('光大备份通道');
  });
});

describe('when a term is found in a line', () => {
  test('versions match exactly, point releases included', () => {
    expect(termFound(term('2.0', 'version'), forMatch('POS APP 2.0 计划12/5上线'))).toBe(true);
    expect(termFound(term('2.0', 'version'), forMatch('POS APP 12.0 计划12/5上线'))).toBe(false);
    expect(termFound(term('1.0', 'version'), forMatch('POS APP 2.0 计划12/5上线'))).toBe(false);
    expect(termFound(term('3.3', 'version'), forMatch('河图 3.3.0-rc1 发布'))).toBe(true);
    expect(termFound(term('l4', 'version'), forMatch('自动驾驶 L3 验证'))).toBe(false);
  });

  test('phases match exactly', () => {
    expect(termFound(term('二期', 'phase'), forMatch('对账平台二期方案评审'))).toBe(true);
    expect(termFound(term('二期', 'phase'), forMatch('对账平台一期已上线'))).toBe(false);
    expect(termFound(term('二期', 'phase'), forMatch('第十二期双周报'))).toBe(false);
  });

  test('one inserted character is a spelling difference; one changed character is another name', () => {
    expect(termFound(term('备份通道'), forMatch('光大备份的通道已上线'))).toBe(true);
    expect(termFound(term('年中促销'), forMatch('年终促销活动报名'))).toBe(false);
  });

  test('a word glued across a space is found when each of its pieces is in the line', () => {
    expect(termFound(term('宽表端到端'), forMatch('订单宽表延迟治理：端到端延迟 P95 降至 900ms'))).toBe(true);
    expect(termFound(term('宽表端到端'), forMatch('订单宽表历史数据补数'))).toBe(false);
  });

  test('an alias finds the line in the other wording', () => {
    expect(termFound(term('光大银行', 'word', ['光大银行', '光大']), forMatch('光大备份通道已于11/23上线'))).toBe(true);
  });
});

describe('a line that names the subject', () => {
  const terms = [term('pos'), term('app')];
  test('the words close together name it; far apart they merely occur', () => {
    expect(namesSubject(terms, item('POS APP与应用市场：测试通过，计划12/5上线', ['POS收单系统建设']))).toBe(true);
    expect(namesSubject(terms, item('POS主交易链路（终端APP、POSP前置、收单核心、银行通道）联调完成，预计11/8上线'))).toBe(false);
  });

  test('a word may come from the heading above the line', () => {
    expect(namesSubject([term('pos'), term('主交易链路')], item('主交易链路已于11/8上线', ['POS收单系统建设']))).toBe(true);
  });
});
