/**
 * Content-free chat: 收到🙏, 好的谢谢, 辛苦了👍, ok, 哈哈哈 — an acknowledgement or a greeting said in a
 * thread, not a question. Left to the reader, its words find lines (收到 is a synonym of 回收, so
 * 收到🙏 answered with the line about 回收问卷 and its date): a fact nobody asked for. A message is
 * content-free when nothing is left once the acknowledgement and chit-chat words, emoji, punctuation
 * and spaces are taken out; a question that only contains such a word (收到的投诉有多少, 好的评价占比)
 * keeps its other words and is read as usual.
 */
import { normalizeQuestion } from './question';

/**
 * Acknowledgements, thanks, praise, greetings and the particles that trail them; longest first when
 * used. Not 吗: 好了吗 / 可以了吗 ask (a follow-up about the previous question's subject).
 */
const HAN_CHAT = (
  '收到了 收到啦 收到 好的 好滴 好嘞 好哒 好吧 好啊 好呀 行吧 可以 没问题 谢谢 多谢 感谢 谢啦 谢了 辛苦了 辛苦啦 辛苦 ' +
  '了解 明白 知道了 懂了 晓得了 嗯嗯 嗯 哦 噢 喔 哈 嘿 呵 嘻 赞 点赞 棒 牛 厉害 优秀 给力 威武 ' +
  '你好 您好 大家好 早上好 早安 晚安 再见 拜拜 在吗 在不在 大家 各位 老师 您 你 好 行 的 了 啦 呀 啊 哇 呢 吧 哒 滴 嘞'
)
  .split(/\s+/)
  .sort((a, b) => b.length - a.length);

/** The same in Latin letters, as whole words (ok is not the start of okr). */
const LATIN_CHAT = /\b(?:ok(?:ay)?|k|kk|thx|thanks?|thank\s+you|ty|tks|got\s+it|noted|roger|cool|nice|great|good|lol|ha(?:ha)+|hi|hello|hey|yes|yeah|yep|sure|np|bye)\b/g;

/** Emoji (🙏, 👍🏻, ❤️, 🇨🇳), their joiners and variation selectors, punctuation, symbols and spaces. */
const NON_WORDS = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}\u200d\ufe0e\ufe0f\p{P}\p{S}\s]/gu;

export function isContentFree(raw: string): boolean {
  let rest = normalizeQuestion(raw).toLowerCase().replace(NON_WORDS, ' ');
  rest = rest.replace(LATIN_CHAT, ' ');
  for (const word of HAN_CHAT) rest = rest.split(word).join('');
  return !rest.replace(/\s+/g, '');
}
