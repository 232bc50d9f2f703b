#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# xdp attach and link list agree: the same link ID, program, device, pin and owners.

load helpers

@test "xdp attach via link shows in link list with the same id, prog, device and pin" {
	run lcj xdp attach dev veth1 prog "$BPF_DIR/xdp_drop.bpf.o"
	assert_success
	link_id=$(jqo .link_id)
	prog_id=$(jqo .prog_id)
	pin=$(jqo '.pinned[0]')
	netns_ino=$(ip netns exec "$NS" stat -L -c %i /proc/self/ns/net)
	assert_equal "$pin" "$BPFFS/linkctl/xdp/$netns_ino/veth1"
	run lcj link list dev veth1
	assert_success
	assert_equal "$(jqo 'length')" 1
	assert_equal "$(jqo '.[0] | [.id, .type, .prog_id, .prog_name, .ifindex, .devname, .pinned[0], (.pids | length)] | @tsv')" \
		"$(printf '%s\txdp\t%s\txdp_drop\t%s\tveth1\t%s\t0' "$link_id" "$prog_id" "$IFINDEX1" "$pin")"
	run lcj xdp show dev veth1
	assert_equal "$(jqo '.[0].modes[0] | [.link_id, .prog_id, .attached] | @tsv')" \
		"$(printf '%s\t%s\tlink' "$link_id" "$prog_id")"
	# text form of the same link
	run lc link show id "$link_id"
	assert_success
	assert_line --index 0 --regexp "^$link_id: xdp  prog $prog_id xdp_drop"
	assert_output --partial "pinned $pin"
	# removing the last pin auto-detaches; link list no longer has it
	rm "$pin"
	for _ in $(seq 50); do [ -z "$(ip_xdp_prog_id veth1)" ] && break; sleep 0.05; done
	run lcj link list dev veth1
	assert_equal "$(jqo 'length')" 0
}
