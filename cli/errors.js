// Errors the CLI reports as one line on stderr. A CliError is the user's
// fault or the file's (exit 1); a UsageError is a bad command line (exit 2).
// Anything else is unexpected and still reported in one line by main.js.

export class CliError extends Error {
  constructor(message) { super(message); this.name = 'CliError'; this.exitCode = 1; }
}

export class UsageError extends CliError {
  constructor(message) { super(message); this.name = 'UsageError'; this.exitCode = 2; }
}

// Short strerror()-like texts for the errno codes a file tool meets; Node's own
// messages carry the syscall and path, which we state ourselves.
const ERRNO_TEXT = {
  ENOENT: 'No such file or directory',
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  EISDIR: 'Is a directory',
  ENOTDIR: 'Not a directory',
  ELOOP: 'Too many levels of symbolic links',
  EROFS: 'Read-only file system',
  EMFILE: 'Too many open files',
  EIO: 'Input/output error',
  ETXTBSY: 'Text file busy',
  ENAMETOOLONG: 'File name too long',
  EINVAL: 'Invalid argument',
  ESPIPE: 'Illegal seek',
  ENOSPC: 'No space left on device',
  EDQUOT: 'Disk quota exceeded',
  EFBIG: 'File too large',
  EAGAIN: 'Resource temporarily unavailable',
  EPIPE: 'Broken pipe',
  EBADF: 'Bad file descriptor',
};

// A failed fs call on `file` as a CliError: "FILE: No such file or directory".
export function fileError(file, err) {
  if (err instanceof CliError) return err;
  const text = ERRNO_TEXT[err && err.code] || (err && err.message) || String(err);
  return new CliError(`${file}: ${text}`);
}
