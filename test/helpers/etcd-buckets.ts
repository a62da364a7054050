// The bucket bounds etcd 3.4 uses for its latency histograms, for fixtures and the bench.

/** WAL fsync and backend commit: 1 ms × 2^k (14), then +Inf. */
export const DISK_BOUNDS = [...Array.from({ length: 14 }, (_, k) => 0.001 * 2 ** k), Infinity];
/** Peer round trip: 0.1 ms × 2^k (16), then +Inf. */
export const PEER_BOUNDS = [...Array.from({ length: 16 }, (_, k) => 0.0001 * 2 ** k), Infinity];
