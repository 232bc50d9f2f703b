# SPDX-License-Identifier: GPL-2.0-only
# cgroup_helpers.bash: each cgroup test gets its own cgroup under the cgroup2 mount (found in
# /proc/mounts), removed in teardown; bpftool's view of it is the witness.

CG_SKB="$BPF_DIR/cgroup_skb.bpf.o"
CG_COUNT="$BPF_DIR/cgroup_count.bpf.o"

cg_setup() {
	lc_setup
	CGROOT=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)
	[ -n "$CGROOT" ] || skip "no cgroup v2 mount"
	CG="$CGROOT/${LC_TEST_PREFIX}-cg-${BATS_TEST_NUMBER}-$$"
	mkdir "$CG"
	CGID=$(stat -c %i "$CG")
	export CG CGID CGROOT
}

cg_teardown() {
	local pid
	if [ -n "${CG:-}" ] && [ -d "$CG" ]; then
		# processes first (a cgroup with members cannot go), then the tree, children first
		for pid in $(find "$CG" -name cgroup.procs -exec cat {} + 2>/dev/null); do
			kill -9 "$pid" 2>/dev/null || true
		done
		for _ in $(seq 20); do
			find "$CG" -depth -type d -exec rmdir {} + 2>/dev/null
			[ -d "$CG" ] || break
			sleep 0.1
		done
	fi
	lc_teardown
}

setup() { cg_setup; }
teardown() { cg_teardown; }

# bpftool's list of a cgroup: "PROG_ID ATTACH_TYPE ATTACH_FLAGS" per line, in its order
# (bpftool leaves the flags of mode none empty).
bpftool_cg() {
	bpftool -j cgroup show "${1:-$CG}" |
		jq -r '.[] | "\(.id) \(.attach_type) \(.attach_flags // "" | if . == "" then "none" else . end)"'
}

# The default pin directory of a cgroup link of attach type $1.
cg_pin_dir() { echo "$BPFFS/linkctl/cgroup/$CGID/$1"; }

# Attach a program by BPF_PROG_ATTACH through bpftool (not linkctl): $1 type, $2 object,
# $3 flags ("" for none), $4 the cgroup (default $CG). Prints the program's ID.
bpftool_attach() {
	local pin="$BPFFS/bpftool-prog-$RANDOM"
	bpftool prog load "$2" "$pin" >/dev/null
	# shellcheck disable=SC2086
	bpftool cgroup attach "${4:-$CG}" "$1" pinned "$pin" ${3:-}
	bpftool -j prog show pinned "$pin" | jq -r .id
	rm -f "$pin"
}

# The count in cgroup_count's map of program $1 (bpftool's dump of its only map).
cg_packets() {
	local map
	map=$(bpftool -j prog show id "$1" | jq -r '.map_ids[0]')
	bpftool -j map dump id "$map" | jq -r '.[0].formatted.value'
}

# Send $1 UDP datagrams over loopback in $NS from a process living in the test's cgroup
# (nsenter, not ip netns exec: that remounts /sys, where the cgroup is).
cg_send() {
	nsenter --net="/run/netns/$NS" bash -c "echo \$\$ > '$CG/cgroup.procs'
		for i in \$(seq $1); do echo x > /dev/udp/127.0.0.1/9; done"
}

# The link ID behind the pin the last `hold pin` holds.
fdinfo_link_id() {
	awk '$1 == "link_id:" { print $2 }' "/proc/$HOLD_PID/fdinfo/$HOLD_IDS"
}
