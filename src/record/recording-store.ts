// The monitor's store as the App and the maintenance port see it when --record is on: what the
// operator did reaches the recording too, as the line the events pane showed, so a replay tells
// the whole incident (the rounds alone showed a DB shrink with no defragment to explain it).
import type { MonitorEvent, MonitorState } from '../core/monitor-state.js';
import type { Store } from '../core/store.js';
import type { RoundRecorder } from './recording-writer.js';

export function withOperationsRecorded(store: Store<MonitorState, MonitorEvent>, recorder: RoundRecorder): Store<MonitorState, MonitorEvent> {
  return {
    ...store,
    dispatch(event) {
      store.dispatch(event);
      // A round polled right before an operation runs (the re-check at "y") is a round like any.
      const shown = store.getState().events[0];
      const stopped = event.type === 'round' ? recorder.record(event.snapshot) : shown && recorder.recordEvent(shown);
      if (stopped) store.dispatch({ type: 'note', event: stopped });
    },
  };
}
