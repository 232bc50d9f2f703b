#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# link pin: pin a link on a bpffs; never elsewhere, never over something.

load helpers

@test "pin id: pins the link, text and JSON" {
	hold -n "$NS" xdp veth0 "$BPF_DIR/xdp_pass.bpf.o"
	local lid=$HOLD_IDS
	local fd
	fd=$(link_fd "$HOLD_PID" "$lid")
	run lc link pin id "$lid" "$BPFFS/a"
	assert_success
	# the holders besides the pin, as fdinfo shows them
	assert_output "pinned link $lid at $BPFFS/a
	pids lc-hold.bin($HOLD_PID) fd $fd"
	run lcj link pin id "$lid" "$BPFFS/b"
	assert_success
	assert_equal "$(jqo -c .)" "{\"link_id\":$lid,\"pinned\":[\"$BPFFS/b\"],\"pids\":[{\"pid\":$HOLD_PID,\"comm\":\"lc-hold.bin\",\"fd\":$fd}]}"
	run lcj --no-owners link pin id "$lid" "$BPFFS/c"
	assert_equal "$(jqo -c .)" "{\"link_id\":$lid,\"pinned\":[\"$BPFFS/c\"]}"
	rm "$BPFFS/c"
	run lcj link show pinned "$BPFFS/a"
	assert_equal "$(jqo -c '[.id, .pinned]')" "[$lid,[\"$BPFFS/a\",\"$BPFFS/b\"]]"
}

@test "pin pinned: a second pin from the first; parent directories are created" {
	hold -n "$NS" xdp veth0 "$BPF_DIR/xdp_pass.bpf.o"
	local lid=$HOLD_IDS
	lc link pin id "$lid" "$BPFFS/first"
	run lcj link pin pinned "$BPFFS/first" "$BPFFS/x/y/second"
	assert_success
	assert_equal "$(jqo .link_id)" "$lid"
	[ -d "$BPFFS/x/y" ]
	run lcj link show pinned "$BPFFS/x/y/second"
	assert_equal "$(jqo .id)" "$lid"
}

@test "pin refuses a path outside any bpffs, and leaves nothing behind" {
	hold -n "$NS" xdp veth0 "$BPF_DIR/xdp_pass.bpf.o"
	local dir="$BATS_TEST_TMPDIR/plain"
	mkdir "$dir"
	run --separate-stderr lc link pin id "$HOLD_IDS" "$dir/sub/pin"
	assert_failure 1
	assert_equal "$stderr" "Error: $dir/sub/pin is not on a bpffs ($dir is not a bpf filesystem)"
	run ls -A "$dir"
	assert_output ""
	run --separate-stderr lcj link pin id "$HOLD_IDS" "$dir/pin"
	assert_failure 1
	assert_equal "$(jqo .error)" "$dir/pin is not on a bpffs ($dir is not a bpf filesystem)"
	# and no bpffs was mounted over the directory
	run findmnt -n "$dir"
	assert_failure
}

@test "pin again at the same path: exit 0 with a note (a re-run); another link's pin: exists" {
	hold -n "$NS" xdp veth0 "$BPF_DIR/xdp_pass.bpf.o"
	local lid=$HOLD_IDS
	lc link pin id "$lid" "$BPFFS/p"
	run --separate-stderr lcj link pin id "$lid" "$BPFFS/p"
	assert_success
	assert_equal "$(jqo -c '[.link_id, .pinned, .note, [.pids[].pid]]')" "[$lid,[\"$BPFFS/p\"],\"already pinned there\",[$HOLD_PID]]"
	run --separate-stderr lc link pin id "$lid" "$BPFFS/p"
	assert_success
	assert_line --index 0 "pinned link $lid at $BPFFS/p (already pinned there)"
	hold -n "$NS" xdp veth1 "$BPF_DIR/xdp_pass.bpf.o"
	run --separate-stderr lcj link pin id "$HOLD_IDS" "$BPFFS/p"
	assert_failure 1
	assert_equal "$(jqo -c '[.error, .code]')" "[\"$BPFFS/p already exists; not overwriting it\",\"exists\"]"
	run lcj link show pinned "$BPFFS/p"
	assert_equal "$(jqo .id)" "$lid"
}

@test "pin refuses an existing path: the old pin stays" {
	hold -n "$NS" xdp veth0 "$BPF_DIR/xdp_pass.bpf.o"
	local lid=$HOLD_IDS
	"$HOLD" pin-map "$BPF_DIR/counter_map.bpf.o" "$BPFFS/taken"
	run --separate-stderr lcj link pin id "$lid" "$BPFFS/taken"
	assert_failure 1
	assert_equal "$(jqo .error)" "$BPFFS/taken already exists; not overwriting it"
	run --separate-stderr lc link show pinned "$BPFFS/taken"
	assert_equal "$stderr" "Error: $BPFFS/taken pins a map, not a link"
}

@test "pin: a missing link, a map as the source, missing arguments" {
	run --separate-stderr lcj link pin id 4000000000 "$BPFFS/p"
	assert_failure 1
	assert_equal "$(jqo .error)" "no link with id 4000000000"
	[ ! -e "$BPFFS/p" ]
	"$HOLD" pin-map "$BPF_DIR/counter_map.bpf.o" "$BPFFS/map"
	run --separate-stderr lc link pin pinned "$BPFFS/map" "$BPFFS/p"
	assert_failure 1
	assert_equal "$stderr" "Error: $BPFFS/map pins a map, not a link"
	run --separate-stderr lcj link pin id 5
	assert_failure 2
	assert_equal "$(jqo .error)" "link pin: missing 'PATH'"
	run --separate-stderr lc link pin "$BPFFS/p"
	assert_failure 2
	assert_equal "$stderr" "Error: link pin: missing 'id' (or one of its alternatives)"
}

@test "pin: a path that is not UTF-8 is valid JSON (U+FFFD) and the bytes as they are in text" {
	hold -n "$NS" xdp veth0 "$BPF_DIR/xdp_pass.bpf.o"
	local lid=$HOLD_IDS path
	path="$BPFFS/pin"$'\xff'"x"
	run lc link pin id "$lid" "$path"
	assert_success
	[ -e "$path" ]
	run --separate-stderr lcj link show id "$lid"
	assert_success
	assert_json
	# strictly valid UTF-8 (jq itself would quietly repair the input)
	printf '%s' "$output" | iconv -f UTF-8 -t UTF-8 >/dev/null
	assert_equal "$(jqo '.pinned[0]')" "$BPFFS/pin"$'\xef\xbf\xbd'"x"
	run lc link show id "$lid"
	assert_line "	pinned $path"
	# an error naming such a path: valid JSON too
	run --separate-stderr lcj link show pinned "$BPFFS/none"$'\xff'
	assert_failure 1
	printf '%s' "$output" | iconv -f UTF-8 -t UTF-8 >/dev/null
	assert_equal "$(jqo .error)" "cannot open pinned object $BPFFS/none"$'\xef\xbf\xbd'": No such file or directory"
}
