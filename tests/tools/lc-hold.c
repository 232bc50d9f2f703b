// SPDX-License-Identifier: GPL-2.0-only
/*
 * lc-hold.c: test and bench helper that owns bpf_links the way a daemon would, so
 * tests can see a real owning process (pid, fd) and watch links come and go.
 *
 *   lc-hold [-n NETNS] pin PATH             hold an fd to a pinned object
 *   lc-hold [-n NETNS] xdp IFNAME OBJ [skb] attach OBJ's first XDP program via bpf_link
 *   lc-hold rawtp OBJ COUNT [TP]            COUNT raw_tracepoint links of OBJ's first program on TP
 *                                           (sys_enter; the bench uses one that never fires); where
 *                                           the kernel refuses a second link of one program on one
 *                                           tracepoint (6.1: EEXIST), each further link gets a copy
 *   lc-hold [-n NETNS] churn IFNAME OBJ SECS [skb]  create and close XDP links for SECS seconds
 *   lc-hold rawtp-churn OBJ SECS [TP]       create and close raw_tracepoint links for SECS seconds
 *                                           (registration holds the new link unsettled: EAGAIN)
 *   lc-hold [-n NETNS] tcx IFNAME OBJ [egress] a tcx link of OBJ's first program (ingress by default)
 *   lc-hold [-n NETNS] probe-tcx IFNAME OBJ   make and drop a tcx link: exit 0, or 3 if the kernel
 *                                           has no tcx (BPF_LINK_CREATE: EINVAL), 1 on other errors
 *   lc-hold perf OBJ                        a perf_event link of OBJ's first program on a software
 *                                           event of this process (page faults, a sample every 10^9: never)
 *   lc-hold cgroup DIR OBJ                  a cgroup link (inet ingress) of OBJ's first program
 *   lc-hold iter OBJ                        an iterator link of OBJ's first program (iter/ section)
 *   lc-hold [-n NETNS] netns OBJ            a netns link (sk_lookup) of OBJ's first program
 *   lc-hold netfilter OBJ PF HOOK PRIO [defrag]  a netfilter link (6.4+) of OBJ's first program;
 *                                           exit 3 if the kernel has none (EINVAL at load or link)
 *   lc-hold pin-map OBJ PATH                load OBJ, pin its first map at PATH, print its ID, exit
 *   lc-hold pin-prog OBJ PATH               load OBJ, pin its first program at PATH, print its ID, exit
 *
 * Prints "ready ID..." (the link IDs held) on stdout, then waits for SIGTERM/SIGINT.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/perf_event.h>
#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "../../lib/netns.h"
#include "../../lib/objfd.h"

static int die(const char *what)
{
	fprintf(stderr, "lc-hold: %s: %s\n", what, strerror(errno));
	exit(1);
}

static int first_prog_fd(const char *path, struct bpf_object **obj)
{
	struct bpf_program *prog;

	*obj = bpf_object__open_file(path, NULL);
	if (!*obj || bpf_object__load(*obj))
		die(path);
	prog = bpf_object__next_program(*obj, NULL);
	if (!prog)
		die("no program");
	return bpf_program__fd(prog);
}

static void wait_for_signal(void)
{
	sigset_t set;
	int sig;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigprocmask(SIG_BLOCK, &set, NULL);
	printf("\n");
	fflush(stdout);
	sigwait(&set, &sig);
}

static int hold_xdp(const char *ifname, const char *path, int skb)
{
	LIBBPF_OPTS(bpf_link_create_opts, opts, .flags = skb ? 2 /* XDP_FLAGS_SKB_MODE */ : 0);
	struct bpf_object *obj;
	int ifindex = (int)if_nametoindex(ifname), prog_fd, link_fd;

	if (!ifindex)
		die(ifname);
	prog_fd = first_prog_fd(path, &obj);
	link_fd = bpf_link_create(prog_fd, ifindex, BPF_XDP, &opts);
	if (link_fd < 0)
		die("bpf_link_create");
	printf("ready %u", lc_obj_id(link_fd, LC_OBJ_LINK));
	wait_for_signal();
	return 0;
}

/* Another program with the same instructions, name and license as PROG (already loaded). */
static int prog_copy(const struct bpf_program *prog, const char *license)
{
	int fd = bpf_prog_load(bpf_program__type(prog), bpf_program__name(prog), license,
			       bpf_program__insns(prog), bpf_program__insn_cnt(prog), NULL);

	if (fd < 0)
		die("bpf_prog_load");
	return fd;
}

static int hold_rawtp(const char *path, long count, const char *tp)
{
	struct bpf_object *obj;
	int prog_fd = first_prog_fd(path, &obj), fd;
	struct bpf_program *prog = bpf_object__next_program(obj, NULL);

	printf("ready");
	for (long i = 0; i < count; i++) {
		fd = bpf_raw_tracepoint_open(tp, prog_fd);
		if (fd < 0 && errno == EEXIST) {
			int copy_fd = prog_copy(prog, "GPL");

			fd = bpf_raw_tracepoint_open(tp, copy_fd);
			close(copy_fd);     /* the link holds the copy: one fd per link */
		}
		if (fd < 0)
			die("bpf_raw_tracepoint_open");
		if (count <= 16)
			printf(" %u", lc_obj_id(fd, LC_OBJ_LINK));
	}
	wait_for_signal();
	return 0;
}

static int churn(const char *ifname, const char *path, long seconds, int skb)
{
	LIBBPF_OPTS(bpf_link_create_opts, opts, .flags = skb ? 2 /* XDP_FLAGS_SKB_MODE */ : 0);
	struct bpf_object *obj;
	int ifindex = (int)if_nametoindex(ifname), prog_fd = first_prog_fd(path, &obj), fd;
	time_t end = time(NULL) + seconds;
	long made = 0;

	if (!ifindex)
		die(ifname);
	printf("ready\n");
	fflush(stdout);
	while (time(NULL) < end) {
		fd = bpf_link_create(prog_fd, ifindex, BPF_XDP, &opts);
		if (fd >= 0) {
			made++;
			close(fd);
		}
	}
	fprintf(stderr, "lc-hold: churn made %ld links\n", made);
	return 0;
}

/* tcx (BPF_TCX_INGRESS 46, BPF_TCX_EGRESS 47), cgroup or perf_event links: one link_create. */
static int hold_target(int target_fd, const char *path, int attach_type)
{
	struct bpf_object *obj;
	int prog_fd = first_prog_fd(path, &obj), link_fd;

	link_fd = bpf_link_create(prog_fd, target_fd, attach_type, NULL);
	if (link_fd < 0)
		die("bpf_link_create");
	printf("ready %u", lc_obj_id(link_fd, LC_OBJ_LINK));
	wait_for_signal();
	return 0;
}

static int hold_tcx(const char *ifname, const char *path, int egress)
{
	int ifindex = (int)if_nametoindex(ifname);

	if (!ifindex)
		die(ifname);
	return hold_target(ifindex, path, egress ? 47 : 46);
}

static int probe_tcx(const char *ifname, const char *path)
{
	int ifindex = (int)if_nametoindex(ifname);
	struct bpf_object *obj;
	int prog_fd, link_fd;

	if (!ifindex)
		die(ifname);
	prog_fd = first_prog_fd(path, &obj);
	link_fd = bpf_link_create(prog_fd, ifindex, 46 /* BPF_TCX_INGRESS */, NULL);
	if (link_fd >= 0)
		return 0;
	if (errno == EINVAL)
		return 3;
	die("bpf_link_create");
	return 1;
}

static int hold_perf(const char *path)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_SOFTWARE, .size = sizeof(attr),
		.config = PERF_COUNT_SW_PAGE_FAULTS, .sample_period = 1000000000,
	};
	int event_fd = (int)syscall(__NR_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);

	if (event_fd < 0)
		die("perf_event_open");
	return hold_target(event_fd, path, BPF_PERF_EVENT);
}

static int hold_cgroup(const char *dir, const char *path)
{
	int cg_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (cg_fd < 0)
		die(dir);
	return hold_target(cg_fd, path, BPF_CGROUP_INET_INGRESS);
}

static int hold_netns(const char *path)
{
	int ns_fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);

	if (ns_fd < 0)
		die("/proc/self/ns/net");
	return hold_target(ns_fd, path, BPF_SK_LOOKUP);
}

/* BPF_LINK_CREATE's netfilter fields (6.4+), past what Debian's 6.1 uapi header knows. */
struct nf_link_create {
	__u32 prog_fd, target_fd, attach_type, flags;
	__u32 pf, hooknum;
	__s32 priority;
	__u32 nf_flags;
	__u8 rest[64];
};

static int hold_netfilter(const char *path, int pf, int hook, int prio, int defrag)
{
	struct nf_link_create attr = { .attach_type = 45 /* BPF_NETFILTER */, .pf = (__u32)pf,
				       .hooknum = (__u32)hook, .priority = prio,
				       .nf_flags = defrag ? 1u /* BPF_F_NETFILTER_IP_DEFRAG */ : 0 };
	struct bpf_object *obj = bpf_object__open_file(path, NULL);
	struct bpf_program *prog = obj ? bpf_object__next_program(obj, NULL) : NULL;
	int link_fd;

	if (!prog)
		die(path);
	bpf_program__set_type(prog, 32 /* BPF_PROG_TYPE_NETFILTER */);
	bpf_program__set_expected_attach_type(prog, 45);
	if (bpf_object__load(obj))
		return errno == EINVAL ? 3 : die("load");
	attr.prog_fd = (__u32)bpf_program__fd(prog);
	link_fd = (int)syscall(__NR_bpf, BPF_LINK_CREATE, &attr, sizeof(attr));
	if (link_fd < 0)
		return errno == EINVAL ? 3 : die("bpf_link_create");
	printf("ready %u", lc_obj_id(link_fd, LC_OBJ_LINK));
	wait_for_signal();
	return 0;
}

/* Pin OBJ's first map (or program) and exit: the pin alone keeps it. */
static int pin_first(const char *obj_path, const char *pin_path, int want_map)
{
	struct bpf_object *obj;
	int prog_fd = first_prog_fd(obj_path, &obj), fd = prog_fd;
	struct bpf_map *map = bpf_object__next_map(obj, NULL);

	if (want_map) {
		if (!map)
			die("no map");
		fd = bpf_map__fd(map);
	}
	if (bpf_obj_pin(fd, pin_path))
		die(pin_path);
	printf("%u\n", lc_obj_id(fd, want_map ? LC_OBJ_MAP : LC_OBJ_PROG));
	return 0;
}

static int churn_rawtp(const char *path, long seconds, const char *tp)
{
	struct bpf_object *obj;
	int prog_fd = first_prog_fd(path, &obj), fd;
	time_t end = time(NULL) + seconds;
	long made = 0;

	printf("ready\n");
	fflush(stdout);
	while (time(NULL) < end) {
		fd = bpf_raw_tracepoint_open(tp, prog_fd);
		if (fd >= 0) {
			made++;
			close(fd);
		}
	}
	fprintf(stderr, "lc-hold: rawtp churn made %ld links\n", made);
	return 0;
}

static int hold_iter(const char *path)
{
	struct bpf_object *obj = bpf_object__open_file(path, NULL);
	struct bpf_program *prog;
	struct bpf_link *link;

	if (!obj || bpf_object__load(obj))
		die(path);
	prog = bpf_object__next_program(obj, NULL);
	link = prog ? bpf_program__attach_iter(prog, NULL) : NULL;
	if (!link)
		die("bpf_program__attach_iter");
	printf("ready %u", lc_obj_id(bpf_link__fd(link), LC_OBJ_LINK));
	wait_for_signal();
	return 0;
}

static int hold_pin(const char *path)
{
	int fd = bpf_obj_get(path);

	if (fd < 0)
		die(path);
	printf("ready %d", fd);
	wait_for_signal();
	return 0;
}

int main(int argc, char **argv)
{
	struct lc_err err;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 2 && !strcmp(argv[1], "-n")) {
		if (lc_netns_join(argv[2], &err)) {
			fprintf(stderr, "lc-hold: %s\n", err.msg);
			return 1;
		}
		argc -= 2;
		argv += 2;
	}
	if (argc == 3 && !strcmp(argv[1], "pin"))
		return hold_pin(argv[2]);
	if ((argc == 4 || argc == 5) && !strcmp(argv[1], "xdp"))
		return hold_xdp(argv[2], argv[3], argc == 5 && !strcmp(argv[4], "skb"));
	if ((argc == 4 || argc == 5) && !strcmp(argv[1], "rawtp"))
		return hold_rawtp(argv[2], atol(argv[3]), argc == 5 ? argv[4] : "sys_enter");
	if ((argc == 5 || argc == 6) && !strcmp(argv[1], "churn"))
		return churn(argv[2], argv[3], atol(argv[4]), argc == 6 && !strcmp(argv[5], "skb"));
	if ((argc == 4 || argc == 5) && !strcmp(argv[1], "rawtp-churn"))
		return churn_rawtp(argv[2], atol(argv[3]), argc == 5 ? argv[4] : "sched_process_hang");
	if ((argc == 4 || argc == 5) && !strcmp(argv[1], "tcx"))
		return hold_tcx(argv[2], argv[3], argc == 5 && !strcmp(argv[4], "egress"));
	if (argc == 3 && !strcmp(argv[1], "perf"))
		return hold_perf(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "probe-tcx"))
		return probe_tcx(argv[2], argv[3]);
	if (argc == 4 && !strcmp(argv[1], "cgroup"))
		return hold_cgroup(argv[2], argv[3]);
	if (argc == 3 && !strcmp(argv[1], "iter"))
		return hold_iter(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "netns"))
		return hold_netns(argv[2]);
	if ((argc == 6 || argc == 7) && !strcmp(argv[1], "netfilter"))
		return hold_netfilter(argv[2], atoi(argv[3]), atoi(argv[4]), atoi(argv[5]),
				      argc == 7 && !strcmp(argv[6], "defrag"));
	if (argc == 4 && (!strcmp(argv[1], "pin-map") || !strcmp(argv[1], "pin-prog")))
		return pin_first(argv[2], argv[3], !strcmp(argv[1], "pin-map"));
	fprintf(stderr, "usage: lc-hold [-n NETNS] pin PATH | xdp IFNAME OBJ [skb] | "
		"rawtp OBJ COUNT [TP] | churn IFNAME OBJ SECS [skb] | tcx IFNAME OBJ [egress] | "
		"rawtp-churn OBJ SECS [TP] | probe-tcx IFNAME OBJ | perf OBJ | cgroup DIR OBJ | iter OBJ | "
		"netns OBJ | netfilter OBJ PF HOOK PRIO [defrag] | "
		"pin-map OBJ PATH | pin-prog OBJ PATH\n");
	return 2;
}
