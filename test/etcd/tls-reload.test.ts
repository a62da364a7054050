import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TlsMaterial } from '../../src/config/connection-config.js';
import { rotatedTls } from '../../src/etcd/tls-reload.js';

describe('rotatedTls: certificate files replaced in place', () => {
  let dir: string;
  let material: TlsMaterial;
  const write = (name: string, text: string) => writeFileSync(join(dir, name), text);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'etcdtop-tls-reload-'));
    for (const name of ['ca.crt', 'client.crt', 'client.key']) write(name, `old ${name}`);
    material = {
      ca: Buffer.from('old ca.crt'), cert: Buffer.from('old client.crt'), key: Buffer.from('old client.key'),
      caFile: join(dir, 'ca.crt'), certFile: join(dir, 'client.crt'), keyFile: join(dir, 'client.key'), insecureSkipVerify: false,
    };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('gives nothing while the files are unchanged', () => {
    expect(rotatedTls(material)).toBeUndefined();
  });

  it('gives the new contents once any file changed, keeping the paths', () => {
    write('client.crt', 'new client.crt');
    write('client.key', 'new client.key');
    const next = rotatedTls(material);
    expect(next?.cert?.toString()).toBe('new client.crt');
    expect(next?.key?.toString()).toBe('new client.key');
    expect(next?.ca?.toString()).toBe('old ca.crt');
    expect(next?.certFile).toBe(material.certFile);
  });

  it.each([
    { why: 'a file is missing mid-rotation', change: () => unlinkSync(join(dir, 'client.key')) },
    { why: 'a file is empty mid-rotation', change: () => write('client.key', '') },
  ])('keeps the old material when $why', ({ change }) => {
    write('client.crt', 'new client.crt');
    change();
    expect(rotatedTls(material)).toBeUndefined();
  });
});
