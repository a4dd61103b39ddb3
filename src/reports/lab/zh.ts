import { en } from './en.js';
export const zh = en;
