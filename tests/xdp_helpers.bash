# SPDX-License-Identifier: GPL-2.0-only
# xdp_helpers.bash: what the xdp and prog tests check linkctl against: iproute2's view of
# a device, the kernel's fdinfo of a holder, the default pin path.

PINPROG="$TESTS_DIR/tools/lc-pinprog.bin"
XDP_PASS="$BPF_DIR/xdp_pass.bpf.o"
XDP_DROP="$BPF_DIR/xdp_drop.bpf.o"
XDP_PASS_TAG=""

# The netns inode linkctl encodes in default pins (the nsfs inode of /run/netns/NAME).
netns_ino() { stat -L -c %i "/run/netns/${1:-$NS}"; }
default_pin() { echo "$BPFFS/linkctl/xdp/$(netns_ino "${2:-$NS}")/$1"; }

# iproute2's XDP view of a device: mode 1 = drv, 2 = skb; prog id and tag.
ip_xdp_field() { ip -n "${3:-$NS}" -j -d link show "$1" | jq -r ".[0].xdp.$2 // empty"; }
ip_xdp_mode() {
	case "$(ip_xdp_field "$1" mode "${2:-$NS}")" in
	1) echo drv ;; 2) echo skb ;; 3) echo hw ;; *) echo none ;;
	esac
}

# A link is released asynchronously after its last pin goes; wait for the hook to empty.
wait_no_xdp() {
	for _ in $(seq 30); do
		[ -z "$(ip_xdp_field "$1" prog.id "${2:-$NS}")" ] && return 0
		sleep 0.1
	done
	return 1
}

# A value from a holder's fdinfo (link_id:, prog_id:): the kernel's own answer.
fdinfo_val() { awk -v k="$3:" '$1 == k { print $2 }' "/proc/$1/fdinfo/$2"; }

# Hold an fd to the object pinned at $1; sets HOLD_PID and HOLD_FD.
hold_pin() {
	hold pin "$1"
	HOLD_FD="$HOLD_IDS"
}

# The fds of process $1 whose fdinfo says "$2: $3" (and whose /proc fd link is $4, if given).
fd_with() {
	local f fd
	for f in /proc/"$1"/fdinfo/*; do
		fd=${f##*/}
		[ "$(awk -v k="$2:" '$1 == k { print $2 }' "$f" 2>/dev/null)" = "$3" ] || continue
		[ -z "${4:-}" ] || [ "$(readlink "/proc/$1/fd/$fd")" = "$4" ] || continue
		echo "$fd"
	done
	return 0
}

# attach_held_link DEV OBJ [PIN]: attach OBJ to DEV via a link pinned at PIN (default: the
# default pin) and hold that pin. Sets PIN, PROG (iproute2's), LINK (the holder's fdinfo),
# HOLD_PID, HOLD_FD.
attach_held_link() {
	PIN=${3:-$(default_pin "$1")}
	"$LINKCTL" --bpffs "$BPFFS" -n "$NS" xdp attach dev "$1" prog "$2" pin "$PIN" >/dev/null
	PROG=$(ip_xdp_field "$1" prog.id)
	hold_pin "$PIN"
	LINK=$(fdinfo_val "$HOLD_PID" "$HOLD_FD" link_id)
}

# A second network namespace, NS2, whose veth0/veth1 (up) have the ifindexes NS's have:
# the tests that one namespace's hook is never taken for the other's.
second_netns_setup() {
	NS2="${NS}-w2"
	ip netns add "$NS2"
	ip -n "$NS2" link add veth0 type veth peer name veth1
	ip -n "$NS2" link set veth0 up
	ip -n "$NS2" link set veth1 up
}
