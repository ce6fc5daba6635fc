import { extractDates } from '../../src/domain/reports/extract';

test('a two-part number after a version word is a version, never a date', () => {
  for (const text of ['集群升级至 1.27，预计下周完成', 'Kubernetes 1.27 升级完成', '基础镜像 JDK 1.8 替换为 17', '客户端版本 2.4 已发布']) {
    expect(extractDates(text, '2023-11-17').map((d) => d.iso)).toEqual([]);
  }
});

test('a date written as M.D stays a date', () => {
  expect(extractDates('POS APP于12.5上线', '2023-11-17').map((d) => d.iso)).toEqual(['2023-12-05']);
  expect(extractDates('灰度于11.23完成', '2023-11-17').map((d) => d.iso)).toEqual(['2023-11-23']);
});
