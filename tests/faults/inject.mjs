// Test-only preload (node --import) for the fault suite: makes the file system fail as a full disk
// or a denied permission does, where chmod cannot (tests may run as root) and without a tmpfs.
// REPRO_FAULT=<ENOSPC|EACCES>:<substring of the path>[:<matching operations allowed first>]
// ENOSPC fails writes (writeSync on a file opened at a matching path, writeFileSync); EACCES fails
// opens. Node's named exports of node:fs are updated too, so ESM importers see the wrappers.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const [code, match, allowed = '0'] = (process.env.REPRO_FAULT ?? '').split(':');
if (code) {
  let budget = Number(allowed);
  const opened = new Map();
  const hit = (path) => typeof path === 'string' && path.includes(match) && budget-- <= 0;
  const fault = (syscall, path) =>
    Object.assign(new Error(`${code}: injected fault, ${syscall} '${path}'`), { code, syscall, path, errno: code === 'ENOSPC' ? -28 : -13 });
  const { openSync, writeSync, writeFileSync } = fs;
  fs.openSync = function (path, ...rest) {
    if (code === 'EACCES' && hit(String(path))) throw fault('open', String(path));
    const fd = openSync.call(this, path, ...rest);
    opened.set(fd, String(path));
    return fd;
  };
  fs.writeSync = function (fd, ...rest) {
    if (code === 'ENOSPC' && hit(opened.get(fd))) throw fault('write', opened.get(fd));
    return writeSync.call(this, fd, ...rest);
  };
  fs.writeFileSync = function (path, ...rest) {
    if ((code === 'ENOSPC' || code === 'EACCES') && hit(String(path))) throw fault(code === 'ENOSPC' ? 'write' : 'open', String(path));
    return writeFileSync.call(this, path, ...rest);
  };
  syncBuiltinESMExports();
}
