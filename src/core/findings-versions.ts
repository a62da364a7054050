// Findings about the versions members run: an upgrade or downgrade left half done (members on
// different etcd versions), and a downgrade in progress (etcd ≥ 3.6 reports it in Status). Both
// are normal for the minutes of a rolling change and a risk when they last: a mixed cluster runs
// at the oldest member's cluster version, and a 3.6 storage schema cannot be read by 3.5.
import type { ClusterSnapshot, MemberSample } from './cluster-snapshot.js';
import type { Finding } from './finding.js';
import { memberLabel, statusOf } from './selectors.js';
import { compareText } from './text-order.js';

export function versionFindings(snapshot: ClusterSnapshot): Finding[] {
  return [...mixedVersionFindings(snapshot), ...downgradeFindings(snapshot)];
}

/** "3.5.30 on etcd-0 (…), etcd-1 (…); 3.6.4 on etcd-2 (…)", versions in ascending order. */
export function whoRunsWhat(samples: readonly MemberSample[], versionOf: (sample: MemberSample) => string | undefined): string {
  const byVersion = new Map<string, string[]>();
  for (const sample of samples) {
    const version = versionOf(sample);
    if (version !== undefined) byVersion.set(version, [...(byVersion.get(version) ?? []), memberLabel(sample)]);
  }
  return [...byVersion.entries()]
    .sort(([a], [b]) => compareVersions(a, b))
    .map(([version, members]) => `${version} on ${members.join(', ')}`)
    .join('; ');
}

function mixedVersionFindings(snapshot: ClusterSnapshot): Finding[] {
  const answered = snapshot.members.filter((sample) => statusOf(sample) !== undefined);
  const versions = new Set(answered.map((sample) => statusOf(sample)?.version));
  if (versions.size < 2) return [];
  const storage = whoRunsWhat(answered, (sample) => statusOf(sample)?.storageVersion);
  return [
    {
      level: 'warning',
      code: 'mixed-versions',
      message: `members run different etcd versions (an upgrade or downgrade half done): ${whoRunsWhat(answered, (sample) => statusOf(sample)?.version)}` +
        (storage ? `; storage version ${storage}` : ''),
      remedy: 'finish the rollout: replace the remaining members one at a time, with `etcdtop check` OK between each; a mixed cluster runs at its oldest member\'s cluster version',
    },
  ];
}

function downgradeFindings(snapshot: ClusterSnapshot): Finding[] {
  const downgrading = snapshot.members.filter((sample) => statusOf(sample)?.downgrade?.enabled);
  const first = downgrading[0] && statusOf(downgrading[0]);
  if (!first) return [];
  const target = first.downgrade?.targetVersion || 'an older version';
  const storage = whoRunsWhat(snapshot.members, (sample) => statusOf(sample)?.storageVersion);
  return [
    {
      level: 'warning',
      code: 'downgrade-in-progress',
      message: `a downgrade to ${target} is in progress (reported by ${downgrading.map(memberLabel).join(', ')})` + (storage ? `; storage version ${storage}` : ''),
      remedy: `once the storage version reads ${target}, replace each member's binary with ${target} one at a time; to stop instead: \`etcdctl downgrade cancel\``,
    },
  ];
}

/** Numeric by dotted part ("3.5.30" < "3.6.0"), text for what is not a number. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/);
  const pb = b.split(/[.-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const [x, y] = [pa[i] ?? '', pb[i] ?? ''];
    const [nx, ny] = [Number(x), Number(y)];
    const diff = x !== '' && y !== '' && Number.isFinite(nx) && Number.isFinite(ny) ? nx - ny : compareText(x, y);
    if (diff !== 0) return diff;
  }
  return 0;
}
