#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# Link owners: the BPF iterator (the default) and the /proc walk (its fallback) give the
# same exact answers; the iterator's own link and program never show and never stay.

load helpers

# lcj with the /proc walk forced.
lcj_proc() { LINKCTL_OWNERS_PROC=1 lcj "$@"; }

# assert_pids_both_scans LINK_ID PIDS: link show's "pids" is PIDS (JSON) by either owner scan.
assert_pids_both_scans() {
	local show
	for show in lcj lcj_proc; do
		run "$show" link show id "$1"
		assert_success
		assert_equal "$(jqo -c .pids)" "$2"
	done
}

@test "owners: iterator and /proc agree, with exact pids, comm and fds (JSON and text)" {
	hold -n "$NS" xdp veth0 "$BPF_DIR/xdp_pass.bpf.o"
	local xdp_pid=$HOLD_PID xdp_id=$HOLD_IDS
	run lc link pin id "$xdp_id" "$BPFFS/x"
	assert_success
	hold pin "$BPFFS/x"             # a second process holding the same link
	local pin_pid=$HOLD_PID
	hold rawtp "$BPF_DIR/raw_tp.bpf.o" 3
	local rtp_pid=$HOLD_PID
	local want first second
	first=$(printf '%s\n' "$xdp_pid" "$pin_pid" | sort -n | head -1)
	second=$(printf '%s\n' "$xdp_pid" "$pin_pid" | sort -n | tail -1)
	want=$(printf '[{"pid":%s,"comm":"lc-hold.bin","fd":%s},{"pid":%s,"comm":"lc-hold.bin","fd":%s}]' \
		"$first" "$(link_fd "$first" "$xdp_id")" "$second" "$(link_fd "$second" "$xdp_id")")
	run lcj link show id "$xdp_id"
	assert_success
	assert_equal "$(jqo -c .pids)" "$want"
	assert_equal "$(jqo -c .pinned)" "[\"$BPFFS/x\"]"
	run lcj_proc link show id "$xdp_id"
	assert_equal "$(jqo -c .pids)" "$want"
	# every link of the raw_tracepoint holder: same records from both scans
	local by_iter by_proc
	by_iter=$(lcj link list owner "$rtp_pid" | jq -c '[.[] | [.id, .pids]]')
	by_proc=$(lcj_proc link list owner "$rtp_pid" | jq -c '[.[] | [.id, .pids]]')
	assert_equal "$(echo "$by_iter" | jq length)" 3
	assert_equal "$by_iter" "$by_proc"
	for id in $HOLD_IDS; do
		assert_equal "$(echo "$by_iter" | jq -c --argjson id "$id" '.[] | select(.[0] == $id) | .[1]')" \
			"[{\"pid\":$rtp_pid,\"comm\":\"lc-hold.bin\",\"fd\":$(link_fd "$rtp_pid" "$id")}]"
	done
	run diff <(lc link list owner "$rtp_pid") <(LINKCTL_OWNERS_PROC=1 lc link list owner "$rtp_pid")
	assert_success
	# and the two really are different scans: the owner iterator's pass over every process
	# beside the link iterator's (forced: a few links are walked by ID), or the link
	# iterator's alone; the owner iterator's first pass, over linkctl's own thread (a tid
	# given), learns what a link's file looks like
	local passes='attach_type=BPF_TRACE_ITER.*iter_info=NULL'
	assert_equal "$(LINKCTL_BPF_ITER=1 strace -f -e trace=bpf "$LINKCTL" -j link list owner "$rtp_pid" 2>&1 >/dev/null | grep -c "$passes")" 2
	assert_equal "$(LINKCTL_BPF_ITER=1 strace -f -e trace=bpf "$LINKCTL" -j link list owner "$rtp_pid" 2>&1 >/dev/null | grep -c BPF_ITER_CREATE)" 3
	assert_equal "$(LINKCTL_BPF_ITER=1 LINKCTL_OWNERS_PROC=1 strace -f -e trace=bpf "$LINKCTL" -j link list owner "$rtp_pid" 2>&1 >/dev/null | grep -c BPF_ITER_CREATE)" 1
}

@test "owners: show id reads one link's holders by the iterator, in the kernel, as /proc has them" {
	hold rawtp "$BPF_DIR/raw_tp.bpf.o" 1
	local lid=$HOLD_IDS pid=$HOLD_PID fd
	hold rawtp "$BPF_DIR/raw_tp.bpf.o" 50      # other links, other holders: left out
	fd=$(link_fd "$pid" "$lid")
	run bash -c '"$0" -d -j link show id "$1" 2>&1 >/dev/null' "$LINKCTL" "$lid"
	assert_output "linkctl: link owners: read by the owner iterator"
	run lcj link show id "$lid"
	assert_success
	assert_equal "$(jqo -c .pids)" "[{\"pid\":$pid,\"comm\":\"lc-hold.bin\",\"fd\":$fd}]"
	run lcj_proc link show id "$lid"
	assert_equal "$(jqo -c .pids)" "[{\"pid\":$pid,\"comm\":\"lc-hold.bin\",\"fd\":$fd}]"
	# the iterator wrote three records of 32 bytes, not the 50 others' too: the holder's,
	# linkctl's own fd of the link it shows and its iterator's link (the pid namespace proof)
	local read_bytes
	read_bytes=$(strace -f -e trace=read "$LINKCTL" -j link show id "$lid" 2>&1 >/dev/null |
		grep -Eo ', 65536\) = [0-9]+$' | head -1 | grep -Eo '= [0-9]+$')
	assert_equal "$read_bytes" "= 96"
}

@test "owners: a link opened by ID and from its pin, among eventfds, epolls, a map and a program on the same anonymous inode: exactly its fds, by both scans" {
	hold rawtp "$BPF_DIR/raw_tp.bpf.o" 1
	local lid=$HOLD_IDS hold_pid=$HOLD_PID prog_id line fifo
	prog_id=$(link_fdinfo "$hold_pid" "$lid" prog_id)
	run lc link pin id "$lid" "$BPFFS/l"
	assert_success
	fifo=$(mktemp -u "/tmp/${LC_TEST_PREFIX}-fifo.XXXXXX")
	mkfifo "$fifo"
	"$TESTS_DIR/tools/lc-anonfds.py" "$lid" "$BPFFS/l" "$prog_id" >"$fifo" &
	local py=$!
	BG_PIDS+=("$py")
	read -r -t 10 line <"$fifo" || true
	rm -f "$fifo"
	[[ "$line" == ready* ]] || fail "lc-anonfds did not start: $line"
	read -r _ by_id from_pin <<<"$line"
	# the witness: the fds /proc/PID/fdinfo says are this link's
	assert_equal "$(grep -lsE "^link_id:[[:space:]]+$lid\$" /proc/"$py"/fdinfo/* | xargs -n1 basename | sort -n | xargs)" "$by_id $from_pin"
	local want
	want=$(jq -cn --argjson h "$hold_pid" --argjson hfd "$(link_fd "$hold_pid" "$lid")" \
		--argjson p "$py" --argjson a "$by_id" --argjson b "$from_pin" \
		'[{pid:$h,comm:"lc-hold.bin",fd:$hfd},{pid:$p,comm:"python3",fd:$a},{pid:$p,comm:"python3",fd:$b}] | sort_by(.pid, .fd)')
	assert_pids_both_scans "$lid" "$want"
	run lcj_proc link list owner "$py"
	assert_equal "$(jqo -c '[.[] | .id]')" "[$lid]"
	# the owner iterator learns what a link's file is from a first pass over linkctl's own
	# thread, or, without it, from the first link it meets in the pass over every process
	local self tid_passes
	for self in 1 0; do
		run env LINKCTL_SELF_ITER=$self "$LINKCTL" -j --bpffs "$BPFFS" link list owner "$py"
		assert_success
		assert_equal "$(jqo -c '[.[] | .id]')" "[$lid]"
		assert_equal "$(jqo -c '.[0].pids')" "$want"
		tid_passes=$(LINKCTL_SELF_ITER=$self strace -f -e trace=bpf "$LINKCTL" -j link list owner "$py" 2>&1 >/dev/null |
			grep 'attach_type=BPF_TRACE_ITER' | grep -vc 'iter_info=NULL' || true)
		assert_equal "$tid_passes" "$self"
	done
	# text: the same holders
	run lc link show id "$lid"
	assert_success
	assert_output --partial "python3($py)"
}

@test "owners: show id of a link nobody but its pins holds: its reference count says so, no pass over every process; a holder beside two names of one pin is found" {
	hold rawtp "$BPF_DIR/raw_tp.bpf.o" 1
	local lid=$HOLD_IDS pid=$HOLD_PID fd
	fd=$(link_fd "$pid" "$lid")
	run lc link pin id "$lid" "$BPFFS/a"
	assert_success
	ln "$BPFFS/a" "$BPFFS/b"       # one pinned file under two names: one reference
	# the holder's file, the pin and linkctl's own fd: more than the pins leave room for
	run bash -c '"$0" -d -j link show id "$1" 2>&1 >/dev/null' "$LINKCTL" "$lid"
	assert_output "linkctl: link owners: read by the owner iterator"
	run lcj link show id "$lid"
	assert_equal "$(jqo -c .pids)" "[{\"pid\":$pid,\"comm\":\"lc-hold.bin\",\"fd\":$fd}]"
	drop_holder
	assert_equal "$(bpftool -j link show id "$lid" | jq -c '[.id, .type]')" "[$lid,\"raw_tracepoint\"]"
	run bash -c '"$0" -d -j link show id "$1" 2>&1 >/dev/null' "$LINKCTL" "$lid"
	assert_output "linkctl: link owners of link $lid: none (its reference count leaves room for its 1 pinned file only)"
	run lcj link show id "$lid"
	assert_success
	assert_equal "$(jqo -c .pids)" "[]"
	run lcj_proc link show id "$lid"
	assert_equal "$(jqo -c .pids)" "[]"
	local by_count by_proc       # one after the other: each would see the other's fd
	by_count=$(lc link show id "$lid")
	by_proc=$(LINKCTL_OWNERS_PROC=1 lc link show id "$lid")
	assert_equal "$by_count" "$by_proc"
	# the count's two passes ran, over linkctl's own thread: none over every process
	assert_equal "$(strace -f -e trace=bpf "$LINKCTL" -j link show id "$lid" 2>&1 >/dev/null | grep -c BPF_ITER_CREATE)" 2
	assert_equal "$(strace -f -e trace=bpf "$LINKCTL" -j link show id "$lid" 2>&1 >/dev/null | grep -c 'attach_type=BPF_TRACE_ITER.*iter_info=NULL')" 0
}

@test "owners: the scan's own iterator link and program are never listed and never left" {
	hold rawtp "$BPF_DIR/raw_tp.bpf.o" 2
	# another linkctl's iterators run all the while (owners and device passes)
	bg bash -c 'while :; do "$0" -j link list >/dev/null; done' "$LINKCTL"
	local loop=$BG_PID
	for _ in $(seq 20); do
		run lcj link list
		assert_success
		assert_equal "$(jqo '[.[] | select((.prog_name // "") | test("^lc_(owners|link)_iter$"))] | length')" 0
	done
	kill "$loop"
	wait "$loop" 2>/dev/null || true
	sleep 0.2               # its last linkctl, if one was running, ends
	run lcj link list owner "$HOLD_PID"
	assert_equal "$(jqo length)" 2
	# nothing of the iterator outlives the command
	assert_equal "$(lcj --no-owners link list | jq '[.[] | select((.prog_name // "") | test("^lc_(owners|link)_iter$"))] | length')" 0
	assert_equal "$(lcj prog list | jq '[.[] | select((.name // "") | test("^lc_(owners|link)_iter$"))] | length')" 0
}

@test "owners: in a pid namespace of its own, pids are that namespace's (iterator refused, /proc used)" {
	# lc-hold and linkctl both run in a new pid namespace: the kernel's pids (what the
	# iterator sees) are not theirs there, so the scan must fall back to /proc.
	run unshare --pid --fork --mount-proc bash -c '
		"$0" rawtp "$1" 1 > /tmp/'"$LC_TEST_PREFIX"'-pidns.out &
		for _ in $(seq 100); do grep -q ready /tmp/'"$LC_TEST_PREFIX"'-pidns.out 2>/dev/null && break; sleep 0.05; done
		"$2" -j link list owner $! | jq -c "[.[] | .pids]"
		kill $!' "$HOLD" "$BPF_DIR/raw_tp.bpf.o" "$LINKCTL"
	rm -f "/tmp/$LC_TEST_PREFIX-pidns.out"
	assert_success
	# pid 1 is bash; the holder is the namespace's pid 2 or 3, holding its link at fd 4 or 5
	assert_output --regexp '^\[\[\{"pid":[23],"comm":"lc-hold.bin","fd":[0-9]+\}\]\]$'
}

@test "owners: 3000 links, their JSON built while the owner scan runs, complete and as /proc has them" {
	ulimit -n 8192
	hold rawtp "$BPF_DIR/raw_tp.bpf.o" 3000 sched_process_hang
	local by_iter by_proc
	by_iter=$(lcj link list type raw_tracepoint)
	by_proc=$(LINKCTL_OWNERS_PROC=1 lcj link list type raw_tracepoint)
	assert_equal "$(echo "$by_iter" | jq --argjson p "$HOLD_PID" '[.[] | select(.pids == [{"pid": $p, "comm": "lc-hold.bin", "fd": .pids[0].fd}])] | length')" 3000
	assert_equal "$(echo "$by_iter" | jq -c --argjson p "$HOLD_PID" '[.[] | select(.pids[0].pid == $p) | keys_unsorted] | unique')" \
		'[["id","type","prog_id","prog_name","prog_tag","tp_name","defunct","pinned","pids"]]'
	assert_equal "$by_iter" "$by_proc"
	# the fd of the last one, exactly
	local last
	last=$(echo "$by_iter" | jq --argjson p "$HOLD_PID" '[.[] | select(.pids[0].pid == $p)][-1].id')
	assert_equal "$(echo "$by_iter" | jq --argjson id "$last" '.[] | select(.id == $id) | .pids[0].fd')" \
		"$(link_fd "$HOLD_PID" "$last")"
}

# The fd through which thread TID of process PID holds link LINK_ID (its own fd table).
thread_link_fd() {
	local f
	for f in /proc/"$1"/task/"$2"/fdinfo/*; do
		grep -qE "^link_id:[[:space:]]+$3\$" "$f" 2>/dev/null && basename "$f" && return
	done
}

@test "owners: a worker thread with an fd table of its own holds a link: the process owns it, by both scans" {
	HOLD="$TESTS_DIR/tools/lc-tfiles.bin" hold "$BPF_DIR/raw_tp.bpf.o"
	local id=${HOLD_IDS% *} tid=${HOLD_IDS#* } fd
	fd=$(thread_link_fd "$HOLD_PID" "$tid" "$id")
	[ -n "$fd" ]
	# the witnesses: the thread has its own name, and the process's fd table lacks the link
	assert_equal "$(cat /proc/"$HOLD_PID"/task/"$tid"/comm)" lc-worker
	assert_equal "$(cat /proc/"$HOLD_PID"/comm)" lc-tfiles.bin
	assert_equal "$(link_fd "$HOLD_PID" "$id")" ""
	local want="[{\"pid\":$HOLD_PID,\"comm\":\"lc-tfiles.bin\",\"fd\":$fd}]"
	assert_pids_both_scans "$id" "$want"
	run lc link show id "$id"
	assert_success
	assert_line --index 2 "	pids lc-tfiles.bin($HOLD_PID) fd $fd"
	run env LINKCTL_OWNERS_PROC=1 "$LINKCTL" link show id "$id"
	assert_success
	assert_line --index 2 "	pids lc-tfiles.bin($HOLD_PID) fd $fd"
	run lcj link list owner "$HOLD_PID"
	assert_equal "$(jqo -c '[.[].id]')" "[$id]"
	run lcj_proc link list owner "$HOLD_PID"
	assert_equal "$(jqo -c '[.[].id]')" "[$id]"
}

@test "owners: a holder in another pid namespace is listed under its pid here, by both scans" {
	HOLD=unshare hold --pid --fork --kill-child "$HOLD" rawtp "$BPF_DIR/raw_tp.bpf.o" 1 sched_process_hang
	local id=$HOLD_IDS holder
	holder=$(pgrep -P "$HOLD_PID" -x lc-hold.bin)
	[ -n "$holder" ]
	BG_PIDS+=("$holder")    # unshare ignores SIGTERM while its child runs: stop the child
	# the witness: inside its namespace it is pid 1
	assert_equal "$(awk '/^NSpid:/ { print $3 }' /proc/"$holder"/status)" 1
	local want="[{\"pid\":$holder,\"comm\":\"lc-hold.bin\",\"fd\":$(link_fd "$holder" "$id")}]"
	assert_pids_both_scans "$id" "$want"
}
