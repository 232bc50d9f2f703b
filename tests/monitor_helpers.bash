# SPDX-License-Identifier: GPL-2.0-only
# monitor_helpers.bash: start a background monitor and know when it holds its first state.

# The monitor blocks SIGTERM (for its signalfd) as the last step of starting: once
# that shows in /proc, it is subscribed and holds its first state.
wait_started() {
	local i mask
	for i in $(seq 100); do
		mask=$(awk '/^SigBlk:/ {print $2}' "/proc/$1/status" 2>/dev/null)
		[ -n "$mask" ] && (( (16#$mask & 0x4000) != 0 )) && return 0
		sleep 0.05
	done
	fail "monitor $1 did not start"
}

# hold_many_links N: N raw_tracepoint links (of a tracepoint that never fires) held by one
# lc-hold, MANY_PID; the shell's fd limit is raised for it.
hold_many_links() {
	local fifo line
	ulimit -n $(($1 + 256))
	fifo=$(mktemp -u "/tmp/${LC_TEST_PREFIX}-fifo.XXXXXX")
	mkfifo "$fifo"
	"$HOLD" rawtp "$BPF_DIR/raw_tp.bpf.o" "$1" sched_process_hang >"$fifo" &
	MANY_PID=$!
	BG_PIDS+=("$MANY_PID")
	read -r -t 180 line <"$fifo" || true
	rm -f "$fifo"
	[[ "$line" == ready* ]] || fail "lc-hold did not start: $line"
}
