#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# The command grammar: version, help, prefixes, unknown words, exit codes, JSON errors.

load helpers

@test "version: text and JSON agree with VERSION" {
	run "$LINKCTL" version
	assert_success
	assert_output --regexp "^linkctl $(cat "$REPO_DIR/VERSION") \(libbpf [0-9]+\.[0-9]+\)$"
	run "$LINKCTL" -j version
	assert_success
	assert_equal "$(jqo .version)" "$(cat "$REPO_DIR/VERSION")"
	run "$LINKCTL" -V
	assert_success
	assert_output --partial "linkctl $(cat "$REPO_DIR/VERSION")"
}

@test "help lists every object; -j help is a JSON document" {
	run "$LINKCTL" help
	assert_success
	assert_output --partial "Usage: linkctl [OPTIONS] OBJECT"
	for obj in link xdp prog version help; do
		assert_output --regexp "  $obj "
	done
	run "$LINKCTL" -j help
	assert_success
	assert_equal "$(jqo '[.objects[].object] | index("link") != null')" "true"
	assert_equal "$(jqo '[.options[].option] | map(select(startswith("-j"))) | length')" "1"
}

@test "OBJECT help prints the object's usage" {
	run "$LINKCTL" prog help
	assert_success
	assert_line --index 0 "Usage: linkctl prog list [type TYPE]"
	run "$LINKCTL" -j prog help
	assert_success
	assert_equal "$(jqo '.object')" "prog"
	assert_equal "$(jqo '[.verbs[].verb] | join(",")')" "list,show"
}

@test "objects and verbs match by unique prefix" {
	run "$LINKCTL" -j v
	assert_success
	assert_equal "$(jqo .version)" "$(cat "$REPO_DIR/VERSION")"
	run "$LINKCTL" -j p l
	assert_success
	assert_equal "$(jqo 'type')" "array"
}

@test "an ambiguous keyword is a usage error naming the candidates" {
	# prog show has keywords id, pinned, type; a repeated keyword is refused too
	run --separate-stderr "$LINKCTL" -j prog show type xdp ty xdp
	assert_failure 2
	assert_equal "$(jqo .error)" "prog show: 'type' given more than once"
}

@test "unknown object: exit 2, one line, JSON error document" {
	run --separate-stderr "$LINKCTL" frobnicate
	assert_failure 2
	assert_equal "$stderr" "Error: unknown object 'frobnicate' (try 'linkctl help')"
	assert_output ""
	run --separate-stderr "$LINKCTL" -j frobnicate
	assert_failure 2
	assert_equal "$(jqo .error)" "unknown object 'frobnicate' (try 'linkctl help')"
}

@test "unknown command and unknown keyword: exit 2 with valid JSON" {
	run --separate-stderr "$LINKCTL" -j prog frob
	assert_failure 2
	assert_equal "$(jqo .error)" "prog: unknown command 'frob' (try 'linkctl prog help')"
	run --separate-stderr "$LINKCTL" -j prog list bogus
	assert_failure 2
	assert_equal "$(jqo .error)" "prog list: unexpected argument 'bogus'"
	run --separate-stderr "$LINKCTL" -j link help extra
	assert_failure 2
	assert_equal "$(jqo .error)" "link help: unexpected argument 'extra'"
	run --separate-stderr "$LINKCTL" xdp help extra
	assert_failure 2
	assert_equal "$stderr" "Error: xdp help: unexpected argument 'extra'"
	assert_equal "$output" ""
	run --separate-stderr "$LINKCTL" -j prog show id notanumber
	assert_failure 2
	assert_equal "$(jqo .error)" "prog show: invalid ID 'notanumber' for 'id'"
	run --separate-stderr "$LINKCTL" -j prog show id 1 pinned /x
	assert_failure 2
	assert_equal "$(jqo .error)" "prog show: 'id' and 'pinned' exclude each other"
}

@test "unknown global option is a usage error" {
	run --separate-stderr "$LINKCTL" --frob version
	assert_failure 2
	assert_equal "$stderr" "Error: unknown option '--frob' (try 'linkctl help')"
}

@test "no arguments without a terminal is a usage error" {
	run --separate-stderr "$LINKCTL" </dev/null
	assert_failure 2
	assert_equal "$stderr" "Error: missing object (try 'linkctl help')"
}

@test "a failed operation exits 1 with a JSON error" {
	run --separate-stderr "$LINKCTL" -j prog show id 4000000000
	assert_failure 1
	assert_equal "$(jqo .error)" "no program with id 4000000000"
	assert_equal "$stderr" "Error: no program with id 4000000000"
}

@test "--netns to a missing namespace fails before anything runs" {
	run --separate-stderr "$LINKCTL" -j -n "${NS}-missing" prog list
	assert_failure 1
	assert_equal "$(jqo .error)" "cannot open network namespace '${NS}-missing': No such file or directory"
	run --separate-stderr "$LINKCTL" -n ../etc prog list
	assert_failure 1
	assert_equal "$stderr" "Error: invalid network namespace name '../etc'"
}

@test "--netns joins the namespace (ifindexes are the namespace's own)" {
	# inside $NS, veth0 has its own ifindex; prog list still works there
	run "$LINKCTL" -j -n "$NS" prog list
	assert_success
	assert_equal "$(jqo 'type')" "array"
}

@test "-p prints indented JSON, four spaces a level as bpftool" {
	run "$LINKCTL" -p version
	assert_success
	assert_line --index 0 "{"
	assert_line --index 1 "    \"version\": \"$(cat "$REPO_DIR/VERSION")\","
	refute_output --partial $'\t'
	# a tab inside a string stays escaped
	run --separate-stderr "$LINKCTL" -p link show pinned $'/tmp/a\tb'
	assert_line --index 1 '    "error": "cannot open pinned object /tmp/a\tb: No such file or directory",'
	assert_equal "$(echo "$output" | jq -r .error)" $'cannot open pinned object /tmp/a\tb: No such file or directory'
}

@test "missing CAP_SYS_ADMIN: one line naming the capability, text and JSON" {
	run --separate-stderr setpriv --bounding-set=-sys_admin "$LINKCTL" prog list
	assert_failure 1
	assert_equal "$stderr" "Error: cannot iterate program IDs: Operation not permitted (needs CAP_SYS_ADMIN)"
	assert_output ""
	run --separate-stderr setpriv --bounding-set=-sys_admin "$LINKCTL" -j prog list
	assert_failure 1
	assert_equal "$(jqo .error)" "cannot iterate program IDs: Operation not permitted (needs CAP_SYS_ADMIN)"
	run --separate-stderr setpriv --bounding-set=-sys_admin "$LINKCTL" -j -n "$NS" version
	assert_failure 1
	assert_equal "$(jqo .error)" "cannot join network namespace '$NS': Operation not permitted (needs CAP_SYS_ADMIN)"
}

@test "an error message stays one line even when the input holds a newline" {
	run --separate-stderr "$LINKCTL" link show pinned $'/tmp/no\nsuch'
	assert_failure 1
	assert_equal "$stderr" 'Error: cannot open pinned object /tmp/no\nsuch: No such file or directory'
	run --separate-stderr "$LINKCTL" -j link show pinned $'/tmp/no\nsuch'
	assert_equal "$(jqo .error)" $'cannot open pinned object /tmp/no\nsuch: No such file or directory'
}

@test "option errors name the option: missing value, unknown in a cluster, value not taken" {
	run --separate-stderr "$LINKCTL" -j --bpffs
	assert_failure 2
	assert_equal "$(jqo .error)" "option '--bpffs' needs an argument"
	run --separate-stderr "$LINKCTL" -n
	assert_failure 2
	assert_equal "$stderr" "Error: option '-n' needs an argument"
	run --separate-stderr "$LINKCTL" -xj version
	assert_failure 2
	assert_equal "$stderr" "Error: unknown option '-x' (try 'linkctl help')"
	run --separate-stderr "$LINKCTL" --json=1 version
	assert_failure 2
	assert_equal "$stderr" "Error: option '--json' takes no value"
}

@test "global options anywhere: after the object, after the verb, among keywords" {
	hold -n "$NS" xdp veth0 "$BPF_DIR/xdp_pass.bpf.o"
	local id=$HOLD_IDS prog
	prog=$(ip_xdp_prog_id veth0)
	# the design card's own example, and bpftool's habits
	run --separate-stderr "$LINKCTL" link list --json
	assert_success
	assert_equal "$(jqo --argjson id "$id" 'map(select(.id == $id)) | .[0].prog_id')" "$prog"
	run --separate-stderr "$LINKCTL" xdp show -j -n "$NS"
	assert_success
	assert_equal "$(jqo -c '[.[] | {ifindex, mode: .modes[0].mode, link_id: .modes[0].link_id}]')" \
		"[{\"ifindex\":$IFINDEX0,\"mode\":\"drv\",\"link_id\":$id}]"
	run --separate-stderr "$LINKCTL" xdp -n "$NS" show dev veth0 --json
	assert_success
	assert_equal "$(jqo '.[0].modes[0].prog_id')" "$prog"
	run --separate-stderr "$LINKCTL" link show id "$id" -p
	assert_success
	assert_line --index 0 "{"
	assert_equal "$(echo "$output" | jq .id)" "$id"
	# -jn NS as a cluster, --netns=NS, and the text form still text
	run --separate-stderr "$LINKCTL" xdp show dev veth0 -jn "$NS"
	assert_success
	assert_equal "$(jqo '.[0].ifindex')" "$IFINDEX0"
	run --separate-stderr "$LINKCTL" xdp show dev veth0 --netns="$NS"
	assert_success
	assert_output --regexp "^$IFINDEX0: veth0 "
}

@test "options are never read after exec or --, nor as a keyword's value" {
	# exec's command line is its own: -j and -n reach the command, untouched
	run --separate-stderr "$LINKCTL" --bpffs "$BPFFS" -n "$NS" xdp attach dev veth0 \
		prog "$BPF_DIR/xdp_pass.bpf.o" exec -- /bin/echo -j -n x --json
	assert_success
	assert_line --index 0 --partial "veth0"
	assert_line -- "-j -n x --json"
	# a keyword's value is a value even when it looks like an option: the pin path is "-j"
	run --separate-stderr bash -c "cd '$BPFFS' && '$LINKCTL' -n '$NS' xdp attach dev veth1 \
		prog '$BPF_DIR/xdp_pass.bpf.o' pin -j"
	assert_success
	[ -e "$BPFFS/-j" ]
	# after a bare --, a word spelled as an option is an argument
	run --separate-stderr "$LINKCTL" -j link unpin -- -x
	assert_failure 1
	assert_equal "$(jqo .error)" "cannot open pinned object -x: No such file or directory"
}

@test "-h / --help after an object or a verb prints that help (exit 0)" {
	run --separate-stderr "$LINKCTL" xdp -h
	assert_success
	assert_line --index 0 --partial "Usage: linkctl xdp attach dev IFNAME"
	assert_line --index 2 "       linkctl xdp show [dev IFNAME]"
	run --separate-stderr "$LINKCTL" xdp attach --help
	assert_success
	assert_line --index 0 --partial "Usage: linkctl xdp attach dev IFNAME prog PROGSPEC"
	refute_output --partial "xdp detach"
	# required keywords are not asked for: -h answers first
	run --separate-stderr "$LINKCTL" -j link wait -h
	assert_success
	assert_equal "$(jqo -c '[.object, [.verbs[].verb]]')" '["link",["wait"]]'
	# an option after -h still counts: -j, -p or a cluster, anywhere before a bare --
	for j in -j --json -hj -p --pretty; do
		run --separate-stderr "$LINKCTL" link wait -h garbage "$j"
		assert_success
		assert_equal "$(jqo -c '[.object, [.verbs[].verb]]')" '["link",["wait"]]'
	done
	run --separate-stderr "$LINKCTL" link wait -h -p
	assert_line --index 1 '    "object": "link",'
	run --separate-stderr "$LINKCTL" link wait -h -- -j
	assert_line --index 0 --partial "Usage: linkctl link wait"
	run --separate-stderr "$LINKCTL" monitor -h
	assert_success
	assert_line --index 0 --partial "Usage: linkctl monitor"
	# but -h inside exec's command line is the command's
	run --separate-stderr "$LINKCTL" link help -h
	assert_success
	assert_line --index 0 --partial "Usage: linkctl link list"
}

@test "help OBJECT [COMMAND] is OBJECT help / OBJECT COMMAND -h; help lists every verb" {
	run "$LINKCTL" xdp help
	local want=$output
	run "$LINKCTL" help xdp
	assert_success
	assert_equal "$output" "$want"
	run "$LINKCTL" link wait -h
	want=$output
	run "$LINKCTL" help link wait
	assert_success
	assert_equal "$output" "$want"
	run --separate-stderr "$LINKCTL" -j help frob
	assert_failure 2
	assert_equal "$(jqo -c .)" '{"error":"help: unknown object '"'"'frob'"'"'","code":"usage"}'
	# every verb of every object, from the tables
	run "$LINKCTL" -j help
	assert_success
	local obj
	for obj in link xdp prog batch; do
		assert_equal "$(jqo -c --arg o "$obj" '.objects[] | select(.object == $o) | .verbs')" \
			"$("$LINKCTL" -j "$obj" help | jq -c '[.verbs[].verb]')"
	done
	run "$LINKCTL" help
	assert_line "           list | show | pin | unpin | detach | update | recv | send | adopt | wait"
}

@test "xdp list is xdp show; link alone is link list; xdp alone is xdp show" {
	hold -n "$NS" xdp veth0 "$BPF_DIR/xdp_pass.bpf.o"
	run "$LINKCTL" -j -n "$NS" xdp show
	local want=$output
	run "$LINKCTL" -j -n "$NS" xdp list
	assert_success
	assert_equal "$output" "$want"
	run "$LINKCTL" -j -n "$NS" xdp
	assert_equal "$output" "$want"
	# other links come and go on the host: the held one is there, with its program
	run --separate-stderr "$LINKCTL" -j link
	assert_success
	assert_equal "$(jqo --argjson id "$HOLD_IDS" 'map(select(.id == $id)) | .[0].prog_id')" \
		"$(ip_xdp_prog_id veth0)"
}

@test "-n given twice is a usage error, also inside a shell or batch started with -n" {
	run --separate-stderr "$LINKCTL" -j -n "$NS" link list -n "$NS"
	assert_failure 2
	assert_equal "$(jqo -c .)" '{"error":"link list: option '"'"'-n'"'"' given more than once","code":"usage"}'
	run --separate-stderr bash -c "echo '-n $NS version' | '$LINKCTL' -n '$NS' batch file -"
	assert_failure 2
	assert_equal "$stderr" "Error: line 1: option '-n' given more than once (already in network namespace '$NS')"
}

@test "batch and shell lines may start with options; the shell drops a leading linkctl" {
	hold -n "$NS" xdp veth0 "$BPF_DIR/xdp_pass.bpf.o"
	local prog
	prog=$(ip_xdp_prog_id veth0)
	printf -- '-n %s xdp show\nversion\n' "$NS" >"$BATS_TEST_TMPDIR/b"
	run --separate-stderr "$LINKCTL" -j batch file "$BATS_TEST_TMPDIR/b"
	assert_success
	assert_equal "$(jqo '.[0].output[0].modes[0].prog_id')" "$prog"
	# the namespace was for that line only: the next line runs where the batch runs
	assert_equal "$(jqo '.[1].output.version')" "$(cat "$REPO_DIR/VERSION")"
	run --separate-stderr bash -c "printf '%s\n' 'linkctl -n $NS -j xdp show dev veth0' \
		'xdp show dev veth0' | '$LINKCTL' shell"
	assert_equal "$(head -1 <<<"$output" | jq '.[0].modes[0].prog_id')" "$prog"
	# the second line is text (-j was the first line's) and outside $NS (no veth0 here)
	assert_equal "$stderr" "Error: no device 'veth0' in this network namespace"
	# a batch is one document: a line cannot switch its format
	printf -- '-j version\n' >"$BATS_TEST_TMPDIR/b"
	run --separate-stderr "$LINKCTL" batch file "$BATS_TEST_TMPDIR/b"
	assert_failure 2
	assert_equal "$stderr" "Error: line 1: -j and -p apply to the whole batch (linkctl -j batch file FILE)"
}

@test "keywords agree: prog id N in filters; a bare number as PROGSPEC gets a hint" {
	hold -n "$NS" xdp veth0 "$BPF_DIR/xdp_pass.bpf.o"
	local prog
	prog=$(ip_xdp_prog_id veth0)
	run --separate-stderr "$LINKCTL" -j link list prog id "$prog"
	assert_success
	assert_equal "$(jqo -c 'map(.id)')" "[$HOLD_IDS]"
	run --separate-stderr "$LINKCTL" -j link show prog "$prog"
	assert_equal "$(jqo -c 'map(.id)')" "[$HOLD_IDS]"
	run --separate-stderr "$LINKCTL" -j link update id "$HOLD_IDS" prog "$prog"
	assert_failure 2
	assert_equal "$(jqo -c .)" "{\"error\":\"link update: no object file '$prog'; did you mean 'prog id $prog'?\",\"code\":\"usage\"}"
	run --separate-stderr "$LINKCTL" xdp attach dev veth1 prog 5136
	assert_failure 2
	assert_equal "$stderr" "Error: xdp attach: no object file '5136'; did you mean 'prog id 5136'?"
	# the link was not touched
	assert_equal "$(ip_xdp_prog_id veth0)" "$prog"
}
