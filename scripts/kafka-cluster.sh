#!/usr/bin/env bash
# Runs a three-node Apache Kafka cluster (KRaft, each node broker + controller, three voters) on 127.0.0.1, beside
# and independent of the single broker of scripts/kafka.sh (9092/9093), for replication and fault tests.
#   scripts/kafka.sh cluster up | down | status | kill NODE | bootstrap
#     up         start every node that is not running (a killed node comes back with its data), wait until all
#                three answer and see each other
#     down       stop every node (TERM, then KILL after 30 s); the data stays for the next `up`
#     status     one line per node; exit 0 when all three run, 3 when none does, 1 otherwise
#     kill NODE  SIGKILL node 1, 2 or 3 (fault tests)
#     bootstrap  print the bootstrap list (127.0.0.1:A,127.0.0.1:B,127.0.0.1:C)
# Environment (all optional):
#   KAFKA_CLUSTER_BASE_PORT (29092)  node N listens on BASE+2(N-1) (clients) and BASE+2(N-1)+1 (controller)
#   KAFKA_CLUSTER_DIR (<repo>/.run/kafka-cluster-$BASE)  node-N/ holds each node's data, config, pid and log
#   KAFKA_START_TIMEOUT (90)         seconds `up` waits for the cluster
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
kafka_version=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$repo/deploy/kafka/pom.xml")
libs="${MINSHENG_CACHE:-$HOME/.cache/minsheng}/kafka-$kafka_version/libs"
base=${KAFKA_CLUSTER_BASE_PORT:-29092}
dir=${KAFKA_CLUSTER_DIR:-$repo/.run/kafka-cluster-$base}
# Not the single broker's id: a node of one must never join the other's quorum or accept its log dirs.
cluster_id=bWluc2hlbmdjbHVzdGVyMw
nodes=(1 2 3)

log() { printf '[kafka-cluster] %s\n' "$*" >&2; }
port() { echo $((base + 2 * ($1 - 1))); }
cport() { echo $((base + 2 * ($1 - 1) + 1)); }
home() { echo "$dir/node-$1"; }
pid_of() { cat "$(home "$1")/kafka.pid" 2>/dev/null || true; }
running() { local pid; pid=$(pid_of "$1"); [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; }
answers() { (exec 3<>"/dev/tcp/127.0.0.1/$(port "$1")") 2>/dev/null; }
bootstrap() { local n out=(); for n in "${nodes[@]}"; do out+=("127.0.0.1:$(port "$n")"); done; (IFS=,; echo "${out[*]}"); }
voters() { local n out=(); for n in "${nodes[@]}"; do out+=("$n@127.0.0.1:$(cport "$n")"); done; (IFS=,; echo "${out[*]}"); }

write_config() {
  local n=$1 h; h=$(home "$1")
  mkdir -p "$h/data"
  # Internal topics at RF 3 / min ISR 2, as in production: a transaction or an offset commit survives one lost node.
  # No controlled shutdown: `down` stops every node at once, and with a node already killed the survivors would wait
  # on each other for a leadership hand-over that has nowhere to go (30 s and a SIGKILL, measured here).
  cat > "$h/server.properties" <<PROPS
process.roles=broker,controller
node.id=$n
controller.quorum.voters=$(voters)
listeners=PLAINTEXT://127.0.0.1:$(port "$n"),CONTROLLER://127.0.0.1:$(cport "$n")
advertised.listeners=PLAINTEXT://127.0.0.1:$(port "$n")
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$h/data
num.partitions=1
default.replication.factor=3
min.insync.replicas=2
offsets.topic.replication.factor=3
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=3
transaction.state.log.min.isr=2
transaction.state.log.num.partitions=3
share.coordinator.state.topic.replication.factor=3
share.coordinator.state.topic.min.isr=2
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
unclean.leader.election.enable=false
controlled.shutdown.enable=false
log.retention.hours=24
message.max.bytes=8388608
PROPS
  cat > "$h/log4j2.properties" <<PROPS
status = warn
appender.file.type = File
appender.file.name = file
appender.file.fileName = $h/server.log
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = info
rootLogger.appenderRef.file.ref = file
logger.kafka.name = kafka
logger.kafka.level = warn
logger.apache.name = org.apache.kafka
logger.apache.level = warn
logger.started.name = kafka.server.KafkaRaftServer
logger.started.level = info
PROPS
}

format_node() {
  local h; h=$(home "$1")
  if [ -f "$h/data/meta.properties" ]; then return 0; fi
  java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$libs/*" -Dlog4j2.configurationFile="$h/log4j2.properties" \
    kafka.tools.StorageTool format \
    -t "$cluster_id" -c "$h/server.properties" --ignore-formatted >/dev/null
}

start_node() {
  local n=$1 h; h=$(home "$1")
  log "starting node $n on 127.0.0.1:$(port "$n") (controller $(cport "$n"), data $h/data)"
  # The readiness check reads this start's log only.
  if [ -f "$h/server.log" ]; then mv "$h/server.log" "$h/server.log.prev"; fi
  # setsid: the node must outlive the shell that started it and get no terminal signals.
  setsid java -Xms128m -Xmx384m -XX:+UseG1GC -XX:TieredStopAtLevel=1 \
    -Dlog4j2.configurationFile="$h/log4j2.properties" \
    -cp "$libs/*" kafka.Kafka "$h/server.properties" >"$h/stdout.log" 2>&1 < /dev/null &
  echo $! > "$h/kafka.pid"
}

# A KRaft broker logs "Kafka Server started" only once it has caught up with the quorum's metadata and been
# unfenced, so three such lines mean three brokers that take partitions; a JVM admin command per poll would cost
# seconds on a loaded machine.
started() { answers "$1" && grep -q 'Kafka Server started' "$(home "$1")/server.log" 2>/dev/null; }

wait_ready() {
  local n all deadline=$((SECONDS + ${KAFKA_START_TIMEOUT:-90}))
  while [ $SECONDS -lt $deadline ]; do
    all=1
    for n in "${nodes[@]}"; do
      if ! running "$n"; then
        # A bind failure or a bad config is in server.log (log4j), a JVM failure in stdout.log: show both.
        log "node $n exited during start-up; see $(home "$n")/server.log and stdout.log"
        tail -20 "$(home "$n")/server.log" "$(home "$n")/stdout.log" >&2 2>/dev/null || true
        return 1
      fi
      started "$n" || all=0
    done
    if [ "$all" = 1 ]; then return 0; fi
    sleep 0.5
  done
  log "the cluster did not come up within ${KAFKA_START_TIMEOUT:-90}s"
  return 1
}

up() {
  bash "$repo/scripts/kafka.sh" install
  local n todo=()
  for n in "${nodes[@]}"; do
    if running "$n"; then continue; fi
    if answers "$n"; then log "port $(port "$n") is taken by another process"; return 1; fi
    todo+=("$n")
  done
  # Formatting is a JVM start per node: in parallel, it costs one.
  for n in "${todo[@]}"; do write_config "$n"; format_node "$n" & done
  wait
  for n in "${todo[@]}"; do start_node "$n"; done
  wait_ready
  log "ready: $(bootstrap)"
}

stop_node() {
  local n=$1 pid; pid=$(pid_of "$1")
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid" 2>/dev/null || true; fi
}

down() {
  local n pid
  # All at once: a node stopping alone waits for the others to take over its partitions and controller role.
  for n in "${nodes[@]}"; do stop_node "$n"; done
  for _ in $(seq 1 60); do
    local alive=0
    for n in "${nodes[@]}"; do running "$n" && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.5
  done
  for n in "${nodes[@]}"; do
    if running "$n"; then log "node $n did not stop within 30s, killing"; kill -KILL "$(pid_of "$n")" 2>/dev/null || true; fi
    rm -f "$(home "$n")/kafka.pid"
  done
  log "stopped"
}

status() {
  local n up=0
  for n in "${nodes[@]}"; do
    if running "$n" && answers "$n"; then
      echo "node $n running pid=$(pid_of "$n") bootstrap=127.0.0.1:$(port "$n")"; up=$((up + 1))
    else
      echo "node $n stopped"
    fi
  done
  if [ "$up" = 3 ]; then return 0; elif [ "$up" = 0 ]; then return 3; else return 1; fi
}

kill_node() {
  local n=${1:-}
  case "$n" in 1|2|3) ;; *) echo "usage: $0 kill 1|2|3" >&2; exit 2 ;; esac
  if ! running "$n"; then log "node $n is not running"; return 1; fi
  kill -KILL "$(pid_of "$n")"
  rm -f "$(home "$n")/kafka.pid"
  log "node $n killed"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  kill) kill_node "${2:-}" ;;
  bootstrap) bootstrap ;;
  *) echo "usage: $0 up|down|status|kill NODE|bootstrap" >&2; exit 2 ;;
esac
