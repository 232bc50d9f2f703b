#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# monitor: XDP attach/replace/detach via netlink and via bpf_link, link new/gone/detached.

load helpers
load monitor_helpers

# Start the monitor in the background; the caller redirects its output.
start_monitor() {
	bg "$LINKCTL" -j -n "$NS" monitor "$@"
	MON_PID=$BG_PID
	wait_started "$MON_PID"
}

# Wait for the background monitor to end by itself (count/timeout), at most 15 s.
wait_monitor() {
	local i
	for i in $(seq 150); do
		kill -0 "$MON_PID" 2>/dev/null || break
		sleep 0.1
	done
	! kill -0 "$MON_PID" 2>/dev/null || fail "monitor did not end"
	wait "$MON_PID"
}

prog_id_of() { "$LINKCTL" -j prog list | jq -r --arg n "$1" '[.[] | select(.name == $n)] | last | .id'; }

@test "monitor: netlink attach, replace and detach in skb mode, exact fields" {
	start_monitor xdp dev veth0 count 3 timeout 10 >"$BATS_TEST_TMPDIR/monitor.out"
	ip -n "$NS" link set veth0 xdpgeneric obj "$BPF_DIR/xdp_pass.bpf.o" sec xdp
	pass_id=$(ip -n "$NS" -j -d link show veth0 | jq '.[0].xdp.prog.id')
	sleep 0.3
	ip -n "$NS" -force link set veth0 xdpgeneric obj "$BPF_DIR/xdp_drop.bpf.o" sec xdp
	drop_id=$(ip -n "$NS" -j -d link show veth0 | jq '.[0].xdp.prog.id')
	sleep 0.3
	ip -n "$NS" link set veth0 xdpgeneric off
	wait_monitor
	run cat "$BATS_TEST_TMPDIR/monitor.out"
	assert_equal "${#lines[@]}" 3
	run jq -sc '[.[] | [.event, .ifindex, .devname, .mode, .prog_id, .attached]]' "$BATS_TEST_TMPDIR/monitor.out"
	assert_output "[[\"attach\",$IFINDEX0,\"veth0\",\"skb\",$pass_id,\"netlink\"],[\"replace\",$IFINDEX0,\"veth0\",\"skb\",$drop_id,\"netlink\"],[\"detach\",$IFINDEX0,\"veth0\",\"skb\",$drop_id,\"netlink\"]]"
	run jq -sr '.[1].old_prog_id, .[1].prog_name, .[0].prog_name' "$BATS_TEST_TMPDIR/monitor.out"
	assert_output "$pass_id
xdp_drop
xdp_pass"
}

@test "monitor: a bpf_link XDP attach and release are seen (no netlink event exists for them)" {
	start_monitor dev veth1 count 4 timeout 10 >"$BATS_TEST_TMPDIR/monitor.out"
	hold -n "$NS" xdp veth1 "$BPF_DIR/xdp_pass.bpf.o"
	link_id=$HOLD_IDS
	sleep 0.5
	kill "$HOLD_PID"
	wait_monitor
	run jq -sc '[.[] | .event] | sort' "$BATS_TEST_TMPDIR/monitor.out"
	assert_output '["attach","detach","link-gone","link-new"]'
	run jq -sr '.[] | select(.event == "attach") | [.devname, .mode, .attached, .link_id] | @tsv' "$BATS_TEST_TMPDIR/monitor.out"
	assert_output "$(printf 'veth1\tdrv\tlink\t%s' "$link_id")"
	run jq -sr '.[] | select(.event == "link-new") | [.link_id, .type, .ifindex, .prog_name] | @tsv' "$BATS_TEST_TMPDIR/monitor.out"
	assert_output "$(printf '%s\txdp\t%s\txdp_pass' "$link_id" "$IFINDEX1")"
	run jq -sr '.[] | select(.event == "detach") | [.attached, .link_id] | @tsv' "$BATS_TEST_TMPDIR/monitor.out"
	assert_output "$(printf 'link\t%s' "$link_id")"
}

# new_xdp_link_at_once MODE (drv or skb): two monitors with full reads a minute apart, one
# reading new device links through its fd of them, one not (LINKCTL_SELF_ITER=0); an XDP
# link attached to veth1 in MODE: the first reports it and the hook it holds at once.
new_xdp_link_at_once() {
	local mode=$1 mon off link_id prog_id
	bg env LINKCTL_MONITOR_FULL_MS=60000 "$LINKCTL" -d -j -n "$NS" monitor dev veth1 timeout 30 \
		>"$BATS_TEST_TMPDIR/m.out" 2>"$BATS_TEST_TMPDIR/m.err"
	mon=$BG_PID
	wait_started "$mon"
	bg env LINKCTL_MONITOR_FULL_MS=60000 LINKCTL_SELF_ITER=0 "$LINKCTL" -d -j -n "$NS" monitor dev veth1 \
		timeout 30 >"$BATS_TEST_TMPDIR/off.out" 2>"$BATS_TEST_TMPDIR/off.err"
	off=$BG_PID
	wait_started "$off"
	if [ "$mode" = skb ]; then
		hold -n "$NS" xdp veth1 "$BPF_DIR/xdp_pass.bpf.o" skb
	else
		hold -n "$NS" xdp veth1 "$BPF_DIR/xdp_pass.bpf.o"
	fi
	link_id=$HOLD_IDS
	prog_id=$(ip -n "$NS" -j -d link show veth1 | jq '.[0].xdp.prog.id')
	for _ in $(seq 100); do
		[ "$(wc -l <"$BATS_TEST_TMPDIR/m.out")" -ge 2 ] && break
		sleep 0.05
	done
	sleep 1
	kill "$mon" "$off"
	wait "$mon" "$off" || true
	run jq -sc '[.[] | [.event, .devname, .mode, .prog_id, .attached, .link_id]]' "$BATS_TEST_TMPDIR/m.out"
	assert_output "[[\"attach\",\"veth1\",\"$mode\",$prog_id,\"link\",$link_id],[\"link-new\",null,null,$prog_id,null,$link_id]]"
	# the witnesses: the holder's fdinfo of the link, the device's XDP program (above)
	assert_equal "$(link_fdinfo "$HOLD_PID" "$link_id" ifindex) $(link_fdinfo "$HOLD_PID" "$link_id" prog_id)" \
		"$IFINDEX1 $prog_id"
	run grep -c "monitor: new device link $link_id: its device read through our own fd of it" "$BATS_TEST_TMPDIR/m.err"
	assert_output 1
	# without that read: nothing until the full read, a minute away
	run cat "$BATS_TEST_TMPDIR/off.out"
	assert_output ""
	run grep -c "monitor: new device link $link_id: its device left to the full read" "$BATS_TEST_TMPDIR/off.err"
	assert_output 1
}

@test "monitor: a new XDP link (drv) and the hook it holds come out at once, full reads a minute apart: its device read through our own fd" {
	new_xdp_link_at_once drv
}

@test "monitor: the same in skb mode, whose hook the notification's read may miss: the hooks read again at once" {
	new_xdp_link_at_once skb
}

@test "monitor: 'link' alone reports only link events; device deletion makes a link defunct" {
	start_monitor link dev veth0 count 2 timeout 10 >"$BATS_TEST_TMPDIR/monitor.out"
	hold -n "$NS" xdp veth0 "$BPF_DIR/xdp_pass.bpf.o"
	link_id=$HOLD_IDS
	sleep 0.5
	ip -n "$NS" link del veth0
	wait_monitor
	run jq -sr '.[] | [.event, .link_id] | @tsv' "$BATS_TEST_TMPDIR/monitor.out"
	assert_output "$(printf 'link-new\t%s\nlink-detached\t%s' "$link_id" "$link_id")"
}

@test "monitor: text output is one timestamped line per event" {
	bg "$LINKCTL" -n "$NS" monitor xdp dev veth0 count 1 timeout 10 >"$BATS_TEST_TMPDIR/monitor.txt"
	MON_PID=$BG_PID
	wait_started "$MON_PID"
	ip -n "$NS" link set veth0 xdpgeneric obj "$BPF_DIR/xdp_pass.bpf.o" sec xdp
	pass_id=$(ip -n "$NS" -j -d link show veth0 | jq '.[0].xdp.prog.id')
	wait_monitor
	run cat "$BATS_TEST_TMPDIR/monitor.txt"
	assert_output --regexp "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z attach dev veth0 mode skb prog $pass_id xdp_pass via netlink$"
}

@test "monitor: timeout ends cleanly with no events; SIGTERM ends cleanly" {
	run "$LINKCTL" -j -n "$NS" monitor dev veth0 timeout 1
	assert_success
	assert_output ""
	bg "$LINKCTL" -j -n "$NS" monitor
	wait_started "$BG_PID"
	kill -TERM "$BG_PID"
	wait "$BG_PID"
}

@test "monitor: count N timeout T fails with code timeout when the timeout comes first" {
	start_monitor xdp dev veth0 count 2 timeout 2 >"$BATS_TEST_TMPDIR/monitor.out"
	ip -n "$NS" link set veth0 xdpgeneric obj "$BPF_DIR/xdp_pass.bpf.o" sec xdp
	local rc=0
	wait_monitor || rc=$?
	assert_equal "$rc" 1
	# the event that came is printed, then the error document
	run jq -sc '[.[] | .event // .code]' "$BATS_TEST_TMPDIR/monitor.out"
	assert_output '["attach","timeout"]'
	# without count, the timeout is the expected end
	run --separate-stderr "$LINKCTL" -j -n "$NS" monitor dev veth1 timeout 1
	assert_success
	assert_output ""
	run --separate-stderr "$LINKCTL" -n "$NS" monitor xdp dev veth1 count 1 timeout 1
	assert_failure 1
	assert_equal "$stderr" "Error: monitor: 0 of 1 events before the timeout"
}

@test "monitor: time is RFC 3339 UTC without fractions (jq 1.6 parses it) and time_ms" {
	local before after
	before=$(date +%s)
	start_monitor xdp dev veth0 count 1 timeout 10 >"$BATS_TEST_TMPDIR/monitor.out"
	ip -n "$NS" link set veth0 xdpgeneric obj "$BPF_DIR/xdp_pass.bpf.o" sec xdp
	wait_monitor
	after=$(date +%s)
	run jq -r '.time' "$BATS_TEST_TMPDIR/monitor.out"
	assert_output --regexp '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$'
	run jq '.time | fromdateiso8601' "$BATS_TEST_TMPDIR/monitor.out"
	[ "$output" -ge "$before" ] && [ "$output" -le "$after" ]
	run jq '(.time_ms / 1000 | floor) == (.time | fromdateiso8601)' "$BATS_TEST_TMPDIR/monitor.out"
	assert_output true
}

@test "monitor: errors (unknown device, count 0, bad keyword) in text and JSON" {
	run --separate-stderr "$LINKCTL" -n "$NS" monitor dev nosuchdev timeout 1
	assert_failure 1
	assert_equal "$stderr" "Error: no device 'nosuchdev' in network namespace '$NS'"
	run --separate-stderr "$LINKCTL" -j -n "$NS" monitor dev nosuchdev
	assert_failure 1
	assert_equal "$(jqo .error)" "no device 'nosuchdev' in network namespace '$NS'"
	run --separate-stderr "$LINKCTL" -j monitor count 0
	assert_failure 2
	assert_equal "$(jqo .error)" "monitor: 'count' must be at least 1"
	run --separate-stderr "$LINKCTL" -j monitor bogus
	assert_failure 2
	assert_equal "$(jqo .error)" "monitor: unexpected argument 'bogus'"
}

@test "monitor: linkctl xdp attach via link, then replace through the link (BPF_LINK_UPDATE)" {
	start_monitor dev veth0 count 4 timeout 10 >"$BATS_TEST_TMPDIR/monitor.out"
	run lcj xdp attach dev veth0 prog "$BPF_DIR/xdp_pass.bpf.o"
	assert_success
	link_id=$(jqo .link_id)
	pass_id=$(jqo .prog_id)
	sleep 0.4
	run lcj xdp attach dev veth0 prog "$BPF_DIR/xdp_drop.bpf.o" replace
	assert_success
	drop_id=$(jqo .prog_id)
	wait_monitor
	run jq -sr 'sort_by(.event) | .[] | [.event, .link_id, .prog_id, (.old_prog_id // "-"), (.attached // "-")] | @tsv' \
		"$BATS_TEST_TMPDIR/monitor.out"
	assert_output "$(printf '%s\n' \
		"attach	$link_id	$pass_id	-	link" \
		"link-new	$link_id	$pass_id	-	-" \
		"link-update	$link_id	$drop_id	$pass_id	-" \
		"replace	$link_id	$drop_id	$pass_id	link")"
}

@test "monitor: a netlink overrun (ENOBUFS) is an event; the state is re-read and events go on" {
	start_monitor xdp count 2 timeout 10 >"$BATS_TEST_TMPDIR/monitor.out"
	# a stopped monitor cannot drain its socket: 300 veth pairs overflow its 1 MiB buffer
	kill -STOP "$MON_PID"
	for i in $(seq 300); do echo "link add ov$i type veth peer name op$i"; done | ip -n "$NS" -batch -
	kill -CONT "$MON_PID"
	sleep 0.5
	ip -n "$NS" link set veth0 xdpgeneric obj "$BPF_DIR/xdp_pass.bpf.o" sec xdp
	pass_id=$(ip -n "$NS" -j -d link show veth0 | jq '.[0].xdp.prog.id')
	wait_monitor
	run jq -sr '.[] | [.event, (.devname // "-"), (.prog_id // "-")] | @tsv' "$BATS_TEST_TMPDIR/monitor.out"
	assert_output "$(printf 'overrun\t-\t-\nattach\tveth0\t%s' "$pass_id")"
}

@test "monitor link dev: tcx links on the device are matched by the device's own link IDs" {
	tcx_or_skip
	start_monitor link dev veth0 count 2 timeout 10 >"$BATS_TEST_TMPDIR/monitor.out"
	# a tcx link on veth1 (another device) must not show up
	hold -n "$NS" tcx veth1 "$BPF_DIR/tc_pass.bpf.o"
	other_pid=$HOLD_PID
	hold -n "$NS" tcx veth0 "$BPF_DIR/tc_pass.bpf.o" egress
	link_id=$HOLD_IDS
	sleep 0.5
	kill "$HOLD_PID"
	wait_monitor
	kill "$other_pid"
	run jq -sr '.[] | [.event, .link_id, .type, .ifindex] | @tsv' "$BATS_TEST_TMPDIR/monitor.out"
	assert_output "$(printf 'link-new\t%s\ttcx\t%s\nlink-gone\t%s\ttcx\t%s' "$link_id" "$IFINDEX0" "$link_id" "$IFINDEX0")"
}

# Links of this test, in the order their events came (others' links come and go meanwhile).
events_of() {
	jq -sr --argjson ids "[$(echo "$1" | tr ' ' ',')]" \
		'.[] | select(.link_id as $i | $ids | index($i)) | [.event, .link_id, .type, .prog_name] | @tsv' \
		"$BATS_TEST_TMPDIR/monitor.out"
}

# Wait (at most 15 s) until the links IDS have N events between them.
wait_events() {
	local i
	for i in $(seq 150); do
		[ "$(events_of "$1" | wc -l)" -ge "$2" ] && return 0
		sleep 0.1
	done
}

# The probe above the highest link ID finds a new link between full reads; a link going away
# is found by the next full read. linkctl's own iterator links never show, another's do.
monitor_new_gone() {
	start_monitor link >"$BATS_TEST_TMPDIR/monitor.out"
	hold rawtp "$BPF_DIR/raw_tp.bpf.o" 1 sched_process_hang
	local raw_id=$HOLD_IDS raw_pid=$HOLD_PID
	hold iter "$BPF_DIR/iter_map.bpf.o"
	local iter_id=$HOLD_IDS iter_pid=$HOLD_PID
	for _ in 1 2 3; do lcj link list >/dev/null; lcj xdp show >/dev/null; sleep 0.2; done
	kill "$raw_pid" "$iter_pid"
	wait_events "$raw_id $iter_id" 4
	kill -TERM "$MON_PID"
	wait "$MON_PID"
	bpftool link show id "$raw_id" 2>/dev/null && fail "link $raw_id still there"
	# the two holders may exit on either side of a read: the gone events in either order
	run bash -c "$(declare -f events_of); BATS_TEST_TMPDIR=$BATS_TEST_TMPDIR events_of '$raw_id $iter_id' | sort"
	assert_output "$(printf '%s\n' "link-new	$raw_id	raw_tracepoint	rtp_sys_enter" \
		"link-new	$iter_id	iter	iter_maps" \
		"link-gone	$raw_id	raw_tracepoint	rtp_sys_enter" \
		"link-gone	$iter_id	iter	iter_maps" | sort)"
	# each link-new came before its link-gone
	run events_of "$raw_id $iter_id"
	[ "$(echo "$output" | grep -n "^link-new	$raw_id" | cut -d: -f1)" -lt \
	  "$(echo "$output" | grep -n "^link-gone	$raw_id" | cut -d: -f1)" ]
	run jq -sc '[.[] | select(.type == "iter" and (.prog_name // "" | startswith("lc_")))]' \
		"$BATS_TEST_TMPDIR/monitor.out"
	assert_output '[]'
}

@test "monitor link: new links found between full reads, gone ones by the next; linkctl's iterators never show" {
	monitor_new_gone
}

@test "monitor link: the same with the link iterator off (LINKCTL_BPF_ITER=0)" {
	LINKCTL_BPF_ITER=0 monitor_new_gone
}
