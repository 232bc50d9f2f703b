#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# Every command's real JSON output, and its error documents, against its schema in
# docs/schema/ (tests/tools/validate-json, python3-jsonschema). A key renamed in a printer
# and not in the schema (or the other way round) fails here.

load helpers
load handover

setup() { handover_setup; CG=; }
teardown() {
	[ -z "$CG" ] || find "$CG" -depth -type d -exec rmdir {} + 2>/dev/null || true
	lc_teardown
}

VALIDATE="$TESTS_DIR/tools/validate-json"

# valid SCHEMA EXIT ARGS...: `linkctl -j ARGS` (in $NS) exits EXIT and its stdout fits SCHEMA.
valid() {
	local schema=$1 rc=$2
	shift 2
	run --separate-stderr lcj "$@"
	assert_equal "$status" "$rc"
	echo "$output" | "$VALIDATE" "$schema" || fail "linkctl -j $*: does not fit $schema.json: $output"
	# a failure is {"error", "code"}; only a batch keeps its array, the error in its last element
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 3 ] && [ "$(jqo type)" = object ]; then
		assert_equal "$(jqo -c 'keys')" '["code","error"]'
	fi
}

# valid_all SCHEMA EXIT ARGS...: the same for `linkctl -j -A ARGS` (-A excludes -n).
valid_all() {
	local schema=$1 rc=$2
	shift 2
	run --separate-stderr "$LINKCTL" -j --bpffs "$BPFFS" -A "$@"
	assert_equal "$status" "$rc"
	echo "$output" | "$VALIDATE" "$schema" || fail "linkctl -j -A $*: does not fit $schema.json: $output"
}

# Link $1 on device $2 of $NS, seen from the host namespace: the device cannot be named (null
# and a reason); and with -A: the device named in its own namespace, the same netns object.
seen_from_host_and_all() {
	run --separate-stderr "$LINKCTL" -j link show id "$1"
	echo "$output" | "$VALIDATE" link-show || fail "$output"
	assert_equal "$(jqo -c '[.devname, .devname_reason, .netns.name, .netns.ino]')" "[null,\"unknown\",\"$NS\",$(stat -L -c %i "/run/netns/$NS")]"
	valid_all link-list 0 link list
	assert_equal "$(jqo -c --argjson x "$1" '.[] | select(.id == $x) | [.devname, .netns.name]')" "[\"$2\",\"$NS\"]"
}

# A cgroup of this test's own under the cgroup2 mount (found in /proc/mounts); teardown removes it.
own_cgroup() {
	local root
	root=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)
	[ -n "$root" ] || skip "no cgroup v2 mount"
	CG="$root/${LC_TEST_PREFIX}-schema-${BATS_TEST_NUMBER}-$$"
	mkdir "$CG"
}

@test "schema: the schemas themselves are valid draft 2020-12, and refuse wrong documents" {
	local s
	for s in "$REPO_DIR"/docs/schema/*.json; do
		s=$(basename "$s" .json)
		[ "$s" = common ] && continue
		echo 'null' | "$VALIDATE" "$s" 2>/dev/null && fail "$s accepts null"
	done
	# the old vocabulary is refused: a link pin receipt with "id" and a "path" string
	run "$VALIDATE" link-pin <<<'{"id":7,"path":"/sys/fs/bpf/x"}'
	assert_failure 1
	run "$VALIDATE" link-show <<<'{"id":7,"type":"xdp","prog_id":1,"prog_name":"a","prog_tag":null,"defunct":true,"ifindex":0,"devname":"(detached)"}'
	assert_failure 1
	run "$VALIDATE" monitor --lines <<<'{"time":"2026-12-01T15:04:05.123Z","time_ms":1,"event":"attach"}'
	assert_failure 1
	run "$VALIDATE" version <<<'{"error":"x"}'       # an error without its code
	assert_failure 1
	# a prog-attach entry with a link ID; a link detached without its unpinned list; an unknown finding
	run "$VALIDATE" cgroup-show <<<'[{"cgroup_path":"/x","cgroup_id":1,"progs":[{"attach_type":"cgroup_inet_egress","attach_flags":"multi","prog_id":1,"prog_name":"a","prog_tag":null,"attached":"prog-attach","link_id":7}]}]'
	assert_failure 1
	run "$VALIDATE" tcx-detach <<<'{"ifindex":2,"devname":"veth0","direction":"ingress","prog_id":1,"prog_name":"a","prog_tag":null,"attached":"link","link_id":7}'
	assert_failure 1
	run "$VALIDATE" audit <<<'{"clean":false,"warn_only":false,"ignored":[],"findings":[{"code":"frob","object":"pin","link_id":1,"pin":"/p","message":"m"}],"finding_count":1,"namespaces":1,"xdp_hooks":0,"links":1,"tcx_links":0,"cgroups":null,"cgroup_progs":null,"tc_filters":null,"tcx_progs":null,"tcx_supported":true}'
	assert_failure 1
	run "$VALIDATE" audit <<<'{"clean":false,"warn_only":false,"ignored":[],"findings":[{"code":"pin-defunct","object":"pin","link_id":1,"pin":"/p","message":"m"}],"finding_count":1,"namespaces":1,"xdp_hooks":0,"links":1,"tcx_links":0,"cgroups":null,"cgroup_progs":null,"tc_filters":null,"tcx_progs":null,"tcx_supported":true}'
	assert_success
}

@test "schema: version, help, OBJECT help, COMMAND -h, usage errors" {
	valid version 0 version
	valid help 0 help
	local obj
	for obj in link xdp tcx cgroup prog monitor audit batch version shell help; do
		valid object-help 0 "$obj" help
	done
	valid object-help 0 link list -h
	valid object-help 0 help xdp attach
	valid version 2 frob
	valid version 2 version extra
	valid help 2 help frob
	valid link-list 2 link list bogus
	valid link-list 2 link list -n "$NS"
}

@test "schema: prog list, prog show and their errors" {
	local id
	id=$("$TESTS_DIR/tools/lc-pinprog.bin" "$BPF_DIR/counter_map.bpf.o" "$BPFFS/counter")
	valid prog-list 0 prog list
	valid prog-list 0 prog list type xdp
	valid prog-show 0 prog show id "$id"
	valid prog-show 0 prog show pinned "$BPFFS/counter"
	valid prog-show 1 prog show id 4000000000
	valid prog-list 2 prog list type nosuchtype
}

@test "schema: link list and show over xdp, raw_tracepoint, detached and unnamed devices" {
	hold -n "$NS" xdp veth0 "$XDP_OBJ"
	local xdp=$HOLD_IDS
	hold rawtp "$BPF_DIR/raw_tp.bpf.o" 1
	valid link-list 0 link list
	valid link-list 0 link list type xdp
	valid link-list 0 --no-owners link list
	valid link-show 0 link show id "$xdp"
	valid link-show 0 link show id "$HOLD_IDS"
	hold -n "$NS" netns "$BPF_DIR/sk_lookup.bpf.o"
	valid link-show 0 link show id "$HOLD_IDS"
	assert_equal "$(jqo -c '[.type, .netns.name]')" "[\"netns\",\"$NS\"]"
	seen_from_host_and_all "$xdp" veth0
	valid_all link-list 0 link list type xdp
	valid link-show 0 link detach id "$xdp"
	assert_equal "$(jqo -c '[.devname, .devname_reason, .netns]')" '[null,"detached",null]'
	valid link-show 1 link show id 4000000000
	valid link-show 1 link show pinned "$BPFFS/none"
	valid link-list 1 link list dev nosuchdev
}

@test "schema: link list and show over tcx, -A too" {
	tcx_or_skip
	hold -n "$NS" tcx veth1 "$BPF_DIR/tc_pass.bpf.o"
	local tcx=$HOLD_IDS
	valid link-list 0 link list type tcx
	valid link-show 0 link show id "$tcx"
	seen_from_host_and_all "$tcx" veth1
	valid_all link-list 0 link list type tcx
}

@test "schema: a perf_event link: its detail, or null keys and detail_reason where the kernel reports none" {
	hold perf "$BPF_DIR/perf_event.bpf.o"
	valid link-show 0 link show id "$HOLD_IDS"
	# the kernel's BTF says whether it has perf_event detail (6.6)
	if link_info_has perf_event; then
		assert_equal "$(jqo -c '[.perf_event_type, .event_type, has("detail_reason")]')" '["event","software",false]'
	else
		assert_equal "$(jqo -c '[.perf_event_type, .detail_reason]')" '[null,"not reported by this kernel"]'
	fi
	valid link-list 0 link list type perf_event
}

@test "schema: link pin, unpin, update and their errors" {
	hold -n "$NS" xdp veth0 "$XDP_OBJ"
	local lid=$HOLD_IDS
	valid link-pin 0 link pin id "$lid" "$BPFFS/a"
	valid link-pin 0 link pin id "$lid" "$BPFFS/a"        # again: the note
	valid link-pin 1 link pin id 4000000000 "$BPFFS/b"
	valid link-pin 2 link pin id "$lid"
	valid link-show 0 link update id "$lid" prog "$BPF_DIR/xdp_drop.bpf.o"
	valid link-show 2 link update id "$lid" prog 5
	valid link-show 1 link update id "$lid" prog "$BPF_DIR/xdp_pass.bpf.o" old-prog 4000000000
	valid link-unpin 0 link unpin "$BPFFS/a"
	valid link-unpin 1 link unpin "$BPFFS/a"
}

@test "schema: xdp show, attach (link, netlink, replace), detach and their errors" {
	valid xdp-show 0 xdp show
	valid xdp-show 0 xdp show dev veth0
	valid xdp-attach 0 xdp attach dev veth0 prog "$XDP_OBJ"
	valid xdp-attach 0 xdp attach dev veth0 prog "$BPF_DIR/xdp_drop.bpf.o" replace
	valid xdp-attach 0 xdp attach dev veth1 prog "$XDP_OBJ" via netlink skb
	valid xdp-show 0 xdp list
	# -A: every namespace's devices, each with its netns
	valid_all xdp-show 0 xdp show
	assert_equal "$(jqo -c --arg ns "$NS" '[.[] | select(.netns.name == $ns) | .devname] | sort')" '["veth0","veth1"]'
	valid_all xdp-show 0 xdp show dev veth0
	valid_all xdp-show 1 xdp show dev nosuchdev
	valid xdp-attach 1 xdp attach dev veth1 prog "$XDP_OBJ" skb
	valid xdp-attach 1 xdp attach dev veth0 prog /etc/passwd
	valid xdp-attach 2 xdp attach dev veth0 prog 5136
	valid xdp-detach 0 xdp detach dev veth1
	valid xdp-detach 0 xdp detach dev veth1                # empty now: the note
	valid xdp-detach 1 xdp detach dev veth0
	valid xdp-detach 0 xdp detach dev veth0 force
	valid xdp-show 1 xdp show dev nosuchdev
}

@test "schema: xdp attach exec: the receipt alone on stdout before the command runs" {
	run --separate-stderr lcj xdp attach dev veth0 prog "$XDP_OBJ" exec -- true
	assert_success
	echo "$output" | "$VALIDATE" xdp-attach || fail "$output"
	assert_equal "$(jqo -c '[.exec, (.pids | length)]')" '[["true"],1]'
}

@test "schema: link recv, send, adopt, wait" {
	lc_bg recv -j link recv "$T/r.sock" pin "$BPFFS/got"
	local recv_pid=$BG_PID
	wait_listening "$T/r.sock"
	lc xdp attach dev veth0 prog "$XDP_OBJ" pin "$BPFFS/l" >/dev/null
	valid link-send 0 link send pinned "$BPFFS/l" to "$T/r.sock" unpin
	assert_equal "$(jqo -c '.pinned')" "[\"$BPFFS/got\"]"
	wait_rc "$recv_pid"
	recv_result "$T/recv.out" | "$VALIDATE" link-recv || fail "$(cat "$T/recv.out")"
	assert_equal "$(head -n1 "$T/recv.out")" "{\"listening\":\"$T/r.sock\"}"
	valid link-adopt 0 link adopt pinned "$BPFFS/got" pin "$BPFFS/again"
	valid link-send 1 link send pinned "$BPFFS/again" to "$T/none.sock"
	valid link-adopt 1 link adopt pinned "$BPFFS/none" pin "$BPFFS/x"
	local lid
	lid=$(lcj link show pinned "$BPFFS/again" | jq .id)
	valid link-wait 1 link wait id "$lid" timeout 1
	rm "$BPFFS/again"
	valid link-wait 0 link wait id "$lid" timeout 5
	valid link-wait 1 link wait id 4000000000
	valid link-wait 2 link wait
}

@test "schema: monitor's JSON Lines, the timeout error included" {
	bg "$LINKCTL" -j -n "$NS" monitor dev veth0 count 3 timeout 3 >"$T/mon.out"
	local mon=$BG_PID
	sleep 0.5
	lc xdp attach dev veth0 prog "$XDP_OBJ" via netlink skb >/dev/null
	lc xdp detach dev veth0 >/dev/null
	wait_rc "$mon"
	assert_equal "$WAIT_RC" 1
	"$VALIDATE" monitor --lines <"$T/mon.out" || fail "$(cat "$T/mon.out")"
	assert_equal "$(jq -sc 'map(.event // .code)' "$T/mon.out")" '["attach","detach","timeout"]'
	run --separate-stderr lcj monitor dev nosuchdev
	echo "$output" | "$VALIDATE" monitor --lines || fail "$output"
}

@test "schema: monitor -A's JSON Lines: events with their namespace" {
	bg "$LINKCTL" -j -A monitor >"$T/mon.out"
	local mon=$BG_PID ours=0
	sleep 1
	lc xdp attach dev veth0 prog "$XDP_OBJ" skb >/dev/null
	# an attach and a link-new in this test's namespace (others' events come too)
	for _ in $(seq 100); do
		ours=$(jq -s --arg ns "$NS" '[.[] | select(.netns.name == $ns)] | length' "$T/mon.out")
		[ "$ours" -ge 2 ] && break
		sleep 0.1
	done
	kill -TERM "$mon"
	wait_rc "$mon"
	assert_equal "$WAIT_RC" 0
	"$VALIDATE" monitor --lines <"$T/mon.out" || fail "$(cat "$T/mon.out")"
	assert_equal "$ours" 2
}

@test "schema: batch, with a failing line" {
	printf 'version\nxdp show\nprog show id 4000000000\n' >"$T/b"
	valid batch 1 batch file "$T/b"
	assert_equal "$(jqo -c '.[2] | [.line, .code]')" '[3,"not_found"]'
	printf 'version\n"unterminated\n' >"$T/b"
	valid batch 2 batch file "$T/b"
	assert_equal "$(jqo -c '.[1] | [.line, .code]')" '[2,"usage"]'
	valid batch 1 batch file "$T/none"
}

@test "schema: a kernel without tcx: the refusals of tcx show and attach fit their schemas" {
	local has
	has=$(tcx_kernel)
	[ "$has" = no ] || skip "this kernel has tcx; the refusal is checked on Debian's 6.1 (qemu matrix)"
	valid tcx-show 1 tcx show dev veth0
	assert_equal "$(jqo -c '[.error, .code]')" '["tcx is not supported by this kernel (needs 6.6)","unsupported"]'
	valid tcx-attach 1 tcx attach dev veth0 ingress prog "$BPF_DIR/tc_pass.bpf.o"
	assert_equal "$(jqo -c '[.error, .code]')" '["tcx is not supported by this kernel (needs 6.6)","unsupported"]'
}

@test "schema: tcx show (-A too), attach, detach and their errors" {
	tcx_or_skip
	local tc_prog pin lid pid
	tc -n "$NS" qdisc add dev veth1 clsact
	tc -n "$NS" filter add dev veth1 ingress bpf da obj "$BPF_DIR/tc_pass.bpf.o" sec tc
	tc_prog=$(tc -n "$NS" -j filter show dev veth1 ingress | jq '[.[] | .options.prog.id // empty] | last')
	valid tcx-attach 0 tcx attach dev veth0 ingress prog "$BPF_DIR/tc_pass.bpf.o"
	lid=$(jqo .link_id)
	pin=$(jqo -r '.pinned[0]')
	valid tcx-attach 0 tcx attach dev veth0 ingress prog "$BPF_DIR/tc_pass.bpf.o" first pin "$BPFFS/t"
	valid tcx-attach 0 tcx attach dev veth0 egress prog "$BPF_DIR/tc_pass.bpf.o" exec -- true
	assert_equal "$(jqo -c '[.exec, (.pids | length), .attached]')" '[["true"],1,"link"]'
	valid tcx-show 0 tcx show
	valid tcx-show 0 tcx show dev veth0 ingress
	assert_equal "$(jqo -c '[.[0].progs[] | .position]')" '[1,2]'
	valid tcx-show 0 tcx show dev veth1 ingress
	assert_equal "$(jqo -c '[.[0].tc_filters[0] | .prog_id, .attached, .direct_action]')" "[$tc_prog,\"tc\",true]"
	valid_all tcx-show 0 tcx show
	assert_equal "$(jqo -c --arg ns "$NS" '[.[] | select(.netns.name == $ns) | .devname + " " + .direction] | sort')" \
		'["veth0 ingress","veth1 ingress"]'
	valid_all tcx-show 0 tcx show dev veth0
	valid_all tcx-show 1 tcx show dev nosuchdev
	valid tcx-show 1 tcx show dev nosuchdev
	valid tcx-show 2 tcx show dev veth0 sideways
	valid tcx-attach 1 tcx attach dev veth0 ingress prog /etc/passwd
	valid tcx-attach 1 tcx attach dev nosuchdev ingress prog "$BPF_DIR/tc_pass.bpf.o"
	valid tcx-attach 2 tcx attach dev veth0 prog "$BPF_DIR/tc_pass.bpf.o"
	pid=$(lcj link show id "$lid" | jq .prog_id)
	valid tcx-detach 1 tcx detach dev veth0 ingress prog "$pid"     # a link: refused without force
	valid tcx-detach 0 tcx detach dev veth0 ingress prog "$pid" force
	assert_equal "$(jqo -c '[.link_id, .unpinned]')" "[$lid,[\"$pin\"]]"
	[ ! -e "$pin" ]
	valid tcx-detach 1 tcx detach dev veth0 ingress prog 4000000000
	valid tcx-detach 1 tcx detach dev veth1 ingress prog "$tc_prog"  # a tc filter, not in the chain
	valid tcx-detach 2 tcx detach dev veth0 ingress
}

@test "schema: cgroup show, attach (link, prog-attach), detach and their errors" {
	own_cgroup
	local lid pid legacy pin
	valid cgroup-attach 0 cgroup attach "$CG" egress prog "$BPF_DIR/cgroup_count.bpf.o"
	lid=$(jqo .link_id)
	pid=$(jqo .prog_id)
	pin=$(jqo -r '.pinned[0]')
	assert_equal "$(jqo -c '[.cgroup_id, .attach_type, .attached, .pids]')" "[$(stat -c %i "$CG"),\"cgroup_inet_egress\",\"link\",[]]"
	valid cgroup-attach 0 cgroup attach "$CG" ingress prog "$BPF_DIR/cgroup_skb.bpf.o" via prog-attach multi
	legacy=$(jqo .prog_id)
	assert_equal "$(jqo -c '[.attached, .link_id, .attach_flags]')" '["prog-attach",null,"multi"]'
	valid cgroup-attach 0 cgroup attach "$CG" egress prog "$BPF_DIR/cgroup_skb.bpf.o" exec -- true
	assert_equal "$(jqo -c '[.exec, (.pids | length)]')" '[["true"],1]'
	valid cgroup-show 0 cgroup show "$CG"
	assert_equal "$(jqo -c '[.[0].progs[] | .attached] | sort')" '["link","prog-attach"]'
	valid cgroup-show 0 cgroup show "$CG" effective
	valid cgroup-show 0 cgroup show "$CG" type egress
	mkdir "$CG/child"
	valid cgroup-show 0 cgroup show "$CG/child" effective
	assert_equal "$(jqo -c --arg cg "$CG" '[.[0].progs[] | .inherited_from] | unique')" "[\"$CG\"]"
	valid cgroup-show 0 cgroup show "$CG" recursive
	valid cgroup-show 1 cgroup show "$CG/none"
	valid cgroup-show 1 cgroup show /proc
	valid cgroup-show 2 cgroup show "$CG" type bogus
	valid cgroup-attach 2 cgroup attach "$CG" bogus prog "$BPF_DIR/cgroup_skb.bpf.o"
	valid cgroup-attach 1 cgroup attach "$CG" egress prog /etc/passwd
	valid cgroup-attach 1 cgroup attach "$CG/none" egress prog "$BPF_DIR/cgroup_skb.bpf.o"
	valid cgroup-detach 1 cgroup detach "$CG" egress prog "$pid"       # a link: refused without force
	valid cgroup-detach 0 cgroup detach "$CG" egress prog "$pid" force
	assert_equal "$(jqo -c '[.link_id, .unpinned]')" "[$lid,[\"$pin\"]]"
	valid cgroup-detach 0 cgroup detach "$CG" ingress prog "$legacy"
	assert_equal "$(jqo -c '[.attached, .link_id]')" '["prog-attach",null]'
	valid cgroup-detach 1 cgroup detach "$CG" ingress prog 4000000000
	valid cgroup-detach 2 cgroup detach "$CG" bogus prog 1
	valid cgroup-detach 1 cgroup detach "$CG/none" ingress prog 1
}

@test "schema: audit: its document, also with findings (exit 1), and its errors" {
	local prog tprog pin="$BPFFS/tcxp" mnt="$BATS_TEST_TMPDIR/ns"
	ip -n "$NS" link set dev veth1 xdpgeneric obj "$BPF_DIR/xdp_pass.bpf.o" sec xdp
	prog=$(ip -n "$NS" -d -j link show veth1 | jq '.[0].xdp.prog.id')
	# the namespace also kept by a bind mount: the netns object's mount
	touch "$mnt"
	mount --bind "/run/netns/$NS" "$mnt"
	if "$HOLD" -n "$NS" probe-tcx lo "$BPF_DIR/tc_pass.bpf.o"; then
		bpftool prog load "$BPF_DIR/tc_pass.bpf.o" "$pin" type classifier
		tprog=$(bpftool -j prog show pinned "$pin" | jq .id)
		ip netns exec "$NS" "$TESTS_DIR/tools/tcx_query.py" "$IFINDEX0" ingress "$pin" >/dev/null
	fi
	run -1 --separate-stderr "$LINKCTL" -j audit
	umount "$mnt"
	echo "$output" | "$VALIDATE" audit || fail "$output"
	assert_equal "$(jqo -c --argjson p "$prog" '[.findings[] | select(.prog_id == $p) | .code, .netns.name, .netns.mount]')" "[\"xdp-netlink\",\"$NS\",\"$mnt\"]"
	[ -z "${tprog:-}" ] || assert_equal "$(jqo -c --argjson p "$tprog" '[.findings[] | select(.prog_id == $p) | .code, .devname]')" '["tcx-prog-attach","veth0"]'
	run -0 --separate-stderr "$LINKCTL" -j audit warn-only ignore cgroup-prog-attach,tc-cls-bpf
	echo "$output" | "$VALIDATE" audit || fail "$output"
	assert_equal "$(jqo -c '[.warn_only, .ignored, .cgroups, .cgroup_progs, .tc_filters]')" \
		'[true,["cgroup-prog-attach","tc-cls-bpf"],null,null,null]'
	run -2 --separate-stderr "$LINKCTL" -j audit ignore bogus
	echo "$output" | "$VALIDATE" audit || fail "$output"
	assert_equal "$(jqo -c 'keys')" '["code","error"]'
	run -2 --separate-stderr "$LINKCTL" -j audit extra
	echo "$output" | "$VALIDATE" audit || fail "$output"
}

@test "schema: every verb of every object has a schema that this file uses" {
	local obj verb name
	for obj in link xdp tcx cgroup prog; do
		for verb in $("$LINKCTL" -j "$obj" help | jq -r '.verbs[].verb'); do
			name="$obj-$verb"
			case "$name" in
			link-detach|link-update) name=link-show ;;     # they print the link as link show does
			xdp-list) name=xdp-show ;;
			esac
			[ -f "$REPO_DIR/docs/schema/$name.json" ] || fail "no docs/schema/$name.json for '$obj $verb'"
			grep -Eq "(valid(_all)? |\"\\\$VALIDATE\" )$name( |\$)" "$BATS_TEST_FILENAME" ||
				fail "'$obj $verb' ($name) is not validated here"
		done
	done
	for name in audit monitor batch version help object-help; do
		grep -Eq "(valid(_all)? |\"\\\$VALIDATE\" )$name( |\$)" "$BATS_TEST_FILENAME" ||
			fail "'$name' is not validated here"
	done
}
