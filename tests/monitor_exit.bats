#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# monitor: a link released by its holder's exit is reported at the exit (proc connector),
# found through that process's links alone; pinned or handed-on links are not gone.
# -d names the exit a release was found through: its holder's, or, when someone else's
# reference (an iterator's pass) kept the link a moment past that exit, a later one (or
# the look again at such links with every probe).

load helpers
load monitor_helpers

# A release must be found through its holder's exit: the full read, which finds it too
# (on a slow guest, sometimes first), comes only once a minute (MON_FULL_MS= for its own).
MON_FULL_MS=60000

# start_mon NAME ARGS...: a monitor with -d (its log in NAME.err) and -j, output in NAME.out.
start_mon() {
	local name=$1
	shift
	bg env LINKCTL_MONITOR_FULL_MS="$MON_FULL_MS" "$LINKCTL" -d -j -n "$NS" monitor "$@" \
		>"$BATS_TEST_TMPDIR/$name.out" 2>"$BATS_TEST_TMPDIR/$name.err"
	MON_PID=$BG_PID
	wait_started "$MON_PID"
}

# wait_json NAME FILTER: until an event of NAME.out matches FILTER (a jq condition), 20 s at most.
wait_json() {
	local i
	for i in $(seq 200); do
		[ "$(jq -s "any(.[]; $2)" "$BATS_TEST_TMPDIR/$1.out" 2>/dev/null)" = true ] && return 0
		sleep 0.1
	done
	fail "no event with $2 in: $(cat "$BATS_TEST_TMPDIR/$1.out")"
}

stop_mon() {
	kill -TERM "$1"
	wait "$1"
}

# The monitor's -d notes, libbpf's own lines left out.
mon_log() { grep '^linkctl: ' "$BATS_TEST_TMPDIR/$1.err" || true; }

# One raw_tracepoint link on a tracepoint that never fires; sets HOLD_PID, LINK_ID, PROG_ID.
hold_rawtp() {
	hold rawtp "$BPF_DIR/raw_tp.bpf.o" 1 sched_process_hang
	LINK_ID=$HOLD_IDS
	PROG_ID=$(bpftool -j link show id "$LINK_ID" | jq '.prog_id')
	[ "$PROG_ID" -gt 0 ]
}

# The link events (not XDP ones) of link $2 in NAME.out as "event link_id type prog_id" lines.
link_events() {
	jq -r --argjson l "$2" 'select(.link_id == $l and .type != null) | [.event, .link_id, .type, .prog_id] | @tsv' \
		"$BATS_TEST_TMPDIR/$1.out"
}

# dup_fd PID FD: a python process takes a copy of PID's fd FD (pidfd_getfd) and keeps it.
# Sets DUP_PID and DUP_FD.
dup_fd() {
	local fifo line
	fifo=$(mktemp -u "/tmp/${LC_TEST_PREFIX}-fifo.XXXXXX")
	mkfifo "$fifo"
	python3 -c '
import ctypes, signal, sys
libc = ctypes.CDLL(None, use_errno=True)
pidfd = libc.syscall(434, int(sys.argv[1]), 0)          # pidfd_open
fd = libc.syscall(438, pidfd, int(sys.argv[2]), 0) if pidfd >= 0 else -1   # pidfd_getfd
print("ready", fd, flush=True)
signal.pause()' "$1" "$2" >"$fifo" &
	DUP_PID=$!
	BG_PIDS+=("$DUP_PID")
	read -r -t 10 line <"$fifo" || true
	rm -f "$fifo"
	DUP_FD=${line#ready }
	[[ "$line" == ready* && "$DUP_FD" -ge 0 ]] || fail "pidfd_getfd failed: $line"
}

@test "monitor_exit: a raw_tracepoint link's holder exits: link-gone at once, found through its exit (-j and text)" {
	hold_rawtp
	local pid=$HOLD_PID
	start_mon mon link timeout 30
	local json_pid=$MON_PID
	bg env LINKCTL_MONITOR_FULL_MS="$MON_FULL_MS" "$LINKCTL" -d -n "$NS" monitor link timeout 30 \
		>"$BATS_TEST_TMPDIR/text.out" 2>"$BATS_TEST_TMPDIR/text.err"
	local text_pid=$BG_PID
	wait_started "$text_pid"
	kill "$pid"
	wait_json mon ".event == \"link-gone\" and .link_id == $LINK_ID"
	for _ in $(seq 100); do
		grep -q " link-gone id $LINK_ID " "$BATS_TEST_TMPDIR/text.out" && break
		sleep 0.1
	done
	stop_mon "$json_pid"
	stop_mon "$text_pid"
	# the witness: the kernel has no such link any more
	run bpftool link show id "$LINK_ID"
	assert_failure
	run link_events mon "$LINK_ID"
	assert_output "$(printf 'link-gone\t%s\traw_tracepoint\t%s' "$LINK_ID" "$PROG_ID")"
	run grep " link-gone id $LINK_ID " "$BATS_TEST_TMPDIR/text.out"
	# the program's name, when it was read before the program went with its link
	assert_output --regexp "^[0-9T:Z-]+ link-gone id $LINK_ID raw_tracepoint prog $PROG_ID (rtp_[a-z_]+|-)\$"
	run mon_log mon
	assert_line --regexp "^linkctl: monitor: link $LINK_ID gone: found (through|by) (the exit of its holder, process $pid|a process exit \(its holder unknown\)|a look at the links whose holders are unknown)$"
	assert_line --partial "linkctl: monitor: released links found through their holders' exits (proc connector)"
	run mon_log text
	assert_line --regexp "^linkctl: monitor: link $LINK_ID gone: found (through|by) (the exit of its holder, process $pid|a process exit \(its holder unknown\)|a look at the links whose holders are unknown)$"
}

@test "monitor_exit: an XDP link's holder exits: detach and link-gone with link, program and ifindex" {
	hold_xdp_link
	local pid=$HOLD_PID link_id=$HOLD_IDS
	start_mon mon dev veth0 timeout 30
	kill "$pid"
	wait_json mon ".event == \"link-gone\" and .link_id == $link_id"
	wait_json mon ".event == \"detach\" and .link_id == $link_id"
	stop_mon "$MON_PID"
	# the witnesses: no XDP program on veth0, no such link
	assert_equal "$(ip_xdp_prog_id veth0)" ""
	run bpftool link show id "$link_id"
	assert_failure
	run jq -r 'select(.event == "detach") | [.ifindex, .devname, .mode, .prog_id, .attached, .link_id] | @tsv' \
		"$BATS_TEST_TMPDIR/mon.out"
	assert_output "$(printf '%s\tveth0\tdrv\t%s\tlink\t%s' "$IFINDEX0" "$HELD_PROG" "$link_id")"
	run link_events mon "$link_id"
	assert_output "$(printf 'link-gone\t%s\txdp\t%s' "$link_id" "$HELD_PROG")"
	run jq -r --argjson l "$link_id" 'select(.event == "link-gone" and .link_id == $l) | .ifindex' \
		"$BATS_TEST_TMPDIR/mon.out"
	assert_output "$IFINDEX0"
	run jq -sc '[.[] | .event]' "$BATS_TEST_TMPDIR/mon.out"
	assert_output '["detach","link-gone"]'
	run mon_log mon
	assert_line --regexp "^linkctl: monitor: link $link_id gone: found (through|by) (the exit of its holder, process $pid|a process exit \(its holder unknown\)|a look at the links whose holders are unknown)$"
}

@test "monitor_exit: a link made after the monitor started (holder not scanned yet) is found at its holder's exit" {
	start_mon mon link timeout 30
	hold_rawtp
	wait_json mon ".event == \"link-new\" and .link_id == $LINK_ID"
	kill "$HOLD_PID"
	wait_json mon ".event == \"link-gone\" and .link_id == $LINK_ID"
	stop_mon "$MON_PID"
	run link_events mon "$LINK_ID"
	assert_output "$(printf 'link-new\t%s\traw_tracepoint\t%s\nlink-gone\t%s\traw_tracepoint\t%s' \
		"$LINK_ID" "$PROG_ID" "$LINK_ID" "$PROG_ID")"
	run mon_log mon
	assert_line --regexp "^linkctl: monitor: link $LINK_ID gone: found (through|by) (the exit of its holder, process $HOLD_PID|a process exit \(its holder unknown\)|a look at the links whose holders are unknown)$"
}

@test "monitor_exit: a pinned link whose holder exits is not gone; unpinned, the full read reports it" {
	MON_FULL_MS=
	hold_rawtp
	lc link pin id "$LINK_ID" "$BPFFS/kept"
	start_mon mon link timeout 30
	drop_holder
	sleep 1.5
	# the witness: the kernel still has it, held by the pin alone
	run bpftool -j link show id "$LINK_ID"
	assert_success
	run link_events mon "$LINK_ID"
	assert_output ""
	rm "$BPFFS/kept"
	wait_json mon ".event == \"link-gone\" and .link_id == $LINK_ID"
	stop_mon "$MON_PID"
	run link_events mon "$LINK_ID"
	assert_output "$(printf 'link-gone\t%s\traw_tracepoint\t%s' "$LINK_ID" "$PROG_ID")"
	# a release without an exit: found by the full read, not through an exit
	run mon_log mon
	refute_line --partial "link $LINK_ID gone: found through"
}

@test "monitor_exit: a link whose fd another process took is gone only when the last holder exits" {
	hold_rawtp
	local first=$HOLD_PID
	start_mon mon link timeout 30
	dup_fd "$first" "$(link_fd "$first" "$LINK_ID")"
	assert_equal "$(awk '/^link_id:/ { print $2 }' /proc/"$DUP_PID"/fdinfo/"$DUP_FD")" "$LINK_ID"
	kill "$first"
	wait "$first" 2>/dev/null || true
	sleep 1.5
	run bpftool -j link show id "$LINK_ID"
	assert_success
	run link_events mon "$LINK_ID"
	assert_output ""
	kill "$DUP_PID"
	wait_json mon ".event == \"link-gone\" and .link_id == $LINK_ID"
	stop_mon "$MON_PID"
	run link_events mon "$LINK_ID"
	assert_output "$(printf 'link-gone\t%s\traw_tracepoint\t%s' "$LINK_ID" "$PROG_ID")"
	run mon_log mon
	assert_line --regexp "^linkctl: monitor: link $LINK_ID gone: found (through|by) (the exit of its holder, process $DUP_PID|a process exit \(its holder unknown\)|a look at the links whose holders are unknown)$"
}

@test "monitor_exit: with 10,000 unrelated links held elsewhere the exit still finds the link" {
	local many=10000 many_pid
	hold_many_links "$many"
	many_pid=$MANY_PID
	assert_equal "$(grep -ls '^link_id:' /proc/"$many_pid"/fdinfo/* | wc -l)" "$many"
	hold_rawtp
	local pid=$HOLD_PID
	start_mon mon link timeout 60
	kill "$pid"
	wait_json mon ".event == \"link-gone\" and .link_id == $LINK_ID"
	stop_mon "$MON_PID"
	run link_events mon "$LINK_ID"
	assert_output "$(printf 'link-gone\t%s\traw_tracepoint\t%s' "$LINK_ID" "$PROG_ID")"
	run mon_log mon
	assert_line --regexp "^linkctl: monitor: link $LINK_ID gone: found (through|by) (the exit of its holder, process $pid|a process exit \(its holder unknown\)|a look at the links whose holders are unknown)$"
	# no event names one of the unrelated holder's links
	grep -h '^link_id:' /proc/"$many_pid"/fdinfo/* | awk '{ print $2 }' | sort >"$BATS_TEST_TMPDIR/many.ids"
	jq -r 'select(.link_id != null) | .link_id' "$BATS_TEST_TMPDIR/mon.out" | sort -u \
		>"$BATS_TEST_TMPDIR/event.ids"
	run comm -12 "$BATS_TEST_TMPDIR/event.ids" "$BATS_TEST_TMPDIR/many.ids"
	assert_output ""
}

@test "monitor_exit: in a pid namespace of its own the monitor says exits are not watched, and still reports" {
	hold_rawtp
	bg unshare --pid --fork --kill-child --mount-proc "$LINKCTL" -d -j monitor link timeout 30 \
		>"$BATS_TEST_TMPDIR/mon.out" 2>"$BATS_TEST_TMPDIR/mon.err"
	MON_PID=$BG_PID
	for _ in $(seq 100); do
		grep -q "monitor: links and hook owners read" "$BATS_TEST_TMPDIR/mon.err" && break
		sleep 0.1
	done
	sleep 0.5
	kill "$HOLD_PID"
	wait_json mon ".event == \"link-gone\" and .link_id == $LINK_ID"
	kill -TERM "$(pgrep -P "$MON_PID")"     # the monitor, pid 1 of its namespace
	wait "$MON_PID"
	run link_events mon "$LINK_ID"
	assert_output "$(printf 'link-gone\t%s\traw_tracepoint\t%s' "$LINK_ID" "$PROG_ID")"
	run mon_log mon
	assert_line "linkctl: monitor: process exits not watched (not in the initial pid namespace): released links are found by the full read"
	refute_line --partial "gone: found through"
}

@test "monitor_exit: a holder in a pid namespace of its own: its exit is seen with its pid on the host" {
	local fifo line holder
	fifo=$(mktemp -u "/tmp/${LC_TEST_PREFIX}-fifo.XXXXXX")
	mkfifo "$fifo"
	unshare --pid --fork --kill-child "$HOLD" rawtp "$BPF_DIR/raw_tp.bpf.o" 1 sched_process_hang >"$fifo" &
	BG_PIDS+=("$!")
	local unshare_pid=$!
	read -r -t 10 line <"$fifo" || true
	rm -f "$fifo"
	[[ "$line" == ready* ]] || fail "lc-hold did not start: $line"
	LINK_ID=${line#ready }
	holder=$(pgrep -P "$unshare_pid")
	# the witness: the holder is pid 1 of its namespace, and holds the link
	assert_equal "$(awk '/^NSpid:/ { print $3 }' /proc/"$holder"/status)" 1
	[ -n "$(link_fd "$holder" "$LINK_ID")" ]
	start_mon mon link timeout 30
	kill "$holder"
	wait_json mon ".event == \"link-gone\" and .link_id == $LINK_ID"
	stop_mon "$MON_PID"
	run jq -r --argjson l "$LINK_ID" 'select(.link_id == $l) | [.event, .type] | @tsv' "$BATS_TEST_TMPDIR/mon.out"
	assert_output "$(printf 'link-gone\traw_tracepoint')"
	run mon_log mon
	assert_line --regexp "^linkctl: monitor: link $LINK_ID gone: found (through|by) (the exit of its holder, process $holder|a process exit \(its holder unknown\)|a look at the links whose holders are unknown)$"
}
