// SPDX-License-Identifier: GPL-2.0
/*
 * vswitch - a tiny learning Ethernet switch for the QEMU test cluster.
 *
 *   vswitch [-v] SOCKPATH [PEER...]
 *
 * Binds a SOCK_DGRAM unix socket at SOCKPATH.  Every QEMU of the cluster
 * runs with
 *
 *   -netdev dgram,id=n0,local.type=unix,local.path=DIR/nodeN.sock,
 *           remote.type=unix,remote.path=SOCKPATH
 *
 * so each datagram is one Ethernet frame, and the sender's address (from
 * recvfrom) is the QEMU's local socket: that is the switch port.  The switch
 * learns source MAC -> port, forwards unicast frames to the learned port
 * and floods broadcast, multicast and unknown unicast to every other port.
 * Ports are learned from the first datagram; the PEER paths given on the
 * command line are ports from the start, so floods reach nodes that have
 * not sent anything yet.
 *
 * Frames go out through one socket per port, connect()ed to the peer, so
 * that a full receiver (the kernel queues at most net.unix.max_dgram_qlen
 * datagrams per socket) can be waited for with poll(POLLOUT) instead of
 * dropping: each port has a bounded queue; only when that overflows is a
 * frame dropped, as a real switch would.
 *
 * Nothing leaves this machine: unix sockets only.  The switch exits on
 * SIGTERM/SIGINT/SIGHUP and when its parent dies (PR_SET_PDEATHSIG).
 * With -v it prints per-port statistics on exit.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define MAX_PORTS	64
#define MAX_MACS	1024
#define QLEN		512		/* frames queued per port */
#define FRAME_MAX	(65536 + 4096)	/* QEMU's NET_BUFSIZE */
#define SOCKBUF		(4 << 20)
#define MAC_AGE		300		/* seconds */
#define RECV_BATCH	64

struct frame {
	size_t len;
	unsigned char data[];
};

struct port {
	struct sockaddr_un addr;
	socklen_t alen;
	int fd;			/* connected send socket, -1 if none */
	struct frame *q[QLEN];
	unsigned int qhead, qcount;
	unsigned long long rx, tx, drops;
	time_t last_connect_try;
};

struct mac_entry {
	unsigned char mac[6];
	int port;
	time_t seen;
};

static struct port ports[MAX_PORTS];
static int nports;
static struct mac_entry macs[MAX_MACS];
static int nmacs;
static volatile sig_atomic_t stop;
static int verbose;
static const char *sockpath;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void set_bufs(int fd)
{
	int v = SOCKBUF;

	/* SO_*BUFFORCE needs CAP_NET_ADMIN; fall back to the capped ones. */
	if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &v, sizeof(v)) < 0)
		(void)setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &v, sizeof(v));
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &v, sizeof(v)) < 0)
		(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &v, sizeof(v));
}

static int fill_addr(struct sockaddr_un *sun, socklen_t *alen, const char *path)
{
	size_t n = strlen(path);

	if (n == 0 || n >= sizeof(sun->sun_path))
		return -1;
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	memcpy(sun->sun_path, path, n);
	*alen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + 1);
	return 0;
}

static int same_addr(const struct port *p, const struct sockaddr_un *a, socklen_t alen)
{
	size_t off = offsetof(struct sockaddr_un, sun_path);

	if (alen <= off || p->alen <= off)
		return 0;
	/* compare the paths as strings: lengths may differ by the NUL */
	return strncmp(p->addr.sun_path, a->sun_path,
		       sizeof(a->sun_path)) == 0;
}

static int add_port(const struct sockaddr_un *a, socklen_t alen)
{
	struct port *p;

	if (nports == MAX_PORTS)
		return -1;
	p = &ports[nports];
	memset(p, 0, sizeof(*p));
	p->addr = *a;
	p->alen = alen;
	p->fd = -1;
	if (verbose)
		fprintf(stderr, "vswitch: port %d = %s\n", nports, a->sun_path);
	return nports++;
}

static int find_port(const struct sockaddr_un *a, socklen_t alen)
{
	int i;

	for (i = 0; i < nports; i++)
		if (same_addr(&ports[i], a, alen))
			return i;
	return -1;
}

static void flush_queue(struct port *p)
{
	while (p->qcount) {
		free(p->q[p->qhead]);
		p->q[p->qhead] = NULL;
		p->qhead = (p->qhead + 1) % QLEN;
		p->qcount--;
		p->drops++;
	}
}

static void disconnect(struct port *p)
{
	if (p->fd >= 0)
		close(p->fd);
	p->fd = -1;
	flush_queue(p);
}

/* Connect the port's send socket; rate-limited while the peer is absent. */
static int port_connect(struct port *p)
{
	time_t now;
	int fd;

	if (p->fd >= 0)
		return 0;
	now = time(NULL);
	if (p->last_connect_try == now)
		return -1;
	p->last_connect_try = now;
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -1;
	set_bufs(fd);
	if (connect(fd, (struct sockaddr *)&p->addr, p->alen) < 0) {
		close(fd);
		return -1;
	}
	p->fd = fd;
	p->last_connect_try = 0;
	return 0;
}

/* Try to send one frame; 1 = sent, 0 = would block, -1 = dropped. */
static int try_send(struct port *p, const unsigned char *buf, size_t len)
{
	ssize_t n;

	for (;;) {
		n = send(p->fd, buf, len, MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n >= 0) {
			p->tx++;
			return 1;
		}
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS)
			return 0;
		/* peer gone (ECONNREFUSED, ENOENT...): reconnect later */
		disconnect(p);
		p->drops++;
		return -1;
	}
}

static void port_output(struct port *p, const unsigned char *buf, size_t len)
{
	struct frame *f;

	if (p->fd < 0 && port_connect(p) < 0) {
		p->drops++;
		return;
	}
	if (p->qcount == 0 && try_send(p, buf, len) != 0)
		return;
	if (p->fd < 0)
		return;
	if (p->qcount == QLEN) {
		p->drops++;
		return;
	}
	f = malloc(sizeof(*f) + len);
	if (!f) {
		p->drops++;
		return;
	}
	f->len = len;
	memcpy(f->data, buf, len);
	p->q[(p->qhead + p->qcount) % QLEN] = f;
	p->qcount++;
}

static void port_drain(struct port *p)
{
	while (p->qcount && p->fd >= 0) {
		struct frame *f = p->q[p->qhead];
		int r = try_send(p, f->data, f->len);

		if (r == 0)
			return;
		if (r < 0)
			return;	/* disconnect() freed the queue */
		free(f);
		p->q[p->qhead] = NULL;
		p->qhead = (p->qhead + 1) % QLEN;
		p->qcount--;
	}
}

static struct mac_entry *mac_lookup(const unsigned char *mac)
{
	int i;

	for (i = 0; i < nmacs; i++)
		if (memcmp(macs[i].mac, mac, 6) == 0)
			return &macs[i];
	return NULL;
}

static void mac_learn(const unsigned char *mac, int port, time_t now)
{
	struct mac_entry *e = mac_lookup(mac);
	int i, oldest = 0;

	if (mac[0] & 1)
		return;		/* never learn group addresses */
	if (!e) {
		if (nmacs < MAX_MACS) {
			e = &macs[nmacs++];
		} else {
			for (i = 1; i < nmacs; i++)
				if (macs[i].seen < macs[oldest].seen)
					oldest = i;
			e = &macs[oldest];
		}
		memcpy(e->mac, mac, 6);
	}
	e->port = port;
	e->seen = now;
}

static void forward(int src, const unsigned char *buf, size_t len)
{
	const unsigned char *dst = buf, *smac = buf + 6;
	time_t now = time(NULL);
	struct mac_entry *e;
	int i;

	if (len < 14)
		return;
	mac_learn(smac, src, now);
	if (!(dst[0] & 1)) {
		e = mac_lookup(dst);
		if (e && now - e->seen <= MAC_AGE) {
			if (e->port != src)
				port_output(&ports[e->port], buf, len);
			return;
		}
	}
	for (i = 0; i < nports; i++)
		if (i != src)
			port_output(&ports[i], buf, len);
}

static void usage(void)
{
	fprintf(stderr, "usage: vswitch [-v] SOCKPATH [PEER-SOCKPATH...]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static unsigned char buf[FRAME_MAX];
	struct pollfd pfd[MAX_PORTS + 1];
	int pidx[MAX_PORTS + 1];
	struct sockaddr_un addr;
	struct sigaction sa;
	socklen_t alen;
	pid_t parent = getppid();
	int fd, i, argi = 1;

	if (argi < argc && strcmp(argv[argi], "-v") == 0) {
		verbose = 1;
		argi++;
	}
	if (argi >= argc || argv[argi][0] == '-')
		usage();
	sockpath = argv[argi++];

	if (prctl(PR_SET_PDEATHSIG, SIGTERM) < 0) {
		perror("vswitch: prctl");
		return 1;
	}
	if (getppid() != parent)	/* parent died before prctl */
		return 1;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;	/* no SA_RESTART: poll returns EINTR */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0) {
		perror("vswitch: socket");
		return 1;
	}
	set_bufs(fd);
	if (fill_addr(&addr, &alen, sockpath) < 0) {
		fprintf(stderr, "vswitch: bad socket path %s\n", sockpath);
		return 1;
	}
	unlink(sockpath);
	if (bind(fd, (struct sockaddr *)&addr, alen) < 0) {
		fprintf(stderr, "vswitch: bind %s: %s\n", sockpath, strerror(errno));
		return 1;
	}
	for (; argi < argc; argi++) {
		struct sockaddr_un pa;
		socklen_t pl;

		if (fill_addr(&pa, &pl, argv[argi]) < 0) {
			fprintf(stderr, "vswitch: bad peer path %s\n", argv[argi]);
			unlink(sockpath);
			return 1;
		}
		if (find_port(&pa, pl) < 0 && add_port(&pa, pl) < 0) {
			fprintf(stderr, "vswitch: too many ports\n");
			unlink(sockpath);
			return 1;
		}
	}

	while (!stop) {
		int n = 0, r;

		pfd[n].fd = fd;
		pfd[n].events = POLLIN;
		pidx[n++] = -1;
		for (i = 0; i < nports; i++) {
			if (ports[i].qcount && ports[i].fd >= 0) {
				pfd[n].fd = ports[i].fd;
				pfd[n].events = POLLOUT;
				pidx[n++] = i;
			}
		}
		/* wake up now and then to notice an orphaned state */
		r = poll(pfd, (nfds_t)n, 1000);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			perror("vswitch: poll");
			break;
		}
		if (getppid() != parent)
			break;
		for (i = 1; i < n; i++)
			if (pfd[i].revents & (POLLOUT | POLLERR | POLLHUP))
				port_drain(&ports[pidx[i]]);
		if (!(pfd[0].revents & POLLIN))
			continue;
		for (i = 0; i < RECV_BATCH; i++) {
			struct sockaddr_un from;
			socklen_t flen = sizeof(from);
			ssize_t len;
			int src;

			len = recvfrom(fd, buf, sizeof(buf), MSG_DONTWAIT,
				       (struct sockaddr *)&from, &flen);
			if (len < 0) {
				if (errno == EINTR)
					continue;
				break;	/* EAGAIN */
			}
			if (flen <= offsetof(struct sockaddr_un, sun_path) ||
			    from.sun_path[0] == '\0')
				continue;	/* unbound/abstract sender: no port */
			if (flen < sizeof(from))
				((char *)&from)[flen] = '\0';
			else
				from.sun_path[sizeof(from.sun_path) - 1] = '\0';
			src = find_port(&from, flen);
			if (src < 0)
				src = add_port(&from, flen);
			if (src < 0)
				continue;
			ports[src].rx++;
			forward(src, buf, (size_t)len);
		}
	}

	if (verbose)
		for (i = 0; i < nports; i++)
			fprintf(stderr, "vswitch: %s rx %llu tx %llu drops %llu\n",
				ports[i].addr.sun_path, ports[i].rx, ports[i].tx,
				ports[i].drops);
	unlink(sockpath);
	return 0;
}
