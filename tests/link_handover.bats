#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# link recv / link send: ownership moves over a unix socket and the attachment never lapses.

load helpers
load handover

setup() { handover_setup; }
teardown() { lc_teardown; }

# fdpass's ready line: LINK_ID RC FDS_BEFORE FDS_AFTER
read_sent() { read -r SENT_ID SENT_RC FDS_BEFORE FDS_AFTER <<<"$HOLD_IDS"; }

# send_xdp_link SOCK: lc-fdpass sends a new XDP link (veth0 of $NS) to SOCK and succeeds.
send_xdp_link() {
	fdpass -n "$NS" send "$1" link veth0 "$XDP_OBJ"
	read_sent
	assert_equal "$SENT_RC" 0
}

@test "recv: the sender hands over and dies, the program stays attached until the receiver dies" {
	lc_bg recv -j link recv "$T/r.sock"
	local recv_pid=$BG_PID
	wait_listening "$T/r.sock"
	send_xdp_link "$T/r.sock"
	assert_equal "$FDS_AFTER" "$FDS_BEFORE"     # the sender's socket is gone again
	wait_received "$T/recv.out"
	local prog
	prog=$(xdp_prog)
	output=$(recv_result "$T/recv.out")
	assert_equal "$(jqo .link_id)" "$SENT_ID"
	assert_equal "$(jqo .type)" xdp
	assert_equal "$(jqo .prog_id)" "$prog"
	assert_equal "$(jqo .from_pid)" "$HOLD_PID"
	assert_equal "$(jqo .from_uid)" 0
	assert_equal "$(jqo .holder_pid)" "$recv_pid"
	# pids: the holder as link show will name it, the fd checked against its fdinfo
	assert_equal "$(jqo -c '.pids | map([.pid, .comm])')" "[[$recv_pid,\"$(basename "$LINKCTL" | cut -c1-15)\"]]"
	assert_equal "$(jqo '.pids[0].fd')" "$(link_fd "$recv_pid" "$SENT_ID")"
	assert_equal "$(link_owner_pids "$SENT_ID" | xargs)" "$(printf '%s\n' "$recv_pid" "$HOLD_PID" | sort -n | xargs)"
	[ ! -e "$T/r.sock" ]
	kill "$HOLD_PID"
	wait_output "$recv_pid" link_owner_pids "$SENT_ID"
	assert_equal "$(link_owner_pids "$SENT_ID")" "$recv_pid"
	assert_equal "$(xdp_prog)" "$prog"
	kill "$recv_pid"
	exits_0 "$recv_pid"
	wait_output "" xdp_prog
	assert_equal "$(link_owner_pids "$SENT_ID")" ""
}

@test "recv: text receipt; the holder keeps stdio and the link, nothing else" {
	lc_bg recv link recv "$T/r.sock"
	local recv_pid=$BG_PID
	wait_listening "$T/r.sock"
	fdpass -n "$NS" send "$T/r.sock" link veth0 "$XDP_OBJ"
	read_sent
	wait_received "$T/recv.out"
	assert_equal "$(recv_result "$T/recv.out")" "received link $SENT_ID: xdp  prog $(xdp_prog)  from pid $HOLD_PID uid 0
	held by pid $recv_pid until SIGINT or SIGTERM"
	run fd_list "$recv_pid"
	assert_equal "$(echo "$output" | awk '$1 > 2' | cut -d' ' -f2-)" "anon_inode:bpf_link"
}

@test "recv pin PATH: pins before acking, exits, the pin owns the attachment" {
	lc_bg recv -j link recv "$T/r.sock" pin "$BPFFS/dir/taken"
	local recv_pid=$BG_PID
	wait_listening "$T/r.sock"
	send_xdp_link "$T/r.sock"
	exits_0 "$recv_pid"
	output=$(recv_result "$T/recv.out")
	assert_equal "$(jqo .link_id)" "$SENT_ID"
	assert_equal "$(jqo -c .pinned)" "[\"$BPFFS/dir/taken\"]"
	assert_equal "$(jqo 'has("holder_pid")')" false
	[ ! -e "$T/r.sock" ]
	local prog
	prog=$(xdp_prog)
	kill "$HOLD_PID"
	wait_output "" link_owner_pids "$SENT_ID"
	assert_equal "$(xdp_prog)" "$prog"
	rm "$BPFFS/dir/taken"
	wait_output "" xdp_prog
}

@test "send pinned PATH unpin: acked, then unpinned; the receiver is the only owner" {
	fdpass -n "$NS" pin-xdp veth0 "$XDP_OBJ" "$BPFFS/l"
	local id=${HOLD_IDS% *} prog
	prog=$(xdp_prog)
	lc_bg recv -j link recv @h
	local recv_pid=$BG_PID
	wait_listening @h
	run lcj link send pinned "$BPFFS/l" to @h unpin
	assert_success
	assert_equal "$(jqo .link_id)" "$id"
	assert_equal "$(jqo .type)" xdp
	assert_equal "$(jqo .prog_id)" "$prog"
	assert_equal "$(jqo .to)" @h
	assert_equal "$(jqo .to_pid)" "$recv_pid"
	assert_equal "$(jqo .to_uid)" 0
	assert_equal "$(jqo -c .unpinned)" "[\"$BPFFS/l\"]"
	[ ! -e "$BPFFS/l" ]
	assert_equal "$(link_owner_pids "$id")" "$recv_pid"
	# the holders after the hand-over: the receiver alone, with its fd (fdinfo's witness)
	local fd
	fd=$(basename "$(grep -lsx "link_id:[[:space:]]*$id" /proc/"$recv_pid"/fdinfo/*)")
	assert_equal "$(jqo -c '[.pinned, .pids]')" "[[],[{\"pid\":$recv_pid,\"comm\":\"$(cat /proc/"$recv_pid"/comm)\",\"fd\":$fd}]]"
	assert_equal "$(xdp_prog)" "$prog"
	kill "$recv_pid"
	wait_output "" xdp_prog
}

@test "send id N: text output; the old holder keeps its fd, the receiver gets one too" {
	hold -n "$NS" xdp veth0 "$XDP_OBJ"
	local id=$HOLD_IDS holder=$HOLD_PID
	lc_bg recv link recv @h
	local recv_pid=$BG_PID
	wait_listening @h
	run lc link send id "$id" to @h
	assert_success
	local hfd rfd
	hfd=$(basename "$(grep -lsx "link_id:[[:space:]]*$id" /proc/"$holder"/fdinfo/*)")
	rfd=$(basename "$(grep -lsx "link_id:[[:space:]]*$id" /proc/"$recv_pid"/fdinfo/*)")
	assert_line --index 0 "sent link $id: xdp  prog $(xdp_prog)  to @h (pid $recv_pid uid 0)"
	assert_line "	pids lc-hold.bin($holder) fd $hfd"
	assert_line "	pids $(cat /proc/"$recv_pid"/comm)($recv_pid) fd $rfd"
	assert_equal "${#lines[@]}" 3
	assert_equal "$(link_owner_pids "$id" | xargs)" "$(printf '%s\n' "$holder" "$recv_pid" | sort -n | xargs)"
	# JSON: both holders; --no-owners: neither key
	lc_bg recv2 link recv @h2
	wait_listening @h2
	run -0 lcj link send id "$id" to @h2
	assert_equal "$(jqo -c '[.pids[].pid] | sort')" "$(printf '%s\n' "$holder" "$recv_pid" "$BG_PID" | sort -n | jq -sc .)"
	lc_bg recv3 link recv @h3
	wait_listening @h3
	run -0 lcj --no-owners link send id "$id" to @h3
	assert_equal "$(jqo -c '[has("pids"), has("pinned"), .to_pid]')" "[false,false,$BG_PID]"
}

@test "recv: the socket is created mode 0600 and removed when recv ends" {
	lc_bg recv link recv "$T/r.sock" timeout 2
	wait_listening "$T/r.sock"
	assert_equal "$(stat -c '%a %U' "$T/r.sock")" "600 root"
	wait_rc "$BG_PID"
	assert_equal "$WAIT_RC" 1
	[ ! -e "$T/r.sock" ]
}

@test "recv: a stale socket of ours is replaced" {
	lc_bg stale link recv "$T/r.sock"
	wait_listening "$T/r.sock"
	kill -9 "$BG_PID"
	wait "$BG_PID" || true
	[ -S "$T/r.sock" ]
	lc_bg recv -j link recv "$T/r.sock"
	wait_listening "$T/r.sock"
	send_xdp_link "$T/r.sock"
}

@test "recv: a socket somebody listens on is refused (text and JSON)" {
	lc_bg first link recv "$T/r.sock"
	wait_listening "$T/r.sock"
	assert_lc_error 1 "$T/r.sock is in use: a receiver is listening on it" \
		link recv "$T/r.sock" timeout 1
	is_listening "$T/r.sock"        # the first receiver carries on
	# the second one's look at the socket is no refused sender to the first
	assert_equal "$(cat "$T/first.err")" ""
}

@test "recv: an existing file, directory or foreign socket is never clobbered" {
	echo keep >"$T/file"
	assert_lc_error 1 "$T/file exists and is not a socket; not replacing it" \
		link recv "$T/file" timeout 1
	assert_equal "$(cat "$T/file")" keep
	mkdir "$T/dir"
	assert_lc_error 1 "$T/dir exists and is not a socket; not replacing it" \
		link recv "$T/dir" timeout 1
	[ -d "$T/dir" ]
	lc_bg stale link recv "$T/foreign.sock"
	wait_listening "$T/foreign.sock"
	kill -9 "$BG_PID"
	wait "$BG_PID" || true
	chown 65534 "$T/foreign.sock"
	assert_lc_error 1 "$T/foreign.sock is a socket of uid 65534, not ours; not replacing it" \
		link recv "$T/foreign.sock" timeout 1
	[ -S "$T/foreign.sock" ]
}

@test "recv @name: an abstract socket still checks credentials; allow-uid admits a uid" {
	lc_bg recv -j link recv @cred
	local recv_pid=$BG_PID
	wait_listening @cred
	fdpass -n "$NS" send @cred link veth0 "$XDP_OBJ" uid 65534
	read_sent
	assert_equal "$SENT_RC" -1          # EPERM, with the receiver's reason
	local refused_pid=$HOLD_PID
	assert_equal "$(link_owner_pids "$SENT_ID")" "$refused_pid"
	is_listening @cred                  # a stranger cannot end the wait
	assert_equal "$(cat "$T/recv.err")" "Warning: refused sender pid $refused_pid uid 65534: peer pid $refused_pid uid 65534 is not allowed (root only)"
	kill "$refused_pid"
	wait "$refused_pid" || true
	wait_output "" xdp_prog
	# sending after the receiver has refused and closed: the queued reason is still read
	fdpass -n "$NS" send @cred link veth0 "$XDP_OBJ" uid 65534 late
	read_sent
	assert_equal "$SENT_RC" -1
	kill "$HOLD_PID"
	wait "$HOLD_PID" || true
	wait_output "" xdp_prog
	send_xdp_link @cred
	wait_received "$T/recv.out"
	output=$(recv_result "$T/recv.out")
	assert_equal "$(jqo .from_uid)" 0

	lc_bg allowed -j link recv @cred2 allow-uid 65534
	wait_listening @cred2
	fdpass -n "$NS" send @cred2 link veth1 "$XDP_OBJ" uid 65534
	read_sent
	assert_equal "$SENT_RC" 0
	wait_received "$T/allowed.out"
	output=$(recv_result "$T/allowed.out")
	assert_equal "$(jqo .from_uid)" 65534
	assert_equal "$(jqo .from_pid)" "$HOLD_PID"
}

@test "recv PATH: an unprivileged uid cannot even connect to the 0600 socket" {
	lc_bg recv link recv "$T/r.sock" allow-uid 65534
	wait_listening "$T/r.sock"
	chmod 755 "$T"
	fdpass -n "$NS" send "$T/r.sock" link veth0 "$XDP_OBJ" uid 65534
	read_sent
	assert_equal "$SENT_RC" -13         # EACCES from the file mode
	is_listening "$T/r.sock"
}

@test "recv: non-link fds, two fds, no fd, bad headers are refused; no fd stays behind" {
	lc_bg recv link recv @bad
	local recv_pid=$BG_PID what want
	wait_listening @bad
	local before
	before=$(fd_list "$recv_pid")
	# WHAT:expected -errno (EBADF, EBADF, EMSGSIZE, EBADMSG, EPROTO, EMSGSIZE)
	for what in prog:-9 map:-9 two:-90 none:-74 badmagic:-71 big:-90; do
		want=${what#*:}
		fdpass -n "$NS" send @bad "${what%:*}" veth0 "$XDP_OBJ"
		read_sent
		assert_equal "${what%:*} $SENT_RC" "${what%:*} $want"
		assert_equal "$(fd_list_settled "$recv_pid" "$before")" "$before"
		assert_equal "$(link_owner_pids "$SENT_ID")" "$HOLD_PID"
		kill "$HOLD_PID"
		wait "$HOLD_PID" || true
		wait_output "" xdp_prog
	done
	run cat "$T/recv.err"
	assert_line --index 0 --partial "the sender's fd is a program, not a link; refused"
	assert_line --index 1 --partial "the sender's fd is a map, not a link; refused"
	assert_line --index 2 --partial "the control message was truncated (more than one fd sent?); refused"
	assert_line --index 3 --partial "the sender sent 0 fds; exactly one expected"
	assert_line --index 4 --partial "not a hand-over message (magic 0x12345678)"
	assert_line --index 5 --partial "message longer than 256 bytes; refused"
	send_xdp_link @bad
	wait_received "$T/recv.out"
	run fd_list "$recv_pid"
	assert_equal "$(echo "$output" | awk '$1 > 2' | cut -d' ' -f2-)" "anon_inode:bpf_link"
}

@test "send: killed before the ack, the sender's pin still owns the attachment" {
	fdpass -n "$NS" pin-xdp veth0 "$XDP_OBJ" "$BPFFS/l"
	local id=${HOLD_IDS% *} prog
	prog=$(xdp_prog)
	fdpass -n "$NS" recv @slow delay 2 note "$T/note"
	local recv_pid=$HOLD_PID
	lc_bg send link send pinned "$BPFFS/l" to @slow unpin
	local send_pid=$BG_PID
	wait_for grep -sqx "received $id" "$T/note"
	kill -9 "$send_pid"
	wait_rc "$send_pid"
	assert_equal "$WAIT_RC" 137
	[ -e "$BPFFS/l" ]
	assert_equal "$(xdp_prog)" "$prog"
	wait_for grep -sqx "ack -32" "$T/note"      # EPIPE: nobody to tell
	kill "$recv_pid"
	wait_output "" link_owner_pids "$id"
	assert_equal "$(xdp_prog)" "$prog"
	[ -e "$BPFFS/l" ]
}

@test "send: the receiver dies before the ack: error, nothing changes here (text and JSON)" {
	fdpass -n "$NS" pin-xdp veth0 "$XDP_OBJ" "$BPFFS/l"
	local id=${HOLD_IDS% *} prog
	prog=$(xdp_prog)
	for mode in text json; do
		rm -f "$T/note"
		fdpass -n "$NS" recv @dies delay 10 note "$T/note"
		local recv_pid=$HOLD_PID
		if [ $mode = json ]; then lc_bg send -j link send pinned "$BPFFS/l" to @dies unpin
		else lc_bg send link send pinned "$BPFFS/l" to @dies unpin; fi
		local send_pid=$BG_PID
		wait_for grep -sqx "received $id" "$T/note"
		kill "$recv_pid"
		wait_rc "$send_pid"
	assert_equal "$WAIT_RC" 1
		local msg="the receiver went away without acknowledging; nothing was handed over; still pinned at $BPFFS/l"
		assert_equal "$(cat "$T/send.err")" "Error: $msg"
		if [ $mode = json ]; then output=$(cat "$T/send.out"); assert_equal "$(jqo .error)" "$msg"; fi
		[ -e "$BPFFS/l" ]
		assert_equal "$(xdp_prog)" "$prog"
	done
}

@test "send: a refusing receiver's reason is the error; the pin stays (text and JSON)" {
	fdpass -n "$NS" pin-xdp veth0 "$XDP_OBJ" "$BPFFS/l"
	local id=${HOLD_IDS% *}
	fdpass -n "$NS" recv @no nack
	lc_fails 1 "the receiver refused link $id: told to say no; still pinned at $BPFFS/l" \
		link send pinned "$BPFFS/l" to @no unpin
	fdpass -n "$NS" recv @no2 nack
	lcj_fails 1 "the receiver refused link $id: told to say no" \
		link send pinned "$BPFFS/l" to @no2
	[ -e "$BPFFS/l" ]
	assert_equal "$(link_owner_pids "$id")" ""
}

@test "send: no answer within timeout: error, the pin stays" {
	fdpass -n "$NS" pin-xdp veth0 "$XDP_OBJ" "$BPFFS/l"
	fdpass -n "$NS" recv @slow delay 3
	lc_fails 1 "timed out waiting for the receiver's acknowledgement; still pinned at $BPFFS/l" \
		link send pinned "$BPFFS/l" to @slow unpin timeout 1
	[ -e "$BPFFS/l" ]
}

@test "recv: a sender that hangs up before the ack: warning, the receiver keeps the link" {
	lc_bg recv -j link recv @hup
	local recv_pid=$BG_PID
	wait_listening @hup
	fdpass -n "$NS" send @hup link veth0 "$XDP_OBJ" hangup
	read_sent
	wait_received "$T/recv.out"
	assert_equal "$(cat "$T/recv.err")" "Warning: cannot acknowledge link $SENT_ID: the sender went away; it keeps whatever it still holds, so the link may have two owners now"
	assert_equal "$(link_owner_pids "$SENT_ID" | xargs)" "$(printf '%s\n' "$recv_pid" "$HOLD_PID" | sort -n | xargs)"
}

@test "send: a receiver that is neither root nor us is not handed the link" {
	hold -n "$NS" xdp veth0 "$XDP_OBJ"
	local id=$HOLD_IDS
	ip netns exec "$NS" setpriv --reuid 65534 --regid 65534 --clear-groups \
		"$LINKCTL" link recv @squat timeout 10 >"$T/squat.out" 2>"$T/squat.err" 3>&- &
	local squat_pid=$!      # ip and setpriv exec: this is linkctl's pid
	BG_PIDS+=("$squat_pid")
	wait_listening @squat
	lc_fails 1 "the receiver on @squat (pid $squat_pid uid 65534) is neither root nor uid 0; not handing it the link" \
		link send id "$id" to @squat
	assert_equal "$(link_owner_pids "$id")" "$HOLD_PID"
}

@test "recv: timeout and SIGTERM end the wait with an error and remove the socket" {
	# stdout: the listening line, then the error (JSON Lines under -j)
	lc_fails 1 "timed out waiting for a sender on $T/r.sock" link recv "$T/r.sock" timeout 1
	assert_output "listening on $T/r.sock"
	[ ! -e "$T/r.sock" ]
	run --separate-stderr lcj link recv @t timeout 1
	assert_failure 1
	assert_equal "$(jq -sc . <<<"$output")" '[{"listening":"@t"},{"error":"timed out waiting for a sender on @t","code":"timeout"}]'
	lc_bg recv link recv "$T/r.sock"
	wait_listening "$T/r.sock"
	kill -TERM "$BG_PID"
	wait_rc "$BG_PID"
	assert_equal "$WAIT_RC" 1
	assert_equal "$(cat "$T/recv.err")" "Error: interrupted waiting for a sender on $T/r.sock"
	[ ! -e "$T/r.sock" ]
}

@test "recv ready FD: the listening line goes to FD (then EOF), stdout keeps the result alone" {
	mkfifo "$T/ready"
	bg bash -c "'$LINKCTL' -j -n '$NS' --bpffs '$BPFFS' link recv '$T/r.sock' pin '$BPFFS/got' \
		ready 3 3>'$T/ready' >'$T/recv.out'"
	local recv_pid=$BG_PID
	# the read returns when recv listens: no retry loop around the sender
	run timeout 10 cat "$T/ready"
	assert_output "{\"listening\":\"$T/r.sock\"}"
	is_listening "$T/r.sock"
	send_xdp_link "$T/r.sock"
	exits_0 "$recv_pid"
	output=$(cat "$T/recv.out")
	assert_equal "$(jqo -c '[.link_id, .pinned]')" "[$SENT_ID,[\"$BPFFS/got\"]]"
	# text, and a bad fd
	assert_lc_error 2 "link recv: 'ready 9' is not an open file descriptor above 2" \
		link recv "$T/r2.sock" ready 9
	[ ! -e "$T/r2.sock" ]
}

@test "send: errors before anything is sent (text and JSON)" {
	hold -n "$NS" xdp veth0 "$XDP_OBJ"
	local id=$HOLD_IDS holder=$HOLD_PID
	assert_lc_error 1 "nobody is listening on $T/none.sock" link send id "$id" to "$T/none.sock"
	assert_lc_error 1 "nobody is listening on @none" link send id "$id" to @none
	assert_lc_error 1 "no link with id 4294967295" link send id 4294967295 to @none
	assert_lc_error 1 "cannot open pinned object $BPFFS/missing: No such file or directory" \
		link send pinned "$BPFFS/missing" to @none
	fdpass -n "$NS" pin-xdp veth1 "$XDP_OBJ" "$BPFFS/l" "$BPFFS/p"
	assert_lc_error 1 "$BPFFS/p pins a program, not a link" link send pinned "$BPFFS/p" to @none
	assert_lc_error 2 "link send: 'unpin' needs 'pinned PATH'" link send id "$id" to @none unpin
	assert_lc_error 2 "timeout must be 1 to 2000000 seconds" link send id "$id" to @none timeout 0
	assert_lc_error 2 "link send: missing 'id' (or one of its alternatives)" link send to @none
	assert_lc_error 2 "link send: missing 'to'" link send id "$id"
	assert_equal "$(link_owner_pids "$id")" "$holder"
}

@test "recv: usage errors (text and JSON)" {
	assert_lc_error 2 "link recv: missing 'SOCKET'" link recv
	assert_lc_error 2 "link recv: 'pin' and 'exec' exclude each other" \
		link recv "$T/r.sock" pin "$BPFFS/x" exec -- true
	assert_lc_error 2 "link recv: invalid UID 'bob' for 'allow-uid'" link recv "$T/r.sock" allow-uid bob
	assert_lc_error 2 "timeout must be 1 to 2000000 seconds" link recv "$T/r.sock" timeout 0
	assert_lc_error 1 "abstract socket name '@' is empty" link recv @
	assert_lc_error 1 "socket path /$(printf 'x%.0s' $(seq 110)) is longer than 107 bytes" \
		link recv "/$(printf 'x%.0s' $(seq 110))"
	[ ! -e "$T/r.sock" ]
}

@test "recv pin PATH: an existing pin path is refused up front; a late clash is refused to the sender" {
	mkdir "$BPFFS/taken"
	assert_lc_error 1 "$BPFFS/taken already exists; not overwriting it" \
		link recv "$T/r.sock" pin "$BPFFS/taken"
	[ ! -e "$T/r.sock" ]
	assert_lc_error 1 "$T/not-bpffs/x is not on a bpffs ($T is not a bpf filesystem)" \
		link recv "$T/r.sock" pin "$T/not-bpffs/x"
	[ ! -e "$T/r.sock" ]
	lc_bg recv link recv "$T/r.sock" pin "$BPFFS/late"
	local recv_pid=$BG_PID
	wait_listening "$T/r.sock"
	mkdir "$BPFFS/late"
	fdpass -n "$NS" send "$T/r.sock" link veth0 "$XDP_OBJ"
	read_sent
	assert_equal "$SENT_RC" -17         # EEXIST: the receiver could not pin
	wait_rc "$recv_pid"
	assert_equal "$WAIT_RC" 1
	assert_equal "$(tail -n1 "$T/recv.err")" "Error: $BPFFS/late already exists; not overwriting it"
	assert_equal "$(link_owner_pids "$SENT_ID")" "$HOLD_PID"
}

@test "recv: a refusal after a refused sender names no earlier link and gives the reason" {
	lc_bg recv link recv @again
	wait_listening @again
	fdpass -n "$NS" send @again badmagic veth0 "$XDP_OBJ"
	kill "$HOLD_PID"; wait "$HOLD_PID" || true
	wait_output "" xdp_prog
	fdpass -n "$NS" send @again none veth0 "$XDP_OBJ"
	read_sent
	assert_equal "$SENT_RC" -74     # EBADMSG: the reason for this sender, not EPROTO
	run cat "$T/recv.err"
	assert_line --index 1 --partial "the sender sent 0 fds; exactly one expected"
}

@test "recv: SIGTERM while a sender is mid-message: recv stops, the sender keeps its link" {
	lc_bg recv link recv @term
	local recv_pid=$BG_PID
	wait_listening @term
	# the sender connects, says so, waits 2 s, then sends: the signal lands in between
	bg "$FDPASS" -n "$NS" send @term link veth0 "$XDP_OBJ" late >"$T/sender.out" 2>"$T/sender.err"
	local sender=$BG_PID
	wait_for grep -qx connected "$T/sender.err"
	kill -TERM "$recv_pid"
	wait_rc "$recv_pid"
	assert_equal "$WAIT_RC" 1
	wait_for grep -q ready "$T/sender.out"
	read -r _ SENT_ID SENT_RC _ <"$T/sender.out"
	assert_equal "$SENT_RC" -4      # EINTR: the receiver said no; the sender holds its link
	assert_equal "$(link_owner_pids "$SENT_ID")" "$sender"
	run cat "$T/recv.err"
	assert_output --partial "the receiver is stopping"
}

@test "recv exec: an exec that fails after the ack holds the link instead of dropping it" {
	printf '#!/nonexistent/interp\n' >"$T/bad"
	chmod +x "$T/bad"
	fdpass -n "$NS" pin-xdp veth0 "$XDP_OBJ" "$BPFFS/e1"
	local id=${HOLD_IDS% *} prog
	prog=$(xdp_prog)
	lc_bg recv link recv @badexec exec -- "$T/bad"
	local recv_pid=$BG_PID
	wait_listening @badexec
	run lc link send pinned "$BPFFS/e1" to @badexec unpin
	assert_success
	wait_for grep -q "holding link" "$T/recv.err"
	assert_equal "$(xdp_prog)" "$prog"
	assert_equal "$(link_owner_pids "$id")" "$recv_pid"
	kill "$recv_pid"
	wait_rc "$recv_pid"
	assert_equal "$WAIT_RC" 1
	wait_output "" xdp_prog
}
