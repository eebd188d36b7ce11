#!/usr/bin/env bash
# Builds the JRE base image for both servers without any registry: a jlink runtime of the JDK on this machine,
# the few glibc libraries it loads, a non-root user 10001 and writable /tmp and /data, imported FROM scratch.
#
#   containers/build-jre-image.sh            # tags localhost/payrail/jre:17-jlink (override with JRE_IMAGE=...)
#
# Needs a JDK 17 with jmods (Debian: openjdk-17-jdk-headless) and podman (containers/setup-podman.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}"
[[ -x $JAVA_HOME/bin/jlink && -f $JAVA_HOME/jmods/java.base.jmod ]] ||
  die "no jlink or jmods under JAVA_HOME=$JAVA_HOME: install openjdk-17-jdk-headless or point JAVA_HOME at a JDK 17"
"$JAVA_HOME/bin/java" -version 2>&1 | grep -q '"17\.' || die "JAVA_HOME=$JAVA_HOME is not a JDK 17"

# The runtime's modules. jdeps finds the static ones (checked below against the fat jars); the rest are loaded
# through ServiceLoader or reflection, which jdeps cannot see.
MODULES=(
  java.base
  java.desktop          # java.beans: HK2's and Jackson's introspection (the AWT native libraries are removed below)
  java.logging          # JUL, bridged to SLF4J
  java.management       # HikariCP and Micrometer JVM metrics (MXBeans)
  java.naming           # HikariCP, logback and pgjdbc link against javax.naming
  java.net.http         # Micrometer's JDK HttpClient binder; OpenTelemetry's OTLP exporter (JDK sender)
  java.security.jgss    # pgjdbc's and httpclient5's GSS/Kerberos code paths
  java.sql              # JDBC (also brings java.xml and java.transaction.xa)
  jdk.crypto.ec         # SunEC: ES256 JWTs (provider, loaded by name) and TLS key exchange
  jdk.management        # com.sun.management: process CPU and memory metrics
  jdk.net               # jdk.net.ExtendedSocketOptions: httpclient5 5.5.2 sets TCP keep-alive options (payment-client)
  jdk.unsupported       # sun.misc.Unsafe used by several libraries
)
# Found by jdeps but deliberately left out: referenced only by javassist's HotSwapper, a debugging aid nothing calls.
JDEPS_IGNORED=(java.instrument jdk.attach jdk.jdi)

FAT_JARS=("$REPO_ROOT/payment-provider-server/target/payment-provider-server.jar" "$REPO_ROOT/invoice-app/target/invoice-app.jar")

work="$(mktemp -d "${TMPDIR:-/tmp}/payrail-jre.XXXXXX")"
trap 'rm -rf "$work"' EXIT

check_modules_against_jars() {
  local jar found=0 needed missing=()
  for jar in "${FAT_JARS[@]}"; do
    [[ -f $jar ]] || continue
    found=1
    # jdeps takes a while on a 30 MB jar: remember its answer per jar content.
    local cache="${XDG_CACHE_HOME:-$HOME/.cache}/payrail/jdeps-$(sha256sum "$jar" | cut -c1-32)"
    if [[ -s $cache ]]; then
      needed="$(cat "$cache")"
    else
      # A multi-release module-info.class copied into a fat jar makes jdeps treat the jar as a broken module:
      # analyse a copy without them.
      rm -rf "$work/jdeps" "$work/jdeps.jar" && mkdir "$work/jdeps"
      (cd "$work/jdeps" && "$JAVA_HOME/bin/jar" xf "$jar")
      find "$work/jdeps" -name module-info.class -delete
      "$JAVA_HOME/bin/jar" --create --no-compress --file "$work/jdeps.jar" --manifest "$work/jdeps/META-INF/MANIFEST.MF" -C "$work/jdeps" .
      needed="$("$JAVA_HOME/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release 17 "$work/jdeps.jar")" ||
        die "jdeps failed on $jar"
      mkdir -p "$(dirname "$cache")" && echo "$needed" >"$cache"
    fi
    local module   # (java.sql requires java.xml and java.logging transitively, so jdeps names neither)
    for module in ${needed//,/ }; do
      [[ " ${MODULES[*]} ${JDEPS_IGNORED[*]} " == *" $module "* ]] || missing+=("$module (${jar##*/})")
    done
    log "jdeps ${jar##*/}: $needed"
  done
  ((${#missing[@]} == 0)) || die "the jars need modules the JRE image leaves out: ${missing[*]} (add them to MODULES in ${BASH_SOURCE[0]})"
  ((found)) || log "no fat jars built yet: module list not checked with jdeps"
}
check_modules_against_jars

# The image depends only on the JDK, the module list and this script: rebuild only when one of them changed.
jdk_version="$("$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.runtime.version/{print $2}')"
fingerprint="$( (echo "$jdk_version"; cat "${BASH_SOURCE[0]}") | sha256sum | cut -c1-16)"
if [[ ${FORCE:-0} != 1 ]] &&
   [[ $(podman image inspect --format '{{index .Labels "dev.payrail.jre.fingerprint"}}' "$JRE_IMAGE" 2>/dev/null) == "$fingerprint" ]]; then
  log "$JRE_IMAGE is up to date (JDK $jdk_version, fingerprint $fingerprint; FORCE=1 rebuilds)"
  exit 0
fi

rootfs="$work/rootfs"
java_home="$rootfs/opt/java/openjdk"
mkdir -p "$rootfs"
log "jlink ${MODULES[*]}"
"$JAVA_HOME/bin/jlink" \
  --add-modules "$(IFS=,; echo "${MODULES[*]}")" \
  --strip-debug --no-header-files --no-man-pages --compress=2 \
  --generate-cds-archive \
  --output "$java_home" >"$work/jlink.log" 2>&1 || { cat "$work/jlink.log" >&2; die "jlink failed"; }

# java.beans needs no native code; the AWT, imaging, font and sound libraries would only drag in X11, freetype and
# ALSA. Nothing on a headless server loads them (java.awt.headless=true is set in the Dockerfiles as well).
rm -f "$java_home"/lib/{libawt,libawt_headless,libawt_xawt,libfontmanager,libjavajpeg,libjawt,libjsound,liblcms,libmlib_image,libsplashscreen}.so \
  "$java_home"/lib/psfont*.properties*
# The archive for heaps over 32 GB (no compressed oops) is never used by these servers.
rm -f "$java_home/lib/server/classes_nocoops.jsa"
# Debian ships libjvm.so with its full symbol table (4 MB); upstream builds ship it without, as we do. Crash logs
# still name exported symbols. Skipped (a larger image, nothing else) where binutils is missing.
if command -v strip >/dev/null 2>&1; then
  strip --strip-unneeded "$java_home/lib/server/libjvm.so"
else
  log "no strip (binutils): libjvm.so keeps its symbol table"
fi

# glibc and the C++ runtime the JVM links against: the closure of every ELF file's dependencies, plus the
# libraries a JNI library extracted at run time may name (sqlite-jdbc's libsqlitejdbc.so needs libpthread.so.0).
declare -A libs=()
collect() {
  local line soname path
  while read -r line; do
    case "$line" in
      *"=> not found"*) soname="${line%% *}"
        [[ -e $java_home/lib/$soname || -e $java_home/lib/server/$soname ]] || die "$1 needs $soname, which is not on this machine" ;;
      *"=> /"*) path="${line#*=> }"; path="${path%% (*}"; [[ $path == "$java_home"/* ]] || libs[$path]=1 ;;
      /*) path="${line%% (*}"; libs[$path]=1 ;;
    esac
  done < <(LD_LIBRARY_PATH="$java_home/lib:$java_home/lib/server" ldd "$1" 2>/dev/null || true)
}
while IFS= read -r -d '' elf; do
  [[ $(head -c 4 "$elf" | od -An -c | tr -d ' ') == 177ELF ]] && collect "$elf"
done < <(find "$java_home" -type f \( -name '*.so' -o -path '*/bin/*' -o -name jspawnhelper -o -name jexec \) -print0)
libdir="$(dirname "$(readlink -f /lib/x86_64-linux-gnu/libc.so.6 2>/dev/null || ldconfig -p | awk '/libc.so.6 /{print $NF; exit}')")"
for extra in libpthread.so.0 libdl.so.2 librt.so.1; do
  [[ -e $libdir/$extra ]] && libs[$libdir/$extra]=1
done
for lib in "${!libs[@]}"; do
  # Keep the path the dynamic loader searches (ld-linux under /lib64, the rest under the multiarch directory),
  # named by the soname the dependants ask for, with the symlinks resolved.
  mkdir -p "$rootfs$(dirname "$lib")"
  cp -L "$lib" "$rootfs$lib"
done
log "glibc libraries: $(printf '%s\n' "${!libs[@]}" | xargs -n1 basename | sort | tr '\n' ' ')"

# The C.UTF-8 locale, so that LANG=C.UTF-8 gives the JVM UTF-8 for file names and its default charset.
if [[ -d /usr/lib/locale/C.utf8 ]]; then
  mkdir -p "$rootfs/usr/lib/locale" && cp -a /usr/lib/locale/C.utf8 "$rootfs/usr/lib/locale/"
fi

mkdir -p "$rootfs/etc" "$rootfs/tmp" "$rootfs/data"
cat >"$rootfs/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/sbin/nologin
payrail:x:10001:10001:payrail:/nonexistent:/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
EOF
cat >"$rootfs/etc/group" <<'EOF'
root:x:0:
payrail:x:10001:
nogroup:x:65534:
EOF
# glibc's lookups for hosts (DNS through resolv.conf, which the runtime mounts), users and groups.
cat >"$rootfs/etc/nsswitch.conf" <<'EOF'
passwd: files
group:  files
hosts:  files dns
EOF
chmod 1777 "$rootfs/tmp"
chmod 0750 "$rootfs/data"
chown 10001:10001 "$rootfs/data"

cat >"$work/Containerfile" <<EOF
FROM scratch
COPY rootfs/ /
ENV JAVA_HOME=/opt/java/openjdk \\
    PATH=/opt/java/openjdk/bin \\
    LANG=C.UTF-8
LABEL org.opencontainers.image.title="payrail JRE" \\
      org.opencontainers.image.description="jlink runtime of $jdk_version with the glibc libraries it needs, no shell, no package manager" \\
      dev.payrail.jre.modules="$(IFS=,; echo "${MODULES[*]}")" \\
      dev.payrail.jre.fingerprint="$fingerprint"
USER 10001:10001
EOF
log "podman build $JRE_IMAGE"
podman build --pull=never --quiet -f "$work/Containerfile" -t "$JRE_IMAGE" "$work" >/dev/null

# The runtime must start in the image, with none of the host's files.
version="$(podman run --rm --network none --read-only "$JRE_IMAGE" java -Xshare:on -version 2>&1)" ||
  die "the JRE image does not start: $version"
size="$(podman image inspect --format '{{.Size}}' "$JRE_IMAGE")"
log "$JRE_IMAGE: $(awk -v s="$size" 'BEGIN{printf "%.1f MB", s/1e6}'), $(head -1 <<<"$version")"
