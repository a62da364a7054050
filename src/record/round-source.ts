// What the monitor needs to show rounds that do not come from polling the cluster (`etcdtop
// replay`): something that feeds the store in the poller's place, the clock the screen reads,
// and room on screen to say where the rounds come from. The monitor then skips connecting.
import type { ReactElement } from 'react';
import type { MonitorEvent, MonitorState } from '../core/monitor-state.js';
import type { Poller } from '../core/poller.js';
import type { Store } from '../core/store.js';
import type { TerminalOut } from '../ui/terminal/diffing-screen.js';

export interface RoundSource {
  /** Stands in for the poller: dispatches rounds (and notes) into the store once started. */
  attach(store: Store<MonitorState, MonitorEvent>): Poller;
  /** The clock ages and STALE are measured against. */
  now(): number;
  /** The terminal as the App sees it: smaller by the rows `frame` adds. */
  terminal(stdout: NodeJS.WriteStream): TerminalOut;
  /** The App with whatever the source shows around it. */
  frame(app: ReactElement): ReactElement;
}
