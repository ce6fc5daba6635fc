/**
 * Cutting a question's subject into the words the grounding gate looks for (grounding.ts): the
 * phrases that ask rather than name (多少个, 弄好了没, 那条, 日志里) go first, then jieba cuts the rest,
 * and the pieces are mended where the segmenter cut a name wrongly: runs of single characters glued
 * back (年/中 → 年中), a word cut across two the store knows re-split (收/单首/周 → 收单 首周), and a
 * lone character that names a kind of the next word kept aside (图 召回). Also the word lists that
 * say a word asks rather than names (GENERIC, SOFT_NOUNS, spelled counts), which the gate drops.
 */
import { loadJieba } from '../../domain/text/questionJieba';

/** One-character verbs kept as terms (a line about the work has the character: 迁移, 升级, 切换). */
export const SINGLE_VERBS = new Map<string, string[]>([
  ['迁', []],
  ['搬', ['迁']],
  ['切', ['换']],
  ['升', []],
  ['修', []],
  ['签', []],
  ['扩', []],
  ['降', []],
]);

/** One-character suffixes that turn a word into a measure of it (召回率, 覆盖度, 交易量, 人数). */
const MEASURE_CHAR = /^[率度量数值比分]$/;

/**
 * Single characters that, right before a word, do not say which kind of it is asked: adverbs,
 * prepositions, pronouns, numerals, measure words, the common adjectives (新门户 is the 新版商户门户) and
 * verbs of the asker's own (回归完 / 自动出测试报告: 完, 出 say what was done, not which kind).
 */
const NOT_A_PREFIX = /^[时刚才就也还再又都已没不很最更太先后将把被让给对在从向往比跟和与及或由按为因当每各该此其本上下前中内外里这那哪谁啥几多么的了吗呢吧啊呀是有要会能可想请帮看说问找查一二三四五六七八九十两半首第个只条块项件次新老旧大小总全多少单双整共另某些让使加减收发做干搞弄推开关去来到过给等出完]$/u;

/** Characters that never start or end a name: particles, conjunctions, 把 / 被 and, cut alone, the auxiliaries 会 / 能 (会丢 is 丢, 能扛 is 扛). */
const PARTICLE = /^[的了吗呢吧啊呀么嘛是在有要和与及或跟都也会能把被]$/;
/**
 * Phrases about the figure asked for, cut out of the text before segmenting (jieba would cut
 * 占比降到 into 占/比降/到). Only phrases that cannot be part of a name: 工作 is not here (坐席工作台).
 */
const FIGURE_PHRASES = /几[个台次项家笔天周月年号人条件套门位名份篇场轮集分遍回届批款种类步级倍成页章节例起处所张根颗只辆座栋层支把块片段句首部本册封钱]|百分之(?:几|多少)?|(?:是|有|到了?|至|为|在)?多少[个项家笔次台人条件门位名份篇场轮集分遍回届批款种类步级倍成页章节例起处所张根颗只辆座栋层支把块片段句首部本册封钱]?|降到|降至|压到|升到|提升到|提升至|达到|涨到|占比|比例|比率|什么时候|怎么样|(?:说|讲|写|做|干)了(?:什么|啥|哪些)|(?:是|有)?什么问题|(?:在|是)?(?:哪个|哪一个?|什么|啥)版本|是什么|有什么/;
/** Colloquial asks about progress (弄好了没, 搭好了吗, 做到什么程度了, 咋样, 能上吗, 顺利吗): how far, not about what. */
const COLLOQUIAL_PROGRESS = /(?:弄|搞|搭|做|建|修|配|调|改|写|装|准备)好(?:了)?(?:没有|没|吗)?|(?<=[\u4e00-\u9fff])完(?:了)?(?:没有|没|吗)?(?![\u4e00-\u9fff])|(?:进行|推进|进展|做|搞|弄)得(?:怎么样|如何|咋样|怎样)?|(?:降|掉|减|压)下来|(?:升|涨|提)上(?:来|去)|(?:做|搞|进行|推进|进展|弄)?到(?:了)?(?:什么|啥|哪个|哪一?)(?:程度|地步|阶段|一步|步)了?|什么程度|咋样了?|怎样了|(?<![智功性效技才本动])能上(?:线)?|顺利(?:吗|不|没)?|顺不顺利|还差(?:些|点)?(?:什么|啥|多少|哪些)?|差(?:什么|啥)|卡在(?:哪里|哪儿|哪)?/;
/**
 * 跑得慢 / 打开太慢 / 加载很慢: the asker's complaint that something is slow. The line names the work
 * done about it (性能优化, 首屏耗时) and its figure, not the complaint, so neither the slowness nor the
 * action said to be slow is a word the line must hold (慢查询 / 变慢 keep theirs).
 */
const SLOW_COMPLAINT = /(?:(?:跑|打开|加载|启动|响应|运行|执行|刷新|查询)得?|得)(?:太|过于|很|特别|比较|有点|有些)?慢了?(?=[那这的]|\s|$|问题)/;

/**
 * Words that point at the subject or the report rather than name anything: 那条 / 这块 / 那版 (光大那条备用通道,
 * 小程序秒开那块, iOS 那端, 远程升级那版; not 那版本, whose 版本 is a word), 日志里 / 周报中 (the report being asked about), and a direction completing a verb
 * (切过去 is 切, 迁过来 is 迁, 接进去 is 接, 搬到 is 搬, 切走 is 切), and how the asker judges it (重复词太多 is 重复词);
 * also 那个事 (a pointer and its 事), Go 语言 (a language named by its Latin name: the line says Go), and a
 * verb's complement before the figure asked (报上来多少家 is 报名, 翻到百分之几 is 翻译).
 */
const POINTING_PHRASES = /[那这](?:条|块|项|件|批|套|些|份|端|版(?!本)|部分|方面)|[那这](?:个|件)?事(?:情|儿)?|(?<=\s|^)事(?:情|儿)?(?=[还也都能会]|\s|$)|(?<=[A-Za-z][A-Za-z+#]*\s?)语言|(?<=[报交递])上来|(?<=[\u4e00-\u9fff])到(?=百分之|多少)|(?:周报|日志|报告|纪要|周会)(?:里|中|上)(?:面|头)?|(?<=[切迁搬转挪换接装放加合导塞])(?:过去|过来|进去|进来)|(?<=[切迁搬转挪撤])走(?![路线廊势向])|(?<=[切迁搬转挪])到(?=[\u4e00-\u9fff])|(?<=\s|^)(?:进去|进来|过去|过来|出来)(?=\s|$)|(?:是|在|处于|到了?)?(?:什么|哪个|哪一个?|啥)阶段|(?<=[率度量值])[到至](?=\s|$)|(?<=\s|^)[台个](?:设备|机器)(?=\s|$)|(?<=[\u4e00-\u9fff])(?:太|过于)(?:多|少|高|低|慢|快|长|大|小)了?(?![\u4e00-\u9fff])/;
export const QUESTION_PHRASES = new RegExp(`${FIGURE_PHRASES.source}|${COLLOQUIAL_PROGRESS.source}|${POINTING_PHRASES.source}|${SLOW_COMPLAINT.source}`, 'g');

/**
 * The question's words: alias words kept whole, the rest cut by jieba, and runs of single characters
 * glued back (年/中 → 年中): unlike retrieval, the gate must not drop a character that changes the
 * subject (年中促销 is not 年终促销).
 */
export function questionWords(
  text: string,
  aliasWords: Set<string>,
  known: (word: string) => boolean = () => false,
  prefixes: string[] = [],
  /** Whether a word names anything (a prefix of 最后 or 时间, as 丢 in 会丢最后一条, names no kind of it) */
  names: (word: string) => boolean = () => true,
): string[] {
  let rest = text;
  const out: string[] = [];
  for (const a of hanLongestFirst(aliasWords)) {
    if (rest.includes(a)) {
      out.push(a);
      rest = rest.split(a).join(' ');
    }
  }
  const pieces: string[] = [];
  let glue = false;
  // The previous piece is a Han word right before this token (no space or punctuation between).
  let wordBefore = false;
  for (const raw of loadJieba().cut(rest, false)) {
    for (const piece of raw.match(/\p{Script=Han}+|[\p{L}\p{N}]+/gu) ?? []) {
      const single = /^\p{Script=Han}$/u.test(piece) && !PARTICLE.test(piece);
      const previous = pieces[pieces.length - 1];
      if (single && glue && raw === piece) pieces[pieces.length - 1] += piece;
      // 文档/站: a lone character the reports write right after the word (文档站) belongs to it; alone
      // it would be dropped and 文档 would ground 英文文档翻译.
      // A measure's suffix (召回/率, 覆盖/度) names which figure, not which item: the figure pickers read it.
      else if (single && raw === piece && wordBefore && !SINGLE_VERBS.has(piece) && !MEASURE_CHAR.test(piece) && known(previous + piece)) pieces[pieces.length - 1] += piece;
      else {
        // A lone character right before a word (图 召回) that is not a function word: kept aside as a prefix.
        if (!single && raw === piece && /^\p{Script=Han}{2,}$/u.test(piece) && /^\p{Script=Han}$/u.test(previous ?? '') && glue && !NOT_A_PREFIX.test(previous) && names(piece)) prefixes.push(previous);
        pieces.push(piece);
      }
      glue = single && raw === piece;
      wordBefore = /^\p{Script=Han}+$/u.test(piece) && raw === piece;
    }
    if (!/\p{Script=Han}/u.test(raw)) glue = wordBefore = false;
  }
  return [...new Set([...out, ...resplit(pieces, text, known).flatMap((p) => knownHead(p, known))])];
}

/** Alias words of two or more characters with a Han one, longest first; per word set (the caller keeps one per alias table). */
const hanWordsCache = new WeakMap<Set<string>, string[]>();

function hanLongestFirst(aliasWords: Set<string>): string[] {
  let words = hanWordsCache.get(aliasWords);
  if (!words) hanWordsCache.set(aliasWords, (words = [...aliasWords].filter((w) => [...w].length > 1 && /\p{Script=Han}/u.test(w)).sort((x, y) => y.length - x.length)));
  return words;
}

/**
 * 收 / 单首 / 周: a two-character piece the store never writes, between Han pieces, is the segmenter
 * cutting across two words the store does write (收单 首周); those words are the question's. The
 * neighbours give up their touching character (跨境收 → 跨境 + 收单).
 */
function resplit(pieces: string[], text: string, known: (word: string) => boolean): string[] {
  const out = [...pieces];
  const han = /^\p{Script=Han}+$/u;
  for (let i = 1; i + 1 < out.length; i++) {
    const [before, word, after] = [out[i - 1], out[i], out[i + 1]];
    if ([...word].length !== 2 || ![before, word, after].every((p) => han.test(p))) continue;
    // 数据/一共/补: a question word between two words is not a name cut across them (据一 + 共补).
    if (!text.includes(before + word + after) || known(word) || GENERIC.has(word)) continue;
    const [a, b] = [...word];
    const [head, last] = [[...before].slice(0, -1).join(''), [...before].slice(-1)[0]];
    const [first, tail] = [[...after][0], [...after].slice(1).join('')];
    if (!known(last + a) || !known(b + first)) continue;
    out.splice(i - 1, 3, ...[head, last + a, b + first, tail].filter(Boolean));
  }
  return out;
}

/**
 * A glued run that ends in a one-character verb the store never writes after it (用/例/搬 → 用例搬)
 * is the word and the verb (用例, 搬), or only the word when the verb says how the fact was stated
 * (调参/定 → 调参); one that opens with such a character is the word after it (发群里 → 群里); any
 * other run stays whole (年中, 戴雯雯: unknown, not found).
 */
function knownHead(run: string, known: (word: string) => boolean): string[] {
  const chars = [...run];
  const verb = chars[chars.length - 1];
  if (chars.length < 3 || !/^\p{Script=Han}+$/u.test(run) || known(run)) return [run];
  // 发/群/里 → 发群里: a run that opens with the asker's verb (发, 把) before a word the store writes is
  // that word (the line says 发到群里).
  const rest = chars.slice(1).join('');
  if (LEADING_VERB.test(chars[0]) && known(rest)) return [rest];
  const head = chars.slice(0, -1).join('');
  // 调参定的目标: the asker's verb for the fact (定, 说, 写) after the work, not part of its name.
  if (ASKER_VERB.test(verb)) return known(head) ? [head] : [run];
  if (!SINGLE_VERBS.has(verb)) return [run];
  return known(head) ? [head, verb] : [run];
}

/**
 * The asker's verbs that open no name (发群里, 把报告, 搞监控): not characters that do open names (从控板,
 * 对账单, 出金, 到账) nor adjectives (新门户, 总账单 keep theirs).
 */
const LEADING_VERB = /^[发把搞弄干做]$/u;

/** One-character verbs for how a fact was stated or decided (调参定的, 会上说的, 周报写的): never a name's end. */
const ASKER_VERB = /^[定说讲写]$/u;

/**
 * Words that say what is asked rather than about what: events, progress, question words, fillers.
 * Matched as whole segmenter tokens, so 进度 goes but 开发进度 inside a longer token stays.
 */
export const GENERIC = new Set(
  (
    '上线 投产 上生产 开通 发布 上架 上的线 发的版 提测 送测 提交测试 提的测 转测 交测 跳票 拖期 最低 最高 以后 之后 开放 评审 验收 启动 开始 交付 完成 结束 搞定 做完 ' +
    '进度 进展 情况 状态 负责 负责人 负责的 谁 什么时候 时间 日期 时候 计划 预计 目前 现在 当前 最新 最近 ' +
    '工作 事情 事项 项目 任务 东西 事 做 做了 干 干了 搞 在做 做的 了 的 吗 呢 吧 啊 是 在 有 要 会 能 还 都 又 ' +
    '哪 哪个 哪家 哪位 哪些 哪里 哪儿 什么 啥 怎么 怎么样 怎样 如何 多少 几 多久 多长时间 那次 那边 那个 这个 这边 那 这 ' +
    '一下 相关 安排 周报 提到 提及 出现 一次 结果 具体 详细 本周 上周 下周 这周 已经 已 没 没有 是否 到 了吗 ' +
    '请问 帮 我 告诉 查 查看 看看 介绍 说说 讲讲 一共 总共 共 个 项 条 件 次 数 数量 多 少 拿 给 对 和 与 及 跟 ' +
    '什么样 到底 究竟 所有 全部 哪天 几号 何时 为何 为什么 原因 怎么回事 会不会 能不能 可以 应该 需要 打算 准备 ' +
    '比例 占比 比率 数值 第几 累计 总计 合计 一共 还剩 剩 剩下 当天 当前 截至 至今 变化 趋势 走势 每周 这几周 几周 ' +
    '笔 元 万 万元 台 人 户 天 分钟 小时 秒 毫秒 ms 百分点 个百分点 次数 个数 多大 多高 多快 高 低 最大 最小 之间 之前 以前 以内 期间 ' +
    '两周 两期 前后 这两周 本期 这期 上期 那周 这周 ' +
    '待办 表里 表中 遇到 周会 双周报 说了 讲了 成员 同事 同学 还做 做吗 ' +
    '收尾 做出 做出来 阶段 程度 地步 咋样 弄好 搞好 搭好 做好 解决 顺利 达标 进行 推进 多会儿 几时 ' +
    '跟进 管 找 交给 牵头 主导 owner 卡住 卡 还没 效果 成效 还要 还需 还需要 还得 还差 ' +
    '最后 最终 定在 跑在 停在 落在 稳定在 为止 现阶段 得分 分数 够 足够 今天 今日 本月 这个月 当月 近期 ' +
    '处于 处在 原来 原先 最早 最初 起初 一开始 当初 当时 早先 之后 ' +
    // 还是没动静 / 停着吗 / 过半了吗 / 能按时吗 / 大概多少 / 新出了几集 / 各人: how the asker asks, not what about.
    '还是 没动静 动静 停着 过半 按时 准时 大概 大约 左右 新出 各人 每个人 分别 各自 正式 处理 看到 看得到 毫瓦 兆赫 ' +
    // 自己处理了几次 / 比上期又少了多少 / 跑一轮要多久: who did it (the system itself) and a change's direction, asked of the figure.
    '自己 自行 又少 又多 少了 多了 一轮 一遍 一趟 ' +
    // 一到高温就复位，后来咋处理的 / 事后补了啥: the story's order as the asker tells it, not a word the line writes.
    '后来 事后 一到 ' +
    '跑通 跑起来 卡着 还卡着 眉目 弄的 搞的 快好 快完 快做完 快搞定 差不多 ' +
    // 还剩几项没做 / 灰度放到多少 / 报告拿到了没 / 手上有哪些事 / 负责哪块 / 待处理笔数: asked of the work, naming none of it.
    '多远 没做 没做完 没弄 没搞 放到 扩到 扩大到 加到 开到 铺到 拿到 手上 手里 手头 哪块 哪一块 哪部分 哪方面 笔数 件数 条数 台数 家数 份数 ' +
    '搞完 搞完没 完没 好了 好没 弄完 降到 降至 压到 升到 提升到 提到 达到 涨到 变成 变为 做到 到了 了没 没完 有没有 ' +
    'when does do did is are was the a an of for to will be launch launched release released ship status what who how much many which'
  ).split(/\s+/),
);

/** A count spelled in Chinese numerals with its measure word (两个, 三台, 十几条). */
export const SPELLED_COUNT = /^[一二两三四五六七八九十百几]+[个台项条家件次套张名位批]$/u;

/** Nouns that say which aspect of the subject is asked (its problem, result, effect), not which subject. */
export const SOFT_NOUNS = new Set(['问题', '结果', '效果', '影响', '原因', '结论', '表现', 'bug', '缺陷', '措施']);
