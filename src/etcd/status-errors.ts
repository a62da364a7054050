// StatusResponse.errors carries every member's active alarms as protobuf text, e.g.
// "memberID:10276657743932975437 alarm:NOSPACE ", plus "etcdserver: no leader" when the answering
// member sees no leader. Parsing them here lets one reachable member tell us the alarms of a
// member that is down.
import { memberIdFromDecimal, type Alarm } from './gateway.js';

const ALARM_TEXT = /memberID:\s*(\d+)\s+alarm:\s*([A-Z_]+)/;

export function alarmsFromStatusErrors(errors: readonly string[]): Alarm[] {
  const alarms: Alarm[] = [];
  for (const entry of errors) {
    const match = ALARM_TEXT.exec(entry);
    if (match?.[1] && match[2]) alarms.push({ memberId: memberIdFromDecimal(match[1]), alarm: match[2] });
  }
  return alarms;
}
