#!/usr/bin/env bash
# Two MPI ranks on "two machines": two network namespaces (each with its own
# hostname) joined by a virtual ethernet link, so the ranks talk over TCP as
# across a network. Checks that `population indicators|segments|concentration|
# case-finding --shards` give output byte-identical to one process on the
# whole extract. Needs root (ip netns,
# unshare) and OpenMPI; not part of `make test`.
#   sudo bash tests/population/mpi_netns.sh [path/to/barometer]
set -euo pipefail
bin="$(realpath "${1:-build/src/cli/barometer}")"
work="$(mktemp -d /tmp/barometer-netns-XXXXXX)"
ns1=barometer-ns1 ns2=barometer-ns2
drop_namespaces() {
  ip netns del "$ns1" 2>/dev/null || true
  ip netns del "$ns2" 2>/dev/null || true
  rm -rf "/etc/netns/$ns1" "/etc/netns/$ns2"
}
trap 'drop_namespaces; rm -rf "$work"' EXIT
drop_namespaces
ip netns add "$ns1"
ip netns add "$ns2"
ip link add barometer-v1 type veth peer name barometer-v2
ip link set barometer-v1 netns "$ns1"
ip link set barometer-v2 netns "$ns2"
ip -n "$ns1" addr add 10.77.0.1/24 dev barometer-v1
ip -n "$ns2" addr add 10.77.0.2/24 dev barometer-v2
for ns in "$ns1" "$ns2"; do
  ip -n "$ns" link set lo up
  mkdir -p "/etc/netns/$ns"
  printf '127.0.0.1 localhost\n10.77.0.1 node1\n10.77.0.2 node2\n' >"/etc/netns/$ns/hosts"
done
ip -n "$ns1" link set barometer-v1 up
ip -n "$ns2" link set barometer-v2 up
ip -n "$ns1" route get 10.77.0.2 >/dev/null  # the link is up

# mpirun starts the remote rank's daemon through this instead of ssh.
cat >"$work/agent" <<AGENT
#!/bin/sh
host="\$1"; shift
case "\$host" in node2) ns=$ns2 ;; *) ns=$ns1 ;; esac
exec ip netns exec "\$ns" unshare --uts sh -c "hostname \$host; \$*"
AGENT
chmod +x "$work/agent"
printf 'node1 slots=1\nnode2 slots=1\n' >"$work/hosts"

"$bin" synth population --people 20000 --seed 5 --profile deprived-city --out "$work/x" >/dev/null 2>&1
"$bin" population partition --extract "$work/x" --shards 2 --out "$work/shards" 2>/dev/null
by=sex,age_band,imd_decile,imd_quintile,core20,ethnic_group,neighbourhood,local_authority,segment
# Where the two ranks run (hostname and address of each).
ip netns exec "$ns1" unshare --uts sh -c "hostname node1; \
  mpirun --allow-run-as-root --hostfile '$work/hosts' -np 2 \
    --mca plm_rsh_agent '$work/agent' --mca oob_tcp_if_include 10.77.0.0/24 \
    sh -c 'echo rank \$OMPI_COMM_WORLD_RANK on \$(hostname) \$(ip -o -4 addr | grep -o 10.77.0.[0-9])'" |
  sort | sed 's/^/mpi_netns: /'
failed=0
# Synthetic ids can pass the NHS number check: the list is keyed.
head -c 32 /dev/urandom | base64 >"$work/key"
for cmd in "indicators --by $by" "segments" "concentration" \
  "case-finding --person-level --limit 200 --pseudonymise-key-file $work/key"; do
  "$bin" population $cmd --extract "$work/x" --threads 1 >"$work/one.csv"
  ip netns exec "$ns1" unshare --uts sh -c "hostname node1; \
    mpirun --allow-run-as-root --hostfile '$work/hosts' -np 2 \
      --mca plm_rsh_agent '$work/agent' --mca btl tcp,self \
      --mca btl_tcp_if_include 10.77.0.0/24 --mca oob_tcp_if_include 10.77.0.0/24 \
      '$bin' population $cmd --shards '$work/shards' --threads 1" >"$work/two.csv"
  rows=$(wc -l <"$work/one.csv")
  if cmp -s "$work/one.csv" "$work/two.csv"; then
    echo "mpi_netns: population ${cmd%% *}: 2 ranks in 2 network namespaces over a veth link: $rows lines, byte-identical to one process"
  else
    echo "mpi_netns: population ${cmd%% *}: FAILED: the outputs differ" >&2
    diff "$work/one.csv" "$work/two.csv" | head -20 >&2
    failed=1
  fi
done
exit "$failed"
