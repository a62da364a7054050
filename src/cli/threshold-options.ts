// One flag per verdict threshold, generated from the thresholds' own docs so a new threshold
// cannot ship without its flag and help line.
import type { Options } from 'yargs';
import { defaultThresholds, thresholdDocs, type Thresholds } from '../core/verdict-thresholds.js';

export const THRESHOLD_GROUP = 'Health thresholds (shared by check, status and the monitor):';

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

export const thresholdOptions: Record<string, Options> = Object.fromEntries(
  (Object.keys(thresholdDocs) as (keyof Thresholds)[]).map((key) => [
    kebab(key),
    { type: 'number', default: defaultThresholds[key], describe: `${thresholdDocs[key].description} (${thresholdDocs[key].unit})` },
  ]),
);

/** Reads the threshold flags back out of parsed yargs arguments (camel-cased by yargs). */
export function thresholdsFromArgs(args: Record<string, unknown>): Thresholds {
  const thresholds = { ...defaultThresholds };
  for (const key of Object.keys(thresholdDocs) as (keyof Thresholds)[]) {
    const value = args[key];
    if (value !== undefined) thresholds[key] = Number(value);
  }
  return thresholds;
}
