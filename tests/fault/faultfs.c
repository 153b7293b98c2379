/*
 * faultfs: makes the disk fail under a process, for the fault-injection tests.
 *
 * Loaded with LD_PRELOAD into the server, it wraps the libc calls SQLite writes and syncs through.
 * While the file named by FAULTFS_CONTROL starts with "eio" or "enospc", every such call on a
 * file whose path contains FAULTFS_MATCH (the database path: the file, its -wal and -shm) fails
 * with EIO or ENOSPC, as a failing or full disk would. Anything else, and every other file
 * (stdout, sockets, the build), goes straight through. The control file is read on each call, so
 * a test turns faults on and off while the server runs.
 *
 * Build: cc -shared -fPIC -o faultfs.so faultfs.c -ldl
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

static int injected_errno(int fd)
{
	const char *control = getenv("FAULTFS_CONTROL");
	const char *match = getenv("FAULTFS_MATCH");
	if (!control || !match || !*match || fd < 0) return 0;

	/* open/read/close are not wrapped, so this cannot recurse. */
	int cfd = open(control, O_RDONLY | O_CLOEXEC);
	if (cfd < 0) return 0;
	char mode[16] = {0};
	ssize_t n = read(cfd, mode, sizeof mode - 1);
	close(cfd);
	if (n <= 0) return 0;
	int err = strncmp(mode, "eio", 3) == 0 ? EIO : strncmp(mode, "enospc", 6) == 0 ? ENOSPC : 0;
	if (!err) return 0;

	char link[64], path[4096];
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	ssize_t len = readlink(link, path, sizeof path - 1);
	if (len <= 0) return 0;
	path[len] = '\0';
	return strstr(path, match) ? err : 0;
}

#define REAL(name) \
	static __typeof__(name) *real_##name; \
	if (!real_##name) real_##name = (__typeof__(name) *)dlsym(RTLD_NEXT, #name)

#define FAIL_IF_INJECTED(fd) \
	do { \
		int e_ = injected_errno(fd); \
		if (e_) { errno = e_; return -1; } \
	} while (0)

ssize_t write(int fd, const void *buf, size_t count)
{
	REAL(write);
	FAIL_IF_INJECTED(fd);
	return real_write(fd, buf, count);
}

ssize_t pwrite(int fd, const void *buf, size_t count, off_t offset)
{
	REAL(pwrite);
	FAIL_IF_INJECTED(fd);
	return real_pwrite(fd, buf, count, offset);
}

ssize_t pwrite64(int fd, const void *buf, size_t count, off64_t offset)
{
	REAL(pwrite64);
	FAIL_IF_INJECTED(fd);
	return real_pwrite64(fd, buf, count, offset);
}

ssize_t writev(int fd, const struct iovec *iov, int iovcnt)
{
	REAL(writev);
	FAIL_IF_INJECTED(fd);
	return real_writev(fd, iov, iovcnt);
}

ssize_t pwritev(int fd, const struct iovec *iov, int iovcnt, off_t offset)
{
	REAL(pwritev);
	FAIL_IF_INJECTED(fd);
	return real_pwritev(fd, iov, iovcnt, offset);
}

int fsync(int fd)
{
	REAL(fsync);
	FAIL_IF_INJECTED(fd);
	return real_fsync(fd);
}

int fdatasync(int fd)
{
	REAL(fdatasync);
	FAIL_IF_INJECTED(fd);
	return real_fdatasync(fd);
}
