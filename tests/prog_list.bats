#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# prog list / prog show: id, type, name, tag, loaded_at, btf_id, map_ids, pins, holders —
# checked against iproute2's view of the same program and the kernel's fdinfo.

load helpers
load xdp_helpers

@test "prog list: an attached program with the fields iproute2 reports" {
	before=$(date +%s)
	run lcj xdp attach dev veth0 prog "$XDP_PASS" via netlink
	after=$(date +%s)
	id=$(ip_xdp_field veth0 prog.id)
	run --separate-stderr lcj prog list
	assert_success
	entry=$(jqo -c --argjson id "$id" '.[] | select(.id == $id)')
	assert_equal "$(echo "$entry" | jq -c '[.id, .type, .name, .tag, .btf_id, .map_ids, .pinned, .pids]')" \
		"[$id,\"xdp\",\"xdp_pass\",\"$(ip_xdp_field veth0 prog.tag)\",$(ip_xdp_field veth0 prog.btf_id),[],[],[]]"
	# RFC 3339 UTC that jq 1.6 parses, and the same instant in milliseconds
	loaded=$(echo "$entry" | jq '.loaded_at | fromdateiso8601')
	[ "$loaded" -ge "$before" ] && [ "$loaded" -le "$after" ]
	assert_equal "$(echo "$entry" | jq '(.loaded_at_ms / 1000 | floor) == (.loaded_at | fromdateiso8601)')" true
	[[ "$(echo "$entry" | jq -r .loaded_at)" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$ ]]
}

@test "prog list type xdp filters; an unknown type is a usage error" {
	run lcj xdp attach dev veth0 prog "$XDP_PASS" via netlink
	xdp_id=$(ip_xdp_field veth0 prog.id)
	rtp_id=$("$PINPROG" "$BPF_DIR/raw_tp.bpf.o" "$BPFFS/rtp")
	run --separate-stderr lcj prog list type xdp
	assert_success
	assert_equal "$(jqo 'map(.type) | unique | join(",")')" "xdp"
	assert_equal "$(jqo --argjson id "$xdp_id" 'map(select(.id == $id)) | length')" "1"
	assert_equal "$(jqo --argjson id "$rtp_id" 'map(select(.id == $id)) | length')" "0"
	run --separate-stderr lcj prog list type raw_tracepoint
	assert_equal "$(jqo --argjson id "$rtp_id" '.[] | select(.id == $id) | .name')" "rtp_sys_enter"
	run --separate-stderr lcj prog list type nosuchtype
	assert_failure 2
	assert_equal "$(jqo .error)" "unknown program type 'nosuchtype' (named as bpftool does: xdp, sched_cls, raw_tracepoint, ...)"
}

@test "prog show pinned PATH and id N: the same program, its pin, its map" {
	id=$("$PINPROG" "$BPF_DIR/counter_map.bpf.o" "$BPFFS/counter")
	run --separate-stderr lcj prog show pinned "$BPFFS/counter"
	assert_success
	assert_equal "$(jqo -c '[.id, .type, .name, .pinned, (.map_ids | length), .pids]')" \
		"[$id,\"xdp\",\"xdp_count\",[\"$BPFFS/counter\"],1,[]]"
	by_pin=$(jqo -c 'del(.loaded_at, .loaded_at_ms)')
	run --separate-stderr lcj prog show id "$id"
	assert_success
	assert_equal "$(jqo -c 'del(.loaded_at, .loaded_at_ms)')" "$by_pin"
	# attaching it shows the same map ID the program was loaded with
	run lcj xdp attach dev veth0 prog id "$id" via netlink
	assert_equal "$(lcj prog show id "$id" | jq -c .map_ids)" "$(echo "$by_pin" | jq -c .map_ids)"
}

@test "prog show: text form" {
	id=$("$PINPROG" "$XDP_DROP" "$BPFFS/drop")
	run lcj prog show id "$id"
	tag=$(jqo .tag)
	btf=$(jqo .btf_id)
	when=$(jqo .loaded_at)
	run --separate-stderr lc prog show id "$id"
	assert_success
	assert_equal "${#lines[@]}" 3
	assert_line --index 0 "$id: xdp  name xdp_drop  tag $tag"
	assert_line --index 1 "	loaded_at $when  btf_id $btf"
	assert_line --index 2 "	pinned $BPFFS/drop"
}

@test "prog show: holders are listed with pid and fd" {
	hold -n "$NS" xdp veth0 "$XDP_PASS"
	id=$(ip_xdp_field veth0 prog.id)
	fd=$(fd_with "$HOLD_PID" prog_id "$id" anon_inode:bpf-prog)
	run --separate-stderr lcj prog show id "$id"
	assert_success
	assert_equal "$(jqo -c .pids)" "[{\"pid\":$HOLD_PID,\"comm\":\"lc-hold.bin\",\"fd\":$fd}]"
}

@test "prog show errors: missing id, a pin that is not a program, a type mismatch" {
	run --separate-stderr lcj prog show id 4000000000
	assert_failure 1
	assert_equal "$(jqo .error)" "no program with id 4000000000"
	run --separate-stderr lc prog show pinned "$BPFFS/nothing"
	assert_failure 1
	assert_equal "$stderr" "Error: cannot open pinned object $BPFFS/nothing: No such file or directory"
	run lc xdp attach dev veth0 prog "$XDP_PASS" pin "$BPFFS/link"
	run --separate-stderr lcj prog show pinned "$BPFFS/link"
	assert_failure 1
	assert_equal "$(jqo .error)" "$BPFFS/link pins a link, not a program"
	id=$("$PINPROG" "$XDP_DROP" "$BPFFS/drop")
	run --separate-stderr lcj prog show id "$id" type raw_tracepoint
	assert_failure 1
	assert_equal "$(jqo .error)" "program $id (xdp_drop) is of type xdp, not raw_tracepoint"
}

@test "prog list without CAP_SYS_ADMIN names the capability" {
	run --separate-stderr setpriv --bounding-set -all --inh-caps -all -- "$LINKCTL" -j prog list
	assert_failure 1
	assert_equal "$(jqo .error)" "cannot iterate program IDs: Operation not permitted (needs CAP_SYS_ADMIN)"
}
