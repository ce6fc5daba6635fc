/**
 * Who an item belongs to, as a report says it: a per-person heading ("## 张三", "## 小王的任务"),
 * an "@handle:" line grouping a checklist, or words inside the item ("（负责人：张三）", "张三：…",
 * "by @x", "@x 下周跟进…"). Pure functions over one heading or one item's text.
 */
import { stripInlineMarkup, toHalfWidth } from './normalize';

/**
 * Common Chinese surnames (single and compound). A bare heading is read as a person only when it
 * starts with one of these, so "## 清分" or "## 风险" are never taken for names.
 */
const SURNAMES = new Set(
  [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝'],
);
const COMPOUND_SURNAMES = ['欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒', '夏侯', '令狐'];

/** Words that make a short heading a topic, not a person ("## 周报", "## 任务", "## 高优先级"). */
const NOT_A_NAME =
  /工作|计划|完成|进展|问题|风险|总结|本周|下周|上周|任务|事项|项目|系统|需求|开发|测试|上线|会议|周报|其他|备注|目标|安排|情况|数据|指标|优化|建设|改造|方案|平台|中心|团队|小组|部门|研发|产品|运营|技术|模块|功能|支持|文档|学习|生活|收获|反思|亮点|附录|链接|说明|概述|简介|背景|成果|进度|状态|分享|规划|汇总|明细|日志|记录|公告|通知|安全|稳定|质量|效率|成本|性能|故障|事件|事故|客户|商户|银行|名单|可用|并发|接口|服务|缓存|日志|告警|监控|容量|预算|架构|网关|集群|存储|网络|算法|模型|版本|发布|迁移|重构|工具|框架|配置|权限|账户|账单|支付|结算|清算|风控|营销|订单|交易|资金|报表|看板|大盘|流程|规范|标准|培训|招聘|合同|采购|财务|法务|市场|销售|客服|设计|前端|后端|移动|芯片|编译|调试|仿真|验证|专项|攻关|体验|证书/;
/** Days and times of day that start a line the way a name would ("周一：…"). */
const TIME_WORD = /^(?:周[一二三四五六日天末]|星期|礼拜|今天|明天|昨天|今日|明日|上午|下午|晚上|早上|中午)/;

const CJK_NAME = /^[\u4e00-\u9fff·]{2,4}$/;
/** "小王", "老李", "阿杰": a familiar name. */
const FAMILIAR_NAME = /^[小老阿][\u4e00-\u9fff]{1,2}$/;
/** "小王的任务", "张三的工作", "李四周报". */
const PERSON_SECTION = /^(.{1,12}?)\s*的?(?:任务|工作|周报|本周工作|进展|汇报|部分)$/;
const HANDLE = /^@([A-Za-z0-9][\w.-]{0,38})$/;

/** Whether a bare string reads as a person's name (张三, 欧阳娜娜, 小王, @dean). */
export function isPersonName(text: string): boolean {
  const t = text.trim();
  if (HANDLE.test(t)) return true;
  if (NOT_A_NAME.test(t) || TIME_WORD.test(t)) return false;
  if (FAMILIAR_NAME.test(t)) return true;
  if (!CJK_NAME.test(t)) return false;
  if (COMPOUND_SURNAMES.some((s) => t.startsWith(s))) return t.length >= 3;
  return SURNAMES.has(t[0]) && t.length <= 3;
}

/**
 * The hundred most common surnames: a line that is nothing but a name must start with one of these
 * before it is dropped as "not work" ("查攻略" starts with the rarer surname 查 and is a task).
 */
const COMMON_SURNAMES = new Set([...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤']);

/** A line that is only a person's name (张三, 欧阳娜娜, 小王, @dean), read strictly: a line to drop. */
export function isNameOnly(text: string): boolean {
  const t = text.trim();
  if (!isPersonName(t)) return false;
  if (HANDLE.test(t) || FAMILIAR_NAME.test(t) || COMPOUND_SURNAMES.some((s) => t.startsWith(s))) return true;
  // "周会" starts with a surname but is a meeting.
  return COMMON_SURNAMES.has(t[0]) && !t.endsWith('会');
}

/** "@dean" -> "dean"; several owners joined by 、 ("王五, 赵六" -> "王五、赵六"); other names as written. */
function normaliseOwner(name: string): string {
  return name
    .trim()
    .split(/\s*[、,，/]\s*/)
    .map((n) => n.replace(/^@/, ''))
    .filter(Boolean)
    .join('、');
}

/**
 * The person a heading is about: "张三", "小王的任务", "@dean"; null for a topic heading.
 * Latin names count only when written as a handle or "Dean Lee" in a per-person layout would be
 * too easily confused with a project name ("Kafka").
 */
export function ownerOfHeading(title: string): string | null {
  const t = toHalfWidth(stripInlineMarkup(title)).replace(/[:：]$/, '').trim();
  if (isPersonName(t)) return normaliseOwner(t);
  const m = PERSON_SECTION.exec(t);
  if (!m) return null;
  const name = m[1].trim();
  // "瓜的任务": with 的 the suffix says it is a person, whatever the (nick)name.
  const possessive = t.includes('的') && /^[\u4e00-\u9fffA-Za-z@][\u4e00-\u9fffA-Za-z0-9_.-]{0,11}$/.test(name) && !NOT_A_NAME.test(name) && !TIME_WORD.test(name);
  return possessive || isPersonName(name) ? normaliseOwner(name) : null;
}

/** "@dean:" alone on a line: the checklist below belongs to dean. */
const OWNER_GROUP_LINE = /^@([A-Za-z0-9][\w.-]{0,38})\s*[:：]?$/;

export function ownerGroupLine(content: string): string | null {
  const m = OWNER_GROUP_LINE.exec(toHalfWidth(stripInlineMarkup(content)).trim());
  return m ? m[1] : null;
}

const OWNER_FIELD = /[（(]\s*(?:负责人|责任人|owner|跟进人|执行人)\s*[:：]\s*([^）)]{1,20}?)\s*[）)]/i;
/** "完成清算接口改造 负责人：王五", "…，owner: dean" at the end of the line. */
const TRAILING_OWNER_FIELD = /(?:^|[\s，,；;。])(?:负责人|责任人|owner|跟进人|执行人)\s*[:：]\s*([^\s，,；;。()（）:：]{1,20}(?:[、,，/][^\s，,；;。()（）:：]{1,20})*)\s*$/i;
/** "接入日志平台 @wangwu": a handle closing the line names who does it. */
const TRAILING_HANDLE = /\s@([A-Za-z0-9][\w.-]{0,38})\s*$/;
const BY_HANDLE = /(?:^|\s)by\s+@?([A-Za-z0-9][\w.-]{0,38})\b/i;
const LEADING_HANDLE = /^@([A-Za-z0-9][\w.-]{0,38})(?=[\s:：,，])/;
const LEADING_NAME = /^([^\s:：，,。]{2,8})\s*[:：]\s*\S/;
/** "夏明就负责把缓存接进去": a sentence that opens with who is responsible. */
const LEADING_RESPONSIBLE = /^([\u4e00-\u9fff]{2,4}?)呢?(?:就|来|主要|将|会)?负责/;

/** The owner an item's own words name, or null. */
export function ownerInText(text: string): string | null {
  const t = toHalfWidth(text);
  const field = OWNER_FIELD.exec(t);
  if (field) return normaliseOwner(field[1]);
  const handle = LEADING_HANDLE.exec(t);
  if (handle) return handle[1];
  const by = BY_HANDLE.exec(t);
  if (by) return by[1];
  const trailingField = TRAILING_OWNER_FIELD.exec(t);
  if (trailingField) return normaliseOwner(trailingField[1]);
  const trailingHandle = TRAILING_HANDLE.exec(t);
  if (trailingHandle) return trailingHandle[1];
  const lead = LEADING_NAME.exec(t);
  if (lead && isPersonName(lead[1])) return normaliseOwner(lead[1]);
  const responsible = LEADING_RESPONSIBLE.exec(t);
  if (responsible && isPersonName(responsible[1])) return responsible[1];
  return null;
}

/** "负责人：张三" / "**Owner**: dean" as a sub-bullet under a task: the task's owner. */
const OWNER_LINE = /^(?:负责人|责任人|owner|跟进人|执行人|assignee)\s*[:：]\s*(.{1,30}?)\s*$/i;

export function ownerFieldLine(text: string): string | null {
  const m = OWNER_LINE.exec(toHalfWidth(stripInlineMarkup(text)).trim());
  return m ? normaliseOwner(m[1]) : null;
}
