// The monitor's certificates: read once the first round has named the members, then hourly
// (certificates change rarely and each read is a TLS handshake per member), never two at once.
import type { ConnectionConfig } from '../config/connection-config.js';
import { renewalHints } from '../config/cert-renewal.js';
import type { MonitorEvent, MonitorState } from '../core/monitor-state.js';
import type { Store } from '../core/store.js';
import { readCertificates } from './read-certificates.js';

export const CERTIFICATES_EVERY_MS = 3_600_000;

/** Starts watching the store; returns the function that stops it. */
export function refreshCertificates(store: Store<MonitorState, MonitorEvent>, config: ConnectionConfig, onError: (error: unknown) => void): () => void {
  const hints = renewalHints(config);
  let inFlight = false;
  let stopped = false;
  const maybeRead = () => {
    const state = store.getState();
    const due = !state.certificates || Date.now() - state.certificates.readAtMs >= CERTIFICATES_EVERY_MS;
    if (stopped || inFlight || !due || !state.latest?.discovery.ok) return;
    inFlight = true;
    readCertificates(config, state.latest)
      .then((report) => {
        if (!stopped) store.dispatch({ type: 'certificates', report, hints });
      })
      .catch(onError)
      .finally(() => {
        inFlight = false;
      });
  };
  const unsubscribe = store.subscribe(maybeRead);
  return () => {
    stopped = true;
    unsubscribe();
  };
}
