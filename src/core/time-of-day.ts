// "Go to a time" in a replay: the operator types a UTC time of day as the events pane and the
// REPLAY bar print it (12:03, 12:03:30), and the replay goes to that time on the day of the round
// on screen.

const TIME_OF_DAY = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/;

/** Milliseconds since midnight for "HH:MM" or "HH:MM:SS"; undefined when it is not such a time. */
export function parseTimeOfDay(text: string): number | undefined {
  const match = TIME_OF_DAY.exec(text.trim());
  if (!match) return undefined;
  const [hours, minutes, seconds] = [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
  if (hours > 23 || minutes > 59 || seconds > 59) return undefined;
  return ((hours * 60 + minutes) * 60 + seconds) * 1000;
}

/** `timeOfDayMs` on the UTC day of `dayOfMs`. */
export function onSameUtcDay(dayOfMs: number, timeOfDayMs: number): number {
  const day = new Date(dayOfMs);
  return Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()) + timeOfDayMs;
}
