// Every command in README.md is run by a test: this one. "Commands" are the lines of the README's
// ```sh, ```bash and ```cron code blocks (test/helpers/readme-commands.ts); commands quoted inline
// in prose (`etcdtop <command> --help`, `sudo etcdtop`) and the ```text / ```json examples are not.
//
// REGISTRY below maps each README command, exactly as written, to how it is run. The test fails if
// the README gains a command the registry lacks, or keeps one the README no longer shows.
// Each command runs for real, as written, with only these changes:
//  - the machine is a kubeadm control-plane node whose etcd is the test's mTLS cluster
//    (test/helpers/fake-kubeadm-node.ts): https://127.0.0.1:2379 becomes the test member's port,
//    /etc/kubernetes/pki/etcd/ the fake node's copy of the test certificates, and auto-detection
//    (ETCDTOP_DETECT_ROOT) reads the fake node; nothing but 127.0.0.1 is ever dialled;
//  - first on PATH (test/helpers/readme-sandbox.ts): `etcdtop` is node <repo>/bin/etcdtop.js (the
//    installed bin where the README has just installed one), `mail` records instead of sending,
//    and `sudo` runs the command as it is (only as root, and only where there is no real sudo);
//  - npm lines run in a copy of the repository as a fresh clone has it (never here: `npm ci` would
//    delete the node_modules this suite runs from); `npm install -g` installs into a temp prefix;
//  - `npm run bench` gets its shortest options; full-screen lines run in tmux and are quit with q.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readmeCommands } from '../helpers/readme-commands.js';
import { sudoShimRefusal } from '../helpers/readme-sandbox.js';
import { benchWritesResults, bundleBuilds, completionRegisters, helpListsCommands, installsGlobally, npmCiBuilds, packMakesTarball, runByCi } from './readme/checkout-commands.js';
import { checkVerdict, cronMailsWhenNotOk, monitorShowsCluster, onTheNode, printsEveryMember, statusJson } from './readme/cluster-commands.js';
import { fleetCheckJson, fleetCronMails, fleetShowsCluster, stopFleetEngines } from './readme/fleet-commands.js';
import { archiveUnpacks, buildsExecutables, checksumMatches, exeOnTheNode } from './readme/executable-commands.js';
import { cronDefrag, cronSnapshot, defragDryRun, defragEveryMember, snapshotFromLeader } from './readme/maintenance-commands.js';
import { fiveMinuteStart, labFillsQuota, labOpensAndCleansUp } from './readme/lab-commands.js';
import { recordsRounds, replaysAtSpeed } from './readme/record-replay-commands.js';
import { createWorld, REPO, type ReadmeWorld, type Runner } from './readme/world.js';

interface ReadmeRun {
  /** The README command, verbatim (without its comment; for cron, without the schedule). */
  command: string;
  /** How it is run and what is asserted, for whoever reads a failure. */
  how: string;
  run: Runner;
  timeoutMs?: number;
}

// The README's connection flags for kubeadm's health-check client certificate, as written there.
const KUBEADM_FLAGS = '--cacert /etc/kubernetes/pki/etcd/ca.crt --cert /etc/kubernetes/pki/etcd/healthcheck-client.crt --key /etc/kubernetes/pki/etcd/healthcheck-client.key';

// In the order they run: each npm line leaves in the repository copy what the next one needs.
const REGISTRY: ReadmeRun[] = [
  {
    command: 'sudo apt-get install -y etcd-server tmux && npm ci && node bin/etcdtop.js lab --quota 16MiB --load',
    how: 'tmux, fresh copy: packages checked installed first (apt-get is then a no-op), npm ci builds dist/, the lab shows 3 members and its 16 MiB quota filling; q leaves no process or folder',
    run: fiveMinuteStart,
    timeoutMs: 150_000,
  },
  {
    command: 'npm test',
    how: '.ci/run runs it, under set -e: CI runs the whole suite, this file included',
    run: runByCi,
  },
  {
    command: 'npm ci',
    how: 'in the copy, dist/ removed first: exit 0, node_modules installed, dist/ built again by prepare',
    run: npmCiBuilds,
    timeoutMs: 120_000,
  },
  {
    command: 'node bin/etcdtop.js --help',
    how: 'in the copy: exit 0, every subcommand listed',
    run: helpListsCommands,
  },
  {
    command: 'etcdtop',
    how: 'tmux on the node: auto-detection finds it; 3 members and the leader; q',
    run: monitorShowsCluster(),
  },
  {
    command: 'etcdtop status',
    how: 'on the node: exit 0, a table row per member',
    run: printsEveryMember(),
  },
  {
    command: 'etcdtop status -o json',
    how: 'on the node: every member, reachable at https://127.0.0.1',
    run: statusJson,
  },
  {
    command: 'etcdtop check',
    how: 'on the node: OK and exit 0, the verdict line and the exit code agreeing',
    run: checkVerdict,
  },
  {
    command: `out=$(etcdtop check --endpoints https://127.0.0.1:2379 ${KUBEADM_FLAGS} 2>&1) || echo "$out" | mail -s "etcd: $(hostname)" ops@example.com`,
    how: '/bin/sh, as cron runs it: no mail while OK; with a follower frozen, one mail: subject etcd: HOST, body the findings',
    run: cronMailsWhenNotOk,
  },
  {
    command: 'etcdtop defrag --dry-run',
    how: 'on the node: exit 0, every member planned, the leader last; nothing in the audit log',
    run: defragDryRun,
  },
  {
    command: 'etcdtop defrag',
    how: 'on the node: exit 0, OK: 3 members defragmented, each in the default audit log',
    run: defragEveryMember,
  },
  {
    command: 'etcdtop snapshot etcd-backup.db',
    how: 'on the node: exit 0; the size and full sha256 printed are those of the file written',
    run: snapshotFromLeader,
  },
  {
    command: 'out=$(etcdtop defrag --if-unused-over-percent 50 --if-db-over-percent 60 2>&1) || echo "$out" | mail -s "etcd defrag: $(hostname)" ops@example.com',
    how: '/bin/sh: 20 MB written, deleted, compacted; a follower frozen: one mail, REFUSED (quorum); thawed: every DB shrinks, no mail',
    run: cronDefrag,
  },
  {
    command: 'cd /var/backups && out=$(etcdtop snapshot etcd-backup.db 2>&1) || echo "$out" | mail -s "etcd snapshot: $(hostname)" ops@example.com',
    how: '/bin/sh, /var/backups being the sandbox\'s working folder: the file saved (no .part left), no mail',
    run: cronSnapshot,
  },
  {
    command: `sudo etcdtop --endpoints https://127.0.0.1:2379 ${KUBEADM_FLAGS}`,
    how: 'tmux: 3 members and the leader, over mTLS; q',
    run: monitorShowsCluster(),
  },
  {
    command: 'etcdtop lab',
    how: 'tmux, own TMPDIR: 3 members and the leader; q leaves no process or folder',
    run: labOpensAndCleansUp({ cwd: (w) => w.work }),
  },
  {
    command: 'etcdtop lab --quota 16MiB --load',
    how: 'tmux: the 16 MiB quota and NOSPACE projected; q cleans up; reaching NOSPACE, then R, y: lab-nospace.test.ts (checked from its source)',
    run: labFillsQuota,
  },
  {
    command: 'sudo etcdtop --record incident.jsonl',
    how: 'tmux on the node: 5 rounds in incident.jsonl (mode 600); q',
    run: recordsRounds,
  },
  {
    command: 'etcdtop replay incident.jsonl',
    how: 'tmux: to the end at the recorded pace, every member, READ-ONLY; q',
    run: replaysAtSpeed(1),
  },
  {
    command: 'etcdtop replay incident.jsonl --speed 10',
    how: 'tmux: to the end in under half the recorded time; q',
    run: replaysAtSpeed(10),
  },
  {
    command: 'etcdtop fleet --prometheus http://prometheus-operated.monitoring.svc:9090',
    how: 'tmux, against a Prometheus 2.42 scraping the test cluster as job kube-etcd, cluster prod-eu-1: its row OK, 3/3 up; q',
    run: fleetShowsCluster,
  },
  {
    command: 'etcdtop check --prometheus http://prometheus-operated.monitoring.svc:9090 -o json',
    how: 'the same Prometheus: prod-eu-1 with verdict ok and no findings, exit 0',
    run: fleetCheckJson,
  },
  {
    command: 'etcdtop fleet --prometheus https://mimir.example.com/prometheus --prometheus-header "X-Scope-OrgID: platform" --clusters clusters.json',
    how: 'tmux, against VictoriaMetrics serving under /prometheus, clusters.json naming the test cluster: its row OK, 3/3 up; q',
    run: fleetShowsCluster,
  },
  {
    command: 'out=$(etcdtop check --prometheus http://prometheus-operated.monitoring.svc:9090 2>&1) || echo "$out" | mail -s "etcd fleet" ops@example.com',
    how: '/bin/sh, as cron runs it: no mail while OK; with a member killed, one mail naming prod-eu-1 (member restarted after)',
    run: fleetCronMails,
  },
  {
    command: 'npm run build:exe',
    how: 'in the copy (runtimes copied from exe/node_modules, checked pinned): both executables, 100 to 200 MiB, each with .sha256 and .tar.gz',
    run: buildsExecutables,
    timeoutMs: 240_000,
  },
  {
    command: 'tar -xzf etcdtop-linux-x64.tar.gz && sha256sum -c etcdtop-linux-x64.sha256',
    how: 'in a folder holding only the archive: the executable unpacked, executable, and its sha256 OK',
    run: archiveUnpacks,
  },
  {
    command: 'sha256sum -c etcdtop-linux-x64.sha256',
    how: 'on the node, in a folder holding the executable and its .sha256: OK',
    run: checksumMatches,
  },
  {
    command: 'sudo ./etcdtop-linux-x64',
    how: 'tmux, on the node, the same folder: 3 members and the leader; q',
    run: monitorShowsCluster(exeOnTheNode),
  },
  {
    command: 'sudo ./etcdtop-linux-x64 status',
    how: 'the same folder: exit 0, a table row per member',
    run: printsEveryMember(exeOnTheNode),
  },
  {
    command: 'npm run bundle',
    how: 'in the copy: dist/etcdtop.mjs, 2 to 3 MiB',
    run: bundleBuilds,
  },
  {
    command: 'sudo node etcdtop.mjs',
    how: 'tmux, on the node, in a folder holding only the bundle: 3 members and the leader; q',
    run: monitorShowsCluster(onTheNode),
  },
  {
    command: 'sudo node etcdtop.mjs status',
    how: 'the same folder: exit 0, a table row per member',
    run: printsEveryMember(onTheNode),
  },
  {
    command: 'npm pack',
    how: 'in the copy: etcdtop-VERSION.tgz, the file the next line installs',
    run: packMakesTarball,
  },
  {
    command: 'npm install -g ./etcdtop-0.1.0.tgz',
    how: 'into a temp prefix (npm_config_prefix): the installed etcdtop prints the version',
    run: installsGlobally,
    timeoutMs: 120_000,
  },
  {
    command: 'source <(etcdtop completion)',
    how: 'bash, the installed bin first on PATH: complete -p etcdtop names the completion function',
    run: completionRegisters,
  },
  {
    command: 'npm run bench',
    how: 'in the copy, with its shortest options (about 20 s, 45 s more for the executable built above; the full run takes 3 min): all result files written, the executable measured',
    run: benchWritesResults,
    timeoutMs: 120_000,
  },
];

const README = join(REPO, 'README.md');
const readmeLines = readmeCommands(readFileSync(README, 'utf8'));

describe('README.md: every command in its code blocks is in the registry of this test', () => {
  it('no README command is missing from the registry', () => {
    const registered = new Set(REGISTRY.map((entry) => entry.command));
    const missing = readmeLines.filter((c) => !registered.has(c.command));
    expect(missing.map((c) => `README.md:${c.line}: README command \`${c.command}\` is not run by any test: add it to REGISTRY in test/e2e/readme-commands.test.ts`)).toEqual([]);
  });

  it('no registry entry is stale (the README no longer shows it) or doubled', () => {
    const shown = new Set(readmeLines.map((c) => c.command));
    const stale = REGISTRY.filter((entry) => !shown.has(entry.command));
    expect(stale.map((entry) => `REGISTRY has \`${entry.command}\`, which README.md no longer shows: remove it or fix the README`)).toEqual([]);
    const doubled = REGISTRY.filter((entry, index) => REGISTRY.findIndex((other) => other.command === entry.command) !== index);
    expect(doubled.map((entry) => `REGISTRY has \`${entry.command}\` twice`)).toEqual([]);
  });
});

describe('README.md commands, run for real', () => {
  let world: ReadmeWorld;
  beforeAll(() => {
    world = createWorld();
  });
  afterAll(async () => {
    await stopFleetEngines();
    await world?.close();
  });

  for (const entry of REGISTRY) {
    it(`${entry.command}  (${entry.how})`, async (context) => {
      const refusal = /(^|[;&|(]\s*)sudo\s/.test(entry.command) ? sudoShimRefusal() : undefined;
      if (refusal !== undefined) {
        // CI runs as root without sudo: there, every line must run.
        expect(process.env.CI, `cannot run a sudo line: ${refusal}`).not.toBe('true');
        context.skip(`sudo line: ${refusal}`);
      }
      await entry.run(world, entry.command);
    }, entry.timeoutMs ?? 60_000);
  }
});
