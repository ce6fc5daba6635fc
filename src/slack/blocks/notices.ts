/** Short replies for when there is no answer to give: the bot is never silent. */
import type { SlackMessage } from '../types';
import { plainMessage } from './submission';

export function emptyQuestionMessage(): SlackMessage {
  return plainMessage('你好！想问什么？例如：@周报助手 光大备份通道什么时候上线。发送 /zhoubao help 查看全部用法。');
}

export function askFailedMessage(): SlackMessage {
  return plainMessage('😵 抱歉，查询时出错了。请稍后再试，或换个问法；如果一直出错，请联系管理员。');
}

export function submitFailedMessage(): SlackMessage {
  return plainMessage('😵 抱歉，保存周报时出错了，这次提交没有保存。请稍后再试；如果一直出错，请联系管理员。');
}

export function tooLongMessage(chars: number, max: number): SlackMessage {
  return plainMessage(`这条消息太长了（${chars} 字，上限 ${max} 字），没有处理，也没有保存。周报请保存为 .md 文件私信发给我。`);
}

export function fileRejectedMessage(reason: string): SlackMessage {
  return plainMessage(`⚠️ 这个文件没有保存：${reason}`);
}

export function handlingFailedMessage(): SlackMessage {
  return plainMessage('😵 抱歉，处理这条消息时出错了。请稍后再试；如果一直出错，请联系管理员。');
}

/** The answer queue is full (a burst of questions): said at once, so nobody waits for a reply that will not come. */
export function busyMessage(): SlackMessage {
  return plainMessage('⏳ 现在提问的人太多，我忙不过来，这条没有处理。请过一两分钟再试一次。');
}
