// The languages grade writes in, and text a rubric gives per language.

/** Every language grade writes: summary, grade section, criteria and mistake texts, feedback. */
export const GRADE_LANGS = ['en', 'ru', 'zh', 'vi'] as const;
export type GradeLang = (typeof GRADE_LANGS)[number];

/** Text in several languages; English is the one every other falls back to. */
export type LocalText = { en: string } & Partial<Record<GradeLang, string>>;

/** The text in a language, else in English. */
export function textIn(text: LocalText, lang: GradeLang): string {
  return text[lang] ?? text.en;
}

export function isGradeLang(value: string): value is GradeLang {
  return (GRADE_LANGS as readonly string[]).includes(value);
}
