// What git says about the repository the bundle is built from, and files at other revisions
// (`repro diff`, `repro gc --keep-rev`), through zx's `$`, read only.
import { $ } from 'zx';
import { UserError } from '../errors.ts';

export interface GitState {
  /** The work tree's top folder. */
  root: string;
  commit: string;
  /** Committer time of HEAD, seconds since the epoch. */
  time: number;
  /** Tracked files (`git ls-files`), sorted, '/'-separated. */
  files: string[];
  /** Tracked files whose mode is 100755 in the index. */
  executables: Set<string>;
  /** `git status --porcelain` lines: changed tracked files and untracked files git does not ignore. */
  changes: string[];
}

async function git(cwd: string, args: string[]): Promise<string> {
  const r = await $({ cwd, quiet: true, nothrow: true })`git ${args}`;
  if (r.exitCode !== 0) throw new UserError(`git ${args.join(' ')} failed in ${cwd}: ${r.stderr.trim().split('\n')[0] || `exit ${r.exitCode}`}`);
  return r.stdout;
}

/** The work tree's top folder. */
export const gitRoot = async (cwd: string): Promise<string> => (await git(cwd, ['rev-parse', '--show-toplevel'])).trim();

export async function readGitState(cwd: string): Promise<GitState> {
  const root = await gitRoot(cwd);
  cwd = root;
  const head = (await git(cwd, ['log', '-1', '--format=%H %ct'])).trim();
  if (!/^[0-9a-f]{40} \d+$/.test(head)) throw new UserError(`${cwd}: no commit to bundle (git log printed '${head}')`);
  const [commit, time] = head.split(' ');
  // -z: NUL-separated, no quoting of unusual names; -s: mode, object, stage, path.
  const staged = (await git(cwd, ['ls-files', '-s', '-z'])).split('\0').filter(Boolean);
  const files: string[] = [];
  const executables = new Set<string>();
  for (const line of staged) {
    const tab = line.indexOf('\t');
    const mode = line.slice(0, 6);
    const path = line.slice(tab + 1);
    if (files[files.length - 1] === path) continue; // several stages of a conflicted file
    files.push(path);
    if (mode === '100755') executables.add(path);
    if (mode === '120000' || mode === '160000')
      throw new UserError(`${path}: tracked ${mode === '120000' ? 'symlink' : 'submodule'}; the bundle holds plain files only`);
  }
  const changes = (await git(cwd, ['status', '--porcelain'])).split('\n').filter(Boolean);
  return { root, commit, time: Number(time), files: files.sort(), executables, changes };
}

/** The raw commit object of `commit` (what the bundle's COMMIT file holds; artifact/commit.ts). */
export async function commitObject(root: string, commit: string): Promise<Buffer> {
  const r = await $({ cwd: root, quiet: true, nothrow: true })`git cat-file commit ${commit}`;
  if (r.exitCode !== 0) throw new UserError(`git cat-file commit ${commit} failed in ${root}: ${r.stderr.trim().split('\n')[0]}`);
  return r.buffer();
}

/** The commit `rev` names (HEAD, HEAD~3, a tag, a hash), or null when it names none. */
export async function resolveRevision(cwd: string, rev: string): Promise<string | null> {
  if (rev.startsWith('-')) return null;
  const r = await $({ cwd, quiet: true, nothrow: true })`git rev-parse --verify --quiet ${`${rev}^{commit}`}`;
  return r.exitCode === 0 ? r.stdout.trim() : null;
}

/** The bytes of `path` (relative to `cwd`) at commit `commit`, or null when it has no such file. */
export async function fileAtRevision(cwd: string, commit: string, path: string): Promise<Buffer | null> {
  const r = await $({ cwd, quiet: true, nothrow: true })`git show ${`${commit}:./${path}`}`;
  return r.exitCode === 0 ? r.buffer() : null;
}
