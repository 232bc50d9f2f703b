#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# Hand-over end to end with linkctl alone: attach (pinned), send the link to a receiver,
# and after each step `link show` names the owner; auto-detach when the last owner goes.

load helpers
load handover

setup() { handover_setup; }
teardown() { lc_teardown; }

@test "hand-over end to end: pin -> recv process -> gone, link show names each owner" {
	run lcj xdp attach dev veth0 prog "$BPF_DIR/xdp_pass.bpf.o" pin "$BPFFS/edge"
	assert_success
	link_id=$(jqo .link_id)
	prog_id=$(jqo .prog_id)

	# step 1: held by its pin only
	run lcj link show id "$link_id"
	assert_success
	assert_equal "$(jqo '[.id, .prog_id, .devname, (.pinned | join(",")), (.pids | length)] | @tsv')" \
		"$(printf '%s\t%s\tveth0\t%s\t0' "$link_id" "$prog_id" "$BPFFS/edge")"

	# step 2: handed to a receiving process, the pin removed after the ack
	lc_bg recv -j link recv "$T/r.sock"
	recv_pid=$BG_PID
	wait_listening "$T/r.sock"
	run lcj link send pinned "$BPFFS/edge" to "$T/r.sock" unpin
	assert_success
	wait_received "$T/recv.out"
	run lcj link show id "$link_id"
	assert_success
	assert_equal "$(jqo '[(.pinned | length), .pids[0].pid, .pids[0].comm, (.pids | length)] | @tsv')" \
		"$(printf '0\t%s\t%s\t1' "$recv_pid" "$(basename "$LINKCTL" | cut -c1-15)")"
	run lcj link list dev veth0 owner "$recv_pid"
	assert_equal "$(jqo '[.[].id] | join(",")')" "$link_id"
	assert_equal "$(ip_xdp_prog_id veth0)" "$prog_id"

	# step 3: the owner dies: auto-detach, the link is gone
	kill "$recv_pid"
	wait_rc "$recv_pid"
	wait_output "" ip_xdp_prog_id veth0
	assert_equal "$(ip_xdp_prog_id veth0)" ""
	run --separate-stderr "$LINKCTL" -j link show id "$link_id"
	assert_failure 1
	assert_equal "$(jqo .error)" "no link with id $link_id"
}
