#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# xdp attach ... exec -- CMD: the new link is not pinned; CMD owns it at fd 3 and the
# program auto-detaches when CMD exits.

load helpers

xdp_prog_on() { ip -n "$NS" -j -d link show "$1" | jq -r '.[0].xdp.prog.id // empty'; }

@test "xdp attach exec: CMD gets the link at fd 3 with LISTEN_FDS/LISTEN_PID and its ID" {
	run "$LINKCTL" -j -n "$NS" --bpffs "$BPFFS" xdp attach dev veth0 prog "$BPF_DIR/xdp_pass.bpf.o" \
		exec -- sh -c 'echo "$(readlink /proc/self/fd/3) $LISTEN_FDS $LISTEN_PID $$ $LINKCTL_LINK_ID $LINKCTL_LINK_FD"'
	assert_success
	doc=${lines[0]}
	read -r target fds listen_pid pid env_link_id env_link_fd <<<"${lines[1]}"
	assert_equal "$target" "anon_inode:bpf_link"
	assert_equal "$fds" 1
	assert_equal "$listen_pid" "$pid"
	assert_equal "$env_link_fd" 3
	assert_equal "$(jq -r .link_id <<<"$doc")" "$env_link_id"
	assert_equal "$(jq -r .holder_pid <<<"$doc")" "$pid"
	assert_equal "$(jq -r '.exec[0]' <<<"$doc")" "sh"
	assert_equal "$(jq -r '.pinned // "none"' <<<"$doc")" "none"
	assert_equal "$(jq -r .ifindex <<<"$doc")" "$IFINDEX0"
	# no pin was made anywhere in the bpffs
	run find "$BPFFS" -type f ! -name '*.debug'
	assert_output ""
}

@test "xdp attach exec: attached while CMD runs, auto-detached when it exits" {
	bg "$LINKCTL" -n "$NS" --bpffs "$BPFFS" xdp attach dev veth0 prog "$BPF_DIR/xdp_pass.bpf.o" \
		exec -- sleep 2
	pid=$BG_PID
	for _ in $(seq 50); do [ -n "$(xdp_prog_on veth0)" ] && break; sleep 0.05; done
	prog_id=$(xdp_prog_on veth0)
	[ -n "$prog_id" ] || fail "nothing attached while the command runs"
	link_id=$("$LINKCTL" -j -n "$NS" xdp show dev veth0 | jq -r '.[0].modes[0].link_id // .[0].link_id // empty')
	run link_owner_pids "$link_id"
	assert_output "$pid"
	wait "$pid"
	for _ in $(seq 50); do [ -z "$(xdp_prog_on veth0)" ] && break; sleep 0.05; done
	assert_equal "$(xdp_prog_on veth0)" ""
}

@test "xdp attach exec: an unknown command fails before anything is attached" {
	run --separate-stderr "$LINKCTL" -n "$NS" xdp attach dev veth0 prog "$BPF_DIR/xdp_pass.bpf.o" \
		exec -- /nonexistent/cmd
	assert_failure 1
	assert_equal "$stderr" "Error: /nonexistent/cmd is not an executable file"
	assert_equal "$(xdp_prog_on veth0)" ""
	run --separate-stderr "$LINKCTL" -j -n "$NS" xdp attach dev veth0 prog "$BPF_DIR/xdp_pass.bpf.o" \
		exec -- no-such-command-anywhere
	assert_failure 1
	assert_equal "$(jqo .error)" "no-such-command-anywhere: command not found"
	assert_equal "$(xdp_prog_on veth0)" ""
}

@test "xdp attach exec: usage errors (with pin, via netlink, replace, no command)" {
	run --separate-stderr "$LINKCTL" -j -n "$NS" xdp attach dev veth0 prog "$BPF_DIR/xdp_pass.bpf.o" \
		pin "$BPFFS/x" exec -- true
	assert_failure 2
	assert_equal "$(jqo .error)" "xdp attach: 'pin' and 'exec' exclude each other"
	run --separate-stderr "$LINKCTL" -j -n "$NS" xdp attach dev veth0 prog "$BPF_DIR/xdp_pass.bpf.o" \
		via netlink exec -- true
	assert_failure 2
	assert_equal "$(jqo .error)" "xdp attach: 'exec' hands a new bpf_link to the command; it goes with neither 'via netlink' nor 'replace'"
	run --separate-stderr "$LINKCTL" -n "$NS" xdp attach dev veth0 prog "$BPF_DIR/xdp_pass.bpf.o" exec --
	assert_failure 2
	assert_equal "$stderr" "Error: xdp attach: 'exec' needs a command"
	assert_equal "$(xdp_prog_on veth0)" ""
}

@test "xdp attach -j exec: the receipt is the first line, CMD's stdout follows untouched" {
	run --separate-stderr "$LINKCTL" -j -n "$NS" --bpffs "$BPFFS" xdp attach dev veth0 \
		prog "$BPF_DIR/xdp_pass.bpf.o" exec -- sh -c 'printf "{\"mine\":1}\nraw tail"'
	assert_success
	assert_equal "${#lines[@]}" 3
	# a script takes the receipt with head -1 and leaves the rest to the command's reader
	local receipt=${lines[0]} pid
	pid=$(jq .holder_pid <<<"$receipt")
	assert_equal "$(jq -c '.pids' <<<"$receipt")" "[{\"pid\":$pid,\"comm\":\"sh\",\"fd\":3}]"
	assert_equal "${lines[1]}" '{"mine":1}'
	assert_equal "${lines[2]}" "raw tail"
	assert_equal "$(tail -n +2 <<<"$output")" $'{"mine":1}\nraw tail'
}
