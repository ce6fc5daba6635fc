/**
 * The language a question is asked in, so the answer comes back in it. The reports are Chinese;
 * a question with English grammar around a Chinese name ("When did 光大备份通道 go live?") is English.
 */

export type QuestionLanguage = 'zh' | 'en' | 'ja' | 'ko';

const ENGLISH_FUNCTION_WORDS = /\b(what|when|which|who|whom|where|why|how|is|are|was|were|did|does|do|has|have|the|of|for|in|on|list|show|summari[sz]e|status|progress|launch(?:ed)?|go|live|week|team|any|all)\b/gi;

export function detectLanguage(question: string): QuestionLanguage {
  const text = question.normalize('NFKC');
  if (/[\u3040-\u30ff]/.test(text)) return 'ja';
  if (/[\uac00-\ud7af]/.test(text)) return 'ko';
  const han = (text.match(/\p{Script=Han}/gu) ?? []).length;
  // Acronyms (POS, APP, B2B) are names in Chinese questions, not English.
  const words = (text.match(/\b[A-Za-z][a-z]+\b|\b[a-z]{2,}\b/g) ?? []).length;
  const functionWords = (text.match(ENGLISH_FUNCTION_WORDS) ?? []).length;
  if (!han) return words ? 'en' : 'zh';
  return functionWords >= 2 && words >= 3 ? 'en' : 'zh';
}

/** How the prompt names the language to answer in. */
export function languageName(language: QuestionLanguage): string {
  switch (language) {
    case 'en':
      return 'English';
    case 'ja':
      return '日本語';
    case 'ko':
      return '한국어';
    default:
      return '简体中文';
  }
}
