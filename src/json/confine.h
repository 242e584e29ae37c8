/* confine.h - opening a codes_file inside its directory, and no further.
 *
 * A catalog is often written by people who must not read the server's
 * files: its codes_file must not reach /etc/shadow, by an absolute path, by
 * "..", or by a symbolic link. The path is walked one component at a time
 * from the directory, each step opened relative to the one before with
 * symbolic links not followed by the kernel: a link is read and resolved
 * here, so a link can neither leave the directory nor be swapped for one
 * that does between a check and the open. */
#ifndef PROMO_JSON_SRC_CONFINE_H
#define PROMO_JSON_SRC_CONFINE_H

#include <promo/status.h>

/* At most this many directories deep below the base, and this many
 * symbolic links followed (the kernel's own limit is 40). */
#define PJ_CONFINE_MAX_DEPTH 32
#define PJ_CONFINE_MAX_LINKS 40

/* Opens the regular file at the relative path `relative`, resolved inside
 * the directory `base` ("" is the current directory), for reading, and
 * stores its descriptor in *fd. Returns PROMO_OK; PROMO_ERR_INVALID_ARGUMENT
 * with a static reason for the user in *reason: an absolute path, a path
 * that leaves the directory, a symbolic link that leads out of it, too many
 * links, a file that is not regular (directory, FIFO, device, socket), or
 * the system's refusal (no such file, permission denied, ...). A FIFO is
 * recognised without blocking on it. */
promo_status pj_open_confined(int *fd, const char *base, const char *relative,
                              const char **reason);

/* Opens `path` (trusted: given by the host) for reading, and stores its
 * descriptor in *fd, when it is a regular file; the same reasons. */
promo_status pj_open_regular(int *fd, const char *path, const char **reason);

#endif
