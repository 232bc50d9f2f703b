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

@test "-p prints indented JSON" {
	run "$LINKCTL" -p version
	assert_success
	assert_line --index 0 "{"
	assert_equal "$(echo "$output" | jq -r .version)" "$(cat "$REPO_DIR/VERSION")"
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
