#!/usr/bin/env bash
# Runs one Apache Kafka node (broker + KRaft controller) from the jars on Maven Central — no Docker here.
#   scripts/kafka.sh install | up | down | status | topics
#   scripts/kafka.sh cluster up | down | status | kill NODE | bootstrap   (three nodes: scripts/kafka-cluster.sh)
# Environment (all optional):
#   KAFKA_PORT (9092) KAFKA_CONTROLLER_PORT (9093)   listeners on 127.0.0.1
#   KAFKA_HOME_DIR (<repo>/.run/kafka-$KAFKA_PORT)    data, config, pid and log of this node
#   MINSHENG_CACHE ($HOME/.cache/minsheng)            downloaded jars, shared by every checkout
#   KAFKA_TOPIC_PREFIX ('')                           prefix for the hub's topics (tests isolate with it)
#   KAFKA_SCRAM_PORT (unset)                          also listen with TLS + SASL/SCRAM-SHA-512 on this port, for
#                                                     client TLS/SASL tests; user KAFKA_SCRAM_USER (minsheng) with
#                                                     KAFKA_SCRAM_PASSWORD (minsheng-dev-scram), self-signed
#                                                     certificate for 127.0.0.1 in $KAFKA_HOME_DIR/tls/ca.pem
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
kafka_version=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$repo/deploy/kafka/pom.xml")
cache=${MINSHENG_CACHE:-$HOME/.cache/minsheng}
libs="$cache/kafka-$kafka_version/libs"
port=${KAFKA_PORT:-9092}
cport=${KAFKA_CONTROLLER_PORT:-9093}
home=${KAFKA_HOME_DIR:-$repo/.run/kafka-$port}
pidfile="$home/kafka.pid"
prefix=${KAFKA_TOPIC_PREFIX:-}
# A fixed cluster id keeps re-formatting idempotent: --ignore-formatted accepts an existing log dir of the same cluster.
cluster_id=${KAFKA_CLUSTER_ID:-bWluc2hlbmdodWJrYWZrYQ}
scram_port=${KAFKA_SCRAM_PORT:-}
scram_user=${KAFKA_SCRAM_USER:-minsheng}
scram_password=${KAFKA_SCRAM_PASSWORD:-minsheng-dev-scram}

log() { printf '[kafka] %s\n' "$*" >&2; }

install() {
  if [ -f "$libs/.complete" ]; then return 0; fi
  log "fetching Apache Kafka $kafka_version from Maven Central into $libs"
  mkdir -p "$libs"
  mvn -B -q -f "$repo/deploy/kafka/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$libs"
  touch "$libs/.complete"
}

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }

# TLS for the SCRAM listener: a self-signed certificate for 127.0.0.1, which clients trust as their CA (tls/ca.pem).
tls_material() {
  local tls="$home/tls"
  if [ -f "$tls/ca.pem" ]; then return 0; fi
  mkdir -p "$tls"
  keytool -genkeypair -alias broker -keyalg RSA -keysize 2048 -validity 3650 -dname CN=127.0.0.1 \
    -ext SAN=ip:127.0.0.1,dns:localhost -keystore "$tls/broker.p12" -storetype PKCS12 \
    -storepass minsheng-dev-tls -keypass minsheng-dev-tls >/dev/null 2>&1
  keytool -exportcert -rfc -alias broker -keystore "$tls/broker.p12" -storepass minsheng-dev-tls > "$tls/ca.pem"
}

scram_config() {
  tls_material
  cat <<PROPS
sasl.enabled.mechanisms=SCRAM-SHA-512
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
ssl.keystore.type=PKCS12
ssl.keystore.location=$home/tls/broker.p12
ssl.keystore.password=minsheng-dev-tls
ssl.key.password=minsheng-dev-tls
PROPS
}

# The SCRAM user lives in the cluster metadata; setting it again after a restart is harmless.
scram_user() {
  java -cp "$libs/*" -Dlog4j2.configurationFile="$home/log4j2.properties" kafka.admin.ConfigCommand \
    --bootstrap-server "127.0.0.1:$port" --alter --entity-type users --entity-name "$scram_user" \
    --add-config "SCRAM-SHA-512=[iterations=4096,password=$scram_password]" >/dev/null
  log "SCRAM user $scram_user on 127.0.0.1:$scram_port (TLS, CA $home/tls/ca.pem)"
}

write_config() {
  mkdir -p "$home/data"
  cat > "$home/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$cport
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport${scram_port:+,SASL_SSL://127.0.0.1:$scram_port}
advertised.listeners=PLAINTEXT://127.0.0.1:$port${scram_port:+,SASL_SSL://127.0.0.1:$scram_port}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL
log.dirs=$home/data
num.partitions=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
log.retention.hours=168
message.max.bytes=8388608
PROPS
  if [ -n "$scram_port" ]; then scram_config >> "$home/server.properties"; fi
  cat > "$home/log4j2.properties" <<PROPS
status = warn
appender.file.type = File
appender.file.name = file
appender.file.fileName = $home/server.log
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = info
rootLogger.appenderRef.file.ref = file
logger.kafka.name = kafka
logger.kafka.level = warn
logger.apache.name = org.apache.kafka
logger.apache.level = warn
PROPS
}

broker_answers() {
  java -cp "$libs/*" -Dlog4j2.configurationFile="$home/log4j2.properties" \
    org.apache.kafka.tools.BrokerApiVersionsCommand --bootstrap-server "127.0.0.1:$port" >/dev/null 2>&1
}

# Readiness means the broker answers a metadata request, not just that the port is open.
wait_ready() {
  local deadline=$((SECONDS + ${KAFKA_START_TIMEOUT:-90}))
  while [ $SECONDS -lt $deadline ]; do
    if ! running; then log "broker exited during start-up; see $home/stdout.log"; tail -20 "$home/stdout.log" >&2 || true; return 1; fi
    if answers && broker_answers; then
      return 0
    fi
    sleep 1
  done
  log "broker did not answer within ${KAFKA_START_TIMEOUT:-90}s"
  return 1
}

up() {
  install
  if running; then log "already running on 127.0.0.1:$port (pid $(cat "$pidfile"))"; topics; return 0; fi
  if answers; then
    # Another checkout's broker (or one started by hand) already serves this port: use it, never manage it.
    if broker_answers; then log "a broker not started from here answers on 127.0.0.1:$port; using it"; topics; return 0; fi
    log "port $port is taken by another process"; return 1
  fi
  write_config
  java -cp "$libs/*" -Dlog4j2.configurationFile="$home/log4j2.properties" kafka.tools.StorageTool format \
    -t "$cluster_id" -c "$home/server.properties" --ignore-formatted >/dev/null
  log "starting broker on 127.0.0.1:$port (controller $cport, data $home/data)"
  # setsid: the broker must outlive the shell that started it (demo, CI) and get no terminal signals.
  setsid java -Xms256m -Xmx512m -XX:+UseG1GC -Dlog4j2.configurationFile="$home/log4j2.properties" \
    -cp "$libs/*" kafka.Kafka "$home/server.properties" >"$home/stdout.log" 2>&1 < /dev/null &
  echo $! > "$pidfile"
  wait_ready
  log "ready"
  if [ -n "$scram_port" ]; then scram_user; fi
  topics
}

down() {
  if ! running; then log "not running"; rm -f "$pidfile"; return 0; fi
  local pid; pid=$(cat "$pidfile")
  kill -TERM "$pid"
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then log "no clean stop after 30s, killing"; kill -KILL "$pid"; fi
  rm -f "$pidfile"
  log "stopped"
}

status() {
  if running && answers; then echo "running pid=$(cat "$pidfile") bootstrap=127.0.0.1:$port"; return 0; fi
  if answers && broker_answers; then echo "running (not managed by this checkout) bootstrap=127.0.0.1:$port"; return 0; fi
  echo "stopped"
  return 3
}

# Partition counts: items and routed carry the bulk, keyed by item id; the rest are low volume.
topics() {
  local spec name parts existing
  existing=$(java -cp "$libs/*" -Dlog4j2.configurationFile="$home/log4j2.properties" \
    org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$port" --list 2>/dev/null || true)
  for spec in appeal.items.v1:6 appeal.routed.v1:6 appeal.triage.v1:3 appeal.feedback.v1:3 appeal.dlq.v1:1 appeal.supervision.v1:3 appeal.hotspots.v1:1; do
    name="$prefix${spec%%:*}"; parts=${spec##*:}
    if grep -qx "$name" <<<"$existing"; then continue; fi
    java -cp "$libs/*" -Dlog4j2.configurationFile="$home/log4j2.properties" org.apache.kafka.tools.TopicCommand \
      --bootstrap-server "127.0.0.1:$port" --create --if-not-exists --topic "$name" \
      --partitions "$parts" --replication-factor 1 >/dev/null
    log "topic $name ($parts partitions)"
  done
}

case "${1:-}" in
  install) install ;;
  up) up ;;
  down) down ;;
  status) status ;;
  topics) install; topics ;;
  cluster) shift; exec bash "$repo/scripts/kafka-cluster.sh" "$@" ;;
  *) echo "usage: $0 install|up|down|status|topics|cluster ..." >&2; exit 2 ;;
esac
