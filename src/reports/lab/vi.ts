import { en } from './en.js';
export const vi = en;
