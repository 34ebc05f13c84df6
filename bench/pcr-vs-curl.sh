#!/usr/bin/env bash
# Benchmark: `cococtl pcr update` reading /image/measurements.json placed at the END of a
# 1 GiB layer (so the whole blob is streamed, hashed and decoded) versus `curl -o /dev/null`
# of the same blob from the same registry. Both over HTTPS from Debian's docker-registry on
# loopback. Reports wall time, throughput and peak RSS (GNU time -v).
#
# Usage: bench/pcr-vs-curl.sh [size_mib (default 1024)] [runs (default 3)]
# Env:   BUILD_DIR (default build), LAYERS ("gzip tar" by default: which layer encodings to test)
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MIB=${1:-1024}
RUNS=${2:-3}
BUILD_DIR=${BUILD_DIR:-build}
LAYERS=${LAYERS:-"gzip tar"}
COCOCTL=$(realpath "$BUILD_DIR/bin/cococtl")
[ -x "$COCOCTL" ] || { echo "build cococtl first ($COCOCTL)"; exit 1; }

WORK=$(mktemp -d /tmp/cococtl-bench-XXXXXX)
REG_PID=""
cleanup() { [ -n "$REG_PID" ] && kill "$REG_PID" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
cd "$WORK"

# --- TLS material made now, for 127.0.0.1 ---------------------------------------------
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem -days 1 \
  -subj /CN=bench-ca -addext basicConstraints=critical,CA:TRUE 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout server.key -out server.csr -subj /CN=127.0.0.1 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n' > ext.cnf
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 1 -out server.pem -extfile ext.cnf 2>/dev/null

# --- registry on a kernel-chosen port ---------------------------------------------------
cat > config.yml <<YAML
version: 0.1
log: {level: warn, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: $WORK/data}}
http:
  addr: 127.0.0.1:0
  secret: bench
  tls: {certificate: $WORK/server.pem, key: $WORK/server.key}
YAML
REGISTRY_LOG_LEVEL=info docker-registry serve config.yml >/dev/null 2>registry.log &
REG_PID=$!
for _ in $(seq 200); do grep -qs 'listening on' registry.log && break; sleep 0.05; done
PORT=$(grep -o 'listening on 127.0.0.1:[0-9]*' registry.log | head -1 | cut -d: -f2)
[ -n "$PORT" ] || { cat registry.log; exit 1; }
R=https://127.0.0.1:$PORT
for _ in $(seq 200); do curl -sf --cacert ca.pem "$R/v2/" >/dev/null && break; sleep 0.05; done

push_blob() {  # push_blob FILE -> prints digest
  local digest loc
  digest=sha256:$(sha256sum "$1" | cut -d' ' -f1)
  loc=$(curl -sf --cacert ca.pem -D - -o /dev/null -X POST "$R/v2/podvm/blobs/uploads/" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
  curl -sf --cacert ca.pem -o /dev/null -X PUT -H 'Content-Type: application/octet-stream' -T "$1" "$loc&digest=$digest"
  echo "$digest"
}

# --- the layer: 1 GiB qcow2 stand-in (random bytes), measurements.json last --------------
mkdir -p root/image
head -c "$((SIZE_MIB * 1024 * 1024))" /dev/urandom > root/image/podvm.qcow2
printf '{"measurements":{"sha256":{"pcr03":"0x%s","pcr09":"0x%s","pcr11":"0x%s","pcr12":"0x%s"}}}' \
  "$(printf 'a%.0s' {1..64})" "$(printf 'b%.0s' {1..64})" "$(printf 'c%.0s' {1..64})" "$(printf 'd%.0s' {1..64})" \
  > root/image/measurements.json
tar -C root --owner=0 --group=0 --numeric-owner --mtime=@0 -cf layer.tar image/podvm.qcow2 image/measurements.json
tar -tf layer.tar | tail -1 | grep -q measurements.json

measure() {  # measure LABEL CMD... -> "seconds rss_kib cpu_seconds" of the best (fastest) of $RUNS runs
  local best_s="" best_rss="" best_cpu="" s rss cpu
  shift  # the label only documents the call
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -v -o time.txt "$@" >/dev/null 2>run.err || { cat run.err >&2; exit 1; }
    s=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' time.txt | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' time.txt)
    cpu=$(awk -F': ' '/User time \(seconds\)|System time \(seconds\)/ { t += $2 } END { print t }' time.txt)
    if [ -z "$best_s" ] || awk "BEGIN{exit !($s < $best_s)}"; then best_s=$s; best_rss=$rss; best_cpu=$cpu; fi
  done
  echo "$best_s $best_rss $best_cpu"
}

printf '| layer | size (MiB) | curl -o /dev/null | cococtl pcr update | cococtl/curl throughput | CPU s curl / cococtl | peak RSS curl / cococtl |\n'
printf '|---|---|---|---|---|---|---|\n'
for kind in $LAYERS; do
  case $kind in
    gzip) gzip -1 -n -c layer.tar > layer.blob; media=application/vnd.oci.image.layer.v1.tar+gzip ;;
    zstd) zstd -q -1 -c layer.tar > layer.blob; media=application/vnd.oci.image.layer.v1.tar+zstd ;;
    tar)  cp layer.tar layer.blob; media=application/vnd.oci.image.layer.v1.tar ;;
  esac
  LAYER=$(push_blob layer.blob)
  printf '{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}' > config.json
  CONFIG=$(push_blob config.json)
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":%d},"layers":[{"mediaType":"%s","digest":"%s","size":%d}]}' \
    "$CONFIG" "$(stat -c%s config.json)" "$media" "$LAYER" "$(stat -c%s layer.blob)" > manifest.json
  curl -sf --cacert ca.pem -o /dev/null -X PUT -H 'Content-Type: application/vnd.oci.image.manifest.v1+json' \
    --data-binary @manifest.json "$R/v2/podvm/manifests/$kind"
  bytes=$(stat -c%s layer.blob)
  read -r curl_s curl_rss curl_cpu < <(measure curl curl -sf --cacert ca.pem -o /dev/null "$R/v2/podvm/blobs/$LAYER")
  read -r coco_s coco_rss coco_cpu < <(measure cococtl "$COCOCTL" --secrets-dir "$WORK/secrets" pcr update \
    --image "127.0.0.1:$PORT/podvm:$kind" --registry-ca "$WORK/ca.pem")
  grep -q '"pcr12": "dddd' "$WORK/secrets/measurements.json"
  awk -v k="$kind" -v b="$bytes" -v cs="$curl_s" -v ks="$coco_s" -v cr="$curl_rss" -v kr="$coco_rss" \
      -v cc="$curl_cpu" -v kc="$coco_cpu" 'BEGIN {
    mib = b / 1048576;
    printf "| %s | %.0f | %.2f s (%.0f MiB/s) | %.2f s (%.0f MiB/s) | %.2f | %.2f / %.2f | %.1f / %.1f MiB |\n",
      k, mib, cs, mib / cs, ks, mib / ks, cs / ks, cc, kc, cr / 1024, kr / 1024 }'
  rm -rf "$WORK/data/docker/registry/v2/blobs/sha256/${LAYER:7:2}/${LAYER:7}"
done
