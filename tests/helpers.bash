# SPDX-License-Identifier: GPL-2.0-only
# helpers.bash: every test gets its own network namespace with a veth pair and its own
# private bpffs mount; teardown removes them (and any helper processes) even on failure.
#
# Provided to tests:
#   $NS        the test's netns (veth0 <-> veth1 inside it, both up)
#   $BPFFS     the test's private bpffs mount
#   $IFINDEX0  ifindex of veth0, $IFINDEX1 of veth1
#   lc ARGS    linkctl with --bpffs $BPFFS -n $NS
#   lcj ARGS   the same with -j
#   $BPF_DIR   compiled test BPF objects; $HOLD the lc-hold helper binary
#   hold ARGS  start lc-hold in the background; sets $HOLD_PID and $HOLD_IDS

bats_require_minimum_version 1.5.0

TESTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(dirname "$TESTS_DIR")"
LINKCTL="${LINKCTL:-$REPO_DIR/linkctl}"
BPF_DIR="$TESTS_DIR/bpf"
HOLD="$TESTS_DIR/tools/lc-hold.bin"

load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'

# Every resource a test makes starts with this prefix so the leftovers check can find it.
LC_TEST_PREFIX="lct"

lc_setup() {
	NS="${LC_TEST_PREFIX}-${BATS_TEST_NUMBER}-$$"
	BG_PIDS=()
	ip netns add "$NS"
	ip -n "$NS" link set lo up
	ip -n "$NS" link add veth0 type veth peer name veth1
	ip -n "$NS" link set veth0 up
	ip -n "$NS" link set veth1 up
	IFINDEX0=$(ip -n "$NS" -j link show veth0 | jq '.[0].ifindex')
	IFINDEX1=$(ip -n "$NS" -j link show veth1 | jq '.[0].ifindex')
	BPFFS=$(mktemp -d "/tmp/${LC_TEST_PREFIX}-bpffs.XXXXXX")
	mount -t bpf bpf "$BPFFS"
	export NS BPFFS IFINDEX0 IFINDEX1
}

lc_teardown() {
	local pid
	for pid in "${BG_PIDS[@]}"; do
		kill "$pid" 2>/dev/null || true
	done
	for pid in "${BG_PIDS[@]}"; do
		wait "$pid" 2>/dev/null || true
	done
	if [ -n "${NS:-}" ]; then
		ip netns del "$NS" 2>/dev/null || true
	fi
	if [ -n "${BPFFS:-}" ] && [ -d "$BPFFS" ]; then
		umount "$BPFFS" 2>/dev/null || true
		rmdir "$BPFFS" 2>/dev/null || true
	fi
}

setup() { lc_setup; }
teardown() { lc_teardown; }

lc() { "$LINKCTL" --bpffs "$BPFFS" -n "$NS" "$@"; }
lcj() { "$LINKCTL" -j --bpffs "$BPFFS" -n "$NS" "$@"; }

# Start a background process and remember it for teardown.
bg() {
	"$@" &
	BG_PIDS+=("$!")
	BG_PID=$!
}

# unshared_netns: a background process in a network namespace of its own (unshare --net),
# the only thing keeping it; returns once it is in there. Sets UNSHARED_PID.
unshared_netns() {
	bg unshare --net sleep 1000
	UNSHARED_PID=$BG_PID
	for _ in $(seq 50); do
		[ "$(stat -L -c %i /proc/$UNSHARED_PID/ns/net)" != "$(stat -L -c %i /proc/self/ns/net)" ] && break
		sleep 0.05
	done
}

# hold ARGS...: run lc-hold in the background, wait for its "ready" line.
# Sets HOLD_PID and HOLD_IDS (the link IDs it holds).
hold() {
	local fifo line
	fifo=$(mktemp -u "/tmp/${LC_TEST_PREFIX}-fifo.XXXXXX")
	mkfifo "$fifo"
	"$HOLD" "$@" >"$fifo" &
	HOLD_PID=$!
	BG_PIDS+=("$HOLD_PID")
	read -r -t 10 line <"$fifo" || true
	rm -f "$fifo"
	[[ "$line" == ready* ]] || { echo "lc-hold did not start: $line" >&2; return 1; }
	HOLD_IDS="${line#ready}"
	HOLD_IDS="${HOLD_IDS# }"
}

# hold_xdp_link: lc-hold holds an XDP link of xdp_pass on veth0 of $NS. Sets what hold sets,
# HELD_PROG (the program ip sees there) and HELD_FD (the holder's fd of it, from its fdinfo).
hold_xdp_link() {
	hold -n "$NS" xdp veth0 "$BPF_DIR/xdp_pass.bpf.o"
	HELD_PROG=$(ip_xdp_prog_id veth0)
	HELD_FD=$(link_fd "$HOLD_PID" "$HOLD_IDS")
}

# Valid JSON on stdout ($output), whatever the exit code.
assert_json() {
	echo "$output" | jq -e . >/dev/null || fail "not valid JSON: $output"
}

# jq on $output: jqo FILTER -> prints the raw result.
jqo() { echo "$output" | jq -r "$@"; }

# run_fails CMD EXIT ARGS...: `CMD ARGS` (lc or lcj) exits EXIT; run sets $output, $stderr.
run_fails() {
	local cmd=$1 code=$2
	shift 2
	run --separate-stderr "$cmd" "$@"
	assert_failure "$code"
}

# lc_fails EXIT MSG ARGS...: `lc ARGS` exits EXIT with "Error: MSG" on stderr.
lc_fails() {
	run_fails lc "$1" "${@:3}"
	assert_equal "$stderr" "Error: $2"
}

# lcj_fails EXIT MSG ARGS...: `lcj ARGS` exits EXIT with {"error": MSG} on stdout.
lcj_fails() {
	run_fails lcj "$1" "${@:3}"
	assert_equal "$(jqo .error)" "$2"
}

# assert_refused EXIT MSG ARGS...: both of the above. Only for commands that change nothing.
assert_refused() {
	lc_fails "$@"
	lcj_fails "$@"
}

# The prog ID XDP has on a device in mode (xdp = drv, xdpgeneric = skb), from iproute2.
ip_xdp_prog_id() {
	ip -n "$NS" -j -d link show "$1" | jq -r '.[0].xdp.prog.id // .[0].xdp.attached[0].prog.id // empty'
}

# link_fd PID LINK_ID: the fd through which process PID holds link LINK_ID (from its fdinfo).
# One grep over all of them: a grep per fd of a 3000-link holder takes minutes under qemu.
link_fd() {
	local f
	f=$(grep -lsE "^link_id:[[:space:]]+$2\$" /proc/"$1"/fdinfo/* | head -n1)
	if [ -n "$f" ]; then
		basename "$f"
	fi
}

# link_fdinfo PID LINK_ID KEY: a field of that link's fdinfo (prog_id, link_type, ...).
link_fdinfo() {
	local fd
	fd=$(link_fd "$1" "$2")
	[ -n "$fd" ] && awk -v k="$3:" '$1 == k { print $2 }' /proc/"$1"/fdinfo/"$fd"
}

# drop_holder: stop the last lc-hold started, so that only pins keep its links.
drop_holder() {
	kill "$HOLD_PID"
	wait "$HOLD_PID" 2>/dev/null || true
}

# comp WORD...: bash completion (bash-completion/linkctl) of the last WORD after `linkctl`
# (give "" for a new word), with COMP_WORDS[0] = $COMP_PROG or $LINKCTL; COMPREPLY joined
# by blanks lands in $output.
comp() {
	declare -F _linkctl >/dev/null || source "$REPO_DIR/bash-completion/linkctl"
	COMP_WORDS=("${COMP_PROG:-$LINKCTL}" "$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMPREPLY=()
	_linkctl
	output="${COMPREPLY[*]}"
}

# PIDs (sorted, one a line) of the processes holding an fd to bpf_link ID, from /proc/*/fdinfo.
link_owner_pids() {
	grep -lsx "link_id:[[:space:]]*$1" /proc/[0-9]*/fdinfo/* 2>/dev/null | cut -d/ -f3 | sort -un
}

# link_info_has NAME: whether the running kernel's struct bpf_link_info has member NAME (its
# BTF, through bpftool): kernels before 6.6 have no perf_event member and report no
# perf_event detail.
link_info_has() {
	bpftool btf dump file /sys/kernel/btf/vmlinux format c |
		awk '/^struct bpf_link_info \{/,/^\};/' | grep -qE "^[[:space:]]*\} $1;"
}

# tcx_kernel: "yes" where the kernel makes tcx links (6.6+), "no" where it does not; fails
# the test if the probe itself breaks. Probed, not read from the version: a tcx link made
# and dropped on the test namespace's lo; BPF_LINK_CREATE's EINVAL is a kernel without tcx.
tcx_kernel() {
	local rc=0
	"$HOLD" -n "$NS" probe-tcx lo "$BPF_DIR/tc_pass.bpf.o" >&2 || rc=$?
	case "$rc" in
	0) echo yes ;;
	3) echo no ;;
	*) fail "lc-hold probe-tcx failed (exit $rc)" ;;
	esac
}

# tcx_or_skip: go on where the kernel makes tcx links, else skip naming the feature and
# the kernel.
tcx_or_skip() {
	local has
	has=$(tcx_kernel) || return 1
	[ "$has" = yes ] || skip "tcx links: not supported by kernel $(uname -r) (BPF_LINK_CREATE: EINVAL)"
}
