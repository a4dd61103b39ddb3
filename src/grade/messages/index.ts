// The grade catalogs by language.

import type { GradeLang } from '../lang.js';
import type { GradeCatalog } from './catalog.js';
import { en } from './en.js';
import { ru } from './ru.js';
import { vi } from './vi.js';
import { zh } from './zh.js';

export const GRADE_CATALOGS: Record<GradeLang, GradeCatalog> = { en, ru, zh, vi };
export type { GradeCatalog } from './catalog.js';
