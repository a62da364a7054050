// However etcdtop ends while a lab runs, the members go and the folder with them: a signal stops
// them (SIGTERM, then SIGKILL after a grace period) and exits as the signal would have; process
// 'exit' (a fatal error's process.exit included) kills them synchronously. A second signal
// while stopping does not wait for the grace period.
import { constants } from 'node:os';

export interface Stoppable {
  stop(): Promise<void>;
  killNow(): void;
}

export interface Guard {
  dispose(): void;
}

const SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP', 'SIGINT'];

export interface GuardHooks {
  /** The cluster to clean up right now; undefined before one exists. */
  current: () => Stoppable | undefined;
  onSignal?: (signal: NodeJS.Signals) => void;
  exit?: (code: number) => void;
  /** Where the handlers go: the process, or an emitter in tests. */
  target?: Pick<NodeJS.EventEmitter, 'on' | 'off'>;
}

export function guardProcesses(hooks: GuardHooks): Guard {
  const exit = hooks.exit ?? ((code: number) => process.exit(code));
  const target = hooks.target ?? process;
  let stopping = false;
  const killNow = () => hooks.current()?.killNow();
  const onSignal = (signal: NodeJS.Signals) => {
    const code = 128 + (constants.signals[signal] ?? 15);
    if (stopping) {
      killNow();
      exit(code);
      return;
    }
    stopping = true;
    hooks.onSignal?.(signal);
    const cluster = hooks.current();
    void (cluster ? cluster.stop() : Promise.resolve()).catch(killNow).then(() => exit(code));
  };
  target.on('exit', killNow);
  for (const signal of SIGNALS) target.on(signal, onSignal);
  return {
    dispose() {
      target.off('exit', killNow);
      for (const signal of SIGNALS) target.off(signal, onSignal);
    },
  };
}
